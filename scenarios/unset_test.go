package scenarios

import (
	"fmt"
	"slices"
	"testing"
)

// Unset finds what a scenario leaves to the defaults wherever it could
// have set it: in the file, by -set, in a variant's set table, for one
// domain or every one.
func TestUnset(t *testing.T) {
	const (
		domains = "[[domains]]\nname = \"a\"\n%s\n[[domains]]\nname = \"b\"\n%s\n" +
			"[[teams]]\nname = \"t\"\ntrunk = true\nengineers = 3\ndomains = [\"a\", \"b\"]\n"
		people  = "people.morale_on_call"
		fixed   = "domains[].fixed_hours"
		variant = "[[variants]]\nname = \"owned\"\nset = { \"people.morale_on_call\" = 0.3 }\n"
	)
	file := func(head, a, b string) string { return head + "\n" + fmt.Sprintf(domains, a, b) }
	for _, tt := range []struct {
		name    string
		src     string
		sets    []string
		variant bool // the scenario of its first variant
		key     string
		want    []string
	}{
		{"not set", file("", "", ""), nil, false, people, []string{people}},
		{"set in its table", file("[people]\nmorale_on_call = 0.3", "", ""), nil, false, people, nil},
		{"set as a dotted key", file("people.morale_on_call = 0.4", "", ""), nil, false, people, nil},
		{"set to the default itself", file("[people]\nmorale_on_call = 0.4", "", ""), nil, false, people, nil},
		{"another key of its table", file("[people]\nspan = 7", "", ""), nil, false, people, []string{people}},
		{"set by -set", file("", "", ""), []string{"people.morale_on_call=0.3"}, false, people, nil},
		{"a distribution by -set", file("", "", ""), []string{`people.morale_on_call={ dist = "uniform", low = 0.3, high = 0.5 }`}, false, people, nil},
		{"a variant's table, in the base", file(variant, "", ""), nil, false, people, []string{people}},
		{"a variant's table, in the variant", file(variant, "", ""), nil, true, people, nil},
		{"every domain leaves it", file("", "", ""), nil, false, fixed, []string{"domains.a.fixed_hours", "domains.b.fixed_hours"}},
		{"one domain sets it", file("", "fixed_hours = 4", ""), nil, false, fixed, []string{"domains.b.fixed_hours"}},
		{"every domain sets it", file("", "fixed_hours = 4", "fixed_hours = 8"), nil, false, fixed, nil},
		{"the other by -set, by name", file("", "fixed_hours = 4", ""), []string{"domains.b.fixed_hours=6"}, false, fixed, nil},
		{"the other by -set, by index", file("", "fixed_hours = 4", ""), []string{"domains[1].fixed_hours=6"}, false, fixed, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Parse("u.toml", []byte(tt.src), tt.sets...)
			if err != nil {
				t.Fatal(err)
			}
			if tt.variant { // as an experiment loads it, LoadBase with the variant's sets
				if s, err = parse("u.toml", []byte(tt.src), false, append(tt.sets, s.Variants[0].Sets...)); err != nil {
					t.Fatal(err)
				}
			}
			if got := s.Unset(tt.key); !slices.Equal(got, tt.want) {
				t.Errorf("Unset(%q) = %q, want %q", tt.key, got, tt.want)
			}
		})
	}
}
