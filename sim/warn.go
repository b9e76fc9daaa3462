package sim

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// Warnings: setups a leader should not trust without a second look. A
// warning is not an error: the run is valid, but its answer rests on a
// company that runs away, inputs that disagree, or an organization the
// model was not built to describe. Each is worked out from the plan and
// the ensemble, so the same inputs always give the same warnings; a study
// of a verdict (robustness, the report's knife-edge check) adds
// DecidingDefault where the verdict turns on a default nobody set.

// WarningCode names one kind of warning; files carry the code, people the
// text.
type WarningCode string

// The warnings the tool gives.
const (
	WarnRunawayGrowth   WarningCode = "runaway_growth"
	WarnGrowthMismatch  WarningCode = "growth_mismatch"
	WarnTrunkCannotShed WarningCode = "trunk_cannot_shed"
	WarnOversizedTeam   WarningCode = "oversized_team"
	WarnIdleForAYear    WarningCode = "idle_for_a_year"
	WarnBudgetDrift     WarningCode = "budget_share_drift"
	WarnDecidingDefault WarningCode = "deciding_default"
	WarnPlanRefused     WarningCode = "plan_refused"
)

// Warning is one thing a leader should look at before trusting a result.
// Field is the Go path of the input it is about (scenarios names it by
// its key), "" when it is about the organization the run grew.
type Warning struct {
	Code  WarningCode
	Field string
	Text  string
}

// The thresholds of the warnings, declared once.
const (
	runawayFactor   = 10   // the company grows more than this many times over the horizon, with no cap
	mismatchFactor  = 2    // usage and engineers grow at rates this many times apart...
	mismatchPoints  = 10   // ...and at least this many points a year apart
	oversizedSpans  = 3    // a team of this many managers' spans at the end
	idleWarnShare   = 0.4  // idle capacity above this share...
	idleWarnWeeks   = 52   // ...for this many weeks in a row, in the median run
	budgetDriftWide = 3.0  // infra's share of engineering ends this many times above or below where it started
	minDriftShare   = 1e-9 // a start with no infra has no share to drift from
	listMax         = 3    // a warning names this many items and says how many more
)

// Warnings lists what a leader should check before trusting e, a run of
// p's organization under its policy. Pass a nil ensemble for the warnings
// the inputs alone give.
func (p *Plan) Warnings(e *Ensemble) []Warning {
	c := p.cfg
	var ws []Warning
	add := func(code WarningCode, field, format string, args ...any) {
		ws = append(ws, Warning{code, field, fmt.Sprintf(format, args...)})
	}
	eng := p.engineers[:c.Weeks+1]
	growth := eng[len(eng)-1] / eng[0]
	g := c.Company.Engineers
	if growth > runawayFactor && (g.Model != Logistic || g.Cap <= 0) {
		advice := "give it a logistic cap or phases that slow"
		if g.Model == Phased {
			advice = "check the phases"
		}
		add(WarnRunawayGrowth, "Company.Engineers",
			"the company grows %.0f times over %d weeks (%.0f to %.0f product engineers) with no cap: few companies sustain that; %s",
			growth, c.Weeks, eng[0], eng[len(eng)-1], advice)
	}
	// Usage and engineers compared on the growth their curves realise, a
	// year at a time, whatever model each uses.
	if c.Company.Usage.Model != FollowEngineers {
		yearly := func(xs []float64) float64 {
			return 100 * (math.Pow(xs[c.Weeks]/xs[0], 52/float64(c.Weeks)) - 1)
		}
		ue, uu := yearly(eng), yearly(p.usage)
		hi, lo := max(ue, uu), min(ue, uu)
		if hi-lo > mismatchPoints && (lo <= 0 || hi > mismatchFactor*lo) {
			add(WarnGrowthMismatch, "Company.Usage",
				"usage grows %.0f%% a year and engineers %.0f%%: slowing one without the other is a different company, not a slower one; let usage follow the engineers unless you know they differ",
				uu, ue)
		}
	}
	if c.Policy.Splits() {
		for i, t := range c.Teams {
			if !t.Trunk || len(t.Domains) == 0 {
				continue
			}
			if !slices.ContainsFunc(t.Domains, func(name string) bool { return !p.commodity(name) }) {
				add(WarnTrunkCannotShed, fmt.Sprintf("Teams[%d].Domains", i),
					"the trunk %q owns only commodity domains, which %s never splits off: it can only grow, never shed work to a branch",
					t.Name, c.Policy.Name)
			}
		}
	}
	if e == nil || e.First == nil {
		return ws
	}
	limit := oversizedSpans * c.People.Span
	type sized struct {
		name string
		n    float64
	}
	var big []sized
	for _, t := range e.First.Teams {
		hc := e.First.Series(TeamHeadcount, t.Name)
		if n := len(hc); n > 0 && hc[n-1] > limit {
			big = append(big, sized{t.Name, hc[n-1]})
		}
	}
	if len(big) > 0 {
		slices.SortStableFunc(big, func(a, b sized) int { return cmpDesc(a.n, b.n) })
		names := make([]string, len(big))
		for i, t := range big {
			names[i] = fmt.Sprintf("%s %.0f", t.name, t.n)
		}
		add(WarnOversizedTeam, "People.Span",
			"%d team(s) end above %.0f managers' spans of %.0f in the first run (%s): the model works them as sub-teams, but a real organization would have split them",
			len(big), float64(oversizedSpans), c.People.Span, listed(names))
	}
	if refused := refusals(e.First); len(refused) > 0 {
		add(WarnPlanRefused, "Plan",
			"%d of the plan's %d actions were refused in the first run (week %d: %s): trunksim run's events.csv gives each refusal and its reason; check the plan's weeks and sizes against the organization the run grew",
			len(refused), len(c.Plan), refused[0].Week, refused[0].Text)
	}
	if s := e.Stats(IdleShareOfCapacity, ""); s != nil {
		run, from := 0, 0
		for w, q := range s.Weeks {
			if q.P50 > idleWarnShare {
				if run == 0 {
					from = w
				}
				run++
			} else {
				run = 0
			}
			if run == idleWarnWeeks {
				add(WarnIdleForAYear, "",
					"more than %.0f%% of infra's capacity is idle for a year from week %d in the median run: the organization is staffed beyond the work the scenario gives it, or does work the scenario does not list (add its domains, or raise allocation.invest_cap for investment beyond automation)",
					100*idleWarnShare, from)
				break
			}
		}
	}
	start := 0.0
	for _, t := range c.Teams {
		start += float64(t.Engineers)
	}
	if start /= eng[0]; start > minDriftShare {
		end := e.Outcome(FinalInfraEngineers).P50 / eng[len(eng)-1]
		if end > budgetDriftWide*start || end < start/budgetDriftWide {
			add(WarnBudgetDrift, "Budget.CapPct",
				"infra ends at %.1f%% of engineering, from %.1f%% at the start: check that the budget and the work per domain describe your company",
				100*end, 100*start)
		}
	}
	return ws
}

// commodity reports whether the domain named name is commodity work.
func (p *Plan) commodity(name string) bool {
	i := slices.IndexFunc(p.cfg.Domains, func(d Domain) bool { return d.Name == name })
	return i >= 0 && p.cfg.Domains[i].Commodity
}

// DecidingDefault is the warning that a verdict changes where an input
// the scenario never set moves: a result resting on a built-in default,
// which the leader has not owned. field is the input's Go path ("Domain.X"
// for every domain's X), key its scenario key, unset where the scenario
// leaves it at the default (key itself, or each domain's key), and change
// says where and how the verdict changes.
func DecidingDefault(field, key string, unset []string, change string) Warning {
	where := "it"
	if len(unset) != 1 || unset[0] != key {
		where = listed(unset)
	}
	def, _ := DefaultOf(field)
	return Warning{WarnDecidingDefault, field, fmt.Sprintf(
		"%s, and the scenario never set %s: the built-in default %g is in force; measure it and set %s in the scenario, or read the verdict as resting on the default",
		change, where, def, key)}
}

// listed joins items with commas: the first listMax of them and how many
// more.
func listed(items []string) string {
	s := strings.Join(items[:min(len(items), listMax)], ", ")
	if n := len(items) - listMax; n > 0 {
		s += fmt.Sprintf(" and %d more", n)
	}
	return s
}
