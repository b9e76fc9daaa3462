package output

import (
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/trunksim/trunksim/sim"
)

// AreaColor is the colour of a team or area in every chart: the trunk's is
// the first of the palette, a branch takes its domain's, in scenario order,
// so that storage is the same colour wherever it appears.
func AreaColor(cfg *sim.Config, name string) color.RGBA {
	if name == sim.TrunkArea {
		return Palette[0]
	}
	for i, d := range cfg.Domains {
		if d.Name == name {
			return Palette[1+i%(len(Palette)-2)]
		}
	}
	for i, t := range cfg.Teams { // a team named in the scenario
		if t.Name == name {
			if t.Trunk {
				return Palette[0]
			}
			return Palette[1+(len(cfg.Domains)+i)%(len(Palette)-2)]
		}
	}
	return grey
}

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
// split off, thickness its headcount, labelled with its name; subdivisions
// branch again.
func OrgTree(e *sim.Ensemble, cfg *sim.Config, meta Meta) (*plot.Plot, error) {
	tr := e.First
	p := newPlot("The organization as a tree — "+meta.Scenario+", "+meta.Policy+", run 1", "")
	p.HideY()
	p.Y.Label.Text = ""
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
		if t.Trunk || len(lanes) == 0 && i == 0 {
			k = 0
		}
		lanes[t.Name] = k
	}
	peak := 1.0
	for _, t := range teams {
		peak = math.Max(peak, slices.Max(tr.Series(sim.TeamHeadcount, t.Name)))
	}
	scale := 0.42 / peak
	var labels plotter.XYLabels
	for _, t := range teams {
		hc := tr.Series(sim.TeamHeadcount, t.Name)
		parent, ok := lanes[t.Parent]
		p.Add(treeBand{lane: lanes[t.Name], parentLane: parent, born: t.Born, headcount: hc,
			color: AreaColor(cfg, t.Area), scale: scale, hasParent: ok && t.Parent != ""})
		name := t.Name
		if t.Trunk {
			name += " (trunk)"
		}
		labels.XYs = append(labels.XYs, plotter.XY{X: float64(t.Born) + 1, Y: lanes[t.Name] + 0.45})
		labels.Labels = append(labels.Labels, name)
	}
	l, err := plotter.NewLabels(labels)
	if err != nil {
		return nil, err
	}
	for i := range l.TextStyle {
		l.TextStyle[i].Font = sans(10)
		l.TextStyle[i].Color = Palette[7]
	}
	p.Add(l)
	lo, hi := 0.0, 0.0
	for _, v := range lanes {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	p.Y.Min, p.Y.Max = lo-0.6, hi+0.8
	p.X.Min, p.X.Max = -2, float64(tr.Weeks)
	p.X.Label.Text = "week (band thickness: headcount)"
	return p, nil
}
