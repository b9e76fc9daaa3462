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

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

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

// RobustnessCSV writes robustness.csv, after a comment line for each of
// the study's warnings (Meta.Warnings): one row for the scenario's own
// values, then one per assumption, with its low and high and, for each
// end, whether it ran or why not, whether each ranking and the verdict
// hold there, the verdict's lead, and every variant's means.
func RobustnessCSV(w io.Writer, rb Robustness) error {
	r := rb.Result
	cw, err := newCSV(w, rb.Meta.Line()+", verdict: "+r.Verdict.Text, rb.Meta.Warnings...)
	if err != nil {
		return err
	}
	head := []string{"assumption", "field", "low", "high"}
	for _, end := range []string{"low", "high"} {
		head = append(head, end+"_ran", end+"_not_run")
		for _, o := range experiment.Ranked {
			head = append(head, end+"_"+o.String()+"_ranking_holds")
		}
		head = append(head, end+"_verdict_holds", end+"_verdict_lead", end+"_verdict_lead_lo90", end+"_verdict_lead_hi90")
		for _, n := range r.Names {
			for _, o := range robustOutcomes {
				head = append(head, end+"_"+n+"_"+o.String())
			}
		}
	}
	cw.Write(head)
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
		cw.Write(first)
	}
	row([]string{"base", "", "", ""}, r.Base, r.Base)
	for _, c := range r.Checks {
		a := c.Assumption
		row([]string{rb.key(a.Field), a.Field, formatNumber(a.Low), formatNumber(a.High)}, c.Low, c.High)
	}
	cw.Flush()
	return cw.Error()
}

// robustnessBars is how many assumptions the robustness chart shows.
const robustnessBars = 20

// RobustnessChart draws, for the assumptions closest to flipping the
// verdict, the verdict's lead at the low end (one colour) and at the high
// end (another) of each, joined by a line, closest at the top, with lines
// at the lead at the scenario's values and at 0, where the verdict flips.
func RobustnessChart(rb Robustness, format string) ([]byte, error) {
	r := rb.Result
	shown := r.Closest()
	shown = shown[:min(len(shown), robustnessBars)]
	p := newPlot("Where the verdict could flip — "+rb.Meta.Scenario, "")
	p.X.Label.Text = "the verdict's lead in mean " + r.Verdict.Outcome.Label()
	top := float64(len(shown)) - 0.5
	for _, l := range []struct {
		x     float64
		label string
		color color.Color
		dash  bool
	}{
		{r.Base.Lead.Mean, fmt.Sprintf("at the scenario's values: %.3g", r.Base.Lead.Mean), grey, false},
		{0, "the verdict flips", red, true},
	} {
		line, err := plotter.NewLine(plotter.XYs{{X: l.x, Y: -0.5}, {X: l.x, Y: top}})
		if err != nil {
			return nil, err
		}
		line.Color, line.Width = l.color, vg.Points(1.5)
		if l.dash {
			line.Dashes = []vg.Length{vg.Points(8), vg.Points(5)}
		}
		p.Add(line)
		p.Legend.Add(l.label, line)
	}
	names := make([]string, len(shown)) // bottom row first
	dots := [2]plotter.XYs{}
	for i, c := range shown {
		row := float64(len(shown) - 1 - i)
		name := rb.key(c.Assumption.Field)
		var span plotter.XYs
		for j, e := range c.Ends() {
			if !e.Ran() || math.IsNaN(e.Lead.Mean) || math.IsInf(e.Lead.Mean, 0) {
				name += " (" + e.Name + ": not run)"
				continue
			}
			dots[j] = append(dots[j], plotter.XY{X: e.Lead.Mean, Y: row})
			span = append(span, plotter.XY{X: e.Lead.Mean, Y: row})
		}
		if len(span) == 2 {
			line, err := plotter.NewLine(span)
			if err != nil {
				return nil, err
			}
			line.Color, line.Width = grey, vg.Points(2)
			p.Add(line)
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
		p.Add(sc)
		p.Legend.Add(label, sc)
	}
	p.NominalY(names...)
	p.Y.Tick.Label.Font = sans(11)
	p.Y.Min, p.Y.Max = -0.5, top
	// The legend goes in a column to the right of the plot, where it
	// cannot cover the data; the plot gets an empty one.
	legend := p.Legend
	p.Legend = newPlot("", "").Legend
	c := newCanvas(format)
	dc := body(c.draw(rb.Meta.Line()))
	pad := vg.Points(12)
	width := legend.Rectangle(dc).Size().X + 2*pad
	p.Draw(draw.Crop(dc, pad/2, -width, 0, 0))
	legend.Top, legend.Left = true, true
	legend.Draw(draw.Crop(dc, dc.Size().X-width+pad, 0, 0, -vg.Points(50)))
	return c.bytes(rb.Meta.Line())
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
