package output

import (
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Figure is one chart: a gonum plot with its heading and key drawn around
// the data area, never on it. The heading is wrapped to the width it is
// drawn at, the key's entries run in rows under it, and the plot takes
// the rest, less room at the right for its last tick label and for a side
// column (a colour scale, the org tree's labels) when it has one.
type Figure struct {
	*plot.Plot
	heading string
	key     []keyEntry
	// side, if not nil, is drawn in a column sideWidth wide to the right
	// of the plot, after it, given the plot's data area.
	side      func(col, data draw.Canvas)
	sideWidth func(dc draw.Canvas) vg.Length
	strip     bool // the y axis has room at the top for a strip of marks
}

// keyEntry is one entry of a figure's key: a label after its thumbnails.
type keyEntry struct {
	label  string
	thumbs []plot.Thumbnailer
}

// newFigure makes a figure styled to be read on a slide.
func newFigure(heading, ylabel string) *Figure {
	return &Figure{Plot: newPlot("", ylabel), heading: heading}
}

// addKey adds an entry to the figure's key.
func (f *Figure) addKey(label string, thumbs ...plot.Thumbnailer) {
	f.key = append(f.key, keyEntry{label, thumbs})
}

// Key styles: the heading's and the key's, at a size in points.
func headingStyle(size float64) draw.TextStyle {
	return draw.TextStyle{Color: Palette[7], Font: sans(size), XAlign: draw.XCenter, YAlign: draw.YTop, Handler: plot.DefaultTextHandler}
}

var keyStyle = draw.TextStyle{Color: Palette[7], Font: sans(13), XAlign: draw.XLeft, YAlign: draw.YCenter, Handler: plot.DefaultTextHandler}

// Draw implements the drawing of a figure on dc.
func (f *Figure) Draw(dc draw.Canvas) {
	area := drawHeading(dc, f.heading, headingStyle(20))
	area = drawKey(area, f.key)
	right := tickRoom(f.Plot)
	if f.side != nil {
		right += f.sideWidth(area)
	}
	pc := draw.Crop(area, vg.Points(6), -right, 0, 0) // the y label's ink reaches its canvas's edge
	// Axis labels longer than their axis break into lines for this
	// drawing only.
	xl, yl := f.X.Label.Text, f.Y.Label.Text
	defer func() { f.X.Label.Text, f.Y.Label.Text = xl, yl }()
	f.X.Label.Text = strings.Join(wrap(f.X.Label.TextStyle, xl, pc.Max.X-pc.Min.X-vg.Points(8)), "\n")
	f.Y.Label.Text = strings.Join(wrap(f.Y.Label.TextStyle, yl, (pc.Max.Y-pc.Min.Y)*0.9), "\n")
	f.Plot.Draw(pc)
	if f.side != nil {
		data := f.Plot.DataCanvas(pc)
		col := area
		col.Min.X = pc.Max.X + tickRoom(f.Plot)
		f.side(col, data)
	}
}

// drawHeading writes text centred at the top of dc, wrapped to its width,
// and returns the area under it.
func drawHeading(dc draw.Canvas, text string, sty draw.TextStyle) draw.Canvas {
	if text == "" {
		return dc
	}
	y := dc.Max.Y - vg.Points(2)
	for _, l := range wrap(sty, text, dc.Max.X-dc.Min.X-vg.Points(8)) {
		dc.FillText(sty, vg.Point{X: (dc.Min.X + dc.Max.X) / 2, Y: y}, l)
		y -= sty.Height(l) * 1.1
	}
	return draw.Crop(dc, 0, 0, 0, y-dc.Max.Y-vg.Points(4))
}

// drawKey lays the entries out in centred rows across dc under its top,
// each thumbnail before its label, and returns the area under them.
func drawKey(dc draw.Canvas, key []keyEntry) draw.Canvas {
	if len(key) == 0 {
		return dc
	}
	const thumbW, gap, space = 24, 6, 22 // points
	h := keyStyle.Height("Mg")
	width := func(e keyEntry) vg.Length { return vg.Points(thumbW+gap) + keyStyle.Width(e.label) }
	var rows [][]keyEntry
	var widths []vg.Length
	avail := dc.Max.X - dc.Min.X - vg.Points(8)
	for _, e := range key {
		n := len(rows)
		if n == 0 || widths[n-1]+vg.Points(space)+width(e) > avail {
			rows, widths = append(rows, nil), append(widths, -vg.Points(space))
			n++
		}
		rows[n-1] = append(rows[n-1], e)
		widths[n-1] += vg.Points(space) + width(e)
	}
	y := dc.Max.Y - h/2
	for r, row := range rows {
		x := (dc.Min.X+dc.Max.X)/2 - widths[r]/2
		for _, e := range row {
			icon := draw.Canvas{Canvas: dc.Canvas, Rectangle: vg.Rectangle{
				Min: vg.Point{X: x, Y: y - h/2}, Max: vg.Point{X: x + vg.Points(thumbW), Y: y + h/2}}}
			for _, t := range e.thumbs {
				t.Thumbnail(&icon)
			}
			dc.FillText(keyStyle, vg.Point{X: x + vg.Points(thumbW+gap), Y: y}, e.label)
			x += width(e) + vg.Points(space)
		}
		y -= h * 1.25
	}
	return draw.Crop(dc, 0, 0, 0, y+h/2-dc.Max.Y-vg.Points(10))
}

// tickRoom is the room a plot needs at its right for half of its widest
// x tick label, which gonum centres on the tick at the data area's edge.
func tickRoom(p *plot.Plot) vg.Length {
	var w vg.Length
	if math.IsInf(p.X.Min, 0) || math.IsInf(p.X.Max, 0) || p.X.Min >= p.X.Max {
		return vg.Points(2)
	}
	for _, t := range p.X.Tick.Marker.Ticks(p.X.Min, p.X.Max) {
		if t.Label != "" {
			w = max(w, p.X.Tick.Label.Width(t.Label))
		}
	}
	return w/2 + vg.Points(2)
}
