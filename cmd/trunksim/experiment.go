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
	"github.com/trunksim/trunksim/sim/experiment"
)

// loadVariants loads every variant's scenario before anything runs, so
// that a bad override is reported at once rather than after minutes of
// work. It returns the variants and their scenarios, in order: the first
// one's name, hash and assumptions are those the outputs show.
func loadVariants(ref string, f *runFlags, specs []scenarios.Variant) ([]experiment.Variant, []*scenarios.Scenario, error) {
	vs := make([]experiment.Variant, len(specs))
	scs := make([]*scenarios.Scenario, len(specs))
	for i, sp := range specs {
		s, err := f.loadBase(ref, append(f.overrides(), sp.Sets...)...)
		if err != nil {
			return nil, nil, usageError{fmt.Errorf("%s: %w", sp.Name, err)}
		}
		scs[i] = s
		vs[i] = experiment.Variant{Name: sp.Name, Sets: sp.Sets, Config: &s.Config}
	}
	return vs, scs, nil
}

// runVariants loads every variant, then runs them on common random
// numbers with one progress line for the whole experiment; outcomesOnly
// skips the weekly series an experiment does not draw. It returns the
// results and the variants' scenarios, as loadVariants does.
func runVariants(ctx context.Context, ref string, f *runFlags, specs []scenarios.Variant, stderr io.Writer, outcomesOnly bool) ([]experiment.Result, []*scenarios.Scenario, error) {
	vs, scs, err := loadVariants(ref, f, specs)
	if err != nil {
		return nil, nil, err
	}
	rs, err := runLoaded(ctx, f, vs, stderr, outcomesOnly)
	return rs, scs, err
}

// runLoaded runs loaded variants with the run flags and a progress line.
func runLoaded(ctx context.Context, f *runFlags, vs []experiment.Variant, stderr io.Writer, outcomesOnly bool) ([]experiment.Result, error) {
	prog := progress(stderr, time.Now(), f.runs*len(vs))
	rs, err := experiment.Run(ctx, vs, f.options(outcomesOnly, prog))
	if err != nil && ctx.Err() == nil {
		return nil, usageError{scenarios.Explain(err)}
	}
	return rs, err
}

// options are the experiment options the run flags give.
func (f *runFlags) options(outcomesOnly bool, prog func(done int)) experiment.Options {
	o := experiment.Options{Runs: f.runs, Seed: f.seed, Workers: f.workers, OutcomesOnly: outcomesOnly, Replicate: f.replicator()}
	if prog != nil {
		o.Progress = func(done, _ int) { prog(done) }
	}
	return o
}

// experimentMeta is the provenance of an experiment's outputs.
func experimentMeta(f *runFlags, s *scenarios.Scenario, policy string) output.Meta {
	return output.Meta{Version: Version, Scenario: s.Name, ScenarioHash: s.Hash(), Policy: policy,
		Seed: f.seed, Runs: f.runs, Weeks: s.Config.Weeks, Sets: f.overrides(),
		Distributions: output.Distributions(&s.Config, scenarios.KeyPath), TimeAxis: f.time}
}

// outFlags are -out and -format, shared by the commands that draw charts.
type outFlags struct{ dir, format string }

func (o *outFlags) register(fs *flag.FlagSet, dir string) {
	fs.StringVar(&o.dir, "out", dir, "directory for the outputs")
	fs.StringVar(&o.format, "format", "png", "chart format: png, svg or both")
}

// parse parses a chart-drawing command's flags and SCENARIO, checks that
// -out can be written, and returns the scenario and the chart formats
// asked for.
func (o *outFlags) parse(fs *flag.FlagSet, args []string, f *runFlags) (string, []string, error) {
	ref, err := parseScenarioArgs(fs, args, f)
	if err != nil {
		return "", nil, err
	}
	fmts, err := o.formats()
	if err == nil {
		err = checkOut(o.dir)
	}
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

// maker makes one output file.
type maker func() (output.File, error)

// textFile is a maker of the named file that fn writes.
func textFile(name string, fn func(io.Writer) error) maker {
	return func() (output.File, error) {
		b, err := output.Bytes(fn)
		return output.File{Name: name, Data: b}, err
	}
}

// makeAll makes each file in turn.
func makeAll(makers ...maker) ([]output.File, error) {
	var files []output.File
	for _, m := range makers {
		f, err := m()
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	return files, nil
}

// finish checks for an interruption, adds the datapackage.json that
// describes the CSV files, with meta's provenance, then makes files the
// whole of dir. It returns the files it wrote, but for the manifest.
func finish(ctx context.Context, dir string, meta output.Meta, files []output.File) ([]output.File, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	files, err := output.WithDataPackage(meta, files)
	if err != nil {
		return nil, err
	}
	return files, output.WriteAll(ctx, dir, files, writeHook)
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

// variantSpecs makes one variant per -policy NAME[:key=value,...] flag
// or, without any, one per [[variants]] table of the scenario.
func variantSpecs(ref string, f *runFlags, policies []string) ([]scenarios.Variant, error) {
	var jobs []scenarios.Variant
	for _, p := range policies {
		name, sets, err := parseVariant(p)
		if err != nil {
			return nil, err
		}
		jobs = append(jobs, scenarios.Variant{Name: name, Sets: sets})
	}
	if len(jobs) > 0 {
		return jobs, nil
	}
	base, err := f.load(ref, f.overrides()...)
	if err != nil {
		return nil, usageError{err}
	}
	jobs = append(jobs, base.Variants...)
	if len(jobs) == 0 { // the scenario as it is
		jobs = []scenarios.Variant{{Name: base.Config.Policy.Name}}
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
