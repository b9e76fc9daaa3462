package experiment

import (
	"context"
	"math"
	"testing"

	"github.com/trunksim/trunksim/internal/simtest"
	"github.com/trunksim/trunksim/sim"
)

// expected is the history an organization is expected to have: the mean
// of each series over many runs, every few weeks. (One run's history has
// its luck in it, which no fit should be asked to reproduce.)
func expected(t *testing.T, c *sim.Config, keys []sim.Key, every int) []sim.Observation {
	t.Helper()
	c = c.Clone()
	holdTeams(c)
	p, err := sim.NewPlan(c)
	if err != nil {
		t.Fatal(err)
	}
	e, err := p.Replicate(context.Background(), sim.Options{Runs: 64, Seed: 99})
	if err != nil {
		t.Fatal(err)
	}
	var obs []sim.Observation
	for _, k := range keys {
		s := e.Stats(k.Metric, k.Subject)
		if s == nil {
			t.Fatalf("no series %v", k)
		}
		for w := 0; w < c.Weeks; w += every {
			obs = append(obs, sim.Observation{Week: w, Key: k, Value: s.Weeks[w].Mean})
		}
	}
	return obs
}

// Parameter recovery: an organization simulated with chosen values (the
// trunk's demand outgrowing its driver, automation eroding faster,
// attrition answering morale more strongly, lower morale, more work) is
// fed back as two years of history (each team's ops share and pages, the
// trunk's incidents, two domains' demand, attrition, morale, investment
// and the budget share, every other week), and a calibration from the defaults
// finds the chosen values again, within a stated tolerance, for every
// parameter the data pin; the exponent and attrition's sensitivity to
// morale must be among them.
func TestCalibrateRecoversHistory(t *testing.T) {
	start := simtest.Org(104, 150, 80, 6, 0)
	truth := start.Clone()
	for _, d := range []int{0, 1, 2} { // the trunk's domains
		truth.Domains[d].Exponent = 1.3
		truth.Domains[d].BaseHours *= 1.4
	}
	for d := range truth.Domains {
		truth.Domains[d].ErosionAt3x *= 1.5
	}
	truth.People.MoraleAttrition = 5
	truth.People.MoraleBase = 0.55
	keys := []sim.Key{
		{Metric: sim.TeamOpsShare, Subject: "core"}, {Metric: sim.TeamPagesPerShift, Subject: "core"}, {Metric: sim.TeamIncidents, Subject: "core"},
		{Metric: sim.TeamOpsShare, Subject: "obs"}, {Metric: sim.TeamPagesPerShift, Subject: "obs"},
		{Metric: sim.Attrition}, {Metric: sim.Morale}, {Metric: sim.InvestShare}, {Metric: sim.BudgetShare},
		{Metric: sim.DomainDemand, Subject: "storage"}, {Metric: sim.DomainDemand, Subject: "observability"},
	}
	obs := expected(t, truth, keys, 2)
	ts, ps := History(&start, obs)
	cal, err := Calibrate(context.Background(), &start, ts, ps, CalibrateOptions{Runs: 32, Seed: 5, Tolerance: 0.1, Hold: true, MaxTrials: 1500})
	if err != nil && cal == nil {
		t.Fatal(err)
	}
	want := map[string]float64{
		"base_hours of core's domains": 1.4, "alert_factor of core's domains": 1, "fire_factor of core's domains": 1, "exponent of core's domains": 1.3,
		"base_hours of obs's domains": 1, "alert_factor of obs's domains": 1, "fire_factor of obs's domains": 1, "exponent of obs's domains": 1,
		"erosion_at_3x of every domain": 1.5, "People.MoraleAttrition": 5, "People.MoraleBase": 0.55, "Allocation.ReservePct": 20,
	}
	// The tolerance on a recovered parameter: a tenth for the exponent,
	// which compounds over two years; more than a third for the reserve,
	// which the budget share sees only in whole heads; a quarter for the
	// rest.
	tol := map[string]float64{"exponent of core's domains": 0.1, "exponent of obs's domains": 0.1, "Allocation.ReservePct": 0.4}
	pinned := map[string]bool{}
	for _, f := range cal.Params {
		w := want[f.Name]
		tl, ok := tol[f.Name]
		if !ok {
			tl = 0.25
		}
		t.Logf("%-32s fitted %6.3g truth %6.3g  ±%5.2f  %s", f.Name, f.X, w, f.Spread, f.Identified())
		if f.Identified() != "pinned" {
			continue
		}
		pinned[f.Name] = true
		if math.Abs(f.X/w-1) > tl {
			t.Errorf("%s: fitted %.3g, truth %.3g (tolerance %.0f%%)", f.Name, f.X, w, 100*tl)
		}
	}
	for _, name := range []string{"exponent of core's domains", "erosion_at_3x of every domain", "People.MoraleAttrition", "base_hours of core's domains"} {
		if !pinned[name] {
			t.Errorf("%s is not pinned by two years of history", name)
		}
	}
	// The fit reproduces the history: nearly every quarter of every series
	// within a tenth, and all within a fifth.
	bad := 0
	for _, tf := range cal.Targets {
		if !tf.Met(0.1) {
			bad++
		}
		if !tf.Met(0.2) {
			t.Errorf("%s: observed %.3g, simulated %.3g", tf.Label(), tf.Value, tf.Sim.P50)
		}
	}
	t.Logf("%d of %d targets outside 10%%, loss %.3g, %d trials", bad, len(cal.Targets), cal.Loss, cal.Trials)
	if bad > len(cal.Targets)/20 {
		t.Errorf("%d of %d targets outside the tolerance", bad, len(cal.Targets))
	}
}
