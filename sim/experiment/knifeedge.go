package experiment

import (
	"context"
	"fmt"

	"github.com/trunksim/trunksim/sim"
)

// A knife edge: a verdict that a small change in one of the inputs that
// matter most would overturn. A leader should know before presenting it.

// TopInputs are the inputs that matter most to the headline verdicts, by
// Go field path: the company's size and growth, the working week, the
// budget, leadership's threshold and attrition (the face-validity list of
// sim/MODEL.md).
var TopInputs = []string{
	"Company.Engineers.Start", "Company.Engineers.AnnualPct", "People.HoursPerWeek",
	"Budget.CapPct", "Leadership.QualityThreshold", "People.AttritionPct",
}

// Edge is one input change under which the verdict fails beyond the
// runs' noise.
type Edge struct {
	First  string  // the variant first at the scenario's values, on the check's runs
	Field  string  // Go path
	Factor float64 // the input was multiplied by it
	Lead   Diff    // the verdict's lead there: its 90% interval lies below 0
}

// KnifeEdges runs vs with each of inputs moved by -change and +change (0.1
// for 10%) and returns the moves under which verdict fails beyond noise.
// A move the model rejects for some variant is skipped: it is not a
// change of that input the organization can have. ran, if not nil, are
// vs already run on o.Seed with at least o.Runs runs each: their first
// o.Runs runs are the check's at the scenario's values, not run again.
func KnifeEdges(ctx context.Context, vs []Variant, inputs []string, change float64, verdict Verdict, o Options, ran []Result) ([]Edge, error) {
	base, err := heads(ran, len(vs), o)
	if base == nil && err == nil {
		base, err = Run(ctx, vs, o)
	}
	if err != nil {
		return nil, err
	}
	bc := Compare(base)
	var edges []Edge
	for _, field := range inputs {
		for _, f := range []float64{1 - change, 1 + change} {
			mv, notRun := moved(vs, fmt.Sprintf("%s*%g", field, f), func(c *sim.Config) bool { return c.Scale(field, f) })
			if notRun != "" {
				continue
			}
			rs, err := Run(ctx, mv, o)
			if err != nil {
				return nil, err
			}
			if lead := verdict.Lead(bc, Compare(rs)); lead.Hi < 0 {
				edges = append(edges, Edge{First: vs[bc.Rank(verdict.Outcome)[0]].Name, Field: field, Factor: f, Lead: lead})
			}
		}
	}
	return edges, nil
}

// heads is ran cut to o.Runs runs each, or nil if ran are not n
// variants' results on o.Seed with as many runs.
func heads(ran []Result, n int, o Options) ([]Result, error) {
	if len(ran) != n {
		return nil, nil
	}
	out := make([]Result, n)
	for i, r := range ran {
		if r.Ensemble.Seed != o.Seed || r.Ensemble.Runs < o.Runs {
			return nil, nil
		}
		out[i] = r
		var err error
		if out[i].Ensemble, err = r.Ensemble.Head(o.Runs); err != nil {
			return nil, err
		}
	}
	return out, nil
}
