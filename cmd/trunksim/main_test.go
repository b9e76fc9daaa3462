package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
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
		tuneGC() // as main does
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
	if len(fa) != 16 || len(fa) != len(fb) { // 15 outputs and the MANIFEST
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

// Every example in the help texts runs: "trunksim show X > F" writes F,
// and runs are shortened so the test stays quick.
func TestHelpExamplesRun(t *testing.T) {
	t.Chdir(t.TempDir())
	var examples []string
	for _, text := range []string{runExamples, topExamples} {
		for _, line := range strings.Split(text, "\n") {
			line = strings.TrimSpace(line)
			if i := strings.Index(line, "#"); i >= 0 {
				line = strings.TrimSpace(line[:i])
			}
			if strings.HasPrefix(line, "trunksim ") {
				examples = append(examples, line)
			}
		}
	}
	if len(examples) < 4 {
		t.Fatalf("only %d examples found", len(examples))
	}
	// Shows first, so the files the runs read exist.
	for _, ex := range examples {
		if f := strings.Fields(ex); f[1] == "show" {
			code, out, errs := trunksim(t, f[1:3]...)
			if code != 0 {
				t.Fatalf("%s: exit %d: %s", ex, code, errs)
			}
			os.WriteFile(f[len(f)-1], []byte(out), 0o644)
		}
	}
	for _, ex := range examples {
		f := strings.Fields(ex)
		if f[1] == "show" {
			continue
		}
		args := append(f[1:], "-runs", "2", "-weeks", "8", "-out", "out")
		if code, _, errs := trunksim(t, args...); code != 0 {
			t.Errorf("%s: exit %d: %s", ex, code, errs)
		}
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
