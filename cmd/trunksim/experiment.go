package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/trunksim/trunksim/output"
	"github.com/trunksim/trunksim/scenarios"
	"github.com/trunksim/trunksim/sim"
)

// job is one ensemble an experiment needs: a name, the overrides that make
// it, and its loaded scenario.
type job struct {
	name     string
	sets     []string
	scenario *scenarios.Scenario
	plan     *sim.Plan
}

// prepare loads every job's scenario before anything runs, so that a bad
// override is reported at once rather than after minutes of work.
func prepare(ref string, f *runFlags, jobs []job) error {
	for i := range jobs {
		s, err := scenarios.LoadBase(ref, append(f.overrides(), jobs[i].sets...)...)
		if err != nil {
			return usageError{fmt.Errorf("%s: %w", jobs[i].name, err)}
		}
		p, err := sim.NewPlan(&s.Config)
		if err != nil {
			return usageError{fmt.Errorf("%s: %w", jobs[i].name, err)}
		}
		jobs[i].scenario, jobs[i].plan = s, p
	}
	return nil
}

// replicateAll loads every job, then runs each on the same seeds, one
// after another, each over all workers, with one progress line for the
// whole experiment; outcomesOnly skips the weekly series an experiment
// does not draw.
func replicateAll(ctx context.Context, ref string, f *runFlags, jobs []job, stderr io.Writer, outcomesOnly bool) ([]*sim.Ensemble, error) {
	if err := prepare(ref, f, jobs); err != nil {
		return nil, err
	}
	prog := progress(stderr, time.Now(), f.runs*len(jobs))
	out := make([]*sim.Ensemble, len(jobs))
	for i, j := range jobs {
		offset := i * f.runs
		e, err := j.plan.Replicate(ctx, sim.Options{Runs: f.runs, Seed: f.seed, Workers: f.workers, OutcomesOnly: outcomesOnly,
			Progress: func(done, _ int) { prog(offset + done) }})
		if err != nil {
			return nil, err
		}
		out[i] = e
	}
	return out, nil
}

// experimentMeta is the provenance of an experiment's outputs.
func experimentMeta(f *runFlags, s *scenarios.Scenario, policy string) output.Meta {
	return output.Meta{Version: Version, Scenario: s.Name, ScenarioHash: s.Hash(), Policy: policy,
		Seed: f.seed, Runs: f.runs, Weeks: s.Config.Weeks, Sets: f.overrides()}
}

// outFlags are -out and -format, shared by the commands that draw charts.
type outFlags struct{ dir, format string }

func (o *outFlags) register(fs *flag.FlagSet, dir string) {
	fs.StringVar(&o.dir, "out", dir, "directory for the outputs")
	fs.StringVar(&o.format, "format", "png", "chart format: png, svg or both")
}

// parse parses a chart-drawing command's flags and SCENARIO, and returns
// the scenario and the chart formats asked for.
func (o *outFlags) parse(fs *flag.FlagSet, args []string, f *runFlags) (string, []string, error) {
	ref, err := parseScenarioArgs(fs, args, f)
	if err != nil {
		return "", nil, err
	}
	fmts, err := o.formats()
	return ref, fmts, err
}

// formats lists the chart formats -format asks for.
func (o *outFlags) formats() ([]string, error) {
	switch o.format {
	case "png", "svg":
		return []string{o.format}, nil
	case "both":
		return []string{"png", "svg"}, nil
	}
	return nil, usagef("-format must be png, svg or both, got %q", o.format)
}

// variants pairs each job with its ensemble, and lists their names.
func variants(jobs []job, ens []*sim.Ensemble) ([]output.Variant, []string) {
	vs := make([]output.Variant, len(jobs))
	names := make([]string, len(jobs))
	for i, j := range jobs {
		vs[i] = output.Variant{Name: j.name, Sets: j.sets, Ensemble: ens[i]}
		names[i] = j.name
	}
	return vs, names
}

// textFile renders a writer function into a named output file.
func textFile(name string, fn func(io.Writer) error) (output.File, error) {
	b, err := output.Bytes(fn)
	return output.File{Name: name, Data: b}, err
}

// finish checks for an interruption, then writes every file at once.
func finish(ctx context.Context, dir string, files []output.File) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return output.WriteAll(dir, files)
}

// parseScenarioArgs parses the flags and the optional SCENARIO argument
// (uber-hypergrowth by default) and checks the shared flags.
func parseScenarioArgs(fs *flag.FlagSet, args []string, f *runFlags) (string, error) {
	pos, err := parseArgs(fs, args)
	if err != nil {
		return "", err
	}
	if err := f.check(); err != nil {
		return "", err
	}
	return oneScenario(pos)
}

// variantJobs makes one job per -policy NAME[:key=value,...] flag or,
// without any, one per [[variants]] table of the scenario.
func variantJobs(ref string, f *runFlags, policies []string) ([]job, error) {
	var jobs []job
	for _, p := range policies {
		name, sets, err := parseVariant(p)
		if err != nil {
			return nil, err
		}
		jobs = append(jobs, job{name: name, sets: sets})
	}
	if len(jobs) > 0 {
		return jobs, nil
	}
	base, err := scenarios.Load(ref, f.overrides()...)
	if err != nil {
		return nil, usageError{err}
	}
	for _, v := range base.Variants {
		jobs = append(jobs, job{name: v.Name, sets: v.Sets})
	}
	if len(jobs) == 0 { // the scenario as it is
		jobs = []job{{name: base.Config.Policy.Name}}
	}
	return jobs, nil
}

// oneScenario returns the single positional scenario argument.
func oneScenario(pos []string) (string, error) {
	switch len(pos) {
	case 0:
		return "uber-hypergrowth", nil
	case 1:
		return pos[0], nil
	}
	return "", usagef("expected one SCENARIO, got %s", strings.Join(pos, " "))
}
