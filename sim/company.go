package sim

import (
	"math"
)

// The company plan: product engineers, usage and services over the
// horizon, and each domain's demand and erosion derived from them, computed
// once and shared by every replication.

// Frozen reports, for weeks 0..weeks, whether the curve is in a phase of
// no growth: a company hiring freeze, as opposed to a company that is
// simply stable, which backfills its leavers.
func (g Growth) Frozen(weeks int) []bool {
	out := make([]bool, weeks+1)
	if g.Model != Phased {
		return out
	}
	i := 0
	for _, p := range g.Phases {
		for w := 0; w < p.Weeks && i <= weeks; w++ {
			out[i] = p.AnnualPct <= 0
			i++
		}
	}
	return out
}

// Curve returns the value of g for weeks 0..weeks, inclusive. Rates are
// compounded weekly from the yearly percentage, so 400% a year is a factor
// of 5 after 52 weeks on the exponential model.
func (g Growth) Curve(weeks int) []float64 {
	out := make([]float64, weeks+1)
	weekly := func(pct float64) float64 { return math.Log1p(pct/100) / 52 }
	switch g.Model {
	case Logistic:
		// Logistic with initial relative growth equal to the stated rate:
		// the curve starts like the exponential and flattens toward Cap.
		r := weekly(g.AnnualPct)
		k := g.Cap
		if k <= g.Start || r == 0 {
			for i := range out {
				out[i] = g.Start
			}
			if r < 0 || k < g.Start {
				for i := range out {
					out[i] = g.Start * math.Exp(r*float64(i))
				}
			}
			return out
		}
		a := (k - g.Start) / g.Start
		for i := range out {
			out[i] = k / (1 + a*math.Exp(-r*float64(i)))
		}
	case Phased:
		v := g.Start
		i := 0
		for _, p := range g.Phases {
			v *= 1 + p.StepPct/100
			r := math.Exp(weekly(p.AnnualPct))
			for w := 0; w < p.Weeks && i <= weeks; w++ {
				out[i] = v
				v *= r
				i++
			}
		}
		for ; i <= weeks; i++ { // the last value holds after the last phase
			out[i] = v
		}
	default:
		r := weekly(g.AnnualPct)
		for i := range out {
			out[i] = g.Start * math.Exp(r*float64(i))
		}
	}
	return out
}

// MaxEngineers bounds the product organization a plan may reach.
const MaxEngineers = 200_000

// Plan is what every replication of a Config shares: the company's
// trajectory, computed once.
type Plan struct {
	cfg       *Config
	engineers []float64
	frozen    []bool // the company's hiring is frozen that week
	usage     []float64
	services  []float64
	newSvc    []float64
	scaled    [][]float64 // per domain and week, BaseHours x driver^Exponent
	erode     [][]float64 // per domain and week, automation's erosion factor
	kept      [][]float64 // per domain and week, the share of automation kept from week 0 to then: the product of erode
	growth    [][]float64 // per domain and week, smoothed weekly log growth of demand
	boost     [][]float64 // per domain and week, demand growth over a quarter at that rate
	// per domain and week, what a budget ask projects LeadWeeks ahead
	// (workNeed): the scaled demand then, and the share of the week's
	// automation kept until then
	ahead, keptAhead [][]float64
	warm             *warmState // the settled starting organization
}

// NewPlan validates cfg (bounds included) and computes the company's trajectory.
func NewPlan(cfg *Config) (*Plan, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	w := cfg.Weeks
	p := &Plan{cfg: cfg}
	p.engineers = cfg.Company.Engineers.Curve(w + 1) // within MaxEngineers: Validate checks
	p.frozen = cfg.Company.Engineers.Frozen(w + 1)
	if cfg.Company.Usage.Model == FollowEngineers {
		p.usage = make([]float64, len(p.engineers))
		for i, e := range p.engineers {
			p.usage[i] = cfg.Company.Usage.Start * e / p.engineers[0]
		}
	} else {
		p.usage = cfg.Company.Usage.Curve(w + 1)
	}
	spe := cfg.Company.ServicesPerEngineer.Curve(w + 1)
	p.services = make([]float64, w+2)
	for i := range p.services {
		p.services[i] = p.engineers[i] * spe[i]
	}
	p.newSvc = make([]float64, w+1)
	for i := range p.newSvc {
		p.newSvc[i] = max(0, p.services[i+1]-p.services[i])
	}
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
				x[i] = max(src[i]/src[0], 1e-9)
			} else {
				x[i] = 1 // nothing to scale from: demand stays at its base
			}
		}

		p.scaled = append(p.scaled, make([]float64, w+1))
		p.erode = append(p.erode, make([]float64, w+1))
		p.growth = append(p.growth, make([]float64, w+1))
		p.boost = append(p.boost, make([]float64, w+1))
		p.kept = append(p.kept, make([]float64, w+1))
		for i := range x {
			p.scaled[d][i] = dom.BaseHours * math.Pow(x[i], dom.Exponent)
			// Automation decays with time as well as with scale.
			p.erode[d][i] = math.Pow(1-dom.DecayPct/100, 1.0/52)
			g := 0.0
			if i > 0 {
				// A solution sized for today breaks at 3x: ErosionAt3x of
				// automation is lost per tripling of the driver.
				if x[i] > x[i-1] && dom.ErosionAt3x > 0 {
					p.erode[d][i] *= math.Pow(1-dom.ErosionAt3x, math.Log(x[i]/x[i-1])/math.Log(3))
				}
				prev, cur := p.scaled[d][i-1]+dom.FixedHours, p.scaled[d][i]+dom.FixedHours
				if prev > 0 && cur > 0 {
					g = p.growth[d][i-1] + (math.Log(cur/prev)-p.growth[d][i-1])/8
				}
			}
			p.growth[d][i] = g
			p.boost[d][i] = math.Exp(max(0, g) * 13)
			p.kept[d][i] = p.erode[d][i]
			if i > 0 {
				p.kept[d][i] *= p.kept[d][i-1]
			}
		}
	}
	p.projectAhead()
	p.settle()
	return p, nil
}

// projectAhead works out, for every domain and week, the demand and the
// automation kept LeadWeeks ahead (the last week at most), which every
// team's need asks for its every domain each week.
func (p *Plan) projectAhead() {
	lead := p.cfg.Budget.LeadWeeks
	for d := range p.scaled {
		n := len(p.scaled[d])
		ahead, kept := make([]float64, n), make([]float64, n)
		for w := range n {
			at := min(w+lead, n-1)
			ahead[w] = p.scaled[d][at]
			kept[w] = p.kept[d][at] / max(p.kept[d][w], 1e-12)
		}
		p.ahead = append(p.ahead, ahead)
		p.keptAhead = append(p.keptAhead, kept)
	}
}
