// Package scenarios reads trunksim scenarios: TOML files decoded over the
// model's defaults and validated, with every problem reported at its file,
// line and column. It also holds the built-in scenarios.
//
// A scenario's keys are the model's fields in snake case; SCHEMA.md beside
// this file lists every key with its unit and default. Growth rates are
// percentages per year: annual_pct = 400 multiplies a quantity by 5 in a
// year.
package scenarios

import (
	"crypto/sha256"
	"embed"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/trunksim/trunksim/sim"
)

// Scenario is a loaded, valid scenario.
type Scenario struct {
	Name        string // the built-in name, or the file's base name
	Description string
	File        string // what errors call it: the path, or "builtin/NAME.toml"
	Source      []byte
	Sets        []string // -set overrides applied, in order
	Config      sim.Config
	Variants    []Variant // [[variants]] tables, for experiments
}

// Variant is one named set of overrides a scenario proposes for comparison.
type Variant struct {
	Name string
	Sets []string
}

// Hash identifies the scenario's content and overrides, so that an output
// can be traced back to what produced it.
func (s *Scenario) Hash() string {
	h := sha256.New()
	h.Write(s.Source)
	for _, kv := range s.Sets {
		h.Write([]byte{0})
		h.Write([]byte(kv))
	}
	return fmt.Sprintf("%x", h.Sum(nil))[:16]
}

// Error is one problem in a scenario. It prints as FILE:LINE:COL: KEY: MSG,
// followed by the offending line and a caret where there is one.
type Error struct {
	File    string
	Pos     Pos
	Key     string
	Msg     string
	Context string // the source line and a caret, for syntax errors
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Pos.Line > 0 {
		fmt.Fprintf(&b, ":%d:%d", e.Pos.Line, e.Pos.Col)
	}
	b.WriteString(": ")
	if e.Key != "" {
		b.WriteString(e.Key + ": ")
	}
	b.WriteString(e.Msg)
	if e.Context != "" {
		b.WriteString("\n" + e.Context)
	}
	return b.String()
}

// ErrorList is every problem found in one scenario, in file order.
type ErrorList []*Error

func (l ErrorList) Error() string {
	s := make([]string, len(l))
	for i, e := range l {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}

//go:embed builtin/*.toml
var builtinFS embed.FS

// Builtin is a built-in scenario's name and one-line description.
type Builtin struct {
	Name        string
	Description string
}

// Builtins lists the built-in scenarios by name.
func Builtins() []Builtin {
	entries, _ := builtinFS.ReadDir("builtin")
	var out []Builtin
	for _, e := range entries {
		name := strings.TrimSuffix(e.Name(), ".toml")
		src, _ := builtinFS.ReadFile("builtin/" + e.Name())
		var head struct{ Description string }
		_, _ = toml.Decode(string(src), &head)
		out = append(out, Builtin{name, head.Description})
	}
	return out
}

// Show returns a built-in scenario's TOML source.
func Show(name string) ([]byte, error) {
	src, err := builtinFS.ReadFile("builtin/" + name + ".toml")
	if err != nil {
		return nil, fmt.Errorf("unknown scenario %q: expected one of %s", name, strings.Join(builtinNames(), ", "))
	}
	return src, nil
}

func builtinNames() []string {
	var names []string
	for _, b := range Builtins() {
		names = append(names, b.Name)
	}
	return names
}

// Load reads a scenario by built-in name or path and applies the -set
// overrides, each "key=value" with the value in TOML syntax (a bare word is
// taken as a string).
func Load(ref string, sets ...string) (*Scenario, error) {
	if strings.HasSuffix(ref, ".toml") || strings.ContainsRune(ref, filepath.Separator) {
		src, err := os.ReadFile(ref)
		if err != nil {
			return nil, fmt.Errorf("scenario %s: %w", ref, errors.Unwrap(err))
		}
		return Parse(ref, src, sets...)
	}
	src, err := Show(ref)
	if err != nil {
		return nil, err
	}
	return Parse("builtin/"+ref+".toml", src, sets...)
}

// Parse decodes a scenario from src over the model's defaults, applies
// overrides and validates the result. file names the source in errors.
// The error, if any, is an ErrorList holding every problem found.
func Parse(file string, src []byte, sets ...string) (*Scenario, error) {
	var raw map[string]any
	if _, err := toml.Decode(string(src), &raw); err != nil {
		return nil, ErrorList{syntaxError(file, src, err)}
	}
	loc := locate(string(src))
	s := &Scenario{File: file, Source: src, Sets: sets, Name: strings.TrimSuffix(filepath.Base(file), ".toml")}
	var errs ErrorList
	setPaths := map[string]string{}
	for _, kv := range sets {
		path, err := applySet(raw, kv)
		if err != nil {
			errs = append(errs, &Error{File: "-set " + kv, Msg: err.Error()})
			continue
		}
		setPaths[path] = kv
	}
	d := &decoder{}
	s.Config = sim.Defaults()
	d.assignStruct(reflect.ValueOf(&s.Config).Elem(), raw, "", map[string]bool{"name": true, "description": true, "variants": true})
	s.header(raw, d)
	// Validate even when some values could not be decoded, so that one
	// type error does not hide the other problems; a field that failed to
	// decode kept its default, and is not reported twice.
	if err := s.Config.Validate(); err != nil {
		for _, p := range err.(sim.Problems) {
			p.Field = keyPath(p.Field)
			if !consequence(p, d.problems) {
				d.problems = append(d.problems, p)
			}
		}
	}
	for _, p := range d.problems {
		e := &Error{File: file, Key: p.Field, Msg: p.Msg}
		if s := closest(fmt.Sprint(p.Value), p.Choices); p.Choices != nil && s != "" {
			e.Msg += fmt.Sprintf("; did you mean %q?", s)
		}
		if kv, ok := fromSet(p.Field, setPaths); ok {
			e.File = "-set " + kv
		} else if pos, ok := loc.find(p.Field); ok {
			e.Pos = pos
		} else {
			e.Pos = Pos{1, 1} // set by default: the file as a whole
		}
		errs = append(errs, e)
	}
	if len(errs) > 0 {
		slices.SortStableFunc(errs, func(a, b *Error) int {
			if a.Pos.Line != b.Pos.Line {
				return a.Pos.Line - b.Pos.Line
			}
			return a.Pos.Col - b.Pos.Col
		})
		return nil, errs
	}
	return s, nil
}

// consequence reports whether a validation problem only follows from a
// value that failed to decode: the same field, the trunk count when a
// trunk flag failed, or an unowned domain when a team's list failed.
func consequence(p *sim.FieldError, decoded []*sim.FieldError) bool {
	for _, d := range decoded {
		switch {
		case d.Field == p.Field:
			return true
		case p.Field == "teams" && strings.HasPrefix(d.Field, "teams[") && strings.HasSuffix(d.Field, ".trunk"):
			return true
		case strings.HasSuffix(p.Msg, "is owned by no team") && strings.HasPrefix(d.Field, "teams[") && strings.HasSuffix(d.Field, ".domains"):
			return true
		}
	}
	return false
}

// fromSet reports which override set the field, if one did.
func fromSet(field string, setPaths map[string]string) (string, bool) {
	for p, kv := range setPaths {
		if field == p || strings.HasPrefix(field, p+".") || strings.HasPrefix(field, p+"[") {
			return kv, true
		}
	}
	return "", false
}

// header decodes the scenario's own keys: name, description and variants.
func (s *Scenario) header(raw map[string]any, d *decoder) {
	if v, ok := raw["name"]; ok {
		if n, ok := v.(string); ok && n != "" {
			s.Name = n
		} else {
			d.add("name", "expected a quoted string, got %s", describe(v))
		}
	}
	if v, ok := raw["description"]; ok {
		if n, ok := v.(string); ok {
			s.Description = n
		} else {
			d.add("description", "expected a quoted string, got %s", describe(v))
		}
	}
	vs, ok := raw["variants"]
	if !ok {
		return
	}
	list, ok := vs.([]map[string]any)
	if !ok {
		d.add("variants", "expected an array of tables [[variants]], got %s", describe(vs))
		return
	}
	for i, m := range list {
		path := fmt.Sprintf("variants[%d]", i)
		name, _ := m["name"].(string)
		if name == "" {
			d.add(path+".name", "each variant needs a name")
		}
		v := Variant{Name: name}
		set, _ := m["set"].(map[string]any)
		for _, k := range sortedKeys(set) {
			v.Sets = append(v.Sets, k+"="+tomlValue(set[k]))
		}
		for k := range m {
			if k != "name" && k != "set" {
				d.add(path+"."+k, "unknown key, expected name or set")
			}
		}
		s.Variants = append(s.Variants, v)
	}
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// tomlValue writes a decoded scalar back in TOML syntax.
func tomlValue(v any) string {
	switch x := v.(type) {
	case string:
		return strconv.Quote(x)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	return fmt.Sprint(v)
}

func syntaxError(file string, src []byte, err error) *Error {
	var pe toml.ParseError
	if !errors.As(err, &pe) {
		return &Error{File: file, Msg: err.Error()}
	}
	e := &Error{File: file, Pos: Pos{pe.Position.Line, pe.Position.Col}, Msg: "syntax error: " + pe.Message}
	lines := strings.Split(string(src), "\n")
	if l := pe.Position.Line; l >= 1 && l <= len(lines) {
		text := strings.TrimRight(lines[l-1], "\r")
		e.Context = fmt.Sprintf("  %d | %s\n  %s | %s^", l, text, strings.Repeat(" ", len(strconv.Itoa(l))),
			strings.Repeat(" ", max(0, min(pe.Position.Col-1, len(text)))))
	}
	return e
}
