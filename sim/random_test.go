package sim

import (
	"math"
	"math/rand/v2"
	"testing"
)

// The Poisson sampler has the right mean and variance on both sides of its
// switch between methods.
func TestPoisson(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
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
		c.Teams[0].Engineers, c.Teams[1].Engineers = 1000, 1000
		c.People.AttritionPct, c.People.MoraleAttrition, c.People.NoticeWeeks = pct, 0, 0
		c.Budget.CapPct, c.Budget.AllowLayoffs = 0.01, false // no hiring
		tr := mustPlan(t, c).Run(4, 0)
		// The yearly rate from leavers over the average headcount (reviews
		// may move idle engineers out of infra; those are not resignations).
		got := 1 - math.Exp(-tr.Outcome[Leavers]/mean(tr.Series(InfraEngineers, "")))
		if math.Abs(got-pct/100) > 0.02 {
			t.Errorf("attrition %v%%: %.1f%% left in a year", pct, 100*got)
		}
	}
}
