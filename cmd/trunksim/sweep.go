package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/trunksim/trunksim/output"
	"github.com/trunksim/trunksim/scenarios"
	"github.com/trunksim/trunksim/sim"
	"github.com/trunksim/trunksim/sim/experiment"
)

const sweepExamples = `  trunksim sweep -vary policy.threshold=4..12:2 uber-hypergrowth
  trunksim sweep -vary company.engineers.annual_pct=100..500:100 -vary policy.threshold=4..10:2 -runs 200
  trunksim sweep -vary policy.name=centralized,trunk-and-branches,trunk-share steady-growth

-vary key=from..to[:step] takes numbers (five points without a step);
-vary key=a,b,c takes any values. One -vary draws each outcome against the
key with its p10 to p90 band; two draw a heatmap per outcome.
`

func sweepCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var f runFlags
	var varies multi
	var o outFlags
	fs := newFlags("sweep", "sweep [flags] -vary key=from..to[:step] [-vary ...] [SCENARIO]", sweepExamples, stderr)
	f.register(fs, true)
	fs.Var(&varies, "vary", "a swept key, key=from..to[:step] or key=a,b,c (once or twice)")
	o.register(fs, "out/sweep")
	f.registerShard(fs)
	ref, fmts, err := o.parseStudy(ctx, fs, args, &f)
	if err != nil {
		return err
	}
	if len(varies) < 1 || len(varies) > 2 {
		return usagef("give one or two -vary flags, got %d", len(varies))
	}
	var axes []experiment.Axis
	for _, v := range varies {
		a, err := parseVary(v)
		if err != nil {
			return usageError{err}
		}
		axes = append(axes, a)
	}
	sw := &experiment.Sweep{Axes: axes, Points: experiment.Grid(axes)}
	specs := make([]scenarios.Variant, len(sw.Points))
	for i, pt := range sw.Points {
		specs[i] = scenarios.Variant{Name: pt.Name(axes), Sets: pt.Sets(axes)}
	}
	start := time.Now()
	rs, scs, err := runVariants(ctx, ref, &f, specs, stderr, true)
	if err != nil {
		return err
	}
	if f.sharding() {
		return f.writeShard(ctx, stdout)
	}
	first := scs[0]
	sw.Results = rs
	var keys []string
	for _, a := range axes {
		keys = append(keys, a.Key)
	}
	meta := experimentMeta(&f, first, first.Config.Policy.Name)
	meta.Sets = append(meta.Sets, "vary "+strings.Join(varies, " "))
	files := []output.File{}
	csvFile, err := output.SweepCSV(sw)
	if err != nil {
		return err
	}
	files = append(files, csvFile)
	for _, ft := range fmts {
		charts, err := output.SweepCharts(meta, sw, ft)
		if err != nil {
			return err
		}
		files = append(files, charts...)
	}
	if files, err = o.finish(ctx, &f, meta, files); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: swept %s over %d points, %d runs each\n\n", meta.Scenario, strings.Join(keys, " and "), len(rs), f.runs)
	for _, r := range rs {
		e := r.Ensemble
		fmt.Fprintf(stdout, "  %-50s  intervened %3.0f%%  weeks below %5.1f  mean quality %.2f\n", r.Name,
			100*e.Outcome(sim.InterventionRate).Mean, e.Outcome(sim.WeeksBelowQuality).Mean, e.Outcome(sim.MeanQuality).Mean)
	}
	fmt.Fprintf(stdout, "\nWrote %d files to %s in %.1fs (%.0f runs/s).\n", len(files), o.dir, time.Since(start).Seconds(),
		float64(f.runs*len(rs))/time.Since(start).Seconds())
	return nil
}
