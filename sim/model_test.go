package sim

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"
)

// testConfig is a small organization: a trunk of 6 owning three domains and
// a branch of 3 owning one, in a company growing 100% a year.
func testConfig() Config {
	c := Defaults()
	c.Weeks = 104
	c.Company.Engineers = Growth{Start: 100, Model: Exponential, AnnualPct: 100}
	c.Company.Usage = Growth{Start: 1, Model: Exponential, AnnualPct: 100}
	for _, n := range []string{"compute", "storage", "ci", "observability"} {
		d := DefaultDomain()
		d.Name = n
		c.Domains = append(c.Domains, d)
	}
	c.Domains[0].Commodity = true
	c.Teams = []Team{
		{Name: "core", Engineers: 6, Domains: []string{"compute", "storage", "ci"}, Trunk: true},
		{Name: "obs", Engineers: 3, Domains: []string{"observability"}},
	}
	return c
}

func mustPlan(t *testing.T, c Config) *Plan {
	t.Helper()
	p, err := NewPlan(&c)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestGrowthCurve(t *testing.T) {
	tests := []struct {
		name string
		g    Growth
		week int
		want float64
	}{
		{"400% multiplies by 5 in a year", Growth{Start: 200, Model: Exponential, AnnualPct: 400}, 52, 1000},
		{"30% multiplies by 1.3", Growth{Start: 100, Model: Exponential, AnnualPct: 30}, 52, 130},
		{"-20% shrinks by a fifth", Growth{Start: 100, Model: Exponential, AnnualPct: -20}, 52, 80},
		{"zero growth stays", Growth{Start: 7, Model: Exponential}, 104, 7},
		{"logistic starts at its start", Growth{Start: 200, Model: Logistic, AnnualPct: 400, Cap: 3000}, 0, 200},
		{"logistic nears its cap", Growth{Start: 200, Model: Logistic, AnnualPct: 400, Cap: 3000}, 520, 3000},
		{"phases: a freeze holds", Growth{Start: 100, Model: Phased, Phases: []Phase{{Weeks: 52, AnnualPct: 100}, {Weeks: 52}}}, 90, 200},
		{"phases: a layoff steps down", Growth{Start: 100, Model: Phased, Phases: []Phase{{Weeks: 10}, {Weeks: 10, StepPct: -25}}}, 12, 75},
		{"phases: the last value holds after", Growth{Start: 100, Model: Phased, Phases: []Phase{{Weeks: 52, AnnualPct: 100}}}, 80, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.g.Curve(600)[tt.week]
			if math.Abs(got-tt.want) > 0.01*tt.want {
				t.Errorf("week %d: got %.2f, want %.2f", tt.week, got, tt.want)
			}
		})
	}
	// The logistic starts like the exponential at the same rate.
	l := Growth{Start: 200, Model: Logistic, AnnualPct: 400, Cap: 1e6}.Curve(2)
	e := Growth{Start: 200, Model: Exponential, AnnualPct: 400}.Curve(2)
	if math.Abs(l[1]-e[1]) > 0.01 {
		t.Errorf("logistic week 1 %.3f, exponential %.3f", l[1], e[1])
	}
}

func TestScheduleOrder(t *testing.T) {
	var s schedule
	for i, tick := range []int{5, 3, 5, 3, 4} {
		s.add(event{tick: tick, person: i})
	}
	var got []int
	for {
		e, ok := s.next(10)
		if !ok {
			break
		}
		got = append(got, e.person)
	}
	if want := []int{1, 3, 4, 0, 2}; !slices.Equal(got, want) {
		t.Errorf("order %v, want %v (by tick, then insertion)", got, want)
	}
	s.add(event{tick: 7})
	if _, ok := s.next(6); ok {
		t.Error("an event due at 7 came out at 6")
	}
}

func TestProductivity(t *testing.T) {
	c := Defaults()
	r := &run{cfg: &c}
	r.week = 100
	for _, tt := range []struct {
		hired int
		want  float64
	}{{100, 1.0 / 3}, {90, 1.0/3 + (2.0/3)*10/20}, {80, 1}, {-1000, 1}} {
		if got := r.productivity(&person{hired: tt.hired}); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("tenure %d: %.3f, want %.3f", 100-tt.hired, got, tt.want)
		}
	}
}

func TestOnCallShare(t *testing.T) {
	c := Defaults()
	r := &run{cfg: &c}
	for _, tt := range []struct {
		n    int
		want float64
	}{{0, 0}, {1, 1}, {2, 1}, {3, 2.0 / 3}, {4, 0.5}, {8, 0.25}} {
		if got := r.onCallShare(&team{members: make([]int, tt.n)}); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("rotation of %d: on call %.3f of weeks, want %.3f", tt.n, got, tt.want)
		}
	}
}

func TestMoraleTarget(t *testing.T) {
	c := Defaults()
	r := &run{cfg: &c, insts: []*instance{{}}}
	base := &team{members: make([]int, 8), insts: []int{0}, capacity: 100, ops: 50, invest: 50}
	calm := r.moraleTarget(base)
	tests := []struct {
		name string
		mod  func(*team)
	}{
		{"off-hours pages over the healthy rate", func(t *team) { t.pages = 14 * 20 }},
		{"toil over the limit", func(t *team) { t.ops, t.invest = 95, 5 }},
		{"a rotation of two", func(t *team) { t.members = make([]int, 2) }},
		{"a recent reorganisation", func(t *team) { t.reorgUntil = 10 }},
	}
	for _, tt := range tests {
		tm := *base
		tt.mod(&tm)
		if got := r.moraleTarget(&tm); got >= calm {
			t.Errorf("%s: morale target %.3f, not below %.3f", tt.name, got, calm)
		}
	}
	more := *base
	more.ops, more.invest = 30, 70
	if r.moraleTarget(&more) <= calm {
		t.Error("more investment did not raise the morale target")
	}
}

func TestSummarize(t *testing.T) {
	q := Summarize([]float64{5, 1, math.NaN(), 3, 2, 4})
	if q.N != 5 || q.P50 != 3 || q.Mean != 3 || math.Abs(q.P10-1.4) > 1e-9 || math.Abs(q.P90-4.6) > 1e-9 {
		t.Errorf("got %+v", q)
	}
	if q := Summarize([]float64{math.NaN()}); q.N != 0 || !math.IsNaN(q.P50) {
		t.Errorf("all NaN: got %+v", q)
	}
}

func TestReplicateIsDeterministic(t *testing.T) {
	p := mustPlan(t, testConfig())
	a, err := p.Replicate(context.Background(), Options{Runs: 12, Seed: 9, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := p.Replicate(context.Background(), Options{Runs: 12, Seed: 9, Workers: 4})
	c, _ := p.Replicate(context.Background(), Options{Runs: 12, Seed: 10, Workers: 4})
	same := func(x, y *Ensemble) bool {
		for _, o := range Outcomes() {
			if !slices.EqualFunc(x.Values(o), y.Values(o), func(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }) {
				return false
			}
		}
		for i := range x.Series {
			if !slices.EqualFunc(x.Series[i].Weeks, y.Series[i].Weeks, func(a, b Quantiles) bool {
				return a.N == b.N && (a.P50 == b.P50 || math.IsNaN(a.P50) && math.IsNaN(b.P50))
			}) {
				return false
			}
		}
		return true
	}
	if !same(a, b) {
		t.Error("1 and 4 workers gave different results")
	}
	if same(a, c) {
		t.Error("seeds 9 and 10 gave the same results")
	}
}

func TestReplicateCancels(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := mustPlan(t, testConfig()).Replicate(ctx, Options{Runs: 1000, Seed: 1}); err == nil {
		t.Error("a cancelled context still returned results")
	}
}

// Headcount is conserved: the end is the start plus hires less leavers and
// layoffs, whatever the policy.
func TestHeadcountConserved(t *testing.T) {
	for _, pol := range Names["policy"] {
		for _, layoffs := range []bool{false, true} {
			c := testConfig()
			setPolicy(&c, pol)
			c.Budget.AllowLayoffs = layoffs
			c.Budget.CapPct = 2 // under the need: compressions, freezes and cuts
			p := mustPlan(t, c)
			for i := range uint64(5) {
				tr := p.Run(3, i)
				end := tr.Outcome[FinalInfraEngineers]
				flow := 9 + tr.Outcome[Hires] - tr.Outcome[Leavers] - tr.Outcome[Layoffs] - tr.Outcome[TransfersOut]
				if end != flow || end < 0 {
					t.Errorf("%s, layoffs %v, run %d: %v engineers at the end, flows say %v", pol, layoffs, i, end, flow)
				}
			}
		}
	}
}

func TestSplitTakesTheBiggestProblem(t *testing.T) {
	c := testConfig()
	c.Teams[0].Engineers = 12
	c.Domains[1].BaseHours = 400 // storage is the big problem
	c.Policy.SplitDelay = 0
	c.Budget.CapPct = 50 // the budget is not what this tests
	tr := mustPlan(t, c).Run(1, 0)
	var first string
	for _, e := range tr.Events {
		if e.Kind == "split" && strings.Contains(e.Text, "off the trunk") {
			first = e.Text
			break
		}
	}
	if !strings.HasPrefix(first, "split storage off the trunk (core)") {
		t.Errorf("the trunk's first split: %q, want storage off the core", first)
	}
	if tr.Series(TeamHeadcount, "storage") == nil {
		t.Error("no storage team after the split")
	}
}

// TestBudgetCompression: a need over the cap is compressed at every
// review, headcount is cut to the cap less the compression, and hiring
// freezes meanwhile.
func TestBudgetCompression(t *testing.T) {
	c := testConfig()
	c.Budget.CapPct, c.Budget.CompressionPct = 4, 20
	tr := mustPlan(t, c).Run(1, 0)
	if got, reviews := tr.Outcome[Compressions], float64(len(seq(0, c.Weeks, c.Budget.ReviewWeeks))); got < reviews-1 || got > reviews {
		t.Errorf("compressions %v, want one per review (%v)", got, reviews)
	}
	e := c.Company.Engineers.Curve(c.Weeks)
	last := c.Weeks - 1 - (c.Weeks-1)%c.Budget.ReviewWeeks
	limit := math.Floor(0.04 * e[last] * 0.8)
	if got := tr.Outcome[FinalInfraEngineers]; got > limit {
		t.Errorf("%v engineers after compressions to %v", got, limit)
	}
}

func seq(from, to, step int) []int {
	var out []int
	for i := from; i < to; i += step {
		out = append(out, i)
	}
	return out
}

func TestLeadershipIntervenes(t *testing.T) {
	c := testConfig()
	for i := range c.Domains {
		c.Domains[i].BaseHours = 5000 // far beyond what nine people can do
	}
	tr := mustPlan(t, c).Run(1, 0)
	first := tr.Outcome[FirstInterventionWeek]
	if math.IsNaN(first) || first > 30 {
		t.Errorf("first intervention at %v, want early", first)
	}
	calm := testConfig()
	for i := range calm.Domains {
		calm.Domains[i].BaseHours = 1
	}
	if got := mustPlan(t, calm).Run(1, 0).Outcome[InterventionRate]; got != 0 {
		t.Errorf("an idle organization had an intervention")
	}
}

func TestValidateNamesFields(t *testing.T) {
	c := testConfig()
	c.Policy.Threshold = 2
	c.Domains[1].Exponent = -1
	c.Teams[1].Domains = []string{"compute"}
	err := c.Validate()
	for _, want := range []string{"Policy.Threshold: must be at least branch_min (3), got 2", "Domains[1].Exponent: must be from 0 to 4, got -1", `Teams[1].Domains: domain "compute" is already owned by team "core"`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not say %q", err, want)
		}
	}
}

func TestCommonRandomNumbers(t *testing.T) {
	a := mustPlan(t, testConfig())
	b := mustPlan(t, testConfig())
	for i := range uint64(5) {
		if !slices.EqualFunc(a.Run(8, i).Outcome[:], b.Run(8, i).Outcome[:], func(x, y float64) bool { return x == y || math.IsNaN(x) && math.IsNaN(y) }) {
			t.Errorf("replication %d differs between identical variants", i)
		}
	}
}

// Splitting everything up front gives each domain the trunk may lose its
// own branch at week 0, and keeps the commodity domain in the trunk.
func TestSplitUpFront(t *testing.T) {
	c := testConfig()
	c.Teams[0].Engineers = 9
	c.Policy.UpFront = true
	c.Budget.CapPct = 50 // the budget is not what this tests
	tr := mustPlan(t, c).Run(1, 0)
	splits := 0
	for _, e := range tr.Events {
		if e.Kind == "split" && e.Week == 0 {
			splits++
		}
	}
	if splits != 2 { // storage and ci leave; compute is commodity
		t.Errorf("%d splits at week 0, want 2", splits)
	}
	for _, n := range []string{"storage", "ci"} {
		if hc := tr.Series(TeamHeadcount, n); hc == nil || hc[0] != 3 {
			t.Errorf("branch %s at week 0: %v", n, hc)
		}
	}
}

// TestNoTeamCanHire: when every live team is a trunk at its cap, a hire
// has nowhere to go and the offer is rescinded, rather than the run
// failing.
func TestNoTeamCanHire(t *testing.T) {
	c := testConfig()
	for i := range c.Domains {
		c.Domains[i].Commodity = true
	}
	c.Teams = []Team{{Name: "core", Engineers: 3, Domains: []string{"compute", "storage", "ci", "observability"}, Trunk: true}}
	c.Policy.TrunkCap = 3
	tr := mustPlan(t, c).Run(1, 0)
	if got := tr.Outcome[FinalTrunkEngineers]; got > 3 {
		t.Errorf("the trunk ends with %v engineers, over its cap of 3", got)
	}
}

// TestSubdivisionKeepsDemand: a branch that halves its domain shares the
// domain's work between the halves, so the domain's demand does not jump
// the week it splits.
func TestSubdivisionKeepsDemand(t *testing.T) {
	c := testConfig()
	c.Policy.SplitDelay = 0
	c.Budget.CapPct = 50
	c.Domains[3].BaseHours = 300 // observability outgrows its branch
	tr := mustPlan(t, c).Run(1, 0)
	d := tr.Series(DomainDemand, "observability")
	subdivided := false
	for _, e := range tr.Events {
		if e.Kind == "split" && strings.HasPrefix(e.Text, "split observability in two") {
			subdivided = true
			if w := e.Week; w > 0 && w+1 < len(d) && (d[w] > 1.1*d[w-1] || d[w] > 1.1*d[w+1]) {
				t.Errorf("week %d: observability's demand %.0f between %.0f and %.0f", w, d[w], d[w-1], d[w+1])
			}
		}
	}
	if !subdivided {
		t.Fatal("observability never subdivided")
	}
}

// TestEmptyTeamIsStaffed: a team that owns work but has no engineers asks
// for them at the first review.
func TestEmptyTeamIsStaffed(t *testing.T) {
	c := testConfig()
	c.Teams[1].Engineers = 0
	c.Budget.CapPct = 50
	tr := mustPlan(t, c).Run(1, 0)
	if hc := tr.Series(TeamHeadcount, "obs"); hc[26] < float64(c.Policy.BranchMin) {
		t.Errorf("the empty team has %v engineers after half a year", hc[26])
	}
}

// A Runner's runs are Run's, series and outcomes, although its trace is
// reused: a series an earlier run had and this one did not is nil.
func TestRunnerIsRun(t *testing.T) {
	p := mustPlan(t, testConfig())
	rn := p.Runner()
	same := func(x, y []float64) bool {
		return (x == nil) == (y == nil) && slices.EqualFunc(x, y, func(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) })
	}
	for i := range 8 {
		a, b := p.Run(3, uint64(i)), rn.Run(3, uint64(i))
		if !same(a.Outcome[:], b.Outcome[:]) {
			t.Errorf("run %d: outcomes %v, Run's %v", i, b.Outcome, a.Outcome)
		}
		for _, k := range b.Keys {
			if !same(a.Series(k.Metric, k.Subject), b.Series(k.Metric, k.Subject)) {
				t.Errorf("run %d: %v differs from Run's", i, k)
			}
		}
	}
}

// capacity adds the hours of each team's first t.ramped members without
// looking at them: every week of every policy, with layoffs and
// subdivided branches, those members are fully ramped.
func TestRampedPrefix(t *testing.T) {
	for _, pol := range []string{TrunkAndBranches, TrunkShare, Centralized, Fragmented} {
		c := testConfig()
		c.Policy.Name = pol
		c.Policy.Subdivide = true
		c.Budget.AllowLayoffs = true
		c.Company.Engineers = Growth{Start: 100, Model: Phased, Phases: []Phase{{Weeks: 60, AnnualPct: 300}, {Weeks: 20, StepPct: -30}, {Weeks: 24, AnnualPct: 50}}}
		p := mustPlan(t, c)
		prefixed := 0
		for i := range uint64(4) {
			r := p.newRun(newTrace(c.Weeks), newStream(3, i))
			r.build()
			r.warmStart()
			r.begin()
			for r.week = 0; r.week < c.Weeks; r.week++ {
				r.step()
				for ti, tm := range r.teams {
					prefixed += tm.ramped
					for _, m := range tm.members[:tm.ramped] {
						if !r.rampedUp(&r.people[m]) {
							t.Fatalf("%s, run %d, week %d: team %d counts a member still ramping among its first %d", pol, i, r.week, ti, tm.ramped)
						}
					}
				}
			}
		}
		if prefixed == 0 {
			t.Errorf("%s: no team knew any member to be fully ramped", pol)
		}
	}
}
