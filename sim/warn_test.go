package sim_test

import (
	"context"
	"slices"
	"testing"

	"github.com/trunksim/trunksim/scenarios"
	"github.com/trunksim/trunksim/sim"
)

// warnRuns is enough for the median run's idle series and final infra
// size to be settled; warnings do not hang on a margin.
const warnRuns = 20

// warningsOf runs scenario with sets (and edit, if given, on the loaded
// config) and returns the codes of its warnings: the inputs' alone when
// inputsOnly.
func warningsOf(t *testing.T, scenario string, edit func(*sim.Config), inputsOnly bool, sets ...string) []sim.WarningCode {
	t.Helper()
	s, err := scenarios.Load(scenario, sets...)
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		edit(&s.Config)
	}
	p, err := sim.NewPlan(&s.Config)
	if err != nil {
		t.Fatal(err)
	}
	var e *sim.Ensemble
	if !inputsOnly {
		if e, err = p.Replicate(context.Background(), sim.Options{Runs: warnRuns, Seed: 1}); err != nil {
			t.Fatal(err)
		}
	}
	var codes []sim.WarningCode
	for _, w := range p.Warnings(e) {
		if w.Text == "" {
			t.Errorf("%s: warning %s has no text", scenario, w.Code)
		}
		codes = append(codes, w.Code)
	}
	return codes
}

// Each warning is given by a setup that has the fault, and not by the
// same setup without it.
func TestWarningsTriggered(t *testing.T) {
	allCommodity := func(c *sim.Config) {
		for i := range c.Domains {
			c.Domains[i].Commodity = true
		}
	}
	overstaffed := func(c *sim.Config) {
		for i := range c.Teams {
			c.Teams[i].Engineers *= 5
		}
	}
	for _, tc := range []struct {
		name       string
		scenario   string
		sets       []string
		edit       func(*sim.Config)
		inputsOnly bool
		want       sim.WarningCode
		control    []string // sets without the fault
		ctrlEdit   func(*sim.Config)
	}{
		{name: "runaway growth", scenario: "steady-growth", sets: []string{"company.engineers.annual_pct=200"}, inputsOnly: true,
			want: sim.WarnRunawayGrowth, control: []string{"company.engineers.annual_pct=50"}},
		{name: "usage and engineers apart", scenario: "steady-growth", sets: []string{"company.usage.model=exponential", "company.usage.annual_pct=300", "company.engineers.annual_pct=50"}, inputsOnly: true,
			want: sim.WarnGrowthMismatch, control: []string{"company.usage.model=exponential", "company.usage.annual_pct=80", "company.engineers.annual_pct=50"}},
		{name: "trunk of commodity only", scenario: "steady-growth", edit: allCommodity, inputsOnly: true,
			want: sim.WarnTrunkCannotShed, control: []string{"policy.name=centralized"}, ctrlEdit: allCommodity},
		{name: "one team of many spans", scenario: "uber-hypergrowth", sets: []string{"policy.name=centralized"},
			want: sim.WarnOversizedTeam, control: []string{"policy.name=trunk-and-branches"}},
		{name: "idle for a year", scenario: "steady-growth", sets: []string{"policy.name=trunk-and-branches"},
			want: sim.WarnIdleForAYear, control: []string{"policy.name=centralized"}},
		{name: "budget share drifts", scenario: "steady-growth", edit: overstaffed,
			want: sim.WarnBudgetDrift, control: nil},
		// Operations has 5 engineers in week 1, too few for a split of 3.
		{name: "a planned action refused", scenario: "uber-hypergrowth",
			sets:    []string{"policy.name=plan", `plan=[{at_week = 1, action = "split", team = "operations", domain = "messaging", engineers = 3}]`},
			want:    sim.WarnPlanRefused,
			control: []string{"policy.name=plan", `plan=[{at_week = 1, action = "freeze", weeks = 2}]`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := warningsOf(t, tc.scenario, tc.edit, tc.inputsOnly, tc.sets...); !slices.Contains(got, tc.want) {
				t.Errorf("warnings %v, want %s", got, tc.want)
			}
			if got := warningsOf(t, tc.scenario, tc.ctrlEdit, tc.inputsOnly, tc.control...); slices.Contains(got, tc.want) {
				t.Errorf("control %v: warnings %v, want no %s", tc.control, got, tc.want)
			}
		})
	}
}

// The built-ins give no warning that does not apply to them: their inputs
// are sound, their budgets stay near where they start, and the only
// warnings are the large centralized teams (centralization's nature) and
// steady-growth's idle first years under branches (staffed ahead for
// growth that comes).
func TestWarningsOnBuiltins(t *testing.T) {
	for _, b := range scenarios.Builtins() {
		for _, pol := range []string{sim.Centralized, sim.TrunkAndBranches, sim.TrunkShare, sim.Fragmented} {
			allowed := []sim.WarningCode{}
			if pol == sim.Centralized {
				allowed = append(allowed, sim.WarnOversizedTeam)
			}
			if b.Name == "steady-growth" && (pol == sim.TrunkAndBranches || pol == sim.TrunkShare) {
				allowed = append(allowed, sim.WarnIdleForAYear)
			}
			for _, c := range warningsOf(t, b.Name, nil, false, "policy.name="+pol) {
				if !slices.Contains(allowed, c) {
					t.Errorf("%s under %s: warning %s does not apply", b.Name, pol, c)
				}
			}
		}
	}
}
