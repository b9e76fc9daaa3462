package sim

import (
	"math"
	"slices"

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
func Paired(a, b *Ensemble, outcome string) Diff {
	i := slices.Index(OutcomeNames, outcome)
	nan := math.NaN()
	if i < 0 || a.Runs != b.Runs || a.Seed != b.Seed {
		return Diff{nan, nan, nan, 0}
	}
	var ds []float64
	for r := range a.Outcomes {
		if d := b.Outcomes[r][i] - a.Outcomes[r][i]; !math.IsNaN(d) {
			ds = append(ds, d)
		}
	}
	return tInterval(ds)
}

// Interval is the mean of an outcome across runs with its 90% interval.
func Interval(e *Ensemble, outcome string) Diff {
	i := slices.Index(OutcomeNames, outcome)
	if i < 0 {
		nan := math.NaN()
		return Diff{nan, nan, nan, 0}
	}
	var xs []float64
	for _, o := range e.Outcomes {
		if !math.IsNaN(o[i]) {
			xs = append(xs, o[i])
		}
	}
	return tInterval(xs)
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
