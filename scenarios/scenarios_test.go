package scenarios

import (
	"bytes"
	"strings"
	"testing"

	"github.com/trunksim/trunksim/internal/golden"
	"github.com/trunksim/trunksim/sim"
)

func TestBuiltinsLoad(t *testing.T) {
	bs := Builtins()
	if len(bs) < 4 {
		t.Fatalf("only %d built-in scenarios", len(bs))
	}
	for _, b := range bs {
		s, err := Load(b.Name)
		if err != nil {
			t.Errorf("%s: %v", b.Name, err)
			continue
		}
		if s.Name != b.Name || b.Description == "" {
			t.Errorf("%s: name %q, description %q", b.Name, s.Name, b.Description)
		}
		if _, err := sim.NewPlan(&s.Config); err != nil {
			t.Errorf("%s: %v", b.Name, err)
		}
	}
}

func TestKeyName(t *testing.T) {
	for in, want := range map[string]string{
		"HoursPerWeek":        "hours_per_week",
		"IncidentsPer100Toil": "incidents_per_100_toil",
		"ErosionAt3x":         "erosion_at_3x",
		"OnCall":              "on_call",
		"AskPct":              "ask_pct",
		"Weeks":               "weeks",
		// sim's field paths, as keyPath turns them into keys
		"OnCall.ShiftsPerWeek":              "on_call.shifts_per_week",
		"Domains[2].Exponent":               "domains[2].exponent",
		"Company.Engineers.Phases[1].Weeks": "company.engineers.phases[1].weeks",
		"People.MoraleOnCall":               "people.morale_on_call",
	} {
		if got := keyPath(in); got != want {
			t.Errorf("keyPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSet(t *testing.T) {
	tests := []struct {
		sets  []string
		check func(*sim.Config) bool
	}{
		{[]string{"policy.threshold=6"}, func(c *sim.Config) bool { return c.Policy.Threshold == 6 }},
		{[]string{"policy.name=centralized"}, func(c *sim.Config) bool { return c.Policy.Name == sim.Centralized }},
		{[]string{`policy.name="fragmented"`}, func(c *sim.Config) bool { return c.Policy.Name == sim.Fragmented }},
		{[]string{"domains.storage.base_hours=90"}, func(c *sim.Config) bool { return c.Domains[len(c.Domains)-1].BaseHours == 90 }},
		{[]string{"domains[0].exponent=1.5"}, func(c *sim.Config) bool { return c.Domains[0].Exponent == 1.5 }},
		{[]string{"company.engineers.annual_pct=200", "weeks=52"}, func(c *sim.Config) bool {
			return c.Company.Engineers.AnnualPct == 200 && c.Weeks == 52
		}},
		{[]string{"people.attrition_pct = 20"}, func(c *sim.Config) bool { return c.People.AttritionPct == 20 }},
	}
	for _, tt := range tests {
		s, err := Load("uber-hypergrowth", tt.sets...)
		if err != nil {
			t.Errorf("%v: %v", tt.sets, err)
			continue
		}
		if !tt.check(&s.Config) {
			t.Errorf("%v did not take effect", tt.sets)
		}
	}
}

// Each bad input gives exactly its messages, and never panics.
func TestErrors(t *testing.T) {
	if len(errCases) < 30 {
		t.Fatalf("only %d bad cases", len(errCases))
	}
	for _, tt := range errCases {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("f.toml", []byte(tt.src), tt.sets...)
			if err == nil {
				t.Fatal("no error")
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

// A type error does not hide the other problems in the file.
func TestAllProblemsAtOnce(t *testing.T) {
	src := "weeks = 0\n[policy]\nthreshold = \"x\"\nname = \"nope\"\n[[domains]]\nname = \"a\"\nexponent = -1\n"
	_, err := Parse("f.toml", []byte(src))
	list, ok := err.(ErrorList)
	if !ok || len(list) < 4 {
		t.Fatalf("got %v, want at least four problems", err)
	}
	lines := []int{}
	for _, e := range list {
		lines = append(lines, e.Pos.Line)
	}
	for i := 1; i < len(lines); i++ {
		if lines[i] < lines[i-1] {
			t.Errorf("problems out of file order: lines %v", lines)
		}
	}
}

func TestLoadErrors(t *testing.T) {
	if _, err := Load("no-such-scenario"); err == nil || !strings.Contains(err.Error(), "uber-hypergrowth") {
		t.Errorf("unknown name: %v", err)
	}
	if _, err := Load("/no/such/file.toml"); err == nil || !strings.Contains(err.Error(), "/no/such/file.toml") {
		t.Errorf("missing file: %v", err)
	}
}

func TestVariants(t *testing.T) {
	src := "[[domains]]\nname = \"a\"\n[[teams]]\nname = \"t\"\ntrunk = true\ndomains = [\"a\"]\n" +
		"[[variants]]\nname = \"split at 6\"\n[variants.set]\n\"policy.threshold\" = 6\n\"policy.name\" = \"trunk-share\"\n"
	s, err := Parse("f.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Variants) != 1 || s.Variants[0].Name != "split at 6" || strings.Join(s.Variants[0].Sets, " ") != `policy.name="trunk-share" policy.threshold=6` {
		t.Errorf("variants %+v", s.Variants)
	}
}

// SCHEMA.md is generated from the model's fields and their documentation;
// every key must be documented.
func TestSchema(t *testing.T) {
	for _, k := range Schema() {
		if k.Unit == "" || k.Doc == "" {
			t.Errorf("%s is not documented in schema.go", k.Path)
		}
	}
	var b bytes.Buffer
	if err := WriteSchema(&b); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "SCHEMA.md", b.Bytes())
}

// planFuzzSeed is a plan of every action, for FuzzParse to start from.
const planFuzzSeed = "[policy]\nname = \"plan\"\n[[domains]]\nname = \"a\"\n[[domains]]\nname = \"b\"\n[[teams]]\nname = \"t\"\ntrunk = true\nengineers = 8\ndomains = [\"a\", \"b\"]\n" +
	"[[plan]]\nat_quarter = 2\naction = \"split\"\nteam = \"t\"\ndomain = \"b\"\nengineers = 3\nname = \"bee\"\n" +
	"[[plan]]\nat_week = 30\naction = \"headcount\"\nteam = \"bee\"\nengineers = 2\n" +
	"[[plan]]\nat_week = 40\naction = \"freeze\"\nweeks = 8\n" +
	"[[plan]]\nat_quarter = 8\naction = \"merge\"\nteam = \"bee\"\ninto = \"t\"\n"

func FuzzParse(f *testing.F) {
	for _, b := range Builtins() {
		src, _ := Show(b.Name)
		f.Add(string(src))
	}
	f.Add("weeks = 0\n[policy]\nthreshold = \"x\"\n")
	f.Add("[people]\nhours_per_week = { dist = \"uniform\", low = 36, high = 44 }\n[[domains]]\nname = \"a\"\n[[teams]]\nname = \"t\"\ntrunk = true\ndomains = [\"a\"]\n")
	f.Add("[[domains]]\nname = \"a\"\n[[teams]]\nname = \"t\"\ntrunk = true\ndomains = [\"a\"]\n")
	f.Add(planFuzzSeed)
	f.Fuzz(func(t *testing.T, src string) {
		s, err := Parse("fuzz.toml", []byte(src))
		if err != nil {
			if err.Error() == "" {
				t.Error("empty error")
			}
			return
		}
		if _, err := sim.NewPlan(&s.Config); err != nil {
			t.Errorf("parsed but the engine rejects it: %v", err)
		}
	})
}

func FuzzSet(f *testing.F) {
	f.Add("policy.threshold=6")
	f.Add("domains.storage.base_hours=90")
	f.Add("domains[2]=1")
	f.Add("a.b.c.d=[1,2]")
	f.Add(`people.hours_per_week={ dist = "uniform", low = 36, high = 44 }`)
	f.Add(`domains.storage.exponent={ dist = "lognormal", median = 1.2, p90 = 1.5 }`)
	f.Add(`policy.threshold={ dist = "triangular", low = 5, mode = 7, high = 9 }`)
	f.Add(`plan=[{at_week = 5, action = "freeze", weeks = 4}]`)
	f.Add("policy.name=plan")
	f.Fuzz(func(t *testing.T, kv string) {
		s, err := Load("early-startup", kv)
		if err != nil {
			return
		}
		p, err := sim.NewPlan(&s.Config)
		if err != nil {
			t.Errorf("-set %q accepted but the engine rejects it: %v", kv, err)
			return
		}
		if len(s.Config.Uncertain) > 0 {
			p.Run(1, 0) // a draw runs, or falls back to the medians: never a panic
		}
	})
}

// Every parameter sensitivity analysis varies can be set back by name.
func TestParamsRoundTrip(t *testing.T) {
	s, err := Load("uber-hypergrowth")
	if err != nil {
		t.Fatal(err)
	}
	ps := s.Params()
	if len(ps) < 60 {
		t.Fatalf("only %d numeric parameters", len(ps))
	}
	for _, p := range ps {
		if _, err := Load("uber-hypergrowth", p.Set(p.Value)); err != nil {
			t.Errorf("%s: %v", p.Set(p.Value), err)
		}
	}
}

func TestAssumptions(t *testing.T) {
	s, err := Load("uber-hypergrowth", "people.attrition_pct=20")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Assumption{}
	for _, a := range s.Assumptions() {
		got[a.Key] = a
	}
	for key, want := range map[string]Assumption{
		"people.attrition_pct":        {"people.attrition_pct", "20", "13", "percent a year"},
		"company.engineers":           {"company.engineers", "200, logistic from 400% a year toward 3000", "200, 30% a year", ""},
		"domains.build-test.exponent": {"domains.build-test.exponent", "1.5", "1", "power"},
		"teams.operations.engineers":  {"teams.operations.engineers", "5", "0", "engineers"},
	} {
		if got[key] != want {
			t.Errorf("%s: %+v, want %+v", key, got[key], want)
		}
	}
	if _, ok := got["people.hours_per_week"]; ok {
		t.Error("an input at its default is listed")
	}
}
