package scenarios

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/trunksim/trunksim/sim"
)

// keyName is the scenario key of a Go field: snake case, with a run of
// digits set off before it ("IncidentsPer100Toil" is
// "incidents_per_100_toil", "ErosionAt3x" is "erosion_at_3x").
func keyName(field string) string {
	var b strings.Builder
	rs := []rune(field)
	for i, r := range rs {
		if i > 0 {
			prev := rs[i-1]
			switch {
			case unicode.IsUpper(r) && (unicode.IsLower(prev) || unicode.IsDigit(prev)):
				b.WriteByte('_')
			case unicode.IsUpper(r) && unicode.IsUpper(prev) && i+1 < len(rs) && unicode.IsLower(rs[i+1]):
				b.WriteByte('_')
			case unicode.IsDigit(r) && !unicode.IsDigit(prev):
				b.WriteByte('_')
			}
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// isKey reports whether a struct field is a scenario key: exported and
// not marked toml:"-" (sim.Config.Uncertain is filled from distributions
// given at other keys, never written itself).
func isKey(f reflect.StructField) bool { return f.IsExported() && f.Tag.Get("toml") != "-" }

// fields maps each scenario key of a struct type to its field index.
func fields(t reflect.Type) map[string]int {
	m := map[string]int{}
	for i := range t.NumField() {
		if isKey(t.Field(i)) {
			m[keyName(t.Field(i).Name)] = i
		}
	}
	return m
}

// element returns the starting value of a new array-of-tables element:
// domains start from sim.DefaultDomain, observed teams from
// sim.DefaultObservedTeam (nothing observed), everything else from zero.
func element(t reflect.Type) reflect.Value {
	v := reflect.New(t).Elem()
	switch t {
	case reflect.TypeOf(sim.Domain{}):
		v.Set(reflect.ValueOf(sim.DefaultDomain()))
	case reflect.TypeOf(sim.ObservedTeam{}):
		v.Set(reflect.ValueOf(sim.DefaultObservedTeam()))
	}
	return v
}

// decoder assigns a decoded TOML tree onto a struct, collecting every
// problem instead of stopping at the first.
type decoder struct {
	problems  []*sim.FieldError
	uncertain []sim.Uncertain // numbers given as distributions, in key order
}

func (d *decoder) add(path, format string, args ...any) {
	d.problems = append(d.problems, &sim.FieldError{Field: path, Msg: fmt.Sprintf(format, args...)})
}

// join appends a key to a key path, quoted where it is not a bare key.
func join(path, key string) string {
	if key == "" || strings.ContainsFunc(key, func(r rune) bool { return r >= utf8.RuneSelf || !isBare(byte(r)) }) {
		key = quote(key)
	}
	if path == "" {
		return key
	}
	return path + "." + key
}

// Explain names the fields of a run's draw error by scenario key; other
// errors pass as they are.
func Explain(err error) error {
	var de *sim.DrawError
	if !errors.As(err, &de) {
		return err
	}
	out := &sim.DrawError{Run: de.Run}
	for _, p := range de.Problems {
		q := *p
		q.Field = keyPath(p.Field)
		out.Problems = append(out.Problems, &q)
	}
	return out
}

// KeyPath is the scenario key of a sim field path, for messages from sim
// that name an input ("Company.Usage.AnnualPct" is
// "company.usage.annual_pct").
func KeyPath(field string) string { return keyPath(field) }

// NamedKey is the scenario key of a sim field path with each array
// element of c that has a name called by it, as -set takes it: the base
// hours of Domains[2], named storage, are "domains.storage.base_hours".
// With c nil, elements keep their index: "domains[2].base_hours".
func NamedKey(c *sim.Config, field string) string {
	var v reflect.Value
	if c != nil {
		v = reflect.ValueOf(c).Elem()
	}
	var b strings.Builder
	for i, step := range strings.Split(field, ".") {
		name, index, indexed := strings.Cut(step, "[")
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(keyName(name))
		if v.Kind() == reflect.Struct {
			v = v.FieldByName(name)
		}
		if !indexed {
			continue
		}
		n, err := strconv.Atoi(strings.TrimSuffix(index, "]"))
		if err != nil || v.Kind() != reflect.Slice || n < 0 || n >= v.Len() {
			b.WriteString("[" + index)
			v = reflect.Value{}
			continue
		}
		v = v.Index(n)
		if v.Kind() != reflect.Struct {
			b.WriteString("[" + index)
		} else if el := v.FieldByName("Name"); el.IsValid() && isBareKey(el.String()) {
			b.WriteString("." + el.String())
		} else {
			b.WriteString("[" + index)
		}
	}
	return b.String()
}

// isBareKey reports whether s can stand as a step of a -set key.
func isBareKey(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isBare(s[i]) {
			return false
		}
	}
	return s != ""
}

// keyPath turns a sim field path ("Domains[2].Exponent") into its
// scenario key path ("domains[2].exponent"), with the naming of keyName.
func keyPath(field string) string { return NamedKey(nil, field) }

// assignStruct sets the fields of v named by the keys of m.
func (d *decoder) assignStruct(v reflect.Value, m map[string]any, path string, skip map[string]bool) {
	fs := fields(v.Type())
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if skip[k] {
			continue
		}
		i, ok := fs[k]
		if !ok {
			d.unknown(join(path, k), k, fs)
			continue
		}
		d.assign(v.Field(i), m[k], join(path, k))
	}
}

func (d *decoder) unknown(path, key string, known map[string]int) {
	names := make([]string, 0, len(known))
	for n := range known {
		names = append(names, n)
	}
	sort.Strings(names)
	msg := "unknown key"
	if s := closest(key, names); s != "" {
		msg += fmt.Sprintf(", did you mean %q?", join(parent(path), s))
	} else {
		msg += ", expected one of " + strings.Join(names, ", ")
	}
	d.add(path, "%s", msg)
}

// describe names a TOML value's type for an error message.
func describe(x any) string {
	switch v := x.(type) {
	case string:
		return fmt.Sprintf("the string %q", v)
	case int64:
		return fmt.Sprintf("the integer %d", v)
	case float64:
		return fmt.Sprintf("the number %v", v)
	case bool:
		return fmt.Sprintf("the boolean %v", v)
	case map[string]any:
		return "a table"
	case []map[string]any, []any:
		return "an array"
	case time.Time:
		return "a date-time"
	}
	return "a value of no known type"
}

// expected says what a field wants, in a user's terms.
func expected(path string, k reflect.Kind) string {
	switch {
	case strings.HasSuffix(path, "_pct"):
		return "a percentage such as 400"
	case strings.HasSuffix(path, "weeks") && k == reflect.Int:
		return "a whole number of weeks such as 13"
	case k == reflect.Int:
		return "a whole number such as 8"
	case k == reflect.Float64:
		return "a number such as 0.5"
	case k == reflect.Bool:
		return "true or false"
	case k == reflect.String:
		return "a quoted string"
	case k == reflect.Struct:
		return "a table"
	}
	return "an array"
}

func (d *decoder) assign(f reflect.Value, x any, path string) {
	bad := func() { d.add(path, "expected %s, got %s", expected(path, f.Kind()), describe(x)) }
	if m, ok := x.(map[string]any); ok && (f.Kind() == reflect.Float64 || f.Kind() == reflect.Int) {
		d.assignDist(f, m, path)
		return
	}
	switch f.Kind() {
	case reflect.Float64:
		switch v := x.(type) {
		case int64:
			f.SetFloat(float64(v))
		case float64:
			if math.IsNaN(v) || math.IsInf(v, 0) {
				d.add(path, "expected a finite number, got %v", v)
				return
			}
			f.SetFloat(v)
		default:
			bad()
		}
	case reflect.Int:
		switch v := x.(type) {
		case int64:
			if v < math.MinInt32 || v > math.MaxInt32 {
				d.add(path, "expected %s, got %d, which is out of range", expected(path, f.Kind()), v)
				return
			}
			f.SetInt(v)
		case float64:
			if v != math.Trunc(v) || math.Abs(v) > math.MaxInt32 {
				bad()
				return
			}
			f.SetInt(int64(v))
		default:
			bad()
		}
	case reflect.String:
		switch v, ok := x.(string); {
		case !ok:
			bad()
		case strings.ContainsFunc(v, unprintable):
			d.add(path, "expected text without control characters, got %q", v)
		default:
			f.SetString(v)
		}
	case reflect.Bool:
		if v, ok := x.(bool); ok {
			f.SetBool(v)
		} else {
			bad()
		}
	case reflect.Struct:
		if m, ok := x.(map[string]any); ok {
			d.assignStruct(f, m, path, nil)
		} else {
			bad()
		}
	case reflect.Slice:
		d.assignSlice(f, x, path)
	default:
		bad()
	}
}

func (d *decoder) assignSlice(f reflect.Value, x any, path string) {
	et := f.Type().Elem()
	var items []any
	switch v := x.(type) {
	case []map[string]any:
		for _, m := range v {
			items = append(items, m)
		}
	case []any:
		items = v
	default:
		d.add(path, "expected an array, got %s", describe(x))
		return
	}
	out := reflect.MakeSlice(f.Type(), 0, len(items))
	for i, it := range items {
		e := element(et)
		if et.Kind() == reflect.Struct {
			m, ok := it.(map[string]any)
			if !ok {
				d.add(fmt.Sprintf("%s[%d]", path, i), "expected a table, got %s", describe(it))
				continue
			}
			d.assignStruct(e, m, fmt.Sprintf("%s[%d]", path, i), nil)
		} else {
			d.assign(e, it, fmt.Sprintf("%s[%d]", path, i))
		}
		out = reflect.Append(out, e)
	}
	f.Set(out)
}

// closest returns the candidate nearest to s by edit distance, if it is
// near enough to be a likely typo.
func closest(s string, candidates []string) string {
	if s == "" {
		return ""
	}
	s = strings.ToLower(s)         // "POLICY" for "policy"
	for _, c := range candidates { // "biggest" for "biggest-problem"
		if strings.HasPrefix(c, s) {
			return c
		}
	}
	best, bestD := "", len(s)/2+2
	for _, c := range candidates {
		if d := editDistance(s, strings.ToLower(c)); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// planWhen checks that each [[plan]] table says when with exactly one of
// at_week and at_quarter: the model reads a missing one as 0, and cannot
// tell at_week = 0 beside an at_quarter from no at_week.
func (d *decoder) planWhen(tree map[string]any) {
	list, _ := tree["plan"].([]map[string]any)
	for i, m := range list {
		_, week := m["at_week"]
		_, quarter := m["at_quarter"]
		switch at := fmt.Sprintf("plan[%d]", i); {
		case !week && !quarter:
			d.add(at, "a planned action needs at_week or at_quarter")
		case week && quarter:
			d.add(at+".at_quarter", "give at_week or at_quarter, not both")
		}
	}
}

// distKeys are the keys of a distribution table, and the field of
// sim.Dist each sets.
var distKeys = map[string]func(*sim.Dist) *float64{
	"low":    func(d *sim.Dist) *float64 { return &d.Low },
	"mode":   func(d *sim.Dist) *float64 { return &d.Mode },
	"high":   func(d *sim.Dist) *float64 { return &d.High },
	"median": func(d *sim.Dist) *float64 { return &d.Median },
	"p90":    func(d *sim.Dist) *float64 { return &d.P90 },
}

// distTakes are the parameters each kind of distribution takes.
var distTakes = map[string][]string{
	sim.DistUniform:    {"low", "high"},
	sim.DistTriangular: {"low", "mode", "high"},
	sim.DistLognormal:  {"median", "p90"},
}

// assignDist reads a number given as a distribution, { dist = "uniform",
// low = 1, high = 2 } and the like: the field takes the distribution's
// median and the run draws it anew in each replication (sim.Uncertain).
func (d *decoder) assignDist(f reflect.Value, m map[string]any, path string) {
	var dist sim.Dist
	kind, ok := m["dist"].(string)
	if !ok {
		d.add(path, "expected %s, or a distribution such as { dist = \"triangular\", low = 200, mode = 400, high = 500 }, got a table without dist", expected(path, f.Kind()))
		return
	}
	dist.Kind = kind
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	before := len(d.problems)
	for _, k := range keys {
		if k == "dist" {
			continue
		}
		to, known := distKeys[k]
		if takes, ok := distTakes[kind]; known && ok && !slices.Contains(takes, k) {
			d.add(join(path, k), "a %s distribution takes %s, not %s", kind, strings.Join(takes, " and "), k)
			continue
		}
		if !known {
			names := []string{"dist"}
			for n := range distKeys {
				names = append(names, n)
			}
			sort.Strings(names)
			d.add(join(path, k), "unknown key in a distribution, expected one of %s", strings.Join(names, ", "))
			continue
		}
		switch v := m[k].(type) {
		case int64:
			*to(&dist) = float64(v)
		case float64:
			*to(&dist) = v
		default:
			d.add(join(path, k), "expected a number, got %s", describe(m[k]))
		}
	}
	if len(d.problems) > before {
		return
	}
	if msg := dist.Check(); msg != "" {
		d.add(path, "%s", msg)
		return
	}
	field, ok := goPath(path)
	if !ok || field == "Weeks" {
		d.add(path, "this key cannot be given as a distribution")
		return
	}
	median := dist.Quantile(0.5)
	if lo, hi := dist.Ends(); f.Kind() == reflect.Int && (lo < math.MinInt32 || hi > math.MaxInt32) {
		d.add(path, "draws of %s reach %.4g to %.4g, out of range for %s", dist, lo, hi, expected(path, f.Kind()))
		return
	}
	if f.Kind() == reflect.Int {
		f.SetInt(int64(math.Round(median)))
	} else {
		f.SetFloat(median)
	}
	d.uncertain = append(d.uncertain, sim.Uncertain{Field: field, Dist: dist})
}

// goPath is the sim field path of a scenario key path
// ("domains[2].exponent" is "Domains[2].Exponent"), the inverse of
// keyPath.
func goPath(key string) (string, bool) {
	t := reflect.TypeOf(sim.Config{})
	var b strings.Builder
	for i, step := range strings.Split(key, ".") {
		name, index, indexed := strings.Cut(step, "[")
		if t.Kind() != reflect.Struct {
			return "", false
		}
		idx, ok := fields(t)[name]
		if !ok {
			return "", false
		}
		sf := t.Field(idx)
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(sf.Name)
		t = sf.Type
		if indexed {
			if t.Kind() != reflect.Slice {
				return "", false
			}
			b.WriteString("[" + index)
			t = t.Elem()
		}
	}
	return b.String(), true
}
