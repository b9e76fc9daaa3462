// Package output turns simulation results into files and text: summary
// JSON, tidy CSV, charts and the table on stdout. Writers take an
// io.Writer or return bytes; WriteAll (files.go) puts a set of files in
// place whole or not at all.
package output

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/trunksim/trunksim/sim"
	"github.com/trunksim/trunksim/sim/experiment"
)

// Meta identifies what produced an output, so that a chart in a deck can be
// traced back and rebuilt.
type Meta struct {
	Version      string   `json:"trunksim"`
	Scenario     string   `json:"scenario"`
	ScenarioHash string   `json:"scenario_hash"`
	Policy       string   `json:"policy"`
	Seed         uint64   `json:"seed"`
	Runs         int      `json:"runs"`
	Weeks        int      `json:"weeks"`
	Sets         []string `json:"sets"`
	// Warnings are what a leader should check before trusting the
	// result (sim.Warning, named by scenario key), as stderr printed them.
	Warnings []string `json:"warnings,omitempty"`
	// Distributions are the inputs given as distributions, drawn anew in
	// every run.
	Distributions []Distribution `json:"distributions,omitempty"`
	// TimeAxis is how charts count time: TimeWeeks, TimeQuarters,
	// TimeYears, or TimeAuto (years for a horizon over two years, else
	// quarters). It is how the charts are drawn, not what produced them,
	// and no file records it.
	TimeAxis string `json:"-"`
}

// Distribution is one uncertain input as summary files record it.
type Distribution struct {
	// Variant is the variant that draws it, "" when every variant does.
	Variant string   `json:"variant,omitempty"`
	Key     string   `json:"key"`
	Dist    string   `json:"dist"`
	Low     *float64 `json:"low,omitempty"`
	Mode    *float64 `json:"mode,omitempty"`
	High    *float64 `json:"high,omitempty"`
	Median  *float64 `json:"median,omitempty"`
	P90     *float64 `json:"p90,omitempty"`
}

// Describe is the distribution in words: "triangular, low 20, mode 30,
// high 60".
func (d Distribution) Describe() string {
	var parts []string
	for _, x := range []struct {
		name string
		v    *float64
	}{{"low", d.Low}, {"mode", d.Mode}, {"high", d.High}, {"median", d.Median}, {"p90", d.P90}} {
		if x.v != nil {
			parts = append(parts, fmt.Sprintf("%s %g", x.name, *x.v))
		}
	}
	return d.Dist + ", " + strings.Join(parts, ", ")
}

// Distributions describes c's uncertain inputs, named by keyOf (the
// scenario key of a sim field path).
func Distributions(c *sim.Config, keyOf func(field string) string) []Distribution {
	var out []Distribution
	for _, u := range c.Uncertain {
		d := u.Dist
		x := Distribution{Key: keyOf(u.Field), Dist: d.Kind}
		switch d.Kind {
		case sim.DistLognormal:
			x.Median, x.P90 = &d.Median, &d.P90
		case sim.DistTriangular:
			x.Low, x.Mode, x.High = &d.Low, &d.Mode, &d.High
		default:
			x.Low, x.High = &d.Low, &d.High
		}
		out = append(out, x)
	}
	return out
}

// Line is the provenance in one line, for CSV comments and chart footers.
func (m Meta) Line() string {
	s := fmt.Sprintf("trunksim %s, %s (%s), %s, seed %d, %d runs, %d weeks", m.Version, m.Scenario, m.ScenarioHash, m.Policy, m.Seed, m.Runs, m.Weeks)
	if len(m.Sets) > 0 {
		s += ", set " + strings.Join(m.Sets, " ")
	}
	return s
}

// Number is a float64 that encodes NaN as null and rounds to six
// significant digits, so that summaries stay readable and stable.
type Number float64

// MarshalJSON implements json.Marshaler.
func (n Number) MarshalJSON() ([]byte, error) {
	f := float64(n)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return []byte(formatNumber(f)), nil
}

// formatNumber writes a summary's number to six significant digits, and
// NaN, a missing value, as an empty cell.
func formatNumber(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return ""
	}
	return strconv.FormatFloat(f, 'g', 6, 64)
}

// formatExact writes a number exactly, in the fewest digits that parse
// back to the same float64, and NaN as an empty cell.
func formatExact(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return ""
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// Summary is one outcome summarised across runs, with what it is: its
// label, unit and how a run's weeks make it (the catalogue's Aggregate:
// total, final, peak, average, week or indicator; description says it in
// words).
type Summary struct {
	Description string `json:"description"`
	Unit        string `json:"unit"`
	Aggregation string `json:"aggregation"`
	P10         Number `json:"p10"`
	P50         Number `json:"p50"`
	P90         Number `json:"p90"`
	Mean        Number `json:"mean"`
	Runs        int    `json:"runs"`
}

func summary(o sim.Outcome, q sim.Quantiles) Summary {
	return Summary{outcomeDescription(o), o.Info().Unit.String(), o.Info().Over.String(),
		Number(q.P10), Number(q.P50), Number(q.P90), Number(q.Mean), q.N}
}

// outcomeDescription is an outcome for a reader of the data: its label
// and how a run's weeks make it, "operations hours; total over the
// horizon".
func outcomeDescription(o sim.Outcome) string {
	return o.Label() + "; " + o.Info().Over.Describe()
}

// SummaryJSON writes summary.json: the metadata and each outcome's unit,
// aggregation and p10, p50, p90 and mean across runs. intervention_rate
// is a 0 or 1 per run, so its mean is the share of runs with a leadership
// intervention; first_intervention_week counts only the runs that had
// one; cost and ops_hours are totals over the run's weeks.
func SummaryJSON(w io.Writer, meta Meta, e *sim.Ensemble) error {
	doc := struct {
		Meta
		Outcomes map[string]Summary `json:"outcomes"`
	}{Meta: meta, Outcomes: map[string]Summary{}}
	for _, o := range sim.Outcomes() {
		doc.Outcomes[o.String()] = summary(o, e.Outcome(o))
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// TimeseriesCSV is timeseries.csv: tidy rows of week, metric, subject (a
// team, area or domain, empty for the organization), unit, and the
// quantiles across runs.
func TimeseriesCSV(e *sim.Ensemble) (File, error) {
	t := newTable("timeseries.csv", "Every weekly series summarised across runs, one row a series and week.",
		append([]Field{
			intField("week", "week of the run, from 0"),
			textField("metric", "the series, as sim/MODEL.md lists them"),
			textField("subject", "the team, area or domain the series is about; empty for the organization"),
			textField("unit", "the series' unit"),
		}, quantileFields("runs with a value in this week")...)...)
	for _, s := range e.Series {
		info := s.Key.Metric.Info()
		for wk, q := range s.Weeks {
			if q.N == 0 {
				continue
			}
			t.row(strconv.Itoa(wk), info.Name, s.Key.Subject, info.Unit,
				formatNumber(q.P10), formatNumber(q.P50), formatNumber(q.P90), formatNumber(q.Mean), strconv.Itoa(q.N))
		}
	}
	return t.file()
}

// EventsCSV is events.csv: the event log of run 1 (week, kind, text).
func EventsCSV(events []sim.Event) (File, error) {
	t := newTable("events.csv", "The event log of run 1, the replication seeded with (seed, 0): splits, budget reviews, interventions and the plan's actions.",
		intField("week", "week of the run the event happened in"),
		textField("kind", "split, reorg, budget, hiring, intervention or plan"),
		textField("event", "the event in words"))
	for _, ev := range events {
		t.row(strconv.Itoa(ev.Week), ev.Kind, ev.Text)
	}
	return t.file()
}

// RunsCSV is runs.csv: one row per replication of each variant, with
// every per-run outcome exactly as the run ended it.
func RunsCSV(rs []experiment.Result) (File, error) {
	fields := []Field{
		textField("variant", "the policy or variant"),
		intField("run", "the replication, from 1; run 1's events are events.csv's and its organization the deck's tree"),
		intField("seed", "the seed: run r is seeded with (seed, r - 1), the same in every variant"),
	}
	for _, o := range sim.Outcomes() {
		fields = append(fields, outcomeField(o.String(), o, ""))
	}
	t := newTable("runs.csv", "Every per-run outcome of every replication, one row a run.", fields...)
	for _, r := range rs {
		e := r.Ensemble
		for i := range e.Runs {
			row := []string{r.Name, strconv.Itoa(i + 1), strconv.FormatUint(e.Seed, 10)}
			for _, v := range e.RunOutcomes(i) {
				row = append(row, formatExact(v))
			}
			t.row(row...)
		}
	}
	return t.file()
}

// Table writes the outcomes a leader reads first, as aligned text.
func Table(w io.Writer, meta Meta, e *sim.Ensemble) error {
	fmt.Fprintf(w, "%s, policy %s: %d runs of %d weeks, seed %d\n", meta.Scenario, meta.Policy, meta.Runs, meta.Weeks, meta.Seed)
	fmt.Fprintf(w, "(%s)\n\n", meta.Line())
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "outcome\tp10\tmedian\tp90\tmean\t")
	for _, o := range tableRows {
		q := e.Outcome(o)
		if q.N == 0 {
			fmt.Fprintf(tw, "%s\t-\t-\t-\t-\t\n", o.Label())
			continue
		}
		u := o.Info().Unit
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t\n", o.Label(), Format(u, q.P10), Format(u, q.P50), Format(u, q.P90), Format(u, q.Mean))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	rate := e.Outcome(sim.InterventionRate).Mean
	_, err := fmt.Fprintf(w, "\nLeadership intervened in %s of runs.\n", Format(sim.UnitShare, rate))
	return err
}

// tableRows are the outcomes a leader reads first.
var tableRows = []sim.Outcome{
	sim.WeeksBelowQuality, sim.FirstInterventionWeek, sim.FinalQuality, sim.FinalInfraEngineers,
	sim.FinalTrunkEngineers, sim.MaxTrunkEngineers, sim.FinalTrunkShare, sim.FinalBranches, sim.Leavers,
	sim.InvestmentShare, sim.PeakPagesPerShift, sim.FinalMorale, sim.OpsHours, sim.Cost,
}

// Bytes renders a writer function to bytes, for WriteAll.
func Bytes(f func(io.Writer) error) ([]byte, error) {
	var b bytes.Buffer
	err := f(&b)
	return b.Bytes(), err
}
