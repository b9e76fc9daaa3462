package sim

import (
	"fmt"
	"slices"
	"strings"
)

// Config is everything one simulated organization needs. It is plain data:
// the scenarios package builds it from TOML, tests build it by hand, and
// nothing in it refers to files.
type Config struct {
	Weeks      int
	Company    Company
	Domains    []Domain
	Teams      []Team
	People     People
	OnCall     OnCall
	Budget     Budget
	Leadership Leadership
	Product    Product
	Allocation Allocation
	Policy     Policy
	// Observed is what the leader measures today, for calibration; the
	// model does not read it.
	Observed Observed
	// Plan is the leader's own reorganisations (plan.go): the whole
	// policy under Policy.Name "plan", or actions on top of another.
	Plan []PlannedAction
	// Uncertain lists the inputs given as distributions, each drawn anew
	// in every replication (uncertain.go); the fields hold their medians.
	Uncertain []Uncertain `toml:"-"`
}

// Growth describes how a quantity moves week by week.
//
// AnnualPct is a percentage increase per year: 400 multiplies the quantity
// by 5 in a year, 30 by 1.3, -20 shrinks it by a fifth.
type Growth struct {
	Start     float64
	Model     string  // "exponential", "logistic" or "phases"
	AnnualPct float64 // initial yearly growth, percent
	Cap       float64 // logistic ceiling, in the same unit as Start
	Phases    []Phase // for Model "phases", in order
}

// Phase is one stretch of a phased growth curve. StepPct changes the value
// once at the start of the phase (a layoff is a negative step); AnnualPct
// applies during it (a freeze is 0).
type Phase struct {
	Weeks     int
	AnnualPct float64
	StepPct   float64
}

// Company is the product organization infra serves.
type Company struct {
	Engineers           Growth
	Usage               Growth  // index, 1 at the start
	ServicesPerEngineer Growth  // a migration to services raises it
	GroupSize           float64 // product engineers per product group
}

// Domain is one area of infrastructure work.
type Domain struct {
	Name   string
	Driver string // "engineers", "usage", "services" or "new_services"
	// Exponent above 1 makes an exponential problem: demand grows faster
	// than its driver.
	Exponent float64
	// BaseHours is the weekly work the domain asks for at the start, before
	// automation.
	BaseHours float64
	// FixedHours is the weekly work of keeping one copy of the domain's
	// primitives running whatever its scale; a fragmented organization pays
	// it once per product group.
	FixedHours    float64
	Automation    float64 // share of demand handled by tooling at the start
	MaxAutomation float64
	// EffortWeeks: investment equal to this many weeks of the domain's
	// demand closes 63% of the gap to MaxAutomation. Bigger systems take
	// more work to automate.
	EffortWeeks float64
	// ErosionAt3x is the share of automation lost when the driver triples:
	// a solution sized for today breaks at 3x.
	ErosionAt3x float64
	// DecayPct is the share of automation lost each year even without
	// growth: dependencies move, systems change, tooling rots.
	DecayPct float64
	// FireFactor multiplies the incident rate: a recurring fire.
	FireFactor float64
	// AlertFactor multiplies the paging rate: noisy alerting.
	AlertFactor float64
	// Commodity work stays with the trunk under trunk-and-branches.
	Commodity bool
}

// Team is one team at the start of the run.
type Team struct {
	Name      string
	Engineers int
	Domains   []string
	Trunk     bool
}

// People holds hiring, ramp-up, attrition and morale parameters.
type People struct {
	HoursPerWeek     float64
	RampWeeks        float64
	RampStart        float64 // output share of a new hire in week one
	MentorShare      float64 // share of a mentor's week each ramping hire costs
	TimeToFillWeeks  float64
	NoticeWeeks      int
	AttritionPct     float64 // yearly, at reference morale
	MoraleReference  float64
	MoraleAttrition  float64 // attrition multiplies by exp(this * shortfall)
	ContextLossWeeks float64 // a leaver's context takes this long to rebuild
	ContextLossShare float64 // share of a head lost meanwhile
	// Span is how many engineers one manager supports: a larger team works
	// as sub-teams of at most Span, each under its own manager.
	Span float64
	// InterfaceCost is the share of output a team loses to the interfaces
	// between its sub-teams as their number grows: 1 - InterfaceCost*(1-1/k)
	// for k sub-teams, so it is bounded however large the team.
	InterfaceCost float64
	SwitchCost    float64 // per extra domain owned
	// MaxRampingShare bounds the new hires a team absorbs at once: a team
	// whose ramping engineers reach this share of it takes no more.
	MaxRampingShare float64
	StartMorale     float64
	MoraleBase      float64
	MoraleTauWeeks  float64
	MoralePages     float64 // weight of off-hours pages per person over the healthy rate
	// PagesHealthy and PagesBurnout are off-hours interruptions per person
	// a month: at the first on-call weighs nothing on morale, at the second
	// its whole weight.
	PagesHealthy, PagesBurnout float64
	// OffHoursShare is the share of pages that come outside working hours.
	OffHoursShare   float64
	MoraleToil      float64 // weight of toil over the toil limit
	MoraleInvest    float64 // weight of investment share
	MoraleOnCall    float64 // weight of on-call frequency over 1/RotationComfort
	MoraleReorg     float64 // penalty of a recent reorganisation
	ToilLimit       float64 // share of time
	RotationComfort float64 // people in a sustainable rotation
	ReorgWeeks      int     // how long a reorganisation weighs on morale and output
	ReorgDisruption float64 // share of output lost meanwhile
}

// OnCall holds the incident and paging parameters.
type OnCall struct {
	ShiftsPerWeek float64
	// ShiftHours is the interrupt work the people on call can give one
	// shift; beyond it pages escalate to the rest of the team.
	ShiftHours float64
	// EscalationCost is the hours an escalated interrupt costs the team per
	// hour of the interrupt: the handoff and the context the escalated-to
	// engineer must rebuild.
	EscalationCost float64
	// RefocusHours is the investment time an interruption destroys for the
	// engineer it reaches beyond the people on call.
	RefocusHours float64
	// DegradedFactor: a domain whose quality has collapsed fires and pages
	// 1 + DegradedFactor times as often as a healthy one.
	DegradedFactor      float64
	PagesPerToilHour    float64
	IncidentsPer100Toil float64
	HoursPerPage        float64
	HoursPerIncident    float64
	BacklogExpiryPct    float64 // share of the backlog dropped each week
	QualityBacklogWeeks float64 // backlog, in weeks of toil, that cuts quality to 1/e
	BacklogPaydownPct   float64 // share of backlog full service pays each week
}

// Budget holds the leadership budget process.
type Budget struct {
	ReviewWeeks     int
	CapPct          float64 // leadership tolerates up to this percent
	CompressionPct  float64 // an ask over the cap is cut to cap less this
	FreezeWeeks     int
	CostPerEngineer float64 // fully loaded, per year
	AllowLayoffs    bool
	// LeadWeeks is how far ahead a review projects the work it asks for.
	LeadWeeks int
}

// Leadership is Rule One: quality under the threshold for PatienceWeeks in a
// row ends in an intervention.
type Leadership struct {
	QualityThreshold float64
	PatienceWeeks    int
	// FirefightWeeks: after an intervention every team works operations
	// first, investing nothing, for this long.
	FirefightWeeks int
	// RecoveryWeeks is the final stretch of the run over which quality must
	// be back above the threshold for the run to count as recovered.
	RecoveryWeeks int
}

// Product is the product organization's dependence on infra, for the
// cost of poor quality.
type Product struct {
	// LossAtZero is the share of product engineers' time lost when infra's
	// perceived quality is 0; the loss falls linearly to 0 at quality 1.
	LossAtZero float64
	// PrimitiveDependence is how much of a branch's effectiveness and
	// service rests on the trunk's commodity primitives: at primitive
	// quality q, a branch gives 1 - PrimitiveDependence*(1-q) of itself.
	PrimitiveDependence float64
}

// Allocation is how a team splits its week between operations and
// investment.
type Allocation struct {
	Rule         string  // "bounded-floor" or "ops-first"
	QualityFloor float64 // bounded-floor holds quality at least here
	ReservePct   float64 // investment reserve, percent of capacity
	// InvestCap bounds useful investment in a domain per week, as a multiple
	// of the domain's weekly toil.
	InvestCap float64
}

// Policy is the org design rule under test.
type Policy struct {
	Name        string // "trunk-and-branches", "trunk-share", "centralized", "fragmented", "plan"
	Threshold   int    // trunk size that triggers a split
	BranchMin   int    // smallest branch a split creates
	Choose      string // "biggest-problem", "largest-toil", "most-incidents", "fastest-growing", "random"
	SharePct    float64
	ShareBand   float64
	Subdivide   bool
	SubdivideAt int // branch size that triggers a subdivision
	SplitDelay  int // weeks from decision to the new team
	// SplitCooldown is the least time between two splits of one team: a
	// reorganisation needs planning, and people need to settle.
	SplitCooldown int
	// SplitSpacing is the least time between any two splits in the
	// organization.
	SplitSpacing int
	UpFront      bool
	// TrunkCap, when above 0, is the most engineers the trunk takes under
	// trunk-and-branches, whatever its work needs: the strict reading of
	// "split each time the trunk grows beyond six to eight".
	TrunkCap int
}

// Policy names.
const (
	TrunkAndBranches = "trunk-and-branches"
	TrunkShare       = "trunk-share"
	Centralized      = "centralized"
	Fragmented       = "fragmented"
	// Planned reorganises only as Config.Plan says: no automatic splits.
	Planned = "plan"
)

// Choosers, the rules for which domain a split takes.
const (
	BiggestProblem = "biggest-problem"
	LargestToil    = "largest-toil"
	MostIncidents  = "most-incidents"
	FastestGrowing = "fastest-growing"
	RandomDomain   = "random"
)

// Allocation rules.
const (
	BoundedFloor = "bounded-floor"
	OpsFirst     = "ops-first"
)

// Growth models and demand drivers.
const (
	Exponential = "exponential"
	Logistic    = "logistic"
	Phased      = "phases"
	// FollowEngineers makes usage follow the product engineers' curve,
	// relative to its start (seed 001: "~400% YoY growth in both usage and
	// engineering headcount").
	FollowEngineers = "engineers"

	DriverEngineers   = "engineers"
	DriverUsage       = "usage"
	DriverServices    = "services"
	DriverNewServices = "new_services"
)

// Names lists the accepted values of each enumerated field, for validation
// and help text.
var Names = map[string][]string{
	"policy":     {TrunkAndBranches, TrunkShare, Centralized, Fragmented, Planned},
	"choose":     {BiggestProblem, LargestToil, MostIncidents, FastestGrowing, RandomDomain},
	"allocation": {BoundedFloor, OpsFirst},
	"growth":     {Exponential, Logistic, Phased, FollowEngineers},
	"driver":     {DriverEngineers, DriverUsage, DriverServices, DriverNewServices},
	"action":     {PlanSplit, PlanMerge, PlanHeadcount, PlanFreeze},
}

// FieldError is one problem with one field of a Config. Field is the Go
// field path from the Config ("OnCall.ShiftsPerWeek", "Domains[2].Exponent",
// "Company.Engineers.Phases[1].Weeks"; "Teams" for the list as a whole), so
// that a caller can name the field in its own terms and point at where it
// was set. Value is the field's value.
type FieldError struct {
	Field string
	Value any
	Msg   string
	// Choices is set for an unknown name among fixed choices, so that a
	// caller can suggest the nearest one.
	Choices []string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Msg }

// Problems is every FieldError found in a Config, in field order.
type Problems []*FieldError

func (p Problems) Error() string {
	s := make([]string, len(p))
	for i, e := range p {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}

type checker struct{ p Problems }

func (c *checker) add(field string, value any, format string, args ...any) {
	c.p = append(c.p, &FieldError{Field: field, Value: value, Msg: fmt.Sprintf(format, args...)})
}

func (c *checker) oneOf(field, v string, names []string) {
	if !slices.Contains(names, v) {
		c.add(field, v, "unknown value %q, expected one of %s", v, strings.Join(names, ", "))
		c.p[len(c.p)-1].Choices = names
	}
}

// within reports v unless lo <= v <= hi; NaN is never within.
func (c *checker) within(field string, v, lo, hi float64) {
	if !(v >= lo && v <= hi) {
		c.add(field, v, "must be from %v to %v, got %v", lo, hi, v)
	}
}

func (c *checker) intWithin(field string, v, lo, hi int) {
	if v < lo || v > hi {
		c.add(field, v, "must be from %d to %d, got %d", lo, hi, v)
	}
}

// failed reports whether a problem was found at field or inside it.
func (c *checker) failed(field string) bool {
	return slices.ContainsFunc(c.p, func(e *FieldError) bool {
		return e.Field == field || strings.HasPrefix(e.Field, field+".") || strings.HasPrefix(e.Field, field+"[")
	})
}

// Validate checks that the model can run on c and returns Problems listing
// every field that is out of range or inconsistent, or nil. It includes
// the bound of the company's trajectory over the horizon (MaxEngineers),
// so that a Config it accepts is one NewPlan accepts.
func (c *Config) Validate() error {
	var k checker
	k.intWithin("Weeks", c.Weeks, 1, MaxWeeks)
	k.oneOf("Policy.Name", c.Policy.Name, Names["policy"])
	k.oneOf("Policy.Choose", c.Policy.Choose, Names["choose"])
	k.oneOf("Allocation.Rule", c.Allocation.Rule, Names["allocation"])
	for _, g := range []struct {
		name   string
		g      Growth
		lo, hi float64
	}{
		{"Company.Engineers", c.Company.Engineers, 1, MaxEngineers},
		{"Company.Usage", c.Company.Usage, 1e-9, 1e9},
		{"Company.ServicesPerEngineer", c.Company.ServicesPerEngineer, 1e-9, 1e9},
	} {
		k.oneOf(g.name+".Model", g.g.Model, Names["growth"])
		k.within(g.name+".Start", g.g.Start, g.lo, g.hi)
		k.within(g.name+".AnnualPct", g.g.AnnualPct, -99, 10000)
		if g.g.Model == FollowEngineers && g.name != "Company.Usage" {
			k.add(g.name+".Model", g.g.Model, "only usage can follow the engineers' curve")
		}
		if g.g.Model == Logistic && !(g.g.Cap >= g.g.Start && g.g.Cap <= 1e9) {
			k.add(g.name+".Cap", g.g.Cap, "a logistic curve needs a cap from start (%v) to 1e9, got %v", g.g.Start, g.g.Cap)
		}
		if g.g.Model == Phased && len(g.g.Phases) == 0 {
			k.add(g.name+".Phases", g.g.Phases, "model %q needs at least one phase", Phased)
		}
		for i, p := range g.g.Phases {
			f := fmt.Sprintf("%s.Phases[%d]", g.name, i)
			k.intWithin(f+".Weeks", p.Weeks, 0, MaxWeeks)
			k.within(f+".AnnualPct", p.AnnualPct, -99, 10000)
			k.within(f+".StepPct", p.StepPct, -99, 10000)
		}
	}
	k.within("Company.GroupSize", c.Company.GroupSize, 1, 1e6)
	if len(c.Domains) == 0 {
		k.add("Domains", c.Domains, "a scenario needs at least one domain")
	}
	seen := map[string]bool{}
	for i, d := range c.Domains {
		f := fmt.Sprintf("Domains[%d].", i)
		if d.Name == "" {
			k.add(f+"Name", d.Name, "must not be empty")
		} else if seen[d.Name] {
			k.add(f+"Name", d.Name, "%q is listed twice", d.Name)
		}
		seen[d.Name] = true
		k.oneOf(f+"Driver", d.Driver, Names["driver"])
		k.within(f+"Exponent", d.Exponent, 0, 4)
		k.within(f+"BaseHours", d.BaseHours, 0, 1e7)
		k.within(f+"FixedHours", d.FixedHours, 0, 1e6)
		k.within(f+"MaxAutomation", d.MaxAutomation, 0, 0.99)
		if !(d.Automation >= 0 && d.Automation <= d.MaxAutomation) {
			k.add(f+"Automation", d.Automation, "must be from 0 to max_automation (%v), got %v", d.MaxAutomation, d.Automation)
		}
		k.within(f+"EffortWeeks", d.EffortWeeks, 0.01, 1000)
		k.within(f+"ErosionAt3x", d.ErosionAt3x, 0, 1)
		k.within(f+"DecayPct", d.DecayPct, 0, 100)
		k.within(f+"FireFactor", d.FireFactor, 0, MaxFireFactor)
		k.within(f+"AlertFactor", d.AlertFactor, 0, 1e5)
	}
	owner := map[string]string{}
	trunks := 0
	names := map[string]bool{}
	for i, t := range c.Teams {
		f := fmt.Sprintf("Teams[%d].", i)
		if t.Name == "" {
			k.add(f+"Name", t.Name, "must not be empty")
		} else if names[t.Name] {
			k.add(f+"Name", t.Name, "%q is listed twice", t.Name)
		}
		names[t.Name] = true
		k.intWithin(f+"Engineers", t.Engineers, 0, 1000000)
		if t.Trunk {
			trunks++
		}
		for _, d := range t.Domains {
			if !seen[d] {
				k.add(f+"Domains", t.Domains, "unknown domain %q", d)
			} else if o, ok := owner[d]; ok {
				k.add(f+"Domains", t.Domains, "domain %q is already owned by team %q", d, o)
			}
			owner[d] = t.Name
		}
	}
	if trunks != 1 {
		k.add("Teams", trunks, "exactly one team must have trunk = true, got %d", trunks)
	}
	for i, d := range c.Domains {
		if _, ok := owner[d.Name]; !ok && d.Name != "" {
			k.add(fmt.Sprintf("Domains[%d].Name", i), d.Name, "domain %q is owned by no team", d.Name)
		}
	}
	p := c.People
	k.within("People.HoursPerWeek", p.HoursPerWeek, 1, 168)
	k.within("People.RampWeeks", p.RampWeeks, 0, 520)
	k.within("People.RampStart", p.RampStart, 0.01, 1)
	k.within("People.MentorShare", p.MentorShare, 0, 1)
	k.within("People.TimeToFillWeeks", p.TimeToFillWeeks, 0.1, 520)
	k.intWithin("People.NoticeWeeks", p.NoticeWeeks, 0, 52)
	k.within("People.AttritionPct", p.AttritionPct, 0, 100)
	k.within("People.MoraleReference", p.MoraleReference, 0, 1)
	k.within("People.MoraleAttrition", p.MoraleAttrition, 0, 20)
	k.within("People.ContextLossWeeks", p.ContextLossWeeks, 0, 520)
	k.within("People.ContextLossShare", p.ContextLossShare, 0, 10)
	k.within("People.Span", p.Span, 1, 1000)
	k.within("People.InterfaceCost", p.InterfaceCost, 0, 0.9)
	k.within("People.MaxRampingShare", p.MaxRampingShare, 0.01, 1)
	k.within("People.PagesHealthy", p.PagesHealthy, 0, 1e4)
	if !(p.PagesBurnout > p.PagesHealthy && p.PagesBurnout <= 1e5) {
		k.add("People.PagesBurnout", p.PagesBurnout, "must be above pages_healthy (%v), got %v", p.PagesHealthy, p.PagesBurnout)
	}
	k.within("People.OffHoursShare", p.OffHoursShare, 0, 1)
	k.within("People.SwitchCost", p.SwitchCost, 0, 1)
	k.within("People.StartMorale", p.StartMorale, 0, 1)
	k.within("People.MoraleBase", p.MoraleBase, 0, 1)
	k.within("People.MoraleTauWeeks", p.MoraleTauWeeks, 1, 520)
	k.within("People.ToilLimit", p.ToilLimit, 0, 1)
	k.within("People.RotationComfort", p.RotationComfort, 1, 100)
	k.intWithin("People.ReorgWeeks", p.ReorgWeeks, 0, 520)
	k.within("People.ReorgDisruption", p.ReorgDisruption, 0, 0.9)
	k.within("People.MoralePages", p.MoralePages, 0, 10)
	k.within("People.MoraleToil", p.MoraleToil, 0, 10)
	k.within("People.MoraleInvest", p.MoraleInvest, 0, 10)
	k.within("People.MoraleOnCall", p.MoraleOnCall, 0, 10)
	k.within("People.MoraleReorg", p.MoraleReorg, 0, 10)
	o := c.OnCall
	k.within("OnCall.ShiftsPerWeek", o.ShiftsPerWeek, 1, 168)
	k.within("OnCall.ShiftHours", o.ShiftHours, 0.01, 168)
	k.within("OnCall.EscalationCost", o.EscalationCost, 1, 100)
	k.within("OnCall.RefocusHours", o.RefocusHours, 0, 40)
	k.within("OnCall.DegradedFactor", o.DegradedFactor, 0, 10)
	k.within("OnCall.PagesPerToilHour", o.PagesPerToilHour, 0, 1e3)
	k.within("OnCall.IncidentsPer100Toil", o.IncidentsPer100Toil, 0, 1e3)
	k.within("OnCall.HoursPerPage", o.HoursPerPage, 0, 168)
	k.within("OnCall.HoursPerIncident", o.HoursPerIncident, 0, 1000)
	k.within("OnCall.BacklogExpiryPct", o.BacklogExpiryPct, 0, 100)
	k.within("OnCall.QualityBacklogWeeks", o.QualityBacklogWeeks, 0.01, 520)
	k.within("OnCall.BacklogPaydownPct", o.BacklogPaydownPct, 0, 100)
	b := c.Budget
	k.intWithin("Budget.ReviewWeeks", b.ReviewWeeks, 1, 520)
	k.intWithin("Budget.LeadWeeks", b.LeadWeeks, 0, 520)
	k.within("Budget.CapPct", b.CapPct, 0.01, 1000)
	k.within("Budget.CompressionPct", b.CompressionPct, 0, 100)
	k.intWithin("Budget.FreezeWeeks", b.FreezeWeeks, 0, 520)
	k.within("Budget.CostPerEngineer", b.CostPerEngineer, 0, 1e9)
	k.within("Leadership.QualityThreshold", c.Leadership.QualityThreshold, 0, 1)
	k.intWithin("Leadership.PatienceWeeks", c.Leadership.PatienceWeeks, 1, MaxWeeks)
	k.intWithin("Leadership.FirefightWeeks", c.Leadership.FirefightWeeks, 0, MaxWeeks)
	k.intWithin("Leadership.RecoveryWeeks", c.Leadership.RecoveryWeeks, 1, MaxWeeks)
	k.within("Product.LossAtZero", c.Product.LossAtZero, 0, 1)
	k.within("Product.PrimitiveDependence", c.Product.PrimitiveDependence, 0, 1)
	a := c.Allocation
	k.within("Allocation.QualityFloor", a.QualityFloor, 0, 0.999)
	k.within("Allocation.ReservePct", a.ReservePct, 0, 95)
	k.within("Allocation.InvestCap", a.InvestCap, 0, 1000)
	pl := c.Policy
	k.intWithin("Policy.BranchMin", pl.BranchMin, 1, 1000)
	if pl.Threshold < pl.BranchMin || pl.Threshold > MaxThreshold {
		k.add("Policy.Threshold", pl.Threshold, "must be at least branch_min (%d), got %d", pl.BranchMin, pl.Threshold)
	}
	k.within("Policy.SharePct", pl.SharePct, 1, 99)
	k.within("Policy.ShareBand", pl.ShareBand, 0, 50)
	if pl.SubdivideAt < 2*pl.BranchMin {
		k.add("Policy.SubdivideAt", pl.SubdivideAt, "must be at least twice branch_min (%d), got %d", 2*pl.BranchMin, pl.SubdivideAt)
	}
	k.intWithin("Policy.SplitDelay", pl.SplitDelay, 0, 52)
	k.intWithin("Policy.SplitCooldown", pl.SplitCooldown, 0, 520)
	k.intWithin("Policy.SplitSpacing", pl.SplitSpacing, 0, 520)
	k.intWithin("Policy.TrunkCap", pl.TrunkCap, 0, 100000)
	c.checkBounds(&k)
	c.checkPlan(&k)
	c.checkUncertain(&k)
	c.checkObserved(&k)
	if len(k.p) == 0 {
		return nil
	}
	return k.p
}

// MaxWeeks bounds a run's horizon: fifty years.
const MaxWeeks = 52 * 50

// MaxThreshold bounds the policy's split thresholds: no team of the
// model's organizations reaches it.
const MaxThreshold = 100_000

// MaxFireFactor bounds a domain's fire factor: a hundred times the base
// incident rate is already a domain on fire every week.
const MaxFireFactor = 100

// checkBounds checks the company's trajectory over the horizon against
// the bound the model is meant for, MaxEngineers product engineers. The
// problem is put on the growth key that makes the curve cross it. It is
// skipped when the horizon or the curve is itself invalid. (MaxGroups is
// not a bound to check: past it, product groups grow larger instead of
// more numerous.)
func (c *Config) checkBounds(k *checker) {
	g := c.Company.Engineers
	if k.failed("Weeks") || k.failed("Company.Engineers") {
		return
	}
	curve := g.Curve(c.Weeks + 1)
	if i := slices.IndexFunc(curve, func(e float64) bool { return e > MaxEngineers }); i >= 0 {
		k.add(growthCause(g, "Company.Engineers", i), curve[i],
			"grows to %.3g product engineers by week %d; the model is meant for up to %d: lower the growth or the horizon", curve[i], i, MaxEngineers)
	}
}

// growthCause names the key of g that makes its curve exceed a bound at
// week: the phase it is in, the cap of a logistic curve, or the rate.
func growthCause(g Growth, name string, week int) string {
	switch g.Model {
	case Logistic:
		return name + ".Cap"
	case Phased:
		end := 0
		for j, p := range g.Phases {
			end += p.Weeks
			if week < end || j == len(g.Phases)-1 {
				return fmt.Sprintf("%s.Phases[%d]", name, j)
			}
		}
	}
	return name + ".AnnualPct"
}
