package experiment

import (
	"context"
	"math"
	"slices"

	"github.com/trunksim/trunksim/sim"
)

// Side is one end of an input moved down or up: the value it takes and
// the configuration that runs it, or, when the model cannot run that
// value, why it was left out. Mean is the outcome's mean once run.
type Side struct {
	Value   float64
	Set     string      // the override, as a person would give it
	Config  *sim.Config // nil when left out
	LeftOut string      // why, when left out
	Mean    float64
}

// Ran reports whether the side was run.
func (s Side) Ran() bool { return s.LeftOut == "" && s.Config != nil }

// Swing is one input's effect on an outcome when moved down and up by the
// same relative amount, one input at a time.
type Swing struct {
	Key       string
	Base      float64 // the input's value in the scenario
	AtBase    float64 // the outcome's mean at the scenario's values
	Low, High Side
}

// Size is how far the outcome moves across the sides that ran: from low
// to high when both ran, from the base to the one side that did otherwise,
// and -1 when neither did.
func (s Swing) Size() float64 {
	var d float64
	switch {
	case s.Low.Ran() && s.High.Ran():
		d = math.Abs(s.High.Mean - s.Low.Mean)
	case s.Low.Ran():
		d = math.Abs(s.Low.Mean - s.AtBase)
	case s.High.Ran():
		d = math.Abs(s.High.Mean - s.AtBase)
	default:
		return -1
	}
	if math.IsNaN(d) {
		return -1
	}
	return d
}

// Sensitivity runs the base configuration and every side of every input
// that can run, on common random numbers, and returns the swings of the
// outcome's mean, largest first (ties in the order given).
func Sensitivity(ctx context.Context, base Variant, swings []Swing, outcome sim.Outcome, o Options) ([]Swing, error) {
	vs := []Variant{base}
	for _, s := range swings {
		for _, side := range []Side{s.Low, s.High} {
			if side.Ran() {
				vs = append(vs, Variant{Name: side.Set, Sets: []string{side.Set}, Config: side.Config})
			}
		}
	}
	rs, err := Run(ctx, vs, o)
	if err != nil {
		return nil, err
	}
	at := rs[0].Ensemble.Outcome(outcome).Mean
	out := slices.Clone(swings)
	k := 1
	for i := range out {
		out[i].AtBase = at
		for _, side := range []*Side{&out[i].Low, &out[i].High} {
			side.Mean = math.NaN()
			if side.Ran() {
				side.Mean = rs[k].Ensemble.Outcome(outcome).Mean
				k++
			}
		}
	}
	slices.SortStableFunc(out, func(a, b Swing) int {
		switch {
		case a.Size() > b.Size():
			return -1
		case a.Size() < b.Size():
			return 1
		}
		return 0
	})
	return out, nil
}
