package output

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"time"

	"github.com/trunksim/trunksim/sim"
	"github.com/trunksim/trunksim/sim/experiment"
)

// Results is the file beside a deck that holds what the deck was built
// from: SaveDeck writes a DeckInput into it and LoadDeck reads it back,
// every number exactly as it was, so that "report -from" rebuilds the
// same deck's bytes without running anything. It keeps what the deck
// reads: each variant's configuration, its per-run outcomes, the
// organization's and the areas' weekly series across runs, and run 1
// whole (its series, events and teams); not the teams' and domains'
// series across runs, which the deck does not draw.
const Results = "results.json"

// resultsFormat is the layout of results.json; LoadDeck reads only its
// own.
const resultsFormat = 1

type savedDeck struct {
	Format      int            `json:"format"`
	Meta        Meta           `json:"meta"`
	Description string         `json:"description"`
	Date        time.Time      `json:"date"`
	Assumptions []string       `json:"assumptions"`
	Edges       *EdgeCheck     `json:"knife_edges,omitempty"`
	Variants    []savedVariant `json:"variants"`
}

type savedVariant struct {
	Name   string      `json:"name"`
	Sets   []string    `json:"sets"`
	Config plainConfig `json:"config"`
	Seed   uint64      `json:"seed"`
	Runs   int         `json:"runs"`
	Weeks  int         `json:"weeks"`
	// Outcomes are each outcome's value in every run, by its name.
	Outcomes map[string]exactFloats `json:"outcomes"`
	Series   []savedSeries          `json:"series"`
	Run1     savedTrace             `json:"run1"`
}

// savedSeries is one series across runs, week by week.
type savedSeries struct {
	savedKey
	P10  exactFloats `json:"p10"`
	P50  exactFloats `json:"p50"`
	P90  exactFloats `json:"p90"`
	Mean exactFloats `json:"mean"`
	N    []int       `json:"n"`
}

// savedKey names a series by its name and scope, as the catalogue does.
type savedKey struct {
	Metric  string `json:"metric"`
	Scope   string `json:"scope"`
	Subject string `json:"subject"`
}

type savedTrace struct {
	Weeks  int            `json:"weeks"`
	Events []sim.Event    `json:"events"`
	Teams  []sim.TeamInfo `json:"teams"`
	Series []struct {
		savedKey
		Values exactFloats `json:"values"`
	} `json:"series"`
}

func saveKey(k sim.Key) savedKey {
	return savedKey{k.Metric.String(), k.Metric.Info().Scope.String(), k.Subject}
}

func (k savedKey) key() (sim.Key, error) {
	for s := sim.OrgScope; s <= sim.DomainScope; s++ {
		if s.String() == k.Scope {
			m, err := sim.MetricByName(k.Metric, s)
			return sim.Key{Metric: m, Subject: k.Subject}, err
		}
	}
	return sim.Key{}, fmt.Errorf("unknown scope %q", k.Scope)
}

// SaveDeck writes what a deck is built from as results.json. The deck's
// Config must be its first variant's, as DeckInput says.
func SaveDeck(in DeckInput) (File, error) {
	rs := in.Comparison.Results
	if in.Config != rs[0].Config {
		return File{}, errors.New("the deck's configuration is not its first variant's")
	}
	doc := savedDeck{Format: resultsFormat, Meta: in.Meta, Description: in.Description, Date: in.Date, Assumptions: in.Assumptions, Edges: in.Edges}
	for _, r := range rs {
		e := r.Ensemble
		v := savedVariant{Name: r.Name, Sets: r.Sets, Config: plainConfig{r.Config}, Seed: e.Seed, Runs: e.Runs, Weeks: e.Weeks,
			Outcomes: map[string]exactFloats{}}
		for _, o := range sim.Outcomes() {
			v.Outcomes[o.String()] = e.Values(o)
		}
		for _, s := range e.Series {
			if scope := s.Key.Metric.Info().Scope; scope != sim.OrgScope && scope != sim.AreaScope {
				continue
			}
			ss := savedSeries{savedKey: saveKey(s.Key)}
			for _, q := range s.Weeks {
				ss.P10, ss.P50, ss.P90 = append(ss.P10, q.P10), append(ss.P50, q.P50), append(ss.P90, q.P90)
				ss.Mean, ss.N = append(ss.Mean, q.Mean), append(ss.N, q.N)
			}
			v.Series = append(v.Series, ss)
		}
		tr := e.First
		v.Run1 = savedTrace{Weeks: tr.Weeks, Events: tr.Events, Teams: tr.Teams}
		for i, k := range tr.Keys {
			v.Run1.Series = append(v.Run1.Series, struct {
				savedKey
				Values exactFloats `json:"values"`
			}{saveKey(k), tr.Values[i]})
		}
		doc.Variants = append(doc.Variants, v)
	}
	b, err := json.Marshal(doc)
	if err != nil {
		return File{}, err
	}
	return File{Name: Results, Data: append(b, '\n')}, nil
}

// LoadDeck reads results.json back into what the deck was built from.
func LoadDeck(b []byte) (DeckInput, error) {
	var doc savedDeck
	if err := json.Unmarshal(b, &doc); err != nil {
		return DeckInput{}, err
	}
	if doc.Format != resultsFormat {
		return DeckInput{}, fmt.Errorf("format %d, but this trunksim reads format %d", doc.Format, resultsFormat)
	}
	if len(doc.Variants) == 0 {
		return DeckInput{}, errors.New("no variants")
	}
	var rs []experiment.Result
	for _, v := range doc.Variants {
		e, err := v.ensemble()
		if err != nil {
			return DeckInput{}, fmt.Errorf("variant %s: %w", v.Name, err)
		}
		rs = append(rs, experiment.Result{Variant: experiment.Variant{Name: v.Name, Sets: v.Sets, Config: v.Config.Config}, Ensemble: e})
	}
	return DeckInput{Meta: doc.Meta, Description: doc.Description, Config: rs[0].Config, Comparison: experiment.Compare(rs),
		Assumptions: doc.Assumptions, Date: doc.Date, Edges: doc.Edges}, nil
}

// ensemble puts a variant's ensemble back together.
func (v savedVariant) ensemble() (*sim.Ensemble, error) {
	e := &sim.Ensemble{Seed: v.Seed, Runs: v.Runs, Weeks: v.Weeks}
	outcomes := make([][sim.NumOutcomes]float64, v.Runs)
	if len(v.Outcomes) != int(sim.NumOutcomes) {
		return nil, fmt.Errorf("%d outcomes, want %d", len(v.Outcomes), sim.NumOutcomes)
	}
	for name, xs := range v.Outcomes {
		o, err := sim.OutcomeByName(name)
		if err != nil {
			return nil, err
		}
		if len(xs) != v.Runs {
			return nil, fmt.Errorf("%s: %d runs, want %d", name, len(xs), v.Runs)
		}
		for r, x := range xs {
			outcomes[r][o] = x
		}
	}
	if err := e.RestoreOutcomes(outcomes); err != nil {
		return nil, err
	}
	for _, s := range v.Series {
		k, err := s.key()
		if err != nil {
			return nil, err
		}
		if n := len(s.N); len(s.P10) != n || len(s.P50) != n || len(s.P90) != n || len(s.Mean) != n {
			return nil, fmt.Errorf("series %s %q: columns of different lengths", s.Metric, s.Subject)
		}
		stats := sim.SeriesStats{Key: k, Weeks: make([]sim.Quantiles, len(s.N))}
		for w := range stats.Weeks {
			stats.Weeks[w] = sim.Quantiles{P10: s.P10[w], P50: s.P50[w], P90: s.P90[w], Mean: s.Mean[w], N: s.N[w]}
		}
		e.Series = append(e.Series, stats)
	}
	var keys []sim.Key
	var values [][]float64
	for _, s := range v.Run1.Series {
		k, err := s.key()
		if err != nil {
			return nil, err
		}
		keys, values = append(keys, k), append(values, s.Values)
	}
	var first [sim.NumOutcomes]float64
	if v.Runs > 0 {
		first = outcomes[0]
	}
	e.First = sim.RestoreTrace(v.Run1.Weeks, keys, values, v.Run1.Events, v.Run1.Teams, first)
	return e, nil
}

// exactFloats are numbers in results.json, each in the fewest digits
// that parse back to the same float64; NaN, a missing value, is null.
type exactFloats []float64

// MarshalJSON implements json.Marshaler.
func (xs exactFloats) MarshalJSON() ([]byte, error) {
	if xs == nil {
		return []byte("null"), nil
	}
	b := []byte{'['}
	for i, x := range xs {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendExact(b, x)
	}
	return append(b, ']'), nil
}

// UnmarshalJSON implements json.Unmarshaler.
func (xs *exactFloats) UnmarshalJSON(b []byte) error {
	var raw []json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	if raw == nil {
		*xs = nil
		return nil
	}
	out := make(exactFloats, len(raw))
	for i, r := range raw {
		x, err := parseExact(r)
		if err != nil {
			return err
		}
		out[i] = x
	}
	*xs = out
	return nil
}

// appendExact writes x as JSON: null for NaN, "+Inf" or "-Inf" for an
// infinity, which JSON's numbers do not hold.
func appendExact(b []byte, x float64) []byte {
	switch {
	case math.IsNaN(x):
		return append(b, "null"...)
	case math.IsInf(x, 0):
		return strconv.AppendQuote(b, strconv.FormatFloat(x, 'g', -1, 64))
	}
	return strconv.AppendFloat(b, x, 'g', -1, 64)
}

// parseExact reads what appendExact writes.
func parseExact(b []byte) (float64, error) {
	switch s := string(b); s {
	case "null":
		return math.NaN(), nil
	case `"+Inf"`, `"-Inf"`:
		return strconv.ParseFloat(s[1:len(s)-1], 64)
	default:
		return strconv.ParseFloat(s, 64)
	}
}

// plainConfig is a sim.Config in results.json. A Config is plain data
// (structs, slices, strings, numbers and booleans) that holds NaN for an
// input not observed, which encoding/json refuses: this writes it field
// by field under its Go names, each float as appendExact does.
type plainConfig struct{ *sim.Config }

// MarshalJSON implements json.Marshaler.
func (c plainConfig) MarshalJSON() ([]byte, error) {
	if c.Config == nil {
		return []byte("null"), nil
	}
	return appendPlain(nil, reflect.ValueOf(c.Config).Elem())
}

// UnmarshalJSON implements json.Unmarshaler.
func (c *plainConfig) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		c.Config = nil
		return nil
	}
	c.Config = new(sim.Config)
	return readPlain(b, reflect.ValueOf(c.Config).Elem(), "config")
}

// appendPlain writes the plain data v as JSON: a struct as an object of
// its exported fields, a nil slice as null.
func appendPlain(b []byte, v reflect.Value) ([]byte, error) {
	switch v.Kind() {
	case reflect.Struct:
		b = append(b, '{')
		first := true
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if !f.IsExported() {
				continue
			}
			if !first {
				b = append(b, ',')
			}
			first = false
			b = append(strconv.AppendQuote(b, f.Name), ':')
			var err error
			if b, err = appendPlain(b, v.Field(i)); err != nil {
				return nil, err
			}
		}
		return append(b, '}'), nil
	case reflect.Slice:
		if v.IsNil() {
			return append(b, "null"...), nil
		}
		b = append(b, '[')
		for i := range v.Len() {
			if i > 0 {
				b = append(b, ',')
			}
			var err error
			if b, err = appendPlain(b, v.Index(i)); err != nil {
				return nil, err
			}
		}
		return append(b, ']'), nil
	case reflect.String:
		s, err := json.Marshal(v.String())
		return append(b, s...), err
	case reflect.Bool:
		return strconv.AppendBool(b, v.Bool()), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.AppendInt(b, v.Int(), 10), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.AppendUint(b, v.Uint(), 10), nil
	case reflect.Float32, reflect.Float64:
		return appendExact(b, v.Float()), nil
	}
	return nil, fmt.Errorf("a configuration field of kind %s cannot be saved", v.Kind())
}

// readPlain reads what appendPlain wrote into v, at path for errors: a
// field missing or unknown is an error, as from another trunksim.
func readPlain(b []byte, v reflect.Value, path string) error {
	switch v.Kind() {
	case reflect.Struct:
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(b, &fields); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if !f.IsExported() {
				continue
			}
			raw, ok := fields[f.Name]
			if !ok {
				return fmt.Errorf("%s.%s is missing", path, f.Name)
			}
			delete(fields, f.Name)
			if err := readPlain(raw, v.Field(i), path+"."+f.Name); err != nil {
				return err
			}
		}
		for name := range fields {
			return fmt.Errorf("%s.%s is not a field of this trunksim's configuration", path, name)
		}
		return nil
	case reflect.Slice:
		var elems []json.RawMessage
		if err := json.Unmarshal(b, &elems); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		if elems == nil {
			v.SetZero()
			return nil
		}
		v.Set(reflect.MakeSlice(v.Type(), len(elems), len(elems)))
		for i, raw := range elems {
			if err := readPlain(raw, v.Index(i), fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
		return nil
	case reflect.Float32, reflect.Float64:
		x, err := parseExact(b)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		v.SetFloat(x)
		return nil
	}
	// A string, boolean or integer: a new one of its kind, set into v.
	p := reflect.New(v.Type())
	if err := json.Unmarshal(b, p.Interface()); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	v.Set(p.Elem())
	return nil
}
