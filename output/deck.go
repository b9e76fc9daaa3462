package output

import (
	"bytes"
	"fmt"
	"html"
	"image/color"
	"slices"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/trunksim/trunksim/sim"
	"github.com/trunksim/trunksim/sim/experiment"
)

// Page is one slide of the deck: a text page (Lines) or a chart page (a
// Takeaway above a drawing).
type Page struct {
	Name     string // slug, for slides/NN-name.png
	Title    string
	Lines    []string
	Takeaway string
	Draw     func(draw.Canvas) error
	// Findings, on a page of findings, are its Lines with the numbers
	// they quote, which report.html marks with where each comes from.
	Findings []Finding
}

// Deck is the leadership deck: one scenario and its variants, as pages
// that render the same to PDF, PNG slides and one HTML file.
type Deck struct {
	Meta  Meta
	Title string
	Date  time.Time
	Pages []Page
}

// DeckInput is what a deck is built from.
type DeckInput struct {
	Meta        Meta
	Description string
	Config      *sim.Config // the first variant's
	Comparison  *experiment.Comparison
	Assumptions []string // one line per input that differs from the defaults
	Date        time.Time
	// Edges is what report's knife-edge check found, nil if it did not
	// run.
	Edges *EdgeCheck
}

// BuildDeck lays out the pages: title, key findings, what to watch, org
// tree, one chart per page with its takeaway, the appendix of further
// findings and run 1's story, assumptions, warnings and method.
func BuildDeck(in DeckInput) (*Deck, error) {
	m, first := in.Meta, in.Comparison.Results[0]
	d := &Deck{Meta: m, Title: m.Scenario, Date: in.Date}
	var names []string
	for _, v := range in.Comparison.Results {
		names = append(names, Named(v))
	}
	d.Pages = append(d.Pages, Page{Name: "title", Title: "Growing the infrastructure organization: " + m.Scenario, Lines: []string{
		in.Description,
		"Policies: " + strings.Join(names, ", "),
		fmt.Sprintf("%d runs of %d weeks each, seed %d", m.Runs, m.Weeks, m.Seed),
		in.Date.UTC().Format("2 January 2006"),
	}})
	found := Find(in.Comparison, in.Edges)
	d.Pages = append(d.Pages, findingsPage("findings", "Key findings", found.Main),
		findingsPage("watch", "What to watch", found.Watch))
	// The tree of the winner if it splits, else of the first variant that
	// does, if any does.
	treeOf := in.Comparison.Best(verdictOutcome)
	if treeOf.Ensemble.Outcome(sim.Splits).Mean == 0 {
		treeOf = first
		if i := slices.IndexFunc(in.Comparison.Results, func(v experiment.Result) bool { return v.Ensemble.Outcome(sim.Splits).Mean > 0 }); i >= 0 {
			treeOf = in.Comparison.Results[i]
		}
	}
	meta := m
	meta.Policy = first.Name
	treeMeta := m
	treeMeta.Policy = treeOf.Name
	tree, err := OrgTree(treeOf.Ensemble, treeOf.Config, treeMeta)
	if err != nil {
		return nil, err
	}
	d.Pages = append(d.Pages, Page{Name: "org-tree", Title: "The organization as a tree",
		Takeaway: fmt.Sprintf("Run 1 under %s: the trunk and each branch it split off, thickness its headcount; %s in the median run.",
			treeOf.Name, splitsText(treeOf.Ensemble.Outcome(sim.Splits).P50)), Draw: plotDraw(tree)})
	if len(in.Comparison.Results) == 1 {
		plots, err := RunPlots(first.Ensemble, in.Config, meta)
		if err != nil {
			return nil, err
		}
		for _, cp := range plots {
			d.Pages = append(d.Pages, Page{Name: cp.Name, Title: cp.Title, Takeaway: takeaway(cp.Name, in.Config, first), Draw: plotDraw(cp.Plot)})
		}
	} else {
		plots, err := ComparePlots(m, in.Comparison.Results, in.Config)
		if err != nil {
			return nil, err
		}
		for i, cp := range plots {
			d.Pages = append(d.Pages, Page{Name: cp.Name, Title: cp.Title, Takeaway: compareTakeaway(overlays[i].outcome, in.Comparison.Results), Draw: plotDraw(cp.Plot)})
		}
		d.Pages = append(d.Pages, Page{Name: "outcomes", Title: "Outcomes by variant",
			Takeaway: fmt.Sprintf("Best on service quality: %s.", in.Comparison.Best(sim.MeanQuality).Name),
			Draw:     func(dc draw.Canvas) error { return OutcomeBars(dc, m, in.Comparison.Results) }})
	}
	d.Pages = append(d.Pages, findingsPage("appendix", "Appendix: more findings", found.More))
	d.Pages = append(d.Pages, textPages("run-1", "Appendix: run 1 under "+treeOf.Name, runStory(treeOf.Ensemble.First, perPage))...)
	assumptions := in.Assumptions
	if len(assumptions) == 0 {
		assumptions = []string{"Every input is at the model's default."}
	}
	d.Pages = append(d.Pages, textPages("assumptions", "Assumptions that differ from the defaults", assumptions)...)
	method := []string{
		fmt.Sprintf("Each policy ran %d times for %d weeks; a week is one tick of the model, with hires, departures, budget reviews and splits as events in between.", m.Runs, m.Weeks),
		fmt.Sprintf("Run i of every policy uses the seed (%d, i): common random numbers, so differences between policies come from the policy rather than from luck.", m.Seed),
		"Lines are medians across runs; shaded bands run from the 10th to the 90th percentile. The org tree, event marks and splits are run 1's.",
		"Weekly quantiles are read from sketches with fixed bins, within 0.8% of the exact values; per-run outcomes are exact. Differences carry 90% Student's t intervals over paired runs.",
		"Nothing in the model knows which policy should win: outcomes come from demand growth, automation, backlog, on-call load, morale, attrition, hiring and budget mechanisms.",
		"Provenance: " + m.Line(),
	}
	for _, u := range m.Distributions {
		who := ""
		if u.Variant != "" {
			who = " (" + u.Variant + ")"
		}
		method = append(method, "Drawn anew in every run"+who+": "+u.Key+", "+u.Describe()+".")
	}
	// A warning is something to check before trusting the deck: they get
	// a page of their own, a few of them, and the rest are counted.
	if ws := m.Warnings; len(ws) > 0 {
		const shown = 5
		lines := slices.Clone(ws[:min(len(ws), shown)])
		if len(ws) > shown {
			lines = append(lines, fmt.Sprintf("And %d more, as the command printed them.", len(ws)-shown))
		}
		d.Pages = append(d.Pages, Page{Name: "warnings", Title: "Check before trusting this", Lines: lines})
	}
	d.Pages = append(d.Pages, Page{Name: "method", Title: "Method", Lines: method})
	return d, nil
}

// splitsText is a number of splits in words: "1 split", "13 splits".
func splitsText(n float64) string {
	s := Format(sim.UnitCount, n)
	if s == "1" {
		return "1 split"
	}
	return s + " splits"
}

// perPage is the most lines a text page holds, so that every page stays
// readable.
const perPage = 12

// findingsPage is a page of findings.
func findingsPage(name, title string, fs []Finding) Page {
	pg := Page{Name: name, Title: title, Findings: fs}
	for _, f := range fs {
		pg.Lines = append(pg.Lines, f.Text())
	}
	return pg
}

// textPages lays lines out on as many pages as they need, perPage each,
// numbered when there are several; none for no lines.
func textPages(name, title string, lines []string) []Page {
	var out []Page
	n := (len(lines) + perPage - 1) / perPage
	for i := 0; i < len(lines); i += perPage {
		pg := Page{Name: name, Title: title, Lines: lines[i:min(i+perPage, len(lines))]}
		if n > 1 {
			pg.Title += fmt.Sprintf(" (%d of %d)", i/perPage+1, n)
			pg.Name += fmt.Sprintf("-%d", i/perPage+1)
		}
		out = append(out, pg)
	}
	return out
}

func plotDraw(f *Figure) func(draw.Canvas) error {
	return func(c draw.Canvas) error { f.Draw(c); return nil }
}

// Page geometry, in points: a 16:9 slide of 720 x 405.
const (
	pageW, pageH = 720.0, 405.0
	margin       = 36.0
)

var (
	ink  = color.RGBA{0x22, 0x22, 0x22, 0xff}
	soft = color.RGBA{0x55, 0x55, 0x55, 0xff}
)

// wrap breaks text into lines no wider than width in the given style.
func wrap(sty draw.TextStyle, text string, width vg.Length) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(text) {
		try := strings.TrimSpace(line + " " + w)
		if line != "" && sty.Width(try) > width {
			lines = append(lines, line)
			line = w
			continue
		}
		line = try
	}
	return append(lines, line)
}

// drawPage draws page n of the deck on a slide-sized canvas.
func (d *Deck) drawPage(dc draw.Canvas, n int) error {
	pg := d.Pages[n]
	text := func(size float64, c color.Color) draw.TextStyle {
		return draw.TextStyle{Color: c, Font: sans(size), XAlign: draw.XLeft, YAlign: draw.YTop, Handler: plot.DefaultTextHandler}
	}
	top := dc.Max.Y - vg.Points(margin)
	left := dc.Min.X + vg.Points(margin)
	width := dc.Max.X - dc.Min.X - 2*vg.Points(margin)
	foot := text(8, soft)
	foot.YAlign = draw.YBottom
	dc.FillText(foot, vg.Point{X: left, Y: dc.Min.Y + vg.Points(10)}, fmt.Sprintf("%d / %d   %s", n+1, len(d.Pages), d.Meta.Line()))
	switch {
	case pg.Name == "title":
		title := text(30, ink)
		y := dc.Min.Y + (dc.Max.Y-dc.Min.Y)*0.66
		for _, l := range wrap(title, pg.Title, width) {
			dc.FillText(title, vg.Point{X: left, Y: y}, l)
			y -= title.Height(l) * 1.15
		}
		y -= vg.Points(14)
		sub := text(16, soft)
		for _, para := range pg.Lines {
			for _, l := range wrap(sub, para, width) {
				dc.FillText(sub, vg.Point{X: left, Y: y}, l)
				y -= sub.Height(l) * 1.3
			}
		}
	case pg.Draw == nil:
		title := text(24, ink)
		dc.FillText(title, vg.Point{X: left, Y: top}, pg.Title)
		y := top - title.Height(pg.Title) - vg.Points(16)
		// The largest size from 14 points down at which every line fits.
		size := 14.0
		for ; size > 8; size-- {
			h := vg.Length(0)
			for _, para := range pg.Lines {
				for _, l := range wrap(text(size, ink), para, width-vg.Points(16)) {
					h += text(size, ink).Height(l) * 1.25
				}
				h += vg.Points(size * 0.4)
			}
			if h <= y-dc.Min.Y-vg.Points(24) {
				break
			}
		}
		body := text(size, ink)
		for _, para := range pg.Lines {
			for i, l := range wrap(body, para, width-vg.Points(16)) {
				if i == 0 {
					dc.FillText(body, vg.Point{X: left, Y: y}, "•")
				}
				dc.FillText(body, vg.Point{X: left + vg.Points(16), Y: y}, l)
				y -= body.Height(l) * 1.25
			}
			y -= vg.Points(size * 0.4)
		}
	default:
		head := text(16, ink)
		y := top + vg.Points(18)
		for _, l := range wrap(head, pg.Takeaway, width) {
			dc.FillText(head, vg.Point{X: left, Y: y}, l)
			y -= head.Height(l) * 1.2
		}
		area := draw.Crop(dc, vg.Points(8), -vg.Points(8), vg.Points(22), -(dc.Max.Y - y + vg.Points(4)))
		return pg.Draw(area)
	}
	return nil
}

// Slides renders every page as a 1920x1080 PNG, slides/NN-name.png, side
// by side (each).
func (d *Deck) Slides() ([]File, error) {
	files := make([]File, len(d.Pages))
	err := each(len(d.Pages), func(i int) (err error) {
		files[i], err = d.slide(i)
		return err
	})
	if err != nil {
		return nil, err
	}
	return files, nil
}

// slide renders page i as slides/NN-name.png.
func (d *Deck) slide(i int) (File, error) {
	pg := d.Pages[i]
	c := newImageCanvas(slideW, slideH)
	if err := d.drawPage(draw.New(c), i); err != nil {
		return File{}, fmt.Errorf("slide %s: %w", pg.Name, err)
	}
	b, err := c.png()
	if err != nil {
		return File{}, err
	}
	return File{Name: fmt.Sprintf("slides/%02d-%s.png", i+1, pg.Name), Data: withText(b, "Software", d.Meta.Line())}, nil
}

// chartPNG renders a chart page's drawing alone, for the PDF.
func chartPNG(pg Page, w, h vg.Length) ([]byte, error) {
	c := newImageCanvas(w, h)
	var b []byte
	err := pg.Draw(draw.New(c))
	if err == nil {
		b, err = c.png()
	}
	if err != nil {
		return nil, fmt.Errorf("page %s: %w", pg.Name, err)
	}
	return b, nil
}

// pdfChart reports whether the PDF shows page pg's drawing, as an image.
func pdfChart(pg Page) bool { return pg.Name != "title" && pg.Draw != nil }

// newPDF starts the deck's PDF: 16:9 pages, uncompressed, dated with the
// deck.
func (d *Deck) newPDF() *fpdf.Fpdf {
	pdf := fpdf.NewCustom(&fpdf.InitType{UnitStr: "pt", Size: fpdf.SizeType{Wd: pageW, Ht: pageH}, OrientationStr: "P"})
	pdf.SetCompression(false)
	pdf.SetCatalogSort(true)
	pdf.SetCreationDate(d.Date)
	pdf.SetModificationDate(d.Date)
	pdf.SetProducer("trunksim "+d.Meta.Version, false)
	pdf.SetTitle(d.Title, true)
	pdf.SetAutoPageBreak(false, 0)
	return pdf
}

// pdfTakeaway writes chart page i's takeaway at the top of the PDF's
// current page and returns the box under it that its chart fills, at the
// most, at 16:9.
func pdfTakeaway(pdf *fpdf.Fpdf, tr func(string) string, i int, takeaway string) (x, y, w, h float64) {
	pdf.SetFont("Helvetica", "B", 15)
	pdf.SetXY(margin, 14)
	pdf.MultiCell(pageW-2*margin, 18, tr(takeaway), "", "L", false)
	y = pdf.GetY() + 4
	h = pageH - y - 20
	w = h * 16 / 9
	if w > pageW-2*margin {
		w = pageW - 2*margin
		h = w * 9 / 16
	}
	// fpdf writes images sorted by pixel width, in map order among
	// equals: half a point less per page keeps every width distinct
	// and the file's bytes the same from build to build.
	w -= 0.5 * float64(i)
	return (pageW - w) / 2, y, w, h
}

// pdfChartSizes are the sizes, in points, of the charts the PDF shows,
// by page (zero for a page without one): what pdfTakeaway lays out, on a
// scratch PDF, so that the charts can be drawn before the PDF is.
func (d *Deck) pdfChartSizes() [][2]vg.Length {
	pdf := d.newPDF()
	tr := pdf.UnicodeTranslatorFromDescriptor("")
	sizes := make([][2]vg.Length, len(d.Pages))
	for i, pg := range d.Pages {
		if pdfChart(pg) {
			pdf.AddPage()
			_, _, w, h := pdfTakeaway(pdf, tr, i, pg.Takeaway)
			sizes[i] = [2]vg.Length{vg.Length(w), vg.Length(h)}
		}
	}
	return sizes
}

// PDF renders the deck as 16:9 pages with real text (core Helvetica, no
// compression, so the words can be searched and read back) and the
// charts as images. Its dates are the deck's, so the same inputs give the
// same bytes.
func (d *Deck) PDF() ([]byte, error) {
	return d.pdf(func(i int, w, h float64) ([]byte, error) { return chartPNG(d.Pages[i], vg.Length(w), vg.Length(h)) })
}

// pdf renders the PDF with chart(i, w, h), chart page i's drawing as a
// PNG w by h points.
func (d *Deck) pdf(chart func(i int, w, h float64) ([]byte, error)) ([]byte, error) {
	pdf := d.newPDF()
	tr := pdf.UnicodeTranslatorFromDescriptor("")
	for i, pg := range d.Pages {
		pdf.AddPage()
		pdf.SetTextColor(0x55, 0x55, 0x55)
		pdf.SetFont("Helvetica", "", 7)
		pdf.Text(margin, pageH-10, tr(fmt.Sprintf("%d / %d   %s", i+1, len(d.Pages), d.Meta.Line())))
		pdf.SetTextColor(0x22, 0x22, 0x22)
		switch {
		case pg.Name == "title":
			pdf.SetFont("Helvetica", "B", 28)
			pdf.SetXY(margin, pageH*0.30)
			pdf.MultiCell(pageW-2*margin, 32, tr(pg.Title), "", "L", false)
			pdf.SetFont("Helvetica", "", 15)
			pdf.SetTextColor(0x55, 0x55, 0x55)
			for _, l := range pg.Lines {
				pdf.SetX(margin)
				pdf.MultiCell(pageW-2*margin, 20, tr(l), "", "L", false)
			}
		case pg.Draw == nil:
			pdf.SetFont("Helvetica", "B", 22)
			pdf.Text(margin, margin+8, tr(pg.Title))
			// The largest size from 13 points down at which every line fits.
			size := 13.0
			for ; size > 7; size-- {
				pdf.SetFont("Helvetica", "", size)
				h := 0.0
				for _, l := range pg.Lines {
					h += float64(len(pdf.SplitLines([]byte(tr("• "+l)), pageW-2*margin)))*size*1.3 + size*0.3
				}
				if h <= pageH-margin-24-24 {
					break
				}
			}
			pdf.SetFont("Helvetica", "", size)
			pdf.SetXY(margin, margin+24)
			for _, l := range pg.Lines {
				pdf.SetX(margin)
				pdf.MultiCell(pageW-2*margin, size*1.3, tr("• "+l), "", "L", false)
				pdf.Ln(size * 0.3)
			}
		default:
			x, y, w, h := pdfTakeaway(pdf, tr, i, pg.Takeaway)
			img, err := chart(i, w, h)
			if err != nil {
				return nil, err
			}
			name := fmt.Sprintf("chart-%02d", i)
			pdf.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(img))
			pdf.ImageOptions(name, x, y, w, h, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
		}
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// HTML renders the deck as one self-contained page: inline SVG charts, no
// scripts, no fetches, one section per page, readable on a laptop and
// printable a page a slide.
func (d *Deck) HTML() ([]byte, error) {
	return d.html(func(i int) (string, error) { return chartSVG(d.Pages[i]) })
}

// htmlChart reports whether report.html shows page pg's drawing, as an
// inline SVG.
func htmlChart(pg Page) bool { return pg.Name != "title" && pg.Findings == nil && pg.Draw != nil }

// chartSVG renders a chart page's drawing alone as an SVG element, for
// report.html.
func chartSVG(pg Page) (string, error) {
	c := vgsvg.New(slideW, slideH)
	if err := pg.Draw(draw.New(c)); err != nil {
		return "", fmt.Errorf("page %s: %w", pg.Name, err)
	}
	var svg bytes.Buffer
	if _, err := c.WriteTo(&svg); err != nil {
		return "", err
	}
	s := svg.String()
	if j := strings.Index(s, "<svg"); j > 0 {
		s = s[j:] // drop the XML declaration and doctype
	}
	return s, nil
}

// html renders report.html with svg(i), chart page i's drawing as an
// SVG element (htmlChart).
func (d *Deck) html(svg func(i int) (string, error)) ([]byte, error) {
	var b strings.Builder
	esc := html.EscapeString
	fmt.Fprintf(&b, `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="%s">
<title>%s</title>
<style>
body { font-family: "Liberation Sans", Arial, Helvetica, sans-serif; color: #222; margin: 0; background: #f4f4f4; }
section { background: #fff; max-width: 1100px; margin: 24px auto; padding: 28px 40px; box-shadow: 0 1px 4px rgba(0,0,0,.15); }
h1 { font-size: 2.1em; margin: 1.2em 0 .4em; }
h2 { font-size: 1.5em; margin: 0 0 .6em; }
p.takeaway { font-size: 1.2em; font-weight: bold; margin: 0 0 .6em; }
.sub { color: #555; font-size: 1.15em; margin: .3em 0; }
li { margin: .35em 0; line-height: 1.35; }
svg { width: 100%%; height: auto; display: block; }
footer { color: #666; font-size: .8em; margin-top: 1em; }
@media print { body { background: #fff; } section { box-shadow: none; margin: 0; page-break-after: always; max-width: none; } }
</style>
</head>
<body>
`, esc("trunksim "+d.Meta.Version), esc(d.Title))
	for i, pg := range d.Pages {
		fmt.Fprintf(&b, "<section id=\"%s\">\n", esc(pg.Name))
		switch {
		case pg.Name == "title":
			fmt.Fprintf(&b, "<h1>%s</h1>\n", esc(pg.Title))
			for _, l := range pg.Lines {
				fmt.Fprintf(&b, "<p class=\"sub\">%s</p>\n", esc(l))
			}
		case pg.Findings != nil:
			fmt.Fprintf(&b, "<h2>%s</h2>\n<ul>\n", esc(pg.Title))
			for _, f := range pg.Findings {
				b.WriteString("<li>" + findingHTML(f) + "</li>\n")
			}
			b.WriteString("</ul>\n")
		case pg.Draw == nil:
			fmt.Fprintf(&b, "<h2>%s</h2>\n<ul>\n", esc(pg.Title))
			for _, l := range pg.Lines {
				fmt.Fprintf(&b, "<li>%s</li>\n", esc(l))
			}
			b.WriteString("</ul>\n")
		default:
			fmt.Fprintf(&b, "<h2>%s</h2>\n<p class=\"takeaway\">%s</p>\n", esc(pg.Title), esc(pg.Takeaway))
			s, err := svg(i)
			if err != nil {
				return nil, err
			}
			b.WriteString(s + "\n")
		}
		fmt.Fprintf(&b, "<footer>%d / %d &middot; %s</footer>\n</section>\n", i+1, len(d.Pages), esc(d.Meta.Line()))
	}
	b.WriteString("</body>\n</html>\n")
	return []byte(b.String()), nil
}

// findingHTML is a finding with its topic in bold and each number it
// quotes in a span that says where it comes from: a reader sees it on
// hovering, a program in its data attributes.
func findingHTML(f Finding) string {
	var b strings.Builder
	esc := html.EscapeString
	if f.Topic != "" {
		b.WriteString("<strong>" + esc(f.Topic) + ":</strong> ")
	}
	for _, s := range f.Spans {
		q := s.Quote
		if q == nil {
			b.WriteString(esc(s.Text))
			continue
		}
		fmt.Fprintf(&b, `<span class="q" data-variant="%s" data-source="%s" data-subject="%s" data-stat="%s" data-of="%s" data-sign="%g" title="%s">%s</span>`,
			esc(q.Variant), esc(q.Source), esc(q.Subject), esc(q.Stat), esc(q.Of), q.Sign, esc(q.Where()), esc(s.Text))
	}
	return b.String()
}

// Files renders the deck as deck.pdf, slides/NN-name.png and
// report.html. Each page's drawings, its chart for the PDF and for
// report.html and its slide, render side by side with other pages' (each),
// in that order within the page, as PDF, HTML and Slides draw them; the
// PDF and the page are then put together from them.
func (d *Deck) Files() ([]File, error) {
	sizes := d.pdfChartSizes()
	type drawn struct {
		png   []byte
		svg   string
		slide File
	}
	pages := make([]drawn, len(d.Pages))
	err := each(len(d.Pages), func(i int) (err error) {
		pg, out := d.Pages[i], &pages[i]
		if pdfChart(pg) {
			if out.png, err = chartPNG(pg, sizes[i][0], sizes[i][1]); err != nil {
				return err
			}
		}
		if htmlChart(pg) {
			if out.svg, err = chartSVG(pg); err != nil {
				return err
			}
		}
		out.slide, err = d.slide(i)
		return err
	})
	if err != nil {
		return nil, err
	}
	pdf, err := d.pdf(func(i int, w, h float64) ([]byte, error) {
		if [2]vg.Length{vg.Length(w), vg.Length(h)} != sizes[i] {
			return nil, fmt.Errorf("page %s: the PDF lays its chart out at %gx%g points, not at the %gx%g it was drawn at", d.Pages[i].Name, w, h, sizes[i][0], sizes[i][1])
		}
		return pages[i].png, nil
	})
	if err != nil {
		return nil, err
	}
	page, err := d.html(func(i int) (string, error) { return pages[i].svg, nil })
	if err != nil {
		return nil, err
	}
	files := []File{{Name: "deck.pdf", Data: pdf}, {Name: "report.html", Data: page}}
	for _, p := range pages {
		files = append(files, p.slide)
	}
	return files, nil
}
