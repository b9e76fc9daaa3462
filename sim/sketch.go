package sim

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
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
// sketch whatever order they arrive in, and two sketches merge into the
// sketch of all their values, so workers can each keep their own and the
// result does not depend on how runs were shared among them.
//
// A bin's count is kept in a byte, and the rest of it (its count over
// 256) in carries, for the few bins that count past 255: a series whose
// values spread over many octaves (a backlog decaying toward zero) has a
// window of thousands of bins, most of them nearly empty.
type Sketch struct {
	n        int64
	zero     int64   // values <= 0
	lo       uint64  // bin index of counts[0]
	counts   []uint8 // bins lo, lo+1, ..., each count modulo 256
	carries  []carry // the counts over 256, by bin
	min, max float64
	sumHi    uint64 // sum of values in fixed point, as 128 bits
	sumLo    uint64
}

// carry is a bin's count divided by 256.
type carry struct {
	bin uint64
	n   uint64
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
func (s *Sketch) Add(v float64) { s.addAll([]float64{v}) }

// addChunk is how many values addAll reads before it counts them in their
// bins.
const addChunk = 32

// addAll counts each of vs, as Add would one after the other. It is the
// sketch's hot loop, some 40,000 values a run of uber-hypergrowth, so it
// keeps the sketch's totals in locals until it is done, and it counts up
// to addChunk values at a time in two passes: the first totals them and
// finds each one's bin, the second counts them in their bins. A sketch's
// bins lie scattered over up to thousands of bytes, mostly out of the
// cache, and the second pass's loop is short enough for the processor to
// fetch several at once (folding runs of uber-hypergrowth, some 5% less
// time than one pass).
func (s *Sketch) addAll(vs []float64) {
	n, zero, lo, hi := s.n, s.zero, s.min, s.max
	if n == 0 { // the first value sets both, as comparisons with these do
		lo, hi = math.Inf(1), math.Inf(-1)
	}
	sumLo, sumHi := s.sumLo, s.sumHi
	var bins [addChunk]uint64
	for len(vs) > 0 {
		chunk := vs[:min(len(vs), addChunk)]
		vs = vs[len(chunk):]
		m := 0 // values above zero, whose bins are bins[:m]
		for _, v := range chunk {
			if v != v { // NaN
				continue
			}
			if v < lo {
				lo = v
			}
			if v > hi {
				hi = v
			}
			n++
			if !(v > 0) {
				zero++
				continue
			}
			var carry uint64
			sumLo, carry = bits.Add64(sumLo, fixed(v), 0)
			sumHi += carry
			bins[m] = bin(v)
			m++
		}
		counts, first := s.counts, s.lo
		for _, b := range bins[:m] {
			if i := b - first; i < uint64(len(counts)) { // b < first wraps around
				if counts[i]++; counts[i] == 0 {
					s.carry(b, 1)
				}
				continue
			}
			s.addCount(b, 1)
			counts, first = s.counts, s.lo
		}
	}
	if n > s.n {
		s.n, s.zero, s.min, s.max, s.sumLo, s.sumHi = n, zero, lo, hi, sumLo, sumHi
	}
}

// fixed is v > 0 in the sum's fixed point, at most maxFixed. Below
// maxFixed it converts through int64, as uint64(v * fixedScale) would
// give the same but with a branch and more for values past 2^63.
func fixed(v float64) uint64 {
	if v >= maxFixed {
		return 1 << 63 // maxFixed * fixedScale
	}
	return uint64(int64(v * fixedScale))
}

// addCount adds k to the count of bin b, widening the window of bins to it.
func (s *Sketch) addCount(b, k uint64) {
	s.widen(b, b)
	c := &s.counts[b-s.lo]
	sum := uint64(*c) + k
	*c = uint8(sum)
	if sum >= 256 {
		s.carry(b, sum>>8)
	}
}

// widen makes the window of bins reach from bin from to bin to, in one
// allocation at most: a merge widens it to the other sketch's at once
// rather than bin by bin. Upward it appends, which leaves room for the
// next few bins as values grow past the largest.
func (s *Sketch) widen(from, to uint64) {
	if len(s.counts) == 0 {
		s.lo, s.counts = from, make([]uint8, to-from+1)
		return
	}
	hi := s.lo + uint64(len(s.counts)) - 1
	switch {
	case from >= s.lo && to <= hi:
	case from >= s.lo:
		s.counts = append(s.counts, make([]uint8, to-hi)...)
	default:
		grown := make([]uint8, max(to, hi)-from+1)
		copy(grown[s.lo-from:], s.counts)
		s.counts, s.lo = grown, from
	}
}

// carry adds k to bin b's count over 256.
func (s *Sketch) carry(b, k uint64) {
	i, found := slices.BinarySearchFunc(s.carries, b, func(c carry, b uint64) int { return cmp.Compare(c.bin, b) })
	if !found {
		s.carries = slices.Insert(s.carries, i, carry{bin: b})
	}
	s.carries[i].n += k
}

// Merge adds every value of o, as if each had been added to s.
func (s *Sketch) Merge(o *Sketch) {
	if o.n == 0 {
		return
	}
	if s.n == 0 || o.min < s.min {
		s.min = o.min
	}
	if s.n == 0 || o.max > s.max {
		s.max = o.max
	}
	s.n += o.n
	s.zero += o.zero
	var carry uint64
	s.sumLo, carry = bits.Add64(s.sumLo, o.sumLo, 0)
	s.sumHi += o.sumHi + carry
	if len(o.counts) == 0 {
		return
	}
	// Bin by bin, the counts modulo 256 add with a carry past 255, and
	// the carries add to the carries.
	s.widen(o.lo, o.lo+uint64(len(o.counts))-1)
	counts := s.counts[o.lo-s.lo:]
	for i, c := range o.counts {
		sum := uint64(counts[i]) + uint64(c)
		counts[i] = uint8(sum)
		if sum >= 256 {
			s.carry(o.lo+uint64(i), 1)
		}
	}
	for _, c := range o.carries {
		s.carry(c.bin, c.n)
	}
}

// bins calls f with each bin that counted a value, in order, and its count.
func (s *Sketch) bins(f func(b, k uint64)) {
	carries := s.carries
	for i, c := range s.counts {
		b, k := s.lo+uint64(i), uint64(c)
		if len(carries) > 0 && carries[0].bin == b {
			k += carries[0].n << 8
			carries = carries[1:]
		}
		if k > 0 {
			f(b, k)
		}
	}
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
	carries := s.carries
	for i, c := range s.counts {
		b, n := s.lo+uint64(i), int64(c)
		if len(carries) > 0 && carries[0].bin == b {
			n += int64(carries[0].n << 8)
			carries = carries[1:]
		}
		if k < n {
			return min(s.max, max(s.min, binValue(b)))
		}
		k -= n
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

// Quantiles summarises the sketch: its quantiles are Quantile's, with the
// six order statistics they interpolate between read in one pass over the
// bins.
func (s *Sketch) Quantiles() Quantiles {
	if s.n == 0 {
		nan := math.NaN()
		return Quantiles{nan, nan, nan, nan, 0}
	}
	ps := [3]float64{0.1, 0.5, 0.9}
	var ks [6]int64
	var hs, los [3]float64
	for j, p := range ps {
		hs[j] = p * float64(s.n-1)
		los[j] = math.Floor(hs[j])
		ks[2*j], ks[2*j+1] = int64(los[j]), min(int64(los[j])+1, s.n-1)
	}
	var stats [6]float64
	s.orderStats(ks[:], stats[:])
	var qs [3]float64
	for j := range qs {
		a := stats[2*j]
		if los[j]+1 > float64(s.n-1) {
			qs[j] = a
			continue
		}
		qs[j] = a + (hs[j]-los[j])*(stats[2*j+1]-a)
	}
	return Quantiles{P10: qs[0], P50: qs[1], P90: qs[2], Mean: s.Mean(), N: int(s.n)}
}

// orderStats sets stats[i] to orderStat(ks[i]) for every i, in one pass.
func (s *Sketch) orderStats(ks []int64, stats []float64) {
	var buf [8]int
	order := buf[:0] // ks's indexes by k: an insertion sort of a few
	for i := range ks {
		order = append(order, i)
		for j := len(order) - 1; j > 0 && ks[order[j]] < ks[order[j-1]]; j-- {
			order[j], order[j-1] = order[j-1], order[j]
		}
	}
	next := 0
	for ; next < len(order) && ks[order[next]] < s.zero; next++ {
		stats[order[next]] = max(s.min, min(0, s.max))
	}
	seen := s.zero // values in the bins passed so far, zeros included
	carries := s.carries
	for i, c := range s.counts {
		if next == len(order) {
			return
		}
		b, n := s.lo+uint64(i), int64(c)
		if len(carries) > 0 && carries[0].bin == b {
			n += int64(carries[0].n << 8)
			carries = carries[1:]
		}
		seen += n
		for ; next < len(order) && ks[order[next]] < seen; next++ {
			stats[order[next]] = min(s.max, max(s.min, binValue(b)))
		}
	}
	for ; next < len(order); next++ {
		stats[order[next]] = s.max
	}
}
