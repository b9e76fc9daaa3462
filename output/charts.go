package output

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"git.sr.ht/~sbinet/gg"
	xdraw "golang.org/x/image/draw"
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

// Reference colours: black and greys mark thresholds, target bands and
// events; no series or area takes them.
var (
	grey     = color.RGBA{0x88, 0x88, 0x88, 0xff}
	darkGrey = color.RGBA{0x44, 0x44, 0x44, 0xff}
	refBand  = faded(color.RGBA{0x60, 0x60, 0x60, 0xff}, 0x30)
	dashed   = []vg.Length{vg.Points(8), vg.Points(5)}
)

// shades are the lightness steps a colour takes once a chart needs more
// colours than the palette has: itself, then mixed with black or white by
// that much. Three steps of the palette's hues stay apart (CIELAB ΔE above
// 12); the last two are for organizations of more than 18 domains.
var shades = []struct {
	toward uint8
	by     float64
}{{0, 0}, {0, 0.45}, {0xff, 0.5}, {0, 0.7}, {0xff, 0.8}}

// distinct is the i-th of a sequence of colours that repeats none for
// len(hues) x len(shades) entries: each hue, then each hue darker, then
// lighter, and so on.
func distinct(hues []color.RGBA, i int) color.RGBA {
	c, sh := hues[i%len(hues)], shades[(i/len(hues))%len(shades)]
	mix := func(v uint8) uint8 { return uint8(math.Round(float64(v) + (float64(sh.toward)-float64(v))*sh.by)) }
	return color.RGBA{mix(c.R), mix(c.G), mix(c.B), 0xff}
}

// seriesColor is the colour of the i-th series of a chart (a variant):
// the palette's colours but black, then their shades.
func seriesColor(i int) color.RGBA { return distinct(Palette[:7], i) }

// seriesDashes tell overlaid series apart where their colours cannot:
// solid, long dashes, short dashes, dash and dot, in turn.
var seriesDashes = [][]vg.Length{nil, {vg.Points(10), vg.Points(4)}, {vg.Points(4), vg.Points(3)}, {vg.Points(10), vg.Points(3), vg.Points(2), vg.Points(3)}}

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
	p.Y.Label.Text = ylabel
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = sans(15)
		a.Tick.Label.Font = sans(13)
	}
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

// footerH is the least height of the strip under each chart that says
// what produced it.
const footerH = 16

// canvas is a slide-sized drawing surface that encodes as SVG or PNG.
type canvas struct {
	svg *vgsvg.Canvas
	img *imageCanvas
}

func newCanvas(format string) *canvas {
	if format == "svg" {
		return &canvas{svg: vgsvg.New(slideW, slideH)}
	}
	return &canvas{img: newImageCanvas(slideW, slideH)}
}

// imageCanvas is a raster canvas at the charts' dpi whose pixels may
// come from, and go back to, a pool of buffers of its size.
type imageCanvas struct {
	*vgimg.Canvas
	ctx *gg.Context // the context it draws with, on a pooled buffer; nil if not pooled
}

// DrawImage draws img scaled into rect with gg's default interpolation,
// bilinear, as vgimg's own context would (a heat map's cells, scaled up,
// would be drawn otherwise).
func (c *imageCanvas) DrawImage(rect vg.Rectangle, img image.Image) {
	if c.ctx == nil {
		c.Canvas.DrawImage(rect, img)
		return
	}
	c.ctx.SetInterpolator(xdraw.BiLinear)
	c.Canvas.DrawImage(rect, img)
	c.ctx.SetInterpolator(xdraw.NearestNeighbor)
}

// pixelPools holds a sync.Pool of *image.RGBA for each size pooled (in
// practice a slide's: see newImageCanvas). A slide's buffer is 8 MB: made afresh, a
// chart pays for its allocation, its zeroing and, in a new process, the
// page faults of memory never touched, about a fifth of a one-run
// command's time. Every canvas paints its whole background first, so a
// buffer's old pixels never show.
var pixelPools sync.Map

// newImageCanvas is the canvas vgimg.NewWith(vgimg.UseWH(w, h),
// vgimg.UseDPI(dpi)) makes. When w and h are whole pixels that give w and
// h back (a slide; not a PDF page's chart, sized to its page's text:
// vgimg sizes a canvas it is given the image of by the image, so at other
// sizes it would draw to another scale), it draws on a pooled buffer
// rather than on a copy of a new one (gg.NewContextForImage copies), and
// composites glyphs by nearest neighbour rather than gg's bilinear
// default, at a fraction of its cost. Every glyph lands on whole pixels,
// so both take each glyph pixel's coverage as it is, but they round the
// blend differently: where anti-aliased edges of text that is neither
// black nor white overlap on a background that is neither, a colour can
// come out one level (of 255) apart. Fills, strokes and images, scaled
// bilinearly as before (DrawImage), are the same pixels.
func newImageCanvas(w, h vg.Length) *imageCanvas {
	pw, ph := float64(w/vg.Inch*dpi), float64(h/vg.Inch*dpi) // as vgimg sizes it
	whole := func(px float64, l vg.Length) bool {
		return px == math.Trunc(px) && vg.Length(px/dpi)*vg.Inch == l // as vgimg sizes it from an image
	}
	if !whole(pw, w) || !whole(ph, h) {
		return &imageCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(dpi))}
	}
	size := image.Pt(int(pw), int(ph))
	pool, _ := pixelPools.LoadOrStore(size, new(sync.Pool))
	img, _ := pool.(*sync.Pool).Get().(*image.RGBA)
	if img == nil {
		img = image.NewRGBA(image.Rectangle{Max: size})
	}
	ctx := gg.NewContextForRGBA(img)
	ctx.SetLineCapButt()
	ctx.InvertY()
	ctx.SetInterpolator(xdraw.NearestNeighbor)
	return &imageCanvas{Canvas: vgimg.NewWith(vgimg.UseImageWithContext(img, ctx), vgimg.UseDPI(dpi)), ctx: ctx}
}

// png encodes the canvas and gives its buffer back: the canvas is not to
// be drawn on again.
func (c *imageCanvas) png() ([]byte, error) {
	var buf bytes.Buffer
	var err error
	img, ok := c.Image().(*image.RGBA)
	if ok {
		err = encodePNG(&buf, img)
	} else {
		err = pngSpeed.Encode(&buf, c.Image())
	}
	if c.ctx != nil {
		pool, _ := pixelPools.Load(img.Rect.Max)
		pool.(*sync.Pool).Put(img)
	}
	c.Canvas, c.ctx = nil, nil
	return buf.Bytes(), err
}

// draw writes the provenance along the bottom edge of the drawing area,
// in smaller type or on two lines if it is long, and returns the area
// above it.
func (c *canvas) draw(provenance string) draw.Canvas {
	var dc draw.Canvas
	if c.svg != nil {
		dc = draw.New(c.svg)
	} else {
		dc = draw.New(c.img)
	}
	return drawFooter(dc, provenance, vg.Points(6), draw.XRight)
}

// drawFooter writes text in grey along the bottom of dc, inset by inset,
// at 9 points, or as small as 7 to fit on one line, or wrapped at 7, and
// returns the area above it.
func drawFooter(dc draw.Canvas, text string, inset vg.Length, align draw.XAlignment) draw.Canvas {
	sty := draw.TextStyle{Color: grey, Font: sans(9), XAlign: align, YAlign: draw.YBottom, Handler: plot.DefaultTextHandler}
	width := dc.Max.X - dc.Min.X - 2*inset
	for sty.Width(text) > width && sty.Font.Size > vg.Points(7) {
		sty.Font.Size -= vg.Points(0.5)
	}
	x := dc.Min.X + inset
	if align == draw.XRight {
		x = dc.Max.X - inset
	}
	lines := wrap(sty, text, width)
	y := dc.Min.Y + vg.Points(3)
	for i := len(lines) - 1; i >= 0; i-- {
		dc.FillText(sty, vg.Point{X: x, Y: y}, lines[i])
		y += sty.Height(lines[i])
	}
	return draw.Crop(dc, 0, 0, max(vg.Points(footerH), y-dc.Min.Y+vg.Points(2)), 0)
}

// bytes encodes the canvas; a PNG also carries the provenance in a tEXt
// chunk.
func (c *canvas) bytes(provenance string) ([]byte, error) {
	if c.svg != nil {
		var buf bytes.Buffer
		_, err := c.svg.WriteTo(&buf)
		return buf.Bytes(), err
	}
	b, err := c.img.png()
	if err != nil {
		return nil, err
	}
	return withText(b, "Software", provenance), nil
}

// render draws one figure on a slide with its provenance line.
func render(f *Figure, format, provenance string) ([]byte, error) {
	c := newCanvas(format)
	f.Draw(c.draw(provenance))
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

// addBand adds a median line and, with more than one run, its p10 to p90
// band, with dashes if dashes is not nil. Weeks with no runs are left out.
func addBand(f *Figure, s *sim.SeriesStats, scale float64, c color.RGBA, dashes []vg.Length, label string, runs int) error {
	if s == nil {
		return nil
	}
	var mid plotter.XYs
	for w, q := range s.Weeks {
		if q.N > 0 && !math.IsNaN(q.P50) {
			mid = append(mid, plotter.XY{X: float64(w), Y: q.P50 * scale})
		}
	}
	if len(mid) == 0 {
		return nil
	}
	if runs > 1 {
		if err := addBandOnly(f, s, scale, faded(c, 0x40)); err != nil {
			return err
		}
	}
	l, err := plotter.NewLine(mid)
	if err != nil {
		return err
	}
	l.Color = c
	l.Width = vg.Points(2.5)
	l.Dashes = dashes
	f.Add(l)
	if label != "" {
		if runs > 1 {
			label += " (median, p10 to p90 band)"
		}
		f.addKey(label, l)
	}
	return nil
}

// addBandOnly shades a series' p10 to p90 band without its line.
func addBandOnly(f *Figure, s *sim.SeriesStats, scale float64, fill color.Color) error {
	var lo, hi plotter.XYs
	for w, q := range s.Weeks {
		if q.N > 0 && !math.IsNaN(q.P10) {
			lo = append(lo, plotter.XY{X: float64(w), Y: q.P10 * scale})
			hi = append(hi, plotter.XY{X: float64(w), Y: q.P90 * scale})
		}
	}
	if len(lo) == 0 {
		return nil
	}
	poly, err := plotter.NewPolygon(append(slices.Clone(lo), reversed(hi)...))
	if err != nil {
		return err
	}
	poly.Color = fill
	poly.LineStyle.Width = 0
	f.Add(poly)
	return nil
}

func reversed(xys plotter.XYs) plotter.XYs {
	out := slices.Clone(xys)
	slices.Reverse(out)
	return out
}

// addLevel draws a labelled horizontal reference line, dashed in a
// reference colour.
func addLevel(f *Figure, y float64, weeks int, c color.Color, label string) error {
	l, err := plotter.NewLine(plotter.XYs{{X: 0, Y: y}, {X: float64(weeks), Y: y}})
	if err != nil {
		return err
	}
	l.Color = c
	l.Width = vg.Points(2)
	l.Dashes = dashed
	f.Add(l)
	f.addKey(label, l)
	return nil
}

// addTargetBand shades a horizontal band such as the seed's 15 to 25%, in
// grey, with its edges dashed.
func addTargetBand(f *Figure, lo, hi float64, weeks int, label string) error {
	w := float64(weeks)
	poly, err := plotter.NewPolygon(plotter.XYs{{X: 0, Y: lo}, {X: w, Y: lo}, {X: w, Y: hi}, {X: 0, Y: hi}})
	if err != nil {
		return err
	}
	poly.Color = refBand
	poly.LineStyle = draw.LineStyle{Color: grey, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}
	f.Add(poly)
	f.addKey(label, poly)
	return nil
}

// maxMarks is how many events a chart marks with lines across the data
// area; more are drawn as a strip of short ticks along its top, darker
// in a week with more of them.
const maxMarks = 20

// stripH is the height of the strip of ticks, in points.
const stripH = 12

// Marks draws vertical lines at events on the time axis, or a strip of
// ticks when there are more than maxMarks.
type Marks struct {
	Weeks  []float64
	Color  color.RGBA
	Dashes []vg.Length
}

func (m Marks) style() draw.LineStyle {
	return draw.LineStyle{Color: m.Color, Width: vg.Points(1.2), Dashes: m.Dashes}
}

// strip reports whether the marks are drawn as a strip.
func (m Marks) strip() bool { return len(m.Weeks) > maxMarks }

// Plot implements plot.Plotter.
func (m Marks) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	if !m.strip() {
		for _, w := range m.Weeks {
			if x := trX(w); x >= c.Min.X && x <= c.Max.X {
				c.StrokeLine2(m.style(), x, c.Min.Y, x, c.Max.Y)
			}
		}
		return
	}
	count := map[float64]int{}
	most := 0
	for _, w := range m.Weeks {
		count[w]++
		most = max(most, count[w])
	}
	weeks := slices.Sorted(maps.Keys(count))
	for _, w := range weeks {
		x := trX(w)
		if x < c.Min.X || x > c.Max.X {
			continue
		}
		sty := draw.LineStyle{Color: faded(m.Color, uint8(255*(0.35+0.65*float64(count[w])/float64(most)))), Width: vg.Points(1.5)}
		c.StrokeLine2(sty, x, c.Max.Y, x, c.Max.Y-vg.Points(stripH))
	}
}

// Thumbnail implements plot.Thumbnailer for the key.
func (m Marks) Thumbnail(c *draw.Canvas) {
	x := (c.Min.X + c.Max.X) / 2
	sty := m.style()
	if m.strip() {
		sty.Dashes = nil
	}
	c.StrokeLine2(sty, x, c.Min.Y, x, c.Max.Y)
}

// addEvents marks the weeks of one kind of event in the first run; with
// more than maxMarks, as a strip along the top, which the y axis makes
// room for.
func addEvents(f *Figure, events []sim.Event, kind string, c color.RGBA, dashes []vg.Length, label string) {
	var ws []float64
	for _, e := range events {
		if e.Kind == kind {
			ws = append(ws, float64(e.Week))
		}
	}
	if len(ws) == 0 {
		return
	}
	m := Marks{Weeks: ws, Color: c, Dashes: dashes}
	f.Add(m)
	if m.strip() {
		label = fmt.Sprintf("%s: %d, ticks along the top", label, len(ws))
		if !f.strip {
			f.strip = true
			f.Y.Max += (f.Y.Max - f.Y.Min) * 0.08
		}
	}
	f.addKey(label, m)
}

// Time units a chart's time axis counts in (Meta.TimeAxis).
const (
	TimeAuto     = ""         // years for a horizon over two years, else quarters
	TimeWeeks    = "weeks"    // weeks, as the model ticks
	TimeQuarters = "quarters" // 13 weeks
	TimeYears    = "years"    // 52 weeks
)

// TimeAxes lists the time units a -time flag may give.
var TimeAxes = []string{TimeWeeks, TimeQuarters, TimeYears}

// timeTicks label a time axis in weeks every per weeks, with a small tick
// every minor weeks.
type timeTicks struct{ per, minor int }

// Ticks implements plot.Ticker.
func (t timeTicks) Ticks(min, max float64) []plot.Tick {
	var ts []plot.Tick
	for w := int(math.Ceil(min/float64(t.minor))) * t.minor; float64(w) <= max; w += t.minor {
		label := ""
		if w%t.per == 0 {
			label = strconv.Itoa(w / t.per)
		}
		ts = append(ts, plot.Tick{Value: float64(w), Label: label})
	}
	return ts
}

// timeAxis sets f's x axis to the run's weeks, counted in unit (TimeAuto:
// years past two years, else quarters), labelled with the unit and, if
// note is not empty, a note in brackets.
func timeAxis(p *plot.Plot, weeks int, unit, note string) {
	if unit == TimeAuto {
		unit = TimeQuarters
		if weeks > 104 {
			unit = TimeYears
		}
	}
	p.X.Min, p.X.Max = 0, float64(weeks)
	switch unit {
	case TimeYears:
		p.X.Tick.Marker = timeTicks{52, 13}
		p.X.Label.Text = "years from the start"
	case TimeQuarters:
		p.X.Tick.Marker = timeTicks{13, 13}
		p.X.Label.Text = "quarters from the start"
	default:
		p.X.Tick.Marker = cleanTicks{}
		p.X.Label.Text = "weeks from the start"
	}
	if note != "" {
		p.X.Label.Text += " (" + note + ")"
	}
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
	events        string  // event kind marked besides splits
}

var lineCharts = []lineChart{
	{Chart: Chart{"trunk-share", "Trunk share of infra"}, ylabel: "trunk engineers, % of infra", metric: sim.TrunkShareOfInfra, label: "trunk share",
		scale: 100, color: Palette[0], target: [2]float64{15, 25}, targetLabel: "the model's " + TrunkBand},
	{Chart: Chart{"quality", "Service quality"}, ylabel: "service quality (1 = no backlog)", metric: sim.Quality, label: "quality",
		scale: 1, color: Palette[0], ymax: 1.05, events: "intervention",
		level: func(c *sim.Config) level {
			return level{c.Leadership.QualityThreshold, fmt.Sprintf("leadership threshold %.2f", c.Leadership.QualityThreshold), Palette[7], true}
		}},
	{Chart: Chart{"pages", "Pages per on-call shift"}, ylabel: "pages per 12-hour shift, busiest rotation", metric: sim.PagesPerShift, label: "pages per shift",
		scale: 1, color: Palette[0],
		level: func(c *sim.Config) level {
			return level{answerable(c), fmt.Sprintf("what the people on call can answer: %.0f a shift", answerable(c)), Palette[7], true}
		}},
	{Chart: Chart{"morale", "Morale"}, ylabel: "morale (0 to 1), headcount-weighted", metric: sim.Morale, label: "morale",
		scale: 1, color: Palette[0], ymax: 1,
		level: func(c *sim.Config) level {
			return level{c.People.MoraleReference, fmt.Sprintf("reference: attrition at %g%% a year", c.People.AttritionPct), grey, true}
		}},
	{Chart: Chart{"investment", "Investment share of infra time"}, ylabel: "investment, % of worked hours", metric: sim.InvestShare, label: "investment share",
		scale: 100, color: Palette[0],
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

// draw adds the chart's series, band, reference line and marks to f.
func (lc lineChart) draw(f *Figure, e *sim.Ensemble, cfg *sim.Config) error {
	f.Y.Label.Text = lc.ylabel
	f.Y.Min = 0
	if lc.ymax > 0 {
		f.Y.Max = lc.ymax
	}
	if lc.target[1] > 0 {
		if err := addTargetBand(f, lc.target[0], lc.target[1], e.Weeks, lc.targetLabel); err != nil {
			return err
		}
	}
	if err := addBand(f, e.Stats(lc.metric, ""), lc.scale, lc.color, nil, lc.label, e.Runs); err != nil {
		return err
	}
	if lc.level != nil {
		if l := lc.level(cfg); l.ok {
			if err := addLevel(f, l.y, e.Weeks, l.color, l.label); err != nil {
				return err
			}
		}
	}
	if lc.events != "" {
		addEvents(f, e.First.Events, lc.events, darkGrey, dashed, lc.events+"s (run 1)")
	}
	return nil
}

// ChartPlot is a chart ready to draw on any canvas.
type ChartPlot struct {
	Chart
	Plot *Figure
}

// RunPlots builds the charts of one ensemble, titled with the scenario and
// policy, each with run 1's splits marked.
func RunPlots(e *sim.Ensemble, cfg *sim.Config, meta Meta) ([]ChartPlot, error) {
	label := meta.Scenario + ", " + meta.Policy
	var out []ChartPlot
	build := func(ch Chart, fill func(*Figure) error) error {
		f := newFigure(ch.Title+" — "+label, "")
		timeAxis(f.Plot, e.Weeks, meta.TimeAxis, "")
		if err := fill(f); err != nil {
			return fmt.Errorf("chart %s: %w", ch.Name, err)
		}
		addEvents(f, e.First.Events, "split", grey, []vg.Length{vg.Points(2), vg.Points(3)}, "splits (run 1)")
		out = append(out, ChartPlot{ch, f})
		return nil
	}
	if err := build(headcountTitle, func(f *Figure) error { return headcountChart(f, e, cfg) }); err != nil {
		return nil, err
	}
	for _, lc := range lineCharts {
		if err := build(lc.Chart, func(f *Figure) error { return lc.draw(f, e, cfg) }); err != nil {
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
	return drawAll(chartDrawings(plots, format, meta.Line()))
}

// chartDrawings draws each chart to a file named after it, footed with
// the provenance line.
func chartDrawings(plots []ChartPlot, format, provenance string) []drawing {
	ds := make([]drawing, len(plots))
	for i, cp := range plots {
		ds[i] = drawing{"chart " + cp.Name, cp.Name + "." + format, func() ([]byte, error) { return render(cp.Plot, format, provenance) }}
	}
	return ds
}

// drawing is one file a command draws: what an error calls it ("" for
// nothing), its name and how to draw it.
type drawing struct {
	what, name string
	draw       func() ([]byte, error)
}

// drawAll draws each file side by side (each), in the order of ds; no two
// may draw on the same figure.
func drawAll(ds []drawing) ([]File, error) {
	files := make([]File, len(ds))
	err := each(len(ds), func(i int) error {
		b, err := ds[i].draw()
		if err != nil && ds[i].what != "" {
			return fmt.Errorf("%s: %w", ds[i].what, err)
		}
		files[i] = File{Name: ds[i].name, Data: b}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return files, nil
}

// maxTeams is how many teams the stacked chart names; the rest are summed.
const maxTeams = 7

// headcountChart stacks the mean headcount of each area (means add up to
// the mean total, medians do not): the trunk at the bottom, then the
// branches by the domain they own, largest first; the smallest are summed
// as "other branches".
func headcountChart(p *Figure, e *sim.Ensemble, cfg *sim.Config) error {
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
		p.addKey(l.name, poly)
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
