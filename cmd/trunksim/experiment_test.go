package main

import (
	"bytes"
	"encoding/json"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/trunksim/trunksim/sim"
)

// compare ranks trunk-and-branches above centralized on uber-hypergrowth
// for quality, from the model: nothing in the code knows which should win.
func TestCompareRanksByTheOutcome(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := trunksim(t, "compare", "-runs", "60", "-rank", "mean_quality", "-policy", "fragmented", "-policy", "trunk-and-branches", "-out", dir, "uber-hypergrowth")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var doc struct {
		Baseline string
		Variants []struct {
			Name              string
			Outcomes          map[string]struct{ Mean *float64 }
			DifferenceVsFirst map[string]struct{ Mean, Lo90, Hi90 *float64 } `json:"difference_vs_first"`
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, "comparison.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Baseline != "fragmented" || len(doc.Variants) != 2 {
		t.Fatalf("comparison.json: %+v", doc)
	}
	d := doc.Variants[1].DifferenceVsFirst["mean_quality"]
	if d.Lo90 == nil || *d.Lo90 <= 0 {
		t.Errorf("trunk-and-branches quality against fragmented: %+v, want an interval above 0", d)
	}
	lines := strings.Split(out, "\n")
	var first string
	for i, l := range lines {
		if strings.HasPrefix(l, "rank") && i+1 < len(lines) {
			first = lines[i+1]
		}
	}
	if !strings.HasPrefix(first, "1") || !strings.Contains(first, "trunk-and-branches") {
		t.Errorf("first ranked: %q\n%s", first, out)
	}
	for _, f := range []string{"comparison.csv", "compare-quality.png", "compare-trunk-share.png", "compare-outcomes.png"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
}

// Experiments give the same bytes for any number of workers.
func TestExperimentsSameBytesAnyJ(t *testing.T) {
	for _, args := range [][]string{
		{"compare", "-runs", "12", "-weeks", "40", "-policy", "centralized", "-policy", "trunk-and-branches:policy.threshold=6", "steady-growth"},
		{"sweep", "-runs", "6", "-weeks", "30", "-vary", "policy.threshold=4..8:2", "-vary", "policy.name=centralized,trunk-and-branches", "early-startup"},
		{"sensitivity", "-runs", "6", "-weeks", "30", "-params", "people.attrition_pct,policy.threshold", "early-startup"},
	} {
		a, b := t.TempDir(), t.TempDir()
		for _, run := range []struct{ dir, j string }{{a, "1"}, {b, "2"}} {
			if code, _, errs := trunksim(t, append(args, "-j", run.j, "-out", run.dir)...); code != 0 {
				t.Fatalf("%v: exit %d: %s", args, code, errs)
			}
		}
		fa, fb := readDir(t, a), readDir(t, b)
		if len(fa) < 2 || len(fa) != len(fb) {
			t.Fatalf("%s: %d and %d files", args[0], len(fa), len(fb))
		}
		for name, data := range fa {
			if !bytes.Equal(data, fb[name]) {
				t.Errorf("%s: %s differs between -j 1 and -j 2", args[0], name)
			}
		}
	}
}

func TestSweepWritesEveryPoint(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := trunksim(t, "sweep", "-runs", "4", "-weeks", "20", "-vary", "people.attrition_pct=10,20,30", "-out", dir, "early-startup")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "sweep.csv"))
	rows := strings.Count(string(b), "\n")
	if want := 1 + 3*int(sim.NumOutcomes); rows != want { // header, points x outcomes
		t.Errorf("sweep.csv has %d lines, want %d", rows, want)
	}
	if !strings.Contains(out, "people.attrition_pct=30") {
		t.Errorf("stdout:\n%s", out)
	}
}

func TestSensitivityRanksSwings(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := trunksim(t, "sensitivity", "-runs", "20", "-metric", "leavers", "-params", "people.attrition_pct,on_call.hours_per_page", "-out", dir, "early-startup")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "sensitivity.csv"))
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[1], "people.attrition_pct,") {
		t.Errorf("sensitivity.csv: attrition should swing leavers most:\n%s", b)
	}
	if !strings.Contains(out, "people.attrition_pct") {
		t.Errorf("stdout:\n%s", out)
	}
}

func TestExperimentBadInput(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"compare", "-policy", "centralized"}, "need at least two variants"},
		{[]string{"compare", "-rank", "happiness", "-policy", "a", "-policy", "b"}, `-rank: unknown outcome "happiness"`},
		{[]string{"compare", "-policy", "centralised", "-policy", "fragmented"}, `did you mean "centralized"`},
		{[]string{"sweep"}, "give one or two -vary flags"},
		{[]string{"sweep", "-vary", "a=1..2", "-vary", "b=1..2", "-vary", "c=1..2"}, "give one or two -vary flags"},
		{[]string{"sweep", "-vary", "policy.threshold=9..3"}, "must not exceed"},
		{[]string{"sweep", "-vary", "policy.treshold=4..8"}, `did you mean "policy.threshold"`},
		{[]string{"sensitivity", "-metric", "joy"}, `-metric: unknown outcome "joy"`},
		{[]string{"sensitivity", "-params", "people.nope"}, `"people.nope" is not a numeric input`},
		{[]string{"sensitivity", "-pct", "150"}, "-pct must be above 0 and below 100"},
	}
	for _, tt := range tests {
		code, _, errs := trunksim(t, append(tt.args, "-out", t.TempDir())...)
		if code != 2 || !strings.Contains(errs, tt.want) {
			t.Errorf("%v: exit %d, stderr %q, want 2 and %q", tt.args, code, errs, tt.want)
		}
	}
}

func TestCompareUsesScenarioVariants(t *testing.T) {
	src, _ := os.ReadFile("../../scenarios/builtin/early-startup.toml")
	file := filepath.Join(t.TempDir(), "v.toml")
	os.WriteFile(file, append(src, []byte("\n[[variants]]\nname = \"split at 6\"\n[variants.set]\n\"policy.threshold\" = 6\n\n[[variants]]\nname = \"never split\"\n[variants.set]\n\"policy.name\" = \"centralized\"\n")...), 0o644)
	code, out, errs := trunksim(t, "compare", "-runs", "5", "-weeks", "20", "-out", t.TempDir(), file)
	if code != 0 || !strings.Contains(out, "split at 6") || !strings.Contains(out, "never split") {
		t.Errorf("exit %d: %s\n%s", code, errs, out)
	}
}

// benchChild runs trunksim in a child process and reports its wall time
// and peak resident memory.
func benchChild(b *testing.B, args ...string) (time.Duration, float64) {
	a, _ := json.Marshal(append(args, "-out", b.TempDir()))
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "TRUNKSIM_ARGS="+string(a))
	start := time.Now()
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("%v: %v\n%s", args, err, out)
	}
	rss := float64(cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss) / 1024 // KiB to MiB
	return time.Since(start), rss
}

// BenchmarkRun100k is 100,000 replications of uber-hypergrowth over 260
// weeks with -j 2, in its own process: runs/s and peak resident memory.
func BenchmarkRun100k(b *testing.B) {
	for b.Loop() {
		d, rss := benchChild(b, "run", "-runs", "100000", "-weeks", "260", "-j", "2", "uber-hypergrowth")
		b.ReportMetric(100000/d.Seconds(), "runs/s")
		b.ReportMetric(rss, "MiB-peak-RSS")
	}
}

// BenchmarkRunOne is the fixed cost of a run, in its own process: one
// replication of uber-hypergrowth with its charts and files.
func BenchmarkRunOne(b *testing.B) {
	for b.Loop() {
		d, rss := benchChild(b, "run", "-runs", "1", "uber-hypergrowth")
		b.ReportMetric(d.Seconds(), "s/command")
		b.ReportMetric(rss, "MiB-peak-RSS")
	}
}

// BenchmarkReport3 is the deck of three policies at the default runs,
// with its knife-edge check, in its own process.
func BenchmarkReport3(b *testing.B) {
	for b.Loop() {
		d, rss := benchChild(b, "report", "-policy", "centralized", "-policy", "trunk-and-branches", "-policy", "fragmented", "uber-hypergrowth")
		b.ReportMetric(d.Seconds(), "s/command")
		b.ReportMetric(rss, "MiB-peak-RSS")
	}
}

// BenchmarkSweep9x9 is a 9 x 9 sweep at 200 runs a point (16,200 runs).
func BenchmarkSweep9x9(b *testing.B) {
	for b.Loop() {
		d, rss := benchChild(b, "sweep", "-runs", "200", "-weeks", "260", "-j", "2",
			"-vary", "policy.threshold=4..12:1", "-vary", "company.engineers.annual_pct=100..500:50", "uber-hypergrowth")
		b.ReportMetric(d.Seconds(), "s/sweep")
		b.ReportMetric(rss, "MiB-peak-RSS")
	}
}

// The deck: every file, and the same bytes from two processes given the
// same SOURCE_DATE_EPOCH. report -from rebuilds the same folder, byte for
// byte, from its results.json without running anything, and a run's
// deck, dated today, with the date it was made.
func TestReportIsReproducible(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1767225600")
	a, b := t.TempDir(), t.TempDir()
	args := []string{"report", "-runs", "6", "-weeks", "30", "-policy", "centralized", "-policy", "trunk-and-branches", "early-startup"}
	process(t, append(args, "-out", a, "-j", "1")...)
	process(t, append(args, "-out", b, "-j", "2")...)
	for _, name := range []string{"deck.pdf", "report.html", "slides/01-title.png", "slides/02-findings.png", "slides/03-watch.png", "slides/04-org-tree.png", "results.json", "runs.csv"} {
		x, err1 := os.ReadFile(filepath.Join(a, name))
		y, err2 := os.ReadFile(filepath.Join(b, name))
		if err1 != nil || err2 != nil || !bytes.Equal(x, y) {
			t.Errorf("%s: missing or different between processes (%v, %v)", name, err1, err2)
		}
	}
	again := inFolder(t)
	mustRun(t, "report", "-from", a, "-out", again)
	saved, _ := folder(t, a)
	rebuilt, _ := folder(t, again)
	if diff := sameFolder(rebuilt, saved); diff != "" {
		t.Errorf("report -from: %s", diff)
	}
	tables := checkDataFolder(t, a)

	t.Setenv("SOURCE_DATE_EPOCH", "")
	run, deck := inFolder(t), inFolder(t)
	mustRun(t, "run", "-report", "-runs", "4", "-weeks", "20", "-out", run, "steady-growth")
	if _, err := os.Stat(filepath.Join(run, "slides", "05-headcount.png")); err != nil {
		t.Error(err)
	}
	mustRun(t, "report", "-from", run, "-out", deck)
	saved, _ = folder(t, run)
	rebuilt, _ = folder(t, deck)
	for name, data := range rebuilt {
		if name != "MANIFEST" && name != "datapackage.json" && !bytes.Equal(saved[name], data) {
			t.Errorf("%s of run -report and of report -from differ", name)
		}
	}
	maps.Copy(tables, checkDataFolder(t, deck))
	readByPandas(t, tables)

	for _, tt := range []struct{ args, want string }{
		{"report -from " + a + " -runs 4 -out " + inFolder(t), "-from rebuilds a saved deck as it was made; it takes only -out, got -runs"},
		{"report -from " + a + " early-startup -out " + inFolder(t), "takes only -out, got early-startup"},
		{"report -from " + a + " -out " + a, "is the -from folder"},
		{"report -from " + t.TempDir() + " -out " + inFolder(t), "results.json: no such file"},
	} {
		if code, _, errs := trunksim(t, strings.Fields(tt.args)...); code != 2 || !strings.Contains(errs, tt.want) {
			t.Errorf("%s: exit %d, stderr %q, want 2 and %q", tt.args, code, errs, tt.want)
		}
	}
	t.Setenv("SOURCE_DATE_EPOCH", "yesterday")
	if code, _, errs := trunksim(t, "report", "-runs", "2", "-out", t.TempDir()); code != 2 || !strings.Contains(errs, "SOURCE_DATE_EPOCH") {
		t.Errorf("a bad SOURCE_DATE_EPOCH: exit %d, %s", code, errs)
	}
}
