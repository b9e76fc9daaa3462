package scenarios

import (
	"fmt"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/trunksim/trunksim/sim"
)

// keysBase is a scenario in which every check of sim.Config.Validate can
// be reached: a phased curve, a logistic one, one domain, one team, one
// observed team and a planned headcount change (whose action takes neither a domain, nor a
// team to merge into, nor weeks, nor a name, so that each of those set is
// a problem of its own). Each section is a header and its key = value
// lines.
var keysBase = []section{
	{"[company.engineers]", []string{`model = "phases"`}},
	{"[[company.engineers.phases]]", []string{"weeks = 10"}},
	{"[company.usage]", []string{`model = "logistic"`, "cap = 10"}},
	{"[[domains]]", []string{`name = "a"`}},
	{"[[teams]]", []string{`name = "t"`, "trunk = true", "engineers = 3", `domains = ["a"]`}},
	{"[[observed.teams]]", []string{`name = "t"`, "ops_share = 0.5"}},
	{"[[plan]]", []string{"at_week = 1", `action = "headcount"`, `team = "t"`, "engineers = 2"}},
}

type section struct {
	header string
	lines  []string
}

// withKey renders sections with key = value set in the section of its
// table (replacing the line that sets it, or added at the end), and
// returns the source and the line of the key.
func withKey(secs []section, path, value string) (string, int) {
	table, key := parent(path), strings.TrimPrefix(path, parent(path)+".")
	header := "[" + table + "]"
	if strings.HasSuffix(table, "[0]") {
		header = "[[" + strings.TrimSuffix(table, "[0]") + "]]"
	}
	if table == "" {
		header = ""
	}
	secs = slices.Clone(secs)
	i := slices.IndexFunc(secs, func(s section) bool { return s.header == header })
	if i < 0 {
		secs = append(secs, section{header: header})
		i = len(secs) - 1
	}
	if header == "" { // top-level keys come first
		secs = append([]section{secs[i]}, slices.Delete(secs, i, i+1)...)
		i = 0
	}
	lines := slices.Clone(secs[i].lines)
	j := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, key+" =") })
	if j < 0 {
		lines = append(lines, "")
		j = len(lines) - 1
	}
	lines[j] = key + " = " + value
	secs[i].lines = lines
	var b strings.Builder
	at, n := 0, 0
	for k, s := range secs {
		if s.header != "" {
			b.WriteString(s.header + "\n")
			n++
		}
		for l, line := range s.lines {
			b.WriteString(line + "\n")
			n++
			if k == i && l == j {
				at = n
			}
		}
	}
	return b.String(), at
}

// leaf is one value of a Config, by Go field path.
type leaf struct {
	path string
	v    reflect.Value
}

func leaves(v reflect.Value, path string, out *[]leaf) {
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			p := v.Type().Field(i).Name
			if path != "" {
				p = path + "." + p
			}
			leaves(v.Field(i), p, out)
		}
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Struct {
			for i := range v.Len() {
				leaves(v.Index(i), fmt.Sprintf("%s[%d]", path, i), out)
			}
			return
		}
		*out = append(*out, leaf{path, v})
	default:
		*out = append(*out, leaf{path, v})
	}
}

// badValues are values of a kind that break any bounded check, in Go and
// in TOML.
func badValues(t reflect.Type) [][2]any {
	switch t.Kind() {
	case reflect.Float64:
		return [][2]any{{-1e12, "-1e12"}, {1e12, "1e12"}}
	case reflect.Int:
		return [][2]any{{-2000000000, "-2000000000"}, {2000000000, "2000000000"}}
	case reflect.String:
		return [][2]any{{"zzz", `"zzz"`}, {"", `""`}}
	case reflect.Bool:
		return [][2]any{{true, "true"}, {false, "false"}}
	case reflect.Slice:
		return [][2]any{{[]string{"zzz"}, `["zzz"]`}}
	}
	return nil
}

// resolves reports whether a Go field path names a field of sim.Config.
func resolves(path string) bool {
	t := reflect.TypeOf(sim.Config{})
	for _, step := range strings.Split(path, ".") {
		name, _, indexed := strings.Cut(step, "[")
		if t.Kind() != reflect.Struct {
			return false
		}
		f, ok := t.FieldByName(name)
		if !ok {
			return false
		}
		t = f.Type
		if indexed {
			if t.Kind() != reflect.Slice {
				return false
			}
			t = t.Elem()
		}
	}
	return true
}

var indexes = regexp.MustCompile(`\[\d+\]`)

// Every field sim's validation can report: made to fail in turn, it is
// named by a real field, its scenario key is in SCHEMA.md, the keys its
// message names are its neighbours, and a bad value in a file is reported
// at its own line with that key.
func TestEveryReportedKey(t *testing.T) {
	src, _ := withKey(keysBase, "weeks", "156")
	s, err := Parse("f.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	schema, err := os.ReadFile("SCHEMA.md")
	if err != nil {
		t.Fatal(err)
	}
	inSchema := func(key string) bool {
		k := indexes.ReplaceAllString(key, "[]")
		return strings.Contains(string(schema), "| `"+k+"` |") || strings.Contains(string(schema), "| `"+k+".") ||
			strings.Contains(string(schema), "| `"+k+"[].")
	}
	var all []leaf
	leaves(reflect.ValueOf(&s.Config).Elem(), "", &all)
	var unreported []string
	reported := map[string]bool{}
	for _, l := range all {
		own := false
		for _, bad := range badValues(l.v.Type()) {
			c := *s.Config.Clone()
			var copied []leaf
			leaves(reflect.ValueOf(&c).Elem(), "", &copied)
			i := slices.IndexFunc(copied, func(x leaf) bool { return x.path == l.path })
			copied[i].v.Set(reflect.ValueOf(bad[0]))
			err := c.Validate()
			if err == nil {
				continue
			}
			for _, p := range err.(sim.Problems) {
				reported[p.Field] = true
				if p.Field != l.path {
					continue
				}
				own = true
				key := keyPath(p.Field)
				for _, w := range regexp.MustCompile(`\b[a-z]+(_[a-z0-9]+)+\b`).FindAllString(p.Msg, -1) {
					if p.Choices == nil && !inSchema(join(parent(key), w)) {
						t.Errorf("%s: the message %q names %s, not a key beside it", key, p.Msg, w)
					}
				}
				file, line := withKey(keysBase, key, bad[1].(string))
				_, perr := Parse("f.toml", []byte(file))
				list, _ := perr.(ErrorList)
				if !slices.ContainsFunc(list, func(e *Error) bool { return e.Key == key && e.Pos.Line == line }) {
					t.Errorf("%s = %s on line %d: got\n%v", key, bad[1], line, perr)
				}
			}
		}
		if !own {
			unreported = append(unreported, l.path)
		}
	}
	for f := range reported {
		if !resolves(f) {
			t.Errorf("validation reports %s, which is no field of sim.Config", f)
		}
		if !inSchema(keyPath(f)) {
			t.Errorf("validation reports %s, whose key %s is not in SCHEMA.md", f, keyPath(f))
		}
	}
	// The fields no check looks at alone: flags, and curves' keys their
	// model does not use.
	want := []string{"Company.Engineers.Cap", "Company.ServicesPerEngineer.Cap", "Domains[0].Commodity", "Teams[0].Trunk",
		"Budget.AllowLayoffs", "Policy.Subdivide", "Policy.UpFront"}
	if !slices.Equal(unreported, want) {
		t.Errorf("fields no check reports: %v, want %v", unreported, want)
	}
	for _, f := range []string{"Teams", "Domains", "Company.Engineers.Phases"} {
		if !resolves(f) || !inSchema(keyPath(f)) {
			t.Errorf("%s: no field or not in SCHEMA.md", f)
		}
	}
}

func TestWithKey(t *testing.T) {
	src, line := withKey(keysBase, "domains[0].exponent", "9")
	if want := 10; line != want || !strings.Contains(src, "[[domains]]\nname = \"a\"\nexponent = 9\n") {
		t.Errorf("line %d, want %d:\n%s", line, want, src)
	}
	src, line = withKey(keysBase, "weeks", "0")
	if !strings.HasPrefix(src, "weeks = 0\n") || line != 1 {
		t.Errorf("line %d:\n%s", line, src)
	}
}
