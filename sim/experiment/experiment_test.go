package experiment

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/trunksim/trunksim/internal/simtest"
	"github.com/trunksim/trunksim/sim"
)

// config is a small organization in a company doubling each year.
func config() *sim.Config {
	c := simtest.Org(104, 100, 100, 6, 0)
	return &c
}

func with(f func(*sim.Config)) *sim.Config {
	c := config()
	f(c)
	return c
}

func run(t *testing.T, runs int, seed uint64, vs ...Variant) []Result {
	t.Helper()
	rs, err := Run(context.Background(), vs, Options{Runs: runs, Seed: seed, OutcomesOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func TestPaired(t *testing.T) {
	base := Variant{Name: "base", Config: config()}
	rs := run(t, 30, 2, base, Variant{Name: "attrition 40%", Config: with(func(c *sim.Config) { c.People.AttritionPct = 40 })})
	a, b := rs[0].Ensemble, rs[1].Ensemble
	if same := Paired(a, a, sim.Leavers); same.Mean != 0 || same.Lo != 0 || same.Hi != 0 || same.N != 30 {
		t.Errorf("an ensemble against itself: %+v", same)
	}
	if d := Paired(a, b, sim.Leavers); !(d.Lo > 0 && d.Lo <= d.Mean && d.Mean <= d.Hi) {
		t.Errorf("tripled attrition: leavers differ by %+v, want an interval above 0", d)
	}
	other := run(t, 30, 3, base)[0].Ensemble
	if d := Paired(a, other, sim.Leavers); d.N != 0 {
		t.Errorf("different seeds were paired: %+v", d)
	}
}

// TestCompareHoldsEveryDifference checks that the comparison's paired
// differences are each outcome's, against the first variant, and that the
// ranking follows the outcome's better direction.
func TestCompareHoldsEveryDifference(t *testing.T) {
	rs := run(t, 20, 1,
		Variant{Name: "calm", Config: config()},
		Variant{Name: "churn", Config: with(func(c *sim.Config) { c.People.AttritionPct = 45 })},
		Variant{Name: "half", Config: with(func(c *sim.Config) { c.People.AttritionPct = 6 })})
	c := Compare(rs)
	for i := range rs {
		for _, o := range sim.Outcomes() {
			want := Paired(rs[0].Ensemble, rs[i].Ensemble, o)
			got := c.VsFirst[i][o]
			if got.N != want.N || !same(got.Mean, want.Mean) || !same(got.Lo, want.Lo) {
				t.Fatalf("variant %d %s: %+v, want %+v", i, o, got, want)
			}
		}
	}
	if got := c.Rank(sim.Leavers); !slices.Equal(got, []int{2, 0, 1}) {
		t.Errorf("ranked by leavers (fewer is better): %v", got)
	}
	if got := c.Rank(sim.FinalMorale); got[0] == 1 {
		t.Errorf("ranked by final morale (higher is better), churn came first: %v", got)
	}
	if got := strings.Join(c.Names(), ","); got != "calm,churn,half" {
		t.Errorf("names %s", got)
	}
}

func same(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }

func TestGrid(t *testing.T) {
	axes := []Axis{{"policy.threshold", []string{"6", "8"}}, {"people.attrition_pct", []string{"10", "20", "30"}}}
	pts := Grid(axes)
	var names []string
	for _, p := range pts {
		names = append(names, p.Name(axes))
	}
	want := []string{
		"policy.threshold=6 people.attrition_pct=10", "policy.threshold=6 people.attrition_pct=20", "policy.threshold=6 people.attrition_pct=30",
		"policy.threshold=8 people.attrition_pct=10", "policy.threshold=8 people.attrition_pct=20", "policy.threshold=8 people.attrition_pct=30",
	}
	if !slices.Equal(names, want) {
		t.Errorf("grid %q", names)
	}
	if one := Grid(axes[:1]); len(one) != 2 || !slices.Equal(one[1].At, []int{1}) {
		t.Errorf("one axis: %v", one)
	}
}

// TestSensitivityKeepsLeftOutSides checks that a side the model cannot run
// is carried as data, not as a run at the base value, and that the swing
// of an input with one side measures that side against the base.
func TestSensitivityKeepsLeftOutSides(t *testing.T) {
	base := Variant{Name: "base", Config: config()}
	att := func(v float64) *sim.Config { return with(func(c *sim.Config) { c.People.AttritionPct = v }) }
	swings := []Swing{
		{Key: "people.attrition_pct", Base: 13,
			Low:  Side{Value: 6.5, Set: "people.attrition_pct=6.5", Config: att(6.5)},
			High: Side{Value: 19.5, Set: "people.attrition_pct=19.5", Config: att(19.5)}},
		{Key: "policy.threshold", Base: 8,
			Low:  Side{Value: 4, Set: "policy.threshold=4", LeftOut: "must be at least branch_min"},
			High: Side{Value: 12, Set: "policy.threshold=12", Config: with(func(c *sim.Config) { c.Policy.Threshold = 12 })}},
		{Key: "budget.ask_pct", Base: 8,
			Low:  Side{Value: 4, LeftOut: "out of range"},
			High: Side{Value: 12, LeftOut: "out of range"}},
	}
	ss, err := Sensitivity(context.Background(), base, swings, sim.Leavers, Options{Runs: 20, Seed: 1, OutcomesOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	byKey := map[string]Swing{}
	for _, s := range ss {
		byKey[s.Key] = s
	}
	a, th, none := byKey["people.attrition_pct"], byKey["policy.threshold"], byKey["budget.ask_pct"]
	if !(a.Low.Mean < a.AtBase && a.AtBase < a.High.Mean) || a.Size() != math.Abs(a.High.Mean-a.Low.Mean) {
		t.Errorf("attrition: %+v", a)
	}
	if !math.IsNaN(th.Low.Mean) || th.Low.Ran() || th.Size() != math.Abs(th.High.Mean-th.AtBase) {
		t.Errorf("threshold with its low side left out: %+v, size %v", th, th.Size())
	}
	if none.Size() != -1 || ss[len(ss)-1].Key != "budget.ask_pct" {
		t.Errorf("an input with no side run should sort last with size -1: %+v", ss)
	}
}
