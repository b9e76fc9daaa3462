package sim_test

// Face validity: what an experienced infra leader checks first (sim/MODEL.md).
// Each test runs the built-ins and the scenarios under testdata/face, which
// differ from them: a slow B2B company, a large stable one, a company with
// a freeze and a layoff, and one whose trunk starts overloaded.

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"testing"

	"github.com/trunksim/trunksim/scenarios"
	"github.com/trunksim/trunksim/sim"
)

var policies = []string{sim.Centralized, sim.TrunkAndBranches, sim.TrunkShare, sim.Fragmented}

const (
	b2b        = "testdata/face/slow-b2b.toml"
	stable     = "testdata/face/large-stable.toml"
	freeze     = "testdata/face/freeze-layoff.toml"
	overloaded = "testdata/face/overloaded-trunk.toml"
)

// growth sets the company's yearly growth, usage following the engineers.
func growth(pct int) []string {
	return []string{fmt.Sprintf("company.engineers.annual_pct=%d", pct), "company.usage.model=engineers"}
}

// Slowing the whole company's growth never makes things worse under any
// policy: weeks below quality and sustained failure do not rise (beyond
// the noise of the runs) as growth falls.
func TestFaceSlowerGrowthNeverWorse(t *testing.T) {
	skipShort(t)
	for _, sc := range []struct {
		name  string
		rates []int
	}{{"uber-hypergrowth", []int{400, 150, 30}}, {"steady-growth", []int{30, 10, 0}}, {b2b, []int{10, 0}}} {
		for _, pol := range policies {
			var prev *sim.Ensemble
			for _, g := range sc.rates {
				e := ensemble(t, sc.name, append(growth(g), "policy.name="+pol)...)
				if prev != nil {
					w, pw := outcome(e, sim.WeeksBelowQuality).Mean, outcome(prev, sim.WeeksBelowQuality).Mean
					s, ps := outcome(e, sim.SustainedFailure).Mean, outcome(prev, sim.SustainedFailure).Mean
					check(t, w <= pw+3 && s <= ps+0.05, "%s, %s, %d%% a year: weeks below %.1f, sustained failure %.2f; faster growth gave %.1f, %.2f",
						sc.name, pol, g, w, s, pw, ps)
				}
				prev = e
			}
		}
	}
}

// An organization that does not grow and is staffed for its work is
// stable: no interventions to speak of, morale steady, no churn through
// its own staff.
func TestFaceStableOrgIsStable(t *testing.T) {
	skipShort(t)
	for _, sc := range [][]string{{stable}, {b2b, "company.engineers.annual_pct=0"}} {
		for _, pol := range policies[:3] {
			e := ensemble(t, sc[0], append(sc[1:], "policy.name="+pol)...)
			morale := e.Stats(sim.Morale, "")
			start, end := morale.Weeks[0].Mean, morale.Weeks[e.Weeks-1].Mean
			check(t, outcome(e, sim.InterventionRate).Mean <= 0.15, "%s, %s: intervention rate %.2f over %d weeks", sc[0], pol, outcome(e, sim.InterventionRate).Mean, e.Weeks)
			check(t, outcome(e, sim.SustainedFailure).Mean <= 0.02, "%s, %s: sustained failure %.2f", sc[0], pol, outcome(e, sim.SustainedFailure).Mean)
			check(t, end > start-0.12 && end < start+0.12, "%s, %s: morale from %.2f to %.2f", sc[0], pol, start, end)
			years := float64(e.Weeks) / 52
			heads := seriesMean(t, e, sim.InfraEngineers, "", 0, e.Weeks)
			rate := outcome(e, sim.Leavers).Mean / heads / years
			check(t, rate < 0.2, "%s, %s: %.0f%% of its own staff leave a year", sc[0], pol, 100*rate)
		}
	}
}

// A trunk whose commodity domains are collapsing is seen by leadership,
// even when branches are healthy: a starved trunk's quality falls and
// brings interventions that a healthy one does not. (That leadership sees
// no better than the primitives is leadership.go's rule, not a check.)
func TestFaceCollapsingTrunkSeen(t *testing.T) {
	skipShort(t)
	healthy := ensemble(t, "steady-growth")
	e := ensemble(t, "steady-growth", "policy.trunk_cap=3")
	check(t, outcome(e, sim.TrunkLastYearQuality).Mean < 0.75 && outcome(healthy, sim.TrunkLastYearQuality).Mean > 0.9,
		"trunk quality in the last year: starved %.2f, healthy %.2f", outcome(e, sim.TrunkLastYearQuality).Mean, outcome(healthy, sim.TrunkLastYearQuality).Mean)
	check(t, outcome(e, sim.InterventionRate).Mean >= 0.8 && outcome(healthy, sim.InterventionRate).Mean <= 0.2,
		"leadership intervened in %.0f%% of runs with the starved trunk, %.0f%% with the healthy one", 100*outcome(e, sim.InterventionRate).Mean, 100*outcome(healthy, sim.InterventionRate).Mean)
}

// Service quality at its best does not mean half the organization is
// idle: the budget follows need.
func TestFaceBestQualityNotIdle(t *testing.T) {
	skipShort(t)
	checked := 0
	for _, sc := range []string{"uber-hypergrowth", "steady-growth", "early-startup", b2b, stable} {
		for _, pol := range policies[:3] {
			e := ensemble(t, sc, "policy.name="+pol)
			if outcome(e, sim.LastYearQuality).Mean < 0.9 {
				continue
			}
			checked++
			idle := seriesMean(t, e, sim.IdleShareOfCapacity, "", e.Weeks-52, e.Weeks)
			check(t, idle < 0.5, "%s, %s: quality %.2f with %.0f%% of capacity idle over the last year", sc, pol, outcome(e, sim.LastYearQuality).Mean, 100*idle)
		}
	}
	// The check must have cases to check: most of these organizations end
	// at their best quality.
	check(t, checked >= 10, "only %d of 15 cases end at quality 0.9 or above", checked)
}

// A company freeze or layoff reaches infra: infra takes no one on while
// the company freezes, and shrinks when the company lays off.
func TestFaceFreezeAndLayoffReachInfra(t *testing.T) {
	skipShort(t)
	for _, pol := range policies {
		e := ensemble(t, freeze, "policy.name="+pol)
		infra := e.Stats(sim.InfraEngineers, "")
		at := func(w int) float64 { return infra.Weeks[w].Mean }
		check(t, at(77) <= at(53)+0.5, "%s: infra grew from %.1f to %.1f during the company's freeze", pol, at(53), at(77))
		check(t, at(80) <= 0.85*at(77), "%s: infra went from %.1f to %.1f when the company laid off 20%%", pol, at(77), at(80))
	}
}

// The built-in uber-hypergrowth starts where seed 001 starts, and left
// centralized its alerts grow with the company.
func TestFaceUberWeekZero(t *testing.T) {
	skipShort(t)
	s, err := scenarios.Load("uber-hypergrowth")
	if err != nil {
		t.Fatal(err)
	}
	trunk := s.Config.Teams[0]
	check(t, trunk.Trunk && trunk.Engineers == 5 && len(trunk.Domains) >= 6, "the trunk: %+v, want operations of about 5 doing everything else", trunk)
	e := ensemble(t, "uber-hypergrowth", "policy.name=centralized")
	pages := e.Stats(sim.PagesPerShift, "").Weeks
	check(t, pages[0].Mean >= 50, "pages per 12-hour shift at week 0: %.0f, want on the order of a hundred", pages[0].Mean)
	sp := e.Stats(sim.DomainDemand, "service-provisioning").Weeks[0].Mean
	check(t, sp >= 8 && sp <= 80, "service provisioning at week 0: %.0f hours a week, want one to two days per new service, a few a week", sp)
	inc := func(d string) float64 {
		return e.Stats(sim.DomainIncidents, d).Weeks[0].Mean / e.Stats(sim.DomainDemand, d).Weeks[0].Mean
	}
	for _, d := range []string{"networking", "secrets-iam", "dns-edge", "service-provisioning"} {
		check(t, inc("compute") > inc(d), "compute fires less per hour of work (%.4f) than %s (%.4f)", inc("compute"), d, inc(d))
	}
	late := seriesMean(t, e, sim.PagesPerShift, "", e.Weeks-26, e.Weeks)
	check(t, late > 3*pages[0].Mean, "left centralized, pages per shift went from %.0f to %.0f, want growing with the company", pages[0].Mean, late)
}

// A funded, moderately growing company does not fail in its first quarter
// under any policy that staffs its teams.
func TestFaceNoFirstQuarterFailure(t *testing.T) {
	skipShort(t)
	for _, sc := range []string{"steady-growth", "early-startup", b2b} {
		for _, pol := range policies {
			e := ensemble(t, sc, "policy.name="+pol)
			q := e.Stats(sim.Quality, "")
			for w := range 13 {
				if q.Weeks[w].Mean < 0.6 {
					t.Errorf("%s, %s: mean quality %.2f in week %d", sc, pol, q.Weeks[w].Mean, w)
					break
				}
			}
		}
	}
}

var splitText = regexp.MustCompile(`a new branch(?:, \S+,)? of (\d+), leaving (\d+) of (\d+) engineers,`)

// No policy ever produces a branch smaller than the minimum branch size:
// every split, in every run of every scenario, leaves both teams at least
// branch_min.
func TestFaceNoBranchBelowMinimum(t *testing.T) {
	skipShort(t)
	for _, sc := range []string{"uber-hypergrowth", "steady-growth", "early-startup", overloaded} {
		for _, sets := range [][]string{{"policy.name=trunk-and-branches"}, {"policy.name=trunk-share"}, {"policy.up_front=true"}, {"policy.branch_min=4", "policy.threshold=9", "policy.subdivide_at=8"}} {
			s, err := scenarios.Load(sc, sets...)
			if err != nil {
				t.Fatal(err)
			}
			p, err := sim.NewPlan(&s.Config)
			if err != nil {
				t.Fatal(err)
			}
			bm := s.Config.Policy.BranchMin
			splits := 0
			for i := range uint64(30) {
				for _, ev := range p.Run(3, i).Events {
					m := splitText.FindStringSubmatch(ev.Text)
					if ev.Kind != "split" || m == nil {
						continue
					}
					splits++
					size, _ := strconv.Atoi(m[1])
					left, _ := strconv.Atoi(m[2])
					if left < bm || size < bm {
						t.Errorf("%s %v, run %d, week %d: %q leaves a team under %d", sc, sets, i, ev.Week, ev.Text, bm)
					}
				}
			}
			check(t, splits > 0, "%s %v: no splits in 30 runs to check", sc, sets)
		}
	}
}

// Changing any single input that matters most by 10% does not flip a
// headline verdict: trunk-and-branches ahead of fragmentation on weeks
// below quality, and ahead of centralization on sustained failure.
func TestFaceTenPercentNoFlip(t *testing.T) {
	skipShort(t)
	inputs := []struct {
		key   string
		base  float64
		whole bool
	}{
		{"company.engineers.start", 200, true}, {"company.engineers.annual_pct", 400, false}, {"people.hours_per_week", 40, false},
		{"budget.cap_pct", 12, false}, {"leadership.quality_threshold", 0.6, false}, {"people.attrition_pct", 13, false},
	}
	for _, in := range inputs {
		for _, f := range []float64{0.9, 1.1} {
			v := in.base * f
			set := fmt.Sprintf("%s=%g", in.key, v)
			if in.whole {
				set = fmt.Sprintf("%s=%d", in.key, int(v+0.5))
			}
			tb := ensemble(t, "uber-hypergrowth", set, "policy.name=trunk-and-branches")
			c := ensemble(t, "uber-hypergrowth", set, "policy.name=centralized")
			fr := ensemble(t, "uber-hypergrowth", set, "policy.name=fragmented")
			check(t, outcome(tb, sim.WeeksBelowQuality).Mean < outcome(fr, sim.WeeksBelowQuality).Mean, "%s: weeks below, trunk-and-branches %.1f, fragmented %.1f", set, outcome(tb, sim.WeeksBelowQuality).Mean, outcome(fr, sim.WeeksBelowQuality).Mean)
			check(t, outcome(tb, sim.SustainedFailure).Mean < outcome(c, sim.SustainedFailure).Mean, "%s: sustained failure, trunk-and-branches %.2f, centralized %.2f", set, outcome(tb, sim.SustainedFailure).Mean, outcome(c, sim.SustainedFailure).Mean)
		}
	}
}

var _ = context.Background
