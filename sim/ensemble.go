package sim

import (
	"context"
	"math"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
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
	Outcomes [][]float64 // per run, parallel to OutcomeNames
	Series   []SeriesStats
	First    *Trace // replication 0, whose event log outputs show
}

// Outcome summarises one named outcome across runs.
func (e *Ensemble) Outcome(name string) Quantiles {
	i := slices.Index(OutcomeNames, name)
	xs := make([]float64, len(e.Outcomes))
	for r, o := range e.Outcomes {
		xs[r] = o[i]
	}
	return Summarize(xs)
}

// Stats returns the summary of one series, or nil.
func (e *Ensemble) Stats(metric, subject string) *SeriesStats {
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
}

// Replicate runs replications 0..Runs-1 of the plan, replication i seeded
// with (Seed, i) whatever the policy, so that variants compared on the same
// seed share their random draws' starting point. Runs go in parallel; the
// result is the same for any number of workers. A cancelled context stops
// the work and returns its error.
func (p *Plan) Replicate(ctx context.Context, o Options) (*Ensemble, error) {
	if o.Runs < 1 {
		o.Runs = 1
	}
	workers := o.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	traces := make([]*Trace, o.Runs)
	next := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	for range min(workers, o.Runs) {
		wg.Go(func() {
			for i := range next {
				traces[i] = p.Run(o.Seed, uint64(i))
				if o.Progress != nil {
					mu.Lock()
					done++
					o.Progress(done, o.Runs)
					mu.Unlock()
				}
			}
		})
	}
feed:
	for i := range o.Runs {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return aggregate(p.cfg, o.Seed, traces), nil
}

// aggregate summarises traces series by series, in a fixed order: the
// organization's metrics, then each team's (by name), then each domain's
// (in scenario order).
func aggregate(cfg *Config, seed uint64, traces []*Trace) *Ensemble {
	e := &Ensemble{Seed: seed, Runs: len(traces), Weeks: cfg.Weeks, First: traces[0]}
	for _, t := range traces {
		e.Outcomes = append(e.Outcomes, t.Outcome)
	}
	var keys []Key
	for _, m := range OrgMetrics {
		keys = append(keys, Key{m.Name, ""})
	}
	for _, group := range [][]Metric{AreaMetrics, TeamMetrics} {
		names := subjects(traces, group[0].Name)
		for _, m := range group {
			for _, n := range names {
				keys = append(keys, Key{m.Name, n})
			}
		}
	}
	for _, m := range DomainMetrics {
		for _, d := range cfg.Domains {
			keys = append(keys, Key{m.Name, d.Name})
		}
	}
	col := make([]float64, len(traces))
	for _, k := range keys {
		s := SeriesStats{Key: k, Weeks: make([]Quantiles, cfg.Weeks)}
		for w := range cfg.Weeks {
			col = col[:0]
			for _, t := range traces {
				v := math.NaN()
				if vs := t.Series(k.Metric, k.Subject); vs != nil {
					v = vs[w]
				} else if k.Metric == "headcount" || k.Metric == "area_headcount" {
					v = 0
				}
				col = append(col, v)
			}
			s.Weeks[w] = Summarize(col)
		}
		e.Series = append(e.Series, s)
	}
	return e
}

// subjects lists, sorted, every subject any trace has for metric.
func subjects(traces []*Trace, metric string) []string {
	seen := map[string]bool{}
	for _, t := range traces {
		for _, k := range t.Keys {
			if k.Metric == metric {
				seen[k.Subject] = true
			}
		}
	}
	names := make([]string, 0, len(seen))
	for n := range seen {
		names = append(names, n)
	}
	slices.SortFunc(names, strings.Compare)
	return names
}
