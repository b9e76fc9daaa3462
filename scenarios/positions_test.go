package scenarios

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// scalar is one key = value line of a source whose value is a single
// number, string or boolean.
type scalar struct {
	path  string
	line  int
	col   int // of the key
	value any
}

// scalars lists a valid source's scalar values in line order.
func scalars(t testing.TB, src string) []scalar {
	var raw map[string]any
	if _, err := toml.Decode(src, &raw); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(src, "\n")
	var out []scalar
	for path, pos := range tokenize([]byte(src)).loc {
		v := lookup(raw, path)
		switch v.(type) {
		case string, int64, float64, bool:
		default:
			continue
		}
		last := path[len(parent(path)):]
		if strings.HasSuffix(path, "]") || !strings.HasPrefix(lines[pos.Line-1][pos.Col-1:], strings.TrimPrefix(last, ".")+" ") {
			continue // an array element, or not a line of its own
		}
		out = append(out, scalar{path, pos.Line, pos.Col, v})
	}
	slices.SortFunc(out, func(a, b scalar) int { return a.line - b.line })
	return out
}

// lookup finds a bare key path in a decoded tree.
func lookup(raw map[string]any, path string) any {
	var v any = raw
	for _, step := range strings.FieldsFunc(path, func(r rune) bool { return r == '.' || r == '[' || r == ']' }) {
		switch n := v.(type) {
		case map[string]any:
			v = n[step]
		case []map[string]any:
			var i int
			if _, err := fmt.Sscan(step, &i); err != nil || i >= len(n) {
				return nil
			}
			v = n[i]
		default:
			return nil
		}
	}
	return v
}

// broken replaces the value of s in src: with one of the wrong type, or
// with a number out of any range.
func broken(src string, s scalar, outOfRange bool) (string, string) {
	bad := ""
	switch v := s.value.(type) { // only numbers have a range
	case string:
		bad = "12345"
	case bool:
		bad = `"yes"`
	case int64:
		bad = `"text"`
		if outOfRange {
			bad = "-2000000000"
		}
	case float64:
		bad = `"text"`
		if outOfRange {
			bad = "-1e12"
		}
	default:
		panic(v)
	}
	lines := strings.Split(src, "\n")
	l := lines[s.line-1]
	eq := s.col - 1 + strings.Index(l[s.col-1:], "=")
	lines[s.line-1] = l[:eq] + "= " + bad
	return strings.Join(lines, "\n"), bad
}

// Any built-in scenario with one value broken, by type or by range, gets
// an error at that value's line, under its key.
func FuzzPositions(f *testing.F) {
	var srcs []string
	for _, b := range Builtins() {
		src, _ := Show(b.Name)
		srcs = append(srcs, string(src))
	}
	for i := range srcs {
		for n := range uint16(40) {
			f.Add(uint8(i), n, n%2 == 0)
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, n uint16, outOfRange bool) {
		src := srcs[int(which)%len(srcs)]
		all := scalars(t, src)
		checkBroken(t, src, all[int(n)%len(all)], outOfRange)
	})
}

// checkBroken breaks one value of src and checks the error's place.
func checkBroken(t *testing.T, src string, s scalar, outOfRange bool) {
	mutated, bad := broken(src, s, outOfRange)
	_, err := Parse("f.toml", []byte(mutated))
	list, _ := err.(ErrorList)
	if !slices.ContainsFunc(list, func(e *Error) bool { return e.Pos.Line == s.line && e.Key == s.path }) {
		t.Errorf("%s = %s on line %d: got %v", s.path, bad, s.line, err)
	}
}

// Every value of every built-in, broken each way, as FuzzPositions does.
func TestEveryValueBroken(t *testing.T) {
	for _, b := range Builtins() {
		src, _ := Show(b.Name)
		for _, s := range scalars(t, string(src)) {
			for _, outOfRange := range []bool{false, true} {
				checkBroken(t, string(src), s, outOfRange)
			}
		}
	}
}

// The fuzz target's own parts: every built-in has values to break, and
// breaking one leaves the others in place.
func TestScalars(t *testing.T) {
	src := "weeks = 10 # horizon\n[policy]\nname = \"centralized\"\n[[domains]]\nname = \"a\"\n[[teams]]\ndomains = [\"a\",\n  \"b\"]\n"
	got := scalars(t, src)
	var paths []string
	for _, s := range got {
		paths = append(paths, fmt.Sprintf("%s@%d", s.path, s.line))
	}
	if want := "weeks@1 policy.name@3 domains[0].name@5"; strings.Join(paths, " ") != want {
		t.Errorf("scalars %v, want %s", paths, want)
	}
	mutated, _ := broken(src, got[0], true)
	if want := "weeks = -2000000000\n[policy]"; !strings.HasPrefix(mutated, want) {
		t.Errorf("broken: %q", mutated)
	}
	for _, b := range Builtins() {
		src, _ := Show(b.Name)
		if len(scalars(t, string(src))) < 20 {
			t.Errorf("%s: few values to break", b.Name)
		}
	}
}
