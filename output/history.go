package output

import (
	"encoding/csv"
	"io"
	"math"
	"strconv"

	"github.com/trunksim/trunksim/sim"
)

// A history is a leader's measured series in the file format that
// scenarios.ParseHistory reads: the header week,metric,subject,value and
// one observation a row. These writers make one from a run, to try a
// calibration on an answer known in advance, or to start a history file
// from.

// WriteHistory writes observations as a history, in their order, each
// value exactly (parsed back, it is the same float64).
func WriteHistory(w io.Writer, obs []sim.Observation) error {
	cw := &csvWriter{csv.NewWriter(w)}
	cw.Write(sim.HistoryColumns)
	for _, o := range obs {
		cw.Write([]string{strconv.Itoa(o.Week), o.Key.Metric.String(), o.Key.Subject, formatExact(o.Value)})
	}
	cw.Flush()
	return cw.Error()
}

// MedianHistory is the median across e's runs of each series of keys
// (every series of e when keys is nil) at weeks 0, every, 2*every and
// on, series by series; a week without a value is left out.
func MedianHistory(e *sim.Ensemble, keys []sim.Key, every int) []sim.Observation {
	if keys == nil {
		for _, s := range e.Series {
			keys = append(keys, s.Key)
		}
	}
	return history(keys, e.Weeks, every, func(k sim.Key) func(int) float64 {
		s := e.Stats(k.Metric, k.Subject)
		if s == nil {
			return nil
		}
		return func(w int) float64 { return s.Weeks[w].P50 }
	})
}

// TraceHistory is one run's value of each series of keys (every series
// of tr when keys is nil) at weeks 0, every, 2*every and on, series by
// series; a week without a value is left out.
func TraceHistory(tr *sim.Trace, keys []sim.Key, every int) []sim.Observation {
	if keys == nil {
		keys = tr.Keys
	}
	return history(keys, tr.Weeks, every, func(k sim.Key) func(int) float64 {
		s := tr.Series(k.Metric, k.Subject)
		if s == nil {
			return nil
		}
		return func(w int) float64 { return s[w] }
	})
}

// history samples each key's series, as series returns it (nil for a
// series the run does not have), every every weeks.
func history(keys []sim.Key, weeks, every int, series func(sim.Key) func(int) float64) []sim.Observation {
	every = max(every, 1)
	var out []sim.Observation
	for _, k := range keys {
		at := series(k)
		if at == nil {
			continue
		}
		for w := 0; w < weeks; w += every {
			if v := at(w); !math.IsNaN(v) {
				out = append(out, sim.Observation{Week: w, Key: k, Value: v})
			}
		}
	}
	return out
}
