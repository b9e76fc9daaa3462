package output

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

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

// SweepCharts draws, for one axis, each outcome against the swept value
// with its p10 to p90 band; for two axes, a heatmap of each outcome's mean
// with a colour scale.
func SweepCharts(meta Meta, sw *experiment.Sweep, format string) ([]File, error) {
	var files []File
	for _, o := range sweepOutcomes {
		var b []byte
		var err error
		if len(sw.Axes) == 1 {
			var p *plot.Plot
			if p, err = sweepLine(meta, sw, o); err == nil {
				b, err = render(p, format, meta.Line())
			}
		} else {
			b, err = sweepHeat(meta, sw, o, format)
		}
		if err != nil {
			return nil, fmt.Errorf("sweep chart %s: %w", o, err)
		}
		files = append(files, File{Name: "sweep-" + o.String() + "." + format, Data: b})
	}
	return files, nil
}

func sweepLine(meta Meta, sw *experiment.Sweep, outcome sim.Outcome) (*plot.Plot, error) {
	a := sw.Axes[0]
	label := outcome.Label()
	p := newPlot(label+" against "+a.Key+" — "+meta.Scenario, label)
	p.X.Label.Text = a.Key
	xs, isNum := numeric(a)
	if !isNum {
		xs = make([]float64, len(a.Values))
		for i := range xs {
			xs[i] = float64(i)
		}
		p.NominalX(a.Values...)
	}
	var mid, lo, hi plotter.XYs
	for k, pt := range sw.Points {
		q := sw.Results[k].Ensemble.Outcome(outcome)
		if q.N == 0 {
			continue
		}
		x := xs[pt.At[0]]
		if outcome.Info().Over == sim.Indicator { // a share of runs: its mean, no band
			q.P50, q.P10, q.P90 = q.Mean, q.Mean, q.Mean
		}
		mid = append(mid, plotter.XY{X: x, Y: q.P50})
		lo = append(lo, plotter.XY{X: x, Y: q.P10})
		hi = append(hi, plotter.XY{X: x, Y: q.P90})
	}
	if len(mid) == 0 {
		return p, nil
	}
	if len(mid) > 1 {
		poly, err := plotter.NewPolygon(append(slices.Clone(lo), reversed(hi)...))
		if err != nil {
			return nil, err
		}
		poly.Color = faded(Palette[0], 0x40)
		poly.LineStyle.Width = 0
		p.Add(poly)
	}
	l, pts, err := plotter.NewLinePoints(mid)
	if err != nil {
		return nil, err
	}
	l.Color, pts.Color = Palette[0], Palette[0]
	l.Width = vg.Points(2.5)
	pts.Radius = vg.Points(4)
	p.Add(l, pts)
	name := "median, p10 to p90 band"
	if outcome.Info().Over == sim.Indicator {
		name = "share of runs"
	}
	p.Legend.Add(name, l)
	p.Y.Min = 0
	return p, nil
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

// sweepHeat draws a heatmap of an outcome's mean over two axes, with its
// colour scale beside it.
func sweepHeat(meta Meta, sw *experiment.Sweep, outcome sim.Outcome, format string) ([]byte, error) {
	axes := sw.Axes
	label := outcome.Label()
	g := grid{cols: len(axes[0].Values), rows: len(axes[1].Values)}
	g.z = make([]float64, g.cols*g.rows)
	for i := range g.z {
		g.z[i] = math.NaN()
	}
	for k, pt := range sw.Points {
		g.z[pt.At[1]*g.cols+pt.At[0]] = sw.Results[k].Ensemble.Outcome(outcome).Mean
	}
	lo, hi := g.minMax()
	pal := moreland.SmoothBlueRed()
	pal.SetMin(lo)
	pal.SetMax(hi)
	p := newPlot("Mean "+label+" — "+meta.Scenario, axes[1].Key)
	p.X.Label.Text = axes[0].Key
	hm := plotter.NewHeatMap(g, pal.Palette(64))
	hm.Min, hm.Max = lo, hi
	hm.NaN = grey
	p.Add(hm)
	p.NominalX(axes[0].Values...)
	p.NominalY(axes[1].Values...)
	p.X.Min, p.X.Max = -0.5, float64(g.cols)-0.5
	p.Y.Min, p.Y.Max = -0.5, float64(g.rows)-0.5
	scale := newPlot("", label)
	scale.Add(&plotter.ColorBar{ColorMap: pal, Vertical: true})
	scale.HideX()
	scale.X.Label.Text = ""
	scale.Y.Padding = 0
	c := newCanvas(format)
	area := body(c.draw(meta.Line()))
	split := area.Min.X + (area.Max.X-area.Min.X)*0.86
	p.Draw(draw.Crop(area, 0, split-area.Max.X, 0, 0))
	scale.Draw(draw.Crop(area, split-area.Min.X+vg.Points(10), -vg.Points(6), vg.Points(40), -vg.Points(40)))
	return c.bytes(meta.Line())
}
