package output

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"strings"
	"testing"

	"github.com/trunksim/trunksim/internal/simtest"
	"github.com/trunksim/trunksim/sim"
	"github.com/trunksim/trunksim/sim/experiment"
)

// robustness is a quick study of a small organization under two
// policies at both ends of three assumptions, one end of which the model
// rejects.
func robustness(t *testing.T) Robustness {
	t.Helper()
	var vs []experiment.Variant
	for _, p := range []string{sim.Centralized, sim.TrunkAndBranches} {
		c := simtest.Org(40, 150, 100, 8, 100)
		c.Policy.Name = p
		vs = append(vs, experiment.Variant{Name: p, Config: &c})
	}
	assumptions := []sim.Assumption{
		{Field: "People.Span", Low: 6, High: 10},
		{Field: "People.RampStart", Low: 0, High: 0.5}, // a new hire with no output is rejected
		{Field: "Domain.EffortWeeks", Low: 3, High: 12},
	}
	r, err := experiment.Robustness(context.Background(), vs, assumptions, experiment.SeedsVerdict(vs),
		experiment.Options{Runs: 5, Seed: 3, OutcomesOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	m := meta
	m.Policy = "robustness centralized vs trunk-and-branches"
	return Robustness{Meta: m, Result: r, Keys: map[string]string{"People.Span": "people.span", "People.RampStart": "people.ramp_start"}}
}

func TestRobustnessOutputs(t *testing.T) {
	rb := robustness(t)
	for _, tt := range []struct {
		name string
		fn   func() ([]byte, error)
	}{
		{"robustness.csv", func() ([]byte, error) { f, err := RobustnessCSV(rb); return f.Data, err }},
		{"robustness.txt", func() ([]byte, error) { return Bytes(func(w io.Writer) error { return RobustnessTable(w, rb) }) }},
	} {
		b, err := tt.fn()
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		checkGolden(t, tt.name, b)
	}
	if svg, err := RobustnessChart(rb, "svg"); err != nil || !bytes.HasPrefix(svg, []byte("<?xml")) {
		t.Errorf("svg: %v", err)
	}
}

// TestRobustnessCSVRows checks the shape of robustness.csv: the base
// row, one row per assumption named as the caller asks, and an end the
// model rejects kept with its reason and no figures.
func TestRobustnessCSVRows(t *testing.T) {
	rb := robustness(t)
	f, err := RobustnessCSV(rb)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(f.Data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1+1+3 {
		t.Fatalf("%d rows:\n%s", len(rows), f.Data)
	}
	cols := 4 + 2*(2+2+4+2*2)
	for _, tt := range []struct {
		row    int
		prefix string
	}{
		{0, "assumption,field,low,high,low_ran,low_not_run,low_weeks_below_quality_ranking_holds,low_intervention_rate_ranking_holds,low_verdict_holds,low_verdict_lead,low_verdict_lead_lo90,low_verdict_lead_hi90,low_centralized_weeks_below_quality,low_centralized_intervention_rate,low_trunk-and-branches_weeks_below_quality"},
		{1, "base,,,,true,,true,true,"},
		{2, "people.span,People.Span,6,10,true,,"},
		{3, "people.ramp_start,People.RampStart,0,0.5,false,centralized: people.ramp_start: must be from 0.01 to 1, got 0,,,,,,,,,,,true,"},
		{4, "Domain.EffortWeeks,Domain.EffortWeeks,3,12,true,,"},
	} {
		if got := strings.Join(rows[tt.row], ","); !strings.HasPrefix(got, tt.prefix) || len(rows[tt.row]) != cols {
			t.Errorf("row %d, %d cells, want %d:\ngot  %s\nwant %s...", tt.row, len(rows[tt.row]), cols, got, tt.prefix)
		}
	}
}
