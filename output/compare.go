package output

import (
	"encoding/json"
	"fmt"
	"image/color"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
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
			vj.Outcomes[o.String()] = summary(o, v.Ensemble.Outcome(o))
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

// ComparisonCSV is comparison.csv: one row per variant and outcome, the
// summary across runs and the paired difference against the first
// variant.
func ComparisonCSV(c *experiment.Comparison) (File, error) {
	t := newTable("comparison.csv", "Each outcome of each variant across runs, and its paired difference against the first variant on common random numbers.",
		slices.Concat([]Field{
			textField("variant", "the policy or variant"),
			textField("outcome", "the per-run outcome, as sim/MODEL.md lists them"),
			textField("unit", "the outcome's unit"),
		}, quantileFields("runs with a value"), []Field{
			numField("diff_vs_first", "mean difference against the first variant, run by run on the same seeds, in the row's unit", ""),
			numField("diff_lo90", "low end of the difference's 90% interval (Student's t over the pairs)", ""),
			numField("diff_hi90", "high end of the difference's 90% interval", ""),
			intField("pairs", "pairs of runs in which both variants had a value"),
		})...)
	for i, v := range c.Results {
		for _, o := range sim.Outcomes() {
			q := v.Ensemble.Outcome(o)
			d := c.VsFirst[i][o]
			t.row(v.Name, o.String(), o.Info().Unit.String(), formatNumber(q.P10), formatNumber(q.P50), formatNumber(q.P90), formatNumber(q.Mean),
				strconv.Itoa(q.N), formatNumber(d.Mean), formatNumber(d.Lo), formatNumber(d.Hi), strconv.Itoa(d.N))
		}
	}
	return t.file()
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
// to p90 band in its own colour and dashes.
func ComparePlots(meta Meta, vs []experiment.Result, cfg *sim.Config) ([]ChartPlot, error) {
	var out []ChartPlot
	weeks := vs[0].Ensemble.Weeks
	for _, o := range overlays {
		f := newFigure(o.Title+" — "+meta.Scenario, o.ylabel)
		timeAxis(f.Plot, weeks, meta.TimeAxis, "")
		f.Y.Min = 0
		// Every band first, then every median line, so that no band hides
		// another variant's line.
		for i, v := range vs {
			if s := v.Ensemble.Stats(o.metric, ""); s != nil && v.Ensemble.Runs > 1 {
				if err := addBandOnly(f, s, o.scale, faded(seriesColor(i), 0x30)); err != nil {
					return nil, err
				}
			}
		}
		for i, v := range vs {
			if err := addBand(f, v.Ensemble.Stats(o.metric, ""), o.scale, seriesColor(i), seriesDashes[i%len(seriesDashes)], v.Name, 1); err != nil {
				return nil, err
			}
		}
		var err error
		switch o.metric {
		case sim.Quality:
			err = addLevel(f, cfg.Leadership.QualityThreshold, weeks, Palette[7], fmt.Sprintf("leadership threshold %.2f", cfg.Leadership.QualityThreshold))
		case sim.TrunkShareOfInfra:
			err = addTargetBand(f, 15, 25, weeks, "the model's "+TrunkBand)
		case sim.PagesPerShift:
			err = addLevel(f, answerable(cfg), weeks, Palette[7], "what on call can answer")
		}
		if err != nil {
			return nil, err
		}
		out = append(out, ChartPlot{o.Chart, f})
	}
	return out, nil
}

// CompareCharts renders the overlays and the outcome bars as files.
func CompareCharts(meta Meta, vs []experiment.Result, cfg *sim.Config, format string) ([]File, error) {
	plots, err := ComparePlots(meta, vs, cfg)
	if err != nil {
		return nil, err
	}
	ds := chartDrawings(plots, format, meta.Line()+", medians with p10 to p90 bands")
	bars := func() ([]byte, error) {
		cv := newCanvas(format)
		if err := OutcomeBars(cv.draw(meta.Line()), meta, vs); err != nil {
			return nil, err
		}
		return cv.bytes(meta.Line())
	}
	return drawAll(append(ds, drawing{"", "compare-outcomes." + format, bars}))
}

// whisker is an interval drawn as a black line with caps over a white
// halo, so that it shows on any bar and however short it is.
type whisker struct{ x, lo, hi float64 }

// Plot implements plot.Plotter.
func (w whisker) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	x, y0, y1 := trX(w.x), trY(w.lo), trY(w.hi)
	half := vg.Points(8)
	for _, sty := range []draw.LineStyle{{Color: color.White, Width: vg.Points(5)}, {Color: Palette[7], Width: vg.Points(2)}} {
		c.StrokeLine2(sty, x, y0, x, y1)
		c.StrokeLine2(sty, x-half, y0, x+half, y0)
		c.StrokeLine2(sty, x-half, y1, x+half, y1)
	}
}

// DataRange implements plot.DataRanger.
func (w whisker) DataRange() (xmin, xmax, ymin, ymax float64) { return w.x, w.x, w.lo, w.hi }

// OutcomeBars draws on dc one panel per main outcome: a bar per variant at
// its mean, with a whisker for the 90% interval of the mean, under a
// heading and a key of the variants' colours.
func OutcomeBars(dc draw.Canvas, meta Meta, vs []experiment.Result) error {
	const rows, cols = 2, 3
	var key []keyEntry
	for i, v := range vs {
		key = append(key, keyEntry{v.Name, []plot.Thumbnailer{swatch{seriesColor(i)}}})
	}
	area := drawHeading(dc, "Outcomes by variant — "+meta.Scenario+" (bars: means; whiskers: 90% intervals of the means)", headingStyle(20))
	area = drawKey(area, key)
	tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: vg.Points(12), PadY: vg.Points(12), PadTop: vg.Points(4), PadLeft: vg.Points(6), PadRight: vg.Points(8)}
	titleW := (area.Max.X-area.Min.X-tiles.PadLeft-tiles.PadRight-vg.Length(cols-1)*tiles.PadX)/vg.Length(cols) - vg.Points(8)
	plots := make([][]*plot.Plot, rows)
	for r := range plots {
		plots[r] = make([]*plot.Plot, cols)
	}
	for k, o := range barOutcomes {
		p := newPlot("", "")
		p.Title.TextStyle.Font = sans(14)
		label, scale := outcomeAxis(o)
		p.Title.Text = strings.Join(wrap(p.Title.TextStyle, label, titleW), "\n")
		p.X.Tick.Label.Font = sans(9)
		for i, v := range vs {
			iv := experiment.Interval(v.Ensemble, o)
			bars, err := plotter.NewBarChart(plotter.Values{math.Max(0, iv.Mean*scale)}, vg.Points(28))
			if err != nil {
				return err
			}
			bars.Color = seriesColor(i)
			bars.LineStyle.Width = 0
			bars.XMin = float64(i)
			bars.Offset = 0
			p.Add(bars)
			if !math.IsNaN(iv.Lo) {
				p.Add(whisker{float64(i), math.Max(0, iv.Lo*scale), math.Max(0, iv.Hi*scale)})
			}
		}
		p.HideX()
		p.X.Min, p.X.Max = -0.6, float64(len(vs))-0.4
		p.Y.Min = 0
		plots[k/cols][k%cols] = p
	}
	drawTiles(area, plots, tiles)
	return nil
}

// outcomeAxis is an outcome's label on an axis with its unit, and the
// scale its values are drawn at: shares as percentages, money in $M.
func outcomeAxis(o sim.Outcome) (string, float64) {
	l := o.Label()
	unit := func(u string) string {
		if strings.Contains(l, u) {
			return l
		}
		return l + ", " + u
	}
	switch o.Info().Unit {
	case sim.UnitDollars:
		return unit("$M"), 1e-6
	case sim.UnitShare:
		return l + ", %", 100
	case sim.UnitWeeks:
		return unit("weeks"), 1
	case sim.UnitEngineers:
		return unit("engineers"), 1
	case sim.UnitScore:
		return l + " (0 to 1)", 1
	}
	return l, 1
}

// rowNames wraps each name of a chart's rows to a third of a slide's
// width in sty, so that long names do not squeeze the data.
func rowNames(sty text.Style, names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = strings.Join(wrap(sty, n, slideW/3), "\n")
	}
	return out
}
