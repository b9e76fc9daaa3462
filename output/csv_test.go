package output

import (
	"testing"

	"github.com/trunksim/trunksim/sim"
)

// A cell a spreadsheet would run as a formula gets a single quote before
// it; numbers, signed or not, stay as they are.
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
	for _, f := range []struct {
		name  string
		fn    func(string) string
		cases []struct{ in, want string }
	}{{"safeCell", safeCell, cell}} {
		for _, tt := range f.cases {
			if got := f.fn(tt.in); got != tt.want {
				t.Errorf("%s(%q) = %q, want %q", f.name, tt.in, got, tt.want)
			}
		}
	}
}

// A writer's cells go through the helper, under a header that comes
// first: no comment line before it.
func TestCSVInjection(t *testing.T) {
	f, err := EventsCSV([]sim.Event{{Week: 2, Kind: "split", Text: `=cmd|' /C calc'!A0`}, {Week: 3, Kind: "-", Text: "-2.5"}})
	want := "week,kind,event\n" +
		"2,split,'=cmd|' /C calc'!A0\n" +
		"3,'-,-2.5\n"
	if err != nil || string(f.Data) != want {
		t.Errorf("EventsCSV: %v\n%s\nwant:\n%s", err, f.Data, want)
	}
}
