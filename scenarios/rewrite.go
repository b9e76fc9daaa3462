package scenarios

import (
	"fmt"
	"slices"
	"strings"
)

// Writing a scenario back: calibrate derives inputs and writes them into
// the scenario the leader gave, each at its own key with a comment saying
// where it came from, so that the file stays theirs (their comments,
// order and layout) and the derivation stays visible.

// Derived is one input to write back into a scenario.
type Derived struct {
	Field string // Go field path, e.g. "Domains[2].BaseHours"
	Value float64
	Why   string // "derived from observed pages_per_shift 42 on platform"
}

// Rewrite returns the scenario's source with each derived value written
// at its key, a comment line above it saying why: in place where the file
// sets the key, else under its table's header, else in a table added at
// the end. It checks that the result loads as this scenario with exactly
// those values changed.
func (s *Scenario) Rewrite(ds []Derived) ([]byte, error) {
	lines := strings.SplitAfter(string(s.Source), "\n")
	if n := len(lines); n > 0 && lines[n-1] == "" {
		lines = lines[:n-1]
	}
	if n := len(lines); n > 0 && !strings.HasSuffix(lines[n-1], "\n") {
		lines[n-1] += "\n"
	}
	loc := tokenize(s.Source).loc
	above := map[int][]string{} // lines to insert before line i (0-based)
	added := map[string][]string{}
	var tables []string // tables added at the end, in order
	for _, d := range ds {
		key := keyPath(d.Field)
		value := tomlValue(d.Value)
		comment := "# calibrate: " + d.Why
		if p, ok := loc[key]; ok {
			i := p.Line - 1
			line, ok := replaceValue(lines[i], p.Col, value)
			if !ok {
				return nil, fmt.Errorf("%s:%d: %s: calibrate writes a number here, but the file gives it another way (a distribution?): give it a number", s.File, p.Line, key)
			}
			lines[i] = line
			above[i] = append(above[i], indent(lines[i])+comment+"\n")
			continue
		}
		table, leaf := parent(key), key[len(parent(key))+1:]
		entry := comment + "\n" + leaf + " = " + value + "\n"
		if p, ok := loc[table]; ok && strings.HasPrefix(strings.TrimSpace(lines[p.Line-1]), "[") {
			above[p.Line] = append(above[p.Line], entry)
			continue
		}
		if strings.HasSuffix(table, "]") {
			return nil, fmt.Errorf("%s: %s: the file has no table to write it in", s.File, key)
		}
		if _, ok := added[table]; !ok {
			tables = append(tables, table)
		}
		added[table] = append(added[table], entry)
	}
	var b strings.Builder
	for i, l := range lines {
		for _, a := range above[i] {
			b.WriteString(a)
		}
		b.WriteString(l)
	}
	for _, a := range above[len(lines)] {
		b.WriteString(a)
	}
	for _, t := range tables {
		b.WriteString("\n[" + t + "]\n")
		for _, e := range added[t] {
			b.WriteString(e)
		}
	}
	out := []byte(b.String())
	return out, s.checkRewrite(out, ds)
}

// checkRewrite loads the rewritten source and checks it is the scenario
// with the derived values and nothing else changed.
func (s *Scenario) checkRewrite(out []byte, ds []Derived) error {
	got, err := Parse(s.File, out, s.Sets...)
	if err != nil {
		return fmt.Errorf("the calibrated scenario does not load: %w", err)
	}
	want := s.Config.Clone()
	for _, d := range ds {
		if !want.SetNumber(d.Field, d.Value) {
			return fmt.Errorf("%s: no such input", keyPath(d.Field))
		}
	}
	if fmt.Sprintf("%+v", *want) != fmt.Sprintf("%+v", got.Config) { // %v: unobserved figures are NaN
		return fmt.Errorf("%s: the calibrated scenario does not load as the scenario with the derived values (a key set twice?)", s.File)
	}
	return nil
}

// replaceValue replaces the number after the key that starts at col (1
// based, in characters) of line.
func replaceValue(line string, col int, value string) (string, bool) {
	rs := []rune(line)
	i := col - 1
	for i < len(rs) && rs[i] != '=' {
		if rs[i] == '"' || rs[i] == '\'' { // a quoted key: skip to its end
			q := rs[i]
			for i++; i < len(rs) && rs[i] != q; i++ {
				if rs[i] == '\\' {
					i++
				}
			}
		}
		i++
	}
	if i >= len(rs) {
		return line, false
	}
	i++
	for i < len(rs) && (rs[i] == ' ' || rs[i] == '\t') {
		i++
	}
	j := i
	for j < len(rs) && strings.ContainsRune("+-0123456789._eE", rs[j]) {
		j++
	}
	if j == i {
		return line, false
	}
	return string(slices.Concat(rs[:i], []rune(value), rs[j:])), true
}

// indent is the leading white space of line.
func indent(line string) string {
	return line[:len(line)-len(strings.TrimLeft(line, " \t"))]
}
