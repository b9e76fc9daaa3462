package sim_test

import (
	"context"
	"math"
	"strconv"
	"testing"

	"github.com/trunksim/trunksim/scenarios"
	"github.com/trunksim/trunksim/sim"
	"gonum.org/v1/gonum/stat"
)

func TestDistQuantiles(t *testing.T) {
	for _, tc := range []struct {
		d            sim.Dist
		p, want, tol float64
	}{
		{sim.Dist{Kind: sim.DistUniform, Low: 2, High: 4}, 0.5, 3, 1e-12},
		{sim.Dist{Kind: sim.DistUniform, Low: 2, High: 4}, 0.25, 2.5, 1e-12},
		{sim.Dist{Kind: sim.DistTriangular, Low: 0, Mode: 1, High: 2}, 0.5, 1, 1e-12},
		{sim.Dist{Kind: sim.DistTriangular, Low: 0, Mode: 0, High: 1}, 0.75, 0.5, 1e-12},
		{sim.Dist{Kind: sim.DistLognormal, Median: 40, P90: 60}, 0.5, 40, 1e-9},
		{sim.Dist{Kind: sim.DistLognormal, Median: 40, P90: 60}, 0.9, 60, 1e-6},
	} {
		if msg := tc.d.Check(); msg != "" {
			t.Fatalf("%v: %s", tc.d, msg)
		}
		if got := tc.d.Quantile(tc.p); math.Abs(got-tc.want) > tc.tol {
			t.Errorf("%v at %v: %v, want %v", tc.d, tc.p, got, tc.want)
		}
	}
	for _, bad := range []sim.Dist{
		{Kind: "normal", Low: 1, High: 2},
		{Kind: sim.DistUniform, Low: 2, High: 2},
		{Kind: sim.DistTriangular, Low: 0, Mode: 3, High: 2},
		{Kind: sim.DistLognormal, Median: 0, P90: 1},
		{Kind: sim.DistLognormal, Median: 2, P90: 1},
		{Kind: sim.DistUniform, Low: math.Inf(-1), High: 1},
	} {
		if bad.Check() == "" {
			t.Errorf("%v accepted", bad)
		}
	}
}

// uncertainEnsemble runs steady-growth under pol with its growth given
// as a triangular distribution from low to high.
func uncertainEnsemble(t *testing.T, pol string, low, mode, high float64) (*sim.Plan, *sim.Ensemble) {
	t.Helper()
	s, err := scenarios.Load("steady-growth", "policy.name="+pol,
		"company.engineers.annual_pct={ dist = \"triangular\", low = "+fmtNum(low)+", mode = "+fmtNum(mode)+", high = "+fmtNum(high)+" }")
	if err != nil {
		t.Fatal(err)
	}
	p, err := sim.NewPlan(&s.Config)
	if err != nil {
		t.Fatal(err)
	}
	e, err := p.Replicate(context.Background(), sim.Options{Runs: 40, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	return p, e
}

func fmtNum(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// Replication i draws the same inputs under every variant (the company
// each run grows is the same), so paired differences between policies are
// far narrower than unpaired ones; and the bands widen with an input's
// spread.
func TestUncertainInputsCommonRandomNumbers(t *testing.T) {
	pa, a := uncertainEnsemble(t, sim.TrunkAndBranches, 5, 30, 60)
	pb, b := uncertainEnsemble(t, sim.Centralized, 5, 30, 60)
	for i := range uint64(5) {
		ea := pa.Run(3, i).Series(sim.ProductEngineers, "")
		eb := pb.Run(3, i).Series(sim.ProductEngineers, "")
		if ea[len(ea)-1] != eb[len(eb)-1] {
			t.Errorf("run %d: %v product engineers under one policy, %v under the other", i, ea[len(ea)-1], eb[len(eb)-1])
		}
	}
	x, y := a.Values(sim.FinalInfraEngineers), b.Values(sim.FinalInfraEngineers)
	paired, unpaired := make([]float64, len(x)), make([]float64, len(x))
	for i := range x {
		paired[i] = x[i] - y[i]
		unpaired[i] = x[i] - y[(i+1)%len(y)]
	}
	sp, su := stat.StdDev(paired, nil), stat.StdDev(unpaired, nil)
	t.Logf("final infra engineers, trunk-and-branches less centralized: paired sd %.1f, unpaired %.1f", sp, su)
	if !(sp < 0.7*su) {
		t.Errorf("final infra engineers, trunk-and-branches less centralized: paired sd %.1f, unpaired %.1f", sp, su)
	}
	_, narrow := uncertainEnsemble(t, sim.TrunkAndBranches, 29, 30, 31)
	width := func(e *sim.Ensemble) float64 {
		q := e.Outcome(sim.FinalInfraEngineers)
		return q.P90 - q.P10
	}
	t.Logf("final infra engineers' p10 to p90: %.0f with growth 5 to 60%%, %.0f with 29 to 31%%", width(a), width(narrow))
	if !(width(a) > 1.5*width(narrow)) {
		t.Errorf("final infra engineers' p10 to p90: %.0f with growth 5 to 60%%, %.0f with 29 to 31%%", width(a), width(narrow))
	}
	same := func(e *sim.Ensemble) bool {
		v := e.Values(sim.FinalInfraEngineers)
		for _, x := range v {
			if x != v[0] {
				return false
			}
		}
		return true
	}
	if same(a) {
		t.Error("every run ended with the same infra: the draws did not vary")
	}
}

// Uncertain inputs that cannot be drawn as given are refused at
// validation, each end and both corners; a mixed draw that still cannot
// run (automation above its maximum) is an error from Replicate, not a
// panic or a silent run.
func TestUncertainInvalidDraw(t *testing.T) {
	s, err := scenarios.Load("steady-growth")
	if err != nil {
		t.Fatal(err)
	}
	c := s.Config
	c.Domains[0].Automation = 0.5
	c.Domains[0].MaxAutomation = 0.6
	c.Uncertain = []sim.Uncertain{{Field: "Domains[0].MaxAutomation", Dist: sim.Dist{Kind: sim.DistUniform, Low: 0.31, High: 0.7}}}
	if _, err := sim.NewPlan(&c); err == nil {
		t.Error("a maximum automation whose draws fall below the automation was accepted")
	}
	c.Domains[0].Automation, c.Domains[0].MaxAutomation = 0.43, 0.52
	c.Uncertain = []sim.Uncertain{
		{Field: "Domains[0].Automation", Dist: sim.Dist{Kind: sim.DistUniform, Low: 0.35, High: 0.51}},
		{Field: "Domains[0].MaxAutomation", Dist: sim.Dist{Kind: sim.DistUniform, Low: 0.44, High: 0.6}},
	}
	p, err := sim.NewPlan(&c)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Replicate(context.Background(), sim.Options{Runs: 40, Seed: 1}); err == nil {
		t.Error("draws with automation above its maximum ran")
	}
	c.Uncertain = []sim.Uncertain{{Field: "Domains[0].Nope", Dist: sim.Dist{Kind: sim.DistUniform, Low: 0, High: 1}}}
	if _, err := sim.NewPlan(&c); err == nil {
		t.Error("an uncertain field that does not exist was accepted")
	}
}

// An assumption moved to one end of its range, or an input scaled, moves
// an uncertain input's distribution with its median.
func TestUncertainMovesWithAssumption(t *testing.T) {
	s, err := scenarios.Load("steady-growth", `people.morale_attrition={ dist = "uniform", low = 2, high = 4 }`)
	if err != nil {
		t.Fatal(err)
	}
	var a sim.Assumption
	for _, x := range sim.Assumptions {
		if x.Field == "People.MoraleAttrition" {
			a = x
		}
	}
	c := s.Config.Clone()
	a.Apply(c, a.High)
	ratio := a.High / 3
	if d := c.Uncertain[0].Dist; math.Abs(d.Low-2*ratio) > 1e-9 || math.Abs(d.High-4*ratio) > 1e-9 || c.People.MoraleAttrition != a.High {
		t.Errorf("at %v: field %v, distribution %v", a.High, c.People.MoraleAttrition, d)
	}
	if d := s.Config.Uncertain[0].Dist; d.Low != 2 || d.High != 4 {
		t.Errorf("the scenario's own distribution moved: %v", d)
	}
	c = s.Config.Clone()
	c.Scale("People.MoraleAttrition", 1.1)
	if d := c.Uncertain[0].Dist; math.Abs(d.Low-2.2) > 1e-9 || math.Abs(d.High-4.4) > 1e-9 {
		t.Errorf("scaled by 1.1: distribution %v", d)
	}
}

// A variant that makes one more input uncertain draws every other input
// as the rest do: each input's stream is its own.
func TestUncertainDrawsPerInput(t *testing.T) {
	growth := `company.engineers.annual_pct={ dist = "uniform", low = 10, high = 60 }`
	one, err := scenarios.Load("steady-growth", growth)
	if err != nil {
		t.Fatal(err)
	}
	two, err := scenarios.Load("steady-growth", growth, `people.attrition_pct={ dist = "uniform", low = 10, high = 16 }`)
	if err != nil {
		t.Fatal(err)
	}
	p1, err := sim.NewPlan(&one.Config)
	if err != nil {
		t.Fatal(err)
	}
	p2, err := sim.NewPlan(&two.Config)
	if err != nil {
		t.Fatal(err)
	}
	for i := range uint64(4) {
		a := p1.Run(1, i).Series(sim.ProductEngineers, "")
		b := p2.Run(1, i).Series(sim.ProductEngineers, "")
		if a[len(a)-1] != b[len(b)-1] {
			t.Errorf("run %d: %v product engineers with one uncertain input, %v with two", i, a[len(a)-1], b[len(b)-1])
		}
	}
}
