// Package wording checks the words a person reads in trunksim's outputs
// (the deck's pages, as report.html and deck.pdf carry them): no
// scientific notation, none of the project's internal names for its
// sources, no doubled words and no clumsy possessives.
package wording

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var (
	hash = regexp.MustCompile(`\b[0-9a-f]{16}\b`) // a scenario's hash, in provenance lines
	sci  = regexp.MustCompile(`\d[eE][+-]?\d`)
	word = regexp.MustCompile(`^\w+$`)
	tj   = regexp.MustCompile(`\(((?:[^()\\]|\\.)*)\)\s*Tj`)
)

// Check reports, as errors of t, what in text a person should not have
// to read: a number in scientific notation, "seed 000" for the Trunk and
// Branches model, a doubled word ("the the"), a possessive like
// "operations's", "per year per year" or "subdivided X in X".
func Check(t testing.TB, where, text string) {
	t.Helper()
	text = hash.ReplaceAllString(text, "")
	if m := sci.FindStringIndex(text); m != nil {
		t.Errorf("%s: scientific notation: %q", where, around(text, m[0]))
	}
	lower := strings.ToLower(text)
	for _, bad := range []string{"seed 0", "s's ", "per year per year", "subdivided"} {
		if i := strings.Index(lower, bad); i >= 0 {
			t.Errorf("%s: %q in %q", where, bad, around(text, i))
		}
	}
	fs := strings.Fields(text)
	for i := 1; i < len(fs); i++ {
		if word.MatchString(fs[i-1]) && strings.EqualFold(fs[i-1], strings.TrimRight(fs[i], ".,;:)")) && !isNumber(fs[i-1]) {
			t.Errorf("%s: a doubled word: %q", where, strings.Join(fs[max(0, i-6):min(len(fs), i+6)], " "))
		}
	}
}

// PDFText is the text an uncompressed PDF shows with Tj, unescaped, a
// line a string.
func PDFText(pdf []byte) string {
	var b strings.Builder
	for _, m := range tj.FindAllSubmatch(pdf, -1) {
		b.WriteString(strings.NewReplacer(`\(`, "(", `\)`, ")", `\\`, `\`).Replace(string(m[1])) + "\n")
	}
	return b.String()
}

func isNumber(s string) bool {
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

// around is the text around byte i of s.
func around(s string, i int) string {
	return s[max(0, i-60):min(len(s), i+60)]
}
