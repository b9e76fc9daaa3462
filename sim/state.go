package sim

import (
	"math"
	"math/rand/v2"
)

// person is one infra engineer.
type person struct {
	hired   int // week hired; staff present at the start count as fully ramped
	team    int
	active  bool
	leaving bool // gave notice
}

// instance is one copy of a domain's work owned by one team. Outside the
// fragmented policy each domain has one instance; a fragmented organization
// keeps one per product group, and a subdivided branch halves one.
type instance struct {
	domain     int
	name       string
	share      float64 // share of the domain's company-wide demand
	automation float64
	backlog    float64
	fresh      bool // created this week: no erosion yet
	team       int

	// this week
	demand, toil, ops, invest, quality float64
	incidents, pages                   float64
	recentInc                          float64 // incidents, smoothed over about 4 weeks
	prob                               float64 // problem score, for ordering investment
}

// team is one team: the trunk, a branch, or a product group's infra.
type team struct {
	name       string
	trunk      bool
	alive      bool
	insts      []int
	members    []int
	morale     float64
	ctxDebt    float64 // hours of lost context still to rebuild
	reorgUntil int
	pending    bool // a split of this team is scheduled
	lastSplit  int  // week of the team's last split, or before the run

	series [1]int // indexes of the team's series, per TeamMetrics
	// the area_headcount series, cached while the team owns as many
	// instances as when it was found (areaWeek < 0: not yet)
	areaSeries, areaWeek, areaInsts int

	// this week
	capacity, perHead    float64
	ops, invest, pages   float64
	required, interrupts float64
}

// run is the whole state of one replication.
type run struct {
	cfg   *Config
	plan  *Plan
	rng   *rand.Rand
	sched schedule
	week  int

	people []person
	teams  []*team
	insts  []*instance
	trunk  int // index of the trunk team, -1 when there is none

	approved    int
	active      int // people on staff
	leaving     int // of whom gave notice
	pending     int // accepted offers not yet started
	freezeUntil int
	streak      int // consecutive weeks under the quality threshold
	groups      int

	out         *Trace
	stats       runStats
	lastLeavers float64
	orgQ        float64 // this week's organization-wide quality
	floorWeeks  float64

	// reusable buffers, so that a week allocates nothing
	now               []int
	full, floor, rest []float64
	order             []int
	domAgg            []domainAgg
	domSeries         [][]int // per domain, per DomainMetrics, the series index
	areaSeries        map[string]int
}

// runStats accumulates the per-run outcome.
type runStats struct {
	weeksBelow, interventions, firstIntervention int
	leavers, layoffs, splits, compressions       int
	hires                                        int
	opsHours, investHours, requiredHours         float64
	engineerWeeks, peakPages, maxTrunk           float64
	demandHours                                  float64
}

// MaxEngineers bounds the product organization a plan may reach.
const MaxEngineers = 200_000

// Plan is what every replication of a Config shares: the company's
// trajectory, computed once.
type Plan struct {
	cfg       *Config
	engineers []float64
	usage     []float64
	services  []float64
	newSvc    []float64
	driver    [][]float64 // per domain, the driver relative to week 0
	scaled    [][]float64 // per domain and week, BaseHours x driver^Exponent
	erode     [][]float64 // per domain and week, automation's erosion factor
	growth    [][]float64 // per domain and week, smoothed weekly log growth of demand
	boost     [][]float64 // per domain and week, demand growth over a quarter at that rate
}

// NewPlan validates cfg (bounds included) and computes the company's trajectory.
func NewPlan(cfg *Config) (*Plan, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	w := cfg.Weeks
	p := &Plan{cfg: cfg}
	p.engineers = cfg.Company.Engineers.Curve(w + 1) // within MaxEngineers: Validate checks
	p.usage = cfg.Company.Usage.Curve(w + 1)
	spe := cfg.Company.ServicesPerEngineer.Curve(w + 1)
	p.services = make([]float64, w+2)
	for i := range p.services {
		p.services[i] = p.engineers[i] * spe[i]
	}
	p.newSvc = make([]float64, w+1)
	for i := range p.newSvc {
		p.newSvc[i] = math.Max(0, p.services[i+1]-p.services[i])
	}
	p.driver = make([][]float64, len(cfg.Domains))
	for d, dom := range cfg.Domains {
		var src []float64
		switch dom.Driver {
		case DriverEngineers:
			src = p.engineers
		case DriverUsage:
			src = p.usage
		case DriverServices:
			src = p.services
		default:
			src = p.newSvc
		}
		x := make([]float64, w+1)
		for i := range x {
			if src[0] > 1e-9 {
				x[i] = math.Max(src[i]/src[0], 1e-9)
			} else {
				x[i] = 1 // nothing to scale from: demand stays at its base
			}
		}
		p.driver[d] = x
		p.scaled = append(p.scaled, make([]float64, w+1))
		p.erode = append(p.erode, make([]float64, w+1))
		p.growth = append(p.growth, make([]float64, w+1))
		p.boost = append(p.boost, make([]float64, w+1))
		for i := range x {
			p.scaled[d][i] = dom.BaseHours * math.Pow(x[i], dom.Exponent)
			p.erode[d][i] = 1
			g := 0.0
			if i > 0 {
				// A solution sized for today breaks at 3x: ErosionAt3x of
				// automation is lost per tripling of the driver.
				if x[i] > x[i-1] && dom.ErosionAt3x > 0 {
					p.erode[d][i] = math.Pow(1-dom.ErosionAt3x, math.Log(x[i]/x[i-1])/math.Log(3))
				}
				prev, cur := p.scaled[d][i-1]+dom.FixedHours, p.scaled[d][i]+dom.FixedHours
				if prev > 0 && cur > 0 {
					g = p.growth[d][i-1] + (math.Log(cur/prev)-p.growth[d][i-1])/8
				}
			}
			p.growth[d][i] = g
			p.boost[d][i] = math.Exp(math.Max(0, g) * 13)
		}
	}
	return p, nil
}
