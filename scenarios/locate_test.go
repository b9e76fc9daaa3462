package scenarios

import (
	"strings"
	"testing"
)

// The tokenizer places every key the way the TOML decoder reads it.
func TestTokenizePositions(t *testing.T) {
	tests := []struct {
		name, src, path string
		want            Pos
	}{
		{"top-level key", "weeks = 3\n", "weeks", Pos{1, 1}},
		{"indented key", "  \tweeks = 3\n", "weeks", Pos{1, 4}},
		{"table header", "\n[policy]\nthreshold = 3\n", "policy", Pos{2, 1}},
		{"key in a table", "\n[policy]\nthreshold = 3\n", "policy.threshold", Pos{3, 1}},
		{"dotted key", "policy.threshold = 3\n", "policy.threshold", Pos{1, 1}},
		{"dotted key with spaces", "policy . threshold = 3\n", "policy.threshold", Pos{1, 1}},
		{"quoted keys", "\"policy\".'threshold' = 3\n", "policy.threshold", Pos{1, 1}},
		{"quoted key with a dot", "[v]\n\"policy.threshold\" = 3\n", `v."policy.threshold"`, Pos{2, 1}},
		{"escaped quoted key", "\"a\\u0062\" = 3\n", "ab", Pos{1, 1}},
		{"array of tables", "[[domains]]\nname = \"a\"\n[[domains]]\nname = \"b\"\n", "domains[1].name", Pos{4, 1}},
		{"first array element", "[[domains]]\nname = \"a\"\n[[domains]]\n", "domains", Pos{1, 1}},
		{"nested arrays of tables", "[[a]]\n[[a.b]]\n[[a]]\n[[a.b]]\nx = 1\n", "a[1].b[0].x", Pos{5, 1}},
		{"table under an array element", "[[a]]\n[[a]]\n[a.t]\nx = 1\n", "a[1].t.x", Pos{4, 1}},
		{"inline table", "e = {start = 1, annual_pct = 2}\n", "e.annual_pct", Pos{1, 17}},
		{"inline array", "d = [\"a\",\n  \"b\"]\n", "d[1]", Pos{2, 3}},
		{"tables in an inline array", "p = [{w = 1}, {w = 2, s = 3}]\n", "p[1].s", Pos{1, 23}},
		{"after a bracket in a string", "d = \"draft [1\"\nweeks = 3\n", "weeks", Pos{2, 1}},
		{"after a bracket in a literal string", "d = 'draft [1'\nweeks = 3\n", "weeks", Pos{2, 1}},
		{"after an escaped quote", "d = \"a \\\" [\"\nweeks = 3\n", "weeks", Pos{2, 1}},
		{"after triple quotes in a comment", "# \"\"\" and [\nweeks = 3\n", "weeks", Pos{2, 1}},
		{"after a comment on a header", "[policy] # [x]\nthreshold = 3\n", "policy.threshold", Pos{2, 1}},
		{"after a multi-line string", "d = \"\"\"\n[policy]\nx = \"\"\" \nweeks = 3\n", "weeks", Pos{4, 1}},
		{"multi-line string ending in quotes", "d = \"\"\"a\"\"\"\"\"\nweeks = 3\n", "weeks", Pos{2, 1}},
		{"after a multi-line literal string", "d = '''\n[policy]\n'''\nweeks = 3\n", "weeks", Pos{4, 1}},
		{"after a line continuation", "d = \"\"\"a \\\n  b\"\"\"\nweeks = 3\n", "weeks", Pos{3, 1}},
		{"after a multi-line array with comments", "d = [ # [\n  1, # ]\n  2,\n]\nweeks = 3\n", "weeks", Pos{5, 1}},
		{"after a date", "d = 1979-05-27 07:32:00Z\nweeks = 3\n", "weeks", Pos{2, 1}},
		{"CRLF", "a = 1\r\nweeks = 3\r\n", "weeks", Pos{2, 1}},
		{"columns count characters", "[x]\n\"é\" = {a = 1}\n", `x."é".a`, Pos{2, 8}},
		{"after multi-byte text", "[t]\n\"é\" = 1\nweeks = 3\n", "t.weeks", Pos{3, 1}},
		{"after a byte order mark", "\uFEFFweeks = 3\n", "weeks", Pos{1, 1}},
		{"after a line it cannot read", "= 3\nweeks = 3\n", "weeks", Pos{2, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := tokenize([]byte(tt.src)).loc[tt.path]
			if !ok || got != tt.want {
				t.Errorf("%q: %s at %v (%v), want %v", tt.src, tt.path, got, ok, tt.want)
			}
		})
	}
}

func TestTokenizeDepth(t *testing.T) {
	tests := []struct {
		name, src string
		deep      *Pos
	}{
		{"the deepest key the schema has", "[[variants]]\nset = {company = {engineers = {phases = [{weeks = 1}]}}}\n", nil},
		{"one deeper", "[[variants]]\nset = {company = {engineers = {phases = [{weeks = [1]}]}}}\n", &Pos{2, 52}},
		{"deep header", "[a.b.c.d.e.f.g.h.i]\n", &Pos{1, 1}},
		{"deep dotted key", "a.b.c.d.e.f.g.h.i = 1\n", &Pos{1, 1}},
		{"8,000 inline tables", "x = " + strings.Repeat("{a = ", 8000) + "1" + strings.Repeat("}", 8000) + "\n", &Pos{1, 41}},
		{"8,000 arrays", "x = " + strings.Repeat("[", 8000) + strings.Repeat("]", 8000) + "\n", &Pos{1, 13}},
		{"brackets in strings are not nesting", "x = \"" + strings.Repeat("[", 100) + "\"\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tokenize([]byte(tt.src)).deep
			if (got == nil) != (tt.deep == nil) || got != nil && *got != *tt.deep {
				t.Errorf("deep at %v, want %v", got, tt.deep)
			}
		})
	}
}

func TestParent(t *testing.T) {
	for in, want := range map[string]string{
		"a.b.c":                       "a.b",
		"a[2]":                        "a",
		"a[2].b":                      "a[2]",
		`v[0].set."policy.threshold"`: "v[0].set",
		`v."a[1]".x`:                  `v."a[1]"`,
		"a":                           "",
	} {
		if got := parent(in); got != want {
			t.Errorf("parent(%q) = %q, want %q", in, got, want)
		}
	}
}
