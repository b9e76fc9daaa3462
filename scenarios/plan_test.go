package scenarios

import (
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"testing"

	"github.com/trunksim/trunksim/sim"
)

// [[plan]] tables decode into the model's plan, a quarter given as such,
// and a run logs one plan event for each action.
func TestPlanDecodes(t *testing.T) {
	s, err := Parse("p.toml", []byte(planFuzzSeed))
	if err != nil {
		t.Fatal(err)
	}
	want := []sim.PlannedAction{
		{AtQuarter: 2, Action: sim.PlanSplit, Team: "t", Domain: "b", Engineers: 3, Name: "bee"},
		{AtWeek: 30, Action: sim.PlanHeadcount, Team: "bee", Engineers: 2},
		{AtWeek: 40, Action: sim.PlanFreeze, Weeks: 8},
		{AtQuarter: 8, Action: sim.PlanMerge, Team: "bee", Into: "t"},
	}
	if !reflect.DeepEqual(s.Config.Plan, want) || s.Config.Policy.Name != sim.Planned {
		t.Fatalf("plan %+v under %s", s.Config.Plan, s.Config.Policy.Name)
	}
	p, err := sim.NewPlan(&s.Config)
	if err != nil {
		t.Fatal(err)
	}
	var weeks []int
	for _, e := range p.Run(1, 0).Events {
		if e.Kind == "plan" {
			weeks = append(weeks, e.Week)
		}
	}
	if !slices.Equal(weeks, []int{13, 30, 40, 91}) {
		t.Errorf("plan events in weeks %v", weeks)
	}
}

// examplePlan is seed 001's story as a plan on uber-hypergrowth.
const examplePlan = "../examples/uber-plan.toml"

// The example plan is uber-hypergrowth and a plan: without the plan it is
// the built-in, so that it follows the built-in's changes.
func TestPlanExampleIsUber(t *testing.T) {
	s, err := LoadBase(examplePlan, "plan=[]", "policy.name=trunk-and-branches")
	if err != nil {
		t.Fatal(err)
	}
	uber, err := Load("uber-hypergrowth")
	if err != nil {
		t.Fatal(err)
	}
	// plan = [] decodes to an empty plan, not none; %v as unobserved
	// figures are NaN.
	if s.Config.Plan = nil; fmt.Sprintf("%+v", s.Config) != fmt.Sprintf("%+v", uber.Config) {
		t.Errorf("examples/uber-plan.toml without its plan is not uber-hypergrowth")
	}
}

// The example plan is set against the automatic rule on common random
// numbers: run i of every variant draws the same random numbers, so the
// plan run on top of trunk-and-branches is the automatic rule's own run,
// week by week, until the plan's first action, and so is the plan alone
// until then or the automatic rule's first split. Every run logs
// every planned action, carried out or refused, beside the automatic
// splits.
func TestPlanComparisonOnCommonRandomNumbers(t *testing.T) {
	base, err := Load(examplePlan)
	if err != nil {
		t.Fatal(err)
	}
	var plans []*sim.Plan
	for _, v := range base.Variants {
		s, err := LoadBase(examplePlan, v.Sets...)
		if err != nil {
			t.Fatal(err)
		}
		p, err := sim.NewPlan(&s.Config)
		if err != nil {
			t.Fatal(err)
		}
		plans = append(plans, p)
	}
	if len(plans) != 3 || len(base.Config.Plan) == 0 {
		t.Fatalf("%d variants, a plan of %d actions", len(plans), len(base.Config.Plan))
	}
	firstPlanned := base.Config.Plan[0].Week()
	for _, a := range base.Config.Plan {
		firstPlanned = min(firstPlanned, a.Week())
	}
	reorg := regexp.MustCompile(`^split `)
	firstReorg := func(tr *sim.Trace) int {
		for _, e := range tr.Events {
			if reorg.MatchString(e.Text) {
				return e.Week
			}
		}
		return tr.Weeks
	}
	kinds := func(tr *sim.Trace, before int) (events []sim.Event, plan, split int) {
		for _, e := range tr.Events {
			if e.Week < before {
				events = append(events, e)
			}
			switch e.Kind {
			case "plan":
				plan++
			case "split":
				split++
			}
		}
		return events, plan, split
	}
	same := func(i uint64, a, b *sim.Trace, weeks int, what string) {
		ea, _, _ := kinds(a, weeks)
		eb, _, _ := kinds(b, weeks)
		for _, m := range []sim.Metric{sim.Quality, sim.InfraEngineers, sim.Morale, sim.TrunkEngineers} {
			if !slices.Equal(a.Series(m, "")[:weeks], b.Series(m, "")[:weeks]) {
				t.Errorf("run %d: %s: %s differs before week %d", i, what, m, weeks)
			}
		}
		if !reflect.DeepEqual(ea, eb) {
			t.Errorf("run %d: %s: the events before week %d differ", i, what, weeks)
		}
	}
	for i := range uint64(20) {
		auto, alone, onTop := plans[0].Run(1, i), plans[1].Run(1, i), plans[2].Run(1, i)
		same(i, auto, onTop, firstPlanned, "the plan on top")
		same(i, auto, alone, min(firstReorg(auto), firstPlanned), "the plan alone")
		_, planned, splits := kinds(onTop, onTop.Weeks)
		_, alonePlanned, aloneSplits := kinds(alone, alone.Weeks)
		if planned != len(base.Config.Plan) || alonePlanned != planned || splits == 0 || aloneSplits != 0 {
			t.Errorf("run %d: %d plan events on top with %d automatic splits, %d alone with %d", i, planned, splits, alonePlanned, aloneSplits)
		}
	}
}
