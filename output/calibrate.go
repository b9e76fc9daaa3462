package output

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/trunksim/trunksim/sim"
	"github.com/trunksim/trunksim/sim/experiment"
)

// The fit of a calibration, for a person (the table calibrate prints)
// and for a spreadsheet (fit.csv). keyOf names a Go field path as the
// scenario does.

// CalibrationTable writes the fit: each observed figure against the
// simulated median and p10 to p90 with its error, then each derived
// input with how well the observations pin it, then the conflicts.
func CalibrationTable(w io.Writer, cal *experiment.Calibration, keyOf func(string) string) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	if hard := slices.ContainsFunc(cal.Targets, func(t experiment.TargetFit) bool { return !t.Soft }); hard {
		fmt.Fprintf(tw, "observed\tobserved\tsimulated\tp10 to p90\terror\n")
	}
	for _, t := range cal.Targets {
		if t.Soft {
			continue
		}
		mark := ""
		if !t.Met(cal.Tolerance) {
			mark = ", not met"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s to %s\t%s%s\n", t.Label(), sig(t.Shown(t.Value)), sig(t.Shown(t.Sim.P50)),
			sig(t.Shown(t.Sim.P10)), sig(t.Shown(t.Sim.P90)), signedPct(t.Err), mark)
	}
	if series := historyFit(cal); len(series) > 0 {
		fmt.Fprintf(tw, "history\tquarters\terror, typical\tworst\n")
		for _, h := range series {
			fmt.Fprintf(tw, "%s\t%d\t%s\t%s\n", h.label, h.n, signedPct(h.rms)[1:], signedPct(h.worst))
		}
	}
	// Each section aligns its own columns.
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "derived\twas\tnow\tfrom\tidentified\n")
	for _, f := range cal.Params {
		for i, field := range f.Fields {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", keyOf(field), sig(f.Was[i]), sig(f.Now[i]), from(cal, f), identified(f))
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "Error is the simulated median less the observed figure, as a share of it (of a twentieth, for a 0-to-1 score); within ±%s counts as met.\n", Format(sim.UnitShare, cal.Tolerance))
	fmt.Fprintf(w, "Identified: how far the input could move (one standard error) with the observations as far off as the tolerance: pinned within 20%%, loosely within 60%%.\n")
	for _, c := range cal.Conflicts {
		fmt.Fprintf(w, "conflict: %s\n", ConflictText(cal, c, keyOf))
	}
	return nil
}

// ConflictText says why one observation cannot be met.
func ConflictText(cal *experiment.Calibration, c experiment.Conflict, keyOf func(string) string) string {
	t := cal.Targets[c.Target]
	s := fmt.Sprintf("%s cannot be met (best %s): ", t.Describe(), sig(t.Shown(t.Sim.P50)))
	var parts []string
	switch {
	case len(c.AtBound) > 0:
		for _, i := range c.AtBound {
			f := cal.Params[i]
			parts = append(parts, fmt.Sprintf("%s is at the %s the fit allows (%s)", ParamName(f.Param, keyOf), f.End(), f.Describe()))
		}
		s += strings.Join(parts, "; ")
	case len(c.Inert) > 0:
		for _, i := range c.Inert {
			parts = append(parts, ParamName(cal.Params[i].Param, keyOf))
		}
		s += fmt.Sprintf("%s barely move it in this organization (a quarter's move shifts it by %.0f%% at most): the model does not see what holds it there",
			strings.Join(parts, " and "), 100*c.Moved)
	default:
		s += "the inputs that answer it answer other observations too, and the fit cannot meet them all"
	}
	if len(c.With) > 0 {
		var with []string
		for _, k := range c.With {
			with = append(with, cal.Targets[k].Describe())
		}
		s += "; it pulls against " + strings.Join(with, ", ")
	}
	return s
}

// ParamName names a fitted input for a person: its key, or what it
// moves when it moves several.
func ParamName(p experiment.Param, keyOf func(string) string) string {
	if len(p.Fields) == 1 {
		return keyOf(p.Fields[0])
	}
	return p.Name
}

// CalibrationCSV is fit.csv: one row per observed figure, then one per
// derived input.
func CalibrationCSV(cal *experiment.Calibration, keyOf func(string) string) (File, error) {
	t := newTable("fit.csv", "The calibration's fit: each observed figure against the simulated one, then each input the fit derived.",
		textField("kind", "observed (a figure given) or derived (an input the fit set)"),
		textField("name", "the observed figure, or the derived input's scenario key"),
		textField("subject", "the team or domain an observed figure is of; empty for the organization"),
		numField("observed", "the figure as given", ""),
		numField("p10", "10th percentile of the simulated figure across the check's runs", ""),
		numField("p50", "median of the simulated figure", ""),
		numField("p90", "90th percentile of the simulated figure", ""),
		numField("error", "the simulated median less the observed figure, as a share of it (of a twentieth, for a 0-to-1 score)", "share"),
		boolField("met", "whether the error is within the fit's tolerance"),
		numField("was", "the derived input before the fit", ""),
		numField("now", "the derived input after the fit", ""),
		textField("identified", "how well the observations pin the derived input, with one standard error"))
	for _, tg := range cal.Targets {
		t.row("observed", tg.Name, tg.Key.Subject, formatNumber(tg.Shown(tg.Value)), formatNumber(tg.Shown(tg.Sim.P10)),
			formatNumber(tg.Shown(tg.Sim.P50)), formatNumber(tg.Shown(tg.Sim.P90)), formatNumber(tg.Err), strconv.FormatBool(tg.Met(cal.Tolerance)), "", "", "")
	}
	for _, f := range cal.Params {
		for i, field := range f.Fields {
			t.row("derived", keyOf(field), "", "", "", "", "", "", "", formatNumber(f.Was[i]), formatNumber(f.Now[i]), identified(f))
		}
	}
	return t.file()
}

// seriesFit is how well the fit follows one series of a history.
type seriesFit struct {
	label      string
	n          int
	rms, worst float64
}

// historyFit is, for each series of a history in the order first met,
// its quarters' typical (root mean square) and worst error.
func historyFit(cal *experiment.Calibration) []seriesFit {
	var out []seriesFit
	at := map[string]int{}
	for _, t := range cal.Targets {
		if !t.Soft {
			continue
		}
		label := seriesLabel(t.Target)
		i, ok := at[label]
		if !ok {
			i = len(out)
			at[label] = i
			out = append(out, seriesFit{label: label})
		}
		s := &out[i]
		s.n++
		s.rms += t.Err * t.Err
		if math.Abs(t.Err) > math.Abs(s.worst) {
			s.worst = t.Err
		}
	}
	for i := range out {
		out[i].rms = math.Sqrt(out[i].rms / float64(out[i].n))
	}
	return out
}

// seriesLabel names a target's series without its weeks.
func seriesLabel(t experiment.Target) string {
	t.When = ""
	return t.Label()
}

// from names the observations a fitted input answers: today's figures by
// name, a history by its series, many of them by their count.
func from(cal *experiment.Calibration, f experiment.Fitted) string {
	var names []string
	for _, i := range f.For {
		if l := seriesLabel(cal.Targets[i].Target); !slices.Contains(names, l) {
			names = append(names, l)
		}
	}
	if len(names) > 3 {
		return fmt.Sprintf("%d series", len(names))
	}
	return strings.Join(names, ", ")
}

// identified says how well the data pin a fitted input, with its spread.
func identified(f experiment.Fitted) string {
	if math.IsInf(f.Spread, 1) || f.Spread > 10 {
		return f.Identified()
	}
	return fmt.Sprintf("%s (±%.0f%%)", f.Identified(), 100*f.Spread)
}

// sig writes x to three significant figures, never with an exponent:
// 12300, 0.000123.
func sig(x float64) string {
	if math.IsNaN(x) {
		return "-"
	}
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 3, 64), 64)
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// signedPct writes a share as a signed percentage: +4.2%.
func signedPct(x float64) string {
	if math.Abs(x) >= 100 {
		return "far off"
	}
	return fmt.Sprintf("%+.1f%%", 100*x)
}
