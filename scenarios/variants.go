package scenarios

import (
	"fmt"
	"slices"
	"strings"
)

// entry is one key of a variant's set table, flattened: a quoted dotted
// key ("policy.threshold" = 6) and a nested table (policy = {threshold =
// 6}) both set policy.threshold.
type entry struct {
	steps []string
	value any
	loc   string // its locator path
}

func (e entry) set() string { return strings.Join(e.steps, ".") + "=" + tomlValue(e.value) }

// variants reads the [[variants]] tables of base, the scenario with its
// overrides, and checks each over it as an experiment would run it.
func (p *parser) variants(base map[string]any) []Variant {
	vs, ok := base["variants"]
	if !ok {
		return nil
	}
	list, ok := vs.([]map[string]any)
	if !ok {
		p.fileError("variants", "expected an array of tables [[variants]], got %s", describe(vs))
		return nil
	}
	var out []Variant
	seen := map[string]bool{}
	for i, m := range list {
		at := fmt.Sprintf("variants[%d]", i)
		v := Variant{}
		label := at
		switch name, isText := m["name"].(string); {
		case m["name"] == nil:
			p.fileError(at+".name", "each variant needs a name")
		case !isText || name == "":
			p.fileError(at+".name", "expected a quoted string, got %s", describe(m["name"]))
		case strings.ContainsFunc(name, unprintable):
			p.fileError(at+".name", "expected text without control characters, got %q", name)
		case seen[name]:
			p.fileError(at+".name", "%q is listed twice", name)
		default:
			seen[name] = true
			v.Name, label = name, fmt.Sprintf("variant %q", name)
		}
		for _, k := range sortedKeys(m) {
			if k != "name" && k != "set" {
				p.fileError(join(at, k), "unknown key, expected name or set")
			}
		}
		var entries []entry
		if set, ok := m["set"]; ok {
			if t, ok := set.(map[string]any); ok {
				entries = flatten(t, at+".set", nil)
			} else {
				p.fileError(at+".set", "expected a table of quoted keys such as \"policy.threshold\" = 6, got %s", describe(set))
			}
		}
		for _, e := range entries {
			v.Sets = append(v.Sets, e.set())
		}
		p.checkVariant(label, at, base, entries)
		out = append(out, v)
	}
	return out
}

// flatten lists the keys of a variant's set table t, at loc, in key order.
func flatten(t map[string]any, loc string, prefix []string) []entry {
	var out []entry
	for _, k := range sortedKeys(t) {
		st := append(slices.Clone(prefix), steps(k)...)
		// A table with a dist key is one value, an input's distribution,
		// not more keys to set.
		if sub, ok := t[k].(map[string]any); ok && sub["dist"] == nil {
			out = append(out, flatten(sub, join(loc, k), st)...)
			continue
		}
		out = append(out, entry{st, t[k], join(loc, k)})
	}
	slices.SortStableFunc(out, func(a, b entry) int { return strings.Compare(a.set(), b.set()) })
	return out
}

// checkVariant applies a variant's entries to a copy of base and reports
// each problem that base does not have: at the entry that made it, or at
// the variant.
func (p *parser) checkVariant(label, at string, base map[string]any, entries []entry) {
	t := copyTree(base).(map[string]any)
	var made []override
	for _, e := range entries {
		o, err := setPath(t, "", e.steps, e.value)
		if err != nil {
			p.errs = append(p.errs, &Error{File: p.file, Pos: p.loc[e.loc], In: label, Msg: err.Error()})
			continue
		}
		o.loc = e.loc
		made = append(made, o)
	}
	head, _ := p.loc.find(at)
	_, problems := check(t)
	for _, pr := range problems {
		if has(p.base, pr) {
			continue
		}
		e := &Error{File: p.file, Pos: head, In: label, Key: pr.Field, Msg: message(pr)}
		for _, o := range slices.Backward(made) {
			if o.owns(pr.Field) {
				loc := o.loc
				if within(pr.Field, o.path) { // a place inside the value
					loc += strings.TrimPrefix(pr.Field, o.path)
				}
				e.Pos, _ = p.loc.find(loc)
				break
			}
		}
		p.errs = append(p.errs, e)
	}
}

// fileError adds a problem with a key of the file itself.
func (p *parser) fileError(key, format string, args ...any) {
	pos, _ := p.loc.find(key)
	p.errs = append(p.errs, &Error{File: p.file, Pos: pos, Key: key, Msg: fmt.Sprintf(format, args...)})
}
