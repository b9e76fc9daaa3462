package scenarios

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Files that are not scenarios are refused before they are read, with
// the reason.
func TestLoadRefuses(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.toml")
	var b bytes.Buffer
	for i := 0; b.Len() < 20<<20; i++ {
		fmt.Fprintf(&b, "unknown_key_%d = %d\n", i, i)
	}
	if err := os.WriteFile(big, b.Bytes()[:20<<20], 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ ref, want string }{
		{dir, "scenario " + dir + ": is a directory, not a scenario file"},
		{"/dev/zero", "scenario /dev/zero: not a regular file"},
		{big, big + ": 20,971,520 bytes, more than the 1,048,576 (1 MiB) a scenario may have"},
		{filepath.Join(dir, "none.toml"), "scenario " + filepath.Join(dir, "none.toml") + ": no such file or directory"},
		{filepath.Join(dir, "a\x1b[2J.toml"), "scenario " + filepath.Join(dir, `a\x1b[2J.toml`) + ": no such file or directory"},
	}
	for _, tt := range tests {
		if _, err := os.Stat(tt.ref); tt.ref == "/dev/zero" && err != nil {
			continue // no such device here
		}
		start := time.Now()
		_, err := Load(tt.ref)
		if err == nil || err.Error() != tt.want {
			t.Errorf("Load(%q): %v, want %s", tt.ref, err, tt.want)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("Load(%q) took %v", tt.ref, d)
		}
	}
}

// What a file holds is bounded too: its size, its nesting and the
// problems listed, each refused quickly.
func TestParseLimits(t *testing.T) {
	unknown := func(n int) []byte {
		var b bytes.Buffer
		b.WriteString(minimal + "[policy]\n")
		for i := 0; b.Len()+len("k0000000 = 1\n") <= n; i++ {
			fmt.Fprintf(&b, "k%07d = 1\n", i)
		}
		b.WriteString(strings.Repeat("\n", n-b.Len()))
		return b.Bytes()
	}
	nested := []byte("x = " + strings.Repeat("{a = ", 8000) + "1" + strings.Repeat("}", 8000) + "\n")
	tests := []struct {
		name  string
		src   []byte
		first string // the first line of the error
		last  string // its last line
	}{
		{"over 1 MiB", unknown(MaxFileSize + 1), "f.toml: 1,048,577 bytes, more than the 1,048,576 (1 MiB) a scenario may have", ""},
		{"8,000 nested inline tables", nested, "f.toml:1:41: nested more than 8 levels deep; no scenario key is deeper", ""},
		{"1 MiB of unknown keys", unknown(MaxFileSize), "f.toml:10:1: policy.k0000000: unknown key, expected one of branch_min, choose, name, share_band, share_pct, split_cooldown, split_delay, split_spacing, subdivide, subdivide_at, threshold, trunk_cap, up_front",
			"f.toml: and 80,602 more"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			_, err := Parse("f.toml", tt.src)
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v", d)
			}
			if err == nil {
				t.Fatal("no error")
			}
			lines := strings.Split(err.Error(), "\n")
			if lines[0] != tt.first {
				t.Errorf("first line %q, want %q", lines[0], tt.first)
			}
			if tt.last != "" && (lines[len(lines)-1] != tt.last || len(lines) != maxErrors+1) {
				t.Errorf("%d lines, the last %q, want %d and %q", len(lines), lines[len(lines)-1], maxErrors+1, tt.last)
			}
		})
	}
}

func TestPrintable(t *testing.T) {
	for in, want := range map[string]string{
		"plain":                 "plain",
		"domains.storage":       "domains.storage",
		"a\x1b[2Jb":             `a\x1b[2Jb`,
		"tab\tand\nline":        `tab\x09and\x0aline`,
		"bell\a del\x7f":        `bell\x07 del\x7f`,
		"c1 \u009b":             `c1 \u009b`,
		"bidi \u202eevil":       `bidi \u202eevil`,
		"bad \xff utf-8":        `bad \xff utf-8`,
		"real \uFFFD stays":     "real \uFFFD stays",
		"accents é and 日本 stay": "accents é and 日本 stay",
	} {
		if got := Printable(in); got != want {
			t.Errorf("Printable(%q) = %q, want %q", in, got, want)
		}
	}
}

// Whatever a message echoes of the user's text, it cannot drive the
// terminal.
func TestErrorEscapes(t *testing.T) {
	e := &Error{File: "a\x1b]0;x\a.toml", Pos: Pos{1, 2}, In: "variant \"\x1b[1m\"", Key: "k\x1b", Msg: "got \x1b[31m",
		Context: "  1 | " + Printable("x\x1b") + "\n    | ^"}
	want := `a\x1b]0;x\x07.toml:1:2: variant "\x1b[1m": k\x1b: got \x1b[31m` + "\n  1 | x\\x1b\n    | ^"
	if got := e.Error(); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
