package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestMain lets a test run trunksim as a separate process: the test binary
// re-executes itself with TRUNKSIM_ARGS set and becomes the command, with
// main's signal handling. With TRUNKSIM_PAUSE=NAME it stops after writing
// the output NAME, says so on stderr, and waits for a signal.
func TestMain(m *testing.M) {
	if a := os.Getenv("TRUNKSIM_ARGS"); a != "" {
		var args []string
		if err := json.Unmarshal([]byte(a), &args); err != nil {
			panic(err)
		}
		setUpProcess() // as main does
		ctx, stop := signalContext()
		if pause := os.Getenv("TRUNKSIM_PAUSE"); pause != "" {
			writeHook = func(name string) {
				if name == pause {
					fmt.Fprintf(os.Stderr, "paused after %s\n", name)
					select {
					case <-ctx.Done():
					case <-time.After(time.Minute):
					}
				}
			}
		}
		code := Main(ctx, args, os.Stdout, os.Stderr)
		stop()
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// process runs trunksim in a child process.
func process(t *testing.T, args ...string) {
	t.Helper()
	a, _ := json.Marshal(args)
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "TRUNKSIM_ARGS="+string(a))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v: %v\n%s", args, err, out)
	}
}

// -j 1 keeps the whole process on one core, charts and summaries as well
// as the runs: its CPU time is about its wall time (without the cap,
// drawing the charts in parallel took some 1.35 times it).
func TestJOneUsesOneCore(t *testing.T) {
	a, _ := json.Marshal([]string{"run", "-runs", "200", "-j", "1", "-out", t.TempDir(), "uber-hypergrowth"})
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "TRUNKSIM_ARGS="+string(a))
	start := time.Now()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	wall := time.Since(start)
	cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	if float64(cpu) > 1.15*float64(wall) {
		t.Errorf("run -j 1 took %v of CPU in %v: more than one core", cpu, wall)
	}
}

// trunksim runs the command in-process and returns its exit status and
// output.
func trunksim(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func readDir(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = b
	}
	return files
}

func TestRunWritesEveryOutput(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := trunksim(t, "run", "-runs", "6", "-weeks", "30", "-out", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	files := readDir(t, dir)
	for _, want := range []string{"summary.json", "timeseries.csv", "events.csv", "headcount.png", "trunk-share.png", "quality.png", "pages.png", "morale.png", "investment.png"} {
		if len(files[want]) == 0 {
			t.Errorf("%s missing or empty", want)
		}
	}
	var summary struct {
		Scenario string
		Runs     int
		Outcomes map[string]struct{ P50 *float64 }
	}
	if err := json.Unmarshal(files["summary.json"], &summary); err != nil {
		t.Fatal(err)
	}
	if summary.Scenario != "uber-hypergrowth" || summary.Runs != 6 || summary.Outcomes["weeks_below_quality"].P50 == nil {
		t.Errorf("summary: %+v", summary)
	}
	if !strings.Contains(out, "weeks below quality threshold") || !strings.Contains(out, "Leadership intervened") {
		t.Errorf("stdout table:\n%s", out)
	}
}

// The same scenario and seed give the same bytes, whatever the number of
// workers.
func TestRunIsReproducible(t *testing.T) {
	var dirs []string
	for _, j := range []string{"1", "2", "3"} {
		d := t.TempDir()
		if code, _, errs := trunksim(t, "run", "-runs", "7", "-weeks", "26", "-seed", "5", "-j", j, "-out", d, "-format", "both", "steady-growth"); code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		dirs = append(dirs, d)
	}
	a := readDir(t, dirs[0])
	for _, d := range dirs[1:] {
		b := readDir(t, d)
		for name, data := range a {
			if !bytes.Equal(data, b[name]) {
				t.Errorf("%s differs between -j 1 and another -j", name)
			}
		}
	}
}

func TestBadInput(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.toml")
	os.WriteFile(bad, []byte("weeks = 3\n[policy]\ntreshold = 6\n"), 0o644)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"run", "no-such-scenario"}, `unknown scenario "no-such-scenario"`},
		{[]string{"run", bad}, bad + `:3:1: policy.treshold: unknown key, did you mean "policy.threshold"?`},
		{[]string{"run", "-set", "policy.threshold=2"}, "policy.threshold: must be at least branch_min (3), got 2"},
		{[]string{"run", "-policy", "centralised"}, `policy.name: unknown value "centralised"`},
		{[]string{"run", "-runs", "0"}, "-runs must be from 1"},
		{[]string{"run", "-nosuchflag"}, "flag provided but not defined: -nosuchflag"},
		{[]string{"run", "-format", "gif"}, "-format must be png, svg or both"},
		{[]string{"show"}, "expected one built-in scenario name"},
		{[]string{"show", "nope"}, `unknown scenario "nope"`},
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
	}
	for _, tt := range tests {
		code, _, errs := trunksim(t, append(tt.args, "-out", t.TempDir())...)
		if tt.args[0] == "show" || tt.args[0] == "frobnicate" {
			code, _, errs = trunksim(t, tt.args...)
		}
		if code != 2 {
			t.Errorf("%v: exit %d, want 2", tt.args, code)
		}
		if !strings.Contains(errs, tt.want) {
			t.Errorf("%v: stderr %q does not say %q", tt.args, errs, tt.want)
		}
	}
}

// A run interrupted mid-way writes nothing and leaves the previous
// results as they were.
func TestInterruptedRunWritesNothing(t *testing.T) {
	dir := t.TempDir()
	if code, _, errs := trunksim(t, "run", "-runs", "5", "-weeks", "20", "-out", dir); code != 0 {
		t.Fatal(errs)
	}
	before := readDir(t, dir)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	halfway := 0
	progressHook = func(done, runs int) {
		if done == runs/2 {
			halfway++
			cancel()
		}
	}
	defer func() { progressHook = nil }()
	var out, errb bytes.Buffer
	if code := Main(ctx, []string{"run", "-runs", "200", "-weeks", "20", "-seed", "9", "-out", dir}, &out, &errb); code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if halfway != 1 || !strings.Contains(errb.String(), "interrupted") {
		t.Errorf("not interrupted half way (%d): %s", halfway, errb.String())
	}
	after := readDir(t, dir)
	if len(after) != len(before) {
		t.Errorf("%d files before, %d after", len(before), len(after))
	}
	for name, data := range before {
		if !bytes.Equal(data, after[name]) {
			t.Errorf("%s changed", name)
		}
	}
}

// Two processes given the same inputs write the same bytes.
func TestSameBytesAcrossProcesses(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	args := []string{"run", "-runs", "9", "-weeks", "30", "-seed", "4", "-format", "both", "early-startup"}
	process(t, append(args, "-out", a, "-j", "1")...)
	process(t, append(args, "-out", b, "-j", "2")...)
	fa, fb := readDir(t, a), readDir(t, b)
	if len(fa) != 18 || len(fa) != len(fb) { // 17 outputs and the MANIFEST
		t.Fatalf("%d and %d files", len(fa), len(fb))
	}
	for name, data := range fa {
		if !bytes.Equal(data, fb[name]) {
			t.Errorf("%s differs between processes", name)
		}
	}
}

func TestScenariosAndShow(t *testing.T) {
	code, out, _ := trunksim(t, "scenarios")
	if code != 0 || !strings.Contains(out, "uber-hypergrowth") || !strings.Contains(out, "cost-center") {
		t.Errorf("scenarios: exit %d\n%s", code, out)
	}
	code, out, _ = trunksim(t, "show", "steady-growth")
	if code != 0 || !strings.Contains(out, `name = "steady-growth"`) {
		t.Errorf("show: exit %d\n%s", code, out)
	}
}

// helps is every help text: the top one, and each command's -h.
func helps(t *testing.T) map[string]string {
	t.Helper()
	texts := map[string]string{}
	for _, name := range append([]string{"help"}, commandNames()...) {
		args := []string{name, "-h"}
		if name == "help" {
			args = args[:1]
		}
		code, out, errs := trunksim(t, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d", args, code)
		}
		texts[name] = out + errs
	}
	return texts
}

func commandNames() []string {
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	return names
}

// example is one line of a help's Examples block: ENV=value ... trunksim
// ARGS [> FILE].
type example struct {
	line, help string
	env        []string
	args       []string
	stdout     string
}

// examples parses the example lines of a help text.
func examples(help, text string) []example {
	_, block, _ := strings.Cut(text, "\nExamples:\n")
	var exs []example
	for _, line := range strings.Split(block, "\n") {
		line, _, _ = strings.Cut(line, "#")
		f := strings.Fields(line)
		i := slices.Index(f, "trunksim")
		if i < 0 || slices.ContainsFunc(f[:i], func(s string) bool { return !strings.Contains(s, "=") }) {
			continue
		}
		ex := example{line: strings.TrimSpace(line), help: help, env: f[:i], args: f[i+1:]}
		if k := slices.Index(ex.args, ">"); k >= 0 {
			ex.stdout, ex.args = ex.args[k+1], ex.args[:k]
		}
		exs = append(exs, ex)
	}
	return exs
}

// Every example of every help text runs as written, with fewer and shorter
// runs, SVG charts and its own -out: "trunksim show X > F" writes F, a
// -from folder is written by report first, and file arguments are found
// from the repository's root, as the examples expect.
func TestHelpExamplesRun(t *testing.T) {
	texts := helps(t)
	root, _ := filepath.Abs("../..")
	dir := t.TempDir()
	os.Symlink(filepath.Join(root, "scenarios"), filepath.Join(dir, "scenarios"))
	os.Symlink(filepath.Join(root, "examples"), filepath.Join(dir, "examples"))
	t.Chdir(dir)
	var all []example
	for _, name := range slices.Sorted(maps.Keys(texts)) {
		exs := examples(name, texts[name])
		if len(exs) == 0 {
			t.Errorf("trunksim %s -h has no examples", name)
		}
		all = append(all, exs...)
	}
	run := func(t *testing.T, ex example) {
		help := texts[ex.args[0]]
		args := slices.Clone(ex.args)
		for i := len(args) - 1; i >= 0; i-- {
			if strings.Contains(args[i], "*") {
				m, _ := filepath.Glob(args[i])
				if len(m) == 0 {
					t.Fatalf("%s: %s matches no file", ex.line, args[i])
				}
				args = slices.Replace(args, i, i+1, m...)
			}
		}
		if i := slices.Index(args, "-from"); i >= 0 && i+1 < len(args) {
			// A deck rebuilt from a folder of saved results, which
			// report writes first; -from takes no run flags.
			mustRun(t, "report", "-runs", "2", "-weeks", "8", "-out", args[i+1])
		} else {
			if strings.Contains(help, "\n  -runs ") {
				args = append(args, "-runs", "2")
			}
			if strings.Contains(help, "\n  -weeks ") {
				args = append(args, "-weeks", "8")
			}
		}
		if strings.Contains(help, "\n  -format ") && !slices.Contains(args, "-format") {
			args = append(args, "-format", "svg")
		}
		if strings.Contains(help, "\n  -out ") && !slices.Contains(args, "-shard") {
			args = append(args, "-out", filepath.Join(t.TempDir(), "out"))
		}
		code, out, errs := trunksim(t, args...)
		if code != 0 {
			t.Fatalf("%s (help of %s): exit %d: %s", ex.line, ex.help, code, errs)
		}
		if ex.stdout != "" {
			os.WriteFile(ex.stdout, []byte(out), 0o644)
		}
	}
	// What writes files others read first (a scenario to stdout, a
	// shard's file), in order; what sets the environment, alone.
	writes := func(ex example) bool { return ex.stdout != "" || slices.Contains(ex.args, "-shard") }
	writers := slices.DeleteFunc(slices.Clone(all), func(ex example) bool { return !writes(ex) })
	rest := slices.DeleteFunc(slices.Clone(all), writes)
	for _, ex := range slices.Concat(writers, rest) {
		t.Run(ex.line, func(t *testing.T) {
			for _, kv := range ex.env {
				k, v, _ := strings.Cut(kv, "=")
				t.Setenv(k, v)
			}
			if len(ex.env) == 0 && !writes(ex) {
				t.Parallel()
			}
			run(t, ex)
		})
	}
	if len(all) < 25 {
		t.Errorf("only %d examples found", len(all))
	}
}

// The package doc is the manual: it gives every command's usage line.
func TestDocNamesEveryCommand(t *testing.T) {
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	for name, text := range helps(t) {
		if name == "help" {
			continue
		}
		usage, _, _ := strings.Cut(strings.TrimPrefix(text, "Usage: "), "\n")
		if !strings.Contains(string(doc), "//\t"+usage+"\n") {
			t.Errorf("doc.go does not give %q", usage)
		}
	}
}

// Every command that simulates has the same default -runs, and takes
// -policy in the grammar NAME[:key=value,...].
func TestOneMeaningPerFlag(t *testing.T) {
	texts := helps(t)
	for _, name := range []string{"run", "compare", "sweep", "sensitivity", "report"} {
		if !strings.Contains(texts[name], "number of seeded runs (per variant or grid point) (default 200)") {
			t.Errorf("%s: -runs does not default to 200:\n%s", name, texts[name])
		}
		if !strings.Contains(texts[name], "NAME[:key=value,...]") {
			t.Errorf("%s: -policy does not take NAME[:key=value,...]", name)
		}
	}
}

// -policy NAME[:key=value,...] sets the policy and its keys in run, sweep
// and sensitivity as it makes a variant in compare and report.
func TestPolicyFlag(t *testing.T) {
	quick := []string{"-runs", "2", "-weeks", "8", "-format", "svg"}
	for _, tt := range []struct {
		args []string
		want string // the end of the provenance line datapackage.json's title holds
	}{
		{[]string{"run", "-policy", "centralized"}, `set weeks=8 policy.name="centralized"`},
		{[]string{"run", "-policy", "trunk-and-branches:policy.threshold=6, policy.branch_min=4"},
			`set weeks=8 policy.name="trunk-and-branches" policy.threshold=6 policy.branch_min=4`},
		{[]string{"run", "-policy", `centralized:people.hours_per_week={ dist = "uniform", low = 36, high = 44 }, policy.branch_min=4`},
			`set weeks=8 policy.name="centralized" people.hours_per_week={ dist = "uniform", low = 36, high = 44 } policy.branch_min=4`},
		{[]string{"sweep", "-vary", "people.attrition_pct=10,20", "-policy", "centralized:people.attrition_pct=30"},
			`set weeks=8 policy.name="centralized" people.attrition_pct=30 vary people.attrition_pct=10,20`},
		{[]string{"sensitivity", "-params", "people.attrition_pct", "-policy", "fragmented:policy.choose=random"},
			`set weeks=8 policy.name="fragmented" policy.choose=random sensitivity weeks_below_quality ±25%`},
	} {
		dir := filepath.Join(t.TempDir(), "out")
		mustRun(t, slices.Concat(tt.args, quick, []string{"-out", dir})...)
		var pkg struct{ Title string }
		b, _ := os.ReadFile(filepath.Join(dir, "datapackage.json"))
		if err := json.Unmarshal(b, &pkg); err != nil || !strings.HasSuffix(pkg.Title, tt.want) {
			t.Errorf("%v: datapackage.json's title is %q (%v), want it to end %q", tt.args, pkg.Title, err, tt.want)
		}
	}
	for _, tt := range []struct{ args, want string }{
		{"run -policy :policy.threshold=6", `trunksim run: -policy ":policy.threshold=6": expected NAME[:key=value,...], such as trunk-and-branches:policy.threshold=6` + "\n"},
		{"sweep -vary policy.threshold=4,8 -policy :x=1", `trunksim sweep: -policy ":x=1": expected NAME[:key=value,...], such as trunk-and-branches:policy.threshold=6` + "\n"},
		{"sensitivity -policy :", `trunksim sensitivity: -policy ":": expected NAME[:key=value,...], such as trunk-and-branches:policy.threshold=6` + "\n"},
		{"compare -policy :x=1 -policy centralized", `trunksim compare: -policy ":x=1": expected NAME[:key=value,...], such as trunk-and-branches:policy.threshold=6` + "\n"},
		{"report -policy :x=1", `trunksim report: -policy ":x=1": expected NAME[:key=value,...], such as trunk-and-branches:policy.threshold=6` + "\n"},
	} {
		code, _, errs := trunksim(t, append(strings.Fields(tt.args), "-out", filepath.Join(t.TempDir(), "out"))...)
		if code != 2 || errs != tt.want {
			t.Errorf("%s: exit %d, stderr %q, want 2 and %q", tt.args, code, errs, tt.want)
		}
	}
}

func TestVersion(t *testing.T) {
	want := "trunksim " + Version + " (" + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH + ")\n"
	for _, args := range [][]string{{"version"}, {"-version"}, {"--version"}} {
		if code, out, errs := trunksim(t, args...); code != 0 || out != want || errs != "" {
			t.Errorf("%v: exit %d, %q %q, want %q", args, code, out, errs, want)
		}
	}
	if code, _, errs := trunksim(t, "version", "x"); code != 2 || errs != "trunksim version: takes no arguments, got [\"x\"]\n" {
		t.Errorf("version x: exit %d, %q", code, errs)
	}
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"-h"}, {"help", "run"}, {"run", "-h"}} {
		code, out, errs := trunksim(t, args...)
		if code != 0 || !strings.Contains(out+errs, "Usage") && !strings.Contains(out+errs, "Commands") {
			t.Errorf("%v: exit %d\n%s%s", args, code, out, errs)
		}
	}
	if code, _, _ := trunksim(t); code != 2 {
		t.Errorf("no arguments: exit %d, want 2", code)
	}
}
