package main

import (
	"context"
	"fmt"
	"io"
	"slices"

	"github.com/trunksim/trunksim/output"
	"github.com/trunksim/trunksim/scenarios"
	"github.com/trunksim/trunksim/sim"
	"github.com/trunksim/trunksim/sim/experiment"
)

// warnings prints to stderr what a leader should check before trusting
// rs (sim.Plan.Warnings) and returns the same lines for the summary
// files. A warning the inputs alone give is said once; one about the
// organization a variant grew names the variant when there are several.
func warnings(stderr io.Writer, rs []experiment.Result) []string {
	var out []string
	seen := map[string]bool{}
	say := func(prefix string, w sim.Warning) {
		line := w.Text
		if w.Field != "" {
			line = scenarios.KeyPath(w.Field) + ": " + line
		}
		line = prefix + line
		if !seen[line] {
			seen[line] = true
			out = append(out, line)
			fmt.Fprintf(stderr, "warning: %s\n", line)
		}
	}
	for _, r := range rs {
		p := r.Plan
		inputs := map[sim.Warning]bool{}
		for _, w := range p.Warnings(nil) {
			inputs[w] = true
			say("", w)
		}
		prefix := ""
		if len(rs) > 1 {
			prefix = r.Name + ": "
		}
		for _, w := range p.Warnings(r.Ensemble) {
			if !inputs[w] {
				say(prefix, w)
			}
		}
	}
	return out
}

// knifeEdgeRuns is the share of a report's runs the knife-edge check uses
// at each move, with a floor: enough to tell a flip from noise.
const (
	knifeEdgeShare   = 4
	knifeEdgeMinRuns = 20
	knifeEdgeChange  = 0.1
)

// knifeEdges warns when the report's headline (the variant first on mean
// weeks below quality) would not be first with one of the inputs that
// matter most 10% higher or lower, beyond the runs' noise; the check runs
// a quarter of the report's runs at each move.
func knifeEdges(ctx context.Context, f *runFlags, rs []experiment.Result, stderr io.Writer) ([]string, error) {
	if len(rs) < 2 {
		return nil, nil
	}
	vs := make([]experiment.Variant, len(rs))
	for i, r := range rs {
		vs[i] = r.Variant
	}
	o := experiment.Options{Runs: max(knifeEdgeMinRuns, f.runs/knifeEdgeShare), Seed: f.seed, Workers: f.workers, OutcomesOnly: true}
	fmt.Fprintf(stderr, "checking the headline at ±%.0f%% of %d inputs (%d runs each)\n", 100*knifeEdgeChange, len(experiment.TopInputs), o.Runs)
	verdict := experiment.FirstStaysFirst(sim.WeeksBelowQuality)
	edges, err := experiment.KnifeEdges(ctx, vs, experiment.TopInputs, knifeEdgeChange, verdict, o)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range edges {
		line := fmt.Sprintf("%s: at %+.0f%%, %s is no longer first on %s (its lead %.3g, 90%% interval %.3g to %.3g): the headline sits on a knife edge",
			scenarios.KeyPath(e.Field), 100*(e.Factor-1), e.First, sim.WeeksBelowQuality.Label(), e.Lead.Mean, e.Lead.Lo, e.Lead.Hi)
		fmt.Fprintf(stderr, "warning: %s\n", line)
		out = append(out, line)
	}
	return out, nil
}

// distributions lists the inputs rs draw anew in every run: once when
// every variant draws the same ones, else each variant's, named.
func distributions(rs []experiment.Result) []output.Distribution {
	var first, all []output.Distribution
	same := true
	for i, r := range rs {
		ds := output.Distributions(r.Config, scenarios.KeyPath)
		if i == 0 {
			first = ds
		} else if !slices.Equal(describe(ds), describe(first)) {
			same = false
		}
		for _, d := range ds {
			d.Variant = r.Name
			all = append(all, d)
		}
	}
	if same {
		return first
	}
	return all
}

// describe is each distribution's key and form, for comparing lists.
func describe(ds []output.Distribution) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.Key + ": " + d.Describe()
	}
	return out
}
