package sim

import (
	"fmt"
	"math"
	"strings"
)

// The catalogue of what a run reports: every weekly series and every
// per-run outcome, each declared once with its name (as in files and
// flags), label (as a person reads it), unit, how it is aggregated over a
// run and which direction is better. Code records and reads them by typed
// identifier; names are looked up only at the edge, in flags and files.

// Unit says what an outcome or series measures, which decides how it is
// formatted for a person.
type Unit int

const (
	UnitCount     Unit = iota // a whole number of things: splits, leavers
	UnitEngineers             // a headcount
	UnitWeeks                 // a number of weeks
	UnitWeek                  // a week of the run
	UnitShare                 // a fraction from 0 to 1, shown as a percentage
	UnitScore                 // a 0 to 1 level: quality, morale
	UnitPages                 // pages per on-call shift
	UnitHours                 // engineer-hours
	UnitDollars               // money
	UnitRatio                 // one quantity over another
	UnitIndex                 // relative to week 0
	UnitRate                  // a count per week
)

// String is the unit as data files name it.
func (u Unit) String() string {
	return [...]string{"count", "engineers", "weeks", "week of the run", "share (0 to 1)", "score (0 to 1)",
		"pages per shift", "hours", "dollars", "ratio", "index (1 at week 0)", "per week"}[u]
}

// Aggregate says how a per-run outcome is taken from the run's weeks.
type Aggregate int

const (
	Total     Aggregate = iota // summed over the horizon
	Final                      // the value in the last week
	Peak                       // the largest weekly value
	Average                    // averaged over weeks or hours of the run
	WeekOf                     // the week something first happened
	Indicator                  // 1 if it happened in the run, else 0
)

func (a Aggregate) String() string {
	return [...]string{"total", "final", "peak", "average", "week", "indicator"}[a]
}

// Describe says how the outcome is taken from a run, for a reader of the
// data: "total over the horizon".
func (a Aggregate) Describe() string {
	return [...]string{"total over the horizon", "value in the final week", "peak weekly value",
		"average over the run, or the part of it the label names", "week it first happened, missing in a run where it did not",
		"1 if it happened in the run, else 0"}[a]
}

// Outcome identifies one per-run outcome.
type Outcome int

// The per-run outcomes, in the order outputs list them.
const (
	WeeksBelowQuality Outcome = iota
	InterventionRate
	Recovered
	SustainedFailure
	FirstInterventionWeek
	Interventions
	FinalInfraEngineers
	FinalTrunkEngineers
	MaxTrunkEngineers
	FinalTrunkShare
	FinalBranches
	Splits
	Hires
	Leavers
	Layoffs
	TransfersOut
	InvestmentShare
	IdleShare
	PeakPagesPerShift
	PeakOnCallLoad
	FinalMorale
	FinalQuality
	MeanQuality
	LastYearQuality
	TrunkLastYearQuality
	OpsHours
	RequiredHours
	DemandHours
	Compressions
	InfraCost
	ProductTimeLost
	Cost
	NumOutcomes // the number of outcomes, not an outcome
)

// OutcomeInfo declares an outcome.
type OutcomeInfo struct {
	Name   string // in files and flags
	Label  string // for a person
	Unit   Unit
	Over   Aggregate
	Higher bool // higher is better; otherwise lower is
}

var outcomeInfo = [NumOutcomes]OutcomeInfo{
	WeeksBelowQuality:     {"weeks_below_quality", "weeks below quality threshold", UnitWeeks, Total, false},
	InterventionRate:      {"intervention_rate", "share of runs with an intervention", UnitShare, Indicator, false},
	Recovered:             {"recovered", "share of runs above the threshold over the final quarter", UnitShare, Indicator, true},
	SustainedFailure:      {"sustained_failure", "share of runs that intervened with half a year left and never held quality for a quarter after", UnitShare, Indicator, false},
	FirstInterventionWeek: {"first_intervention_week", "first intervention week, runs with one", UnitWeek, WeekOf, true},
	Interventions:         {"interventions", "leadership interventions", UnitCount, Total, false},
	FinalInfraEngineers:   {"final_infra_engineers", "final infra engineers", UnitEngineers, Final, false},
	FinalTrunkEngineers:   {"final_trunk_engineers", "final trunk engineers", UnitEngineers, Final, false},
	MaxTrunkEngineers:     {"max_trunk_engineers", "largest trunk", UnitEngineers, Peak, false},
	FinalTrunkShare:       {"final_trunk_share", "final trunk share", UnitShare, Final, false},
	FinalBranches:         {"branches", "teams beside the trunk, at the end", UnitCount, Final, false},
	Splits:                {"splits", "splits", UnitCount, Total, false},
	Hires:                 {"hires", "hires", UnitEngineers, Total, false},
	Leavers:               {"leavers", "leavers", UnitEngineers, Total, false},
	Layoffs:               {"layoffs", "layoffs", UnitEngineers, Total, false},
	TransfersOut:          {"transfers_out", "engineers moved to product teams, not needed in infra", UnitEngineers, Total, false},
	InvestmentShare:       {"investment_share", "investment share", UnitShare, Average, true},
	IdleShare:             {"idle_share", "idle share of capacity", UnitShare, Average, false},
	PeakPagesPerShift:     {"peak_pages_per_shift", "peak pages per shift", UnitPages, Peak, false},
	PeakOnCallLoad:        {"peak_oncall_load", "peak on-call load, busiest rotation", UnitRatio, Peak, false},
	FinalMorale:           {"final_morale", "final morale", UnitScore, Final, true},
	FinalQuality:          {"final_quality", "final service quality", UnitScore, Final, true},
	MeanQuality:           {"mean_quality", "mean service quality", UnitScore, Average, true},
	LastYearQuality:       {"last_year_quality", "service quality over the last year", UnitScore, Average, true},
	TrunkLastYearQuality:  {"trunk_last_year_quality", "trunk's service quality over the last year", UnitScore, Average, true},
	OpsHours:              {"ops_hours", "operations hours", UnitHours, Total, false},
	RequiredHours:         {"required_hours", "hours the work required", UnitHours, Total, false},
	DemandHours:           {"demand_hours", "hours of demand", UnitHours, Total, false},
	Compressions:          {"compressions", "budget compressions", UnitCount, Total, false},
	InfraCost:             {"infra_cost", "infra salaries", UnitDollars, Total, false},
	ProductTimeLost:       {"product_time_lost", "product engineers' hours lost to poor infra", UnitHours, Total, false},
	Cost:                  {"cost", "cost: infra salaries and product time lost", UnitDollars, Total, false},
}

// Info returns the outcome's declaration.
func (o Outcome) Info() OutcomeInfo { return outcomeInfo[o] }

// String is the outcome's name in files and flags.
func (o Outcome) String() string { return outcomeInfo[o].Name }

// Label is the outcome as a person reads it.
func (o Outcome) Label() string { return outcomeInfo[o].Label }

// Better reports whether value a of the outcome is better than b; NaN is
// worst.
func (o Outcome) Better(a, b float64) bool {
	switch {
	case math.IsNaN(a):
		return false
	case math.IsNaN(b):
		return true
	case outcomeInfo[o].Higher:
		return a > b
	}
	return a < b
}

// Outcomes lists every outcome in order.
func Outcomes() []Outcome {
	out := make([]Outcome, NumOutcomes)
	for i := range out {
		out[i] = Outcome(i)
	}
	return out
}

// OutcomeNames lists every outcome's name, in order.
func OutcomeNames() []string {
	names := make([]string, NumOutcomes)
	for i := range names {
		names[i] = outcomeInfo[i].Name
	}
	return names
}

// OutcomeByName looks an outcome up by its name; the error lists the
// known names.
func OutcomeByName(name string) (Outcome, error) {
	for i, info := range outcomeInfo {
		if info.Name == name {
			return Outcome(i), nil
		}
	}
	return 0, fmt.Errorf("unknown outcome %q, expected one of %s", name, strings.Join(OutcomeNames(), ", "))
}

// Scope says what a series is about: the whole organization, an area (the
// trunk, or the branches grown from one domain), a team or a domain.
type Scope int

const (
	OrgScope Scope = iota
	AreaScope
	TeamScope
	DomainScope
)

// String is the scope as data files name it.
func (s Scope) String() string {
	return [...]string{"organization", "area", "team", "domain"}[s]
}

// Metric identifies one weekly series kind; a Key adds its subject.
type Metric int

// The weekly series, in the order outputs present them within each scope.
const (
	ProductEngineers Metric = iota
	Usage
	Services
	InfraEngineers
	TrunkEngineers
	TrunkShareOfInfra
	Branches
	Quality
	TrunkQuality
	Incidents
	PagesPerShift
	Morale
	LeaversPerWeek
	InvestShare
	IdleShareOfCapacity
	OnCallLoad
	PrimitiveQuality
	OrgOpsHours
	OrgInvestHours
	OrgDemandHours
	OrgBacklogHours
	BudgetRatio
	Attrition
	BudgetShare

	AreaHeadcount

	TeamHeadcount
	TeamPagesPerShift
	TeamOpsShare
	TeamIncidents
	TeamBacklogWeeks

	DomainDemand
	DomainOpsHours
	DomainInvestHours
	DomainAutomation
	DomainBacklog
	DomainQuality
	DomainIncidents

	NumMetrics // the number of metrics, not a metric
)

// MetricInfo declares a weekly series.
//
// Names follow one rule: a quantity has the same name at every scope it is
// measured at (the organization's demand_hours sums its domains'
// demand_hours), and a quantity in hours ends in _hours. A team's series
// never shares a domain's name, since a team and a domain may share a
// name and a history row names only the subject: a team's incidents are
// team_incidents.
type MetricInfo struct {
	Name  string // in files
	Unit  string // as written in timeseries.csv
	Scope Scope
	// ZeroWhenAbsent: the series counts as 0, not as missing, in weeks
	// and runs without its subject, so that stacked headcount adds up.
	ZeroWhenAbsent bool
}

var metricInfo = [NumMetrics]MetricInfo{
	ProductEngineers:    {"product_engineers", "engineers", OrgScope, false},
	Usage:               {"usage", "index, 1 at week 0", OrgScope, false},
	Services:            {"services", "services", OrgScope, false},
	InfraEngineers:      {"infra_engineers", "engineers", OrgScope, false},
	TrunkEngineers:      {"trunk_engineers", "engineers", OrgScope, false},
	TrunkShareOfInfra:   {"trunk_share", "share of infra", OrgScope, false},
	Branches:            {"branches", "teams", OrgScope, false},
	Quality:             {"quality", "0 to 1", OrgScope, false},
	TrunkQuality:        {"trunk_quality", "0 to 1, the trunk's domains", OrgScope, false},
	Incidents:           {"incidents", "per week", OrgScope, false},
	PagesPerShift:       {"pages_per_shift", "pages per shift, busiest rotation", OrgScope, false},
	Morale:              {"morale", "0 to 1", OrgScope, false},
	LeaversPerWeek:      {"leavers", "engineers per week", OrgScope, false},
	InvestShare:         {"investment_share", "share of worked hours", OrgScope, false},
	IdleShareOfCapacity: {"idle_share", "share of capacity", OrgScope, false},
	OnCallLoad:          {"oncall_load", "interrupt hours over what the people on call give, busiest rotation", OrgScope, false},
	PrimitiveQuality:    {"primitive_quality", "0 to 1, the commodity domains", OrgScope, false},
	OrgOpsHours:         {"ops_hours", "hours per week", OrgScope, false},
	OrgInvestHours:      {"invest_hours", "hours per week", OrgScope, false},
	OrgDemandHours:      {"demand_hours", "hours per week", OrgScope, false},
	OrgBacklogHours:     {"backlog_hours", "hours", OrgScope, false},
	BudgetRatio:         {"budget_ratio", "headcount over leadership's cap", OrgScope, false},
	Attrition:           {"attrition", "share a year, at this week's morale", OrgScope, false},
	BudgetShare:         {"budget_share", "approved infra headcount over product engineers", OrgScope, false},

	AreaHeadcount: {"area_headcount", "engineers", AreaScope, true},

	TeamHeadcount:     {"headcount", "engineers", TeamScope, true},
	TeamPagesPerShift: {"pages_per_shift", "pages per shift, the team's rotation", TeamScope, false},
	TeamOpsShare:      {"ops_share", "share of capacity on operations and interrupts", TeamScope, false},
	TeamIncidents:     {"team_incidents", "per week, the team's domains", TeamScope, false},
	TeamBacklogWeeks:  {"backlog_weeks", "backlog over a week's unautomated work", TeamScope, false},

	DomainDemand:      {"demand_hours", "hours per week", DomainScope, false},
	DomainOpsHours:    {"ops_hours", "hours per week", DomainScope, false},
	DomainInvestHours: {"invest_hours", "hours per week", DomainScope, false},
	DomainAutomation:  {"automation", "share of demand", DomainScope, false},
	DomainBacklog:     {"backlog_hours", "hours", DomainScope, false},
	DomainQuality:     {"quality", "0 to 1", DomainScope, false},
	DomainIncidents:   {"incidents", "per week", DomainScope, false},
}

// Info returns the metric's declaration.
func (m Metric) Info() MetricInfo { return metricInfo[m] }

// String is the metric's name in files.
func (m Metric) String() string { return metricInfo[m].Name }

// Metrics lists, in order, the metrics of one scope.
func Metrics(s Scope) []Metric {
	var out []Metric
	for i, info := range metricInfo {
		if info.Scope == s {
			out = append(out, Metric(i))
		}
	}
	return out
}

// MetricByName looks up a series kind by its name and scope; the error
// lists the known names of that scope.
func MetricByName(name string, s Scope) (Metric, error) {
	var names []string
	for _, m := range Metrics(s) {
		if m.String() == name {
			return m, nil
		}
		names = append(names, m.String())
	}
	return 0, fmt.Errorf("unknown series %q, expected one of %s", name, strings.Join(names, ", "))
}
