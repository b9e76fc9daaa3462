package scenarios

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/trunksim/trunksim/sim"
)

// A variant's sets, given back as -set overrides the way compare runs
// them, make the configuration the variant check checked: every kind of
// value survives the trip.
func TestVariantSetsRoundTrip(t *testing.T) {
	src, _ := Show("uber-hypergrowth")
	file := string(src) + `
[[variants]]
name = "quoted"
[variants.set]
"policy.threshold" = 6
"policy.name" = "trunk-share"
"people.ramp_start" = 0.25
"domains.storage.base_hours" = 90.5
"teams.storage.domains" = ["storage"]
"company.engineers.model" = "phases"
"company.engineers.phases" = [{weeks = 52, annual_pct = 100}, {weeks = 10, step_pct = -10.5}]

[[variants]]
name = "nested \"tables\""
set = {policy = {name = "centralized", up_front = true}, domains = {compute = {exponent = 1.25}}}

[[variants]]
name = "unsure"
[variants.set]
"company.engineers.annual_pct" = { dist = "uniform", low = 300, high = 600 }

[[variants]]
name = "planned"
[variants.set]
"policy.name" = "plan"
"plan" = [{at_quarter = 2, action = "split", team = "operations", domain = "messaging", engineers = 4}]

[[variants]]
name = "no plan"
set = {plan = []}

[[variants]]
name = "the base"
`
	s, err := Parse("v.toml", []byte(file))
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		name string
		sets string
		ok   func(c *sim.Config) bool
	}{
		{"quoted", `company.engineers.model="phases" company.engineers.phases=[{annual_pct = 100, weeks = 52}, {step_pct = -10.5, weeks = 10}] ` +
			`domains.storage.base_hours=90.5 people.ramp_start=0.25 policy.name="trunk-share" policy.threshold=6 teams.storage.domains=["storage"]`,
			func(c *sim.Config) bool {
				return c.Policy.Threshold == 6 && c.Policy.Name == sim.TrunkShare && c.People.RampStart == 0.25 &&
					c.Domains[9].BaseHours == 90.5 && reflect.DeepEqual(c.Company.Engineers.Phases, []sim.Phase{{Weeks: 52, AnnualPct: 100}, {Weeks: 10, StepPct: -10.5}})
			}},
		{`nested "tables"`, `domains.compute.exponent=1.25 policy.name="centralized" policy.up_front=true`,
			func(c *sim.Config) bool {
				return c.Policy.Name == sim.Centralized && c.Policy.UpFront && c.Domains[0].Exponent == 1.25
			}},
		{"unsure", `company.engineers.annual_pct={dist = "uniform", high = 600, low = 300}`, func(c *sim.Config) bool { // the file gives it a number
			return c.Company.Engineers.AnnualPct == 450 && len(c.Uncertain) == 1 && c.Uncertain[0].Field == "Company.Engineers.AnnualPct" && c.Uncertain[0].Dist.High == 600
		}},
		{"planned", `plan=[{action = "split", at_quarter = 2, domain = "messaging", engineers = 4, team = "operations"}] policy.name="plan"`, func(c *sim.Config) bool {
			return c.Policy.Name == sim.Planned && reflect.DeepEqual(c.Plan, []sim.PlannedAction{{AtQuarter: 2, Action: sim.PlanSplit, Team: "operations", Domain: "messaging", Engineers: 4}})
		}},
		{"no plan", "plan=[]", func(c *sim.Config) bool { return len(c.Plan) == 0 && c.Policy.Name == sim.TrunkAndBranches }},
		{"the base", "", func(c *sim.Config) bool { return fmt.Sprintf("%+v", *c) == fmt.Sprintf("%+v", s.Config) }}, // %v: unobserved figures are NaN

	}
	if len(s.Variants) != len(want) {
		t.Fatalf("%d variants, want %d", len(s.Variants), len(want))
	}
	for i, w := range want {
		v := s.Variants[i]
		if v.Name != w.name || strings.Join(v.Sets, " ") != w.sets {
			t.Errorf("variant %d: %q %q, want %q %q", i, v.Name, strings.Join(v.Sets, " "), w.name, w.sets)
		}
		got, err := parse("v.toml", []byte(file), false, v.Sets)
		if err != nil {
			t.Errorf("%s as -set: %v", v.Name, err)
			continue
		}
		if !w.ok(&got.Config) {
			t.Errorf("%s as -set: %+v", v.Name, got.Config.Policy)
		}
	}
}

// Variants that only fail together are not an error of either: loading
// one variant for a run leaves the others alone.
func TestLoadBaseLeavesVariants(t *testing.T) {
	src := minimal + "[[variants]]\nname = \"min 5\"\nset = {\"policy.branch_min\" = 5}\n" +
		"[[variants]]\nname = \"split at 4\"\nset = {\"policy.threshold\" = 4}\n"
	s, err := Parse("f.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range s.Variants {
		if _, err := parse("f.toml", []byte(src), false, v.Sets); err != nil {
			t.Errorf("%s: %v", v.Name, err)
		}
	}
	if _, err := Parse("f.toml", []byte(src), s.Variants[0].Sets...); err == nil {
		t.Error("with the first variant's sets, the second variant is checked over them")
	}
}

// SCHEMA.md's example of a variant is one.
func TestSchemaVariantExample(t *testing.T) {
	_, example, _ := strings.Cut(variantsDoc, "```toml\n")
	example, _, _ = strings.Cut(example, "```")
	src, _ := Show("uber-hypergrowth")
	s, err := Parse("v.toml", append(src, "\n"+example...))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(s.Variants[0].Sets, " "); got != "domains.storage.base_hours=90 policy.threshold=6" {
		t.Errorf("sets %q", got)
	}
}
