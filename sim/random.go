package sim

import (
	"math"
	"math/rand/v2"
)

// stream is a run's random source: its generator, whose uniform draws
// compile inline, and a rand.Rand over the same generator for the draws
// only rand.Rand makes (normal, integer, gamma). Both advance one state,
// so a run draws the same stream whichever of them makes each draw.
type stream struct {
	pcg *rand.PCG
	*rand.Rand
}

// newStream is the stream seeded with (seed, seq).
func newStream(seed, seq uint64) *stream {
	pcg := rand.NewPCG(seed, seq)
	return &stream{pcg: pcg, Rand: rand.New(pcg)}
}

// Float64 is rand.Rand's Float64, drawn from the generator directly
// rather than through rand.Source, an interface no call of which inlines:
// a run draws some 60,000 uniforms. It is rand.Rand's float64(x<<11>>11)
// / (1<<53) written as a mask and a multiplication, which give the same
// bits (the integer is below 2^53, so exact, and the scale a power of
// two) and keep it cheap enough to inline.
func (s *stream) Float64() float64 { return float64(s.pcg.Uint64()&(1<<53-1)) * 0x1p-53 }

// multiplyMax is the mean below which poisson multiplies uniforms.
const multiplyMax = 12

// expNeg holds math.Exp(-n) for the whole parts n of the means poisson
// multiplies uniforms for.
var expNeg = func() (e [multiplyMax]float64) {
	for n := range e {
		e[n] = math.Exp(-float64(n))
	}
	return e
}()

// expBounds brackets math.Exp(-lambda) for 0 <= lambda < multiplyMax:
// lo <= math.Exp(-lambda) < hi, so that a uniform product p > hi or p <=
// lo is on the same side of it as math.Exp would say, and the draw is the
// same bits without it. e^-λ is e^-n, for λ's whole part n, times e^-f,
// for its fraction f (λ-n is exact). By Taylor's remainder, e^-f is the
// series' fifth partial sum plus e^-ξ·f^6/720 for some 0 < ξ < f, so it
// lies above that sum and below the sixth, under 1/720 apart: a product
// falls between the bounds, and math.Exp is needed, in about 1 draw in
// 2,000 (means spread evenly from 0 to 12, or from 0 to 2). Each bound is widened by 1e-13 of e^-n, far more than the
// rounding of their evaluation (a few 1e-16 relative, on terms summing to
// under e) and of math.Exp's results (under an ulp).
func expBounds(lambda float64) (lo, hi float64) {
	const margin = 1e-13
	n := int(lambda)
	f := lambda - float64(n)
	// Multiplications by reciprocals, not divisions: the bounds need only
	// be within their margin, and a division's latency, five times over,
	// was most of their cost.
	s5 := 1 - f*(1-f*0.5*(1-f*(1.0/3)*(1-f*0.25*(1-f*0.2))))
	f3 := f * f * f
	e := expNeg[n]
	return e * (s5 - margin), e * (s5 + f3*f3*(1.0/720) + margin)
}

// poisson draws from a Poisson distribution with mean lambda: by
// multiplication of uniforms for small means, by Hörmann's transformed
// rejection (PTRS, 1993) for middling ones, as NumPy does, and by the
// rounded normal approximation from 50 up. All use only the run's own
// source.
func poisson(rng *stream, lambda float64) float64 {
	switch {
	case !(lambda > 0):
		return 0
	case lambda >= 50:
		// The normal approximation: skew 1/sqrt(lambda) is small here,
		// and it costs one draw.
		return max(0, math.Round(lambda+math.Sqrt(lambda)*rng.NormFloat64()))
	case lambda < multiplyMax:
		// k is how many uniforms' running product stays above e^-λ. The
		// product is compared with bounds of e^-λ, which nearly always
		// say which side it is on: math.Exp is computed only for a
		// product between them. rng.Float64 is spelled out so that the
		// generator's step compiles inline in the loops that make most of
		// a run's draws.
		pcg := rng.pcg
		k := 0.0
		p := float64(pcg.Uint64()&(1<<53-1)) * 0x1p-53
		lo, hi := expBounds(lambda)
		for p > hi {
			k++
			p *= float64(pcg.Uint64()&(1<<53-1)) * 0x1p-53
		}
		if p <= lo {
			return k
		}
		for limit := math.Exp(-lambda); p > limit; p *= float64(pcg.Uint64()&(1<<53-1)) * 0x1p-53 {
			k++
		}
		return k
	}
	slam := math.Sqrt(lambda)
	loglam := math.Log(lambda)
	b := 0.931 + 2.53*slam
	a := -0.059 + 0.02483*b
	invalpha := 1.1239 + 1.1328/(b-3.4)
	vr := 0.9277 - 3.6224/(b-2)
	for {
		u := rng.Float64() - 0.5
		v := rng.Float64()
		us := 0.5 - math.Abs(u)
		k := math.Floor((2*a/us+b)*u + lambda + 0.43)
		if us >= 0.07 && v <= vr {
			return k
		}
		if k < 0 || us < 0.013 && v > us {
			continue
		}
		lg, _ := math.Lgamma(k + 1)
		if math.Log(v)+math.Log(invalpha)-math.Log(a/(us*us)+b) <= -lambda+k*loglam-lg {
			return k
		}
	}
}
