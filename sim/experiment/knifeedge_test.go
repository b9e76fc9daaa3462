package experiment

import (
	"context"
	"testing"

	"github.com/trunksim/trunksim/internal/simtest"
	"github.com/trunksim/trunksim/sim"
)

// KnifeEdges moves each input both ways on every variant, and reports the
// moves under which the verdict fails beyond noise, and no others.
func TestKnifeEdges(t *testing.T) {
	tb := simtest.Org(52, 100, 100, 6, 0)
	tb.Policy.Name = sim.TrunkAndBranches
	cen := tb.Clone()
	cen.Policy.Name = sim.Centralized
	vs := []Variant{{Name: "branches", Config: &tb}, {Name: "centralized", Config: cen}}
	o := Options{Runs: 8, Seed: 1, OutcomesOnly: true}
	// A verdict that fails exactly when the working week is longer than
	// 40 hours in every variant, to check the moves and the bookkeeping.
	longWeekFails := Verdict{Outcome: sim.WeeksBelowQuality, Lead: func(_, end *Comparison) Diff {
		for _, r := range end.Results {
			if r.Config.People.HoursPerWeek <= 40 {
				return Diff{Mean: 1, Lo: 0.5, Hi: 1.5}
			}
		}
		return Diff{Mean: -1, Lo: -1.5, Hi: -0.5}
	}}
	edges, err := KnifeEdges(context.Background(), vs, []string{"People.HoursPerWeek", "Budget.CapPct", "No.Such.Field"}, 0.1, longWeekFails, o, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(edges) != 1 || edges[0].Field != "People.HoursPerWeek" || edges[0].Factor != 1.1 {
		t.Errorf("edges %+v, want only the working week at +10%%", edges)
	}
	edges0 := edges
	if tb.People.HoursPerWeek != 40 || cen.People.HoursPerWeek != 40 {
		t.Error("the variants' own configs were changed")
	}
	// The seeds' verdict on this organization is far from any edge.
	edges, err = KnifeEdges(context.Background(), vs, []string{"People.HoursPerWeek"}, 0.1, FirstStaysFirst(sim.WeeksBelowQuality), o, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(edges) != 0 {
		t.Errorf("trunk-and-branches against centralized flips at ±10%% of the working week: %+v", edges)
	}
	// Given the variants already run on more runs, the check reuses their
	// first runs and finds what it finds running them again.
	ran, err := Run(context.Background(), vs, Options{Runs: 11, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	reused, err := KnifeEdges(context.Background(), vs, []string{"People.HoursPerWeek", "Budget.CapPct"}, 0.1, longWeekFails, o, ran)
	if err != nil {
		t.Fatal(err)
	}
	if len(reused) != 1 || reused[0] != edges0[0] {
		t.Errorf("reusing the runs: edges %+v, want %+v", reused, edges0)
	}
}
