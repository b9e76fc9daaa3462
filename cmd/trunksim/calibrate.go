package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/trunksim/trunksim/output"
	"github.com/trunksim/trunksim/scenarios"
	"github.com/trunksim/trunksim/sim"
	"github.com/trunksim/trunksim/sim/experiment"
)

const calibrateExamples = `  trunksim calibrate examples/acme.toml > calibrated.toml
  trunksim calibrate -tolerance 0.15 -out out/calibrate examples/acme.toml
  trunksim calibrate -history examples/acme-history.csv examples/acme.toml > replayed.toml
  trunksim run calibrated.toml

SCENARIO is a .toml file with an [observed] table of what you measure
today (see scenarios/SCHEMA.md): per team pages_per_shift (or
pages_per_week), ops_share, incidents_per_week and backlog_weeks, and
infra_engineers, budget_share_pct and attrition_pct. calibrate finds the
inputs nobody measures (the base_hours, alert_factor and fire_factor of
each observed team's domains, allocation.invest_cap and
on_call.quality_backlog_weeks for backlog, people.morale_base and
allocation.reserve_pct) so that the simulated first quarter, with the
teams held as they are, reproduces the observations. It prints the fit
table to stderr: each figure against the simulated median and p10 to p90,
and each derived input with how well the figures pin it. It writes the
scenario to stdout with each derived value in place and a comment saying
where it came from. Where the observations cannot all be met it names the
ones that conflict and why, writes nothing, and exits 1. With -out it also
writes calibrated.toml, fit.csv and fit.png there.

With -history FILE it replays the past instead: FILE holds rows
week,metric,subject,value with the metric names and subjects of
timeseries.csv (week 0 the oldest, the scenario's start; missing weeks
and metrics are fine). It fits, quarter by quarter, the base hours, alert
and fire factors and exponent of the domains of each team the history
speaks of, the erosion of automation, people.morale_attrition,
people.morale_base and allocation.reserve_pct, and reports each series'
error and which inputs the history pins. The scenario's [[plan]] replays
the reorganisations that happened; nothing else reorganizes.
`

// calibrateFitRuns is how many runs each trial of the fit simulates: the
// same seeds at every trial, enough for a steady median of a quarter.
const calibrateFitRuns = 32

func calibrateCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var f runFlags
	var o outFlags
	var tolerance float64
	var history string
	fs := newFlags("calibrate", "calibrate [flags] SCENARIO", calibrateExamples, stderr)
	fs.StringVar(&history, "history", "", "replay a CSV of past weeks, week,metric,subject,value (metric and subject as in timeseries.csv; week 0 the oldest, the scenario's start), instead of fitting [observed]")
	fs.IntVar(&f.runs, "runs", defaultRuns, fmt.Sprintf("runs of the fitted organization's check, the fit table (at least the %d of each trial)", calibrateFitRuns))
	fs.Uint64Var(&f.seed, "seed", 1, "random seed; run i uses (seed, i)")
	fs.IntVar(&f.workers, "j", 0, "parallel workers (0: all cores); results do not depend on it")
	fs.Float64Var(&tolerance, "tolerance", 0.1, "largest error, as a share of each observed figure, that counts as met")
	o.register(fs, "")
	ref, fmts, err := parseCalibrateArgs(fs, args, &f, &o)
	if err != nil {
		return err
	}
	if !(tolerance > 0 && tolerance < 1) {
		return usagef("-tolerance must be above 0 and below 1, got %v", tolerance)
	}
	s, err := scenarios.LoadBase(ref)
	if err != nil {
		return usageError{err}
	}
	var obs []sim.Observation
	if history != "" {
		if obs, err = scenarios.LoadHistory(history, &s.Config); err != nil {
			return usageError{err}
		}
	}
	if !s.Config.Observed.Any() && obs == nil {
		return usagef("%s has no [observed] figures to calibrate to: add an [observed] table (see scenarios/SCHEMA.md, \"observed\") or give -history", s.File)
	}
	start := time.Now()
	targets, params := experiment.Today(&s.Config)
	if obs != nil {
		// A history starts at the scenario's week 0; [observed] is of
		// today, the end of that history: one or the other.
		if s.Config.Observed.Any() {
			fmt.Fprintf(stderr, "note: -history replays the past from the scenario's week 0; %s's [observed] figures are of today and are not fitted with it\n", s.File)
		}
		targets, params = experiment.History(&s.Config, obs)
	}
	if len(targets) == 0 {
		return usagef("%s: the [observed] figures give calibrate nothing to fit (infra_engineers is checked against the teams, not fitted): add a team's pages, ops_share, incidents or backlog, attrition_pct or budget_share_pct", s.File)
	}
	for _, p := range params {
		for _, field := range p.Fields {
			if s.Config.IsUncertain(field) {
				return usagef("%s: %s is given as a distribution, but calibrate derives it from what you observe: give it a number, or drop the figures it answers", s.File, scenarios.NamedKey(&s.Config, field))
			}
		}
	}
	prog := trialProgress(stderr, start)
	cal, err := experiment.Calibrate(ctx, &s.Config, targets, params, experiment.CalibrateOptions{
		Runs: calibrateFitRuns, CheckRuns: max(f.runs, calibrateFitRuns), Seed: f.seed, Workers: f.workers, Tolerance: tolerance, Progress: prog, Hold: true,
	})
	prog(-1, 0)
	if err != nil && !errors.Is(err, experiment.ErrConflict) {
		if ctx.Err() == nil {
			return usageError{scenarios.Explain(err)}
		}
		return err
	}
	to := "its first quarter"
	if obs != nil {
		to = fmt.Sprintf("%s (%d observations)", history, len(obs))
	}
	last := 0
	for _, t := range cal.Targets {
		last = max(last, t.To)
	}
	fmt.Fprintf(stderr, "Calibrated %s to %s, weeks 0 to %d: %d trials of %d runs, checked on %d runs, in %.1fs.\n",
		s.File, to, last, cal.Trials, cal.Runs, cal.CheckRuns, time.Since(start).Seconds())
	if terr := output.CalibrationTable(stderr, cal, keyIn(&s.Config)); terr != nil {
		return terr
	}
	if err != nil {
		return fmt.Errorf("%s: the observations cannot all be met (see the conflicts above); nothing was written", s.File)
	}
	toml, err := s.Rewrite(derived(cal))
	if err != nil {
		return err
	}
	calibrated, err := scenarios.Parse(s.File, toml)
	if err != nil {
		return err
	}
	warns, err := calibratedWarnings(ctx, &f, calibrated, stderr)
	if err != nil {
		return err
	}
	if o.dir != "" {
		meta := output.Meta{Version: Version, Scenario: s.Name, ScenarioHash: s.Hash(), Policy: "calibrate",
			Seed: f.seed, Runs: cal.CheckRuns, Weeks: cal.Checked.Weeks, Warnings: warns}
		fit, err := output.CalibrationCSV(cal, keyIn(&s.Config))
		if err != nil {
			return err
		}
		files := []output.File{{Name: "calibrated.toml", Data: toml}, fit}
		charts, err := fitCharts(ctx, &f, cal, obs, meta, fmts)
		if err != nil {
			return err
		}
		files = append(files, charts...)
		if files, err = finish(ctx, o.dir, meta, files); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "Wrote %d files to %s.\n", len(files), o.dir)
	}
	_, err = stdout.Write(toml)
	return err
}

// parseCalibrateArgs parses calibrate's flags and its one SCENARIO, which
// it must be given: the file it writes back.
func parseCalibrateArgs(fs *flag.FlagSet, args []string, f *runFlags, o *outFlags) (string, []string, error) {
	pos, err := parseArgs(fs, args)
	if err != nil {
		return "", nil, err
	}
	if err := f.check(); err != nil {
		return "", nil, err
	}
	if len(pos) != 1 {
		return "", nil, usagef("give one SCENARIO, the file with the [observed] table, got %d arguments", len(pos))
	}
	var fmts []string
	if o.dir != "" {
		if fmts, err = o.formats(); err == nil {
			err = checkOut(o.dir)
		}
	}
	return pos[0], fmts, err
}

// fitCharts draws the fit: the fitted organization's bands, as the fit
// ran it, under each observed series, today's figures as a level over
// the first quarter.
func fitCharts(ctx context.Context, f *runFlags, cal *experiment.Calibration, obs []sim.Observation, meta output.Meta, fmts []string) ([]output.File, error) {
	plan, err := sim.NewPlan(cal.Checked)
	if err != nil {
		return nil, err
	}
	e, err := plan.Replicate(ctx, sim.Options{Runs: cal.CheckRuns, Seed: f.seed, Workers: f.workers})
	if err != nil {
		return nil, err
	}
	points := slices.Clone(obs)
	for _, t := range cal.Targets {
		if t.When == "" { // today's figure, over the first quarter
			for w := t.From; w <= t.To; w++ {
				points = append(points, sim.Observation{Week: w, Key: t.Key, Value: t.Value})
			}
		}
	}
	var files []output.File
	for _, ft := range fmts {
		file, err := output.FitChart(e, points, meta, ft)
		if err != nil {
			return nil, err
		}
		files = append(files, file)
	}
	return files, nil
}

// keyIn names a field of c by its scenario key, elements by name.
func keyIn(c *sim.Config) func(string) string {
	return func(field string) string { return scenarios.NamedKey(c, field) }
}

// derived lists each fitted input with the observations it came from.
func derived(cal *experiment.Calibration) []scenarios.Derived {
	var out []scenarios.Derived
	for _, p := range cal.Params {
		var from []string
		for _, i := range p.For {
			from = append(from, cal.Targets[i].Describe())
		}
		for i, field := range p.Fields {
			if p.Now[i] == p.Was[i] {
				continue
			}
			out = append(out, scenarios.Derived{Field: field, Value: p.Now[i],
				Why: fmt.Sprintf("derived from observed %s (was %g)", strings.Join(from, ", "), p.Was[i])})
		}
	}
	return out
}

// calibratedWarnings runs the calibrated scenario over its whole horizon
// and prints what a leader should check before trusting it.
func calibratedWarnings(ctx context.Context, f *runFlags, s *scenarios.Scenario, stderr io.Writer) ([]string, error) {
	plan, err := sim.NewPlan(&s.Config)
	if err != nil {
		return nil, err
	}
	e, err := plan.Replicate(ctx, sim.Options{Runs: min(f.runs, calibrateFitRuns), Seed: f.seed, Workers: f.workers})
	if err != nil {
		return nil, err
	}
	return warnings(stderr, []experiment.Result{{Variant: experiment.Variant{Name: s.Config.Policy.Name, Config: &s.Config}, Plan: plan, Ensemble: e}}), nil
}

// trialProgress reports a fit's trials on one line of stderr, when it is
// a terminal, and clears it when the fit ends (done < 0).
func trialProgress(stderr io.Writer, start time.Time) func(done, max int) {
	if !isTerminal(stderr) {
		return func(int, int) {}
	}
	last := time.Time{}
	return func(done, max int) {
		if done < 0 {
			fmt.Fprint(stderr, "\r\033[K")
			return
		}
		if now := time.Now(); now.Sub(last) >= 100*time.Millisecond {
			last = now
			fmt.Fprintf(stderr, "\rcalibrating: trial %d (at most %d), %.0fs ", done, max, now.Sub(start).Seconds())
		}
	}
}
