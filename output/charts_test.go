package output

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/trunksim/trunksim/internal/simtest"
	"github.com/trunksim/trunksim/sim"
	"github.com/trunksim/trunksim/sim/experiment"
)

// ensemble replicates c five times from seed 3.
func ensemble(t *testing.T, c sim.Config) *sim.Ensemble {
	t.Helper()
	p, err := sim.NewPlan(&c)
	if err != nil {
		t.Fatal(err)
	}
	e, err := p.Replicate(context.Background(), sim.Options{Runs: 5, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// manyTeams is a run whose trunk splits 44 branches off at week 0: more
// teams and domains than the palette has colours, for the org tree's
// labels and the palette's steps.
func manyTeams(t *testing.T) (*sim.Config, *sim.Ensemble) {
	t.Helper()
	c := simtest.Org(30, 400, 300, 140, 60)
	for i := range 42 {
		d := sim.DefaultDomain()
		d.Name = fmt.Sprintf("area-%02d", i)
		c.Domains = append(c.Domains, d)
		c.Teams[0].Domains = append(c.Teams[0].Domains, d.Name)
	}
	c.Policy.UpFront = true
	return &c, ensemble(t, c)
}

// sweep runs small's organization at each point of the axes, which
// take policy.threshold and company.engineers.annual_pct in turn.
func sweep(t *testing.T, axes ...experiment.Axis) *experiment.Sweep {
	t.Helper()
	sw := &experiment.Sweep{Axes: axes, Points: experiment.Grid(axes)}
	for _, pt := range sw.Points {
		var at []float64
		for i, a := range axes {
			var v float64
			fmt.Sscan(a.Values[pt.At[i]], &v)
			at = append(at, v)
		}
		growth := 150.0
		if len(at) > 1 {
			growth = at[1]
		}
		c := simtest.Org(40, 150, growth, 8, 60)
		c.Policy.Threshold = int(at[0])
		sw.Results = append(sw.Results, result(pt.Name(axes), &c, ensemble(t, c)))
	}
	return sw
}

// swings are a tornado's inputs, one of them not run at its low end.
func swings() []experiment.Swing {
	ran := &sim.Config{}
	var ss []experiment.Swing
	for i, k := range []string{"company.engineers.annual_pct", "domains.storage.base_hours", "people.attrition_pct", "policy.threshold", "on_call.hours_per_page", "people.no_such_name"} {
		d := float64(12 - 2*i)
		ss = append(ss, experiment.Swing{Key: k, Base: 1, AtBase: 20,
			Low: experiment.Side{Value: 0.75, Config: ran, Mean: 20 - d}, High: experiment.Side{Value: 1.25, Config: ran, Mean: 20 + 1.5*d}})
	}
	ss[3].Low = experiment.Side{Value: 3, LeftOut: "must be at least branch_min"}
	return ss
}

// chart is one rendered chart; golden names the file it must match, ""
// for one that is only checked for its margins.
type chart struct {
	name, golden string
	png          []byte
	fig          *Figure
}

// everyChart renders every kind of chart the package draws: a run's, a
// comparison's, a sweep's over one and two keys, the tornado, robustness,
// fit, the org tree of a few and of 46 teams, and the PDF's chart
// images (TestDeckIsDeterministic checks the slides). The kinds render in
// parallel; the list is in order.
func everyChart(t *testing.T) []chart {
	t.Helper()
	cfg, e := small(t)
	files := func(prefix string, fs []File, goldens ...string) []chart {
		var out []chart
		for _, f := range fs {
			g := ""
			if slices.Contains(goldens, prefix+f.Name) {
				g = prefix + f.Name
			}
			out = append(out, chart{name: prefix + f.Name, golden: g, png: f.Data})
		}
		return out
	}
	one := func(name string, b []byte, err error) ([]chart, error) {
		return []chart{{name: name, golden: name, png: b}}, err
	}
	// What simulates, and may fail the test, runs here; the goroutines
	// below only draw.
	threshold := experiment.Axis{Key: "policy.threshold", Values: []string{"4", "8", "12"}}
	growth := experiment.Axis{Key: "company.engineers.annual_pct", Values: []string{"100", "300"}}
	line, heat := sweep(t, threshold), sweep(t, threshold, growth)
	vs := []experiment.Result{result("trunk-and-branches", cfg, e)}
	for _, pol := range []string{sim.Centralized, sim.Fragmented} {
		c := *cfg
		c.Policy.Name = pol
		vs = append(vs, result(pol, &c, ensemble(t, c)))
	}
	rb := robustness(t)
	mc, me := manyTeams(t)
	deck := smallDeck(t, sim.Centralized)
	kinds := []func() ([]chart, error){
		func() ([]chart, error) {
			fs, err := RunCharts(e, cfg, meta, "png")
			return files("", fs, "headcount.png", "trunk-share.png", "quality.png", "pages.png", "morale.png", "investment.png"), err
		},
		func() ([]chart, error) {
			cm := meta
			cm.Policy = "compare trunk-and-branches vs centralized vs fragmented"
			fs, err := CompareCharts(cm, vs, cfg, "png")
			return files("", fs, "compare-headcount.png", "compare-trunk-share.png", "compare-outcomes.png"), err
		},
		func() ([]chart, error) { // a share and a count, the count's median apart from its mean
			return sweepCharts(sweepLine, "line-", line, "line-sweep-leavers.png", sim.Leavers, sim.FinalTrunkShare)
		},
		func() ([]chart, error) {
			return sweepCharts(sweepHeat, "heat-", heat, "heat-sweep-final_morale.png", sim.FinalMorale, sim.InterventionRate)
		},
		func() ([]chart, error) {
			b, err := TornadoChart(meta, sim.WeeksBelowQuality, 25, swings(), "png")
			return one("tornado.png", b, err)
		},
		func() ([]chart, error) {
			b, err := RobustnessChart(rb, "png")
			return one("robustness.png", b, err)
		},
		func() ([]chart, error) {
			var keys []sim.Key
			for _, m := range []sim.Metric{sim.Quality, sim.TrunkShareOfInfra, sim.Morale, sim.InfraEngineers} {
				keys = append(keys, sim.Key{Metric: m})
			}
			keys = append(keys, sim.Key{Metric: sim.TeamOpsShare, Subject: "core"})
			fit, err := FitChart(e, MedianHistory(e, keys, 4), meta, "png")
			return one("fit.png", fit.Data, err)
		},
		func() ([]chart, error) {
			f, err := OrgTree(e, cfg, meta)
			if err != nil {
				return nil, err
			}
			b, err := render(f, "png", meta.Line())
			return one("org-tree.png", b, err)
		},
		func() ([]chart, error) {
			f, err := OrgTree(me, mc, meta)
			if err != nil {
				return nil, err
			}
			b, err := render(f, "png", meta.Line())
			out, _ := one("org-tree-46.png", b, err)
			fs, err := RunCharts(me, mc, meta, "png")
			return append(out, files("46-teams-", fs[:1])...), err
		},
		func() ([]chart, error) { // the slides are TestDeckIsDeterministic's
			var out []chart
			for i, pg := range deck.Pages {
				if pg.Draw != nil { // as the PDF draws it, smaller than a slide
					b, err := chartPNG(pg, vg.Points(560), vg.Points(315))
					if err != nil {
						return nil, err
					}
					out = append(out, chart{name: fmt.Sprintf("pdf-%02d-%s.png", i+1, pg.Name), png: b})
				}
			}
			return out, nil
		},
	}
	got := make([][]chart, len(kinds))
	errs := make([]error, len(kinds))
	var wg sync.WaitGroup
	for i, k := range kinds {
		wg.Go(func() { got[i], errs[i] = k() })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	return slices.Concat(got...)
}

// sweepCharts renders a sweep's charts of the outcomes, named as
// SweepCharts names them after prefix.
func sweepCharts(build func(Meta, *experiment.Sweep, sim.Outcome) (*Figure, error), prefix string, sw *experiment.Sweep, golden string, outcomes ...sim.Outcome) ([]chart, error) {
	var out []chart
	for _, o := range outcomes {
		f, err := build(meta, sw, o)
		if err != nil {
			return nil, err
		}
		b, err := render(f, "png", meta.Line())
		if err != nil {
			return nil, err
		}
		name := prefix + "sweep-" + o.String() + ".png"
		out = append(out, chart{name: name, png: b})
		if name == golden {
			out[len(out)-1].golden = golden
		}
	}
	return out, nil
}

// Every kind of chart matches its golden image, and nothing in any chart
// is clipped: no pixel within margin of the image's edge is other than
// the white background. A title, key, tick label, footer or bar that ran
// past the edge would leave ink there. The PDF's smaller chart images are
// held to the same.
func TestEveryChart(t *testing.T) {
	const margin = 4 // pixels
	charts := everyChart(t)
	goldens := 0
	for _, c := range charts {
		checkChart(t, c, margin)
		if c.golden != "" {
			goldens++
		}
	}
	if goldens != 16 {
		t.Errorf("%d goldens checked, want 16", goldens)
	}
}

// checkChart decodes a chart, checks its size (a slide's, unless it is
// the PDF's), that it has no ink within margin of its edge, and its golden
// image if it has one.
func checkChart(t *testing.T, c chart, margin int) {
	t.Helper()
	{
		img, err := png.Decode(bytes.NewReader(c.png))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !strings.HasPrefix(c.name, "pdf-") {
			if b := img.Bounds(); b.Dx() != 1920 || b.Dy() != 1080 {
				t.Errorf("%s is %dx%d", c.name, b.Dx(), b.Dy())
			}
		}
		if p, ok := inkAtEdge(img, margin); ok {
			t.Errorf("%s: ink at %v, within %d pixels of the edge: something is clipped", c.name, p, margin)
		}
		if c.golden != "" {
			checkGolden(t, c.golden, c.png)
		}
	}
}

// inkAtEdge returns the first pixel within margin of img's edge that is
// not white.
func inkAtEdge(img image.Image, margin int) (image.Point, bool) {
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if x >= b.Min.X+margin && x < b.Max.X-margin && y >= b.Min.Y+margin && y < b.Max.Y-margin {
				x = b.Max.X - margin - 1
				continue
			}
			if r, g, bl, _ := img.At(x, y).RGBA(); r < 0xf800 || g < 0xf800 || bl < 0xf800 {
				return image.Pt(x, y), true
			}
		}
	}
	return image.Point{}, false
}

// The check finds ink at the edge: a gonum plot's axis label too long
// for its canvas.
func TestInkAtEdgeFindsClipping(t *testing.T) {
	p := newPlot("", "y")
	p.X.Label.Text = strings.Repeat("a label far too long for any slide ", 8)
	c := newCanvas("png")
	p.Draw(c.draw("provenance"))
	b, err := c.bytes("provenance")
	if err != nil {
		t.Fatal(err)
	}
	img, _ := png.Decode(bytes.NewReader(b))
	if _, ok := inkAtEdge(img, 4); !ok {
		t.Error("an axis label wider than the slide left no ink at the edge")
	}
}

// The org tree names all 46 teams beside its lanes, in the column at the
// right, and no figure draws gonum's legend on its data.
func TestFiguresKeepKeysOffTheData(t *testing.T) {
	for _, c := range everyChartFigures(t) {
		if r := c.fig.Legend.Rectangle(draw.New(newCanvas("png").img)); r.Size().Y != 0 {
			t.Errorf("%s draws a legend on its data", c.name)
		}
	}
}

// everyChartFigures are the figures of one of each kind that builds one.
func everyChartFigures(t *testing.T) []chart {
	cfg, e := small(t)
	var out []chart
	plots, err := RunPlots(e, cfg, meta)
	if err != nil {
		t.Fatal(err)
	}
	vs := []experiment.Result{result("a", cfg, e), result("b", cfg, e)}
	cps, err := ComparePlots(meta, vs, cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, cp := range append(plots, cps...) {
		out = append(out, chart{name: cp.Name, fig: cp.Plot})
	}
	tor, err := tornadoFigure(meta, sim.WeeksBelowQuality, 25, swings())
	if err != nil {
		t.Fatal(err)
	}
	tree, err := OrgTree(e, cfg, meta)
	if err != nil {
		t.Fatal(err)
	}
	return append(out, chart{name: "tornado", fig: tor}, chart{name: "org tree", fig: tree})
}

// No two domains of a scenario of up to 18 share a colour, nor any of
// them the trunk's; no two of 14 series share one; none is a reference
// colour. A domain keeps its colour from chart to chart.
func TestColoursNeverRepeat(t *testing.T) {
	cs := []color.RGBA{Palette[0]}
	for i := range 18 {
		cs = append(cs, areaColor(i))
	}
	apart(t, "areas", cs)
	cs = nil
	for i := range 14 {
		cs = append(cs, seriesColor(i))
	}
	apart(t, "series", cs)
	for i := range 14 {
		for _, ref := range []color.RGBA{Palette[7], grey, darkGrey} {
			if deltaE(seriesColor(i), ref) < 12 || i < 18 && deltaE(areaColor(i), ref) < 12 {
				t.Errorf("colour %d is close to a reference colour %v", i, ref)
			}
		}
	}
	cfg, _ := manyTeams(t)
	if AreaColor(cfg, "area-07") != areaColor(4+7) || AreaColor(cfg, sim.TrunkArea) != Palette[0] {
		t.Error("a domain's colour is not its place in the scenario's")
	}
}

func apart(t *testing.T, what string, cs []color.RGBA) {
	t.Helper()
	for i := range cs {
		for j := i + 1; j < len(cs); j++ {
			if d := deltaE(cs[i], cs[j]); d < 12 {
				t.Errorf("%s %d and %d are %.1f apart (ΔE), under 12: %v %v", what, i, j, d, cs[i], cs[j])
			}
		}
	}
}

// deltaE is the CIE76 distance of two colours in CIELAB.
func deltaE(a, b color.RGBA) float64 {
	lab := func(c color.RGBA) [3]float64 {
		lin := func(v uint8) float64 {
			f := float64(v) / 255
			if f <= 0.04045 {
				return f / 12.92
			}
			return math.Pow((f+0.055)/1.055, 2.4)
		}
		r, g, bl := lin(c.R), lin(c.G), lin(c.B)
		x := (0.4124*r + 0.3576*g + 0.1805*bl) / 0.95047
		y := 0.2126*r + 0.7152*g + 0.0722*bl
		z := (0.0193*r + 0.1192*g + 0.9505*bl) / 1.08883
		f := func(t float64) float64 {
			if t > 0.008856 {
				return math.Cbrt(t)
			}
			return 7.787*t + 16.0/116
		}
		return [3]float64{116*f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))}
	}
	p, q := lab(a), lab(b)
	return math.Sqrt((p[0]-q[0])*(p[0]-q[0]) + (p[1]-q[1])*(p[1]-q[1]) + (p[2]-q[2])*(p[2]-q[2]))
}

// Time runs in years past two years, in quarters up to two, in weeks on
// request; more than maxMarks splits become a strip of ticks.
func TestTimeAxisAndMarks(t *testing.T) {
	for _, tt := range []struct {
		weeks int
		unit  string
		label string
		ticks string
	}{
		{156, TimeAuto, "years from the start", "0 1 2 3"},
		{104, TimeAuto, "quarters from the start", "0 1 2 3 4 5 6 7 8"},
		{40, TimeYears, "years from the start", "0"},
		{40, TimeWeeks, "weeks from the start", ""},
	} {
		f := newFigure("", "")
		timeAxis(f.Plot, tt.weeks, tt.unit, "")
		var labels []string
		for _, tk := range f.X.Tick.Marker.Ticks(f.X.Min, f.X.Max) {
			if tk.Label != "" {
				labels = append(labels, tk.Label)
			}
		}
		if f.X.Label.Text != tt.label || tt.ticks != "" && strings.Join(labels, " ") != tt.ticks {
			t.Errorf("%d weeks in %q: %q, ticks %v", tt.weeks, tt.unit, f.X.Label.Text, labels)
		}
	}
	var evs []sim.Event
	for w := range 400 {
		evs = append(evs, sim.Event{Week: w % 150, Kind: "split"})
	}
	f := newFigure("", "")
	f.Y.Min, f.Y.Max = 0, 100
	addEvents(f, evs, "split", grey, nil, "splits (run 1)")
	if len(f.key) != 1 || f.key[0].label != "splits (run 1): 400, ticks along the top" || f.Y.Max <= 100 {
		t.Errorf("400 splits: key %v, y up to %g", f.key, f.Y.Max)
	}
}
