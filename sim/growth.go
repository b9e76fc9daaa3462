package sim

import "math"

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
