package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// An input given as a distribution in a -set is drawn per run and kept in
// summary.json as the user wrote it.
func TestRunRecordsDistributions(t *testing.T) {
	dir := t.TempDir()
	code, _, errs := trunksim(t, "run", "-runs", "4", "-set", `people.hours_per_week={ dist = "uniform", low = 36, high = 44 }`, "-out", dir, "steady-growth")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var summary struct {
		Distributions []struct {
			Key, Dist string
			Low, High *float64
		}
	}
	if err := json.Unmarshal(readDir(t, dir)["summary.json"], &summary); err != nil {
		t.Fatal(err)
	}
	if d := summary.Distributions; len(d) != 1 || d[0].Key != "people.hours_per_week" || d[0].Dist != "uniform" || d[0].Low == nil || *d[0].Low != 36 || *d[0].High != 44 {
		t.Errorf("summary.json distributions: %+v", d)
	}
}

// A draw that cannot run is a usage error naming the run and the key.
func TestRunBadDraw(t *testing.T) {
	code, _, errs := trunksim(t, "run", "-runs", "40", "-out", t.TempDir(),
		"-set", `domains.compute.automation={ dist = "uniform", low = 0.35, high = 0.51 }`,
		"-set", `domains.compute.max_automation={ dist = "uniform", low = 0.44, high = 0.6 }`, "steady-growth")
	if code != 2 || !strings.Contains(errs, "draw of the uncertain inputs is not a valid organization: domains[0].automation: must be from 0 to max_automation") {
		t.Errorf("exit %d, stderr:\n%s", code, errs)
	}
}
