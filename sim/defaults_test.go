package sim

import (
	"math"
	"reflect"
	"strings"
	"testing"
)

// TestEveryDefaultSourcedOrRanged walks every number of the defaults and
// of the default domain: each must name a public source or be an
// assumption with a low below a high that brackets the default.
func TestEveryDefaultSourcedOrRanged(t *testing.T) {
	ranged := map[string]Assumption{}
	for _, a := range Assumptions {
		if _, dup := ranged[a.Field]; dup {
			t.Errorf("%s: declared twice", a.Field)
		}
		ranged[a.Field] = a
		if !(a.Low < a.High) || a.Why == "" {
			t.Errorf("%s: range %v to %v, why %q", a.Field, a.Low, a.High, a.Why)
		}
		if d := a.Default(); d < a.Low || d > a.High {
			t.Errorf("%s: default %v outside %v to %v", a.Field, d, a.Low, a.High)
		}
		if _, both := Sources[a.Field]; both {
			t.Errorf("%s: both sourced and an assumption; say which", a.Field)
		}
	}
	check := func(path string) {
		_, sourced := Sources[path]
		_, isRanged := ranged[path]
		if !sourced && !isRanged && !scenarioInput(path) {
			t.Errorf("%s: neither sourced nor ranged", path)
		}
	}
	c := Defaults()
	walkNumbers(reflect.ValueOf(c), "", check)
	walkNumbers(reflect.ValueOf(DefaultDomain()), "Domain", check)
}

// scenarioInput reports whether a field describes the scenario's own
// company rather than a default of the model: its growth curves.
// scenarioInput reports whether the field is the scenario's own: its
// company's curves, and what its leader observes (which the model does
// not read).
func scenarioInput(path string) bool {
	return strings.HasPrefix(path, "Observed.") || strings.HasPrefix(path, "Company.Engineers.") || strings.HasPrefix(path, "Company.Usage.") || strings.HasPrefix(path, "Company.ServicesPerEngineer.")
}

func walkNumbers(v reflect.Value, path string, f func(string)) {
	walkLeaves(v, path, func(p string, fv reflect.Value) {
		if k := fv.Kind(); k == reflect.Float64 || k == reflect.Int {
			f(p)
		}
	})
}

// walkLeaves calls f with the Go path and value of every field of struct
// v that is neither a struct (it walks into those) nor a slice, in field
// order.
func walkLeaves(v reflect.Value, path string, f func(string, reflect.Value)) {
	for i := range v.NumField() {
		fv, name := v.Field(i), v.Type().Field(i).Name
		p := name
		if path != "" {
			p = path + "." + name
		}
		switch fv.Kind() {
		case reflect.Struct:
			walkLeaves(fv, p, f)
		case reflect.Slice:
		default:
			f(p, fv)
		}
	}
}

func TestAssumptionApply(t *testing.T) {
	c := testConfig()
	c.Domains[1].EffortWeeks = 12 // a scenario's own figure
	span := Assumption{Field: "People.Span", Low: 6, High: 10}
	span.Apply(&c, 10)
	effort := Assumption{Field: "Domain.EffortWeeks", Low: 3, High: 12}
	effort.Apply(&c, 3)
	if c.People.Span != 10 {
		t.Errorf("span at the default moves to the end: %v", c.People.Span)
	}
	if c.Domains[0].EffortWeeks != 3 || math.Abs(c.Domains[1].EffortWeeks-6) > 1e-9 {
		t.Errorf("effort weeks: %v and %v, want 3 and 12 x 3/6 = 6", c.Domains[0].EffortWeeks, c.Domains[1].EffortWeeks)
	}
	c.People.HoursPerWeek = 30
	Assumption{Field: "People.HoursPerWeek", Low: 36, High: 44}.Apply(&c, 44)
	if c.People.HoursPerWeek != 33 {
		t.Errorf("a scenario's own 30 hours at the high end: %v, want 30 x 44/40 = 33", c.People.HoursPerWeek)
	}
}

// DefaultOf reads any number of the defaults, a domain's from the default
// domain, and nothing where there is no number.
func TestDefaultOf(t *testing.T) {
	for _, tt := range []struct {
		field string
		want  float64
		ok    bool
	}{
		{"People.HoursPerWeek", 40, true},
		{"People.AttritionPct", Defaults().People.AttritionPct, true},
		{"Domain.FixedHours", DefaultDomain().FixedHours, true},
		{"Domain.Name", 0, false},
		{"People.Nonsense", 0, false},
		{"Policy.Name", 0, false},
	} {
		if got, ok := DefaultOf(tt.field); got != tt.want || ok != tt.ok {
			t.Errorf("DefaultOf(%q) = %v, %v; want %v, %v", tt.field, got, ok, tt.want, tt.ok)
		}
	}
}
