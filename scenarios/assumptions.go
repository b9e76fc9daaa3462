package scenarios

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/trunksim/trunksim/sim"
)

// Assumption is one scenario input that differs from the model's default,
// for the deck's assumptions page.
type Assumption struct {
	Key, Value, Default, Unit string
}

// Assumptions lists every input of the scenario that differs from the
// defaults, with its unit: each model field, each domain's fields against a
// default domain, and each team. Growth tables are compared whole.
func (s *Scenario) Assumptions() []Assumption {
	var out []Assumption
	def := sim.Defaults()
	var walk func(v, d reflect.Value, path, docPath string)
	walk = func(v, d reflect.Value, path, docPath string) {
		t := v.Type()
		for i := range t.NumField() {
			if !isKey(t.Field(i)) {
				continue
			}
			name := keyName(t.Field(i).Name)
			key, doc := join(path, name), join(docPath, name)
			if key == "observed" {
				continue // what the leader measures, not an input
			}
			fv := v.Field(i)
			var dv reflect.Value
			if d.IsValid() {
				dv = d.Field(i)
			}
			switch {
			case fv.Type() == reflect.TypeOf(sim.Growth{}):
				if !dv.IsValid() || !reflect.DeepEqual(fv.Interface(), dv.Interface()) {
					out = append(out, Assumption{key, growthText(fv.Interface().(sim.Growth)), growthText(dv.Interface().(sim.Growth)), ""}) // rates say "a year" themselves
				}
			case fv.Kind() == reflect.Struct:
				walk(fv, dv, key, doc)
			case fv.Kind() == reflect.Slice && fv.Type().Elem().Kind() == reflect.Struct:
				for j := range fv.Len() {
					el := fv.Index(j)
					elName := el.FieldByName("Name").String()
					walk(el, element(fv.Type().Elem()), key+"."+elName, doc+"[]")
				}
			default:
				if name == "name" && strings.Contains(doc, "[]") {
					continue
				}
				value := fmt.Sprint(fv.Interface())
				defValue := ""
				if dv.IsValid() {
					defValue = fmt.Sprint(dv.Interface())
				}
				if value != defValue && !(fv.Kind() == reflect.Slice && fv.Len() == 0) {
					out = append(out, Assumption{key, value, defValue, docs[doc].unit})
				}
			}
		}
	}
	walk(reflect.ValueOf(s.Config), reflect.ValueOf(def), "", "")
	return out
}

// growthText describes a growth curve in a line.
func growthText(g sim.Growth) string {
	switch g.Model {
	case sim.Logistic:
		return fmt.Sprintf("%g, logistic from %g%% a year toward %g", g.Start, g.AnnualPct, g.Cap)
	case sim.Phased:
		return fmt.Sprintf("%g, in %d phases", g.Start, len(g.Phases))
	}
	return fmt.Sprintf("%g, %g%% a year", g.Start, g.AnnualPct)
}

// Unset lists where the scenario leaves the input at key to the model's
// default: neither its file nor an override gives it a value (a variant's
// set table reaches a variant's scenario as overrides, see LoadBase). A
// value given as a distribution is given. A key of every domain, as
// SCHEMA.md writes it (domains[].fixed_hours), is left in each domain that
// does not give it, named as -set names it (domains.compute.fixed_hours);
// any other key is left as itself or not at all.
func (s *Scenario) Unset(key string) []string {
	var tree map[string]any
	_, _ = toml.Decode(string(s.Source), &tree) // a loaded scenario's source decodes
	if tree == nil {
		tree = map[string]any{}
	}
	for _, kv := range s.Sets {
		_, _ = applySet(tree, kv) // and its overrides apply
	}
	return unset(tree, "", steps(key))
}

// unset lists where node, at the path at, gives no value at the steps
// st; an empty step is every element of an array of tables, named by its
// name or else its index.
func unset(node any, at string, st []string) []string {
	if len(st) == 0 {
		return nil
	}
	if st[0] == "" {
		list, _ := node.([]map[string]any)
		var out []string
		for i, el := range list {
			name, ok := el["name"].(string)
			if !ok {
				name = strconv.Itoa(i)
			}
			out = append(out, unset(el, join(at, name), st[1:])...)
		}
		return out
	}
	if m, ok := node.(map[string]any); ok {
		if v, ok := m[st[0]]; ok {
			return unset(v, join(at, st[0]), st[1:])
		}
	}
	if slices.Contains(st, "") { // no array, so no element to leave it
		return nil
	}
	for _, step := range st {
		at = join(at, step)
	}
	return []string{at}
}
