package output

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"

	"github.com/trunksim/trunksim/scenarios"
	"github.com/trunksim/trunksim/sim"
	"github.com/trunksim/trunksim/sim/experiment"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// SensitivityCSV is sensitivity.csv: one row per input, its values and
// the outcome's mean at each, largest swing first. A side the model could
// not run keeps the value that was tried, an empty outcome, and the
// reason in left_out.
func SensitivityCSV(outcome sim.Outcome, pct float64, ss []experiment.Swing) (File, error) {
	o := outcome.String()
	t := newTable("sensitivity.csv", fmt.Sprintf("The mean of %s with each input moved %g%% down and up, one at a time, largest swing first.", o, pct),
		textField("input", "the scenario key moved"),
		numField("base", "its value in the scenario", ""),
		numField("low", "the value tried below it", ""),
		numField("high", "the value tried above it", ""),
		outcomeField(o+"_at_base", outcome, "mean at the scenario's values:"),
		outcomeField(o+"_at_low", outcome, "mean at the low value:"),
		outcomeField(o+"_at_high", outcome, "mean at the high value:"),
		numField("swing", "how far the mean moves between the sides that ran", outcome.Info().Unit.String()),
		textField("left_out", "why a side was not run, if one was not"))
	for _, s := range ss {
		var left []string
		for _, side := range []struct {
			name string
			experiment.Side
		}{{"low", s.Low}, {"high", s.High}} {
			if !side.Ran() {
				left = append(left, side.name+": "+side.LeftOut)
			}
		}
		swing := ""
		if s.Size() >= 0 {
			swing = formatNumber(s.Size())
		}
		t.row(s.Key, formatNumber(s.Base), formatNumber(s.Low.Value), formatNumber(s.High.Value),
			formatNumber(s.AtBase), formatNumber(s.Low.Mean), formatNumber(s.High.Mean), swing, strings.Join(left, "; "))
	}
	return t.file()
}

// tornadoBars is how many inputs a tornado chart shows.
const tornadoBars = 15

// bar is a horizontal bar between two outcome values at one row.
type bar struct {
	row      float64
	from, to float64
	color    color.Color
}

// tornado draws horizontal bars; it is a plot.Plotter and plot.DataRanger.
type tornado []bar

// Plot implements plot.Plotter.
func (t tornado) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for _, b := range t {
		x0, x1 := trX(math.Min(b.from, b.to)), trX(math.Max(b.from, b.to))
		y0, y1 := trY(b.row-0.35), trY(b.row+0.35)
		c.FillPolygon(b.color, c.ClipPolygonXY([]vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}}))
	}
}

// DataRange implements plot.DataRanger.
func (t tornado) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax = math.Inf(1), math.Inf(-1)
	for _, b := range t {
		xmin = math.Min(xmin, math.Min(b.from, b.to))
		xmax = math.Max(xmax, math.Max(b.from, b.to))
	}
	return xmin, xmax, -0.5, float64(len(t)/2) - 0.5
}

// swatch is a legend thumbnail of one colour.
type swatch struct{ color.Color }

// Thumbnail implements plot.Thumbnailer.
func (s swatch) Thumbnail(c *draw.Canvas) {
	c.FillPolygon(s.Color, []vg.Point{{X: c.Min.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Max.Y}, {X: c.Min.X, Y: c.Max.Y}})
}

// TornadoChart draws the largest swings as bars from the outcome at the
// base value to the outcome at the input's low (one colour) and high
// (another), largest at the top, with the base outcome as a line; inputs
// are named in words where the scenario's keys have them.
func TornadoChart(meta Meta, outcome sim.Outcome, pct float64, ss []experiment.Swing, format string) ([]byte, error) {
	f, err := tornadoFigure(meta, outcome, pct, ss)
	if err != nil {
		return nil, err
	}
	return render(f, format, meta.Line())
}

func tornadoFigure(meta Meta, outcome sim.Outcome, pct float64, ss []experiment.Swing) (*Figure, error) {
	shown := ss[:min(len(ss), tornadoBars)]
	label, scale := outcomeAxis(outcome)
	f := newFigure(fmt.Sprintf("What %s hangs on — %s", outcome.Label(), meta.Scenario), "")
	f.X.Label.Text = fmt.Sprintf("mean %s; one input %g%% down or up", label, pct)
	var t tornado
	var names []string
	for i, s := range shown {
		row := float64(len(shown) - 1 - i)
		name := scenarios.Name(s.Key)
		for _, side := range []struct {
			experiment.Side
			c    color.RGBA
			word string
		}{{s.Low, Palette[0], "lower"}, {s.High, Palette[1], "higher"}} {
			if side.Ran() {
				t = append(t, bar{row, s.AtBase * scale, side.Mean * scale, side.c})
			} else {
				name += " (" + side.word + ": not run)"
			}
		}
		names = append(names, name)
	}
	slices.Reverse(names)
	f.Add(t)
	f.Y.Tick.Label.Font = sans(11)
	f.NominalY(rowNames(f.Y.Tick.Label, names)...)
	if len(shown) > 0 {
		at := shown[0].AtBase * scale
		base, err := plotter.NewLine(plotter.XYs{{X: at, Y: -0.5}, {X: at, Y: float64(len(shown)) - 0.5}})
		if err != nil {
			return nil, err
		}
		base.Color = Palette[7]
		base.Width = vg.Points(1.5)
		f.Add(base)
		f.addKey(fmt.Sprintf("at the scenario's values: %.3g", at), base)
	}
	f.addKey(fmt.Sprintf("input %g%% lower", pct), swatch{Palette[0]})
	f.addKey(fmt.Sprintf("input %g%% higher", pct), swatch{Palette[1]})
	f.Y.Min, f.Y.Max = -0.6, float64(len(shown))-0.4
	padX(f.Plot, 0.04)
	return f, nil
}
