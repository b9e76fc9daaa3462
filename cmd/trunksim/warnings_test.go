package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// A runaway company is warned about on stderr, by its scenario key, and
// the warning is kept in summary.json; a sound one gives no warning.
func TestRunWarns(t *testing.T) {
	dir := t.TempDir()
	code, _, errs := trunksim(t, "run", "-runs", "4", "-set", "company.engineers.annual_pct=200", "-out", dir, "steady-growth")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	want := "warning: company.engineers: the company grows"
	if !strings.Contains(errs, want) {
		t.Errorf("stderr lacks %q:\n%s", want, errs)
	}
	var summary struct{ Warnings []string }
	if err := json.Unmarshal(readDir(t, dir)["summary.json"], &summary); err != nil {
		t.Fatal(err)
	}
	if len(summary.Warnings) == 0 || !strings.HasPrefix(summary.Warnings[0], "company.engineers:") {
		t.Errorf("summary.json warnings: %q", summary.Warnings)
	}
	code, _, errs = trunksim(t, "run", "-runs", "4", "-out", t.TempDir(), "-policy", "centralized", "steady-growth")
	if code != 0 || strings.Contains(errs, "warning:") {
		t.Errorf("steady-growth centralized: exit %d, stderr:\n%s", code, errs)
	}
}

// The stderr of two experiments: each warns as it should, and no more.
func TestExperimentWarnings(t *testing.T) {
	for _, tc := range []struct {
		name      string
		args      []string
		want, not string
	}{
		// compare names the variant a warning about its grown organization is about.
		{"compare", []string{"compare", "-runs", "4", "-policy", "centralized", "-policy", "trunk-and-branches", "uber-hypergrowth"},
			"warning: centralized: people.span:", "warning: trunk-and-branches:"},
		// report checks its headline at ±10% of the inputs that matter
		// most; the seeds' verdict on uber-hypergrowth is not on a knife edge.
		{"report", []string{"report", "-runs", "20", "-policy", "trunk-and-branches", "-policy", "fragmented", "uber-hypergrowth"},
			"checking the headline at ±10% of 6 inputs", "knife edge"},
	} {
		code, _, errs := trunksim(t, append(tc.args, "-out", t.TempDir())...)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", tc.name, code, errs)
		}
		if !strings.Contains(errs, tc.want) || strings.Contains(errs, tc.not) {
			t.Errorf("%s: stderr:\n%s", tc.name, errs)
		}
	}
}
