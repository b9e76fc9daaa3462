package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trunksim/trunksim/scenarios"
)

// calibrated checks a calibration's stdout: a scenario that loads, with
// every observation met in the fit table, and each derived value in place
// with its comment.
func calibrated(t *testing.T, code int, out, errs string, comments ...string) *scenarios.Scenario {
	t.Helper()
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, errs)
	}
	if strings.Contains(errs, "not met") || !strings.Contains(errs, "Calibrated ") {
		t.Errorf("fit table:\n%s", errs)
	}
	for _, c := range comments {
		if !strings.Contains(out, c) {
			t.Errorf("calibrated scenario lacks %q:\n%s", c, out)
		}
	}
	s, err := scenarios.Parse("calibrated.toml", []byte(out))
	if err != nil {
		t.Fatalf("the calibrated scenario does not load: %v\n%s", err, out)
	}
	return s
}

// The README's organization: calibrate reproduces every observation, and
// writes the scenario back with the derived values and where they came
// from; with -out it also writes calibrated.toml and fit.csv as one set,
// fit.csv a table any tool reads.
func TestCalibrateExample(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := trunksim(t, "calibrate", "-runs", "40", "-out", dir, "../../examples/acme.toml")
	s := calibrated(t, code, out, errs,
		"# calibrate: derived from observed ops_share 0.55 on platform (was 40)\nbase_hours = ",
		"# calibrate: derived from observed attrition_pct 18 (was 0.65)\nmorale_base = ",
		"# calibrate: derived from observed pages_per_week 12 on data-infra (was 1)\nalert_factor = ")
	if s.Config.Domains[0].BaseHours == 40 || s.Config.People.MoraleBase == 0.65 {
		t.Errorf("nothing derived: base hours %v, morale base %v", s.Config.Domains[0].BaseHours, s.Config.People.MoraleBase)
	}
	files := readDir(t, dir)
	if string(files["calibrated.toml"]) != out {
		t.Errorf("calibrated.toml differs from stdout")
	}
	if !strings.Contains(string(files["fit.csv"]), "observed,ops_share,platform,0.55,") {
		t.Errorf("fit.csv:\n%s", files["fit.csv"])
	}
	readByPandas(t, checkDataFolder(t, dir))
}

// A built-in with observations chosen for it: the figures of a harder
// week than the built-in's own.
func TestCalibrateBuiltin(t *testing.T) {
	src, err := scenarios.Show("steady-growth")
	if err != nil {
		t.Fatal(err)
	}
	src = append(src, []byte("\n[observed]\nattrition_pct = 20\n\n[[observed.teams]]\nname = \"storage\"\nops_share = 0.6\npages_per_shift = 2\n\n"+
		"[[observed.teams]]\nname = \"core-infra\"\nincidents_per_week = 2\n")...)
	file := filepath.Join(t.TempDir(), "steady.toml")
	if err := os.WriteFile(file, src, 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := trunksim(t, "calibrate", "-runs", "40", file)
	calibrated(t, code, out, errs, "# calibrate: derived from observed ops_share 0.6 on storage (was 225)\nbase_hours = ",
		"# calibrate: derived from observed incidents_per_week 2 on core-infra (was 1)\nfire_factor = ")
}

// Observations that cannot all be met: exit 1, the conflicts named with
// why, and nothing written.
func TestCalibrateConflict(t *testing.T) {
	src, err := os.ReadFile("../../examples/acme.toml")
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(string(src), "ops_share = 0.55", "ops_share = 0.02", 1)
	bad = strings.Replace(bad, "pages_per_week = 30 ", "pages_per_week = 400 ", 1)
	file := filepath.Join(t.TempDir(), "bad.toml")
	if err := os.WriteFile(file, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "out")
	code, out, errs := trunksim(t, "calibrate", "-runs", "20", "-out", dir, file)
	if code != 1 || out != "" {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	for _, want := range []string{
		"conflict: ops_share 0.02 on platform cannot be met",
		"base_hours of platform's domains is at the lowest the fit allows",
		"the observations cannot all be met (see the conflicts above); nothing was written",
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("-out was written: %v", err)
	}
}

// writer returns a function that writes a file into dir and returns its
// path.
func writer(t *testing.T, dir string) func(name, src string) string {
	return func(name, src string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
}

// Mistakes are usage errors that name the file, line and key.
func TestCalibrateBadInput(t *testing.T) {
	write := writer(t, t.TempDir())
	base := "[[domains]]\nname = \"a\"\n\n[[teams]]\nname = \"t\"\ntrunk = true\nengineers = 3\ndomains = [\"a\"]\n"
	for _, tc := range []struct{ name, src, want string }{
		{"none.toml", base, "none.toml has no [observed] figures to calibrate to"},
		{"team.toml", base + "[[observed.teams]]\nname = \"u\"\nops_share = 0.5\n", "team.toml:10:1: observed.teams[0].name: unknown team \"u\""},
		{"neg.toml", base + "[observed]\nattrition_pct = -1\n", "neg.toml:10:1: observed.attrition_pct: must be from 0 to 100, got -1"},
		{"metric.toml", base + "[[observed.teams]]\nname = \"t\"\nops = 0.5\n", "metric.toml:11:1: observed.teams[0].ops: unknown key, did you mean \"observed.teams[0].ops_share\"?"},
		{"headcount.toml", base + "[observed]\ninfra_engineers = 3\n", "headcount.toml: the [observed] figures give calibrate nothing to fit"},
		{"dist.toml", strings.Replace(base, "name = \"a\"\n", "name = \"a\"\nbase_hours = { dist = \"uniform\", low = 30, high = 50 }\n", 1) + "[[observed.teams]]\nname = \"t\"\nops_share = 0.5\n",
			"dist.toml: domains.a.base_hours is given as a distribution, but calibrate derives it from what you observe"},
	} {
		code, _, errs := trunksim(t, "calibrate", write(tc.name, tc.src))
		if code != 2 || !strings.Contains(errs, tc.want) {
			t.Errorf("%s: exit %d, stderr:\n%s\nwant %q", tc.name, code, errs, tc.want)
		}
	}
}

// A history replays: the fit follows each series (a row per series of the
// history), names what it derived, and draws fit.png.
func TestCalibrateHistory(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := trunksim(t, "calibrate", "-runs", "32", "-history", "../../examples/acme-history.csv", "-out", dir, "../../examples/acme.toml")
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, errs)
	}
	for _, want := range []string{"to ../../examples/acme-history.csv (368 observations)", "\nhistory ", "\npages_per_shift on platform ",
		"\nmorale ", "\npeople.morale_attrition ", "\ndomains.ci-cd.exponent ", "are of today and are not fitted with it"} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	if !strings.Contains(out, "# calibrate: derived from observed ") {
		t.Errorf("stdout:\n%s", out)
	}
	if png := readDir(t, dir)["fit.png"]; len(png) < 1000 {
		t.Errorf("fit.png: %d bytes", len(png))
	}
}

// A history's mistakes are usage errors with the file, line and column.
func TestCalibrateBadHistory(t *testing.T) {
	dir := t.TempDir()
	write := writer(t, dir)
	for _, tc := range []struct{ name, src, want string }{
		{"metric.csv", "week,metric,subject,value\n0,pages,platform,3\n", "metric.csv:2:3: unknown metric \"pages\""},
		{"team.csv", "week,metric,subject,value\n0,ops_share,platfrom,0.5\n", "team.csv:2:13: ops_share: unknown team \"platfrom\""},
		{"negative.csv", "week,metric,subject,value\n0,ops_share,platform,-0.5\n", "negative.csv:2:22: ops_share: value -0.5 is negative"},
		{"quote.csv", "week,metric,subject,value\n0,ops_share,\"platform,0.5\n", "quote.csv:2:"},
	} {
		code, _, errs := trunksim(t, "calibrate", "-history", write(tc.name, tc.src), "../../examples/acme.toml")
		if code != 2 || !strings.Contains(errs, filepath.Join(dir, tc.want)) {
			t.Errorf("%s: exit %d, stderr:\n%s\nwant %q", tc.name, code, errs, tc.want)
		}
	}
}
