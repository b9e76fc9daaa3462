package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

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
		line := prefix + warningLine(scenarios.KeyPath(w.Field), w)
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
// a quarter of the report's runs at each move. An input that a variant's
// scenario (scs, in the order of rs) leaves at the built-in default is
// warned of as sim.DecidingDefault. It returns the warnings and, for the
// deck, what the check moved and found; neither with a single variant.
func knifeEdges(ctx context.Context, f *runFlags, rs []experiment.Result, scs []*scenarios.Scenario, stderr io.Writer) ([]string, *output.EdgeCheck, error) {
	if len(rs) < 2 {
		return nil, nil, nil
	}
	vs := make([]experiment.Variant, len(rs))
	names := make([]string, len(rs))
	for i, r := range rs {
		vs[i], names[i] = r.Variant, r.Name
	}
	o := experiment.Options{Runs: max(knifeEdgeMinRuns, f.runs/knifeEdgeShare), Seed: f.seed, Workers: f.workers, OutcomesOnly: true, Replicate: f.replicator()}
	fmt.Fprintf(stderr, "checking the headline at ±%.0f%% of %d inputs (%d runs each)\n", 100*knifeEdgeChange, len(experiment.TopInputs), o.Runs)
	verdict := experiment.FirstStaysFirst(sim.WeeksBelowQuality)
	edges, err := experiment.KnifeEdges(ctx, vs, experiment.TopInputs, knifeEdgeChange, verdict, o, rs)
	if err != nil {
		return nil, nil, err
	}
	check := &output.EdgeCheck{Change: knifeEdgeChange, Runs: o.Runs}
	for _, in := range experiment.TopInputs {
		check.Inputs = append(check.Inputs, scenarios.KeyPath(in))
	}
	var out []string
	for _, e := range edges {
		line := knifeEdgeLine(e, scs, names)
		fmt.Fprintf(stderr, "warning: %s\n", line)
		out = append(out, line)
		key := scenarios.KeyPath(e.Field)
		check.Edges = append(check.Edges, output.Edge{Key: key, Factor: e.Factor, Unset: len(unsetIn(scs, names, key)) > 0})
	}
	return out, check, nil
}

// knifeEdgeLine is the warning of a knife edge: as sim.DecidingDefault
// when one of the variants' scenarios scs, named by names, leaves its
// input at the built-in default.
func knifeEdgeLine(e experiment.Edge, scs []*scenarios.Scenario, names []string) string {
	key := scenarios.KeyPath(e.Field)
	u := sim.WeeksBelowQuality.Info().Unit
	w := sim.Warning{Field: e.Field, Text: fmt.Sprintf("at %+.0f%%, %s is no longer first on %s (its lead %s, 90%% interval %s): the headline sits on a knife edge",
		100*(e.Factor-1), e.First, sim.WeeksBelowQuality.Label(), output.FormatSigned(u, e.Lead.Mean), output.FormatInterval(u, e.Lead.Lo, e.Lead.Hi))}
	if unset := unsetIn(scs, names, key); len(unset) > 0 {
		w = sim.DecidingDefault(e.Field, key, unset, w.Text)
	}
	return warningLine(key, w)
}

// decidingDefaults warns of each assumption at an end of which the
// robustness study's verdict flips and that a variant's scenario leaves
// at the built-in default (sim.DecidingDefault), on stderr, and returns
// the lines. keys names the assumptions by scenario key, scs are the
// variants' scenarios in the study's order.
func decidingDefaults(stderr io.Writer, r *experiment.RobustnessResult, keys map[string]string, scs []*scenarios.Scenario) []string {
	var out []string
	flips := r.VerdictFlips()
	for i := 0; i < len(flips); {
		field := flips[i].Field
		var ends []string
		for ; i < len(flips) && flips[i].Field == field; i++ { // its low end, then its high
			f := flips[i]
			u := r.Verdict.Outcome.Info().Unit
			ends = append(ends, fmt.Sprintf("at its %s end, %s (lead %s, 90%% interval %s)", f.End, output.FormatValue(f.Value), output.FormatSigned(u, f.Lead.Mean), output.FormatInterval(u, f.Lead.Lo, f.Lead.Hi)))
		}
		key := keyOf(keys, field)
		unset := unsetIn(scs, r.Names, key)
		if len(unset) == 0 { // the leader owns the number
			continue
		}
		line := warningLine(key, sim.DecidingDefault(field, key, unset, "the verdict flips "+strings.Join(ends, " and ")))
		fmt.Fprintf(stderr, "warning: %s\n", line)
		out = append(out, line)
	}
	return out
}

// unsetIn lists where the variants' scenarios scs, named by names, leave
// key at the built-in default (scenarios.Scenario.Unset): as one list
// when every variant leaves the same, else each place with the variant
// that leaves it.
func unsetIn(scs []*scenarios.Scenario, names []string, key string) []string {
	each := make([][]string, len(scs))
	same := true
	for i, s := range scs {
		each[i] = s.Unset(key)
		same = same && slices.Equal(each[i], each[0])
	}
	if same && len(each) > 0 {
		return each[0]
	}
	var out []string
	for i, places := range each {
		for _, p := range places {
			out = append(out, p+" in "+names[i])
		}
	}
	return out
}

// warningLine is a warning as stderr and the summaries give it: the key
// of the input it is about, when it has one, and its text.
func warningLine(key string, w sim.Warning) string {
	if w.Field == "" {
		return w.Text
	}
	return key + ": " + w.Text
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
