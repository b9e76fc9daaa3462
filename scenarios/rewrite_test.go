package scenarios

import (
	"strings"
	"testing"
)

// A derived value is written where the file sets it, under its table's
// header where the file has the table but not the key, and in a table
// added at the end where the file has neither; each with its comment, the
// rest of the file as it was.
func TestRewrite(t *testing.T) {
	src := "# mine\n[people]\nspan = 6 # managers\n\n[[domains]]\nname = \"a\"\nbase_hours = 40 # a guess\n\n" +
		"[[domains]]\nname = \"b\"\n\n[[teams]]\nname = \"t\"\ntrunk = true\nengineers = 3\ndomains = [\"a\", \"b\"]\n"
	s, err := Parse("f.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	out, err := s.Rewrite([]Derived{
		{"Domains[0].BaseHours", 52.5, "derived from observed ops_share 0.5 on t (was 40)"},
		{"Domains[1].AlertFactor", 3, "derived from observed pages_per_shift 4 on t (was 1)"},
		{"People.MoraleBase", 0.6, "derived from observed attrition_pct 15"},
		{"People.Span", 7, "test"},
		{"Budget.CapPct", 5.5, "derived from observed budget_share_pct 5"},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "# mine\n[people]\n# calibrate: derived from observed attrition_pct 15\nmorale_base = 0.6\n# calibrate: test\nspan = 7 # managers\n\n" +
		"[[domains]]\nname = \"a\"\n# calibrate: derived from observed ops_share 0.5 on t (was 40)\nbase_hours = 52.5 # a guess\n\n" +
		"[[domains]]\n# calibrate: derived from observed pages_per_shift 4 on t (was 1)\nalert_factor = 3\nname = \"b\"\n\n" +
		"[[teams]]\nname = \"t\"\ntrunk = true\nengineers = 3\ndomains = [\"a\", \"b\"]\n" +
		"\n[budget]\n# calibrate: derived from observed budget_share_pct 5\ncap_pct = 5.5\n"
	if string(out) != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}

// A value the file gives as a distribution is not overwritten with a
// number silently.
func TestRewriteRefusesADistribution(t *testing.T) {
	src := minimal + "[people]\nmorale_base = { dist = \"uniform\", low = 0.5, high = 0.7 }\n"
	s, err := Parse("f.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Rewrite([]Derived{{"People.MoraleBase", 0.6, "x"}})
	if err == nil || !strings.Contains(err.Error(), "f.toml:10: people.morale_base:") {
		t.Errorf("got %v", err)
	}
}
