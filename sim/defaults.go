package sim

import (
	"fmt"
	"math"
	"reflect"
	"strings"
)

// Defaults returns the model's parameters with no domains and no teams.
// Every figure either names its public source here (Sources) or is an
// assumption with a plausible low and high (Assumptions), over which the
// robustness command checks that a verdict holds.
func Defaults() Config {
	return Config{
		Weeks: 156, // three years
		Company: Company{
			Engineers: Growth{Start: 200, Model: Exponential, AnnualPct: 30},
			// Usage follows the engineers unless a scenario gives it a
			// curve of its own.
			Usage:               Growth{Start: 1, Model: FollowEngineers},
			ServicesPerEngineer: Growth{Start: 0.5, Model: Exponential, AnnualPct: 0},
			GroupSize:           100,
		},
		People: People{
			HoursPerWeek:     40,
			RampWeeks:        20,
			RampStart:        1.0 / 3,
			MentorShare:      0.25,
			TimeToFillWeeks:  8,
			NoticeWeeks:      2,
			AttritionPct:     13,
			MoraleReference:  0.6,
			MoraleAttrition:  3,
			ContextLossWeeks: 12,
			ContextLossShare: 0.5,
			Span:             8,
			InterfaceCost:    0.15,
			SwitchCost:       0.04,
			MaxRampingShare:  0.5,
			StartMorale:      0.65,
			MoraleBase:       0.65,
			MoraleTauWeeks:   8,
			MoralePages:      0.3,
			PagesHealthy:     2,
			PagesBurnout:     19,
			OffHoursShare:    0.5,
			MoraleToil:       0.3,
			MoraleInvest:     0.2,
			MoraleOnCall:     0.4,
			MoraleReorg:      0.1,
			ToilLimit:        0.5,
			RotationComfort:  8,
			ReorgWeeks:       4,
			ReorgDisruption:  0.2,
		},
		OnCall: OnCall{
			ShiftsPerWeek:       14,
			ShiftHours:          12,
			EscalationCost:      1.5,
			RefocusHours:        0.4,
			DegradedFactor:      1,
			HoursPerIncident:    6,
			PagesPerToilHour:    0.1,
			IncidentsPer100Toil: 0.5,
			HoursPerPage:        0.05,
			BacklogExpiryPct:    5,
			QualityBacklogWeeks: 4,
			BacklogPaydownPct:   25,
		},
		Budget: Budget{
			ReviewWeeks:     13,
			CapPct:          10,
			CompressionPct:  20,
			FreezeWeeks:     8,
			CostPerEngineer: 250000,
			AllowLayoffs:    true,
			LeadWeeks:       26,
		},
		Leadership: Leadership{QualityThreshold: 0.6, PatienceWeeks: 8, FirefightWeeks: 13, RecoveryWeeks: 13},
		Product:    Product{LossAtZero: 0.25, PrimitiveDependence: 0.3},
		Allocation: Allocation{Rule: BoundedFloor, QualityFloor: 0.7, ReservePct: 20, InvestCap: 1},
		Policy: Policy{
			Name:          TrunkAndBranches,
			Threshold:     8,
			BranchMin:     3,
			Choose:        BiggestProblem,
			SharePct:      20,
			ShareBand:     5,
			Subdivide:     true,
			SubdivideAt:   10,
			SplitDelay:    2,
			SplitCooldown: 13,
			SplitSpacing:  4,
		},
		Observed: DefaultObserved(),
	}
}

// DefaultDomain is what a domain gets for each field a scenario leaves out.
func DefaultDomain() Domain {
	return Domain{
		Driver:        DriverEngineers,
		Exponent:      1,
		BaseHours:     40,
		FixedHours:    8,
		Automation:    0.3,
		MaxAutomation: 0.9,
		EffortWeeks:   6,
		ErosionAt3x:   0.3,
		DecayPct:      10,
		FireFactor:    1,
		AlertFactor:   1,
	}
}

// Sources names the public source of each default that has one, by Go
// field path ("Domain." for every domain's field).
var Sources = map[string]string{
	"Weeks":                    "three years, the horizon of seed 001's story",
	"People.TimeToFillWeeks":   "Workable, 2017: about 58 days to fill an engineering role",
	"People.NoticeWeeks":       "two weeks' notice, the usual convention",
	"People.AttritionPct":      "LinkedIn Talent Solutions, 2018: 13.2% a year in software",
	"People.PagesHealthy":      "PagerDuty, State of Digital Operations, 2021: 2 off-hours interruptions a month is healthy",
	"People.PagesBurnout":      "PagerDuty, State of Digital Operations, 2021: 19 off-hours interruptions a month is burnout",
	"People.ToilLimit":         "Google, Site Reliability Engineering, 2016, ch. 5: toil at most 50% of an SRE's time",
	"People.RotationComfort":   "Google, Site Reliability Engineering, 2016, ch. 11: eight engineers in a single-site rotation",
	"OnCall.ShiftsPerWeek":     "seed 001: 12-hour follow-the-sun shifts",
	"OnCall.ShiftHours":        "Google, Site Reliability Engineering, 2016, ch. 11: at most two incidents of about six hours per 12-hour shift",
	"OnCall.HoursPerIncident":  "Google, Site Reliability Engineering, 2016, ch. 11: about six hours per incident with its follow-up",
	"Budget.ReviewWeeks":       "quarterly budget reviews (Corollary Two)",
	"Budget.CapPct":            "practitioner rule of thumb: infra about 10% of engineering",
	"Policy.Threshold":         "seed 001: split each time the trunk grows beyond six to eight engineers",
	"Policy.BranchMin":         "seed 000: enough engineers to staff a branch sustainably, usually 3+",
	"Policy.SharePct":          "seed 000: trunk 15 to 25% of infrastructure engineers",
	"Policy.ShareBand":         "seed 000: trunk 15 to 25% of infrastructure engineers",
	"Policy.SubdivideAt":       "Larson, An Elegant Puzzle, 2019: grow a team to 8 to 10, then split it into two of 4 to 5",
	"Policy.TrunkCap":          "0, no cap: the trunk takes the hires its need asks for once it has nothing left to split",
	"Leadership.RecoveryWeeks": "the stated window: the final quarter",
	"Domain.Exponent":          "1, demand in proportion to its driver, unless a scenario says otherwise",
	"Domain.FireFactor":        "1, the base incident rate, unless a scenario says otherwise",
	"Domain.AlertFactor":       "1, the base paging rate, unless a scenario says otherwise",
	"Domain.BaseHours":         "a scenario's own figure; 40 hours, one engineer's week, when it gives none",
}

// Assumption is a default that no public figure pins down, with the low
// and high ends of its plausible range: a verdict the tool states must
// hold at both ends, or the tool names the assumption as deciding it.
type Assumption struct {
	// Field is the Go path of the field in Config; "Domain.X" is every
	// domain's X, moved together by the ratio of the end to the default.
	Field     string
	Low, High float64
	Why       string
}

// Assumptions lists every assumption with its range.
var Assumptions = []Assumption{
	{"People.HoursPerWeek", 36, 44, "a working week, less or more than forty hours"},
	{"People.RampStart", 0.2, 0.5, "a new hire's output in week one, as a share of full"},
	{"People.RampWeeks", 13, 39, "3 to 9 months to full output (Swimm, 2020)"},
	{"People.MentorShare", 0.1, 0.4, "a mentor's week each ramping hire costs"},
	{"People.MoraleReference", 0.5, 0.7, "morale at which attrition is its base rate"},
	{"People.MoraleAttrition", 1.5, 4.5, "how steeply attrition rises as morale falls (PagerDuty, 2021: off-hours work and quitting)"},
	{"People.ContextLossWeeks", 6, 26, "how long a leaver's context takes to rebuild"},
	{"People.ContextLossShare", 0.25, 0.75, "share of a head lost meanwhile"},
	{"People.Span", 6, 10, "engineers per manager: Larson's 6 to 8, Team Topologies' 5 to 9"},
	{"People.InterfaceCost", 0.05, 0.3, "output lost between sub-teams of a large team (QSM: teams of 20+ spend several times the effort)"},
	{"People.SwitchCost", 0.02, 0.08, "focus lost per extra domain a team owns"},
	{"People.MaxRampingShare", 0.33, 0.67, "share of a team that may be ramping at once (Larson, An Elegant Puzzle, 2019: in hypergrowth untrained engineers soon outnumber trained ones)"},
	{"People.StartMorale", 0.45, 0.8, "morale before the warm start settles it"},
	{"People.MoraleBase", 0.55, 0.75, "morale of a team with no strain and no investment"},
	{"People.MoraleTauWeeks", 4, 16, "how fast morale moves toward its level"},
	{"People.MoralePages", 0.15, 0.45, "weight of off-hours pages in morale"},
	{"People.OffHoursShare", 0.3, 0.7, "share of pages outside working hours: two of every three 8-hour stretches are off hours, but fewer pages come at night"},
	{"People.MoraleToil", 0.15, 0.45, "weight of toil over the limit in morale"},
	{"People.MoraleInvest", 0.1, 0.3, "weight of investment time in morale"},
	{"People.MoraleOnCall", 0.2, 0.6, "weight of being on call too often in morale"},
	{"People.MoraleReorg", 0.05, 0.2, "morale cost of a recent reorganisation"},
	{"People.ReorgWeeks", 2, 8, "how long a reorganisation disrupts"},
	{"People.ReorgDisruption", 0.1, 0.3, "share of output a reorganisation costs meanwhile"},
	{"OnCall.EscalationCost", 1.2, 2.5, "team hours per hour of an escalated interrupt"},
	{"OnCall.RefocusHours", 0.2, 1, "investment time an interruption destroys beyond the people on call (Mark, Gudith and Klocke, 2008: about 23 minutes to resume)"},
	{"OnCall.DegradedFactor", 0.5, 2, "how much more a collapsed domain fires and pages than a healthy one"},
	{"OnCall.PagesPerToilHour", 0.05, 0.2, "pages per hour of unautomated work"},
	{"OnCall.IncidentsPer100Toil", 0.25, 1, "incidents per hundred hours of unautomated work"},
	{"OnCall.HoursPerPage", 0.03, 0.15, "hours to acknowledge and triage a page: 2 to 9 minutes"},
	{"OnCall.BacklogExpiryPct", 2, 10, "share of the backlog that stops mattering each week"},
	{"OnCall.QualityBacklogWeeks", 2, 8, "backlog, in weeks of toil, that cuts quality to 1/e"},
	{"OnCall.BacklogPaydownPct", 10, 50, "share of the backlog full service pays down each week"},
	{"Budget.CompressionPct", 10, 30, "how far below the cap a compressed ask is cut"},
	{"Budget.FreezeWeeks", 4, 13, "how long a compression freezes hiring"},
	{"Budget.LeadWeeks", 13, 39, "how far ahead a review projects the work it asks for"},
	{"Budget.CostPerEngineer", 150000, 350000, "fully loaded cost of an engineer a year, dollars"},
	{"Leadership.QualityThreshold", 0.5, 0.7, "the quality under which leadership loses patience"},
	{"Leadership.PatienceWeeks", 4, 13, "how long leadership waits under the threshold"},
	{"Leadership.FirefightWeeks", 4, 26, "how long an intervention stops investment"},
	{"Product.LossAtZero", 0.1, 0.4, "product engineers' time lost when infra has failed"},
	{"Product.PrimitiveDependence", 0.1, 0.5, "how much a branch rests on the trunk's primitives (DORA, 2024: platforms move productivity by about 10%)"},
	{"Allocation.QualityFloor", 0.6, 0.8, "the bounded level of service the seed holds while investing"},
	{"Allocation.ReservePct", 10, 30, "investment reserve kept when quality dips"},
	{"Allocation.InvestCap", 0.5, 2, "useful investment a week, in multiples of the toil automation could remove"},
	{"Policy.SplitDelay", 1, 4, "weeks from deciding a split to the new team"},
	{"Policy.SplitCooldown", 8, 26, "least time between two splits of one team"},
	{"Policy.SplitSpacing", 2, 8, "least time between any two splits"},
	{"Company.GroupSize", 50, 200, "product engineers per product group under fragmentation (seed 001: seventy engineers in eight to ten teams, one level up)"},
	{"Domain.FixedHours", 4, 16, "weekly work of keeping one copy of a domain's primitives running"},
	{"Domain.Automation", 0.15, 0.45, "share of demand automated at the start"},
	{"Domain.MaxAutomation", 0.8, 0.95, "the most automation can remove"},
	{"Domain.EffortWeeks", 3, 12, "investment, in weeks of demand, that closes 63% of the automation gap"},
	{"Domain.ErosionAt3x", 0.15, 0.5, "automation lost each time the driver triples"},
	{"Domain.DecayPct", 5, 20, "automation lost each year without growth, as dependencies and systems change"},
}

// Default is the assumption's default value: the default domain's for a
// domain field.
func (a Assumption) Default() float64 {
	x, ok := DefaultOf(a.Field)
	if !ok {
		panic("sim: no number at " + a.Field) // Assumptions are the code's own list
	}
	return x
}

// DefaultOf is the model's default for the number at the Go path field:
// the default domain's for "Domain.X", every domain's X. It reports false
// when there is no number at field.
func DefaultOf(field string) (float64, bool) {
	if f, ok := strings.CutPrefix(field, "Domain."); ok {
		d := DefaultDomain()
		v := reflect.ValueOf(&d).Elem().FieldByName(f)
		if k := v.Kind(); k != reflect.Float64 && k != reflect.Int {
			return 0, false
		}
		return number(v), true
	}
	c := Defaults()
	v, ok := numericPath(&c, field)
	if !ok {
		return 0, false
	}
	return number(v), true
}

// Apply moves the assumption in c to one end of its range, end being Low
// or High. Where c holds the default, the field takes end itself; where a
// scenario gave a figure of its own (every domain field, and any other
// the scenario set), that figure is moved by end over the default, so the
// scenario's own proportions stay.
//
// An input the scenario gives as a distribution moves with its median:
// the distribution is scaled by the same ratio.
func (a Assumption) Apply(c *Config, end float64) {
	def := a.Default()
	move := func(path string) {
		v, _ := numericPath(c, path)
		cur := number(v)
		if cur == def || def == 0 {
			set(v, end)
		} else {
			set(v, cur*end/def)
		}
		if cur != 0 {
			c.scaleDist(path, number(v)/cur)
		}
	}
	if f, ok := strings.CutPrefix(a.Field, "Domain."); ok {
		for i := range c.Domains {
			move(fmt.Sprintf("Domains[%d].%s", i, f))
		}
		return
	}
	move(a.Field)
}

func number(v reflect.Value) float64 {
	if v.Kind() == reflect.Int {
		return float64(v.Int())
	}
	return v.Float()
}

func set(v reflect.Value, x float64) {
	if v.Kind() == reflect.Int {
		v.SetInt(int64(math.Round(x)))
		return
	}
	v.SetFloat(x)
}
