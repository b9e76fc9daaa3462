package output

import (
	"bytes"
	"testing"

	"github.com/trunksim/trunksim/sim"
)

// A cell a spreadsheet would run as a formula gets a single quote before
// it; numbers, signed or not, stay as they are. The provenance line stays
// one line, and no piece of it between commas begins a formula.
func TestNeutralise(t *testing.T) {
	cell := []struct{ in, want string }{
		{"", ""},
		{"trunk", "trunk"},
		{"=1+1", "'=1+1"},
		{`=HYPERLINK("http://x")`, `'=HYPERLINK("http://x")`},
		{"+cmd", "'+cmd"},
		{"-cmd", "'-cmd"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{"-", "'-"},
		{"--1", "'--1"},
		{"-inf", "'-inf"},
		{"-0x1p-2", "'-0x1p-2"},
		{"-2.5", "-2.5"},
		{"+3", "+3"},
		{"-1e-05", "-1e-05"},
		{"-2.5E+03", "-2.5E+03"},
		{"-.5", "-.5"},
		{"-5.", "-5."},
		{"12", "12"},
		{"1-2", "1-2"},
		{" =1", " =1"},
		{"'=1", "'=1"},
	}
	comment := []struct{ in, want string }{
		{"trunksim 0.1.0, steady-growth (0123), centralized, seed 1, set policy.name=\"x\"", "trunksim 0.1.0, steady-growth (0123), centralized, seed 1, set policy.name=\"x\""},
		{"x,=cmd", "x,'=cmd"},
		{"x,-2", "x,-2"},
		{"x,-y", "x,'-y"},
		{`x,"=cmd"`, `x,'"=cmd"`},
		{"=first", "=first"}, // after "# ", so never at a cell's start
		{"a\n=cmd", "a =cmd"},
		{"a\r\n,@x", "a ,'@x"},
		{"a,,b", "a,,b"},
	}
	for _, f := range []struct {
		name  string
		fn    func(string) string
		cases []struct{ in, want string }
	}{{"safeCell", safeCell, cell}, {"safeComment", safeComment, comment}} {
		for _, tt := range f.cases {
			if got := f.fn(tt.in); got != tt.want {
				t.Errorf("%s(%q) = %q, want %q", f.name, tt.in, got, tt.want)
			}
		}
	}
}

// A writer's cells and provenance both go through the helper.
func TestCSVInjection(t *testing.T) {
	m := Meta{Version: "test", Scenario: "evil,=1+1", ScenarioHash: "0123", Policy: "p", Seed: 1, Runs: 2, Weeks: 3}
	var b bytes.Buffer
	err := EventsCSV(&b, m, []sim.Event{{Week: 2, Kind: "split", Text: `=cmd|' /C calc'!A0`}, {Week: 3, Kind: "-", Text: "-2.5"}})
	want := "# trunksim test, evil,'=1+1 (0123), p, seed 1, 2 runs, 3 weeks, run 1\n" +
		"week,kind,event\n" +
		"2,split,'=cmd|' /C calc'!A0\n" +
		"3,'-,-2.5\n"
	if err != nil || b.String() != want {
		t.Errorf("EventsCSV: %v\n%s\nwant:\n%s", err, b.String(), want)
	}
}
