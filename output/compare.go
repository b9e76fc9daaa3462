package output

import (
	"encoding/json"
	"fmt"
	"image/color"
	"io"
	"math"
	"slices"
	"strconv"
	"text/tabwriter"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/trunksim/trunksim/sim"
	"github.com/trunksim/trunksim/sim/experiment"
)

// diffJSON is a paired difference against the first variant.
type diffJSON struct {
	Mean  Number `json:"mean"`
	Lo90  Number `json:"lo90"`
	Hi90  Number `json:"hi90"`
	Pairs int    `json:"pairs"`
}

// ComparisonJSON writes comparison.json: for each variant its overrides,
// each outcome's summary, and its paired difference against the first
// variant with a 90% interval.
func ComparisonJSON(w io.Writer, meta Meta, c *experiment.Comparison) error {
	vs := c.Results
	type variantJSON struct {
		Name     string              `json:"name"`
		Sets     []string            `json:"sets"`
		Outcomes map[string]Summary  `json:"outcomes"`
		VsFirst  map[string]diffJSON `json:"difference_vs_first"`
	}
	doc := struct {
		Meta
		Baseline string        `json:"baseline"`
		Variants []variantJSON `json:"variants"`
	}{Meta: meta, Baseline: vs[0].Name}
	for i, v := range vs {
		vj := variantJSON{Name: v.Name, Sets: v.Sets, Outcomes: map[string]Summary{}, VsFirst: map[string]diffJSON{}}
		for _, o := range sim.Outcomes() {
			vj.Outcomes[o.String()] = summary(v.Ensemble.Outcome(o))
			d := c.VsFirst[i][o]
			vj.VsFirst[o.String()] = diffJSON{Number(d.Mean), Number(d.Lo), Number(d.Hi), d.N}
		}
		doc.Variants = append(doc.Variants, vj)
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// ComparisonCSV writes one row per variant and outcome: the summary across
// runs and the paired difference against the first variant.
func ComparisonCSV(w io.Writer, meta Meta, c *experiment.Comparison) error {
	cw, err := newCSV(w, meta.Line())
	if err != nil {
		return err
	}
	cw.Write([]string{"variant", "outcome", "p10", "p50", "p90", "mean", "runs", "diff_vs_first", "diff_lo90", "diff_hi90", "pairs"})
	for i, v := range c.Results {
		for _, o := range sim.Outcomes() {
			q := v.Ensemble.Outcome(o)
			d := c.VsFirst[i][o]
			cw.Write([]string{v.Name, o.String(), formatNumber(q.P10), formatNumber(q.P50), formatNumber(q.P90), formatNumber(q.Mean),
				strconv.Itoa(q.N), formatNumber(d.Mean), formatNumber(d.Lo), formatNumber(d.Hi), strconv.Itoa(d.N)})
		}
	}
	cw.Flush()
	return cw.Error()
}

// CompareTable ranks the variants by one outcome and shows the outcomes a
// leader compares first, with the paired difference of the ranking outcome
// against the first variant.
func CompareTable(w io.Writer, meta Meta, c *experiment.Comparison, rankBy sim.Outcome) error {
	vs := c.Results
	fmt.Fprintf(w, "%s: %d variants, %d runs each on common random numbers, %d weeks, seed %d\n", meta.Scenario, len(vs), meta.Runs, meta.Weeks, meta.Seed)
	fmt.Fprintf(w, "(%s)\nRanked by mean %s; difference against %s with a 90%% interval.\n\n", meta.Line(), rankBy, vs[0].Name)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "rank\tvariant\t%s\tvs first (90%% interval)\tintervened\tweeks below\tmean quality\tfinal morale\tleavers\tcost\n", rankBy)
	u := rankBy.Info().Unit
	for r, i := range c.Rank(rankBy) {
		e := vs[i].Ensemble
		d := c.VsFirst[i][rankBy]
		diff := "-"
		if i != 0 && !math.IsNaN(d.Lo) {
			diff = FormatSigned(u, d.Mean) + " (" + FormatInterval(u, d.Lo, d.Hi) + ")"
		}
		mean := func(o sim.Outcome) string { return Format(o.Info().Unit, e.Outcome(o).Mean) }
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r+1, vs[i].Name, mean(rankBy), diff,
			mean(sim.InterventionRate), mean(sim.WeeksBelowQuality), mean(sim.MeanQuality), mean(sim.FinalMorale), mean(sim.Leavers), mean(sim.Cost))
	}
	return tw.Flush()
}

// overlays are the trajectories compare draws with one colour per variant.
var overlays = []struct {
	Chart
	metric  sim.Metric
	outcome sim.Outcome // the outcome the trajectory ends in, for its takeaway
	ylabel  string
	scale   float64
}{
	{Chart{"compare-quality", "Service quality"}, sim.Quality, sim.MeanQuality, "service quality (1 = no backlog)", 1},
	{Chart{"compare-trunk-share", "Trunk share of infra"}, sim.TrunkShareOfInfra, sim.FinalTrunkShare, "trunk engineers, % of infra", 100},
	{Chart{"compare-pages", "Pages per on-call shift"}, sim.PagesPerShift, sim.PeakPagesPerShift, "pages per 12-hour shift, busiest rotation", 1},
	{Chart{"compare-morale", "Morale"}, sim.Morale, sim.FinalMorale, "morale (0 to 1)", 1},
	{Chart{"compare-investment", "Investment share of infra time"}, sim.InvestShare, sim.InvestmentShare, "investment, % of worked hours", 100},
	{Chart{"compare-headcount", "Infra engineers"}, sim.InfraEngineers, sim.FinalInfraEngineers, "infra engineers", 1},
}

// barOutcomes are the outcomes compare's bar chart shows.
var barOutcomes = []sim.Outcome{sim.WeeksBelowQuality, sim.InterventionRate, sim.MeanQuality, sim.FinalMorale, sim.Leavers, sim.Cost}

// ComparePlots draws each trajectory with every variant's median and p10
// to p90 band in its own colour.
func ComparePlots(meta Meta, vs []experiment.Result, cfg *sim.Config) ([]ChartPlot, error) {
	var out []ChartPlot
	weeks := vs[0].Ensemble.Weeks
	for _, o := range overlays {
		p := newPlot(o.Title+" — "+meta.Scenario, o.ylabel)
		p.Y.Min = 0
		// Every band first, then every median line, so that no band hides
		// another variant's line.
		for i, v := range vs {
			if v.Ensemble.Runs > 1 {
				if err := addBandOnly(p, v.Ensemble.Stats(o.metric, ""), o.scale, Palette[i%len(Palette)]); err != nil {
					return nil, err
				}
			}
		}
		for i, v := range vs {
			if err := addBand(p, v.Ensemble.Stats(o.metric, ""), o.scale, Palette[i%len(Palette)], v.Name, 1); err != nil {
				return nil, err
			}
		}
		var err error
		switch o.metric {
		case sim.Quality:
			err = addLevel(p, cfg.Leadership.QualityThreshold, weeks, red, fmt.Sprintf("leadership threshold %.2f", cfg.Leadership.QualityThreshold))
			p.Legend.Top = false
		case sim.TrunkShareOfInfra:
			err = addTargetBand(p, 15, 25, weeks, "seed 000's 15 to 25%")
			p.Legend.Left = false
		case sim.PagesPerShift:
			err = addLevel(p, answerable(cfg), weeks, red, "what on call can answer")
		}
		if err != nil {
			return nil, err
		}
		p.X.Min, p.X.Max = 0, float64(weeks-1)
		out = append(out, ChartPlot{o.Chart, p})
	}
	return out, nil
}

// CompareCharts renders the overlays and the outcome bars as files.
func CompareCharts(meta Meta, vs []experiment.Result, cfg *sim.Config, format string) ([]File, error) {
	plots, err := ComparePlots(meta, vs, cfg)
	if err != nil {
		return nil, err
	}
	files, err := renderAll(plots, format, meta.Line()+", medians with p10 to p90 bands")
	if err != nil {
		return nil, err
	}
	cv := newCanvas(format)
	if err := OutcomeBars(body(cv.draw(meta.Line())), meta, vs); err != nil {
		return nil, err
	}
	b, err := cv.bytes(meta.Line())
	if err != nil {
		return nil, err
	}
	return append(files, File{Name: "compare-outcomes." + format, Data: b}), nil
}

// addBandOnly shades a series' p10 to p90 band without its line.
func addBandOnly(p *plot.Plot, s *sim.SeriesStats, scale float64, c color.RGBA) error {
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
	poly.Color = faded(c, 0x30)
	poly.LineStyle.Width = 0
	p.Add(poly)
	return nil
}

// OutcomeBars draws on dc one panel per main outcome: a bar per variant at
// its mean, with a black line for the 90% interval of the mean, under a
// title and a key of the variants' colours.
func OutcomeBars(dc draw.Canvas, meta Meta, vs []experiment.Result) error {
	const rows, cols = 2, 3
	plots := make([][]*plot.Plot, rows)
	var names []string
	for _, v := range vs {
		names = append(names, v.Name)
	}
	for k, o := range barOutcomes {
		p := newPlot(barLabel(o), "")
		p.Title.TextStyle.Font = sans(14)
		p.X.Label.Text = ""
		p.X.Tick.Label.Font = sans(9)
		scale := 1.0
		if o.Info().Unit == sim.UnitDollars {
			scale = 1e-6
		}
		for i, v := range vs {
			iv := experiment.Interval(v.Ensemble, o)
			bars, err := plotter.NewBarChart(plotter.Values{math.Max(0, iv.Mean*scale)}, vg.Points(28))
			if err != nil {
				return err
			}
			bars.Color = Palette[i%len(Palette)]
			bars.LineStyle.Width = 0
			bars.XMin = float64(i)
			bars.Offset = 0
			p.Add(bars)
			if !math.IsNaN(iv.Lo) {
				l, err := plotter.NewLine(plotter.XYs{{X: float64(i), Y: iv.Lo * scale}, {X: float64(i), Y: iv.Hi * scale}})
				if err != nil {
					return err
				}
				l.Width = vg.Points(2)
				p.Add(l)
			}
		}
		p.HideX()
		p.X.Min, p.X.Max = -0.6, float64(len(vs))-0.4
		p.Y.Min = 0
		if plots[k/cols] == nil {
			plots[k/cols] = make([]*plot.Plot, cols)
		}
		plots[k/cols][k%cols] = p
	}
	area := draw.Crop(dc, 0, 0, 0, -vg.Points(52))
	title := draw.TextStyle{Color: Palette[7], Font: sans(20), XAlign: draw.XCenter, YAlign: draw.YTop, Handler: plot.DefaultTextHandler}
	dc.FillText(title, vg.Point{X: (dc.Min.X + dc.Max.X) / 2, Y: dc.Max.Y - vg.Points(4)}, "Outcomes by variant — "+meta.Scenario+" (bars: means; lines: 90% intervals)")
	// The variants' colours, left to right as the bars are.
	key := draw.TextStyle{Color: Palette[7], Font: sans(13), XAlign: draw.XLeft, YAlign: draw.YCenter, Handler: plot.DefaultTextHandler}
	slot := (dc.Max.X - dc.Min.X) / vg.Length(len(names)+1)
	for i, n := range names {
		x := dc.Min.X + slot*vg.Length(i) + slot/2
		y := dc.Max.Y - vg.Points(40)
		swatch{Palette[i%len(Palette)]}.Thumbnail(&draw.Canvas{Canvas: dc.Canvas, Rectangle: vg.Rectangle{Min: vg.Point{X: x, Y: y - vg.Points(6)}, Max: vg.Point{X: x + vg.Points(12), Y: y + vg.Points(6)}}})
		dc.FillText(key, vg.Point{X: x + vg.Points(16), Y: y}, n)
	}
	tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: vg.Points(12), PadY: vg.Points(12), PadTop: vg.Points(4)}
	drawTiles(area, plots, tiles)
	return nil
}

// barLabel is an outcome's label on a bar chart, with money in $M.
func barLabel(o sim.Outcome) string {
	if o.Info().Unit == sim.UnitDollars {
		return o.Label() + " ($M)"
	}
	return o.Label()
}
