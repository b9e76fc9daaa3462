package sim

import (
	"bytes"
	"cmp"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
)

// A study too large for one machine runs as shards on a batch engine the
// organization already has: shard K of N runs its share of every
// ensemble's replications, keeps them as a Part (every run's outcomes and
// the raw sketches of the weekly series, exactly), and Join puts the parts
// of an ensemble together into the ensemble one process would have made,
// to the bit: outcomes are kept exactly and sketches merge exactly
// whatever order values arrive in.

// Shard is shard K of N, K from 0 to N-1 (as a Kubernetes Indexed Job
// numbers its pods). The zero Shard is the whole study, unsharded; 0/1
// is the whole study run as its only shard, kept as a part.
type Shard struct{ K, N int }

// Whole reports whether s is the unsharded study (the zero Shard).
func (s Shard) Whole() bool { return s.N == 0 }

// Span is the replications [from, to) of runs that shard s runs: a
// contiguous block, the same for every ensemble of a study, so that the
// shards tile 0..runs-1 and each does within one of runs/N.
func (s Shard) Span(runs int) (from, to int) {
	if s.Whole() {
		return 0, runs
	}
	return s.K * runs / s.N, (s.K + 1) * runs / s.N
}

func (s Shard) String() string { return fmt.Sprintf("%d/%d", s.K, s.N) }

// Part is one shard's replications of one ensemble: which runs of how
// many, and what they give, exactly.
type Part struct {
	Seed         uint64
	Runs         int // the whole ensemble's
	From, To     int // the replications this part holds
	Weeks        int
	OutcomesOnly bool
	outcomes     [][NumOutcomes]float64 // replications From..To-1
	acc          *accumulator           // nil for outcomes only or an empty span
}

// Part is the share of an ensemble a sharded Replicate ran, or nil when it
// ran the whole.
func (e *Ensemble) Part() *Part { return e.part }

// partMagic starts an encoded part; the byte after it is its version.
const partMagic = "trunksim-part"

const partVersion = 1

// MarshalBinary encodes the part: its header, every run's outcomes as
// their float64 bits, and each series' sketches bin by bin.
func (p *Part) MarshalBinary() ([]byte, error) {
	var w partWriter
	w.buf.WriteString(partMagic)
	w.buf.WriteByte(partVersion)
	w.uvarint(p.Seed)
	w.int(p.Runs)
	w.int(p.From)
	w.int(p.To)
	w.int(p.Weeks)
	w.bool(p.OutcomesOnly)
	w.int(int(NumOutcomes))
	for _, run := range p.outcomes {
		for _, v := range run {
			w.float(v)
		}
	}
	if p.acc == nil {
		w.int(0)
		return w.buf.Bytes(), nil
	}
	keys := make([]Key, 0, len(p.acc.series))
	for k := range p.acc.series {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b Key) int {
		return cmp.Or(cmp.Compare(a.Metric, b.Metric), cmp.Compare(a.Subject, b.Subject))
	})
	w.int(len(keys))
	for _, k := range keys {
		w.int(int(k.Metric))
		w.string(k.Subject)
		for i := range p.acc.series[k].sketches {
			w.sketch(&p.acc.series[k].sketches[i])
		}
	}
	return w.buf.Bytes(), nil
}

// UnmarshalBinary decodes a part MarshalBinary encoded, checking that it
// is whole and consistent.
func (p *Part) UnmarshalBinary(b []byte) error {
	r := partReader{b: b}
	if !bytes.HasPrefix(b, []byte(partMagic)) {
		return errors.New("not a trunksim part")
	}
	r.b = r.b[len(partMagic):]
	if v := r.byte(); v != partVersion {
		return fmt.Errorf("a part of version %d, not %d", v, partVersion)
	}
	*p = Part{Seed: r.uvarint(), Runs: r.int(), From: r.int(), To: r.int(), Weeks: r.int(), OutcomesOnly: r.bool()}
	if n := r.int(); r.err == nil && n != int(NumOutcomes) {
		return fmt.Errorf("a part with %d outcomes a run, not %d", n, NumOutcomes)
	}
	if r.err != nil {
		return r.err
	}
	if !(0 <= p.From && p.From <= p.To && p.To <= p.Runs && p.Weeks >= 1 && p.Weeks <= MaxWeeks) {
		return fmt.Errorf("a part of runs %d to %d of %d over %d weeks", p.From, p.To, p.Runs, p.Weeks)
	}
	if p.To-p.From > len(r.b)/(8*int(NumOutcomes)) {
		return errors.New("truncated")
	}
	p.outcomes = make([][NumOutcomes]float64, p.To-p.From)
	for i := range p.outcomes {
		for o := range p.outcomes[i] {
			p.outcomes[i][o] = r.float()
		}
	}
	if n := r.int(); n > 0 && r.err == nil {
		if n > len(r.b)/(2+p.Weeks) { // a series takes a byte a week at least
			return errors.New("truncated")
		}
		p.acc = newAccumulator(p.Weeks)
		for range n {
			k := Key{Metric(r.int()), r.string()}
			if r.err != nil {
				break
			}
			if k.Metric < 0 || int(k.Metric) >= len(metricInfo) {
				return fmt.Errorf("a series of unknown metric %d", k.Metric)
			}
			sa := p.acc.get(k)
			for i := range sa.sketches {
				r.sketch(&sa.sketches[i])
			}
		}
	}
	if r.err != nil {
		return r.err
	}
	if len(r.b) != 0 {
		return fmt.Errorf("%d bytes past the part's end", len(r.b))
	}
	return nil
}

// Join puts the parts of one ensemble of p together: they must tile its
// replications 0..Runs-1, each once, from the same seed and options. The
// result is the ensemble Replicate would have made in one process: the
// same outcomes, series and first run (which Join runs again, for its
// event log).
func (p *Plan) Join(ctx context.Context, parts []*Part) (*Ensemble, error) {
	if len(parts) == 0 {
		return nil, errors.New("no parts to join")
	}
	parts = slices.Clone(parts)
	slices.SortFunc(parts, func(a, b *Part) int { return cmp.Or(cmp.Compare(a.From, b.From), cmp.Compare(a.To, b.To)) })
	head := parts[0]
	at := 0
	for _, q := range parts {
		switch {
		case q.Seed != head.Seed || q.Runs != head.Runs || q.Weeks != head.Weeks || q.OutcomesOnly != head.OutcomesOnly:
			return nil, fmt.Errorf("parts of different ensembles: seed %d, %d runs, %d weeks and seed %d, %d runs, %d weeks",
				head.Seed, head.Runs, head.Weeks, q.Seed, q.Runs, q.Weeks)
		case q.From != at:
			return nil, fmt.Errorf("the parts hold runs %d to %d where runs from %d are expected", q.From, q.To-1, at)
		}
		at = q.To
	}
	if at != head.Runs {
		return nil, fmt.Errorf("the parts hold runs 0 to %d of %d", at-1, head.Runs)
	}
	if head.Weeks != p.cfg.Weeks {
		return nil, fmt.Errorf("parts of %d weeks for a plan of %d", head.Weeks, p.cfg.Weeks)
	}
	outcomes := newOutcomeStore(head.Runs)
	accs := []*accumulator{newAccumulator(head.Weeks)}
	for _, q := range parts {
		outcomes.put(q.From, q.outcomes)
		if q.acc != nil {
			accs = append(accs, q.acc)
		}
	}
	acc := mergeAll(accs)
	if err := cmp.Or(ctx.Err(), outcomes.err); err != nil {
		return nil, err
	}
	rp, err := p.replicationPlan(head.Seed, 0)
	if err != nil {
		return nil, err
	}
	first := rp.runInto(newTrace(p.cfg.Weeks), head.Seed, 0)
	return acc.ensemble(p.cfg, head.Seed, head.Runs, outcomes, first, runtime.GOMAXPROCS(0)), nil
}

// partWriter and partReader encode a part in varints and float bits. The
// reader keeps its first error and reads zeros after it, so that decoding
// checks once at the end.
type partWriter struct{ buf bytes.Buffer }

func (w *partWriter) uvarint(v uint64) { w.buf.Write(binary.AppendUvarint(nil, v)) }
func (w *partWriter) int(v int)        { w.buf.Write(binary.AppendVarint(nil, int64(v))) }
func (w *partWriter) float(v float64) {
	w.buf.Write(binary.LittleEndian.AppendUint64(nil, math.Float64bits(v)))
}
func (w *partWriter) string(s string) { w.int(len(s)); w.buf.WriteString(s) }
func (w *partWriter) bool(v bool) {
	if v {
		w.buf.WriteByte(1)
	} else {
		w.buf.WriteByte(0)
	}
}

// sketch writes what a sketch's summaries depend on: its count, zeros,
// extremes and sum, then each bin that counted, as the step from the last
// bin and the count.
func (w *partWriter) sketch(s *Sketch) {
	w.uvarint(uint64(s.n))
	if s.n == 0 {
		return
	}
	w.uvarint(uint64(s.zero))
	w.float(s.min)
	w.float(s.max)
	w.uvarint(s.sumHi)
	w.uvarint(s.sumLo)
	var nbins int
	s.bins(func(_, _ uint64) { nbins++ })
	w.int(nbins)
	last := uint64(0)
	s.bins(func(b, k uint64) {
		w.uvarint(b - last)
		w.uvarint(k)
		last = b
	})
}

type partReader struct {
	b   []byte
	err error
}

func (r *partReader) fail(what string) {
	if r.err == nil {
		r.err = fmt.Errorf("truncated or corrupt at %s", what)
	}
	r.b = nil
}

func (r *partReader) byte() byte {
	if len(r.b) == 0 {
		r.fail("a byte")
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *partReader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail("a number")
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *partReader) int() int {
	v, n := binary.Varint(r.b)
	if n <= 0 || v != int64(int(v)) {
		r.fail("a number")
		return 0
	}
	r.b = r.b[n:]
	return int(v)
}

func (r *partReader) float() float64 {
	if len(r.b) < 8 {
		r.fail("a value")
		return 0
	}
	v := math.Float64frombits(binary.LittleEndian.Uint64(r.b))
	r.b = r.b[8:]
	return v
}

func (r *partReader) bool() bool { return r.byte() != 0 }

func (r *partReader) string() string {
	n := r.int()
	if n < 0 || n > len(r.b) {
		r.fail("a name")
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

func (r *partReader) sketch(s *Sketch) {
	n := r.uvarint()
	if n == 0 || r.err != nil {
		return
	}
	zero := r.uvarint()
	lo, hi := r.float(), r.float()
	sumHi, sumLo := r.uvarint(), r.uvarint()
	nbins := r.int()
	if r.err != nil || nbins < 0 || nbins > len(r.b) || zero > n || n > math.MaxInt64 {
		r.fail("a sketch")
		return
	}
	var counted uint64
	b := uint64(0)
	for i := range nbins {
		step, k := r.uvarint(), r.uvarint()
		if r.err != nil || (i > 0 && step == 0) || k == 0 || b+step < b || b+step > math.MaxUint64>>sketchShift || k > n || counted+k > n-zero {
			r.fail("a sketch's bins")
			return
		}
		b += step
		s.addCount(b, k)
		counted += k
	}
	if counted != n-zero {
		r.fail("a sketch's counts")
		return
	}
	s.n, s.zero, s.min, s.max, s.sumHi, s.sumLo = int64(n), int64(zero), lo, hi, sumHi, sumLo
}
