package output

import (
	"bytes"
	"image/png"
	"testing"

	"github.com/trunksim/trunksim/sim"
)

// fit.png renders for one panel, a full grid and more series than it
// shows, as a 1920x1080 PNG carrying its provenance; fit.svg too.
func TestFitChart(t *testing.T) {
	_, e := small(t)
	var keys []sim.Key
	for _, m := range sim.Metrics(sim.OrgScope)[:10] {
		keys = append(keys, sim.Key{Metric: m})
	}
	keys = append(keys,
		sim.Key{Metric: sim.TeamHeadcount, Subject: "core"},
		sim.Key{Metric: sim.DomainBacklog, Subject: "storage"},
		sim.Key{Metric: sim.TeamOpsShare, Subject: "gone"}) // not simulated
	obs := func(n int) []sim.Observation {
		var out []sim.Observation
		for _, k := range keys[:n] {
			if s := e.Stats(k.Metric, k.Subject); s == nil {
				out = append(out, sim.Observation{Week: 3, Key: k, Value: 0.5})
				continue
			}
			out = append(out, MedianHistory(e, []sim.Key{k}, 6)...)
		}
		return out
	}
	for _, n := range []int{1, 4, 13} {
		f, err := FitChart(e, obs(n), meta, "png")
		if err != nil {
			t.Fatalf("%d panels: %v", n, err)
		}
		img, err := png.Decode(bytes.NewReader(f.Data))
		if err != nil {
			t.Fatalf("%d panels: %v", n, err)
		}
		if b := img.Bounds(); f.Name != "fit.png" || b.Dx() != 1920 || b.Dy() != 1080 || !bytes.Contains(f.Data, []byte(meta.Line())) {
			t.Errorf("%d panels: %s is %dx%d", n, f.Name, b.Dx(), b.Dy())
		}
	}
	if f, err := FitChart(e, obs(2), meta, "svg"); err != nil || f.Name != "fit.svg" || !bytes.HasPrefix(f.Data, []byte("<?xml")) {
		t.Errorf("svg: %s, %v", f.Name, err)
	}
	if _, err := FitChart(e, nil, meta, "png"); err == nil {
		t.Error("a fit chart of no observations")
	}
	if _, key := fitHeader(meta, 5, 12, 13); key != "line: simulated median, band: p10 to p90 of 5 runs; dots: observed; 12 of 13 series shown, 1 left off" {
		t.Errorf("key %q", key)
	}
}

// Panels fill a 16:9 slide in a grid of at most 4 columns.
func TestFitGrid(t *testing.T) {
	for n, want := range map[int][2]int{1: {1, 1}, 2: {1, 2}, 3: {1, 3}, 4: {2, 2}, 6: {2, 3}, 8: {2, 4}, 9: {3, 3}, 10: {3, 4}, 12: {3, 4}} {
		if r, c := fitGrid(n); r != want[0] || c != want[1] {
			t.Errorf("%d panels: %d x %d, want %d x %d", n, r, c, want[0], want[1])
		}
	}
}
