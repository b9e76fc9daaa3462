package output

import (
	"fmt"
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/trunksim/trunksim/sim"
)

// AreaColor is the colour of a team or area in every chart: the trunk's is
// the first of the palette; a branch takes its domain's, by the domain's
// place in the scenario, so that storage is the same colour wherever it
// appears, and no two domains of a scenario share one (the palette's six
// other hues, then each darker, then lighter: 18 domains apart, 30 in all).
// A team the scenario names that is no domain's comes after the domains;
// anything else ("other branches") is grey.
func AreaColor(cfg *sim.Config, name string) color.RGBA {
	if name == sim.TrunkArea {
		return Palette[0]
	}
	for i, d := range cfg.Domains {
		if d.Name == name {
			return areaColor(i)
		}
	}
	for i, t := range cfg.Teams { // a team named in the scenario
		if t.Name == name {
			if t.Trunk {
				return Palette[0]
			}
			return areaColor(len(cfg.Domains) + i)
		}
	}
	return grey
}

// areaColor is the colour of the i-th domain of a scenario.
func areaColor(i int) color.RGBA { return distinct(Palette[1:7], i) }

// treeBand is one team of the org tree: its lane, life and headcount.
type treeBand struct {
	lane, parentLane float64
	born             int
	headcount        []float64
	color            color.RGBA
	scale            float64
	hasParent        bool
}

// Plot implements plot.Plotter: a band whose thickness is the headcount,
// joined to its parent's lane at the week it split off.
func (b treeBand) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	var top, bottom []vg.Point
	for w := b.born; w < len(b.headcount); w++ {
		h := b.headcount[w] * b.scale
		if math.IsNaN(h) {
			h = 0
		}
		top = append(top, vg.Point{X: trX(float64(w)), Y: trY(b.lane + h)})
		bottom = append(bottom, vg.Point{X: trX(float64(w)), Y: trY(b.lane - h)})
	}
	if len(top) == 0 {
		return
	}
	slices.Reverse(bottom)
	c.FillPolygon(b.color, c.ClipPolygonXY(append(top, bottom...)))
	if b.hasParent {
		h := b.headcount[b.born] * b.scale
		sty := draw.LineStyle{Color: b.color, Width: trY(0) - trY(math.Max(h, 0.03)) + 1}
		x0, x1 := trX(float64(b.born)-1.5), trX(float64(b.born))
		c.StrokeLines(sty, c.ClipLinesXY([]vg.Point{{X: x0, Y: trY(b.parentLane)}, {X: x1, Y: trY(b.lane)}})...)
	}
}

// OrgTree draws run 1's organization as the seed describes it: the trunk
// as a band through time, each branch leaving its parent at the week it
// split off, thickness its headcount; subdivisions branch again. Each
// team is named in a column at the right, beside its lane or, where
// lanes are too close for that, moved apart with a line to its lane.
func OrgTree(e *sim.Ensemble, cfg *sim.Config, meta Meta) (*Figure, error) {
	tr := e.First
	f := newFigure("The organization as a tree — "+meta.Scenario+", "+meta.Policy+", run 1", "")
	f.HideY()
	f.Y.Label.Text = ""
	lanes := map[string]float64{}
	var teams []sim.TeamInfo
	for _, t := range tr.Teams {
		if hc := tr.Series(sim.TeamHeadcount, t.Name); hc != nil && slices.Max(hc) > 0 {
			teams = append(teams, t)
		}
	}
	// The trunk in the middle; branches alternately above and below it, in
	// the order they split off.
	for i, t := range teams {
		if t.Trunk {
			lanes[t.Name] = 0
			continue
		}
		k := float64((i + 1) / 2)
		if i%2 == 1 {
			k = -k
		}
		if len(lanes) == 0 && i == 0 {
			k = 0
		}
		lanes[t.Name] = k
	}
	peak := 1.0
	for _, t := range teams {
		peak = math.Max(peak, slices.Max(tr.Series(sim.TeamHeadcount, t.Name)))
	}
	scale := 0.42 / peak
	var labels []treeLabel
	for _, t := range teams {
		hc := tr.Series(sim.TeamHeadcount, t.Name)
		parent, ok := lanes[t.Parent]
		c := AreaColor(cfg, t.Area)
		f.Add(treeBand{lane: lanes[t.Name], parentLane: parent, born: t.Born, headcount: hc,
			color: c, scale: scale, hasParent: ok && t.Parent != ""})
		name := t.Name
		if t.Trunk {
			name += " (trunk)"
		}
		labels = append(labels, treeLabel{lane: lanes[t.Name], text: name, color: c, weight: slices.Max(hc)})
	}
	lo, hi := 0.0, 0.0
	for _, v := range lanes {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	f.Y.Min, f.Y.Max = lo-0.6, hi+0.6
	timeAxis(f.Plot, tr.Weeks, meta.TimeAxis, "band thickness: headcount")
	f.X.Min = -2
	f.sideWidth = func(dc draw.Canvas) vg.Length {
		var w vg.Length
		for _, l := range labels {
			w = max(w, treeLabelStyle(treeLabelSize).Width(l.text))
		}
		return min(w+vg.Points(40), (dc.Max.X-dc.Min.X)*0.3)
	}
	f.side = func(col, data draw.Canvas) { drawTreeLabels(col, data, labels, f.Y.Min, f.Y.Max) }
	return f, nil
}

// treeLabel names one team of the org tree at its lane.
type treeLabel struct {
	lane   float64
	text   string
	color  color.RGBA
	weight float64 // its largest headcount: the larger keep their labels
}

// The org tree's labels are treeLabelSize points, or as small as
// treeLabelMin when the lanes are close.
const treeLabelSize, treeLabelMin = 10.0, 6.5

func treeLabelStyle(size float64) draw.TextStyle {
	return draw.TextStyle{Color: Palette[7], Font: sans(size), XAlign: draw.XLeft, YAlign: draw.YCenter, Handler: plot.DefaultTextHandler}
}

// drawTreeLabels writes the labels in col, each as near its lane's height
// in data (whose y runs from ymin to ymax) as the others let it, joined
// to its lane by a thin line where it had to move. Labels shrink to fit;
// when even the smallest do not, the largest teams keep theirs and a note
// at the foot of the column counts the rest.
func drawTreeLabels(col, data draw.Canvas, labels []treeLabel, ymin, ymax float64) {
	if len(labels) == 0 {
		return
	}
	bottom, top := data.Min.Y, data.Max.Y // where labels may go
	at := func(lane float64) vg.Length {
		return data.Min.Y + vg.Length((lane-ymin)/(ymax-ymin))*(data.Max.Y-data.Min.Y)
	}
	height := top - bottom
	size := treeLabelSize
	step := func() vg.Length { return treeLabelStyle(size).Height("Mg") * 1.1 }
	for size > treeLabelMin && vg.Length(len(labels))*step() > height {
		size -= 0.5
	}
	shown := slices.Clone(labels)
	if fit := int(height / step()); len(shown) > fit {
		fit = max(fit-1, 0) // a line for the note
		slices.SortStableFunc(shown, func(a, b treeLabel) int { return cmpFloat(b.weight, a.weight) })
		sty := treeLabelStyle(treeLabelMin)
		sty.Color = grey
		col.FillText(sty, vg.Point{X: col.Min.X + vg.Points(4), Y: bottom + step()/2}, fmt.Sprintf("%d smaller teams not named", len(shown)-fit))
		shown = shown[:fit]
		bottom += step()
	}
	slices.SortStableFunc(shown, func(a, b treeLabel) int { return cmpFloat(b.lane, a.lane) })
	ys := make([]vg.Length, len(shown))
	for i, l := range shown { // down from the top, each a step under the last
		ys[i] = min(at(l.lane), top-step()/2)
		if i > 0 {
			ys[i] = min(ys[i], ys[i-1]-step())
		}
	}
	for i := len(ys) - 1; i >= 0; i-- { // then up from the bottom
		lowest := bottom + step()/2
		if i < len(ys)-1 {
			lowest = ys[i+1] + step()
		}
		ys[i] = max(ys[i], lowest)
	}
	sty := treeLabelStyle(size)
	x := col.Min.X + vg.Points(22)
	for i, l := range shown {
		lane := at(l.lane)
		leader := draw.LineStyle{Color: grey, Width: vg.Points(0.6)}
		col.StrokeLines(leader, []vg.Point{{X: data.Max.X, Y: lane}, {X: col.Min.X + vg.Points(4), Y: lane}, {X: x - vg.Points(12), Y: ys[i]}})
		swatch{l.color}.Thumbnail(&draw.Canvas{Canvas: col.Canvas, Rectangle: vg.Rectangle{
			Min: vg.Point{X: x - vg.Points(11), Y: ys[i] - vg.Points(size*0.35)}, Max: vg.Point{X: x - vg.Points(3), Y: ys[i] + vg.Points(size*0.35)}}})
		col.FillText(sty, vg.Point{X: x, Y: ys[i]}, l.text)
	}
}
