package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/trunksim/trunksim/scenarios"
	"github.com/trunksim/trunksim/sim/experiment"
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

// robustness warns of an assumption at an end of which the verdict flips
// and that the scenario never set, in every place it could have set it,
// on stderr and in robustness.csv; the same flip on a number the leader
// set (here to the default itself, so the runs are the same) is not
// warned of, nor is an assumption at whose ends the verdict holds.
func TestRobustnessWarnsOfDecidingDefaults(t *testing.T) {
	const (
		attrition = "warning: people.morale_attrition: the verdict flips at its high end, 4.5 (lead "
		advice    = "and the scenario never set it: the built-in default 3 is in force; measure it and set people.morale_attrition in the scenario, or read the verdict as resting on the default"
		fixed     = "warning: domains[].fixed_hours: the verdict flips at its high end, 16 (lead "
		domains   = "and the scenario never set domains.build-test.fixed_hours, domains.storage.fixed_hours: the built-in default 8 is in force"
		flips     = "The verdict flips at: people.morale_attrition high (4.5), domains[].fixed_hours high (16).\n"
	)
	owned := func(p string) string { return p + ":people.morale_attrition=3" }
	for _, tt := range []struct {
		name   string
		args   []string
		want   []string // on stderr, in this order
		warns  int      // warnings in datapackage.json
		stdout string
	}{
		{"both left to the defaults", nil, []string{attrition, advice, fixed, domains}, 2, flips},
		{"set by -set and in every domain", []string{"-set", "people.morale_attrition=3", "-set", "domains.build-test.fixed_hours=8", "-set", "domains.storage.fixed_hours=8"}, nil, 0, flips},
		{"set in every variant", []string{"-set", "domains.build-test.fixed_hours=8", "-set", "domains.storage.fixed_hours=8",
			"-policy", owned("centralized"), "-policy", owned("trunk-and-branches"), "-policy", owned("fragmented")}, nil, 0, "The verdict flips at: people.morale_attrition high"},
		{"set in one variant", []string{"-set", "domains.build-test.fixed_hours=8", "-set", "domains.storage.fixed_hours=8",
			"-policy", "centralized", "-policy", owned("trunk-and-branches"), "-policy", "fragmented"},
			[]string{attrition, "and the scenario never set people.morale_attrition in centralized, people.morale_attrition in fragmented: "}, 1, "The verdict flips at: people.morale_attrition high"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			args := append([]string{"robustness", "-runs", "5", "-weeks", "104", "-assumptions", "people.morale_attrition,people.span,domains[].fixed_hours", "-out", dir}, tt.args...)
			code, out, errs := trunksim(t, append(args, "uber-hypergrowth")...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			rest := errs
			for _, w := range tt.want {
				_, after, ok := strings.Cut(rest, w)
				if !ok {
					t.Errorf("stderr lacks %q after the warnings before it:\n%s", w, errs)
				}
				rest = after
			}
			if tt.want == nil && strings.Contains(errs, "warning:") || strings.Contains(errs, "people.span:") {
				t.Errorf("stderr warns of a number the leader set, or of a verdict that holds:\n%s", errs)
			}
			if !strings.Contains(out, tt.stdout) {
				t.Errorf("stdout lacks %q:\n%s", tt.stdout, out)
			}
			var pkg struct{ Trunksim struct{ Warnings []string } }
			b := readDir(t, dir)["datapackage.json"]
			if err := json.Unmarshal(b, &pkg); err != nil {
				t.Fatal(err)
			}
			if n := len(pkg.Trunksim.Warnings); n != tt.warns || n != strings.Count(errs, "warning: ") {
				t.Errorf("datapackage.json has %d warnings, want %d, one per warning on stderr:\n%s", n, tt.warns, b)
			}
		})
	}
	// Where the verdict holds at every end, no default decides it.
	code, out, errs := trunksim(t, "robustness", "-runs", "5", "-weeks", "104", "-assumptions", "people.span,people.hours_per_week,leadership.quality_threshold",
		"-out", t.TempDir(), "uber-hypergrowth")
	if code != 0 || strings.Contains(errs, "warning:") || !strings.Contains(out, "The verdict holds at both ends of every assumption.") {
		t.Errorf("exit %d, stdout:\n%s\nstderr:\n%s", code, out, errs)
	}
}

// The report's knife-edge check says so when the input it turns on is a
// default the scenario never set, and only then.
func TestKnifeEdgeOnADefault(t *testing.T) {
	e := experiment.Edge{First: "trunk-and-branches", Field: "People.HoursPerWeek", Factor: 0.9, Lead: experiment.Diff{Mean: -2, Lo: -3, Hi: -1}}
	const edge = "people.hours_per_week: at -10%, trunk-and-branches is no longer first on weeks below quality threshold (its lead -2, 90% interval -3 to -1): the headline sits on a knife edge"
	for _, tt := range []struct {
		sets []string
		want string
	}{
		{nil, edge + ", and the scenario never set it: the built-in default 40 is in force; measure it and set people.hours_per_week in the scenario, or read the verdict as resting on the default"},
		{[]string{"people.hours_per_week=40"}, edge},
	} {
		s, err := scenarios.LoadBase("steady-growth", tt.sets...)
		if err != nil {
			t.Fatal(err)
		}
		if got := knifeEdgeLine(e, []*scenarios.Scenario{s, s}, []string{"a", "b"}); got != tt.want {
			t.Errorf("-set %v:\ngot  %s\nwant %s", tt.sets, got, tt.want)
		}
	}
}
