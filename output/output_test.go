package output

import (
	"bytes"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trunksim/trunksim/internal/golden"
	"github.com/trunksim/trunksim/internal/simtest"
	"github.com/trunksim/trunksim/sim"
)

// small is a quick deterministic ensemble: a trunk that splits, a branch,
// and a company doubling yearly.
func small(t *testing.T) (*sim.Config, *sim.Ensemble) {
	t.Helper()
	c := simtest.Org(40, 150, 300, 8, 60)
	return &c, ensemble(t, c)
}

var meta = Meta{Version: "test", Scenario: "small", ScenarioHash: "0123456789abcdef", Policy: "trunk-and-branches", Seed: 3, Runs: 5, Weeks: 40, Sets: []string{"weeks=40"}}

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	golden.Check(t, filepath.Join("testdata", name), got)
}

func TestTextOutputs(t *testing.T) {
	_, e := small(t)
	series, err := TimeseriesCSV(e)
	if err != nil {
		t.Fatal(err)
	}
	events, err := EventsCSV(e.First.Events)
	if err != nil {
		t.Fatal(err)
	}
	pkg, err := WithDataPackage(meta, []File{series, events})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		fn   func(io.Writer) error
	}{
		{"summary.json", func(w io.Writer) error { return SummaryJSON(w, meta, e) }},
		{"table.txt", func(w io.Writer) error { return Table(w, meta, e) }},
	} {
		b, err := Bytes(tt.fn)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		checkGolden(t, tt.name, b)
	}
	for _, f := range pkg {
		checkGolden(t, f.Name, f.Data)
	}
}

func TestSummaryJSONHasEveryOutcome(t *testing.T) {
	_, e := small(t)
	var b bytes.Buffer
	if err := SummaryJSON(&b, meta, e); err != nil {
		t.Fatal(err)
	}
	for _, n := range append([]string{"scenario_hash", "seed", "runs", "weeks"}, sim.OutcomeNames()...) {
		if !strings.Contains(b.String(), `"`+n+`"`) {
			t.Errorf("summary.json lacks %s", n)
		}
	}
	if strings.Contains(b.String(), "NaN") {
		t.Error("summary.json holds NaN, which is not JSON")
	}
}

// Charts render as SVG too (TestEveryChart checks every kind's PNG).
func TestChartsAsSVG(t *testing.T) {
	c, e := small(t)
	svg, err := RunCharts(e, c, meta, "svg")
	if err != nil || !bytes.HasPrefix(svg[0].Data, []byte("<?xml")) {
		t.Errorf("svg: %v", err)
	}
	if len(svg) != len(ChartSet) {
		t.Errorf("%d charts, want %d", len(svg), len(ChartSet))
	}
}
