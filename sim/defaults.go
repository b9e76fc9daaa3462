package sim

// Defaults returns the model's parameters with no domains and no teams.
// Each figure that has a public source names it; the rest are model
// coefficients, chosen so that one mechanism does not drown the others, and
// meant to be varied by sensitivity runs.
func Defaults() Config {
	return Config{
		Weeks: 156, // three years
		Company: Company{
			Engineers:           Growth{Start: 200, Model: Exponential, AnnualPct: 30},
			Usage:               Growth{Start: 1, Model: Exponential, AnnualPct: 30},
			ServicesPerEngineer: Growth{Start: 0.5, Model: Exponential, AnnualPct: 0},
			// Product groups of about 100 engineers: the "eight to ten
			// teams" of seventy in seed 001, one level up.
			GroupSize: 100,
		},
		People: People{
			HoursPerWeek: 40,
			// New hires start at about a third of full output and ramp over
			// roughly 20 weeks, costing a mentor about a quarter of their
			// time (the figures; Google's SRE book, ch. 28, puts
			// on-call readiness at several months).
			RampWeeks:   20,
			RampStart:   1.0 / 3,
			MentorShare: 0.25,
			// Time to fill a senior infrastructure role: about ten weeks.
			TimeToFillWeeks: 10,
			NoticeWeeks:     2,
			// Yearly attrition near 13% in software (LinkedIn, 2018: 13.2%
			// for technology companies).
			AttritionPct:    13,
			MoraleReference: 0.6,
			MoraleAttrition: 3,
			// A leaver's context takes about a quarter to rebuild, at half
			// a head meanwhile (Corollary One: "folks leave with the
			// essential context").
			ContextLossWeeks: 12,
			ContextLossShare: 0.5,
			// Brooks's law: each extra teammate adds communication paths.
			CoordinationCost: 0.03,
			// Each extra domain a team owns costs a share of focus.
			SwitchCost:  0.04,
			StartMorale: 0.6,
			MoraleBase:  0.65,
			// Morale drifts toward its target over about two months.
			MoraleTauWeeks: 8,
			MoralePages:    0.3,
			MoraleToil:     0.3,
			MoraleInvest:   0.2,
			MoraleOnCall:   0.4,
			MoraleReorg:    0.1,
			// Google's SRE book, ch. 5: toil at most 50% of an SRE's time.
			ToilLimit: 0.5,
			// Google's SRE book, ch. 11: eight engineers in a single-site
			// rotation.
			RotationComfort: 8,
			// A split costs a few weeks of disruption.
			ReorgWeeks:      4,
			ReorgDisruption: 0.2,
		},
		OnCall: OnCall{
			// Twelve-hour shifts around the clock, as in seed 001's follow
			// the sun rotation.
			ShiftsPerWeek: 14,
			// Google's SRE book, ch. 11: at most two incidents per 12-hour
			// shift, since each takes about six hours with its postmortem.
			SustainablePages:    2,
			HoursPerIncident:    6,
			PagesPerToilHour:    0.1,
			IncidentsPer100Toil: 0.5,
			HoursPerPage:        0.05, // three minutes to acknowledge and triage
			BacklogExpiryPct:    5,
			QualityBacklogWeeks: 4,
			BacklogPaydownPct:   25,
		},
		Budget: Budget{
			ReviewWeeks: 13, // quarterly
			// Infra at about 8% of engineering asks; leadership tolerates
			// up to 10% (seed 001's Uber start: 15 infra for ~200).
			AskPct:          8,
			CapPct:          10,
			CompressionPct:  20,
			FreezeWeeks:     8,
			CostPerEngineer: 250000,
			AllowLayoffs:    true,
		},
		Leadership: Leadership{QualityThreshold: 0.6, PatienceWeeks: 8},
		Allocation: Allocation{Rule: BoundedFloor, QualityFloor: 0.7, ReservePct: 20, InvestCap: 2},
		Policy: Policy{
			Name: TrunkAndBranches,
			// Seed 001: "each time the trunk team grows beyond six to eight
			// engineers, split off another branch team".
			Threshold: 8,
			// Seed 000: branches need "enough engineers to staff it
			// sustainably (usually 3+)".
			BranchMin: 3,
			Choose:    BiggestProblem,
			// Seed 000: trunk 15 to 25% of infrastructure engineers.
			SharePct:    20,
			ShareBand:   5,
			Subdivide:   true,
			SubdivideAt: 16,
			SplitDelay:  2,
			// No pause between splits beyond SplitDelay; raise it to model reorganisation fatigue.
			SplitCooldown: 0,
		},
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
		FireFactor:    1,
		AlertFactor:   1,
	}
}
