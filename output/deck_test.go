package output

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trunksim/trunksim/internal/wording"
	"github.com/trunksim/trunksim/sim"
	"github.com/trunksim/trunksim/sim/experiment"
)

var date = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func smallDeck(t *testing.T, variants ...string) *Deck {
	t.Helper()
	cfg, e := small(t)
	vs := []experiment.Result{result("trunk-and-branches", cfg, e)}
	for _, pol := range variants {
		c := *cfg
		c.Policy.Name = pol
		vs = append(vs, result(pol, &c, ensemble(t, c)))
	}
	d, err := BuildDeck(DeckInput{Meta: meta, Description: "a small test organization", Config: cfg, Comparison: experiment.Compare(vs),
		Assumptions: []string{"people.attrition_pct: 20 (percent a year), default 13"}, Date: date})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// The PDF reads back: one page per deck page, and the findings page's
// sentences in its text.
func TestDeckPDFReadsBack(t *testing.T) {
	d := smallDeck(t, sim.Centralized)
	pdf, err := d.PDF()
	if err != nil {
		t.Fatal(err)
	}
	pages := len(regexp.MustCompile(`/Type /Page\b[^s]`).FindAll(pdf, -1))
	if pages != len(d.Pages) || pages < 10 {
		t.Errorf("%d pages in the PDF, %d in the deck", pages, len(d.Pages))
	}
	text := wording.PDFText(pdf)
	for _, want := range []string{"Key findings", "Method", "Assumptions that differ from the defaults", "people.attrition_pct: 20"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	for _, pg := range d.Pages {
		if pg.Name == "findings" {
			for _, l := range pg.Lines {
				if !strings.Contains(strings.ReplaceAll(text, "\n", " "), l[:40]) {
					t.Errorf("findings sentence not in the PDF: %q", l)
				}
			}
		}
	}
	if !bytes.Contains(pdf, []byte("/CreationDate (D:20260101000000")) {
		t.Error("the PDF's creation date is not the deck's")
	}
}

// The same inputs and date give the same bytes; another date changes the
// PDF.
func TestDeckIsDeterministic(t *testing.T) {
	a, b := smallDeck(t), smallDeck(t)
	fa, err := a.Files()
	if err != nil {
		t.Fatal(err)
	}
	fb, _ := b.Files()
	for i := range fa {
		if fa[i].Name != fb[i].Name || !bytes.Equal(fa[i].Data, fb[i].Data) {
			t.Errorf("%s differs between two builds", fa[i].Name)
		}
	}
	b.Date = date.Add(24 * time.Hour)
	p1, _ := a.PDF()
	p2, _ := b.PDF()
	if bytes.Equal(p1, p2) {
		t.Error("a different date gave the same PDF")
	}
	// Every slide is 1920x1080 with nothing clipped at its edges; the org
	// tree's matches its golden image.
	golden := 0
	for _, f := range fa {
		if strings.HasSuffix(f.Name, ".png") {
			c := chart{name: f.Name, png: f.Data}
			if strings.HasSuffix(f.Name, "-org-tree.png") {
				c.golden = "slides/org-tree.png"
				golden++
			}
			checkChart(t, c, 4)
		}
	}
	if golden != 1 {
		t.Errorf("%d org tree slides checked against the golden, want 1", golden)
	}
}

// Findings are computed: other inputs give other sentences, with the
// numbers they carry.
func TestFindingsFollowTheResults(t *testing.T) {
	cfg, e := small(t)
	c := *cfg
	c.People.AttritionPct = 45
	p, _ := sim.NewPlan(&c)
	e2, _ := p.Replicate(context.Background(), sim.Options{Runs: 5, Seed: 3})
	f1 := texts(Find(experiment.Compare([]experiment.Result{result("a", cfg, e)}), nil).Main)
	f2 := texts(Find(experiment.Compare([]experiment.Result{result("a", &c, e2)}), nil).Main)
	if strings.Join(f1, "|") == strings.Join(f2, "|") {
		t.Fatal("tripled attrition left the findings unchanged")
	}
	left := regexp.MustCompile(`(\d+) engineers leave`)
	n1, n2 := left.FindStringSubmatch(strings.Join(f1, " ")), left.FindStringSubmatch(strings.Join(f2, " "))
	if n1 == nil || n2 == nil || n1[1] == n2[1] {
		t.Errorf("leavers sentence: %v then %v", n1, n2)
	}
	if want := e2.Outcome(sim.Leavers).P50; !strings.Contains(strings.Join(f2, " "), Format(sim.UnitEngineers, want)+" engineers leave") {
		t.Errorf("findings do not carry the median leavers %v: %v", want, f2)
	}
	two := texts(Find(experiment.Compare([]experiment.Result{result("trunk-and-branches", cfg, e), result("ops", &c, e2)}), nil).Main)
	if !strings.Contains(strings.Join(two, " "), "on the same random draws") {
		t.Errorf("no paired comparison among %v", two)
	}
}

// report.html stands alone: no scripts, no fetches, every chart inline.
func TestReportHTMLIsSelfContained(t *testing.T) {
	d := smallDeck(t, sim.Fragmented)
	page, err := d.HTML()
	if err != nil {
		t.Fatal(err)
	}
	s := string(page)
	for _, bad := range []string{"<script", "<link", "<img", "<iframe", "url(", "@import", "src=", "href=\"http"} {
		if strings.Contains(s, bad) {
			t.Errorf("report.html contains %q", bad)
		}
	}
	charts := 0
	for _, pg := range d.Pages {
		if pg.Draw != nil {
			charts++
		}
	}
	if got := strings.Count(s, "<svg"); got != charts {
		t.Errorf("%d inline SVGs, %d chart pages", got, charts)
	}
}

// report.html renders in a real headless browser without errors or
// network requests, and its screenshot shows content. CI installs Debian's
// chromium; elsewhere the test skips when there is none.
func TestReportHTMLInChromium(t *testing.T) {
	browser, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium is not installed; .ci/run installs it")
		}
		t.Skip("no chromium here")
	}
	dir := t.TempDir()
	page, err := smallDeck(t, sim.Centralized).HTML()
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "report.html")
	os.WriteFile(file, page, 0o644)
	shot := filepath.Join(dir, "shot.png")
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--user-data-dir="+filepath.Join(dir, "profile"),
		"--proxy-server=127.0.0.1:9", "--enable-logging=stderr", "--v=0", "--log-net-log="+filepath.Join(dir, "net.json"),
		"--window-size=1280,2200", "--screenshot="+shot, "file://"+file)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("chromium: %v\n%s", err, out)
	}
	for _, bad := range []string{"net::ERR", "Uncaught", "Failed to load resource"} {
		if bytes.Contains(out, []byte(bad)) {
			t.Errorf("chromium reported %q:\n%s", bad, out)
		}
	}
	// Every request the net log saw must be Chromium's own (its update and
	// account checks), never the page's.
	netlog, err := os.ReadFile(filepath.Join(dir, "net.json"))
	if err != nil {
		t.Fatal(err)
	}
	own := regexp.MustCompile(`^https?://[^/]*(google\.com|googleapis\.com|gstatic\.com)(/|$)`)
	for _, m := range regexp.MustCompile(`"url":"(https?://[^"]*)"`).FindAllSubmatch(netlog, -1) {
		if !own.Match(m[1]) {
			t.Errorf("report.html made a network request: %s", m[1])
		}
	}
	data, err := os.ReadFile(shot)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	dark, total := 0, 0
	for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y += 4 {
		for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x += 4 {
			r, g, b, _ := img.At(x, y).RGBA()
			total++
			if r+g+b < 3*0x8000 {
				dark++
			}
		}
	}
	if dark < total/200 {
		t.Errorf("the screenshot is nearly blank: %d of %d samples dark", dark, total)
	}
}

// result names an ensemble as a comparison's arm.
func result(name string, cfg *sim.Config, e *sim.Ensemble) experiment.Result {
	return experiment.Result{Variant: experiment.Variant{Name: name, Config: cfg}, Ensemble: e}
}

// texts are the findings as the deck's lines.
func texts(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Text())
	}
	return out
}

// Warnings get a page of their own, at most five lines and a count; the
// distributions drawn are named on the method page; without either the
// deck has no warnings page.
func TestDeckWarningsAndDistributions(t *testing.T) {
	cfg, e := small(t)
	vs := []experiment.Result{result("trunk-and-branches", cfg, e)}
	m := meta
	for i := range 7 {
		m.Warnings = append(m.Warnings, fmt.Sprintf("warning number %d", i+1))
	}
	low, high := 36.0, 44.0
	m.Distributions = []Distribution{{Key: "people.hours_per_week", Dist: "uniform", Low: &low, High: &high}}
	d, err := BuildDeck(DeckInput{Meta: m, Config: cfg, Comparison: experiment.Compare(vs), Date: date})
	if err != nil {
		t.Fatal(err)
	}
	page := func(name string) *Page {
		for i := range d.Pages {
			if d.Pages[i].Name == name {
				return &d.Pages[i]
			}
		}
		return nil
	}
	w := page("warnings")
	if w == nil || len(w.Lines) != 6 || w.Lines[0] != "warning number 1" || w.Lines[5] != "And 2 more, as the command printed them." {
		t.Errorf("warnings page: %+v", w)
	}
	if mp := page("method"); mp == nil || !strings.Contains(strings.Join(mp.Lines, "\n"), "Drawn anew in every run: people.hours_per_week, uniform, low 36, high 44.") {
		t.Errorf("method page: %+v", mp)
	}
	if page := smallDeck(t); slices.ContainsFunc(page.Pages, func(p Page) bool { return p.Name == "warnings" }) {
		t.Error("a deck without warnings has a warnings page")
	}
}
