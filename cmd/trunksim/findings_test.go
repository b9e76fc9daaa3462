package main

import (
	"encoding/json"
	"html"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/trunksim/trunksim/internal/wording"
	"github.com/trunksim/trunksim/output"
	"github.com/trunksim/trunksim/sim"
)

// deckSection is one text page of report.html: its findings, each with
// its words and the numbers it quotes.
type deckSection []deckFinding

type deckFinding struct {
	topic, text string
	quotes      []deckQuote
}

type deckQuote struct {
	variant, source, stat, of, text string
	sign                            float64
}

var (
	sectionRE = regexp.MustCompile(`(?s)<section id="([^"]+)">(.*?)</section>`)
	itemRE    = regexp.MustCompile(`(?s)<li>(.*?)</li>`)
	quoteRE   = regexp.MustCompile(`<span class="q" data-variant="([^"]*)" data-source="([^"]*)" data-subject="[^"]*" data-stat="([^"]*)" data-of="([^"]*)" data-sign="([^"]*)" title="[^"]*">([^<]*)</span>`)
	topicRE   = regexp.MustCompile(`^<strong>(.*?):</strong>`)
	tagRE     = regexp.MustCompile(`(?s)<svg.*?</svg>|<footer>.*?</footer>|<[^>]+>`)
)

// readDeck reads report.html: each text page's findings by its id, and
// the deck's words (no charts, no footers).
func readDeck(t *testing.T, file string) (map[string]deckSection, string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	page = page[strings.Index(page, "<body>"):]
	sections := map[string]deckSection{}
	for _, m := range sectionRE.FindAllStringSubmatch(page, -1) {
		var sec deckSection
		for _, li := range itemRE.FindAllStringSubmatch(m[2], -1) {
			f := deckFinding{text: html.UnescapeString(tagRE.ReplaceAllString(li[1], ""))}
			if m := topicRE.FindStringSubmatch(li[1]); m != nil {
				f.topic = html.UnescapeString(m[1])
			}
			for _, q := range quoteRE.FindAllStringSubmatch(li[1], -1) {
				sign, _ := strconv.ParseFloat(q[5], 64)
				f.quotes = append(f.quotes, deckQuote{q[1], q[2], q[3], q[4], html.UnescapeString(q[6]), sign})
			}
			sec = append(sec, f)
		}
		sections[m[1]] = sec
	}
	return sections, html.UnescapeString(tagRE.ReplaceAllString(page, " "))
}

// comparisonDoc is what the test reads of comparison.json.
type comparisonDoc struct {
	Variants []struct {
		Name     string                        `json:"name"`
		Outcomes map[string]outcomeDoc         `json:"outcomes"`
		VsFirst  map[string]map[string]float64 `json:"difference_vs_first"`
	} `json:"variants"`
}

// outcomeDoc is one outcome of comparison.json: its statistics by name,
// beside its description, unit and aggregation.
type outcomeDoc map[string]float64

func (o *outcomeDoc) UnmarshalJSON(b []byte) error {
	var raw map[string]any
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	*o = outcomeDoc{}
	for k, v := range raw {
		if x, ok := v.(float64); ok {
			(*o)[k] = x
		}
	}
	return nil
}

// The deck's findings are the same whether the variants come from
// -policy flags or from a scenario's [[variants]] named freely (the
// policy is read from a variant's configuration, not its name); every
// number a finding quotes from an outcome is comparison.json's, written
// by output.Format; and the deck's words have no scientific notation, no
// seed numbers, no doubled words and no "operations's".
func TestDeckFindings(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1767225600")
	dir := t.TempDir()
	code, src, errs := trunksim(t, "show", "uber-hypergrowth")
	if code != 0 {
		t.Fatal(errs)
	}
	names := map[string]string{"centralized": "today", "trunk-and-branches": "branches", "fragmented": "split by product"}
	for _, p := range []string{"centralized", "trunk-and-branches", "fragmented"} {
		src += "\n[[variants]]\nname = \"" + names[p] + "\"\n[variants.set]\n\"policy.name\" = \"" + p + "\"\n"
	}
	file := filepath.Join(dir, "mine.toml")
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	quick := []string{"compare", "-report", "-runs", "16", "-weeks", "104"}
	flags, named := filepath.Join(dir, "flags"), filepath.Join(dir, "named")
	mustRun(t, append(quick, "-out", flags, "-policy", "centralized", "-policy", "trunk-and-branches", "-policy", "fragmented", "uber-hypergrowth")...)
	mustRun(t, append(quick, "-out", named, file)...)

	byFlags, words := readDeck(t, filepath.Join(flags, "report.html"))
	byName, words2 := readDeck(t, filepath.Join(named, "report.html"))
	if n := len(byFlags["findings"]); n != 5 {
		t.Fatalf("%d key findings, want 5", n)
	}
	for _, id := range []string{"findings", "watch", "appendix"} {
		a, b := byFlags[id], byName[id]
		if len(a) != len(b) {
			t.Errorf("%s: %d findings with -policy, %d with [[variants]]", id, len(a), len(b))
			continue
		}
		for i := range a {
			if a[i].topic != b[i].topic && id == "findings" || len(a[i].quotes) != len(b[i].quotes) {
				t.Errorf("%s %d differs:\n%s\n%s", id, i, a[i].text, b[i].text)
				continue
			}
			for k, q := range a[i].quotes {
				r := b[i].quotes[k]
				if q.variant != "" {
					q.variant = names[q.variant]
				}
				if q.of != "" {
					q.of = names[q.of]
				}
				if q != r {
					t.Errorf("%s %d quotes %+v with -policy, %+v with [[variants]]", id, i, q, r)
				}
			}
		}
	}
	var doc comparisonDoc
	b, err := os.ReadFile(filepath.Join(flags, "comparison.json"))
	if err != nil || json.Unmarshal(b, &doc) != nil {
		t.Fatalf("comparison.json: %v", err)
	}
	checked := 0
	for _, id := range []string{"findings", "watch", "appendix"} {
		for _, f := range byFlags[id] {
			checked += checkQuotes(t, f, doc)
		}
	}
	if checked < 20 {
		t.Errorf("only %d numbers of the findings were checked against comparison.json", checked)
	}
	wording.Check(t, "report.html with -policy", words)
	wording.Check(t, "report.html with [[variants]]", words2)
	for _, d := range []string{flags, named} {
		pdf, err := os.ReadFile(filepath.Join(d, "deck.pdf"))
		if err != nil {
			t.Fatal(err)
		}
		wording.Check(t, filepath.Base(d)+"/deck.pdf", wording.PDFText(pdf))
	}
}

// checkQuotes checks each number of f that names an outcome against
// comparison.json, and returns how many it checked.
func checkQuotes(t *testing.T, f deckFinding, doc comparisonDoc) int {
	t.Helper()
	find := func(name string) int {
		for i, v := range doc.Variants {
			if v.Name == name {
				return i
			}
		}
		t.Fatalf("%q quotes a variant comparison.json does not have: %q", f.text, name)
		return -1
	}
	n := 0
	for i, q := range f.quotes {
		if q.stat == "week" || q.stat == "input" { // a weekly series or an input, not an outcome
			continue
		}
		o, err := sim.OutcomeByName(q.source)
		if err != nil {
			t.Errorf("%q: number %d quotes %q, not an outcome", f.text, i, q.source)
			continue
		}
		u := o.Info().Unit
		v := doc.Variants[find(q.variant)]
		var want string
		switch q.stat {
		case "p10", "p50", "p90", "mean":
			want = output.Format(u, v.Outcomes[q.source][q.stat])
		case "diff", "lo90", "hi90": // the difference reads with its interval's digits
			d := v.VsFirst[q.source]
			lo, hi := q.sign*d["lo90"], q.sign*d["hi90"]
			x, a, b := output.FormatEstimate(u, q.sign*d["mean"], math.Min(lo, hi), math.Max(lo, hi))
			switch {
			case q.stat == "diff":
				want = x
			case (q.stat == "hi90") == (q.sign > 0):
				want = b
			default:
				want = a
			}
		case "ratio":
			of := doc.Variants[find(q.of)]
			want = output.Format(sim.UnitRatio, v.Outcomes[q.source]["mean"]/of.Outcomes[q.source]["mean"])
		default:
			t.Errorf("%q: number %d has stat %q", f.text, i, q.stat)
		}
		if q.text != want {
			t.Errorf("%q: number %d, %s of %s under %s, reads %q; comparison.json gives %q", f.text, i, q.stat, q.source, q.variant, q.text, want)
		}
		n++
	}
	return n
}
