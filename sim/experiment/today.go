package experiment

import (
	"fmt"
	"math"

	"github.com/trunksim/trunksim/sim"
)

// QuarterWeeks is the stretch an observation of today is compared with:
// the simulated first quarter, which starts from the organization as it
// is (the warm start) and has had its first budget review.
const QuarterWeeks = 13

// Today turns a scenario's [observed] figures into calibration targets
// over the first quarter, and the unmeasured inputs that answer them:
//
//   - a team's ops share: the base hours of the team's domains (how much
//     work they ask for);
//   - a team's pages: the alert factor of its domains (how noisy its
//     alerting is);
//   - a team's incidents: the fire factor of its domains;
//   - backlog in weeks, over every team that gives it: how much
//     investment teams can use (a team with more time than its
//     investments can use pays its backlog down) and how much backlog it
//     takes to hurt quality (a team that invests carries backlog up to
//     the quality floor);
//   - attrition: the morale base (attrition rises as morale falls);
//   - the approved budget share: the investment reserve infra's asks
//     carry on top of their work (leadership approves an ask under its
//     cap as it stands).
//
// Infra's headcount is checked against the teams when the scenario is
// validated; it is no target.
func Today(c *sim.Config) ([]Target, []Param) {
	var ts []Target
	var ps []Param
	to := min(QuarterWeeks, c.Weeks) - 1
	target := func(name string, m sim.Metric, subject string, v, floor, factor float64) int {
		ts = append(ts, Target{Name: name, Key: sim.Key{Metric: m, Subject: subject}, To: to, Value: v, Scale: math.Max(math.Abs(v), floor), Factor: factor})
		return len(ts) - 1
	}
	o := &c.Observed
	var backlogFor []int
	for _, ot := range o.Teams {
		ti := teamIndex(c, ot.Name)
		if ti < 0 {
			continue // validation reports it
		}
		doms := domainIndexes(c, c.Teams[ti].Domains)
		fields := fieldsOf(doms)
		of := " of " + ot.Name + "'s domains"
		if sim.Given(ot.OpsShare) {
			t := target("ops_share", sim.TeamOpsShare, ot.Name, ot.OpsShare, 0.05, 1)
			ps = append(ps, Param{Name: "base_hours" + of, Fields: fields("BaseHours"), Multiply: true, Low: 0.05, High: 20, For: []int{t}})
		}
		pages, per, factor := ot.PagesPerShift, "pages_per_shift", 1.0
		if sim.Given(ot.PagesPerWeek) {
			pages, per, factor = ot.PagesPerWeek/c.OnCall.ShiftsPerWeek, "pages_per_week", c.OnCall.ShiftsPerWeek
		}
		if sim.Given(pages) {
			t := target(per, sim.TeamPagesPerShift, ot.Name, pages, 0.5/factor, factor)
			ps = append(ps, Param{Name: "alert_factor" + of, Fields: fields("AlertFactor"), Multiply: true, Low: 0.01, High: 100, For: []int{t}})
		}
		if sim.Given(ot.IncidentsPerWeek) {
			t := target("incidents_per_week", sim.TeamIncidents, ot.Name, ot.IncidentsPerWeek, 0.25, 1)
			high := 100.0
			for _, d := range doms {
				high = math.Min(high, sim.MaxFireFactor/math.Max(c.Domains[d].FireFactor, 1e-9))
			}
			ps = append(ps, Param{Name: "fire_factor" + of, Fields: fields("FireFactor"), Multiply: true, Low: 0.01, High: high, For: []int{t}})
		}
		if sim.Given(ot.BacklogWeeks) {
			backlogFor = append(backlogFor, target("backlog_weeks", sim.TeamBacklogWeeks, ot.Name, ot.BacklogWeeks, 0.5, 1))
		}
	}
	if len(backlogFor) > 0 {
		ps = append(ps,
			Param{Name: "Allocation.InvestCap", Fields: []string{"Allocation.InvestCap"}, Multiply: true, Low: 0.05, High: 20, For: backlogFor},
			Param{Name: "OnCall.QualityBacklogWeeks", Fields: []string{"OnCall.QualityBacklogWeeks"}, Low: 0.25, High: 52, For: backlogFor})
	}
	if sim.Given(o.AttritionPct) {
		t := target("attrition_pct", sim.Attrition, "", o.AttritionPct/100, 0.02, 100)
		ps = append(ps, Param{Name: "People.MoraleBase", Fields: []string{"People.MoraleBase"}, Low: 0.1, High: 1, For: []int{t}})
	}
	if sim.Given(o.BudgetSharePct) {
		t := target("budget_share_pct", sim.BudgetShare, "", o.BudgetSharePct/100, 0.005, 100)
		ps = append(ps, Param{Name: "Allocation.ReservePct", Fields: []string{"Allocation.ReservePct"}, Low: 0, High: 80, For: []int{t}})
	}
	return ts, ps
}

func teamIndex(c *sim.Config, name string) int {
	for i, t := range c.Teams {
		if t.Name == name {
			return i
		}
	}
	return -1
}

// fieldsOf returns the Go paths of one field of each of the domains.
func fieldsOf(doms []int) func(field string) []string {
	return func(field string) []string {
		out := make([]string, len(doms))
		for i, d := range doms {
			out[i] = fmt.Sprintf("Domains[%d].%s", d, field)
		}
		return out
	}
}

func domainIndexes(c *sim.Config, names []string) []int {
	var out []int
	for _, n := range names {
		for i, d := range c.Domains {
			if d.Name == n {
				out = append(out, i)
			}
		}
	}
	return out
}
