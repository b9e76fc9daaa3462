package sim

import (
	"fmt"
	"math"
)

// What a leader measures of the organization today. The model never reads
// it: calibration (sim/experiment) finds the inputs nobody measures so
// that the simulated first quarter reproduces it. A figure left out is
// NaN, not observed; 0 is an observation.

// Observed is the organization's figures today.
type Observed struct {
	// InfraEngineers is infra's headcount today; it must agree with the
	// starting teams, which are today's organization.
	InfraEngineers float64
	// BudgetSharePct is the infra headcount leadership approves, in percent
	// of product engineers, open roles included.
	BudgetSharePct float64
	// AttritionPct is the share of infra engineers who left over the last
	// year, in percent.
	AttritionPct float64
	Teams        []ObservedTeam
}

// ObservedTeam is one team's figures today.
type ObservedTeam struct {
	Name string
	// PagesPerShift (or PagesPerWeek: give one) counts the pages the team's
	// rotation gets.
	PagesPerShift, PagesPerWeek float64
	// OpsShare is the share of the team's time on operations and
	// interrupts: a survey figure.
	OpsShare float64
	// IncidentsPerWeek counts incidents in the team's domains.
	IncidentsPerWeek float64
	// BacklogWeeks is the team's operational backlog (tickets, or their
	// age) in weeks of its unautomated work.
	BacklogWeeks float64
}

// Unobserved is the value of every figure a scenario does not give.
var Unobserved = math.NaN()

// DefaultObserved is an [observed] table that observes nothing.
func DefaultObserved() Observed {
	return Observed{InfraEngineers: Unobserved, BudgetSharePct: Unobserved, AttritionPct: Unobserved}
}

// DefaultObservedTeam is a team entry that observes nothing yet.
func DefaultObservedTeam() ObservedTeam {
	n := Unobserved
	return ObservedTeam{PagesPerShift: n, PagesPerWeek: n, OpsShare: n, IncidentsPerWeek: n, BacklogWeeks: n}
}

// Any reports whether the scenario observes anything.
func (o *Observed) Any() bool {
	for _, x := range []float64{o.InfraEngineers, o.BudgetSharePct, o.AttritionPct} {
		if Given(x) {
			return true
		}
	}
	for _, t := range o.Teams {
		if t.any() {
			return true
		}
	}
	return false
}

func (t *ObservedTeam) any() bool {
	for _, x := range []float64{t.PagesPerShift, t.PagesPerWeek, t.OpsShare, t.IncidentsPerWeek, t.BacklogWeeks} {
		if Given(x) {
			return true
		}
	}
	return false
}

// Given reports whether an observed figure was given.
func Given(x float64) bool { return !math.IsNaN(x) }

// checkObserved validates the observations: figures in range, teams that
// exist, once each, and a headcount that agrees with the teams.
func (c *Config) checkObserved(k *checker) {
	o := &c.Observed
	observed := func(field string, v, hi float64) {
		if Given(v) {
			k.within(field, v, 0, hi)
		}
	}
	observed("Observed.InfraEngineers", o.InfraEngineers, MaxEngineers)
	observed("Observed.BudgetSharePct", o.BudgetSharePct, 100)
	observed("Observed.AttritionPct", o.AttritionPct, 100)
	if Given(o.InfraEngineers) && !math.IsInf(o.InfraEngineers, 0) {
		total := 0
		for _, t := range c.Teams {
			total += t.Engineers
		}
		if math.Abs(o.InfraEngineers-float64(total)) >= 0.5 {
			k.add("Observed.InfraEngineers", o.InfraEngineers,
				"%g observed, but the teams hold %d engineers: the teams are today's organization, so make them agree", o.InfraEngineers, total)
		}
	}
	seen := map[string]int{}
	for i, t := range o.Teams {
		f := fmt.Sprintf("Observed.Teams[%d].", i)
		if j, dup := seen[t.Name]; dup {
			k.add(f+"Name", t.Name, "team %q is observed twice, also in entry %d", t.Name, j+1)
		}
		seen[t.Name] = i
		if !c.hasTeam(t.Name) {
			k.add(f+"Name", t.Name, "unknown team %q, expected one of the teams: %s", t.Name, c.teamNames())
			k.p[len(k.p)-1].Choices = c.teamList()
		}
		observed(f+"PagesPerShift", t.PagesPerShift, 1e5)
		observed(f+"PagesPerWeek", t.PagesPerWeek, 1e6)
		observed(f+"OpsShare", t.OpsShare, 1)
		observed(f+"IncidentsPerWeek", t.IncidentsPerWeek, 1e4)
		observed(f+"BacklogWeeks", t.BacklogWeeks, 520)
		if Given(t.PagesPerShift) && Given(t.PagesPerWeek) {
			k.add(f+"PagesPerWeek", t.PagesPerWeek, "give pages_per_shift or pages_per_week, not both")
		}
		if !t.any() {
			k.add(f+"Name", t.Name, "team %q is listed but no figure of it is observed", t.Name)
		}
	}
}

func (c *Config) hasTeam(name string) bool {
	for _, t := range c.Teams {
		if t.Name == name {
			return true
		}
	}
	return false
}

func (c *Config) teamList() []string {
	var out []string
	for _, t := range c.Teams {
		out = append(out, t.Name)
	}
	return out
}

func (c *Config) teamNames() string { return fmt.Sprintf("%q", c.teamList()) }
