package scenarios

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"

	"github.com/trunksim/trunksim/sim"
)

// Vary is one swept scenario key and the values it takes, each in TOML
// syntax as a -set would give it.
type Vary struct {
	Key    string
	Values []string
}

// maxVaryPoints bounds one axis of a sweep.
const maxVaryPoints = 101

// ParseVary reads "key=from..to[:step]" (numbers, step defaulting to a
// quarter of the range, so five points, or to 1 for a key that takes
// whole numbers) or "key=a,b,c" (any values).
func ParseVary(s string) (Vary, error) {
	key, spec, ok := strings.Cut(s, "=")
	key = strings.TrimSpace(key)
	if !ok || key == "" || strings.TrimSpace(spec) == "" {
		return Vary{}, fmt.Errorf("-vary %q: expected key=from..to[:step] or key=a,b,c, such as policy.threshold=4..10:2", s)
	}
	if from, rest, isRange := strings.Cut(spec, ".."); isRange {
		to, stepText, hasStep := strings.Cut(rest, ":")
		a, err1 := strconv.ParseFloat(strings.TrimSpace(from), 64)
		b, err2 := strconv.ParseFloat(strings.TrimSpace(to), 64)
		if err1 != nil || err2 != nil || math.IsNaN(a) || math.IsNaN(b) || math.IsInf(a, 0) || math.IsInf(b, 0) {
			return Vary{}, fmt.Errorf("-vary %q: from and to must be numbers, as in %s=4..10:2", s, key)
		}
		step := (b - a) / 4
		whole := wholeKey(key)
		if whole {
			step = 1
		}
		if hasStep {
			st, err := strconv.ParseFloat(strings.TrimSpace(stepText), 64)
			if err != nil || !(st > 0) || math.IsInf(st, 0) {
				return Vary{}, fmt.Errorf("-vary %q: step must be a number above 0", s)
			}
			step = st
		}
		if whole && (a != math.Trunc(a) || b != math.Trunc(b) || step != math.Trunc(step)) {
			return Vary{}, fmt.Errorf("-vary %q: %s takes whole numbers, so from, to and step must be whole numbers", s, key)
		}
		if b < a {
			return Vary{}, fmt.Errorf("-vary %q: from (%v) must not exceed to (%v)", s, a, b)
		}
		if a == b {
			return Vary{Key: key, Values: []string{formatNum(a)}}, nil
		}
		n := int(math.Floor((b-a)/step+1e-9)) + 1
		if n > maxVaryPoints {
			return Vary{}, fmt.Errorf("-vary %q: %d points, at most %d", s, n, maxVaryPoints)
		}
		v := Vary{Key: key}
		for i := range n {
			v.Values = append(v.Values, formatNum(a+float64(i)*step))
		}
		return v, nil
	}
	v := Vary{Key: key}
	for _, x := range strings.Split(spec, ",") {
		if x = strings.TrimSpace(x); x != "" {
			v.Values = append(v.Values, x)
		}
	}
	if len(v.Values) > maxVaryPoints {
		return Vary{}, fmt.Errorf("-vary %q: %d values, at most %d", s, len(v.Values), maxVaryPoints)
	}
	return v, nil
}

// wholeKey reports whether a scenario key takes whole numbers. Array
// elements are named by index or name, as -set names them.
func wholeKey(key string) bool {
	t := reflect.TypeOf(sim.Config{})
	st := steps(key)
	for i := 0; i < len(st); i++ {
		if t.Kind() == reflect.Slice {
			t = t.Elem() // st[i] names the element
			continue
		}
		if t.Kind() != reflect.Struct {
			return false
		}
		f, ok := fields(t)[st[i]]
		if !ok {
			return false
		}
		t = t.Field(f).Type
	}
	return t.Kind() == reflect.Int
}

// formatNum writes a number in the shortest form, rounding away the
// float noise of a stepped range.
func formatNum(f float64) string {
	return strconv.FormatFloat(math.Round(f*1e9)/1e9, 'g', -1, 64)
}

// Param is one numeric scenario input, named as -set names it.
type Param struct {
	Key   string
	Value float64
	Int   bool
}

// Set returns the override that gives the parameter the value v, rounded
// to a whole number for integer keys.
func (p Param) Set(v float64) string {
	if p.Int {
		return p.Key + "=" + strconv.FormatInt(int64(math.Round(v)), 10)
	}
	return p.Key + "=" + formatNum(v)
}

// Params lists the scenario's numeric inputs, for sensitivity analysis:
// every number of the model but the horizon, with arrays named by their
// elements' names (domains.storage.base_hours).
func (s *Scenario) Params() []Param {
	var out []Param
	var walk func(v reflect.Value, path string)
	walk = func(v reflect.Value, path string) {
		t := v.Type()
		for i := range t.NumField() {
			f := v.Field(i)
			key := join(path, keyName(t.Field(i).Name))
			switch f.Kind() {
			case reflect.Float64:
				out = append(out, Param{Key: key, Value: f.Float()})
			case reflect.Int:
				if key != "weeks" {
					out = append(out, Param{Key: key, Value: float64(f.Int()), Int: true})
				}
			case reflect.Struct:
				walk(f, key)
			case reflect.Slice:
				if f.Type().Elem().Kind() != reflect.Struct {
					continue
				}
				for j := range f.Len() {
					el := f.Index(j)
					name := fmt.Sprint(j)
					if n := el.FieldByName("Name"); n.IsValid() && n.String() != "" {
						name = n.String()
					}
					walk(el, key+"."+name)
				}
			}
		}
	}
	walk(reflect.ValueOf(s.Config), "")
	return out
}
