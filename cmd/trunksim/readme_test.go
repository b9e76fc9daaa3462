package main

import (
	"bytes"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// readmeSection is the text of one "## " section of the README.
func readmeSection(t *testing.T, title string) string {
	t.Helper()
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	i := strings.Index(s, "\n## "+title+"\n")
	if i < 0 {
		t.Fatalf("README has no section %q", title)
	}
	s = s[i+1:]
	if j := strings.Index(s[3:], "\n## "); j >= 0 {
		s = s[:j+3]
	}
	return s
}

// shellLines are the lines of the section's sh code blocks.
func shellLines(section string) []string {
	var out []string
	in := false
	for line := range strings.SplitSeq(section, "\n") {
		switch {
		case line == "```sh":
			in = true
		case line == "```":
			in = false
		case in:
			out = append(out, line)
		}
	}
	return out
}

// The README's walk from a blank scenario to a calibrated deck runs as
// written, in a fresh folder: each heredoc writes its file, each trunksim
// command exits 0 (with fewer runs, as the help examples do), and the
// deck and the calibrated scenario are there at the end.
func TestReadmeModelYourOwnOrganization(t *testing.T) {
	lines := shellLines(readmeSection(t, "Model your own organization"))
	if len(lines) == 0 {
		t.Fatal("no commands")
	}
	t.Chdir(t.TempDir())
	commands := 0
	for i := 0; i < len(lines); i++ {
		line, _, _ := strings.Cut(lines[i], " #")
		line = strings.TrimSpace(line)
		switch {
		case line == "":
		case strings.HasPrefix(line, "cat > ") && strings.HasSuffix(line, "<<'EOF'"):
			file := strings.Fields(line)[2]
			var body []string
			for i++; i < len(lines) && lines[i] != "EOF"; i++ {
				body = append(body, lines[i])
			}
			if err := os.WriteFile(file, []byte(strings.Join(body, "\n")+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		case strings.HasPrefix(line, "./trunksim "):
			args := strings.Fields(strings.TrimPrefix(line, "./trunksim "))
			var stdout string
			if k := slices.Index(args, ">"); k >= 0 {
				stdout, args = args[k+1], args[:k]
			}
			if slices.Contains([]string{"run", "compare", "report"}, args[0]) {
				args = append(args, "-runs", "20")
			}
			code, out, errs := trunksim(t, args...)
			if code != 0 {
				t.Fatalf("%s: exit %d\n%s", line, code, errs)
			}
			if stdout != "" {
				if err := os.WriteFile(stdout, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			commands++
		default:
			t.Fatalf("the test cannot run %q", line)
		}
	}
	if commands < 3 {
		t.Errorf("only %d trunksim commands", commands)
	}
	cal, err := os.ReadFile("calibrated.toml")
	if err != nil || !strings.Contains(string(cal), "# calibrate: derived from observed ops_share 0.55 on platform") {
		t.Errorf("calibrated.toml: %v\n%s", err, cal)
	}
	for _, f := range []string{"out/mine/deck.pdf", "out/mine/report.html", "out/calibrate/fit.png"} {
		if _, err := os.Stat(filepath.FromSlash(f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

// The README's GNU parallel line, run as it reads with its eight shards
// (at fewer runs and weeks, on a built-in), merges into the outputs of
// the same study unsharded.
func TestReadmeShardedStudy(t *testing.T) {
	section := readmeSection(t, "Studies larger than one machine")
	var shard, merge []string
	for _, line := range shellLines(section) {
		f := strings.Fields(line)
		switch {
		case len(f) > 2 && f[0] == "parallel" && f[1] == "trunksim":
			shard = f[2:slices.Index(f, ":::")]
		case len(f) > 1 && f[0] == "trunksim" && f[1] == "merge":
			merge = f[1:]
		}
	}
	if shard == nil || merge == nil || !strings.Contains(section, "-shard $JOB_COMPLETION_INDEX/8") {
		t.Fatalf("the section shows no parallel, merge or Indexed Job line:\n%s", section)
	}
	t.Setenv("SOURCE_DATE_EPOCH", "1767225600")
	dir := t.TempDir()
	t.Chdir(dir)
	os.Mkdir("parts", 0o755)
	small := func(args []string) []string {
		var out []string
		for _, a := range args {
			switch a {
			case "2000":
				a = "3"
			case "mine.toml":
				a = "steady-growth"
			}
			out = append(out, a)
		}
		return append(out, "-weeks", "30", "-params", "policy.threshold")
	}
	for k := range 8 {
		args := small(shard)
		for i := range args {
			args[i] = strings.ReplaceAll(args[i], "{}", strconv.Itoa(k))
		}
		if code, _, errs := trunksim(t, args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
	}
	parts, _ := filepath.Glob(merge[len(merge)-1])
	if code, _, errs := trunksim(t, append(merge[:len(merge)-1], parts...)...); code != 0 {
		t.Fatalf("%v: exit %d: %s", merge, code, errs)
	}
	whole := small(withoutFlags(shard, "shard"))
	whole = append(withoutFlags(whole, "out"), "-out", "whole")
	if code, _, errs := trunksim(t, whole...); code != 0 {
		t.Fatalf("%v: exit %d: %s", whole, code, errs)
	}
	out := merge[slices.Index(merge, "-out")+1]
	want, _ := folder(t, "whole")
	got, _ := folder(t, out)
	if len(want) == 0 || !maps.EqualFunc(want, got, bytes.Equal) {
		t.Errorf("the merged study (%d files) differs from the unsharded one (%d)", len(got), len(want))
	}
}
