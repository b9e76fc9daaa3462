package main

import (
	"fmt"
	"io"

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
		p, err := sim.NewPlan(r.Config)
		if err != nil {
			continue // the run itself was built from this config: it cannot fail here
		}
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
