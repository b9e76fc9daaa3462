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
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

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

// Error is one problem in a scenario. It prints as FILE:LINE:COL: KEY: MSG
// (without LINE:COL where no line of the file is to blame), with the
// variant it arose in before the key, and the offending line and a caret
// for syntax errors. Control characters of the user's text are escaped.
type Error struct {
	File    string
	Pos     Pos
	In      string // the variant, as `variant "NAME"`, or ""
	Key     string
	Msg     string
	Context string // the source line and a caret, for syntax errors
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(Printable(e.File))
	if e.Pos.Line > 0 {
		fmt.Fprintf(&b, ":%d:%d", e.Pos.Line, e.Pos.Col)
	}
	b.WriteString(": ")
	for _, s := range []string{e.In, e.Key} {
		if s != "" {
			b.WriteString(Printable(s) + ": ")
		}
	}
	b.WriteString(Printable(e.Msg))
	if e.Context != "" {
		b.WriteString("\n" + e.Context)
	}
	return b.String()
}

// ErrorList is every problem found in one scenario, in file order, up to
// maxErrors and a last line saying how many more there were.
type ErrorList []*Error

func (l ErrorList) Error() string {
	s := make([]string, len(l))
	for i, e := range l {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}

// Limits on what a scenario may be.
const (
	MaxFileSize    = 1 << 20  // bytes of a scenario
	MaxHistorySize = 16 << 20 // bytes of a history (history.go)
	maxErrors      = 50
)

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
// taken as a string). It checks everything a run checks, and each of the
// scenario's [[variants]] over the overrides, so that a scenario Load
// accepts is one every command can run.
func Load(ref string, sets ...string) (*Scenario, error) {
	return load(ref, true, sets)
}

// LoadBase is Load for one ensemble of an experiment whose overrides
// already make the variant: the scenario's own [[variants]] are neither
// read nor checked over them.
func LoadBase(ref string, sets ...string) (*Scenario, error) {
	return load(ref, false, sets)
}

// IsFile reports whether Load reads ref from a file rather than taking
// it as a built-in's name: it ends in .toml or names a directory.
func IsFile(ref string) bool {
	return strings.HasSuffix(ref, ".toml") || strings.ContainsRune(ref, filepath.Separator)
}

func load(ref string, variants bool, sets []string) (*Scenario, error) {
	if IsFile(ref) {
		src, err := readFile(ref, scenarioKind)
		if err != nil {
			return nil, err
		}
		return parse(ref, src, variants, sets)
	}
	src, err := Show(ref)
	if err != nil {
		return nil, err
	}
	return parse("builtin/"+ref+".toml", src, variants, sets)
}

// kind is what a file read from disk holds: what errors call it and how
// large it may be.
type kind struct {
	noun  string // "scenario", "history"
	limit int64  // bytes
}

var (
	scenarioKind = kind{"scenario", MaxFileSize}
	historyKind  = kind{"history", MaxHistorySize}
)

// readFile reads a file of kind k: a regular file of at most k.limit
// bytes. Anything else is refused before it is opened or read, so that a
// device or a named pipe is never read.
func readFile(path string, k kind) ([]byte, error) {
	fail := func(err error) error {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return fmt.Errorf("%s %s: %v", k.noun, Printable(path), err)
	}
	regular := func(fi fs.FileInfo) error {
		switch {
		case fi.IsDir():
			return fail(fmt.Errorf("is a directory, not a %s file", k.noun))
		case !fi.Mode().IsRegular():
			return fail(errors.New("not a regular file"))
		case fi.Size() > k.limit:
			return ErrorList{k.tooBig(path, fi.Size())}
		}
		return nil
	}
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fail(err)
	}
	if err := regular(fi); err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fail(err)
	}
	defer f.Close()
	if fi, err = f.Stat(); err != nil { // the file opened, not one renamed over it since
		return nil, fail(err)
	}
	if err := regular(fi); err != nil {
		return nil, err
	}
	src, err := io.ReadAll(io.LimitReader(f, k.limit+1))
	if err != nil {
		return nil, fail(err)
	}
	if int64(len(src)) > k.limit {
		return nil, ErrorList{k.tooBig(path, int64(len(src)))}
	}
	return src, nil
}

func (k kind) tooBig(file string, n int64) *Error {
	return &Error{File: file, Msg: fmt.Sprintf("%s bytes, more than the %s (%d MiB) a %s may have", commas(n), commas(k.limit), k.limit>>20, k.noun)}
}

// commas writes n with thousands separators.
func commas(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

var tooDeep = fmt.Sprintf("nested more than %d levels deep; no scenario key is deeper", maxDepth)

// Parse decodes a scenario from src over the model's defaults, applies
// overrides and validates the result, and each of its [[variants]] over
// it. file names the source in errors. The error, if any, is an ErrorList
// holding every problem found.
func Parse(file string, src []byte, sets ...string) (*Scenario, error) {
	return parse(file, src, true, sets)
}

// ParseBase is Parse as LoadBase is Load: the scenario's [[variants]] are
// neither read nor checked over the overrides.
func ParseBase(file string, src []byte, sets ...string) (*Scenario, error) {
	return parse(file, src, false, sets)
}

func parse(file string, src []byte, variants bool, sets []string) (*Scenario, error) {
	if len(src) > MaxFileSize {
		return nil, ErrorList{scenarioKind.tooBig(file, int64(len(src)))}
	}
	sc := tokenize(src)
	if sc.deep != nil {
		return nil, ErrorList{{File: file, Pos: *sc.deep, Msg: tooDeep}}
	}
	var raw map[string]any
	if _, err := toml.Decode(string(src), &raw); err != nil {
		return nil, ErrorList{syntaxError(file, src, err, sc)}
	}
	p := &parser{file: file, loc: sc.loc, raw: raw}
	s := &Scenario{File: file, Source: src, Sets: sets, Name: Printable(strings.TrimSuffix(filepath.Base(file), ".toml"))}
	base := copyTree(raw).(map[string]any)
	for _, kv := range sets {
		o, err := applySet(base, kv)
		if err != nil {
			p.errs = append(p.errs, &Error{File: "-set " + kv, Msg: err.Error()})
			continue
		}
		p.sets = append(p.sets, o)
	}
	s.Config, p.base = check(base)
	for _, pr := range p.base {
		p.report(pr)
	}
	var d decoder
	s.header(base, &d)
	for _, pr := range d.problems {
		p.report(pr)
	}
	if variants {
		s.Variants = p.variants(base)
	}
	if len(p.errs) == 0 {
		return s, nil
	}
	slices.SortStableFunc(p.errs, func(a, b *Error) int {
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line - b.Pos.Line
		}
		return a.Pos.Col - b.Pos.Col
	})
	if n := len(p.errs) - maxErrors; n > 0 {
		p.errs = append(p.errs[:maxErrors], andMore(file, n))
	}
	return nil, p.errs
}

// andMore is the last line of an ErrorList cut at maxErrors: how many
// problems it left out.
func andMore(file string, n int) *Error {
	return &Error{File: file, Msg: fmt.Sprintf("and %s more", commas(int64(n)))}
}

// parser holds what Parse needs to place each problem.
type parser struct {
	file string
	loc  locator
	raw  map[string]any // the file's tree, before overrides
	sets []override     // the -set overrides applied
	base []*sim.FieldError
	errs ErrorList
	// layers[k] is the problems of the file with the first k overrides,
	// computed when needed to find which override caused a problem
	layers [][]*sim.FieldError
}

// report adds a problem of the scenario with its overrides: one inside
// what an override set is the override's; one the file has without the
// overrides is at the file's line for the key (see locator.find); else it
// is the first override whose addition brought it.
func (p *parser) report(pr *sim.FieldError) {
	e := &Error{File: p.file, Key: pr.Field, Msg: message(pr)}
	if o, ok := p.blame(pr); ok {
		e.File = "-set " + o.kv
	} else {
		e.Pos, _ = p.loc.find(pr.Field)
	}
	p.errs = append(p.errs, e)
}

func (p *parser) blame(pr *sim.FieldError) (override, bool) {
	for _, o := range slices.Backward(p.sets) {
		if o.owns(pr.Field) {
			return o, true
		}
	}
	if len(p.sets) == 0 || has(p.layer(0), pr) {
		return override{}, false
	}
	for k := 1; k <= len(p.sets); k++ {
		if has(p.layer(k), pr) {
			return p.sets[k-1], true
		}
	}
	return override{}, false
}

// layer returns the problems of the file with the first k overrides.
func (p *parser) layer(k int) []*sim.FieldError {
	if k == len(p.sets) {
		return p.base
	}
	if p.layers == nil {
		p.layers = make([][]*sim.FieldError, len(p.sets))
	}
	if p.layers[k] == nil {
		t := copyTree(p.raw).(map[string]any)
		for _, o := range p.sets[:k] {
			_, _ = applySet(t, o.kv)
		}
		_, p.layers[k] = check(t)
		if p.layers[k] == nil {
			p.layers[k] = []*sim.FieldError{}
		}
	}
	return p.layers[k]
}

// has reports whether list holds the problem pr.
func has(list []*sim.FieldError, pr *sim.FieldError) bool {
	return slices.ContainsFunc(list, func(q *sim.FieldError) bool { return q.Field == pr.Field && q.Msg == pr.Msg })
}

// message is a problem's text, with the nearest choice when a name is
// not among them.
func message(pr *sim.FieldError) string {
	if pr.Choices != nil {
		if s := closest(fmt.Sprint(pr.Value), pr.Choices); s != "" {
			return pr.Msg + fmt.Sprintf("; did you mean %q?", s)
		}
	}
	return pr.Msg
}

// check decodes a tree over the model's defaults and validates it,
// returning every problem by scenario key path. Validation runs even when
// some values could not be decoded, so that one type error does not hide
// the other problems; a field that failed to decode kept its default, and
// is not reported twice.
func check(tree map[string]any) (sim.Config, []*sim.FieldError) {
	d := &decoder{}
	c := sim.Defaults()
	d.assignStruct(reflect.ValueOf(&c).Elem(), tree, "", map[string]bool{"name": true, "description": true, "variants": true})
	d.planWhen(tree)
	c.Uncertain = d.uncertain
	problems := slices.Clip(d.problems)
	if err := c.Validate(); err != nil {
		for _, p := range err.(sim.Problems) {
			q := *p
			q.Field = keyPath(p.Field)
			if !consequence(&q, d.problems) {
				problems = append(problems, &q)
			}
		}
	}
	return c, problems
}

// consequence reports whether a validation problem only follows from a
// value that failed to decode: the same field, the trunk count when a
// trunk flag failed, an unowned domain when a team's list failed, or an
// observed team with no figure when one of its figures failed.
func consequence(p *sim.FieldError, decoded []*sim.FieldError) bool {
	for _, d := range decoded {
		switch {
		case d.Field == p.Field:
			return true
		case p.Field == "teams" && strings.HasPrefix(d.Field, "teams[") && strings.HasSuffix(d.Field, ".trunk"):
			return true
		case strings.HasSuffix(p.Msg, "is owned by no team") && strings.HasPrefix(d.Field, "teams[") && strings.HasSuffix(d.Field, ".domains"):
			return true
		case strings.HasSuffix(p.Msg, "no figure of it is observed") && strings.HasPrefix(d.Field, parent(p.Field)+"."):
			return true
		}
	}
	return false
}

// header decodes the scenario's own keys: name and description.
func (s *Scenario) header(raw map[string]any, d *decoder) {
	for _, k := range []string{"name", "description"} {
		v, ok := raw[k]
		if !ok {
			continue
		}
		switch n, isText := v.(string); {
		case !isText || n == "" && k == "name":
			d.add(k, "expected a quoted string, got %s", describe(v))
		case strings.ContainsFunc(n, unprintable):
			d.add(k, "expected text without control characters, got %q", n)
		case k == "name":
			s.Name = n
		default:
			s.Description = n
		}
	}
}

func syntaxError(file string, src []byte, err error, sc *scan) *Error {
	var pe toml.ParseError
	if !errors.As(err, &pe) {
		return &Error{File: file, Msg: err.Error()}
	}
	// The decoder's line and column are not always where it stopped; its
	// byte offset is.
	pos := Pos{pe.Position.Line, pe.Position.Col}
	if pe.Position.Start > 0 || pe.Position.Line == 1 {
		pos = lineCol(src, pe.Position.Start)
	}
	e := &Error{File: file, Pos: pos, Msg: "syntax error: " + pe.Message}
	if strings.Contains(pe.Message, "array terminator") {
		if open, ok := sc.unclosed(pe.Position.Start); ok && open.Line < pos.Line {
			e.Msg += fmt.Sprintf(" (the array opened at line %d, column %d has no ']')", open.Line, open.Col)
		}
	}
	lines := strings.Split(string(src), "\n")
	if l := pos.Line; l >= 1 && l <= len(lines) {
		text := []rune(strings.TrimRight(lines[l-1], "\r"))
		before := Printable(string(text[:max(0, min(pos.Col-1, len(text)))]))
		e.Context = fmt.Sprintf("  %d | %s\n  %s | %s^", l, Printable(string(text)), strings.Repeat(" ", len(strconv.Itoa(l))),
			strings.Repeat(" ", utf8.RuneCountInString(before)))
	}
	return e
}

// unprintable reports whether a rune of a text value would act on a
// terminal rather than show: a control character other than a tab or a
// line end, or a bidirectional override.
func unprintable(r rune) bool {
	return !strings.ContainsRune("\t\n\r", r) && escaped(r)
}

// escaped reports whether Printable escapes r: a control character or a
// bidirectional override.
func escaped(r rune) bool {
	return unicode.IsControl(r) || r == '\u061c' || r == '\u200e' || r == '\u200f' ||
		r >= '\u202a' && r <= '\u202e' || r >= '\u2066' && r <= '\u2069'
}

// Printable escapes in s what escaped reports, and bytes that are not
// UTF-8, so that user text in a message cannot drive the terminal.
func Printable(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r == utf8.RuneError || escaped(r) }) {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r < 0x80 && escaped(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case escaped(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
