package output

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image/color"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/trunksim/trunksim/sim"
)

// Palette is Okabe and Ito's colour-blind safe palette, in the order charts
// take colours.
var Palette = []color.RGBA{
	{0x00, 0x72, 0xB2, 0xff}, // blue
	{0xE6, 0x9F, 0x00, 0xff}, // orange
	{0x00, 0x9E, 0x73, 0xff}, // bluish green
	{0xCC, 0x79, 0xA7, 0xff}, // reddish purple
	{0x56, 0xB4, 0xE9, 0xff}, // sky blue
	{0xD5, 0x5E, 0x00, 0xff}, // vermillion
	{0xF0, 0xE4, 0x42, 0xff}, // yellow
	{0x00, 0x00, 0x00, 0xff}, // black
}

var (
	grey      = color.RGBA{0x88, 0x88, 0x88, 0xff}
	red       = Palette[5]
	bandGreen = faded(Palette[2], 0x38)
)

func faded(c color.RGBA, alpha uint8) color.RGBA {
	// premultiplied, as image/color expects
	f := float64(alpha) / 255
	return color.RGBA{uint8(float64(c.R) * f), uint8(float64(c.G) * f), uint8(float64(c.B) * f), alpha}
}

// Slide size: 16:9, 1920x1080 pixels for PNG at 192 dpi.
const (
	slideW = 10 * vg.Inch
	slideH = 5.625 * vg.Inch
	dpi    = 192
)

// sans is the charts' typeface, Liberation Sans, at a size in points.
func sans(size float64) font.Font {
	return font.Font{Typeface: "Liberation", Variant: "Sans", Size: vg.Points(size)}
}

// newPlot makes a plot styled to be read on a slide.
func newPlot(title, ylabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font = sans(20)
	p.Title.Padding = vg.Points(10)
	p.X.Label.Text = "week"
	p.Y.Label.Text = ylabel
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = sans(15)
		a.Tick.Label.Font = sans(13)
	}
	p.Legend.TextStyle.Font = sans(13)
	p.Legend.Top = true
	p.Legend.Left = true
	p.Legend.ThumbnailWidth = vg.Points(24)
	p.Add(plotter.NewGrid())
	p.X.Tick.Marker = cleanTicks{}
	p.Y.Tick.Marker = cleanTicks{}
	return p
}

// cleanTicks are gonum's default ticks with labels in the shortest form:
// "50", not "50.00".
type cleanTicks struct{}

// Ticks implements plot.Ticker.
func (cleanTicks) Ticks(min, max float64) []plot.Tick {
	ts := plot.DefaultTicks{}.Ticks(min, max)
	for i := range ts {
		if l := ts[i].Label; strings.Contains(l, ".") && !strings.ContainsAny(l, "eE") {
			ts[i].Label = strings.TrimRight(strings.TrimRight(l, "0"), ".")
		}
	}
	return ts
}

// footerH is the strip under each chart that says what produced it.
const footerH = 16

// canvas is a slide-sized drawing surface that encodes as SVG or PNG.
type canvas struct {
	svg *vgsvg.Canvas
	img *vgimg.Canvas
}

func newCanvas(format string) *canvas {
	if format == "svg" {
		return &canvas{svg: vgsvg.New(slideW, slideH)}
	}
	return &canvas{img: vgimg.NewWith(vgimg.UseWH(slideW, slideH), vgimg.UseDPI(dpi))}
}

// draw returns the whole drawing area, with provenance written along its
// bottom edge.
func (c *canvas) draw(provenance string) draw.Canvas {
	var dc draw.Canvas
	if c.svg != nil {
		dc = draw.New(c.svg)
	} else {
		dc = draw.New(c.img)
	}
	sty := draw.TextStyle{Color: grey, Font: sans(9), XAlign: draw.XRight, YAlign: draw.YBottom, Handler: plot.DefaultTextHandler}
	dc.FillText(sty, vg.Point{X: dc.Max.X - vg.Points(6), Y: dc.Min.Y + vg.Points(3)}, provenance)
	return dc
}

// body is the area above the provenance line.
func body(dc draw.Canvas) draw.Canvas { return draw.Crop(dc, 0, 0, vg.Points(footerH), 0) }

// bytes encodes the canvas; a PNG also carries the provenance in a tEXt
// chunk.
func (c *canvas) bytes(provenance string) ([]byte, error) {
	var buf bytes.Buffer
	if c.svg != nil {
		_, err := c.svg.WriteTo(&buf)
		return buf.Bytes(), err
	}
	if _, err := (vgimg.PngCanvas{Canvas: c.img}).WriteTo(&buf); err != nil {
		return nil, err
	}
	return withText(buf.Bytes(), "Software", provenance), nil
}

// render draws one plot on a slide with its provenance line.
func render(p *plot.Plot, format, provenance string) ([]byte, error) {
	c := newCanvas(format)
	p.Draw(body(c.draw(provenance)))
	return c.bytes(provenance)
}

// withText inserts a PNG tEXt chunk after the IHDR chunk, so that a chart
// copied out of its folder still says what produced it.
func withText(png []byte, key, value string) []byte {
	const ihdrEnd = 8 + 4 + 4 + 13 + 4 // signature, length, type, data, CRC
	if len(png) < ihdrEnd {
		return png
	}
	data := append([]byte(key), 0)
	data = append(data, value...)
	chunk := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	typed := append([]byte("tEXt"), data...)
	chunk = append(chunk, typed...)
	chunk = binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(typed))
	out := append([]byte(nil), png[:ihdrEnd]...)
	out = append(out, chunk...)
	return append(out, png[ihdrEnd:]...)
}

// BandPlot adds a median line and, with more than one run, its p10 to p90
// band. Weeks with no runs are left out.
func addBand(p *plot.Plot, s *sim.SeriesStats, scale float64, c color.RGBA, label string, runs int) error {
	if s == nil {
		return nil
	}
	var mid, lo, hi plotter.XYs
	for w, q := range s.Weeks {
		if q.N == 0 || math.IsNaN(q.P50) {
			continue
		}
		mid = append(mid, plotter.XY{X: float64(w), Y: q.P50 * scale})
		lo = append(lo, plotter.XY{X: float64(w), Y: q.P10 * scale})
		hi = append(hi, plotter.XY{X: float64(w), Y: q.P90 * scale})
	}
	if len(mid) == 0 {
		return nil
	}
	if runs > 1 {
		ring := append(slices.Clone(lo), reversed(hi)...)
		poly, err := plotter.NewPolygon(ring)
		if err != nil {
			return err
		}
		poly.Color = faded(c, 0x40)
		poly.LineStyle.Width = 0
		p.Add(poly)
	}
	l, err := plotter.NewLine(mid)
	if err != nil {
		return err
	}
	l.Color = c
	l.Width = vg.Points(2.5)
	p.Add(l)
	if label != "" {
		if runs > 1 {
			label += " (median, p10 to p90 band)"
		}
		p.Legend.Add(label, l)
	}
	return nil
}

func reversed(xys plotter.XYs) plotter.XYs {
	out := slices.Clone(xys)
	slices.Reverse(out)
	return out
}

// addLevel draws a labelled horizontal reference line.
func addLevel(p *plot.Plot, y float64, weeks int, c color.Color, label string) error {
	l, err := plotter.NewLine(plotter.XYs{{X: 0, Y: y}, {X: float64(weeks - 1), Y: y}})
	if err != nil {
		return err
	}
	l.Color = c
	l.Width = vg.Points(2)
	l.Dashes = []vg.Length{vg.Points(8), vg.Points(5)}
	p.Add(l)
	p.Legend.Add(label, l)
	return nil
}

// addTargetBand shades a horizontal band such as the seed's 15 to 25%.
func addTargetBand(p *plot.Plot, lo, hi float64, weeks int, label string) error {
	w := float64(weeks - 1)
	poly, err := plotter.NewPolygon(plotter.XYs{{X: 0, Y: lo}, {X: w, Y: lo}, {X: w, Y: hi}, {X: 0, Y: hi}})
	if err != nil {
		return err
	}
	poly.Color = bandGreen
	poly.LineStyle.Width = 0
	p.Add(poly)
	p.Legend.Add(label, poly)
	return nil
}

// Marks draws labelled vertical lines at events on the time axis.
type Marks struct {
	Weeks []float64
	Color color.Color
}

// Plot implements plot.Plotter.
func (m Marks) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	sty := draw.LineStyle{Color: m.Color, Width: vg.Points(1.2), Dashes: []vg.Length{vg.Points(2), vg.Points(3)}}
	for _, w := range m.Weeks {
		x := trX(w)
		if x >= c.Min.X && x <= c.Max.X {
			c.StrokeLine2(sty, x, c.Min.Y, x, c.Max.Y)
		}
	}
}

// Thumbnail implements plot.Thumbnailer for the legend.
func (m Marks) Thumbnail(c *draw.Canvas) {
	x := (c.Min.X + c.Max.X) / 2
	c.StrokeLine2(draw.LineStyle{Color: m.Color, Width: vg.Points(1.2), Dashes: []vg.Length{vg.Points(2), vg.Points(3)}}, x, c.Min.Y, x, c.Max.Y)
}

// addEvents marks the weeks of one kind of event in the first run.
func addEvents(p *plot.Plot, events []sim.Event, kind string, c color.Color, label string) {
	var ws []float64
	for _, e := range events {
		if e.Kind == kind {
			ws = append(ws, float64(e.Week))
		}
	}
	if len(ws) == 0 {
		return
	}
	m := Marks{Weeks: ws, Color: c}
	p.Add(m)
	p.Legend.Add(label, m)
}

// Chart is one rendered chart.
type Chart struct {
	Name  string // file name without extension
	Title string
}

// level is a labelled reference line; ok false leaves it out.
type level struct {
	y     float64
	label string
	color color.Color
	ok    bool
}

// lineChart describes one chart of a single series with its band.
type lineChart struct {
	Chart
	ylabel, label string
	metric        sim.Metric
	scale         float64
	color         color.RGBA
	level         func(*sim.Config) level
	target        [2]float64 // a shaded band, if target[1] > 0
	targetLabel   string
	ymax          float64 // 0: automatic
	legendBottom  bool
	legendRight   bool
	events        string // event kind marked besides splits
}

var lineCharts = []lineChart{
	{Chart: Chart{"trunk-share", "Trunk share of infra"}, ylabel: "trunk engineers, % of infra", metric: sim.TrunkShareOfInfra, label: "trunk share",
		scale: 100, color: Palette[0], target: [2]float64{15, 25}, targetLabel: "seed 000's 15 to 25%", legendRight: true},
	{Chart: Chart{"quality", "Service quality"}, ylabel: "service quality (1 = no backlog)", metric: sim.Quality, label: "quality",
		scale: 1, color: Palette[0], ymax: 1.05, legendBottom: true, events: "intervention",
		level: func(c *sim.Config) level {
			return level{c.Leadership.QualityThreshold, fmt.Sprintf("leadership threshold %.2f", c.Leadership.QualityThreshold), red, true}
		}},
	{Chart: Chart{"pages", "Pages per on-call shift"}, ylabel: "pages per 12-hour shift, busiest rotation", metric: sim.PagesPerShift, label: "pages per shift",
		scale: 1, color: Palette[1],
		level: func(c *sim.Config) level {
			return level{answerable(c), fmt.Sprintf("what the people on call can answer: %.0f a shift", answerable(c)), red, true}
		}},
	{Chart: Chart{"morale", "Morale"}, ylabel: "morale (0 to 1), headcount-weighted", metric: sim.Morale, label: "morale",
		scale: 1, color: Palette[3], ymax: 1, legendBottom: true,
		level: func(c *sim.Config) level {
			return level{c.People.MoraleReference, fmt.Sprintf("reference: attrition at %g%% a year", c.People.AttritionPct), grey, true}
		}},
	{Chart: Chart{"investment", "Investment share of infra time"}, ylabel: "investment, % of worked hours", metric: sim.InvestShare, label: "investment share",
		scale: 100, color: Palette[2], legendBottom: true, legendRight: true,
		level: func(c *sim.Config) level {
			return level{c.Allocation.ReservePct, fmt.Sprintf("investment reserve %g%%", c.Allocation.ReservePct), grey, c.Allocation.Rule == sim.BoundedFloor}
		}},
}

// headcountTitle is the stacked headcount chart, drawn first.
var headcountTitle = Chart{"headcount", "Infra headcount: trunk and branches"}

// ChartSet lists the charts RunCharts draws, in order.
var ChartSet = func() []Chart {
	out := []Chart{headcountTitle}
	for _, c := range lineCharts {
		out = append(out, c.Chart)
	}
	return out
}()

// draw adds the chart's series, band, reference line and marks to p.
func (lc lineChart) draw(p *plot.Plot, e *sim.Ensemble, cfg *sim.Config) error {
	p.Y.Label.Text = lc.ylabel
	p.Y.Min = 0
	if lc.ymax > 0 {
		p.Y.Max = lc.ymax
	}
	p.Legend.Top, p.Legend.Left = !lc.legendBottom, !lc.legendRight
	if lc.target[1] > 0 {
		if err := addTargetBand(p, lc.target[0], lc.target[1], e.Weeks, lc.targetLabel); err != nil {
			return err
		}
	}
	if err := addBand(p, e.Stats(lc.metric, ""), lc.scale, lc.color, lc.label, e.Runs); err != nil {
		return err
	}
	if lc.level != nil {
		if l := lc.level(cfg); l.ok {
			if err := addLevel(p, l.y, e.Weeks, l.color, l.label); err != nil {
				return err
			}
		}
	}
	if lc.events != "" {
		addEvents(p, e.First.Events, lc.events, red, lc.events+"s (run 1)")
	}
	return nil
}

// ChartPlot is a chart ready to draw on any canvas.
type ChartPlot struct {
	Chart
	Plot *plot.Plot
}

// RunPlots builds the charts of one ensemble, titled with the scenario and
// policy, each with run 1's splits marked.
func RunPlots(e *sim.Ensemble, cfg *sim.Config, meta Meta) ([]ChartPlot, error) {
	label := meta.Scenario + ", " + meta.Policy
	var out []ChartPlot
	build := func(ch Chart, fill func(*plot.Plot) error) error {
		p := newPlot(ch.Title+" — "+label, "")
		if err := fill(p); err != nil {
			return fmt.Errorf("chart %s: %w", ch.Name, err)
		}
		addEvents(p, e.First.Events, "split", grey, "splits (run 1)")
		p.X.Min, p.X.Max = 0, float64(e.Weeks-1)
		out = append(out, ChartPlot{ch, p})
		return nil
	}
	if err := build(headcountTitle, func(p *plot.Plot) error { return headcountChart(p, e, cfg) }); err != nil {
		return nil, err
	}
	for _, lc := range lineCharts {
		if err := build(lc.Chart, func(p *plot.Plot) error { return lc.draw(p, e, cfg) }); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// RunCharts draws the charts of one ensemble, each as a file in format
// ("png" or "svg") footed with the provenance line.
func RunCharts(e *sim.Ensemble, cfg *sim.Config, meta Meta, format string) ([]File, error) {
	plots, err := RunPlots(e, cfg, meta)
	if err != nil {
		return nil, err
	}
	return renderAll(plots, format, meta.Line())
}

// renderAll renders each chart to a file named after it.
func renderAll(plots []ChartPlot, format, provenance string) ([]File, error) {
	var files []File
	for _, cp := range plots {
		b, err := render(cp.Plot, format, provenance)
		if err != nil {
			return nil, fmt.Errorf("chart %s: %w", cp.Name, err)
		}
		files = append(files, File{Name: cp.Name + "." + format, Data: b})
	}
	return files, nil
}

// maxTeams is how many teams the stacked chart names; the rest are summed.
const maxTeams = 7

// headcountChart stacks the mean headcount of each area (means add up to
// the mean total, medians do not): the trunk at the bottom, then the
// branches by the domain they own, largest first; the smallest are summed
// as "other branches".
func headcountChart(p *plot.Plot, e *sim.Ensemble, cfg *sim.Config) error {
	p.Y.Label.Text = "infra engineers (mean across runs)"
	trunk := sim.TrunkArea
	type layer struct {
		name string
		v    []float64
	}
	var teams []layer
	for _, s := range e.Series {
		if s.Key.Metric != sim.AreaHeadcount {
			continue
		}
		v := make([]float64, e.Weeks)
		for w, q := range s.Weeks {
			v[w] = q.Mean
		}
		teams = append(teams, layer{s.Key.Subject, v})
	}
	total := func(l layer) float64 {
		var t float64
		for _, x := range l.v {
			t += x
		}
		return t
	}
	slices.SortStableFunc(teams, func(a, b layer) int {
		if (a.name == trunk) != (b.name == trunk) {
			if a.name == trunk {
				return -1
			}
			return 1
		}
		return cmpFloat(total(b), total(a))
	})
	if len(teams) > maxTeams {
		other := layer{"other branches", make([]float64, e.Weeks)}
		for _, l := range teams[maxTeams-1:] {
			for w := range other.v {
				other.v[w] += l.v[w]
			}
		}
		teams = append(teams[:maxTeams-1], other)
	}
	base := make([]float64, e.Weeks)
	for _, l := range teams {
		var ring plotter.XYs
		for w := range e.Weeks {
			ring = append(ring, plotter.XY{X: float64(w), Y: base[w] + l.v[w]})
		}
		for w := e.Weeks - 1; w >= 0; w-- {
			ring = append(ring, plotter.XY{X: float64(w), Y: base[w]})
		}
		poly, err := plotter.NewPolygon(ring)
		if err != nil {
			return err
		}
		poly.Color = AreaColor(cfg, l.name)
		poly.LineStyle.Width = vg.Points(0.5)
		poly.LineStyle.Color = color.White
		p.Add(poly)
		p.Legend.Add(l.name, poly)
		for w := range base {
			base[w] += l.v[w]
		}
	}
	p.Y.Min = 0
	return nil
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// answerable is how many pages the people on call can answer in a shift
// when pages are all they do; beyond it pages escalate to the team.
func answerable(c *sim.Config) float64 { return c.OnCall.ShiftHours / c.OnCall.HoursPerPage }
