package sim_test

// Tests of the eleven claims in shared/MODEL.md. Each runs built-in
// scenarios many times on common seeds and asserts the claim in median,
// mean or quantile terms. Nothing in the model knows which policy should
// win: these tests fail if the mechanisms stop producing the claim.

import (
	"context"
	"fmt"
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/trunksim/trunksim/scenarios"
	"github.com/trunksim/trunksim/sim"
)

// claimRuns is the number of replications per variant: enough that the
// medians and rates below move by a few percent at most between seeds.
const claimRuns = 120

var ensembles sync.Map // cache: scenario + sets -> *sim.Ensemble

// ensemble runs a built-in scenario with overrides, claimRuns times.
func ensemble(t *testing.T, scenario string, sets ...string) *sim.Ensemble {
	t.Helper()
	key := scenario + "|" + strings.Join(sets, "|")
	if e, ok := ensembles.Load(key); ok {
		return e.(*sim.Ensemble)
	}
	s, err := scenarios.Load(scenario, sets...)
	if err != nil {
		t.Fatal(err)
	}
	p, err := sim.NewPlan(&s.Config)
	if err != nil {
		t.Fatal(err)
	}
	e, err := p.Replicate(context.Background(), sim.Options{Runs: claimRuns, Seed: 42})
	if err != nil {
		t.Fatal(err)
	}
	ensembles.Store(key, e)
	return e
}

func outcome(e *sim.Ensemble, o sim.Outcome) sim.Quantiles { return e.Outcome(o) }

// seriesMean is the mean over weeks [from, to) of a series' across-run mean.
func seriesMean(t *testing.T, e *sim.Ensemble, metric sim.Metric, subject string, from, to int) float64 {
	t.Helper()
	s := e.Stats(metric, subject)
	if s == nil {
		t.Fatalf("no series %s %q", metric, subject)
	}
	var sum float64
	for _, q := range s.Weeks[from:to] {
		sum += q.Mean
	}
	return sum / float64(to-from)
}

func check(t *testing.T, ok bool, format string, args ...any) {
	t.Helper()
	if !ok {
		t.Errorf(format, args...)
	}
}

func skipShort(t *testing.T) {
	if testing.Short() {
		t.Skip("claims run many replications; skipped with -short")
	}
}

// Claim 1: under hypergrowth, never splitting drives on-call load and toil
// up until investment starves, quality breaks the leadership threshold and
// morale and retention fall.
func TestClaim1OverCentralization(t *testing.T) {
	skipShort(t)
	c := ensemble(t, "uber-hypergrowth", "policy.name=centralized")
	tb := ensemble(t, "uber-hypergrowth", "policy.name=trunk-and-branches")
	check(t, outcome(c, sim.InterventionRate).Mean >= 0.8, "centralized: intervention rate %.2f, want most runs", outcome(c, sim.InterventionRate).Mean)
	check(t, outcome(c, sim.PeakPagesPerShift).P50 > 3*outcome(tb, sim.PeakPagesPerShift).P50,
		"centralized peak pages %.1f not well above trunk-and-branches %.1f", outcome(c, sim.PeakPagesPerShift).P50, outcome(tb, sim.PeakPagesPerShift).P50)
	check(t, outcome(c, sim.InvestmentShare).P50 < 0.6*outcome(tb, sim.InvestmentShare).P50,
		"centralized investment share %.2f not starved against %.2f", outcome(c, sim.InvestmentShare).P50, outcome(tb, sim.InvestmentShare).P50)
	check(t, outcome(c, sim.FinalMorale).P90 < outcome(tb, sim.FinalMorale).P10,
		"centralized morale p90 %.2f not below trunk-and-branches p10 %.2f", outcome(c, sim.FinalMorale).P90, outcome(tb, sim.FinalMorale).P10)
	check(t, outcome(c, sim.Leavers).P50 > 2*outcome(tb, sim.Leavers).P50,
		"centralized leavers %.0f not well above %.0f", outcome(c, sim.Leavers).P50, outcome(tb, sim.Leavers).P50)
	// Toil rises: the last year's toil share is higher than the first
	// quarter's, and higher than under trunk-and-branches.
	early, late := 1-seriesMean(t, c, sim.InvestShare, "", 0, 13), 1-seriesMean(t, c, sim.InvestShare, "", 104, 156)
	check(t, late > early+0.2, "centralized toil share %.2f -> %.2f: did not rise", early, late)
}

// Claim 2: trunk and branches with a 6 to 8 threshold keeps quality above
// the threshold, the trunk at about the threshold and most infra engineers
// in branches.
func TestClaim2TrunkAndBranches(t *testing.T) {
	skipShort(t)
	for _, th := range []int{6, 8} {
		e := ensemble(t, "uber-hypergrowth", "policy.name=trunk-and-branches", fmt.Sprintf("policy.threshold=%d", th))
		check(t, outcome(e, sim.WeeksBelowQuality).P50 == 0, "threshold %d: median weeks below quality %.0f", th, outcome(e, sim.WeeksBelowQuality).P50)
		check(t, outcome(e, sim.InterventionRate).Mean <= 0.2, "threshold %d: intervention rate %.2f", th, outcome(e, sim.InterventionRate).Mean)
		check(t, outcome(e, sim.FinalTrunkEngineers).P50 <= float64(th) && outcome(e, sim.FinalTrunkEngineers).P90 <= float64(th)+1, "threshold %d: final trunk p50 %.1f, p90 %.1f (a split may be pending)", th, outcome(e, sim.FinalTrunkEngineers).P50, outcome(e, sim.FinalTrunkEngineers).P90)
		check(t, outcome(e, sim.MaxTrunkEngineers).P50 <= float64(th)+4, "threshold %d: largest trunk %.0f", th, outcome(e, sim.MaxTrunkEngineers).P50)
		check(t, 1-outcome(e, sim.FinalTrunkShare).P50 >= 0.75, "threshold %d: branches hold %.0f%%, want most", th, 100*(1-outcome(e, sim.FinalTrunkShare).P50))
	}
}

// Claim 3: fragmentation costs more engineer-hours for the same demand.
func TestClaim3Fragmentation(t *testing.T) {
	skipShort(t)
	for _, sc := range []string{"uber-hypergrowth", "steady-growth"} {
		f := ensemble(t, sc, "policy.name=fragmented")
		tb := ensemble(t, sc, "policy.name=trunk-and-branches")
		check(t, math.Abs(outcome(f, sim.DemandHours).P50/outcome(tb, sim.DemandHours).P50-1) < 1e-9, "%s: demand differs, %.0f vs %.0f", sc, outcome(f, sim.DemandHours).P50, outcome(tb, sim.DemandHours).P50)
		check(t, outcome(f, sim.RequiredHours).P10 > 1.5*outcome(tb, sim.RequiredHours).P90,
			"%s: fragmented needs %.0f hours, trunk-and-branches %.0f", sc, outcome(f, sim.RequiredHours).P10, outcome(tb, sim.RequiredHours).P90)
	}
}

// Claim 4: with morale too low neither quality nor investment holds,
// because people leave with their context.
func TestClaim4MoraleTooLow(t *testing.T) {
	skipShort(t)
	base := ensemble(t, "uber-hypergrowth")
	low := ensemble(t, "uber-hypergrowth", "people.morale_base=0.4")
	check(t, outcome(low, sim.Leavers).P50 > 2*outcome(base, sim.Leavers).P50, "leavers %.0f vs %.0f", outcome(low, sim.Leavers).P50, outcome(base, sim.Leavers).P50)
	check(t, outcome(low, sim.MeanQuality).P50 < outcome(base, sim.MeanQuality).P50-0.05, "quality %.2f vs %.2f", outcome(low, sim.MeanQuality).P50, outcome(base, sim.MeanQuality).P50)
	check(t, outcome(low, sim.InvestmentShare).P50 < outcome(base, sim.InvestmentShare).P50, "investment %.2f vs %.2f", outcome(low, sim.InvestmentShare).P50, outcome(base, sim.InvestmentShare).P50)
	check(t, outcome(low, sim.InterventionRate).Mean > outcome(base, sim.InterventionRate).Mean+0.3, "interventions %.2f vs %.2f", outcome(low, sim.InterventionRate).Mean, outcome(base, sim.InterventionRate).Mean)
}

// Claim 5: a budget ask above leadership's cap gets compressed, and ends
// with fewer engineers and worse service than a modest ask.
func TestClaim5BudgetTooHigh(t *testing.T) {
	skipShort(t)
	base := ensemble(t, "uber-hypergrowth")
	high := ensemble(t, "uber-hypergrowth", "budget.ask_pct=14")
	check(t, outcome(base, sim.Compressions).P90 == 0, "modest ask compressed %.0f times", outcome(base, sim.Compressions).P90)
	check(t, outcome(high, sim.Compressions).P10 >= 4, "high ask compressed only %.0f times", outcome(high, sim.Compressions).P10)
	check(t, outcome(high, sim.FinalInfraEngineers).P50 < outcome(base, sim.FinalInfraEngineers).P50, "high ask ends with %.0f engineers, modest %.0f", outcome(high, sim.FinalInfraEngineers).P50, outcome(base, sim.FinalInfraEngineers).P50)
	check(t, outcome(high, sim.WeeksBelowQuality).Mean > outcome(base, sim.WeeksBelowQuality).Mean+10, "weeks below %.1f vs %.1f", outcome(high, sim.WeeksBelowQuality).Mean, outcome(base, sim.WeeksBelowQuality).Mean)
}

// Claim 6: with investment too low, exponential problems outgrow
// headcount (Rule Two): build-and-test toil per infra engineer climbs.
func TestClaim6InvestmentTooLow(t *testing.T) {
	skipShort(t)
	base := ensemble(t, "uber-hypergrowth")
	low := ensemble(t, "uber-hypergrowth", "allocation.rule=ops-first", "allocation.reserve_pct=0")
	toilPerEngineer := func(e *sim.Ensemble, from, to int) float64 {
		d := seriesMean(t, e, sim.DomainDemand, "build-test", from, to)
		a := seriesMean(t, e, sim.DomainAutomation, "build-test", from, to)
		return d * (1 - a) / seriesMean(t, e, sim.InfraEngineers, "", from, to)
	}
	bGrowth := toilPerEngineer(base, 130, 156) / toilPerEngineer(base, 0, 13)
	lGrowth := toilPerEngineer(low, 130, 156) / toilPerEngineer(low, 0, 13)
	check(t, lGrowth > 1.5*bGrowth, "build-test toil per engineer grew %.2fx with low investment, %.2fx with the reserve", lGrowth, bGrowth)
	check(t, outcome(low, sim.InvestmentShare).P50 < 0.75*outcome(base, sim.InvestmentShare).P50, "investment %.2f vs %.2f", outcome(low, sim.InvestmentShare).P50, outcome(base, sim.InvestmentShare).P50)
	check(t, outcome(low, sim.RequiredHours).P50 > 1.3*outcome(base, sim.RequiredHours).P50, "required hours %.0f vs %.0f", outcome(low, sim.RequiredHours).P50, outcome(base, sim.RequiredHours).P50)
}

// Claim 7: splitting off the biggest problem beats splitting a random
// domain.
func TestClaim7BiggestProblemFirst(t *testing.T) {
	skipShort(t)
	big := ensemble(t, "uber-hypergrowth", "policy.choose=biggest-problem")
	rnd := ensemble(t, "uber-hypergrowth", "policy.choose=random")
	check(t, outcome(big, sim.WeeksBelowQuality).Mean < outcome(rnd, sim.WeeksBelowQuality).Mean,
		"weeks below: biggest %.1f, random %.1f", outcome(big, sim.WeeksBelowQuality).Mean, outcome(rnd, sim.WeeksBelowQuality).Mean)
	check(t, outcome(big, sim.InterventionRate).Mean < outcome(rnd, sim.InterventionRate).Mean,
		"interventions: biggest %.2f, random %.2f", outcome(big, sim.InterventionRate).Mean, outcome(rnd, sim.InterventionRate).Mean)
	check(t, outcome(big, sim.MeanQuality).Mean > outcome(rnd, sim.MeanQuality).Mean,
		"quality: biggest %.3f, random %.3f", outcome(big, sim.MeanQuality).Mean, outcome(rnd, sim.MeanQuality).Mean)
}

// Claim 8: branches under 3 engineers cannot sustain on-call.
func TestClaim8SmallBranches(t *testing.T) {
	skipShort(t)
	two := ensemble(t, "uber-hypergrowth", "policy.branch_min=2", "policy.subdivide_at=4")
	three := ensemble(t, "uber-hypergrowth", "policy.branch_min=3", "policy.subdivide_at=6")
	check(t, outcome(two, sim.FinalMorale).P90 < outcome(three, sim.FinalMorale).P10, "morale: branches of 2 %.2f, of 3 %.2f", outcome(two, sim.FinalMorale).P90, outcome(three, sim.FinalMorale).P10)
	check(t, outcome(two, sim.Leavers).P50 > 1.2*outcome(three, sim.Leavers).P50, "leavers: branches of 2 %.0f, of 3 %.0f", outcome(two, sim.Leavers).P50, outcome(three, sim.Leavers).P50)
}

// Claim 9: a lower quality floor early gives higher quality later than all
// hands on operations.
func TestClaim9QualityForInvestment(t *testing.T) {
	skipShort(t)
	floor := ensemble(t, "uber-hypergrowth", "allocation.rule=bounded-floor")
	ops := ensemble(t, "uber-hypergrowth", "allocation.rule=ops-first")
	check(t, seriesMean(t, ops, sim.Quality, "", 0, 13) > seriesMean(t, floor, sim.Quality, "", 0, 13),
		"first quarter: ops-first %.2f should beat bounded-floor %.2f", seriesMean(t, ops, sim.Quality, "", 0, 13), seriesMean(t, floor, sim.Quality, "", 0, 13))
	check(t, outcome(floor, sim.LastYearQuality).P50 > outcome(ops, sim.LastYearQuality).P50+0.05,
		"last year: bounded-floor %.2f, ops-first %.2f", outcome(floor, sim.LastYearQuality).P50, outcome(ops, sim.LastYearQuality).P50)
	check(t, outcome(floor, sim.InterventionRate).Mean < outcome(ops, sim.InterventionRate).Mean,
		"interventions: bounded-floor %.2f, ops-first %.2f", outcome(floor, sim.InterventionRate).Mean, outcome(ops, sim.InterventionRate).Mean)
}

// Claim 10: in a company that treats infra as a cost center, the model
// does not save you.
func TestClaim10CostCenter(t *testing.T) {
	skipShort(t)
	for _, pol := range []string{"trunk-and-branches", "trunk-share"} {
		e := ensemble(t, "cost-center", "policy.name="+pol)
		check(t, outcome(e, sim.InterventionRate).Mean >= 0.9, "%s: intervention rate %.2f", pol, outcome(e, sim.InterventionRate).Mean)
		check(t, outcome(e, sim.Compressions).P10 >= 4, "%s: compressions %.0f", pol, outcome(e, sim.Compressions).P10)
	}
}

// Claim 11: a trunk capped too low cannot keep its commodity domains'
// quality as they grow; a trunk sized by share can.
func TestClaim11TrunkTooSmall(t *testing.T) {
	skipShort(t)
	low := ensemble(t, "uber-hypergrowth", "policy.threshold=3")
	normal := ensemble(t, "uber-hypergrowth", "policy.threshold=8")
	share := ensemble(t, "uber-hypergrowth", "policy.name=trunk-share")
	check(t, outcome(low, sim.TrunkLastYearQuality).P50 < outcome(normal, sim.TrunkLastYearQuality).P50-0.3,
		"trunk quality: capped at 3 %.2f, at 8 %.2f", outcome(low, sim.TrunkLastYearQuality).P50, outcome(normal, sim.TrunkLastYearQuality).P50)
	check(t, outcome(low, sim.TrunkLastYearQuality).P50 < 0.6, "trunk capped at 3 keeps quality %.2f", outcome(low, sim.TrunkLastYearQuality).P50)
	sh := outcome(share, sim.FinalTrunkShare).P50
	check(t, sh >= 0.14 && sh <= 0.26, "trunk-share ends at %.0f%% of infra, want 15 to 25%%", 100*sh)
	check(t, outcome(share, sim.TrunkLastYearQuality).P50 > 0.9, "trunk-share trunk quality %.2f", outcome(share, sim.TrunkLastYearQuality).P50)
}

// The claims must not hang on the defaults: growth from 200% to 500% a
// year, thresholds 6 to 8 and another starting organization.
func TestClaimsRobust(t *testing.T) {
	skipShort(t)
	variants := []struct {
		scenario string
		sets     []string
	}{
		{"uber-hypergrowth", []string{"company.engineers.annual_pct=200", "company.usage.annual_pct=200"}},
		{"uber-hypergrowth", []string{"company.engineers.annual_pct=500", "company.usage.annual_pct=500"}},
		{"uber-hypergrowth", []string{"policy.threshold=6", "company.engineers.annual_pct=300", "company.usage.annual_pct=300"}},
		{"early-startup", nil},
	}
	for _, v := range variants {
		name := v.scenario + " " + strings.Join(v.sets, " ")
		t.Run(name, func(t *testing.T) {
			c := ensemble(t, v.scenario, append([]string{"policy.name=centralized"}, v.sets...)...)
			tb := ensemble(t, v.scenario, append([]string{"policy.name=trunk-and-branches"}, v.sets...)...)
			f := ensemble(t, v.scenario, append([]string{"policy.name=fragmented"}, v.sets...)...)
			check(t, outcome(c, sim.InterventionRate).Mean > outcome(tb, sim.InterventionRate).Mean+0.3,
				"interventions: centralized %.2f, trunk-and-branches %.2f", outcome(c, sim.InterventionRate).Mean, outcome(tb, sim.InterventionRate).Mean)
			check(t, outcome(tb, sim.InterventionRate).Mean <= 0.3, "trunk-and-branches intervention rate %.2f", outcome(tb, sim.InterventionRate).Mean)
			check(t, outcome(c, sim.MeanQuality).P50 < outcome(tb, sim.MeanQuality).P50, "quality: centralized %.2f, trunk-and-branches %.2f", outcome(c, sim.MeanQuality).P50, outcome(tb, sim.MeanQuality).P50)
			check(t, outcome(f, sim.RequiredHours).P50 > 1.5*outcome(tb, sim.RequiredHours).P50, "hours: fragmented %.0f, trunk-and-branches %.0f", outcome(f, sim.RequiredHours).P50, outcome(tb, sim.RequiredHours).P50)
			check(t, outcome(tb, sim.FinalTrunkEngineers).P90 <= 8, "trunk ends at %.0f", outcome(tb, sim.FinalTrunkEngineers).P90)
			check(t, !math.IsNaN(outcome(tb, sim.FinalTrunkShare).P50) && outcome(tb, sim.FinalTrunkShare).P50 <= 0.25, "trunk share %.2f", outcome(tb, sim.FinalTrunkShare).P50)
		})
	}
}
