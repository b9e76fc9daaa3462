package sim

import (
	"math"
	"math/rand/v2"
	"testing"
)

// A column gives back every value's bits as they went in, whatever its
// values: few (a byte a run), more (two bytes), a quantity differing in
// every run (seven bytes) or spread over more than 256 prefixes (eight),
// put in chunks out of order.
func TestOutcomeColumnsAreExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	const runs = 320 * 64
	draws := []struct {
		name, kind string
		draw       func(i int) float64
	}{
		{"indicator", "byte", func(int) float64 { return float64(rng.IntN(2)) }},
		{"week or NaN", "byte", func(int) float64 { return []float64{math.NaN(), float64(rng.IntN(200))}[rng.IntN(2)] }},
		{"signed zero", "byte", func(i int) float64 { return math.Copysign(0, float64(i%2)-0.5) }},
		{"count", "two bytes", func(int) float64 { return float64(rng.IntN(3000)) }},
		{"share", "seven bytes", func(int) float64 { return 0.2 + 0.1*rng.Float64() }},
		{"late change", "seven bytes", func(i int) float64 { return []float64{1, rng.Float64()}[min(1, i/15000)] }},
		{"wide", "eight bytes", func(int) float64 { return math.Exp(rng.NormFloat64() * 30) }},
	}
	for _, d := range draws {
		name, draw := d.name, d.draw
		want := make([]float64, runs)
		for i := range want {
			want[i] = draw(i)
		}
		s := newOutcomeStore(runs)
		const chunk = 64
		for _, c := range rng.Perm(runs / chunk) {
			batch := make([][NumOutcomes]float64, chunk)
			for k := range batch {
				batch[k][0] = want[c*chunk+k]
			}
			s.put(c*chunk, batch)
		}
		c := &s.cols[0]
		kind := map[bool]string{c.c8 != nil: "byte", c.c16 != nil: "two bytes", c.split != nil: "seven bytes", c.raw != nil: "eight bytes"}[true]
		if kind != d.kind {
			t.Errorf("%s: kept in %s a run, want %s", name, kind, d.kind)
		}
		got := c.values()
		for i := range want {
			if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
				t.Fatalf("%s: run %d: %v, put %v", name, i, got[i], want[i])
			}
		}
	}
}

// Past spillRuns the outcomes go to a temporary file and come back to the
// bit, by outcome and by run, whatever order chunks were put in; a write
// that fails is kept as the store's error, not lost.
func TestSpilledOutcomesAreExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	runs := spillRuns + 1000
	want := make([][NumOutcomes]float64, runs)
	for i := range want {
		for o := range want[i] {
			want[i][o] = []float64{math.NaN(), float64(rng.IntN(9)), rng.NormFloat64() * 1e6}[rng.IntN(3)]
		}
	}
	s := newOutcomeStore(runs)
	if s.file == nil {
		t.Fatal("not spilled to a file")
	}
	const chunk = 64
	for _, c := range rng.Perm((runs + chunk - 1) / chunk) {
		s.put(c*chunk, want[c*chunk:min(runs, (c+1)*chunk)])
	}
	if s.err != nil {
		t.Fatal(s.err)
	}
	for o := range NumOutcomes {
		for i, v := range s.values(o) {
			if math.Float64bits(v) != math.Float64bits(want[i][o]) {
				t.Fatalf("outcome %d, run %d: %v, put %v", o, i, v, want[i][o])
			}
		}
	}
	for _, i := range append([]int{0, 1, spillBlock, runs - 1}, rng.Perm(runs)[:500]...) {
		if got := s.get(i); !sameBits(got, want[i]) {
			t.Fatalf("run %d: %v, put %v", i, got, want[i])
		}
	}
	s.file.Close()
	s.put(0, want[:1])
	if s.err == nil {
		t.Error("a failed write left no error")
	}
}
