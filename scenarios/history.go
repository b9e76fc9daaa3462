package scenarios

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/trunksim/trunksim/sim"
)

// A history is what a leader measured of the series a run reports, for
// calibration: a tidy CSV with the header week,metric,subject,value
// (sim.HistoryColumns) and one observation a row. Lines beginning with #
// and blank lines are skipped, so that a file may open with a comment as
// timeseries.csv does; a UTF-8 byte order mark is skipped too.
//
// Week 0 is the oldest point and lines up with the scenario's week 0; a
// week beyond the scenario's horizon is an error (lengthen weeks, or cut
// the history). Metrics and subjects are those of timeseries.csv: subject
// "" is the organization, a team is one of the scenario's starting teams,
// a domain one of its domains, an area "trunk", a domain, a starting team
// that owns no domain, or "product groups" under the fragmented policy.
// pages_per_shift is the organization's with subject "" and a team's with
// a team's name. A subject written with the leading ' that trunksim's CSV
// writers put before a cell a spreadsheet would run as a formula is read
// without it. Any series or week may be missing; no week of a series may
// be given twice, and every value is a finite number of 0 or more.

// ParseHistory reads a history from src against the scenario cfg; file
// names the source in errors. The observations keep the file's order and
// their lines. The error, if any, is an ErrorList holding every problem
// (up to 50 and a count of the rest), each at its line and column.
func ParseHistory(file string, src []byte, cfg *sim.Config) ([]sim.Observation, error) {
	if len(src) > MaxHistorySize {
		return nil, ErrorList{historyKind.tooBig(file, int64(len(src)))}
	}
	h := &historyParser{file: file, src: bytes.TrimPrefix(src, []byte("\uFEFF")), weeks: cfg.Weeks, subjects: subjectsOf(cfg), seen: map[seenKey]int{}}
	if !h.read() {
		return nil, h.errs
	}
	if len(h.errs) > 0 {
		if h.more > 0 {
			h.errs = append(h.errs, andMore(file, h.more))
		}
		return nil, h.errs
	}
	if len(h.obs) == 0 {
		return nil, ErrorList{{File: file, Msg: "no observations after the header"}}
	}
	return h.obs, nil
}

// LoadHistory reads the history file at path (a regular file of at most
// MaxHistorySize bytes) against the scenario cfg, as ParseHistory does.
func LoadHistory(path string, cfg *sim.Config) ([]sim.Observation, error) {
	src, err := readFile(path, historyKind)
	if err != nil {
		return nil, err
	}
	return ParseHistory(path, src, cfg)
}

type historyParser struct {
	file     string
	src      []byte
	weeks    int
	subjects map[sim.Scope][]string // the scenario's, by scope
	lines    []int                  // where each line of src starts, made for the first error
	errs     ErrorList
	more     int // problems beyond maxErrors
	seen     map[seenKey]int
	obs      []sim.Observation
}

// seenKey is one week of one series, to find a week given twice.
type seenKey struct {
	week int
	key  sim.Key
}

// read reads every row; false means the header was wrong or missing and
// nothing after it was read.
func (h *historyParser) read() bool {
	r := csv.NewReader(bytes.NewReader(h.src))
	r.Comment = '#'
	r.FieldsPerRecord = -1
	header := true
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			h.add(h.pos(pe.Line, pe.Column), "", "syntax error: "+pe.Err.Error()+startedAt(pe))
			if header {
				return false
			}
			continue
		} else if err != nil {
			h.add(Pos{}, "", err.Error())
			return false
		}
		if header {
			header = false
			if !slices.Equal(rec, sim.HistoryColumns) {
				line, col := r.FieldPos(0)
				h.add(h.pos(line, col), "", fmt.Sprintf("expected the header %s, got %q", strings.Join(sim.HistoryColumns, ","), strings.Join(rec, ",")))
				return false
			}
			continue
		}
		h.row(r, rec)
	}
	if header {
		h.add(Pos{}, "", fmt.Sprintf("no header: expected %s", strings.Join(sim.HistoryColumns, ",")))
		return false
	}
	return true
}

// startedAt names the line a quoted cell opened at, when the error is on
// a later line.
func startedAt(pe *csv.ParseError) string {
	if pe.StartLine != pe.Line {
		return fmt.Sprintf(" (the row starts at line %d)", pe.StartLine)
	}
	return ""
}

// row checks one row and keeps its observation if it has no problem.
func (h *historyParser) row(r *csv.Reader, rec []string) {
	at := func(i int) Pos { return h.pos(r.FieldPos(i)) }
	if len(rec) != len(sim.HistoryColumns) {
		h.add(at(0), "", fmt.Sprintf("expected %d cells (%s), got %d", len(sim.HistoryColumns), strings.Join(sim.HistoryColumns, ","), len(rec)))
		return
	}
	before := len(h.errs) + h.more
	week, metric, subject, value := rec[0], rec[1], rec[2], rec[3]
	w, weekErr := h.week(week)
	key, keyErr, keyAt := h.key(metric, subject)
	name := ""
	if _, known := metricsByName[metric]; known {
		name = metric
	}
	if weekErr != "" {
		h.add(at(0), name, weekErr)
	}
	if keyErr != "" {
		h.add(at(keyAt), name, keyErr)
	}
	v, err := strconv.ParseFloat(value, 64)
	switch {
	case err != nil && !errors.Is(err, strconv.ErrRange):
		h.add(at(3), name, fmt.Sprintf("expected a number, got %q", value))
	case math.IsInf(v, 0) || math.IsNaN(v):
		h.add(at(3), name, fmt.Sprintf("expected a finite number, got %q", value))
	case v < 0:
		h.add(at(3), name, fmt.Sprintf("value %s is negative; every series is 0 or more", value))
	}
	if len(h.errs)+h.more > before {
		return
	}
	line, _ := r.FieldPos(0)
	k := seenKey{w, key}
	if first, ok := h.seen[k]; ok {
		of := "the organization"
		if key.Subject != "" {
			of = fmt.Sprintf("%s %q", scopeNames[key.Metric.Info().Scope].noun, key.Subject)
		}
		h.add(at(0), name, fmt.Sprintf("week %d of %s is already given at line %d", w, of, first))
		return
	}
	h.seen[k] = line
	h.obs = append(h.obs, sim.Observation{Week: w, Key: key, Value: v, Line: line})
}

// week reads a week cell, or says what is wrong with it.
func (h *historyParser) week(s string) (int, string) {
	last := h.weeks - 1
	w, err := strconv.Atoi(s)
	switch {
	case err != nil || w < 0:
		return 0, fmt.Sprintf("expected a whole number of weeks from 0, the oldest point, to %d, got %q", last, s)
	case w > last:
		return 0, fmt.Sprintf("week %d is beyond the scenario's %d weeks (0 to %d)", w, h.weeks, last)
	}
	return w, ""
}

// metricsByName is every series by its name, of every scope: the
// organization shares names with a team (pages_per_shift) and with a
// domain (quality, incidents and the _hours series), which the subject
// tells apart; a team and a domain never share one.
var metricsByName = func() map[string][]sim.Metric {
	m := map[string][]sim.Metric{}
	for i := range sim.NumMetrics {
		name := sim.Metric(i).String()
		m[name] = append(m[name], sim.Metric(i))
	}
	return m
}()

// metricNames is every series name once, in catalogue order.
var metricNames = func() []string {
	var names []string
	for i := range sim.NumMetrics {
		if n := sim.Metric(i).String(); !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	return names
}()

// key resolves a metric and subject to a series, or says what is wrong
// and in which cell (1, the metric, or 2, the subject).
func (h *historyParser) key(metric, subject string) (sim.Key, string, int) {
	cands := metricsByName[metric]
	if len(cands) == 0 {
		msg := fmt.Sprintf("unknown metric %q, expected one of %s", metric, strings.Join(metricNames, ", "))
		if s := closest(metric, metricNames); s != "" {
			msg += fmt.Sprintf("; did you mean %q?", s)
		}
		return sim.Key{}, msg, 1
	}
	if len(subject) > 1 && subject[0] == '\'' && len(h.scopesOf(subject)) == 0 && len(h.scopesOf(subject[1:])) > 0 {
		subject = subject[1:] // as a CSV writer protected it from spreadsheets
	}
	var scopes []sim.Scope
	for _, m := range cands {
		s := m.Info().Scope
		if h.in(s, subject) {
			return sim.Key{Metric: m, Subject: subject}, "", 0
		}
		scopes = append(scopes, s)
	}
	if kinds := h.scopesOf(subject); len(kinds) > 0 {
		var whose []string
		for _, s := range scopes {
			whose = append(whose, scopeNames[s].whose)
		}
		return sim.Key{}, fmt.Sprintf("%s series; %s; expected %s", strings.Join(whose, " or "), describeSubject(subject, kinds), h.expected(scopes)), 2
	}
	scopes = slices.DeleteFunc(scopes, func(s sim.Scope) bool { return s == sim.OrgScope }) // subject is not ""
	if len(scopes) == 0 {
		return sim.Key{}, fmt.Sprintf(`the organization's series; expected subject "", got %q`, subject), 2
	}
	var names []string
	for _, s := range scopes {
		names = append(names, h.subjects[s]...)
	}
	msg := fmt.Sprintf("unknown %s %q, expected %s", scopeNames[scopes[0]].noun, subject, h.expected(scopes))
	if s := closest(subject, names); s != "" {
		msg += fmt.Sprintf("; did you mean %q?", s)
	}
	return sim.Key{}, msg, 2
}

// scopeNames are how messages name a scope's subjects.
var scopeNames = map[sim.Scope]struct{ noun, a, whose string }{
	sim.OrgScope:    {"organization", "the organization", "the organization's"},
	sim.AreaScope:   {"area", "an area", "an area's"},
	sim.TeamScope:   {"team", "a team", "a team's"},
	sim.DomainScope: {"domain", "a domain", "a domain's"},
}

// describeSubject says what a subject is: `subject "" is the
// organization`, `"storage" is a team and a domain`.
func describeSubject(subject string, kinds []sim.Scope) string {
	if subject == "" {
		return `subject "" is the organization`
	}
	var as []string
	for _, s := range kinds {
		as = append(as, scopeNames[s].a)
	}
	return fmt.Sprintf("%q is %s", subject, strings.Join(as, " and "))
}

// expected lists the subjects a series of the scopes may have.
func (h *historyParser) expected(scopes []sim.Scope) string {
	var parts []string
	for _, s := range scopes {
		if s == sim.OrgScope {
			parts = append(parts, `subject "" for the organization`)
			continue
		}
		parts = append(parts, fmt.Sprintf("%s: %s", scopeNames[s].a, strings.Join(h.subjects[s], ", ")))
	}
	return strings.Join(parts, ", or ")
}

// scopesOf lists the scopes subject names a subject of, in catalogue
// order.
func (h *historyParser) scopesOf(subject string) []sim.Scope {
	var out []sim.Scope
	for _, s := range []sim.Scope{sim.OrgScope, sim.AreaScope, sim.TeamScope, sim.DomainScope} {
		if h.in(s, subject) {
			out = append(out, s)
		}
	}
	return out
}

func (h *historyParser) in(s sim.Scope, subject string) bool {
	if s == sim.OrgScope {
		return subject == ""
	}
	return slices.Contains(h.subjects[s], subject)
}

// subjectsOf lists the scenario's subjects of each scope but the
// organization's, whose only subject is "".
func subjectsOf(cfg *sim.Config) map[sim.Scope][]string {
	var teams, domains, areas []string
	for _, d := range cfg.Domains {
		domains = append(domains, d.Name)
	}
	areas = append(areas, sim.TrunkArea)
	if cfg.Policy.Name == sim.Fragmented {
		areas = append(areas, sim.GroupsArea)
	}
	areas = append(areas, domains...)
	for _, t := range cfg.Teams {
		teams = append(teams, t.Name)
		if !t.Trunk && len(t.Domains) == 0 { // its area is its name
			areas = append(areas, t.Name)
		}
	}
	return map[sim.Scope][]string{sim.TeamScope: teams, sim.DomainScope: domains, sim.AreaScope: areas}
}

// add records a problem, or counts it beyond maxErrors.
func (h *historyParser) add(p Pos, key, msg string) {
	if len(h.errs) >= maxErrors {
		h.more++
		return
	}
	h.errs = append(h.errs, &Error{File: h.file, Pos: p, Key: key, Msg: msg})
}

// pos turns encoding/csv's line and byte column into a Pos, whose column
// counts characters.
func (h *historyParser) pos(line, col int) Pos {
	if h.lines == nil {
		h.lines = []int{0}
		for i, b := range h.src {
			if b == '\n' {
				h.lines = append(h.lines, i+1)
			}
		}
	}
	if line < 1 || line > len(h.lines) {
		return Pos{line, col}
	}
	start := h.lines[line-1]
	end := min(len(h.src), start+max(0, col-1))
	return Pos{line, 1 + utf8.RuneCount(h.src[start:end])}
}
