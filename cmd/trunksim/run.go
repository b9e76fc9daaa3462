package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/trunksim/trunksim/output"
	"github.com/trunksim/trunksim/scenarios"
	"github.com/trunksim/trunksim/sim"
	"github.com/trunksim/trunksim/sim/experiment"
)

const runExamples = `  trunksim run                                  # uber-hypergrowth, 200 runs, into out/run
  trunksim run -policy centralized -out out/centralized
  trunksim run -policy trunk-and-branches:policy.threshold=6,policy.branch_min=4 steady-growth
  trunksim run -runs 50 -seed 7 -set policy.threshold=6 steady-growth
  trunksim show steady-growth > mine.toml
  trunksim run -set company.engineers.annual_pct=80 -weeks 260 mine.toml

SCENARIO is a built-in name (see "trunksim scenarios") or a .toml file;
-set takes any scenario key, e.g. policy.threshold=6, budget.cap_pct=6 or
domains.storage.base_hours=90. Growth rates are percent a year:
annual_pct=400 multiplies headcount by 5 in a year.
`

// defaultRuns is -runs when it is not given, in every command.
const defaultRuns = 200

// runFlags are the flags shared by every command that runs a scenario.
type runFlags struct {
	runs       int
	seed       uint64
	weeks      int
	policy     string
	policySets []string // -policy as overrides, set by check
	sets       multi
	workers    int
	time       string // the charts' time axis, output.TimeAxes or ""
	shardFlag  string // -shard K/N, for the commands a study can shard
	study      *study // the shard or merge the command runs in, or nil
}

// register adds the shared flags; withPolicy adds -policy for commands
// that run one policy (compare and report repeat it as variants).
func (f *runFlags) register(fs *flag.FlagSet, withPolicy bool) {
	fs.IntVar(&f.runs, "runs", defaultRuns, "number of seeded runs (per variant or grid point)")
	fs.Uint64Var(&f.seed, "seed", 1, "random seed; run i uses (seed, i)")
	fs.IntVar(&f.weeks, "weeks", 0, "weeks to simulate (0: the scenario's)")
	if withPolicy {
		fs.StringVar(&f.policy, "policy", "", "org policy and keys to set with it, NAME[:key=value,...]; NAME is "+
			strings.Join(sim.Names["policy"], ", ")+" (default: the scenario's)")
	}
	fs.Var(&f.sets, "set", "override a scenario key, key=value (repeatable)")
	fs.IntVar(&f.workers, "j", 0, "parallel workers (0: all cores); results do not depend on it")
}

// registerTime adds -time, for the commands whose charts run over time.
func (f *runFlags) registerTime(fs *flag.FlagSet) {
	fs.StringVar(&f.time, "time", "", "the charts' time axis: weeks, quarters or years (default: years for a horizon over two years, else quarters)")
}

// overrides lists the -set overrides with -weeks and -policy last, so the
// named flags win.
func (f *runFlags) overrides() []string {
	sets := append([]string(nil), f.sets...)
	if f.weeks != 0 {
		sets = append(sets, "weeks="+strconv.Itoa(f.weeks))
	}
	return append(sets, f.policySets...)
}

func (f *runFlags) check() error {
	if f.time != "" && !slices.Contains(output.TimeAxes, f.time) {
		return fmt.Errorf("-time must be weeks, quarters or years, got %q", f.time)
	}
	if f.policy != "" {
		// The grammar of compare's and report's -policy variants; the
		// name is quoted, as outputs have always recorded it.
		_, sets, err := parseVariant(f.policy)
		if err != nil {
			return err
		}
		name, _, _ := strings.Cut(f.policy, ":")
		f.policySets = append([]string{"policy.name=" + strconv.Quote(strings.TrimSpace(name))}, sets[1:]...)
	}
	if f.runs < 1 || f.runs > 10_000_000 {
		return usagef("-runs must be from 1 to 10000000, got %d", f.runs)
	}
	if f.workers < 0 {
		return usagef("-j must be at least 0, got %d", f.workers)
	}
	if f.weeks < 0 {
		return usagef("-weeks must be at least 1, got %d", f.weeks)
	}
	limitCores(f.workers)
	return nil
}

// limitCores caps the process at n cores when n > 0, so that -j N also
// bounds what runs beside the replications (drawing and encoding charts,
// summarising series, the collector), as a user leaving cores free
// expects. main sets it; commands that tests run side by side in one
// process leave the process as it is, as the cap is the whole process's.
var limitCores = func(n int) {}

// parseArgs parses flags that may come before or after the positional
// arguments, as in "trunksim run uber-hypergrowth -runs 50".
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parse(fs, args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func runCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var f runFlags
	var o outFlags
	var report bool
	fs := newFlags("run", "run [flags] [SCENARIO]", runExamples, stderr)
	f.register(fs, true)
	f.registerTime(fs)
	fs.BoolVar(&report, "report", false, "also write the leadership deck (deck.pdf, slides/, report.html)")
	o.register(fs, "out/run")
	f.registerShard(fs)
	ref, fmts, err := o.parseStudy(ctx, fs, args, &f)
	if err != nil {
		return err
	}
	s, err := f.load(ref, f.overrides()...)
	if err != nil {
		return usageError{err}
	}
	plan, err := sim.NewPlan(&s.Config)
	if err != nil {
		return usageError{err}
	}
	start := time.Now()
	prog := progress(stderr, start, f.runs)
	e, err := f.replicator()(ctx, plan, sim.Options{Runs: f.runs, Seed: f.seed, Workers: f.workers, Progress: func(done, _ int) { prog(done) }})
	if err != nil {
		if ctx.Err() == nil {
			return usageError{scenarios.Explain(err)}
		}
		return err
	}
	if f.sharding() {
		return f.writeShard(ctx, stdout)
	}
	results := []experiment.Result{{Variant: experiment.Variant{Name: s.Config.Policy.Name, Config: &s.Config}, Plan: plan, Ensemble: e}}
	meta := output.Meta{
		Version: Version, Scenario: s.Name, ScenarioHash: s.Hash(), Policy: s.Config.Policy.Name,
		Seed: f.seed, Runs: f.runs, Weeks: s.Config.Weeks, Sets: f.overrides(),
		Warnings:      warnings(stderr, results),
		Distributions: output.Distributions(&s.Config, scenarios.KeyPath),
		TimeAxis:      f.time,
	}
	files, err := runFiles(meta, s, results, fmts)
	if err != nil {
		return err
	}
	if report {
		deck, err := deckFiles(&f, []*scenarios.Scenario{s}, results, meta.Warnings, nil)
		if err != nil {
			return err
		}
		files = append(files, deck...)
	}
	if files, err = o.finish(ctx, &f, meta, files); err != nil {
		return err
	}
	if err := output.Table(stdout, meta, e); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Wrote %d files to %s in %.1fs.\n", len(files), o.dir, time.Since(start).Seconds())
	return nil
}

// runFiles renders every output of a run into memory.
func runFiles(meta output.Meta, s *scenarios.Scenario, rs []experiment.Result, formats []string) ([]output.File, error) {
	e := rs[0].Ensemble
	files, err := makeAll(
		textFile("summary.json", func(w io.Writer) error { return output.SummaryJSON(w, meta, e) }),
		func() (output.File, error) { return output.TimeseriesCSV(e) },
		func() (output.File, error) { return output.EventsCSV(e.First.Events) },
		func() (output.File, error) { return output.RunsCSV(rs) })
	if err != nil {
		return nil, err
	}
	for _, ft := range formats {
		charts, err := output.RunCharts(e, &s.Config, meta, ft)
		if err != nil {
			return nil, err
		}
		files = append(files, charts...)
	}
	return files, nil
}

// progressHook, when set by a test, is called after each run.
var progressHook func(done, runs int)

// progress returns a callback, given the runs done so far out of runs in
// all, that draws a progress line on stderr when it is a terminal.
func progress(stderr io.Writer, start time.Time, runs int) func(done int) {
	if !isTerminal(stderr) {
		return func(done int) {
			if progressHook != nil {
				progressHook(done, runs)
			}
		}
	}
	last := time.Time{}
	return func(done int) {
		now := time.Now()
		if done < runs && now.Sub(last) < 100*time.Millisecond {
			return
		}
		last = now
		el := now.Sub(start).Seconds()
		rate := float64(done) / max(el, 1e-9)
		left := float64(runs-done) / max(rate, 1e-9)
		const width = 30
		bar := strings.Repeat("#", done*width/runs) + strings.Repeat(".", width-done*width/runs)
		fmt.Fprintf(stderr, "\r[%s] %d/%d runs  %.0f runs/s  %.0fs left ", bar, done, runs, rate, left)
		if done == runs {
			fmt.Fprint(stderr, "\r\033[K")
		}
	}
}
