package scenarios

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// override is one key an override sets in the decoded tree, and where it
// came from: a -set, or a key of a variant's set table.
type override struct {
	path string // the key path with array indexes resolved: "domains[2].base_hours"
	// made is the shortest path the override created or replaced, so
	// that a problem with a table it made ("people.foo") is its own.
	made string
	kv   string // the -set's key=value, or "" for a variant's key
	loc  string // a variant key's locator path
}

// owns reports whether a problem at field follows from the override.
func (o override) owns(field string) bool { return within(field, o.made) }

// within reports whether path is p or inside it.
func within(path, p string) bool {
	return path == p || strings.HasPrefix(path, p+".") || strings.HasPrefix(path, p+"[")
}

// applySet writes one "key=value" override into the decoded tree. A path
// step after an array of tables is an index ("domains[2]" or "domains.2")
// or an element's name ("domains.storage").
func applySet(raw map[string]any, kv string) (override, error) {
	key, value, ok := strings.Cut(kv, "=")
	key = strings.TrimSpace(key)
	if !ok || key == "" {
		return override{}, fmt.Errorf("expected key=value, such as policy.threshold=6")
	}
	v, err := parseValue(strings.TrimSpace(value))
	if err != nil {
		return override{}, err
	}
	o, err := setPath(raw, "", steps(key), v)
	o.kv = kv
	return o, err
}

// steps splits a dotted key with optional [index] steps.
func steps(key string) []string {
	return strings.Split(strings.NewReplacer("[", ".", "]", "").Replace(key), ".")
}

// setPath writes v at the path of steps under node, which is at the path
// at.
func setPath(node map[string]any, at string, steps []string, v any) (override, error) {
	step := steps[0]
	if step == "" {
		return override{}, fmt.Errorf("empty step in key path")
	}
	path := join(at, step)
	if len(steps) == 1 {
		node[step] = v
		return override{path: path, made: path}, nil
	}
	switch n := node[step].(type) {
	case nil:
		m := map[string]any{}
		node[step] = m
		o, err := setPath(m, path, steps[1:], v)
		o.made = path
		return o, err
	case map[string]any:
		return setPath(n, path, steps[1:], v)
	case []map[string]any:
		idx, err := pick(n, steps[1])
		if err != nil {
			return override{}, fmt.Errorf("%s: %v", path, err)
		}
		if len(steps) == 2 {
			return override{}, fmt.Errorf("%s.%s names a whole table: name a key inside it", path, steps[1])
		}
		return setPath(n[idx], fmt.Sprintf("%s[%d]", path, idx), steps[2:], v)
	}
	return override{}, fmt.Errorf("%s holds a value, not a table", path)
}

// pick finds an array element by index or by its name key.
func pick(list []map[string]any, step string) (int, error) {
	if i, err := strconv.Atoi(step); err == nil {
		if i < 0 || i >= len(list) {
			return 0, fmt.Errorf("index %d out of range: there are %d", i, len(list))
		}
		return i, nil
	}
	var names []string
	for i, m := range list {
		n, _ := m["name"].(string)
		if n == step {
			return i, nil
		}
		names = append(names, n)
	}
	return 0, fmt.Errorf("no element named %q, expected one of %s", step, strings.Join(names, ", "))
}

// parseValue reads an override's value as TOML; anything TOML cannot read
// is a bare string, so policy.name=centralized needs no quotes.
func parseValue(s string) (any, error) {
	src := "v = " + s
	if tokenize([]byte(src)).deep != nil {
		return nil, fmt.Errorf("%s", tooDeep)
	}
	var m map[string]any
	if _, err := toml.Decode(src, &m); err == nil {
		return m["v"], nil
	}
	return s, nil
}

// copyTree copies a decoded TOML tree, so that overrides can be applied
// to a copy.
func copyTree(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = copyTree(e)
		}
		return m
	case []map[string]any:
		l := make([]map[string]any, len(x))
		for i, e := range x {
			l[i] = copyTree(e).(map[string]any)
		}
		return l
	case []any:
		l := make([]any, len(x))
		for i, e := range x {
			l[i] = copyTree(e)
		}
		return l
	}
	return v
}

// tomlValue writes a decoded value back in TOML syntax, as an override's
// value.
func tomlValue(v any) string {
	switch x := v.(type) {
	case string:
		return quote(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		switch {
		case math.IsNaN(x):
			return "nan"
		case math.IsInf(x, 1):
			return "inf"
		case math.IsInf(x, -1):
			return "-inf"
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	case time.Time:
		return x.Format(time.RFC3339Nano)
	case map[string]any:
		var parts []string
		for _, k := range sortedKeys(x) {
			parts = append(parts, join("", k)+" = "+tomlValue(x[k]))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case []map[string]any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = tomlValue(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = tomlValue(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return quote(fmt.Sprint(v))
}

// quote writes s as a TOML basic string.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
