package output

import (
	"slices"
	"strings"
	"testing"

	"github.com/trunksim/trunksim/internal/wording"
	"github.com/trunksim/trunksim/sim"
	"github.com/trunksim/trunksim/sim/experiment"
)

// three is a comparison of the small organization under three policies,
// named so that no name says its policy.
func three(t *testing.T) *experiment.Comparison {
	t.Helper()
	cfg, _ := small(t)
	var vs []experiment.Result
	for _, p := range []struct{ name, policy string }{{"today", sim.Centralized}, {"branches", sim.TrunkAndBranches}, {"by product", sim.Fragmented}} {
		c := *cfg
		c.Policy.Name = p.policy
		vs = append(vs, result(p.name, &c, ensemble(t, c)))
	}
	return experiment.Compare(vs)
}

func topics(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Topic)
	}
	return out
}

// The first page answers in the order a leader asks, at most five
// findings; every variant has a line on what to watch; the policy is the
// configuration's, whatever the variant's name; every quote's text is its
// number as Format writes it.
func TestFindingsAnswerInOrder(t *testing.T) {
	c := three(t)
	f := Find(c, nil)
	if got, want := topics(f.Main), []string{TopicVerdict, TopicSplit, TopicWithout, TopicCost, TopicSure}; !slices.Equal(got, want) {
		t.Errorf("topics %v, want %v", got, want)
	}
	if len(f.Watch) != 3 {
		t.Errorf("%d lines on what to watch, want 3", len(f.Watch))
	}
	all := slices.Concat(f.Main, f.Watch, f.More)
	var text []string
	for _, x := range all {
		text = append(text, x.Text())
		for _, q := range x.Quotes() {
			if o, err := sim.OutcomeByName(q.Source); err == nil && q.Stat == "mean" && q.Text != Format(o.Info().Unit, q.Value) {
				t.Errorf("%q quotes %v as %q", x.Text(), q.Value, q.Text)
			}
		}
	}
	joined := strings.Join(text, "\n")
	if !strings.Contains(joined, "Under by product, the work required") {
		t.Errorf("the fragmented variant's finding is missing when it is not named fragmented:\n%s", joined)
	}
	if !strings.Contains(joined, "by product (fragmented)") {
		t.Errorf("a variant named apart from its policy is never named with it:\n%s", joined)
	}
	wording.Check(t, "findings", joined)
	one := Find(experiment.Compare(c.Results[1:2]), nil)
	if got, want := topics(one.Main), []string{TopicQuality, TopicSplit, TopicPressure, TopicCost}; !slices.Equal(got, want) {
		t.Errorf("one variant's topics %v, want %v", got, want)
	}
}

// How sure the verdict is follows the knife-edge check: not run, run and
// held, run and overturned on an input the scenario never set.
func TestFindingsHowSure(t *testing.T) {
	c := three(t)
	sure := func(e *EdgeCheck) string { return Find(c, e).Main[4].Text() }
	inputs := []string{"budget.cap_pct", "people.attrition_pct"}
	for _, tt := range []struct {
		edges *EdgeCheck
		want  string
	}{
		{nil, "trunksim report moves the inputs that matter most"},
		{&EdgeCheck{Inputs: inputs, Change: 0.1, Runs: 20}, "stays first with each of the 2 inputs that matter most (budget.cap_pct, people.attrition_pct) 10% lower or higher, on 20 runs each"},
		{&EdgeCheck{Inputs: inputs, Change: 0.1, Runs: 20, Edges: []Edge{{Key: "budget.cap_pct", Factor: 1.1, Unset: true}, {Key: "people.attrition_pct", Factor: 0.9}}},
			"on a knife edge: with budget.cap_pct 10% higher and people.attrition_pct 10% lower, "},
		{&EdgeCheck{Inputs: inputs, Change: 0.1, Runs: 20, Edges: []Edge{{Key: "budget.cap_pct", Factor: 0.9}, {Key: "budget.cap_pct", Factor: 1.1}}},
			"on a knife edge: with budget.cap_pct 10% lower or higher, "},
	} {
		if got := sure(tt.edges); !strings.Contains(got, tt.want) {
			t.Errorf("got  %s\nwant %s", got, tt.want)
		}
	}
	if got := sure(&EdgeCheck{Inputs: inputs, Edges: []Edge{{Key: "budget.cap_pct", Factor: 1.1, Unset: true}}}); !strings.Contains(got, "the scenario never set budget.cap_pct") {
		t.Errorf("an unset input is not named: %s", got)
	}
}

// Repeated interventions read as one line.
func TestWeeksList(t *testing.T) {
	for _, tt := range []struct {
		weeks []int
		want  string
	}{
		{[]int{20}, "intervened once, in week 20"},
		{[]int{20, 40}, "intervened twice, in weeks 20 and 40"},
		{[]int{40, 48, 56, 64, 72}, "intervened 5 times, in weeks 40 to 72, every 8 weeks"},
		{[]int{40, 48, 61}, "intervened 3 times, in weeks 40 to 61, every 8 to 13 weeks"},
	} {
		if got := weeksList("intervened", tt.weeks); got != tt.want {
			t.Errorf("%v: %q, want %q", tt.weeks, got, tt.want)
		}
	}
}
