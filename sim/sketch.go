package sim

import (
	"math"
	"math/bits"
)

// Sketch summarises a stream of values in a fixed, small amount of memory
// per distinct value range, for quantiles across many runs.
//
// Values above zero fall into bins whose edges are fixed in advance and do
// not depend on the data: a bin holds the values sharing a float64 exponent
// and the top sketchBits bits of mantissa, so each bin spans 1/64 of its
// lower edge and a quantile read from it is within 0.8% of the exact one.
// Zero and below count in a bin of their own. Because edges are fixed and
// the mean is summed in 128-bit fixed point, the same values give the same
// sketch whatever order they arrive in, so workers can share one and the
// result does not depend on how runs were shared among them.
type Sketch struct {
	n        int64
	zero     int64    // values <= 0
	lo       uint64   // bin index of counts[0]
	counts   []uint32 // bins lo, lo+1, ...
	min, max float64
	sumHi    uint64 // sum of values in fixed point, as 128 bits
	sumLo    uint64
}

const (
	sketchBits  = 6
	sketchShift = 52 - sketchBits
	// fixedScale is the fixed point of the sum: values are counted in
	// units of 2^-20.
	fixedScale = 1 << 20
	maxFixed   = float64(1<<63) / fixedScale
)

func bin(v float64) uint64 { return math.Float64bits(v) >> sketchShift }

// binValue is the middle of a bin.
func binValue(b uint64) float64 {
	lo := math.Float64frombits(b << sketchShift)
	hi := math.Float64frombits((b + 1) << sketchShift)
	return (lo + hi) / 2
}

// Add counts one value; NaN is ignored.
func (s *Sketch) Add(v float64) {
	if v > 0 && s.n > 0 { // the common case, kept short
		b := bin(v)
		if i := b - s.lo; i < uint64(len(s.counts)) { // b < lo wraps around
			s.counts[i]++
			s.n++
			s.addSum(v)
			if v < s.min { // v is a number here: plain comparisons do
				s.min = v
			}
			if v > s.max {
				s.max = v
			}
			return
		}
	}
	if math.IsNaN(v) {
		return
	}
	if s.n == 0 || v < s.min {
		s.min = v
	}
	if s.n == 0 || v > s.max {
		s.max = v
	}
	s.n++
	if !(v > 0) {
		s.zero++
		return
	}
	s.addSum(v)
	*s.slot(bin(v))++
}

// slot returns the counter of bin b, widening the window of bins to it.
func (s *Sketch) slot(b uint64) *uint32 {
	switch {
	case len(s.counts) == 0:
		s.lo = b
		s.counts = append(s.counts, 0)
	case b < s.lo:
		grown := make([]uint32, int(s.lo-b)+len(s.counts))
		copy(grown[s.lo-b:], s.counts)
		s.counts, s.lo = grown, b
	case b >= s.lo+uint64(len(s.counts)):
		s.counts = append(s.counts, make([]uint32, int(b-s.lo)+1-len(s.counts))...)
	}
	return &s.counts[b-s.lo]
}

func (s *Sketch) addSum(v float64) {
	if v > maxFixed {
		v = maxFixed
	}
	f := uint64(v * fixedScale)
	var carry uint64
	s.sumLo, carry = bits.Add64(s.sumLo, f, 0)
	s.sumHi += carry
}

// AddZeros counts k values of zero, for runs that did not have a series
// whose absence means zero, such as a team's headcount.
func (s *Sketch) AddZeros(k int64) {
	if k <= 0 {
		return
	}
	if s.n == 0 || s.min > 0 {
		s.min = 0
	}
	if s.n == 0 {
		s.max = 0
	}
	s.n += k
	s.zero += k
}

// N is the number of values counted.
func (s *Sketch) N() int64 { return s.n }

// Mean is the mean of the values, summed exactly in fixed point.
func (s *Sketch) Mean() float64 {
	if s.n == 0 {
		return math.NaN()
	}
	sum := (float64(s.sumHi)*(1<<64) + float64(s.sumLo)) / fixedScale
	if s.max <= 0 {
		return 0
	}
	return sum / float64(s.n)
}

// orderStat estimates the k-th smallest value, 0-based.
func (s *Sketch) orderStat(k int64) float64 {
	if k < s.zero {
		return max(s.min, min(0, s.max))
	}
	k -= s.zero
	for i, c := range s.counts {
		if k < int64(c) {
			return min(s.max, max(s.min, binValue(s.lo+uint64(i))))
		}
		k -= int64(c)
	}
	return s.max
}

// Quantile estimates the p-quantile as Hyndman and Fan's type 7 (linear
// interpolation between order statistics), reading each order statistic
// from its bin and keeping it within the exact minimum and maximum.
func (s *Sketch) Quantile(p float64) float64 {
	if s.n == 0 {
		return math.NaN()
	}
	h := p * float64(s.n-1)
	lo := math.Floor(h)
	a := s.orderStat(int64(lo))
	if lo+1 > float64(s.n-1) {
		return a
	}
	b := s.orderStat(int64(lo) + 1)
	return a + (h-lo)*(b-a)
}

// Quantiles summarises the sketch.
func (s *Sketch) Quantiles() Quantiles {
	if s.n == 0 {
		nan := math.NaN()
		return Quantiles{nan, nan, nan, nan, 0}
	}
	return Quantiles{P10: s.Quantile(0.1), P50: s.Quantile(0.5), P90: s.Quantile(0.9), Mean: s.Mean(), N: int(s.n)}
}
