package output

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/trunksim/trunksim/scenarios"
	"github.com/trunksim/trunksim/sim"
	"github.com/trunksim/trunksim/sim/experiment"
)

// Robustness is a robustness study ready to write: the result and the
// name a person knows each assumption by, keyed by its Go field path
// (an assumption missing from Keys is named by its path).
type Robustness struct {
	Meta   Meta
	Result *experiment.RobustnessResult
	Keys   map[string]string
}

// key is the assumption's name for a person.
func (rb Robustness) key(field string) string {
	if k, ok := rb.Keys[field]; ok {
		return k
	}
	return field
}

// robustOutcomes are the outcomes whose means robustness.csv gives for
// every variant at every end: those the study ranks by.
var robustOutcomes = experiment.Ranked

// RobustnessCSV is robustness.csv: one row for the scenario's own
// values, then one per assumption, with its low and high and, for each
// end, whether it ran or why not, whether each ranking and the verdict
// hold there, the verdict's lead, and every variant's means. The study's
// warnings (Meta.Warnings) go into the folder's datapackage.json.
func RobustnessCSV(rb Robustness) (File, error) {
	r := rb.Result
	lead := r.Verdict.Outcome
	fields := []Field{
		textField("assumption", "the assumption's scenario key; base for the scenario's own values"),
		textField("field", "the assumption's field in the model (sim/defaults.go)"),
		numField("low", "the low end of its plausible range", ""),
		numField("high", "the high end of its plausible range", ""),
	}
	for _, end := range []string{"low", "high"} {
		at := " at the " + end + " end"
		fields = append(fields, boolField(end+"_ran", "whether the variants ran"+at), textField(end+"_not_run", "why they did not, if they did not"))
		for _, o := range experiment.Ranked {
			fields = append(fields, boolField(end+"_"+o.String()+"_ranking_holds", "whether the variants rank on mean "+o.String()+at+" as at the scenario's values"))
		}
		fields = append(fields, boolField(end+"_verdict_holds", "whether the verdict holds"+at),
			numField(end+"_verdict_lead", "the verdict's lead in mean "+lead.String()+at, lead.Info().Unit.String()),
			numField(end+"_verdict_lead_lo90", "low end of the lead's 90% interval"+at, lead.Info().Unit.String()),
			numField(end+"_verdict_lead_hi90", "high end of the lead's 90% interval"+at, lead.Info().Unit.String()))
		for _, n := range r.Names {
			for _, o := range robustOutcomes {
				fields = append(fields, outcomeField(end+"_"+n+"_"+o.String(), o, "under "+n+at+", the mean of"))
			}
		}
	}
	t := newTable("robustness.csv", "The verdict and the rankings at the scenario's values and at both ends of each assumption. The verdict: "+r.Verdict.Text+".", fields...)
	row := func(first []string, ends ...experiment.End) {
		for _, e := range ends {
			first = append(first, strconv.FormatBool(e.Ran()), rb.reason(e.NotRun))
			if !e.Ran() {
				first = append(first, make([]string, len(experiment.Ranked)+4+len(r.Names)*len(robustOutcomes))...)
				continue
			}
			for _, o := range experiment.Ranked {
				first = append(first, strconv.FormatBool(e.Holds[o]))
			}
			first = append(first, strconv.FormatBool(e.VerdictHolds), formatNumber(e.Lead.Mean), formatNumber(e.Lead.Lo), formatNumber(e.Lead.Hi))
			for v := range r.Names {
				for _, o := range robustOutcomes {
					first = append(first, formatNumber(e.Mean(v, o)))
				}
			}
		}
		t.row(first...)
	}
	row([]string{"base", "", "", ""}, r.Base, r.Base)
	for _, c := range r.Checks {
		a := c.Assumption
		row([]string{rb.key(a.Field), a.Field, formatNumber(a.Low), formatNumber(a.High)}, c.Low, c.High)
	}
	return t.file()
}

// robustnessBars is how many assumptions the robustness chart shows.
const robustnessBars = 20

// RobustnessChart draws, for the assumptions closest to flipping the
// verdict, the verdict's lead at the low end (one colour) and at the high
// end (another) of each, joined by a line, closest at the top, with lines
// at the lead at the scenario's values and at 0, where the verdict flips.
func RobustnessChart(rb Robustness, format string) ([]byte, error) {
	f, err := robustnessFigure(rb)
	if err != nil {
		return nil, err
	}
	return render(f, format, rb.Meta.Line())
}

func robustnessFigure(rb Robustness) (*Figure, error) {
	r := rb.Result
	shown := r.Closest()
	shown = shown[:min(len(shown), robustnessBars)]
	f := newFigure("Where the verdict could flip — "+rb.Meta.Scenario, "")
	label, scale := outcomeAxis(r.Verdict.Outcome)
	f.X.Label.Text = "the verdict's lead in mean " + label
	top := float64(len(shown)) - 0.5
	for _, l := range []struct {
		x      float64
		label  string
		color  color.Color
		dashes []vg.Length
	}{
		{r.Base.Lead.Mean * scale, fmt.Sprintf("at the scenario's values: %.3g", r.Base.Lead.Mean*scale), grey, nil},
		{0, "the verdict flips", Palette[7], dashed},
	} {
		line, err := plotter.NewLine(plotter.XYs{{X: l.x, Y: -0.5}, {X: l.x, Y: top}})
		if err != nil {
			return nil, err
		}
		line.Color, line.Width, line.Dashes = l.color, vg.Points(1.5), l.dashes
		f.Add(line)
		f.addKey(l.label, line)
	}
	names := make([]string, len(shown)) // bottom row first
	dots := [2]plotter.XYs{}
	for i, c := range shown {
		row := float64(len(shown) - 1 - i)
		name := scenarios.Name(rb.key(c.Assumption.Field))
		var span plotter.XYs
		for j, e := range c.Ends() {
			if !e.Ran() || math.IsNaN(e.Lead.Mean) || math.IsInf(e.Lead.Mean, 0) {
				name += " (" + e.Name + ": not run)"
				continue
			}
			dots[j] = append(dots[j], plotter.XY{X: e.Lead.Mean * scale, Y: row})
			span = append(span, plotter.XY{X: e.Lead.Mean * scale, Y: row})
		}
		if len(span) == 2 {
			line, err := plotter.NewLine(span)
			if err != nil {
				return nil, err
			}
			line.Color, line.Width = grey, vg.Points(2)
			f.Add(line)
		}
		names[int(row)] = name
	}
	for j, label := range []string{"the assumption at its low end", "at its high end"} {
		if len(dots[j]) == 0 {
			continue
		}
		sc, err := plotter.NewScatter(dots[j])
		if err != nil {
			return nil, err
		}
		sc.GlyphStyle = draw.GlyphStyle{Color: Palette[j], Radius: vg.Points(5), Shape: draw.CircleGlyph{}}
		f.Add(sc)
		f.addKey(label, sc)
	}
	f.Y.Tick.Label.Font = sans(11)
	f.NominalY(rowNames(f.Y.Tick.Label, names)...)
	f.Y.Min, f.Y.Max = -0.5, top
	padX(f.Plot, 0.04)
	return f, nil
}

// padX widens a plot's x range by frac of it on each side, so that no bar
// or dot touches the data area's edge.
func padX(p *plot.Plot, frac float64) {
	pad := (p.X.Max - p.X.Min) * frac
	if pad == 0 || math.IsInf(pad, 0) || math.IsNaN(pad) {
		pad = 1
	}
	p.X.Min, p.X.Max = p.X.Min-pad, p.X.Max+pad
}

// robustnessRows is how many assumptions the robustness table shows at
// least; every assumption at which the verdict flips is shown.
const robustnessRows = 10

// RobustnessTable writes the study for a person: the base's figures, the
// assumptions closest to flipping the verdict, how often each ranking
// changes, the ends not run, and a sentence naming the ends at which the
// verdict flips.
func RobustnessTable(w io.Writer, rb Robustness) error {
	r, m := rb.Result, rb.Meta
	fmt.Fprintf(w, "%s: %d variants, %d runs each on common random numbers, %d weeks, seed %d, at the scenario's values and at both ends of %d assumptions\n",
		m.Scenario, len(r.Names), m.Runs, m.Weeks, m.Seed, len(r.Checks))
	fmt.Fprintf(w, "(%s)\nThe verdict: %s.\n\n", m.Line(), r.Verdict.Text)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "at the scenario's values\t%s\t%s\n", sim.WeeksBelowQuality, sim.InterventionRate)
	for v, n := range r.Names {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", n, Format(sim.UnitWeeks, r.Base.Mean(v, sim.WeeksBelowQuality)), Format(sim.UnitShare, r.Base.Mean(v, sim.InterventionRate)))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	flips := r.VerdictFlips()
	closest := r.Closest()
	flipped := 0 // Closest lists them first, their lead being 0 or less
	for _, c := range r.Checks {
		if c.Low.Ran() && !c.Low.VerdictHolds || c.High.Ran() && !c.High.VerdictHolds {
			flipped++
		}
	}
	n := min(len(closest), max(robustnessRows, flipped))
	u := r.Verdict.Outcome.Info().Unit
	fmt.Fprintf(w, "\nThe verdict's lead at the scenario's values: %s (90%% interval %s), in mean %s.\nThe %d assumptions closest to flipping it:\n\n",
		FormatSigned(u, r.Base.Lead.Mean), FormatInterval(u, r.Base.Lead.Lo, r.Base.Lead.Hi), r.Verdict.Outcome.Label(), n)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprint(tw, "assumption\tlow\thigh\tlead at low\tlead at high")
	for _, o := range experiment.Ranked {
		fmt.Fprintf(tw, "\t%s ranking (low/high)", o)
	}
	fmt.Fprintln(tw)
	for _, c := range closest[:n] {
		a := c.Assumption
		fmt.Fprintf(tw, "%s\t%s\t%s", rb.key(a.Field), FormatValue(a.Low), FormatValue(a.High))
		for _, e := range c.Ends() {
			fmt.Fprintf(tw, "\t%s", ifRan(*e.End, func() string { return FormatSigned(u, e.Lead.Mean) }))
		}
		for _, o := range experiment.Ranked {
			var ends []string
			for _, e := range c.Ends() {
				ends = append(ends, ifRan(*e.End, func() string { return map[bool]string{true: "holds", false: "changes"}[e.Holds[o]] }))
			}
			fmt.Fprintf(tw, "\t%s", strings.Join(ends, "/"))
		}
		fmt.Fprintln(tw)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	ran := len(r.Flips(func(experiment.End) bool { return false })) // every end that ran
	fmt.Fprintln(w)
	for i, o := range experiment.Ranked {
		changes := len(r.Flips(func(e experiment.End) bool { return e.Holds[o] }))
		if i == 0 {
			fmt.Fprintf(w, "The ranking on %s changes at %d of the %d ends run", o, changes, ran)
		} else {
			fmt.Fprintf(w, ", on %s at %d", o, changes)
		}
	}
	fmt.Fprintln(w, " (robustness.csv has every end).")
	for _, c := range r.Checks {
		for _, e := range c.Ends() {
			if !e.Ran() {
				fmt.Fprintf(w, "Not run: %s %s (%s): %s\n", rb.key(c.Assumption.Field), e.Name, FormatValue(e.Value), rb.reason(e.NotRun))
			}
		}
	}
	_, err := fmt.Fprintln(w, verdictSentence(rb, flips))
	return err
}

// ifRan is text for an end that ran, "not run" otherwise.
func ifRan(e experiment.End, text func() string) string {
	if !e.Ran() {
		return "not run"
	}
	return text()
}

// verdictSentence names the ends at which the verdict flips, and those of
// them at which it flips beyond the runs' noise, or, when it does not hold
// at the scenario's values, the ends at which it holds.
func verdictSentence(rb Robustness, flips []experiment.Flip) string {
	r := rb.Result
	list := func(fs []experiment.Flip) string {
		var parts []string
		for _, f := range fs {
			parts = append(parts, fmt.Sprintf("%s %s (%s)", rb.key(f.Field), f.End, FormatValue(f.Value)))
		}
		return strings.Join(parts, ", ")
	}
	if !r.Base.VerdictHolds {
		lead := FormatSigned(r.Verdict.Outcome.Info().Unit, r.Base.Lead.Mean)
		holds := r.Flips(func(e experiment.End) bool { return !e.VerdictHolds })
		if len(holds) == 0 {
			return fmt.Sprintf("The verdict does not hold at the scenario's values (lead %s), nor at either end of any assumption.", lead)
		}
		return fmt.Sprintf("The verdict does not hold at the scenario's values (lead %s); it holds at: %s.", lead, list(holds))
	}
	notRun := 2*len(r.Checks) - len(r.Flips(func(experiment.End) bool { return false }))
	switch {
	case len(flips) == 0 && notRun == 0:
		return "The verdict holds at both ends of every assumption."
	case len(flips) == 0:
		return fmt.Sprintf("The verdict holds at every end that ran (%d not run).", notRun)
	}
	clear := r.Flips(func(e experiment.End) bool { return !e.FlipsClearly() })
	noise := "None of these is beyond the runs' noise (the lead's 90% interval reaches 0 at each); more -runs would tell."
	if len(clear) > 0 {
		noise = "Beyond the runs' noise (the lead's 90% interval below 0): " + list(clear) + "."
	}
	return "The verdict flips at: " + list(flips) + ".\n" + noise
}

// reason is why an end was not run, with the model's field paths named as
// a scenario names them.
func (rb Robustness) reason(s string) string {
	paths := make([]string, 0, len(rb.Keys))
	for p := range rb.Keys {
		paths = append(paths, p)
	}
	sort.Slice(paths, func(i, j int) bool {
		return len(paths[i]) > len(paths[j]) || len(paths[i]) == len(paths[j]) && paths[i] < paths[j]
	})
	for _, p := range paths {
		s = strings.ReplaceAll(s, p, rb.Keys[p])
	}
	return s
}
