package output

import (
	"image/color"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/trunksim/trunksim/scenarios"
	"github.com/trunksim/trunksim/sim"
	"github.com/trunksim/trunksim/sim/experiment"
)

// sweepOutcomes are the outcomes sweep charts draw.
var sweepOutcomes = []sim.Outcome{sim.WeeksBelowQuality, sim.InterventionRate, sim.MeanQuality, sim.FinalMorale, sim.Leavers, sim.FinalTrunkShare}

// SweepCSV is sweep.csv: every grid point's summary, the axis values,
// then one row per outcome.
func SweepCSV(sw *experiment.Sweep) (File, error) {
	var fields []Field
	for _, a := range sw.Axes {
		f := textField(a.Key, "the value of "+a.Key+" at this point")
		if _, ok := numeric(a); ok {
			f.Type = "number"
		}
		fields = append(fields, f)
	}
	t := newTable("sweep.csv", "Each outcome at every point of the sweep, summarised across runs.", slices.Concat(fields, []Field{
		textField("outcome", "the per-run outcome, as sim/MODEL.md lists them"),
		textField("unit", "the outcome's unit"),
	}, quantileFields("runs with a value"))...)
	for k, pt := range sw.Points {
		var at []string
		for i, a := range sw.Axes {
			at = append(at, a.Values[pt.At[i]])
		}
		for _, o := range sim.Outcomes() {
			q := sw.Results[k].Ensemble.Outcome(o)
			t.row(append(slices.Clone(at), o.String(), o.Info().Unit.String(), formatNumber(q.P10), formatNumber(q.P50), formatNumber(q.P90), formatNumber(q.Mean), strconv.Itoa(q.N))...)
		}
	}
	return t.file()
}

// numeric returns the axis values as numbers, or false if any is not one.
func numeric(a experiment.Axis) ([]float64, bool) {
	xs := make([]float64, len(a.Values))
	for i, v := range a.Values {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return nil, false
		}
		xs[i] = f
	}
	return xs, true
}

// SweepCharts draws, for one axis, each outcome's mean (and median, where
// it differs) against the swept value with its p10 to p90 band; for two
// axes, a heatmap of each outcome's mean, each cell labelled, with a
// colour scale. Keys are named in words where they have them.
func SweepCharts(meta Meta, sw *experiment.Sweep, format string) ([]File, error) {
	build := sweepLine
	if len(sw.Axes) == 2 {
		build = sweepHeat
	}
	var ds []drawing
	for _, o := range sweepOutcomes {
		ds = append(ds, drawing{"sweep chart " + o.String(), "sweep-" + o.String() + "." + format, func() ([]byte, error) {
			f, err := build(meta, sw, o)
			if err != nil {
				return nil, err
			}
			return render(f, format, meta.Line())
		}})
	}
	return drawAll(ds)
}

// sweepLine draws an outcome's mean against the swept value with the p10
// to p90 band of its runs, and its median where it differs from the
// mean; a share of runs is drawn as its mean alone.
func sweepLine(meta Meta, sw *experiment.Sweep, outcome sim.Outcome) (*Figure, error) {
	a := sw.Axes[0]
	label, scale := outcomeAxis(outcome)
	f := newFigure(outcome.Label()+" against "+scenarios.Words(a.Key)+" — "+meta.Scenario, label)
	f.X.Label.Text = scenarios.Words(a.Key)
	xs, isNum := numeric(a)
	if !isNum {
		xs = make([]float64, len(a.Values))
		for i := range xs {
			xs[i] = float64(i)
		}
		f.NominalX(a.Values...)
	}
	indicator := outcome.Info().Over == sim.Indicator
	var mean, median, lo, hi plotter.XYs
	differ := false
	for k, pt := range sw.Points {
		q := sw.Results[k].Ensemble.Outcome(outcome)
		if q.N == 0 {
			continue
		}
		x := xs[pt.At[0]]
		mean = append(mean, plotter.XY{X: x, Y: q.Mean * scale})
		median = append(median, plotter.XY{X: x, Y: q.P50 * scale})
		lo = append(lo, plotter.XY{X: x, Y: q.P10 * scale})
		hi = append(hi, plotter.XY{X: x, Y: q.P90 * scale})
		differ = differ || math.Abs(q.P50-q.Mean) > 0.02*math.Max(math.Abs(q.P90-q.P10), math.Abs(q.Mean))
	}
	f.Y.Min = 0
	if len(mean) == 0 {
		return f, nil
	}
	if len(mean) > 1 && !indicator {
		poly, err := plotter.NewPolygon(append(slices.Clone(lo), reversed(hi)...))
		if err != nil {
			return nil, err
		}
		poly.Color = faded(Palette[0], 0x40)
		poly.LineStyle.Width = 0
		f.Add(poly)
		f.addKey("p10 to p90 of the runs", poly)
	}
	name := "mean"
	if indicator {
		name = "share of runs"
	}
	lines := []struct {
		xys    plotter.XYs
		name   string
		dashes []vg.Length
		glyph  draw.GlyphDrawer
		show   bool
	}{
		{mean, name, nil, draw.CircleGlyph{}, true},
		{median, "median", seriesDashes[1], draw.SquareGlyph{}, differ && !indicator},
	}
	for _, l := range lines {
		if !l.show {
			continue
		}
		line, pts, err := plotter.NewLinePoints(l.xys)
		if err != nil {
			return nil, err
		}
		line.Color, pts.Color = Palette[0], Palette[0]
		line.Width, line.Dashes = vg.Points(2.5), l.dashes
		pts.Radius, pts.Shape = vg.Points(4), l.glyph
		f.Add(line, pts)
		f.addKey(l.name, line, pts)
	}
	padX(f.Plot, 0.03)
	return f, nil
}

// grid is a two-axis sweep's outcome means, for plotter.HeatMap.
type grid struct {
	cols, rows int
	z          []float64
}

func (g grid) Dims() (c, r int)   { return g.cols, g.rows }
func (g grid) Z(c, r int) float64 { return g.z[r*g.cols+c] }
func (g grid) X(c int) float64    { return float64(c) }
func (g grid) Y(r int) float64    { return float64(r) }
func (g grid) minMax() (float64, float64) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range g.z {
		if !math.IsNaN(v) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	if lo > hi {
		return 0, 1
	}
	if lo == hi {
		return lo - 0.5, hi + 0.5
	}
	return lo, hi
}

// colourScale is the heatmap's scale for values from lo to hi: one-sided
// values (none below 0, or none above) go from light to dark blue, more
// being darker; values of both signs go from blue through white at 0 to
// red, symmetric about 0.
func colourScale(lo, hi float64) palette.ColorMap {
	if lo < 0 && hi > 0 {
		m := moreland.SmoothBlueRed()
		r := math.Max(-lo, hi)
		m.SetMin(-r)
		m.SetMax(r)
		return m
	}
	blues := []color.Color{color.RGBA{0x08, 0x30, 0x6b, 0xff}, color.RGBA{0x21, 0x71, 0xb5, 0xff}, color.RGBA{0x6b, 0xae, 0xd6, 0xff}, color.RGBA{0xc6, 0xdb, 0xef, 0xff}, color.RGBA{0xf7, 0xfb, 0xff, 0xff}}
	m, err := moreland.NewLuminance(blues)
	if err != nil {
		panic(err) // the controls' luminance rises, as NewLuminance asks
	}
	m.SetMin(lo)
	m.SetMax(hi)
	return darkHigh{m}
}

// darkHigh is a colour map read backwards, so that higher values take
// its darker colours.
type darkHigh struct{ palette.ColorMap }

// At implements palette.ColorMap.
func (d darkHigh) At(v float64) (color.Color, error) {
	if v < d.Min() || v > d.Max() {
		return d.ColorMap.At(v) // its error
	}
	return d.ColorMap.At(math.Max(d.Min(), math.Min(d.Max(), d.Min()+d.Max()-v)))
}

// Palette implements palette.ColorMap.
func (d darkHigh) Palette(n int) palette.Palette {
	cs := slices.Clone(d.ColorMap.Palette(n).Colors())
	slices.Reverse(cs)
	return colours(cs)
}

// colours is a palette.Palette of its colours.
type colours []color.Color

// Colors implements palette.Palette.
func (c colours) Colors() []color.Color { return c }

// cellText is a heatmap cell's value in at most three significant digits.
func cellText(v float64) string {
	switch a := math.Abs(v); {
	case math.IsNaN(v):
		return "no runs"
	case a >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case a >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

// sweepHeat draws a heatmap of an outcome's mean over two axes, each cell
// labelled with its value, with the colour scale beside it.
func sweepHeat(meta Meta, sw *experiment.Sweep, outcome sim.Outcome) (*Figure, error) {
	axes := sw.Axes
	label, scale := outcomeAxis(outcome)
	g := grid{cols: len(axes[0].Values), rows: len(axes[1].Values)}
	g.z = make([]float64, g.cols*g.rows)
	for i := range g.z {
		g.z[i] = math.NaN()
	}
	for k, pt := range sw.Points {
		g.z[pt.At[1]*g.cols+pt.At[0]] = sw.Results[k].Ensemble.Outcome(outcome).Mean * scale
	}
	lo, hi := g.minMax()
	cm := colourScale(lo, hi)
	f := newFigure("Mean "+outcome.Label()+" — "+meta.Scenario, scenarios.Words(axes[1].Key))
	f.X.Label.Text = scenarios.Words(axes[0].Key)
	hm := plotter.NewHeatMap(g, cm.Palette(64))
	hm.Min, hm.Max = cm.Min(), cm.Max()
	hm.NaN = grey
	f.Add(hm)
	var cells plotter.XYLabels
	var styles []text.Style
	for r := range g.rows {
		for c := range g.cols {
			v := g.Z(c, r)
			cells.XYs = append(cells.XYs, plotter.XY{X: float64(c), Y: float64(r)})
			cells.Labels = append(cells.Labels, cellText(v))
			ink := Palette[7]
			if fill, err := cm.At(math.Max(cm.Min(), math.Min(cm.Max(), v))); err == nil && !math.IsNaN(v) && luminance(fill) < 0.45 {
				ink = color.RGBA{0xff, 0xff, 0xff, 0xff}
			}
			styles = append(styles, text.Style{Color: ink, Font: sans(13), XAlign: draw.XCenter, YAlign: draw.YCenter, Handler: plot.DefaultTextHandler})
		}
	}
	labels, err := plotter.NewLabels(cells)
	if err != nil {
		return nil, err
	}
	labels.TextStyle = styles
	f.Add(labels)
	f.NominalX(axes[0].Values...)
	f.NominalY(axes[1].Values...)
	f.X.Min, f.X.Max = -0.5, float64(g.cols)-0.5
	f.Y.Min, f.Y.Max = -0.5, float64(g.rows)-0.5
	bar := newPlot("", label)
	bar.Add(&plotter.ColorBar{ColorMap: cm, Vertical: true})
	bar.HideX()
	bar.X.Label.Text = ""
	bar.Y.Padding = 0
	f.sideWidth = func(dc draw.Canvas) vg.Length { return vg.Points(110) }
	f.side = func(col, data draw.Canvas) {
		col.Min.Y, col.Max.Y = data.Min.Y, data.Max.Y
		bar.Draw(draw.Crop(col, vg.Points(14), -vg.Points(40), 0, 0))
	}
	return f, nil
}

// luminance is a colour's relative luminance, 0 for black to 1 for white.
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	return (0.2126*float64(r) + 0.7152*float64(g) + 0.0722*float64(b)) / 0xffff
}
