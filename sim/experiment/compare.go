package experiment

import (
	"math"
	"slices"

	"github.com/trunksim/trunksim/sim"
	"gonum.org/v1/gonum/stat/distuv"
)

// Diff is the paired difference of one outcome between two ensembles run
// on common random numbers: run i of each shares its seed, so the
// differences d_i = b_i - a_i carry the policy's effect with much of the
// luck cancelled. Lo and Hi bound a 90% interval for the mean difference
// (Student's t); N counts the pairs where both runs had a value.
type Diff struct {
	Mean, Lo, Hi float64
	N            int
}

// Paired returns the mean difference b - a of an outcome with its 90%
// interval. The ensembles must have the same seed and number of runs.
func Paired(a, b *sim.Ensemble, i sim.Outcome) Diff {
	nan := math.NaN()
	if a.Runs != b.Runs || a.Seed != b.Seed {
		return Diff{nan, nan, nan, 0}
	}
	xa, xb := a.Values(i), b.Values(i)
	ds := xb[:0]
	for r := range xa {
		if d := xb[r] - xa[r]; !math.IsNaN(d) {
			ds = append(ds, d)
		}
	}
	return tInterval(ds)
}

// Interval is the mean of an outcome across runs with its 90% interval.
func Interval(e *sim.Ensemble, i sim.Outcome) Diff {
	return tInterval(slices.DeleteFunc(e.Values(i), math.IsNaN))
}

// tInterval is the mean of xs with a 90% Student's t interval.
func tInterval(xs []float64) Diff {
	nan := math.NaN()
	n := len(xs)
	if n == 0 {
		return Diff{nan, nan, nan, 0}
	}
	var sum, sq float64
	for _, x := range xs {
		sum += x
		sq += x * x
	}
	mean := sum / float64(n)
	if n < 2 {
		return Diff{mean, nan, nan, n}
	}
	sd := math.Sqrt(math.Max(0, (sq-float64(n)*mean*mean)/float64(n-1)))
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n - 1)}.Quantile(0.95)
	half := t * sd / math.Sqrt(float64(n))
	return Diff{mean, mean - half, mean + half, n}
}

// Comparison is the result of comparing variants: each variant's
// replications, and every outcome's paired difference against the first
// variant (the baseline), computed once for every writer.
type Comparison struct {
	Results []Result
	// VsFirst[i][o] is outcome o of variant i minus the baseline's, paired
	// run by run; the baseline's own is a difference of zero.
	VsFirst [][sim.NumOutcomes]Diff
}

// Compare computes the paired differences of every outcome of every
// result against the first.
func Compare(rs []Result) *Comparison {
	c := &Comparison{Results: rs, VsFirst: make([][sim.NumOutcomes]Diff, len(rs))}
	for i, r := range rs {
		for _, o := range sim.Outcomes() {
			c.VsFirst[i][o] = Paired(rs[0].Ensemble, r.Ensemble, o)
		}
	}
	return c
}

// Names lists the variants' names, in order.
func (c *Comparison) Names() []string {
	names := make([]string, len(c.Results))
	for i, r := range c.Results {
		names[i] = r.Name
	}
	return names
}

// Rank orders the variants best first by the mean of an outcome, in the
// outcome's better direction, ties kept in the order given.
func (c *Comparison) Rank(o sim.Outcome) []int {
	order := make([]int, len(c.Results))
	for i := range order {
		order[i] = i
	}
	mean := func(i int) float64 { return c.Results[i].Ensemble.Outcome(o).Mean }
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case o.Better(mean(a), mean(b)):
			return -1
		case o.Better(mean(b), mean(a)):
			return 1
		}
		return 0
	})
	return order
}

// Best is the variant ranked first on an outcome.
func (c *Comparison) Best(o sim.Outcome) Result { return c.Results[c.Rank(o)[0]] }
