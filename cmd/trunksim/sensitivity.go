package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/trunksim/trunksim/output"
	"github.com/trunksim/trunksim/scenarios"
	"github.com/trunksim/trunksim/sim"
	"github.com/trunksim/trunksim/sim/experiment"
)

const sensitivityExamples = `  trunksim sensitivity uber-hypergrowth
  trunksim sensitivity -metric intervention_rate -pct 20 -runs 50 steady-growth
  trunksim sensitivity -params people.attrition_pct,policy.threshold,budget.cap_pct

Each numeric input of the scenario (or each of -params) is moved down and up
by -pct percent, one at a time, on common seeds; the tornado chart ranks the
inputs by how far the mean -metric moves.
`

func sensitivityCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var f runFlags
	var o outFlags
	var params, metric string
	var pct float64
	fs := newFlags("sensitivity", "sensitivity [flags] [SCENARIO]", sensitivityExamples, stderr)
	f.register(fs, true)
	fs.StringVar(&params, "params", "", "comma-separated inputs to vary (default: every numeric input)")
	fs.Float64Var(&pct, "pct", 25, "relative change, percent, down and up")
	fs.StringVar(&metric, "metric", "weeks_below_quality", "outcome whose swing is measured")
	o.register(fs, "out/sensitivity")
	f.registerShard(fs)
	ref, fmts, err := o.parseStudy(ctx, fs, args, &f)
	if err != nil {
		return err
	}
	if !(pct > 0 && pct < 100) {
		return usagef("-pct must be above 0 and below 100, got %v", pct)
	}
	outcome, err := sim.OutcomeByName(metric)
	if err != nil {
		return usagef("-metric: %v", err)
	}
	base, err := f.load(ref, f.overrides()...)
	if err != nil {
		return usageError{err}
	}
	all := base.Params()
	chosen := all
	if params != "" {
		chosen = nil
		for _, k := range strings.Split(params, ",") {
			k = strings.TrimSpace(k)
			i := slices.IndexFunc(all, func(p scenarios.Param) bool { return p.Key == k })
			if i < 0 {
				return usagef("-params: %q is not a numeric input of %s", k, base.Name)
			}
			chosen = append(chosen, all[i])
		}
	}
	var swings []experiment.Swing
	for _, p := range chosen {
		sw := experiment.Swing{Key: p.Key, Base: p.Value}
		for _, low := range []bool{true, false} {
			v := p.Value * (1 + pct/100)
			if low {
				v = p.Value * (1 - pct/100)
			}
			side := experiment.Side{Value: v, Set: p.Set(v)}
			if side.Set == p.Set(p.Value) {
				side.LeftOut = "the change does not move the value" // zero, or an integer too small to move
			} else if s, err := f.loadBase(ref, append(f.overrides(), side.Set)...); err != nil {
				// A value the model rejects is left out, with a warning.
				side.LeftOut = firstLine(err)
				fmt.Fprintf(stderr, "sensitivity: leaving out %s: %v\n", side.Set, side.LeftOut)
			} else {
				side.Config = &s.Config
			}
			if low {
				sw.Low = side
			} else {
				sw.High = side
			}
		}
		swings = append(swings, sw)
	}
	runs := 1
	for _, sw := range swings {
		for _, side := range []experiment.Side{sw.Low, sw.High} {
			if side.Ran() {
				runs++
			}
		}
	}
	start := time.Now()
	prog := progress(stderr, start, f.runs*runs)
	ss, err := experiment.Sensitivity(ctx, experiment.Variant{Name: "base", Config: &base.Config}, swings, outcome, f.options(true, prog))
	if err != nil {
		return err
	}
	if f.sharding() {
		return f.writeShard(ctx, stdout)
	}
	baseMean := math.NaN()
	if len(ss) > 0 {
		baseMean = ss[0].AtBase
	}
	meta := experimentMeta(&f, base, base.Config.Policy.Name)
	meta.Sets = append(meta.Sets, fmt.Sprintf("sensitivity %s ±%g%%", metric, pct))
	csvFile, err := output.SensitivityCSV(outcome, pct, ss)
	if err != nil {
		return err
	}
	files := []output.File{csvFile}
	for _, ft := range fmts {
		b, err := output.TornadoChart(meta, outcome, pct, ss, ft)
		if err != nil {
			return err
		}
		files = append(files, output.File{Name: "tornado." + ft, Data: b})
	}
	if files, err = o.finish(ctx, &f, meta, files); err != nil {
		return err
	}
	u := outcome.Info().Unit
	fmt.Fprintf(stdout, "%s: mean %s is %s at the scenario's values; moving one input ±%g%% at a time (%d runs each):\n\n", meta.Scenario, metric, output.Format(u, baseMean), pct, f.runs)
	for _, s := range ss[:min(len(ss), 10)] {
		lo, hi := output.IntervalEnds(u, s.Low.Mean, s.High.Mean)
		fmt.Fprintf(stdout, "  %-45s  %8s to %-8s  swing %s\n", s.Key, lo, hi, output.Format(u, s.Size()))
	}
	fmt.Fprintf(stdout, "\nWrote %d files to %s in %.1fs.\n", len(files), o.dir, time.Since(start).Seconds())
	return nil
}

// firstLine is an error's first line, for one-line warnings.
func firstLine(err error) string {
	s, _, _ := strings.Cut(err.Error(), "\n")
	return s
}
