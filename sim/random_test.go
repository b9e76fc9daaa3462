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

// Geometric skipping picks each index with probability p, independently.
func TestBernoulliEach(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	counts := make([]int, 50)
	const rounds = 20000
	for range rounds {
		bernoulliEach(rng, len(counts), 0.1, func(i int) { counts[i]++ })
	}
	for i, c := range counts {
		if f := float64(c) / rounds; math.Abs(f-0.1) > 0.01 {
			t.Errorf("index %d chosen %.3f of the time, want 0.1", i, f)
		}
	}
	n := 0
	bernoulliEach(rng, 10, 1, func(int) { n++ })
	bernoulliEach(rng, 10, 0, func(int) { n += 100 })
	if n != 10 {
		t.Errorf("p=1 and p=0: %d hits, want 10", n)
	}
}
