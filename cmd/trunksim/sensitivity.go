package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/trunksim/trunksim/output"
	"github.com/trunksim/trunksim/scenarios"
	"github.com/trunksim/trunksim/sim"
)

const sensitivityExamples = `  trunksim sensitivity uber-hypergrowth
  trunksim sensitivity -metric intervention_rate -pct 20 -runs 50 steady-growth
  trunksim sensitivity -params people.attrition_pct,policy.threshold,budget.ask_pct

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
	f.register(fs, 100, true)
	fs.StringVar(&params, "params", "", "comma-separated inputs to vary (default: every numeric input)")
	fs.Float64Var(&pct, "pct", 25, "relative change, percent, down and up")
	fs.StringVar(&metric, "metric", "weeks_below_quality", "outcome whose swing is measured")
	o.register(fs, "out/sensitivity")
	ref, fmts, err := o.parse(fs, args, &f)
	if err != nil {
		return err
	}
	if !(pct > 0 && pct < 100) {
		return usagef("-pct must be above 0 and below 100, got %v", pct)
	}
	if !slices.Contains(sim.OutcomeNames, metric) {
		return usagef("-metric: unknown outcome %q, expected one of %s", metric, strings.Join(sim.OutcomeNames, ", "))
	}
	base, err := scenarios.Load(ref, f.overrides()...)
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
	jobs := []job{{name: "base"}}
	type side struct {
		param int
		low   bool
		value float64
	}
	var sides []side
	for i, p := range chosen {
		for _, low := range []bool{true, false} {
			v := p.Value * (1 + pct/100)
			if low {
				v = p.Value * (1 - pct/100)
			}
			set := p.Set(v)
			if set == p.Set(p.Value) {
				continue // zero, or an integer too small to move
			}
			// A value the model rejects is left out, with a warning.
			if _, err := scenarios.LoadBase(ref, append(f.overrides(), set)...); err != nil {
				fmt.Fprintf(stderr, "sensitivity: leaving out %s: %v\n", set, firstLine(err))
				continue
			}
			jobs = append(jobs, job{name: set, sets: []string{set}})
			sides = append(sides, side{i, low, v})
		}
	}
	start := time.Now()
	ens, err := replicateAll(ctx, ref, &f, jobs, stderr, true)
	if err != nil {
		return err
	}
	baseMean := ens[0].Outcome(metric).Mean
	swings := map[int]*output.Swing{}
	var order []int
	for k, sd := range sides {
		sw, ok := swings[sd.param]
		if !ok {
			p := chosen[sd.param]
			sw = &output.Swing{Key: p.Key, Base: p.Value, Low: p.Value, High: p.Value, AtBase: baseMean, AtLow: baseMean, AtHigh: baseMean}
			swings[sd.param] = sw
			order = append(order, sd.param)
		}
		m := ens[k+1].Outcome(metric).Mean
		if sd.low {
			sw.Low, sw.AtLow = sd.value, m
		} else {
			sw.High, sw.AtHigh = sd.value, m
		}
	}
	var ss []output.Swing
	for _, i := range order {
		ss = append(ss, *swings[i])
	}
	output.SortSwings(ss)
	meta := experimentMeta(&f, jobs[0].scenario, jobs[0].scenario.Config.Policy.Name)
	meta.Sets = append(meta.Sets, fmt.Sprintf("sensitivity %s ±%g%%", metric, pct))
	csvFile, err := textFile("sensitivity.csv", func(w io.Writer) error { return output.SensitivityCSV(w, meta, metric, ss) })
	if err != nil {
		return err
	}
	files := []output.File{csvFile}
	for _, ft := range fmts {
		b, err := output.TornadoChart(meta, metric, pct, ss, ft)
		if err != nil {
			return err
		}
		files = append(files, output.File{Name: "tornado." + ft, Data: b})
	}
	if err := finish(ctx, o.dir, files); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: mean %s is %.3g at the scenario's values; moving one input ±%g%% at a time (%d runs each):\n\n", meta.Scenario, metric, baseMean, pct, f.runs)
	for _, s := range ss[:min(len(ss), 10)] {
		fmt.Fprintf(stdout, "  %-45s  %8.3g to %-8.3g  swing %.3g\n", s.Key, s.AtLow, s.AtHigh, s.Size())
	}
	fmt.Fprintf(stdout, "\nWrote %d files to %s in %.1fs.\n", len(files), o.dir, time.Since(start).Seconds())
	return nil
}

// firstLine is an error's first line, for one-line warnings.
func firstLine(err error) string {
	s, _, _ := strings.Cut(err.Error(), "\n")
	return s
}
