package scenarios

import (
	"fmt"
	"strings"
)

// errCases are bad scenarios and overrides with the exact messages they
// must give: file, line and column, the key path, and what was expected.

// minimal is a valid scenario of 8 lines that the bad cases edit.
const minimal = "[[domains]]\nname = \"a\"\n\n[[teams]]\nname = \"t\"\ntrunk = true\nengineers = 3\ndomains = [\"a\"]\n"

// planned is a valid scenario of 13 lines under the plan policy, a trunk
// of 8 owning two domains, that the bad plans follow.
const planned = "[policy]\nname = \"plan\"\n\n[[domains]]\nname = \"a\"\n[[domains]]\nname = \"b\"\n\n[[teams]]\nname = \"t\"\ntrunk = true\nengineers = 8\ndomains = [\"a\", \"b\"]\n"

type errCase struct {
	name, src string
	sets      []string
	want      string
}

func rep(old, new string) string { return replaceOnce(minimal, old, new) }

var errCases = []errCase{
	{"syntax error", "weeks = \n", nil,
		"f.toml:1:9: syntax error: expected value but found '\\n' instead\n  1 | weeks = \n    |         ^"},
	{"duplicate key", "weeks = 3\nweeks = 4\n" + minimal, nil,
		"f.toml:2:1: syntax error: Key 'weeks' has already been defined.\n  2 | weeks = 4\n    | ^"},
	{"unknown key", minimal + "[policy]\ntreshold = 6\n", nil,
		"f.toml:10:1: policy.treshold: unknown key, did you mean \"policy.threshold\"?"},
	{"unknown table", minimal + "[polcy]\nthreshold = 6\n", nil,
		"f.toml:9:1: polcy: unknown key, did you mean \"policy\"?"},
	{"unknown key in a domain", rep("name = \"a\"\n", "name = \"a\"\nbase_hour = 3\n"), nil,
		"f.toml:3:1: domains[0].base_hour: unknown key, did you mean \"domains[0].base_hours\"?"},
	{"percentage as text", "[company.engineers]\nannual_pct = \"5x\"\n" + minimal, nil,
		"f.toml:2:1: company.engineers.annual_pct: expected a percentage such as 400, got the string \"5x\""},
	{"weeks as text", "weeks = \"many\"\n" + minimal, nil,
		"f.toml:1:1: weeks: expected a whole number of weeks such as 13, got the string \"many\""},
	{"weeks fractional", "weeks = 1.5\n" + minimal, nil,
		"f.toml:1:1: weeks: expected a whole number of weeks such as 13, got the number 1.5"},
	{"weeks out of int range", "weeks = 99999999999\n" + minimal, nil,
		"f.toml:1:1: weeks: expected a whole number of weeks such as 13, got 99999999999, which is out of range"},
	{"weeks zero", "weeks = 0\n" + minimal, nil,
		"f.toml:1:1: weeks: must be from 1 to 2600, got 0"},
	{"boolean as text", rep("trunk = true", "trunk = \"yes\""), nil,
		"f.toml:6:1: teams[0].trunk: expected true or false, got the string \"yes\""},
	{"table for a number", minimal + "[people.hours_per_week]\nx = 1\n", nil,
		"f.toml:9:1: people.hours_per_week: expected a number such as 0.5, or a distribution such as { dist = \"triangular\", low = 200, mode = 400, high = 500 }, got a table without dist"},
	{"distribution of unknown kind", "[company.engineers]\nannual_pct = { dist = \"normal\", low = 1, high = 2 }\n" + minimal, nil, "f.toml:2:1: company.engineers.annual_pct: unknown distribution \"normal\", expected one of uniform, triangular, lognormal"},
	{"distribution low above high", "[company.engineers]\nannual_pct = { dist = \"uniform\", low = 500, high = 200 }\n" + minimal, nil, "f.toml:2:1: company.engineers.annual_pct: a uniform distribution needs low < high, got low 500 and high 200"},
	{"unknown key in a distribution", "[company.engineers]\nannual_pct = { dist = \"uniform\", low = 200, hi = 500 }\n" + minimal, nil, "f.toml:2:45: company.engineers.annual_pct.hi: unknown key in a distribution, expected one of dist, high, low, median, mode, p90"},
	{"distribution parameter as text", "[company.engineers]\nannual_pct = { dist = \"uniform\", low = \"x\", high = 500 }\n" + minimal, nil, "f.toml:2:34: company.engineers.annual_pct.low: expected a number, got the string \"x\""},
	{"distribution for text", "[policy]\nname = { dist = \"uniform\", low = 1, high = 2 }\n" + minimal, nil, "f.toml:2:1: policy.name: expected a quoted string, got a table"},
	{"distribution reaching a bad value", "[people]\nhours_per_week = { dist = \"uniform\", low = 30, high = 300 }\n" + minimal, nil, "f.toml:2:1: people.hours_per_week: draws of uniform, low 30, high 300 reach 298.6: must be from 1 to 168, got 298.65"},
	{"distribution for the horizon", "weeks = { dist = \"uniform\", low = 50, high = 100 }\n" + minimal, nil, "f.toml:1:1: weeks: this key cannot be given as a distribution"},
	{"distribution with a parameter of another kind", "[people]\nhours_per_week = { dist = \"uniform\", low = 36, high = 44, median = 40 }\n" + minimal, nil,
		"f.toml:2:59: people.hours_per_week.median: a uniform distribution takes low and high, not median"},
	{"distribution too large for a whole number", minimal, []string{"policy.threshold={ dist = \"uniform\", low = 1e300, high = 1e301 }"},
		"-set policy.threshold={ dist = \"uniform\", low = 1e300, high = 1e301 }: policy.threshold: draws of uniform, low 1e+300, high 1e+301 reach 1.045e+300 to 9.955e+300, out of range for a whole number such as 8"},
	{"distribution in a -set", minimal, []string{"people.hours_per_week={ dist = \"lognormal\", median = 40, p90 = 30 }"}, "-set people.hours_per_week={ dist = \"lognormal\", median = 40, p90 = 30 }: people.hours_per_week: a lognormal distribution needs 0 < median < p90, got median 40 and p90 30"},
	{"array for a table", "people = [1, 2]\n" + minimal, nil,
		"f.toml:1:1: people: expected a table, got an array"},
	{"domains not an array", "domains = 3\n[[teams]]\nname = \"t\"\ntrunk = true\n", nil,
		"f.toml:1:1: domains: expected an array, got the integer 3"},
	{"team domains as text", rep("domains = [\"a\"]", "domains = \"a\""), nil,
		"f.toml:8:1: teams[0].domains: expected an array, got the string \"a\""},
	{"growth below -99%", "[company.engineers]\nannual_pct = -150\n" + minimal, nil,
		"f.toml:2:1: company.engineers.annual_pct: must be from -99 to 10000, got -150"},
	{"logistic cap below start", "[company.engineers]\nmodel = \"logistic\"\ncap = 10\n" + minimal, nil,
		"f.toml:3:1: company.engineers.cap: a logistic curve needs a cap from start (200) to 1e9, got 10"},
	{"unknown growth model", "[company.usage]\nmodel = \"linear\"\n" + minimal, nil,
		"f.toml:2:1: company.usage.model: unknown value \"linear\", expected one of exponential, logistic, phases, engineers"},
	{"phases without phases", "[company.engineers]\nmodel = \"phases\"\n" + minimal, nil,
		"f.toml: company.engineers.phases: model \"phases\" needs at least one phase"},
	{"phase step below -99%", "[company.engineers]\nmodel = \"phases\"\n[[company.engineers.phases]]\nweeks = 10\nstep_pct = -100\n" + minimal, nil,
		"f.toml:5:1: company.engineers.phases[0].step_pct: must be from -99 to 10000, got -100"},
	{"unknown driver", rep("name = \"a\"\n", "name = \"a\"\ndriver = \"users\"\n"), nil,
		"f.toml:3:1: domains[0].driver: unknown value \"users\", expected one of engineers, usage, services, new_services; did you mean \"usage\"?"},
	{"exponent out of range", rep("name = \"a\"\n", "name = \"a\"\nexponent = 9\n"), nil,
		"f.toml:3:1: domains[0].exponent: must be from 0 to 4, got 9"},
	{"automation above its max", rep("name = \"a\"\n", "name = \"a\"\nautomation = 0.95\n"), nil,
		"f.toml:3:1: domains[0].automation: must be from 0 to max_automation (0.9), got 0.95"},
	{"negative base hours", rep("name = \"a\"\n", "name = \"a\"\nbase_hours = -5\n"), nil,
		"f.toml:3:1: domains[0].base_hours: must be from 0 to 1e+07, got -5"},
	{"domain listed twice", "[[domains]]\nname = \"a\"\n" + minimal, nil,
		"f.toml:4:1: domains[1].name: \"a\" is listed twice"},
	{"domain owned by no team", "[[domains]]\nname = \"b\"\n" + minimal, nil,
		"f.toml:2:1: domains[0].name: domain \"b\" is owned by no team"},
	{"domain owned twice", minimal + "[[teams]]\nname = \"u\"\ndomains = [\"a\"]\n", nil,
		"f.toml:11:1: teams[1].domains: domain \"a\" is already owned by team \"t\""},
	{"team owns an unknown domain", rep(`domains = ["a"]`, `domains = ["a", "b"]`), nil,
		"f.toml:8:1: teams[0].domains: unknown domain \"b\""},
	{"negative headcount", rep("engineers = 3", "engineers = -2"), nil,
		"f.toml:7:1: teams[0].engineers: must be from 0 to 1000000, got -2"},
	{"two trunks", minimal + "[[teams]]\nname = \"u\"\ntrunk = true\n", nil,
		"f.toml:4:1: teams: exactly one team must have trunk = true, got 2"},
	{"no trunk", rep("trunk = true", "trunk = false"), nil,
		"f.toml:4:1: teams: exactly one team must have trunk = true, got 0"},
	{"team listed twice", minimal + "[[teams]]\nname = \"t\"\n", nil,
		"f.toml:10:1: teams[1].name: \"t\" is listed twice"},
	{"attrition over 100%", minimal + "[people]\nattrition_pct = 150\n", nil,
		"f.toml:10:1: people.attrition_pct: must be from 0 to 100, got 150"},
	{"leadership cap of zero", minimal + "[budget]\ncap_pct = 0\n", nil,
		"f.toml:10:1: budget.cap_pct: must be from 0.01 to 1000, got 0"},
	{"unknown allocation rule", minimal + "[allocation]\nrule = \"ops_first\"\n", nil,
		"f.toml:10:1: allocation.rule: unknown value \"ops_first\", expected one of bounded-floor, ops-first; did you mean \"ops-first\"?"},
	{"unknown policy", minimal + "[policy]\nname = \"centralised\"\n", nil,
		"f.toml:10:1: policy.name: unknown value \"centralised\", expected one of trunk-and-branches, trunk-share, centralized, fragmented, plan; did you mean \"centralized\"?"},
	{"unknown chooser", minimal + "[policy]\nchoose = \"biggest\"\n", nil,
		"f.toml:10:1: policy.choose: unknown value \"biggest\", expected one of biggest-problem, largest-toil, most-incidents, fastest-growing, random; did you mean \"biggest-problem\"?"},
	{"threshold below branch_min", minimal + "[policy]\nthreshold = 2\n", nil,
		"f.toml:10:1: policy.threshold: must be at least branch_min (3), got 2"},
	{"subdivide below twice branch_min", minimal + "[policy]\nsubdivide_at = 5\n", nil,
		"f.toml:10:1: policy.subdivide_at: must be at least twice branch_min (6), got 5"},
	{"variant without a name", minimal + "[[variants]]\n[variants.set]\n\"policy.threshold\" = 6\n", nil,
		"f.toml:9:1: variants[0].name: each variant needs a name"},
	{"bad set key", minimal, []string{"policy.treshold=6"},
		"-set policy.treshold=6: policy.treshold: unknown key, did you mean \"policy.threshold\"?"},
	{"bad set value", minimal, []string{"policy.threshold=two"},
		"-set policy.threshold=two: policy.threshold: expected a whole number such as 8, got the string \"two\""},
	{"set without =", minimal, []string{"policy.threshold"},
		"-set policy.threshold: expected key=value, such as policy.threshold=6"},
	{"set on an unknown element", minimal, []string{"domains.zzz.exponent=2"},
		"-set domains.zzz.exponent=2: domains: no element named \"zzz\", expected one of a"},
	{"set out of range", minimal, []string{"domains.a.exponent=7"},
		"-set domains.a.exponent=7: domains[0].exponent: must be from 0 to 4, got 7"},
	// Keys are the scenario's, wherever the problem is found.
	{"on_call key from a -set", minimal, []string{"on_call.shifts_per_week=0"},
		"-set on_call.shifts_per_week=0: on_call.shifts_per_week: must be from 1 to 168, got 0"},
	{"on_call key in the file", minimal + "[on_call]\nshift_hours = 0\n", nil,
		"f.toml:10:1: on_call.shift_hours: must be from 0.01 to 168, got 0"},
	{"morale_on_call", minimal + "[people]\nmorale_on_call = 11\n", nil,
		"f.toml:10:1: people.morale_on_call: must be from 0 to 10, got 11"},
	{"unknown table from a -set", minimal, []string{"people.foo.bar=1"},
		"-set people.foo.bar=1: people.foo: unknown key, expected one of " + peopleKeys},
	{"upper-case -set", minimal, []string{"POLICY.THRESHOLD=6"},
		"-set POLICY.THRESHOLD=6: POLICY: unknown key, did you mean \"policy\"?"},
	{"-set below a value", minimal, []string{"policy.threshold.x=1"},
		"-set policy.threshold.x=1: policy.threshold: expected a whole number such as 8, or a distribution such as { dist = \"triangular\", low = 200, mode = 400, high = 500 }, got a table without dist"},
	{"-set below a value the file sets", minimal + "[policy]\nthreshold = 6\n", []string{"policy.threshold.x=1"},
		"-set policy.threshold.x=1: policy.threshold holds a value, not a table"},
	{"-set that breaks another key", minimal, []string{"policy.branch_min=12"},
		"-set policy.branch_min=12: policy.threshold: must be at least branch_min (12), got 8\n" +
			"-set policy.branch_min=12: policy.subdivide_at: must be at least twice branch_min (24), got 10"},
	{"-set that leaves no trunk", minimal, []string{"weeks=10", "teams.t.trunk=false"},
		"-set teams.t.trunk=false: teams: exactly one team must have trunk = true, got 0"},
	{"-set bound by the horizon", minimal, []string{"weeks=2600"},
		"-set weeks=2600: company.engineers.annual_pct: grows to 2.01e+05 product engineers by week 1370; the model is meant for up to 200000: lower the growth or the horizon"},
	{"a default broken by the file", minimal + "[policy]\nbranch_min = 9\n", nil,
		"f.toml: policy.threshold: must be at least branch_min (9), got 8\n" +
			"f.toml: policy.subdivide_at: must be at least twice branch_min (18), got 10"},
	{"a default of an element", rep("name = \"a\"\n", "name = \"a\"\nmax_automation = 0.1\n"), nil,
		"f.toml:1:1: domains[0].automation: must be from 0 to max_automation (0.1), got 0.3"},

	// Positions come from a tokenizer that knows strings and comments.
	{"bracket in a string", "description = \"draft [1\"\n" + minimal + "[policy]\nthreshold = 2\n", nil,
		"f.toml:11:1: policy.threshold: must be at least branch_min (3), got 2"},
	{"triple quote in a comment", "# a \"\"\" in a comment\n" + minimal + "[policy]\nthreshold = 2\n", nil,
		"f.toml:11:1: policy.threshold: must be at least branch_min (3), got 2"},
	{"table header in a multi-line string", "description = \"\"\"\n[policy]\nthreshold = 1\n\"\"\"\n" + minimal + "[policy]\nthreshold = 2\n", nil,
		"f.toml:14:1: policy.threshold: must be at least branch_min (3), got 2"},
	{"literal strings", "description = '[[x]] \"'\nname = '''\n]]\n'''\n" + minimal + "[policy]\nthreshold = 2\n", nil,
		"f.toml:14:1: policy.threshold: must be at least branch_min (3), got 2"},
	{"key in an inline table", "[company]\nengineers = {start = 200, annual_pct = -150}\n" + minimal, nil,
		"f.toml:2:27: company.engineers.annual_pct: must be from -99 to 10000, got -150"},
	{"table in an inline array", "[company.engineers]\nmodel = \"phases\"\nphases = [{weeks = 10}, {weeks = 10, step_pct = -100}]\n" + minimal, nil,
		"f.toml:3:38: company.engineers.phases[1].step_pct: must be from -99 to 10000, got -100"},
	{"dotted key", "weeks = 10\ncompany.engineers.annual_pct = -150\n" + minimal, nil,
		"f.toml:2:1: company.engineers.annual_pct: must be from -99 to 10000, got -150"},
	{"quoted key", "weeks = 10\n\"people\".'hours_per_week' = 0\n" + minimal, nil,
		"f.toml:2:1: people.hours_per_week: must be from 1 to 168, got 0"},
	{"indented key after CRLF lines", strings.ReplaceAll(minimal, "\n", "\r\n") + "[policy]\r\n\tthreshold = 2\r\n", nil,
		"f.toml:10:2: policy.threshold: must be at least branch_min (3), got 2"},
	{"second array of tables", minimal + "[[domains]]\nname = \"b\"\nexponent = 9\n", nil,
		"f.toml:10:1: domains[1].name: domain \"b\" is owned by no team\nf.toml:11:1: domains[1].exponent: must be from 0 to 4, got 9"},
	{"missing ] of an array", "[[domains]]\nname = \"a\"\ntags = [\"x\", \"y\"\n[[teams]]\nname = \"t\"\n", nil,
		"f.toml:4:1: syntax error: expected a comma (',') or array terminator (']'), but got '[' (the array opened at line 3, column 8 has no ']')\n  4 | [[teams]]\n    | ^"},
	{"unclosed table header", "weeks = 3\n[policy\nthreshold = 4\n", nil,
		"f.toml:2:8: syntax error: expected '.' or ']' to end table name, but got '\\n' instead\n  2 | [policy\n    |        ^"},

	// Every variant is checked as compare would run it, at its own line.
	{"variant with a misspelt key", minimal + "[[variants]]\nname = \"a\"\n[variants.set]\n\"policy.treshold\" = 6\n", nil,
		"f.toml:12:1: variant \"a\": policy.treshold: unknown key, did you mean \"policy.threshold\"?"},
	{"variant with a bad policy", minimal + "[[variants]]\nname = \"a\"\n[variants.set]\n\"policy.name\" = \"centralised\"\n", nil,
		"f.toml:12:1: variant \"a\": policy.name: unknown value \"centralised\", expected one of trunk-and-branches, trunk-share, centralized, fragmented, plan; did you mean \"centralized\"?"},
	{"variant with nested tables", minimal + "[[variants]]\nname = \"a\"\nset = {policy = {name = \"centralised\"}}\n", nil,
		"f.toml:11:18: variant \"a\": policy.name: unknown value \"centralised\", expected one of trunk-and-branches, trunk-share, centralized, fragmented, plan; did you mean \"centralized\"?"},
	{"variant with a table for a value", minimal + "[[variants]]\nname = \"a\"\n[variants.set]\n\"policy.threshold\" = {x = 1}\n", nil,
		"f.toml:12:23: variant \"a\": policy.threshold: expected a whole number such as 8, or a distribution such as { dist = \"triangular\", low = 200, mode = 400, high = 500 }, got a table without dist"},
	{"variant set as text", minimal + "[[variants]]\nname = \"a\"\nset = \"policy.threshold=6\"\n", nil,
		"f.toml:11:1: variants[0].set: expected a table of quoted keys such as \"policy.threshold\" = 6, got the string \"policy.threshold=6\""},
	{"variant names twice", minimal + "[[variants]]\nname = \"a\"\n[[variants]]\nname = \"a\"\n", nil,
		"f.toml:12:1: variants[1].name: \"a\" is listed twice"},
	{"variant with an unknown key", minimal + "[[variants]]\nname = \"a\"\nsets = {}\n", nil,
		"f.toml:11:1: variants[0].sets: unknown key, expected name or set"},
	{"variant on an unknown element", minimal + "[[variants]]\nname = \"a\"\nset = {\"domains.zzz.exponent\" = 2}\n", nil,
		"f.toml:11:8: variant \"a\": domains: no element named \"zzz\", expected one of a"},
	{"variant that breaks another key", minimal + "[[variants]]\nname = \"a\"\nset = {\"policy.branch_min\" = 9}\n", nil,
		"f.toml:11:8: variant \"a\": policy.threshold: must be at least branch_min (9), got 8\n" +
			"f.toml:11:8: variant \"a\": policy.subdivide_at: must be at least twice branch_min (18), got 10"},
	{"variant inside an array value", minimal + "[[variants]]\nname = \"a\"\n[variants.set]\n\"company.engineers.model\" = \"phases\"\n\"company.engineers.phases\" = [{weeks = -1}]\n", nil,
		"f.toml:13:32: variant \"a\": company.engineers.phases[0].weeks: must be from 0 to 2600, got -1"},
	{"variant over a -set", minimal + "[[variants]]\nname = \"a\"\nset = {\"policy.threshold\" = 4}\n", []string{"policy.branch_min=5"},
		"f.toml:11:8: variant \"a\": policy.threshold: must be at least branch_min (5), got 4"},

	// A leader's own plan: what can be known before a run is an error at
	// its line, the plan played in order.
	{"plan policy without a plan", minimal + "[policy]\nname = \"plan\"\n", nil,
		"f.toml:10:1: policy.name: policy \"plan\" carries out a plan: give at least one [[plan]] action"},
	{"plan with an unknown team", planned + "[[plan]]\nat_week = 5\naction = \"headcount\"\nteam = \"tt\"\nengineers = 2\n", nil,
		"f.toml:17:1: plan[0].team: unknown team \"tt\" at week 5, expected one of t; did you mean \"t\"?"},
	{"plan with an unknown domain", planned + "[[plan]]\nat_week = 5\naction = \"split\"\nteam = \"t\"\ndomain = \"bb\"\nengineers = 3\n", nil,
		"f.toml:18:1: plan[0].domain: unknown domain \"bb\", expected one of a, b; did you mean \"b\"?"},
	{"plan splitting a domain an earlier split took", planned + "[[plan]]\nat_quarter = 3\naction = \"split\"\nteam = \"t\"\ndomain = \"b\"\nengineers = 3\n" +
		"[[plan]]\nat_quarter = 2\naction = \"split\"\nteam = \"t\"\ndomain = \"b\"\nengineers = 3\nname = \"bee\"\n", nil,
		"f.toml:18:1: plan[0].domain: domain \"b\" is team \"bee\"'s at week 26, not \"t\"'s"},
	{"plan splitting more than the team at week 0", planned + "[[plan]]\nat_week = 0\naction = \"split\"\nteam = \"t\"\ndomain = \"b\"\nengineers = 6\n", nil,
		"f.toml:19:1: plan[0].engineers: team \"t\" has 8 engineers at week 0; a split of 6 must leave it branch_min (3)"},
	{"plan splitting more than infra can have", planned + "[[plan]]\nat_week = 13\naction = \"split\"\nteam = \"t\"\ndomain = \"b\"\nengineers = 40\n", nil,
		"f.toml:19:1: plan[0].engineers: a split of 40 by week 13 needs a team of 43 with branch_min (3) staying, but infra can have at most 22 engineers by then, the most leadership's cap approves"},
	{"plan beyond the horizon", planned + "[[plan]]\nat_quarter = 13\naction = \"freeze\"\nweeks = 4\n", nil,
		"f.toml:15:1: plan[0].at_quarter: must be from 1 to 12, the quarters that start within the 156 weeks, got 13"},
	{"plan without a week", planned + "[[plan]]\naction = \"freeze\"\nweeks = 4\n", nil,
		"f.toml:14:1: plan[0]: a planned action needs at_week or at_quarter"},
	{"plan with a week and a quarter", planned + "[[plan]]\nat_week = 0\nat_quarter = 2\naction = \"freeze\"\nweeks = 4\n", nil,
		"f.toml:16:1: plan[0].at_quarter: give at_week or at_quarter, not both"},
	{"plan merging a team into itself", planned + "[[plan]]\nat_week = 3\naction = \"merge\"\nteam = \"t\"\ninto = \"t\"\n", nil,
		"f.toml:18:1: plan[0].into: a team cannot merge into itself"},
	{"plan with a misspelt action", planned + "[[plan]]\nat_week = 3\naction = \"splt\"\n", nil,
		"f.toml:16:1: plan[0].action: unknown value \"splt\", expected one of split, merge, headcount, freeze; did you mean \"split\"?"},
	{"plan with a key its action does not take", planned + "[[plan]]\nat_week = 3\naction = \"freeze\"\nweeks = 4\nteam = \"t\"\n", nil,
		"f.toml:18:1: plan[0].team: a freeze takes weeks, not team"},
	{"plan with a distribution", planned + "[[plan]]\nat_week = 3\naction = \"headcount\"\nteam = \"t\"\nengineers = { dist = \"uniform\", low = 2, high = 4 }\n", nil,
		"f.toml:18:1: plan[0].engineers: a plan is a decision, not an uncertain input: give each planned action its number"},
	{"plan in a -set", planned + "[[plan]]\nat_week = 3\naction = \"headcount\"\nteam = \"t\"\nengineers = 2\n", []string{"plan[0].team=u"},
		"-set plan[0].team=u: plan[0].team: unknown team \"u\" at week 3, expected one of t; did you mean \"t\"?"},
	{"plan in a variant", planned + "[[plan]]\nat_week = 3\naction = \"headcount\"\nteam = \"t\"\nengineers = 2\n[[variants]]\nname = \"v\"\nset = {\"plan.0.at_week\" = 200}\n", nil,
		"f.toml:21:8: variant \"v\": plan[0].at_week: must be from 0 to 155, got 200"},

	// The bounds of the plan, checked with the rest.
	{"growth past the company bound", "[company.engineers]\nannual_pct = 1000\n" + minimal, nil,
		"f.toml:2:1: company.engineers.annual_pct: grows to 2.02e+05 product engineers by week 150; the model is meant for up to 200000: lower the growth or the horizon"},
	{"logistic cap past the company bound", "[company.engineers]\nmodel = \"logistic\"\nannual_pct = 1000\ncap = 1e7\n" + minimal, nil,
		"f.toml:4:1: company.engineers.cap: grows to 2.07e+05 product engineers by week 151; the model is meant for up to 200000: lower the growth or the horizon"},
	{"phase past the company bound", "[company.engineers]\nmodel = \"phases\"\n[[company.engineers.phases]]\nweeks = 10\n[[company.engineers.phases]]\nweeks = 100\nstep_pct = 2000\nannual_pct = 1000\n" + minimal, nil,
		"f.toml:5:1: company.engineers.phases[1]: grows to 2.02e+05 product engineers by week 94; the model is meant for up to 200000: lower the growth or the horizon"},
	{"a billion engineers", "[company.engineers]\nstart = 1e9\n" + minimal, nil,
		"f.toml:2:1: company.engineers.start: must be from 1 to 200000, got 1e+09"},

	// What the leader observes today, for calibrate.
	{"observed unknown team", minimal + "[[observed.teams]]\nname = \"platfrom\"\nops_share = 0.5\n", nil,
		"f.toml:10:1: observed.teams[0].name: unknown team \"platfrom\", expected one of the teams: [\"t\"]"},
	{"observed negative pages", minimal + "[[observed.teams]]\nname = \"t\"\npages_per_shift = -3\n", nil,
		"f.toml:11:1: observed.teams[0].pages_per_shift: must be from 0 to 100000, got -3"},
	{"observed ops share over 1", minimal + "[[observed.teams]]\nname = \"t\"\nops_share = 55\n", nil,
		"f.toml:11:1: observed.teams[0].ops_share: must be from 0 to 1, got 55"},
	{"observed pages twice", minimal + "[[observed.teams]]\nname = \"t\"\npages_per_shift = 3\npages_per_week = 20\n", nil,
		"f.toml:12:1: observed.teams[0].pages_per_week: give pages_per_shift or pages_per_week, not both"},
	{"observed team with no figure", minimal + "[[observed.teams]]\nname = \"t\"\n", nil,
		"f.toml:10:1: observed.teams[0].name: team \"t\" is listed but no figure of it is observed"},
	{"observed unknown figure", minimal + "[[observed.teams]]\nname = \"t\"\npages = 3\n", nil,
		"f.toml:11:1: observed.teams[0].pages: unknown key, did you mean \"observed.teams[0].pages_per_shift\"?"},
	{"observed headcount disagrees", minimal + "[observed]\ninfra_engineers = 14\n", nil,
		"f.toml:10:1: observed.infra_engineers: 14 observed, but the teams hold 3 engineers: the teams are today's organization, so make them agree"},
	{"observed attrition negative", minimal + "[observed]\nattrition_pct = -5\n", nil,
		"f.toml:10:1: observed.attrition_pct: must be from 0 to 100, got -5"},
	{"observed as text", minimal + "[observed]\nbudget_share_pct = \"4%\"\n", nil,
		"f.toml:10:1: observed.budget_share_pct: expected a percentage such as 400, got the string \"4%\""},

	// Limits on what a file may hold.
	{"control characters in a name", "name = \"\\u001b[2J\"\n" + minimal, nil,
		"f.toml:1:1: name: expected text without control characters, got \"\\x1b[2J\""},
	{"control characters in a key", "\"a\\u001b[2J\" = 1\n" + minimal, nil,
		"f.toml:1:1: \"a\\u001B[2J\": unknown key, expected one of allocation, budget, company, domains, leadership, observed, on_call, people, plan, policy, product, teams, weeks"},
	{"control characters in a -set", minimal, []string{"policy.name=\x1b[2J"},
		"-set policy.name=\\x1b[2J: policy.name: expected text without control characters, got \"\\x1b[2J\""},
	{"too deep", "x = " + strings.Repeat("[", 8000) + strings.Repeat("]", 8000) + "\n", nil,
		"f.toml:1:13: nested more than 8 levels deep; no scenario key is deeper"},
	{"too deep in a -set", minimal, []string{"policy.name={a={b={c={d={e={f={g={h={}}}}}}}}}"},
		"-set policy.name={a={b={c={d={e={f={g={h={}}}}}}}}}: nested more than 8 levels deep; no scenario key is deeper"},
	{"too many problems", minimal + manyUnknown(53), nil, manyUnknownWant(50) + "\nf.toml: and 3 more"},
}

const peopleKeys = "attrition_pct, context_loss_share, context_loss_weeks, hours_per_week, interface_cost, max_ramping_share, mentor_share, morale_attrition, morale_base, morale_invest, morale_on_call, morale_pages, morale_reference, morale_reorg, morale_tau_weeks, morale_toil, notice_weeks, off_hours_share, pages_burnout, pages_healthy, ramp_start, ramp_weeks, reorg_disruption, reorg_weeks, rotation_comfort, span, start_morale, switch_cost, time_to_fill_weeks, toil_limit"

// manyUnknown is n unknown keys in a [policy] table after minimal; manyUnknownWant is
// the first n of their messages.
func manyUnknown(n int) string {
	var b strings.Builder
	b.WriteString("[policy]\n")
	for i := range n {
		fmt.Fprintf(&b, "zz%02d = 1\n", i)
	}
	return b.String()
}

func manyUnknownWant(n int) string {
	var lines []string
	for i := range n {
		lines = append(lines, fmt.Sprintf("f.toml:%d:1: policy.zz%02d: unknown key, expected one of branch_min, choose, name, share_band, share_pct, split_cooldown, split_delay, split_spacing, subdivide, subdivide_at, threshold, trunk_cap, up_front", 10+i, i))
	}
	return strings.Join(lines, "\n")
}
