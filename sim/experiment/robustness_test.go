package experiment

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/trunksim/trunksim/internal/simtest"
	"github.com/trunksim/trunksim/sim"
)

// pinned is a study in which the verdict flips by construction: the
// trunk-and-branches variant keeps the default fixed hours, which the
// assumption Domain.FixedHours moves, while the centralized one, a smaller
// team with heavier domains, has none, which the assumption scales and so
// leaves at 0. At the default trunk-and-branches is better; at 1000 fixed
// hours a domain it drowns while centralized is untouched.
func pinned() []Variant {
	tb := simtest.Org(52, 100, 100, 6, 0)
	cen := simtest.Org(52, 100, 100, 4, 60)
	cen.Policy.Name = sim.Centralized
	for i := range cen.Domains {
		cen.Domains[i].FixedHours = 0
	}
	return []Variant{{Name: "branches", Config: &tb}, {Name: "one team", Config: &cen}}
}

func TestRobustness(t *testing.T) {
	vs := pinned()
	assumptions := []sim.Assumption{
		{Field: "Domain.FixedHours", Low: 8, High: 1000},
		{Field: "People.Span", Low: 0.5, High: 8}, // a span under one is rejected
	}
	var last, total, calls int
	o := Options{Runs: 10, Seed: 1, OutcomesOnly: true, Progress: func(done, all int) {
		if done < last || all != total && total != 0 {
			t.Errorf("progress %d of %d after %d of %d", done, all, last, total)
		}
		last, total = done, all
		calls++
	}}
	r, err := Robustness(context.Background(), vs, assumptions, SeedsVerdict(vs), o)
	if err != nil {
		t.Fatal(err)
	}
	if want := 4 * 2 * 10; total != want || last != want || calls != want {
		t.Errorf("progress ended at %d of %d after %d calls, want %d: the base and three ends ran", last, total, calls, want)
	}
	if got := vs[0].Config.Domains[0].FixedHours; got != 8 {
		t.Errorf("the study moved the caller's configuration: fixed hours %v", got)
	}
	if r.Verdict.Text != "branches beats one team on mean weeks below quality threshold" {
		t.Errorf("verdict %q", r.Verdict.Text)
	}
	wbq := sim.WeeksBelowQuality
	if !r.Base.VerdictHolds || !(r.Base.Mean(0, wbq) < r.Base.Mean(1, wbq)) {
		t.Fatalf("the construction needs trunk-and-branches ahead at the base: %v against %v weeks below quality (recalibrate pinned)",
			r.Base.Mean(0, wbq), r.Base.Mean(1, wbq))
	}
	fixed, span := r.Checks[0], r.Checks[1]
	for _, tt := range []struct {
		name           string
		end            End
		ran            bool
		holds, verdict bool
		notRun         string
	}{
		{"fixed hours at the default", fixed.Low, true, true, true, ""},
		{"fixed hours drowning trunk-and-branches", fixed.High, true, false, false, ""},
		{"a span under one", span.Low, false, false, false, "branches: People.Span"},
		{"span at the default", span.High, true, true, true, ""},
	} {
		e := tt.end
		if e.Ran() != tt.ran || !strings.HasPrefix(e.NotRun, tt.notRun) || tt.notRun == "" && e.NotRun != "" {
			t.Errorf("%s: ran %v, not run because %q", tt.name, e.Ran(), e.NotRun)
			continue
		}
		if !e.Ran() {
			if e.Holds[wbq] || e.VerdictHolds || !math.IsNaN(e.Mean(0, wbq)) {
				t.Errorf("%s: an end not run concludes %+v", tt.name, e)
			}
			continue
		}
		if e.Holds[wbq] != tt.holds || e.VerdictHolds != tt.verdict || e.VerdictHolds != (e.Lead.Mean > 0) {
			t.Errorf("%s: ranking %v holds %v, verdict lead %v holds %v", tt.name, e.Ranking[wbq], e.Holds[wbq], e.Lead, e.VerdictHolds)
		}
		if tt.holds && e.Lead != r.Base.Lead {
			t.Errorf("%s: the same values as the base on the same seeds lead by %v, the base by %v", tt.name, e.Lead, r.Base.Lead)
		}
	}
	if !fixed.High.FlipsClearly() || fixed.Low.FlipsClearly() || span.Low.FlipsClearly() {
		t.Errorf("clear flips: fixed hours %+v and %+v, span %+v", fixed.Low.Lead, fixed.High.Lead, span.Low.Lead)
	}
	flips := r.VerdictFlips()
	if len(flips) != 1 || flips[0] != (Flip{"Domain.FixedHours", "high", 1000, fixed.High.Lead}) {
		t.Errorf("flips %+v", flips)
	}
	failing := *r // a verdict that does not hold at the scenario's values has no flips
	failing.Base.VerdictHolds = false
	if flips := failing.VerdictFlips(); flips != nil {
		t.Errorf("flips of a verdict failing at the base: %+v", flips)
	}
	if got := r.Closest(); got[0].Assumption.Field != "Domain.FixedHours" {
		t.Errorf("closest to flipping first: %v", got[0].Assumption.Field)
	}
}

func TestSeedsVerdict(t *testing.T) {
	policy := func(name, p string) Variant {
		c := config()
		c.Policy.Name = p
		return Variant{Name: name, Config: c}
	}
	for _, tt := range []struct {
		vs   []Variant
		text string
	}{
		{[]Variant{policy("a", sim.Centralized), policy("b", sim.TrunkAndBranches), policy("c", sim.Fragmented), policy("d", sim.TrunkShare)},
			"b beats a and c on mean weeks below quality threshold"},
		{[]Variant{policy("t", sim.TrunkAndBranches), policy("f", sim.Fragmented)}, "t beats f on mean weeks below quality threshold"},
		{[]Variant{policy("x", sim.Centralized), policy("y", sim.TrunkShare)},
			"the variant first on mean weeks below quality threshold at the scenario's values stays first"},
	} {
		v := SeedsVerdict(tt.vs)
		if v.Text != tt.text || v.Outcome != sim.WeeksBelowQuality {
			t.Errorf("%s: %q", strings.Join(names(tt.vs), ","), v.Text)
		}
	}
	// Without trunk-and-branches the claim is that the base's winner stays
	// first: against the base itself it leads by its margin over the next.
	vs := pinned()
	vs[0].Config.Policy.Name = sim.TrunkShare
	c := Compare(run(t, 10, 1, vs...))
	wbq := func(i int) float64 { return c.Results[i].Ensemble.Outcome(sim.WeeksBelowQuality).Mean }
	if lead := SeedsVerdict(vs).Lead(c, c); lead.Mean != wbq(1)-wbq(0) || !(lead.Lo <= lead.Mean && lead.Mean <= lead.Hi) || lead.N != 10 {
		t.Errorf("the winner's lead %+v, want a mean of %v within its interval", lead, wbq(1)-wbq(0))
	}
}

func names(vs []Variant) []string {
	var out []string
	for _, v := range vs {
		out = append(out, v.Name)
	}
	return out
}
