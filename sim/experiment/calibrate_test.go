package experiment

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/trunksim/trunksim/internal/simtest"
	"github.com/trunksim/trunksim/sim"
)

// observe measures an organization's first quarter as a leader would:
// each observed figure is the simulated median.
func observe(t *testing.T, c *sim.Config, runs int) {
	t.Helper()
	ts, ps := Today(c)
	e := &evaluator{ctx: context.Background(), base: c, targets: ts, params: ps, o: CalibrateOptions{Runs: runs, Seed: 7}, weeks: c.Weeks}
	r, err := e.simulate(c)
	if err != nil {
		t.Fatal(err)
	}
	o := &c.Observed
	for i, tg := range ts {
		v := sim.Summarize(r[i]).P50
		switch tg.Key {
		case sim.Key{Metric: sim.Attrition}:
			o.AttritionPct = v * 100
		case sim.Key{Metric: sim.BudgetShare}:
			o.BudgetSharePct = v * 100
		}
		for j := range o.Teams {
			ot := &o.Teams[j]
			if ot.Name != tg.Key.Subject {
				continue
			}
			switch tg.Key.Metric {
			case sim.TeamOpsShare:
				ot.OpsShare = v
			case sim.TeamPagesPerShift:
				ot.PagesPerShift = v
			case sim.TeamIncidents:
				ot.IncidentsPerWeek = v
			case sim.TeamBacklogWeeks:
				ot.BacklogWeeks = v
			}
		}
	}
}

// observeAll marks every figure Today knows as observed (with a
// placeholder value that observe replaces).
func observeAll(c *sim.Config) {
	c.Observed.AttritionPct, c.Observed.BudgetSharePct = 0, 0
	for _, tm := range c.Teams {
		ot := sim.DefaultObservedTeam()
		ot.Name = tm.Name
		ot.OpsShare, ot.PagesPerShift, ot.IncidentsPerWeek = 0, 0, 0
		c.Observed.Teams = append(c.Observed.Teams, ot)
	}
}

// Calibration recovers inputs it was not told: an organization whose
// domains ask for more work, page more and fire more than the defaults,
// and whose morale is lower, is observed; a calibration from the defaults
// reproduces every observation within tolerance, and moves each input the
// right way.
func TestCalibrateRecoversToday(t *testing.T) {
	truth := simtest.Org(156, 150, 60, 6, 0)
	for i := range truth.Domains {
		truth.Domains[i].BaseHours *= 1.6
		truth.Domains[i].AlertFactor = 3
		truth.Domains[i].FireFactor = 2
	}
	truth.People.MoraleBase = 0.5
	observeAll(&truth)
	observe(t, &truth, 32)
	start := simtest.Org(156, 150, 60, 6, 0)
	start.Observed = truth.Observed
	ts, ps := Today(&start)
	cal, err := Calibrate(context.Background(), &start, ts, ps, CalibrateOptions{Runs: 32, Seed: 3, Tolerance: 0.1})
	if err != nil {
		for _, tf := range cal.Targets {
			t.Logf("%s: observed %.3g simulated %.3g err %.2f", tf.Label(), tf.Value, tf.Sim.P50, tf.Err)
		}
		t.Fatal(err)
	}
	for _, tf := range cal.Targets {
		if !tf.Met(0.1) {
			t.Errorf("%s: observed %.3g, simulated %.3g", tf.Label(), tf.Value, tf.Sim.P50)
		}
	}
	// Each input is recovered within a quarter of the truth (the reserve,
	// which the budget share sees only in whole heads, within 40%); the
	// work's size and the morale base are pinned by their one figure each.
	want := map[string]float64{"Allocation.ReservePct": 20, "base_hours of core's domains": 1.6, "alert_factor of core's domains": 3, "fire_factor of core's domains": 2,
		"base_hours of obs's domains": 1.6, "alert_factor of obs's domains": 3, "fire_factor of obs's domains": 2, "People.MoraleBase": 0.5}
	for _, f := range cal.Params {
		t.Logf("%s: x=%.3g ±%.2f (%s)", f.Name, f.X, f.Spread, f.Identified())
		w, ok := want[f.Name]
		switch {
		case !ok:
			t.Errorf("unexpected parameter %s", f.Name)
		case math.Abs(f.X/w-1) > 0.25 && !(f.Name == "Allocation.ReservePct" && math.Abs(f.X/w-1) < 0.4):
			t.Errorf("%s fitted at %.3g, truth %.3g", f.Name, f.X, w)
		case (f.Name == "People.MoraleBase" || strings.HasPrefix(f.Name, "base_hours")) && f.Identified() == "not pinned by the data":
			t.Errorf("%s: %s", f.Name, f.Identified())
		}
	}
	if got := cal.Config.Domains[1].BaseHours; math.Abs(got/truth.Domains[1].BaseHours-1) > 0.25 {
		t.Errorf("storage's base hours %.3g, truth %.3g", got, truth.Domains[1].BaseHours)
	}
	t.Logf("%d trials", cal.Trials)
}

// Observations that cannot all be met are a conflict naming them, never
// a silent bad fit: an ops share of 2% with 60 pages a shift.
func TestCalibrateConflict(t *testing.T) {
	c := simtest.Org(156, 150, 60, 6, 0)
	ot := sim.DefaultObservedTeam()
	ot.Name, ot.OpsShare, ot.PagesPerShift = "core", 0.02, 60
	c.Observed.Teams = []sim.ObservedTeam{ot}
	ts, ps := Today(&c)
	cal, err := Calibrate(context.Background(), &c, ts, ps, CalibrateOptions{Runs: 16, Seed: 3, Tolerance: 0.1})
	if !errors.Is(err, ErrConflict) {
		t.Fatalf("got %v, want a conflict", err)
	}
	if len(cal.Conflicts) == 0 {
		t.Fatal("no conflict named")
	}
	// Both are named: the ops share with its base hours at their lowest;
	// the pages with their alert factor at an end, or unable to move them
	// and pulling against the ops share.
	why := map[string]string{}
	for _, cf := range cal.Conflicts {
		t.Logf("%s: %+v", cal.Targets[cf.Target].Label(), cf)
		switch {
		case len(cf.AtBound) > 0:
			why[cal.Targets[cf.Target].Label()] = cal.Params[cf.AtBound[0]].Name + " at the " + cal.Params[cf.AtBound[0]].End()
		case len(cf.Inert) > 0 && len(cf.With) > 0:
			why[cal.Targets[cf.Target].Label()] = cal.Params[cf.Inert[0]].Name + " inert, against " + cal.Targets[cf.With[0]].Label()
		}
	}
	if r := why["ops_share on core"]; r != "base_hours of core's domains at the lowest" {
		t.Errorf("ops share: %q", r)
	}
	if r := why["pages_per_shift on core"]; !strings.HasPrefix(r, "alert_factor of core's domains at the") && r != "alert_factor of core's domains inert, against ops_share on core" {
		t.Errorf("pages: %q", r)
	}
}
