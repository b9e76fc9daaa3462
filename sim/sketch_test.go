package sim

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// The sketch's quantiles stay within 1% of the exact ones (or exact, for
// zeros and constants), whatever the distribution.
func TestSketchAccuracy(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	dists := map[string]func() float64{
		"uniform 0..1":       rng.Float64,
		"quality near 1":     func() float64 { return 1 - 0.05*rng.Float64()*rng.Float64() },
		"lognormal hours":    func() float64 { return math.Exp(8 + 1.5*rng.NormFloat64()) },
		"headcount integers": func() float64 { return float64(150 + rng.IntN(60)) },
		"mostly zero":        func() float64 { return math.Max(0, rng.NormFloat64()-1) },
		"constant":           func() float64 { return 0.6 },
	}
	for name, draw := range dists {
		for _, n := range []int{1, 2, 7, 300, 20000} {
			var s Sketch
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = draw()
				s.Add(xs[i])
			}
			exact := Summarize(slices.Clone(xs))
			got := s.Quantiles()
			for _, c := range []struct {
				q    string
				a, b float64
			}{{"p10", got.P10, exact.P10}, {"p50", got.P50, exact.P50}, {"p90", got.P90, exact.P90}} {
				if math.Abs(c.a-c.b) > 0.01*math.Abs(c.b)+1e-12 {
					t.Errorf("%s, n=%d: %s %v, exact %v", name, n, c.q, c.a, c.b)
				}
			}
			if math.Abs(got.Mean-exact.Mean) > 1e-5*math.Max(1, exact.Mean) || got.N != n {
				t.Errorf("%s, n=%d: mean %v, exact %v", name, n, got.Mean, exact.Mean)
			}
		}
	}
}

func sameSketch(a, b *Sketch) bool {
	return a.Quantiles() == b.Quantiles() && a.n == b.n && a.zero == b.zero && a.min == b.min && a.max == b.max &&
		a.sumLo == b.sumLo && a.sumHi == b.sumHi && a.lo == b.lo && slices.Equal(a.counts, b.counts) && slices.Equal(a.carries, b.carries)
}

// The sketch is order-free: the same values in any order give the same
// sketch, which is what lets workers share one.
func TestSketchIsOrderFree(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	xs := make([]float64, 1000)
	for i := range xs {
		xs[i] = math.Exp(rng.NormFloat64() * 3)
	}
	var whole Sketch
	for _, x := range xs {
		whole.Add(x)
	}
	for range 3 {
		rng.Shuffle(len(xs), func(i, j int) { xs[i], xs[j] = xs[j], xs[i] })
		var shuffled Sketch
		for _, x := range xs {
			shuffled.Add(x)
		}
		if !sameSketch(&shuffled, &whole) {
			t.Errorf("shuffled: %+v, in order %+v", shuffled.Quantiles(), whole.Quantiles())
		}
	}
	var z Sketch
	z.Add(3)
	z.AddZeros(3)
	if q := z.Quantiles(); q.P50 != 0 || q.N != 4 || q.Mean != 0.75 {
		t.Errorf("zeros: %+v", q)
	}
}

// Sketches merged give the sketch of all their values, whichever way the
// values were shared among them: what lets each worker keep its own. The
// values repeat, so that bins count past a byte.
func TestSketchMerge(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	xs := make([]float64, 5000)
	for i := range xs {
		switch i % 4 {
		case 0:
			xs[i] = 0
		case 1:
			xs[i] = float64(rng.IntN(5))
		default:
			xs[i] = math.Exp(rng.NormFloat64() * 4)
		}
	}
	var whole Sketch
	for _, x := range xs {
		whole.Add(x)
	}
	if len(whole.carries) == 0 {
		t.Fatal("no bin counted past 255")
	}
	for _, parts := range []int{2, 3, 7} {
		shares := make([]Sketch, parts)
		for _, x := range xs {
			shares[rng.IntN(parts)].Add(x)
		}
		var merged Sketch
		for i := range shares {
			merged.Merge(&shares[i])
		}
		if !sameSketch(&merged, &whole) {
			t.Errorf("%d parts merged: %+v, whole %+v", parts, merged.Quantiles(), whole.Quantiles())
		}
	}
}

// Quantiles, which reads its order statistics in one pass, says what
// Quantile does, for every count from one value up.
func TestSketchQuantilesOnePass(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	var s Sketch
	for n := range 600 {
		switch n % 3 {
		case 0:
			s.Add(0)
		case 1:
			s.Add(math.Exp(rng.NormFloat64() * 5))
		default:
			s.Add(float64(rng.IntN(3)))
		}
		q := s.Quantiles()
		want := Quantiles{P10: s.Quantile(0.1), P50: s.Quantile(0.5), P90: s.Quantile(0.9), Mean: s.Mean(), N: int(s.n)}
		if q != want {
			t.Fatalf("%d values: %+v, Quantile says %+v", n+1, q, want)
		}
	}
}

// A series' batched fold (seriesAcc.add, then flush) gives each weekly
// sketch what Add gives it, value by value: zeros (left out when asked),
// negative values, NaN, values outside a sketch's window and counts that
// carry past a byte, with a batch that does not divide the runs.
func TestBatchedFoldIsAdd(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	draw := func() float64 {
		switch rng.IntN(10) {
		case 0:
			return 0
		case 1:
			return math.NaN()
		case 2:
			return -rng.Float64()
		case 3:
			return 3 // one bin, counted past 255
		case 4:
			return math.Exp(rng.NormFloat64() * 40) // far outside most windows
		}
		return math.Exp(rng.NormFloat64())
	}
	for _, skipZero := range []bool{false, true} {
		const weeks, batch = 75, 7
		want := make([]Sketch, weeks)
		sa := &seriesAcc{sketches: make([]Sketch, weeks), skipZero: skipZero}
		sa.keep(batch, weeks)
		vals := make([]float64, weeks)
		for range 3000 {
			for w := range vals {
				vals[w] = draw()
				if !skipZero || vals[w] != 0 {
					want[w].Add(vals[w])
				}
			}
			sa.add(vals)
		}
		if sa.npending == 0 {
			t.Fatal("nothing left pending: the last flush goes untested")
		}
		sa.flush(weeks)
		for w := range want {
			if !sameSketch(&want[w], &sa.sketches[w]) {
				t.Fatalf("skipZero %v, week %d: the batched sketch differs from Add's", skipZero, w)
			}
		}
	}
}
