package output

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/trunksim/trunksim/sim"
)

// fitPanels is how many series fit.png shows; a header line says how
// many more the history had.
const fitPanels = 12

// FitChart draws fit.png (or fit.svg, by format): a panel for each series
// the observations measure, in the order they first appear, up to
// fitPanels, each with the ensemble's median and p10 to p90 band and the
// observations as dots, under a title and a key, footed with the
// provenance line.
func FitChart(e *sim.Ensemble, obs []sim.Observation, meta Meta, format string) (File, error) {
	var keys []sim.Key
	points := map[sim.Key]plotter.XYs{}
	last := e.Weeks - 1
	for _, o := range obs {
		if _, ok := points[o.Key]; !ok {
			keys = append(keys, o.Key)
		}
		points[o.Key] = append(points[o.Key], plotter.XY{X: float64(o.Week), Y: o.Value})
		last = max(last, o.Week)
	}
	if len(keys) == 0 {
		return File{}, errors.New("fit chart: no observations")
	}
	shown := keys[:min(len(keys), fitPanels)]
	rows, cols := fitGrid(len(shown))
	tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: vg.Points(14), PadY: vg.Points(10), PadTop: vg.Points(2), PadLeft: vg.Points(8), PadRight: vg.Points(10)}
	titleW := (slideW-tiles.PadLeft-tiles.PadRight-vg.Length(cols-1)*tiles.PadX)/vg.Length(cols) - vg.Points(8)
	plots := make([][]*plot.Plot, rows)
	for r := range plots {
		plots[r] = make([]*plot.Plot, cols)
	}
	for i, k := range shown {
		p, err := fitPanel(e, k, points[k], last, titleW, meta.TimeAxis)
		if err != nil {
			return File{}, fmt.Errorf("fit chart, %s: %w", k.Metric, err)
		}
		if i+cols < len(shown) { // a panel below it says
			p.X.Label.Text = ""
		}
		plots[i/cols][i%cols] = p
	}
	c := newCanvas(format)
	dc := c.draw(meta.Line())
	title, key := fitHeader(meta, e.Runs, len(shown), len(keys))
	area := drawHeading(dc, title, headingStyle(18))
	area = drawHeading(area, key, headingStyle(12))
	drawTiles(area, plots, tiles)
	b, err := c.bytes(meta.Line())
	if err != nil {
		return File{}, err
	}
	return File{Name: "fit." + format, Data: b}, nil
}

// fitHeader is fit.png's title and its key, which says how many series
// were left off.
func fitHeader(meta Meta, runs, shown, series int) (title, key string) {
	title = "History against the simulation — " + meta.Scenario + ", " + meta.Policy
	key = "line: simulated median"
	if runs > 1 {
		key += fmt.Sprintf(", band: p10 to p90 of %d runs", runs)
	}
	key += "; dots: observed"
	if series > shown {
		key += fmt.Sprintf("; %d of %d series shown, %d left off", shown, series, series-shown)
	}
	return title, key
}

// fitGrid is the rows and columns of n panels on a 16:9 slide: about as
// many rows as fill it with panels of the slide's shape, at most 4
// columns.
func fitGrid(n int) (rows, cols int) {
	rows = max(1, int(math.Round(math.Sqrt(float64(n)*9/16))))
	if (n+rows-1)/rows > 4 {
		rows = (n + 3) / 4
	}
	return rows, (n + rows - 1) / rows
}

// fitPanel is one series' panel: the simulated median and band, the
// observed points over them, titled with the series' name, subject and
// unit wrapped to width; a share is drawn as a percentage.
func fitPanel(e *sim.Ensemble, k sim.Key, observed plotter.XYs, last int, width vg.Length, time string) (*plot.Plot, error) {
	info := k.Metric.Info()
	subject := k.Subject
	if subject == "" {
		subject = "organization"
	}
	unit, scale := info.Unit, 1.0
	if isShare(k.Metric) {
		unit, scale = "%, "+unit, 100
		observed = slices.Clone(observed)
		for i := range observed {
			observed[i].Y *= 100
		}
	}
	title := fmt.Sprintf("%s, %s (%s)", info.Name, subject, unit)
	s := e.Stats(k.Metric, k.Subject)
	if s == nil {
		title += ", not simulated"
	}
	p := newPlot("", "")
	p.Title.TextStyle.Font = sans(11)
	p.Title.Padding = vg.Points(4)
	p.Title.Text = strings.Join(wrap(p.Title.TextStyle, title, width), "\n")
	p.X.Label.TextStyle.Font = sans(10)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Tick.Label.Font = sans(9)
	}
	if err := addBand(&Figure{Plot: p}, s, scale, Palette[0], nil, "", e.Runs); err != nil {
		return nil, err
	}
	dots, err := plotter.NewScatter(observed)
	if err != nil {
		return nil, err
	}
	dots.GlyphStyle = draw.GlyphStyle{Color: Palette[5], Radius: vg.Points(2.2), Shape: draw.CircleGlyph{}}
	p.Add(dots)
	timeAxis(p, last+1, time, "")
	p.Y.Min, p.Y.Max = 0, p.Y.Max*1.05 // room for the dots at the top
	return p, nil
}

// isShare reports whether a series is a share, which charts draw as a
// percentage.
func isShare(m sim.Metric) bool {
	return strings.HasPrefix(m.Info().Unit, "share") || m == sim.BudgetShare
}

// drawTiles draws a grid of plots (nil for an empty tile) on the tiles of
// dc, their data areas aligned across rows and columns.
func drawTiles(dc draw.Canvas, plots [][]*plot.Plot, tiles draw.Tiles) {
	canvases := plot.Align(plots, tiles, dc)
	for r := range plots {
		for col, p := range plots[r] {
			if p != nil {
				p.Draw(canvases[r][col])
			}
		}
	}
}
