package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// folder is every file under dir, by slash-separated name, and the names
// of the other entries of dir's parent: what a command left behind.
func folder(t *testing.T, dir string) (map[string][]byte, []string) {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(filepath.Dir(dir))
	var beside []string
	for _, e := range entries {
		if e.Name() != filepath.Base(dir) {
			beside = append(beside, e.Name())
		}
	}
	return files, beside
}

// sameFolder reports how got differs from want, or "" if it does not.
func sameFolder(got, want map[string][]byte) string {
	var diff []string
	for name, b := range want {
		if g, ok := got[name]; !ok {
			diff = append(diff, "missing "+name)
		} else if !bytes.Equal(g, b) {
			diff = append(diff, "changed "+name)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			diff = append(diff, "extra "+name)
		}
	}
	slices.Sort(diff)
	return strings.Join(diff, ", ")
}

// inFolder is a fresh -out alone in its parent.
func inFolder(t *testing.T) string { return filepath.Join(t.TempDir(), "out") }

func mustRun(t *testing.T, args ...string) {
	t.Helper()
	if code, _, errs := trunksim(t, args...); code != 0 {
		t.Fatalf("%v: exit %d: %s", args, code, errs)
	}
}

// A second command into a folder leaves exactly its own outputs there,
// the same as into an empty folder: nothing of the first is left.
func TestOutputFolderIsOneSet(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1767225600")
	quick := []string{"-runs", "2", "-weeks", "12"}
	for _, tt := range []struct {
		name          string
		first, second []string
	}{
		{"a three-policy report, then a one-policy report",
			[]string{"report", "-policy", "centralized", "-policy", "trunk-and-branches", "-policy", "fragmented", "steady-growth"},
			[]string{"report", "-policy", "centralized", "steady-growth"}},
		{"run -format both -report, then run -format png",
			[]string{"run", "-format", "both", "-report", "steady-growth"},
			[]string{"run", "-format", "png", "steady-growth"}},
		{"compare, then sweep",
			[]string{"compare", "-policy", "centralized", "-policy", "fragmented"},
			[]string{"sweep", "-vary", "policy.threshold=4,8"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir, fresh := inFolder(t), inFolder(t)
			mustRun(t, slices.Concat(tt.first, quick, []string{"-out", dir})...)
			first, _ := folder(t, dir)
			mustRun(t, slices.Concat(tt.second, quick, []string{"-out", dir})...)
			mustRun(t, slices.Concat(tt.second, quick, []string{"-out", fresh})...)
			got, beside := folder(t, dir)
			want, _ := folder(t, fresh)
			if d := sameFolder(got, want); d != "" || len(beside) != 0 {
				t.Errorf("after two commands: %s; beside the folder: %v", d, beside)
			}
			if len(first) <= len(got) && tt.first[0] == tt.second[0] {
				t.Errorf("the first set (%d files) should be larger than the second (%d)", len(first), len(got))
			}
			if _, ok := got["MANIFEST"]; !ok {
				t.Error("no MANIFEST")
			}
		})
	}
}

// A folder holding a file of the user's is not replaced, and -out that
// cannot be written fails before a single run is simulated.
func TestOutUnwritableFailsBeforeSimulating(t *testing.T) {
	root := t.TempDir()
	file := filepath.Join(root, "file")
	os.WriteFile(file, []byte("mine"), 0o644)
	mine := filepath.Join(root, "mine")
	os.Mkdir(mine, 0o755)
	os.WriteFile(filepath.Join(mine, "notes.txt"), []byte("mine"), 0o644)
	sub := filepath.Join(file, "sub")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "-out", file}, "trunksim run: -out: " + file + " is a file, not a directory\n"},
		{[]string{"run", "-report", "-out", sub}, "trunksim run: -out: cannot make " + sub + ": " + file + " is a file, not a directory\n"},
		{[]string{"run", "-out", mine}, "trunksim run: -out: " + mine + " holds files that no trunksim MANIFEST lists (notes.txt); move them away or name another directory\n"},
		{[]string{"compare", "-policy", "centralized", "-policy", "fragmented", "-out", file}, "trunksim compare: -out: " + file + " is a file, not a directory\n"},
		{[]string{"sweep", "-vary", "policy.threshold=4..8:2", "-out", sub}, "trunksim sweep: -out: cannot make " + sub + ": " + file + " is a file, not a directory\n"},
		{[]string{"sensitivity", "-out", mine}, "trunksim sensitivity: -out: " + mine + " holds files that no trunksim MANIFEST lists (notes.txt); move them away or name another directory\n"},
		{[]string{"report", "-out", file}, "trunksim report: -out: " + file + " is a file, not a directory\n"},
	} {
		runs := 0
		progressHook = func(int, int) { runs++ }
		start := time.Now()
		code, out, errs := trunksim(t, append(tt.args, "-runs", "100000", "-weeks", "520")...)
		took := time.Since(start)
		progressHook = nil
		if code != 2 || out != "" || errs != tt.want || runs != 0 {
			t.Errorf("%v: exit %d after %d runs, stdout %q, stderr %q, want exit 2 after none and %q", tt.args, code, runs, out, errs, tt.want)
		}
		t.Logf("%s: failed in %v", strings.Join(tt.args[:1], " "), took)
	}
	if b, _ := os.ReadFile(file); string(b) != "mine" {
		t.Errorf("the file is now %q", b)
	}
	if files, beside := folder(t, mine); len(files) != 1 || !slices.Equal(beside, []string{"file"}) {
		t.Errorf("the user's folder: %d files, beside %v", len(files), beside)
	}
}

// A run that is sent SIGTERM, or killed, while it writes leaves the
// previous set whole; after the next run the folder holds that run's set
// and nothing is left beside it.
func TestSignalWhileWriting(t *testing.T) {
	quick := []string{"-runs", "3", "-weeks", "12", "-format", "svg"}
	next := slices.Concat([]string{"run", "-seed", "3"}, quick)
	fresh := inFolder(t)
	mustRun(t, append(next, "-out", fresh)...)
	want, _ := folder(t, fresh)
	for _, tt := range []struct {
		name  string
		sig   syscall.Signal
		after string // the file written when the signal comes
	}{
		{"SIGTERM mid-set", syscall.SIGTERM, "timeseries.csv"},
		{"SIGTERM before the swap", syscall.SIGTERM, "MANIFEST"},
		{"SIGINT mid-set", syscall.SIGINT, "headcount.svg"},
		{"SIGKILL mid-set", syscall.SIGKILL, "timeseries.csv"},
		{"SIGKILL before the swap", syscall.SIGKILL, "MANIFEST"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := inFolder(t)
			mustRun(t, slices.Concat([]string{"run", "-report"}, quick, []string{"-out", dir})...)
			previous, _ := folder(t, dir)

			a, _ := json.Marshal(slices.Concat([]string{"run", "-seed", "2"}, quick, []string{"-out", dir}))
			cmd := exec.Command(os.Args[0])
			cmd.Env = append(os.Environ(), "TRUNKSIM_ARGS="+string(a), "TRUNKSIM_PAUSE="+tt.after)
			paused := make(chan struct{})
			var stderr bytes.Buffer
			cmd.Stderr = &signalWriter{w: &stderr, mark: "paused after " + tt.after, seen: paused}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			select {
			case <-paused:
			case <-time.After(60 * time.Second):
				cmd.Process.Kill()
				cmd.Wait()
				t.Fatalf("the child never paused: %s", stderr.String())
			}
			cmd.Process.Signal(tt.sig)
			err := cmd.Wait()
			got, beside := folder(t, dir)
			if d := sameFolder(got, previous); d != "" {
				t.Errorf("after %v the previous set is not whole: %s", tt.sig, d)
			}
			if tt.sig == syscall.SIGKILL {
				if len(beside) != 1 || !strings.HasPrefix(beside[0], ".out.staging-") {
					t.Errorf("a killed run should leave its staging directory, left %v", beside)
				}
			} else {
				if code := cmd.ProcessState.ExitCode(); code != 1 || !strings.HasSuffix(stderr.String(), "trunksim run: interrupted; nothing was written\n") {
					t.Errorf("after %v: %v, exit %d: %s", tt.sig, err, code, stderr.String())
				}
				if len(beside) != 0 {
					t.Errorf("after %v, beside the folder: %v", tt.sig, beside)
				}
			}

			mustRun(t, append(next, "-out", dir)...)
			got, beside = folder(t, dir)
			if d := sameFolder(got, want); d != "" || len(beside) != 0 {
				t.Errorf("after the next run: %s; beside the folder: %v", d, beside)
			}
		})
	}
}

// signalWriter passes writes on and closes seen once mark has been
// written.
type signalWriter struct {
	w    *bytes.Buffer
	mark string
	seen chan struct{}
}

func (s *signalWriter) Write(p []byte) (int, error) {
	s.w.Write(p)
	if s.seen != nil && strings.Contains(s.w.String(), s.mark) {
		close(s.seen)
		s.seen = nil
	}
	return len(p), nil
}
