package scenarios

import (
	"fmt"
	"math"
	"reflect"
	"strconv"

	"github.com/trunksim/trunksim/sim"
)

// WholeKey reports whether a scenario key takes whole numbers. Array
// elements are named by index or name, as -set names them.
func WholeKey(key string) bool {
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

// FormatNum writes a number as an override gives it: in the shortest
// form, rounding away the float noise of a stepped range.
func FormatNum(f float64) string {
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
	return p.Key + "=" + FormatNum(v)
}

// Params lists the scenario's numeric inputs, for sensitivity analysis:
// every number of the model but the horizon and the plan's (a plan is a
// decision, not an input), with arrays named by their elements' names
// (domains.storage.base_hours).
func (s *Scenario) Params() []Param {
	var out []Param
	var walk func(v reflect.Value, path string)
	walk = func(v reflect.Value, path string) {
		t := v.Type()
		for i := range t.NumField() {
			if !isKey(t.Field(i)) {
				continue
			}
			f := v.Field(i)
			key := join(path, keyName(t.Field(i).Name))
			if key == "observed" {
				continue // what the leader measures, not an input of the model
			}
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
				if f.Type().Elem().Kind() != reflect.Struct || key == "plan" {
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
