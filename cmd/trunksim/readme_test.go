package main

import (
	"os"
	"path/filepath"
	"slices"
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
