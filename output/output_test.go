package output

import (
	"bytes"
	"context"
	"image/png"
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
	return &c, replicate(t, &c)
}

// replicate runs c five times from seed 3.
func replicate(t *testing.T, c *sim.Config) *sim.Ensemble {
	t.Helper()
	p, err := sim.NewPlan(c)
	if err != nil {
		t.Fatal(err)
	}
	e, err := p.Replicate(context.Background(), sim.Options{Runs: 5, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

var meta = Meta{Version: "test", Scenario: "small", ScenarioHash: "0123456789abcdef", Policy: "trunk-and-branches", Seed: 3, Runs: 5, Weeks: 40, Sets: []string{"weeks=40"}}

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	golden.Check(t, filepath.Join("testdata", name), got)
}

func TestTextOutputs(t *testing.T) {
	_, e := small(t)
	for _, tt := range []struct {
		name string
		fn   func(*bytes.Buffer) error
	}{
		{"summary.json", func(b *bytes.Buffer) error { return SummaryJSON(b, meta, e) }},
		{"timeseries.csv", func(b *bytes.Buffer) error { return TimeseriesCSV(b, meta, e) }},
		{"events.csv", func(b *bytes.Buffer) error { return EventsCSV(b, meta, e.First.Events) }},
		{"table.txt", func(b *bytes.Buffer) error { return Table(b, meta, e) }},
	} {
		var b bytes.Buffer
		if err := tt.fn(&b); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		checkGolden(t, tt.name, b.Bytes())
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

// Each chart kind renders, decodes as a 1920x1080 PNG and matches its
// golden image.
func TestCharts(t *testing.T) {
	c, e := small(t)
	files, err := RunCharts(e, c, meta, "png")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(ChartSet) {
		t.Fatalf("%d charts, want %d", len(files), len(ChartSet))
	}
	for _, f := range files {
		img, err := png.Decode(bytes.NewReader(f.Data))
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if b := img.Bounds(); b.Dx() != 1920 || b.Dy() != 1080 {
			t.Errorf("%s is %dx%d", f.Name, b.Dx(), b.Dy())
		}
		checkGolden(t, f.Name, f.Data)
	}
	svg, err := RunCharts(e, c, meta, "svg")
	if err != nil || !bytes.HasPrefix(svg[0].Data, []byte("<?xml")) {
		t.Errorf("svg: %v", err)
	}
}
