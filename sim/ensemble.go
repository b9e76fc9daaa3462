package sim

import (
	"bytes"
	"context"
	"math"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/trunksim/trunksim/internal/par"
)

// Quantiles summarises one quantity across runs. N counts the runs that had
// a value; with N == 0 every field is NaN.
type Quantiles struct {
	P10, P50, P90, Mean float64
	N                   int
}

// Summarize computes Quantiles of xs, ignoring NaN. xs is reordered.
func Summarize(xs []float64) Quantiles {
	vals := slices.DeleteFunc(xs, math.IsNaN)
	if len(vals) == 0 {
		nan := math.NaN()
		return Quantiles{nan, nan, nan, nan, 0}
	}
	sort.Float64s(vals)
	var sum float64
	for _, v := range vals {
		sum += v
	}
	return Quantiles{
		P10:  quantile(vals, 0.1),
		P50:  quantile(vals, 0.5),
		P90:  quantile(vals, 0.9),
		Mean: sum / float64(len(vals)),
		N:    len(vals),
	}
}

// quantile interpolates linearly between order statistics of sorted xs
// (Hyndman and Fan's type 7, the default of R and NumPy).
func quantile(sorted []float64, p float64) float64 {
	h := p * float64(len(sorted)-1)
	lo := math.Floor(h)
	i := int(lo)
	if i+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	return sorted[i] + (h-lo)*(sorted[i+1]-sorted[i])
}

// SeriesStats is one series summarised across runs, week by week.
type SeriesStats struct {
	Key   Key
	Weeks []Quantiles
}

// Ensemble is the result of many replications of one plan.
type Ensemble struct {
	Seed     uint64
	Runs     int
	Weeks    int
	Series   []SeriesStats
	First    *Trace // replication 0, whose event log outputs show
	outcomes *outcomeStore
	part     *Part // what a sharded Replicate ran, exactly; nil for the whole
	summary  [NumOutcomes]struct {
		once sync.Once
		q    Quantiles
	}
}

// Outcome summarises one outcome across runs, exactly (from every run's
// value); it is worked out once.
func (e *Ensemble) Outcome(o Outcome) Quantiles {
	s := &e.summary[o]
	s.once.Do(func() { s.q = Summarize(e.Values(o)) })
	return s.q
}

// Values is one outcome's value in each run, in run order, in a new slice.
func (e *Ensemble) Values(o Outcome) []float64 { return e.outcomes.values(o) }

// RunOutcomes is replication i's outcomes.
func (e *Ensemble) RunOutcomes(i int) [NumOutcomes]float64 { return e.outcomes.get(i) }

// RestoreOutcomes gives e the outcomes of each of its runs, as a saved
// ensemble had them, so that it summarises as the ensemble did. It fails
// only if a temporary file for many runs cannot be written.
func (e *Ensemble) RestoreOutcomes(runs [][NumOutcomes]float64) error {
	e.outcomes = newOutcomeStore(len(runs))
	e.outcomes.put(0, runs)
	return e.outcomes.err
}

// Head is the ensemble of e's first n runs (all of them if fewer), as
// Replicate of n runs outcomes-only makes it: the same seed, first run and
// outcomes, without series. Replication i does not depend on how many
// runs there are, so a check on fewer runs can reuse them.
func (e *Ensemble) Head(n int) (*Ensemble, error) {
	h := &Ensemble{Seed: e.Seed, Runs: min(n, e.Runs), Weeks: e.Weeks, First: e.First}
	return h, h.RestoreOutcomes(e.outcomes.first(h.Runs))
}

// Stats returns the summary of one series, or nil.
func (e *Ensemble) Stats(metric Metric, subject string) *SeriesStats {
	for i := range e.Series {
		if e.Series[i].Key == (Key{metric, subject}) {
			return &e.Series[i]
		}
	}
	return nil
}

// Options control a set of replications.
type Options struct {
	Runs     int
	Seed     uint64
	Workers  int                  // 0: GOMAXPROCS
	Progress func(done, runs int) // called after each run, from one goroutine at a time
	// OutcomesOnly skips the weekly series, for experiments that read only
	// the per-run outcomes: faster, and lighter by the series' sketches.
	OutcomesOnly bool
	// Shard, unless the zero Shard, runs only the shard's span of the replications
	// (Shard.Span) and keeps them in the ensemble's Part, for Join. The
	// ensemble itself then summarises those runs alone (replication 0
	// alone for an empty span), so that a sharded command can go on
	// through its analysis, which only the joined ensemble makes true.
	Shard Shard
}

// Replicate runs replications 0..Runs-1 of the plan, replication i seeded
// with (Seed, i) whatever the policy, so that variants compared on the same
// seed share their random draws' starting point. Runs go in parallel, each
// worker taking runs in chunks and folding them into sketches of its own,
// merged once every run is done: sketches count the same whatever order
// values arrive in and merge exactly, so the result is the same for any
// number of workers, workers never wait for each other, and memory does
// not grow with the number of runs beyond each run's outcomes, exactly, in
// 1 to 8 bytes each, and past 131,072 runs not at all: their outcomes go
// to a temporary file (outcomes.go). A cancelled context stops the work and
// returns its error.
func (p *Plan) Replicate(ctx context.Context, o Options) (*Ensemble, error) {
	if o.Runs < 1 {
		o.Runs = 1
	}
	workers := o.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	from, to := o.Shard.Span(o.Runs)
	span := from < to
	if !span {
		from, to = 0, 1 // a stand-in for the analysis; the part is empty
	}
	runs := to - from
	workers = min(workers, runs)
	outcomes := newOutcomeStore(runs)
	accs := make([]*accumulator, workers)
	var first *Trace
	chunk := chunkRuns(runs, workers)
	var next atomic.Int64 // the first run of the next chunk, from from
	next.Store(int64(from))
	var wg sync.WaitGroup
	var mu sync.Mutex
	var runErr error // the earliest run's draw of uncertain inputs that could not run
	runErrAt := 0
	done := 0
	for w := range workers {
		acc := newAccumulator(p.cfg.Weeks)
		accs[w] = acc
		wg.Go(func() {
			reused := newTrace(p.cfg.Weeks)
			reused.quiet = true // only the first run's log is kept
			reused.orgOnly = o.OutcomesOnly
			acc.reused = reused
			defer acc.flushAll()
			ran := make([][NumOutcomes]float64, 0, chunk) // the chunk's outcomes, put together
			for {
				at := int(next.Add(int64(chunk))) - chunk
				if at >= to {
					return
				}
				ran = ran[:0]
				for i := at; i < min(at+chunk, to); i++ {
					select {
					case <-ctx.Done():
						return
					default:
					}
					tr := reused
					if i == from {
						tr = newTrace(p.cfg.Weeks) // kept whole for its event log
						first = tr
					}
					rp, err := p.replicationPlan(o.Seed, uint64(i))
					if err != nil {
						mu.Lock()
						if runErr == nil || i < runErrAt {
							runErr, runErrAt = err, i
						}
						mu.Unlock()
						ran = append(ran, [NumOutcomes]float64{})
						continue
					}
					rp.runInto(tr, o.Seed, uint64(i))
					if !o.OutcomesOnly {
						acc.fold(tr)
					}
					ran = append(ran, tr.Outcome)
					if o.Progress != nil {
						mu.Lock()
						done++
						o.Progress(done, runs)
						mu.Unlock()
					}
				}
				outcomes.put(at-from, ran)
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if runErr != nil {
		return nil, runErr
	}
	if outcomes.err != nil {
		return nil, outcomes.err
	}
	acc := mergeAll(accs)
	if o.Shard.Whole() {
		return acc.ensemble(p.cfg, o.Seed, o.Runs, outcomes, first, workers), nil
	}
	part := &Part{Seed: o.Seed, Runs: o.Runs, From: from, To: from, Weeks: p.cfg.Weeks, OutcomesOnly: o.OutcomesOnly}
	if span {
		part.To = to
		part.outcomes = outcomes.first(runs)
		if !o.OutcomesOnly {
			part.acc = acc.clone()
		}
	}
	e := acc.ensemble(p.cfg, o.Seed, runs, outcomes, first, workers)
	e.part = part
	return e, nil
}

// chunkRuns is how many runs a worker takes at a time: enough that workers
// rarely meet, few enough that they finish together.
func chunkRuns(runs, workers int) int {
	return max(1, min(64, runs/(8*workers)))
}

// accumulator folds runs' series into sketches, week by week. Each worker
// keeps its own, and they merge at the end.
type accumulator struct {
	weeks  int
	series map[Key]*seriesAcc
	// reused is the trace the worker runs into, and byIndex the series of
	// its keys, by their index in it: a reused trace keeps its keys in
	// place, so a fold looks each up once.
	reused  *Trace
	byIndex []*seriesAcc
}

type seriesAcc struct {
	sketches []Sketch
	skipZero bool // a headcount's zeros are not added (see fold)
	// pending holds the weekly values of up to batch runs not yet added
	// to the sketches (flush), in blocks of blockWeeks weeks (the last of
	// what is left): a block holds its weeks of one run after another's,
	// so that a flush, which adds one week of every run at a time, reads
	// the block through while it is in the cache, where a run's weeks
	// one after another would have it read from as many places as runs.
	pending         []float64
	npending, batch int
	// moved counts the sketches whose bins have grown out of lay's block
	// since it last laid them out.
	moved int
}

// A series keeps some runs' values before it adds them to its sketches:
// a run's some 50,000 values land in as many sketches whose bins lie
// scattered over tens of megabytes, so adding each as it comes waits on
// memory for nearly every one; added a batch at a time, a sketch's bins
// are fetched once for all of them (a full run of uber-hypergrowth: some
// 12% less CPU at 32 runs a batch). A sketch counts the same whatever
// order its values come in, so the result is the same. The batch is as
// many runs as foldBudget bytes of a worker hold for every series, from 1
// to maxFoldBatch: some 25 runs for uber-hypergrowth's 300 series of 260
// weeks, 2 or 3 for a company of 20,000 engineers and its 2,800.
const (
	foldBudget   = 16 << 20
	maxFoldBatch = 32
	blockWeeks   = 32
)

// keep readies s to keep the values of batch runs of weeks weeks.
func (s *seriesAcc) keep(batch, weeks int) {
	s.batch = batch
	s.pending = make([]float64, batch*weeks)
}

// block is where the block of week w starts in pending, and how many
// weeks it has.
func (s *seriesAcc) block(w, weeks int) (at, width int) {
	from := w - w%blockWeeks
	return from * s.batch, min(blockWeeks, weeks-from)
}

// add keeps a run's weekly values, adding the batch to the sketches once
// it is full.
func (s *seriesAcc) add(vals []float64) {
	weeks := len(vals)
	for from := 0; from < weeks; from += blockWeeks {
		at, width := s.block(from, weeks)
		copy(s.pending[at+s.npending*width:], vals[from:from+width])
	}
	if s.npending++; s.npending == s.batch {
		s.flush(weeks)
	}
}

// flush adds the pending values to the sketches, each sketch's together.
func (s *seriesAcc) flush(weeks int) {
	var vals [maxFoldBatch]float64
	for w := range s.sketches[:weeks] {
		at, width := s.block(w, weeks)
		at += w % blockWeeks
		n := 0
		for k := range s.npending {
			if v := s.pending[at+k*width]; !s.skipZero || v != 0 {
				vals[n] = v
				n++
			}
		}
		sk := &s.sketches[w]
		had := len(sk.counts)
		sk.addAll(vals[:n])
		if len(sk.counts) != had {
			s.moved++
		}
	}
	s.npending = 0
	if s.moved*layMoved >= weeks {
		s.lay()
	}
}

// layMoved: a series lays its sketches' bins out again once one sketch
// in layMoved has grown out of place.
const layMoved = 8

// lay puts every sketch's bins in one block, one week after another. A
// sketch's bins grow where the allocator finds room, so that a series'
// 260 sketches come to lie scattered over as many places of the heap;
// laid out together, a flush, which goes through them in order, reads
// them as one stretch of memory (folding runs of uber-hypergrowth, some
// 15% less time). Each sketch's window is exactly as wide as it was, so
// its next growth leaves the block, as its copy elsewhere.
func (s *seriesAcc) lay() {
	windows := make([][]uint8, len(s.sketches))
	for w := range s.sketches {
		windows[w] = s.sketches[w].counts
	}
	block := bytes.Join(windows, nil) // which need not clear the block first
	for w := range s.sketches {
		sk := &s.sketches[w]
		n := len(sk.counts)
		sk.counts, block = block[:n:n], block[n:]
	}
	s.moved = 0
}

// flushAll adds every series' pending values, once the worker has run
// its last, before the sketches are read or merged, and lets the buffers
// they were pending in go (16 MB a worker), so that the merge has that
// much more room.
func (a *accumulator) flushAll() {
	for _, s := range a.series {
		if s.npending > 0 {
			s.flush(a.weeks)
		}
		s.pending = nil
	}
}

func newAccumulator(weeks int) *accumulator {
	return &accumulator{weeks: weeks, series: map[Key]*seriesAcc{}}
}

func (a *accumulator) get(k Key) *seriesAcc {
	s, ok := a.series[k]
	if !ok {
		s = &seriesAcc{sketches: make([]Sketch, a.weeks), skipZero: k.Metric.Info().ZeroWhenAbsent}
		a.series[k] = s
	}
	return s
}

// fold adds every series the run wrote. Zeros of a headcount series are
// not added: every run without a value for a week counts as zero when the
// sketches are read.
func (a *accumulator) fold(tr *Trace) {
	for i, k := range tr.Keys {
		if !tr.touched[i] {
			continue
		}
		var sa *seriesAcc
		if tr == a.reused {
			if i >= len(a.byIndex) {
				a.byIndex = append(a.byIndex, make([]*seriesAcc, i+1-len(a.byIndex))...)
			}
			if a.byIndex[i] == nil {
				a.byIndex[i] = a.get(k)
			}
			sa = a.byIndex[i]
		} else {
			sa = a.get(k)
		}
		if sa.pending == nil {
			sa.keep(max(1, min(maxFoldBatch, foldBudget/(8*a.weeks*len(tr.Keys)))), a.weeks)
		}
		sa.add(tr.Values[i]) // a trace's series are a.weeks long
	}
}

// clone is a copy of a's series that summarising a does not touch.
func (a *accumulator) clone() *accumulator {
	return mergeAll([]*accumulator{newAccumulator(a.weeks), a})
}

// mergeAll merges every other accumulator into the first, with the
// series shared out among as many goroutines: a sketch merges exactly
// whatever the order, so the result does not depend on how they are
// shared, and the merge, which one goroutine would do while the other
// workers wait, takes a share of the time.
func mergeAll(accs []*accumulator) *accumulator {
	a := accs[0]
	if len(accs) == 1 {
		return a
	}
	for _, b := range accs[1:] {
		for k := range b.series {
			a.get(k) // every key in a before the map is read concurrently
		}
	}
	keys := make([]Key, 0, len(a.series))
	for k := range a.series {
		keys = append(keys, k)
	}
	par.Each(min(len(accs), runtime.GOMAXPROCS(0)), len(keys), func(i int) error {
		sa := a.series[keys[i]]
		for _, b := range accs[1:] {
			if sb, ok := b.series[keys[i]]; ok {
				for w := range sa.sketches {
					sa.sketches[w].Merge(&sb.sketches[w])
				}
			}
		}
		return nil
	})
	return a
}

// ensemble summarises the accumulated runs series by series, in a fixed
// order: the organization's metrics, then each area's and team's (by
// name), then each domain's (in scenario order). A run without a team or
// area counts as zero headcount for it. Series are summarised over up to
// workers goroutines, each into its own place.
func (a *accumulator) ensemble(cfg *Config, seed uint64, runs int, outcomes *outcomeStore, first *Trace, workers int) *Ensemble {
	e := &Ensemble{Seed: seed, Runs: runs, Weeks: cfg.Weeks, First: first, outcomes: outcomes}
	var keys []Key
	for _, m := range orgMetrics {
		keys = append(keys, Key{m, ""})
	}
	for _, scope := range []Scope{AreaScope, TeamScope} {
		for _, m := range Metrics(scope) {
			for _, n := range a.subjects(m) {
				keys = append(keys, Key{m, n})
			}
		}
	}
	for _, m := range domainMetrics {
		for _, d := range cfg.Domains {
			keys = append(keys, Key{m, d.Name})
		}
	}
	if len(a.series) == 0 { // outcomes only
		return e
	}
	series := make([]*seriesAcc, len(keys))
	for i, k := range keys {
		series[i] = a.get(k) // before the map is read concurrently
	}
	e.Series = make([]SeriesStats, len(keys))
	par.Each(workers, len(keys), func(i int) error {
		k, sk := keys[i], series[i].sketches
		s := SeriesStats{Key: k, Weeks: make([]Quantiles, cfg.Weeks)}
		for w := range sk {
			if k.Metric.Info().ZeroWhenAbsent {
				sk[w].AddZeros(int64(runs) - sk[w].N())
			}
			s.Weeks[w] = sk[w].Quantiles()
		}
		e.Series[i] = s
		return nil
	})
	return e
}

// subjects lists, sorted, every subject accumulated for metric.
func (a *accumulator) subjects(metric Metric) []string {
	var names []string
	for k := range a.series {
		if k.Metric == metric {
			names = append(names, k.Subject)
		}
	}
	slices.SortFunc(names, strings.Compare)
	return names
}
