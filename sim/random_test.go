package sim

import (
	"math"
	"math/rand/v2"
	"testing"
)

// The Poisson sampler has the right mean and variance on both sides of its
// switch between methods.
func TestPoisson(t *testing.T) {
	rng := newStream(1, 2)
	for _, lambda := range []float64{0.3, 4, 11.9, 12, 40, 900} {
		const n = 40000
		var sum, sq float64
		for range n {
			k := poisson(rng, lambda)
			if k < 0 || k != math.Floor(k) {
				t.Fatalf("λ=%v: drew %v", lambda, k)
			}
			sum += k
			sq += k * k
		}
		mean := sum / n
		variance := sq/n - mean*mean
		se := math.Sqrt(lambda / n)
		if math.Abs(mean-lambda) > 5*se || math.Abs(variance/lambda-1) > 0.05 {
			t.Errorf("λ=%v: mean %.3f, variance %.3f", lambda, mean, variance)
		}
	}
	if poisson(rng, 0) != 0 || poisson(rng, math.NaN()) != 0 {
		t.Error("λ=0 or NaN must give 0")
	}
}

// Attrition compounds to its yearly rate: with morale out of the picture
// and no backfill, a year loses AttritionPct of the staff.
func TestAttritionRate(t *testing.T) {
	for _, pct := range []float64{5, 13, 40} {
		c := testConfig()
		c.Weeks = 52
		// Teams below half a comfortable rotation give no one up, and a cap
		// far under the need hires no one: only resignations move headcount.
		c.Teams[0].Engineers, c.Teams[1].Engineers = 45, 45
		c.People.RotationComfort = 100
		c.People.AttritionPct, c.People.MoraleAttrition, c.People.NoticeWeeks = pct, 0, 0
		c.Budget.CapPct, c.Budget.AllowLayoffs = 0.01, false
		p := mustPlan(t, c)
		var left, heads float64
		for i := range uint64(40) {
			tr := p.Run(4, i)
			left += tr.Outcome[Leavers]
			heads += mean(tr.Series(InfraEngineers, ""))
			if tr.Outcome[TransfersOut] > 0 || tr.Outcome[Hires] > 0 {
				t.Fatalf("attrition %v%%: %v transfers and %v hires", pct, tr.Outcome[TransfersOut], tr.Outcome[Hires])
			}
		}
		// The yearly rate from leavers over the average headcount.
		got := 1 - math.Exp(-left/heads)
		if math.Abs(got-pct/100) > 0.015+pct/100*0.1 {
			t.Errorf("attrition %v%%: %.1f%% left in a year", pct, 100*got)
		}
	}
}

// A stream draws rand.Rand's uniforms, bit for bit, from the same seed,
// by Float64 and by poisson's own loop, and mixing them with rand.Rand's
// other draws keeps the one stream; poisson's small means draw what
// comparing with math.Exp(-λ) itself would.
func TestStreamIsRand(t *testing.T) {
	s, want := newStream(3, 4), rand.New(rand.NewPCG(3, 4))
	for i := range 100000 {
		var got, exp float64
		switch i % 3 {
		case 0:
			got, exp = s.Float64(), want.Float64()
		case 1:
			got, exp = s.NormFloat64(), want.NormFloat64()
		default:
			// Means across the range where poisson brackets e^-λ rather
			// than computing it, at and about its whole numbers.
			lambda := []float64{3, 1e-9, 0.01, 0.3, 0.999, 1, 1.5, 1.99, 2, 2.01, 5.5, 7, 10.999, 11, 11.99}[i/3%15]
			got, exp = poisson(s, lambda), poissonByRand(want, lambda)
		}
		if math.Float64bits(got) != math.Float64bits(exp) {
			t.Fatalf("draw %d: %v, rand.Rand's %v", i, got, exp)
		}
	}
}

// poissonByRand is poisson's method for small means with rand.Rand's
// uniforms.
func poissonByRand(rng *rand.Rand, lambda float64) float64 {
	limit := math.Exp(-lambda)
	k := 0.0
	for p := rng.Float64(); p > limit; p *= rng.Float64() {
		k++
	}
	return k
}

// expBounds brackets math.Exp(-λ) everywhere poisson uses it, also at and
// just beside whole numbers, where a mean's fraction starts again, within
// 1/720 of e^-λ's whole part.
func TestExpBounds(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	var means []float64
	for n := range multiplyMax {
		x := float64(n)
		means = append(means, x, math.Nextafter(x, 0), math.Nextafter(x, multiplyMax))
	}
	for i := range 1000000 {
		means = append(means, multiplyMax*float64(i)/1000000, multiplyMax*rng.Float64())
	}
	for _, lambda := range means {
		lo, hi := expBounds(lambda)
		e := math.Exp(-lambda)
		if !(lo <= e && e < hi) || hi-lo > math.Exp(-math.Floor(lambda))*(1.0/720+3e-13) {
			t.Fatalf("λ=%v: e^-λ %v, bounds %v to %v", lambda, e, lo, hi)
		}
	}
}
