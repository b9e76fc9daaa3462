package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// validate names the scenario's key and the place that set it: the -set,
// or the file's line; the plan's bounds and every variant included.
func TestValidateMessages(t *testing.T) {
	dir := t.TempDir()
	write := writer(t, dir)
	uber, _ := os.ReadFile("../../scenarios/builtin/uber-hypergrowth.toml")
	variants := write("variants.toml", string(uber)+"\n[[variants]]\nname = \"a\"\nset = {\"policy.name\" = \"centralised\"}\n"+
		"[[variants]]\nname = \"a\"\nset = \"policy.threshold=6\"\n")
	n := strings.Count(string(uber), "\n") // the variants follow the built-in's lines
	plan := write("plan.toml", string(uber)+"\n[policy]\nname = \"plan\"\n[[plan]]\nat_quarter = 2\naction = \"split\"\nteam = \"operation\"\ndomain = \"messaging\"\nengineers = 3\n")
	pages := write("pages.toml", "[[domains]]\nname = \"a\"\n[[teams]]\nname = \"t\"\ntrunk = true\ndomains = [\"a\"]\n[on_call]\nshift_hours = 0\n")
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"-set", "on_call.shifts_per_week=0", "uber-hypergrowth"},
			"-set on_call.shifts_per_week=0: on_call.shifts_per_week: must be from 1 to 168, got 0\n"},
		{[]string{pages}, pages + ":8:1: on_call.shift_hours: must be from 0.01 to 168, got 0\n"},
		{[]string{"-set", "POLICY.THRESHOLD=6", "uber-hypergrowth"},
			"-set POLICY.THRESHOLD=6: POLICY: unknown key, did you mean \"policy\"?\n"},
		{[]string{"-set", "policy.threshold.x=1", "uber-hypergrowth"},
			"-set policy.threshold.x=1: policy.threshold: expected a whole number such as 8, or a distribution such as { dist = \"triangular\", low = 200, mode = 400, high = 500 }, got a table without dist\n"},
		{[]string{"-set", "company.engineers.cap=1e7", "-set", "weeks=260", "uber-hypergrowth"},
			"-set company.engineers.cap=1e7: company.engineers.cap: grows to 2.01e+05 product engineers by week 224; the model is meant for up to 200000: lower the growth or the horizon\n"},
		{[]string{"-set", "company.engineers.start=1e9", "uber-hypergrowth"},
			"-set company.engineers.start=1e9: company.engineers.start: must be from 1 to 200000, got 1e+09\n" +
				"-set company.engineers.start=1e9: company.engineers.cap: a logistic curve needs a cap from start (1e+09) to 1e9, got 3000\n"},
		{[]string{variants}, fmt.Sprintf("%s:%d:8: variant \"a\": policy.name: unknown value \"centralised\", expected one of trunk-and-branches, trunk-share, centralized, fragmented, plan; did you mean \"centralized\"?\n", variants, n+4) +
			fmt.Sprintf("%s:%d:1: variants[1].name: \"a\" is listed twice\n", variants, n+6) +
			fmt.Sprintf("%s:%d:1: variants[1].set: expected a table of quoted keys such as \"policy.threshold\" = 6, got the string \"policy.threshold=6\"\n", variants, n+7)},
		{[]string{plan}, fmt.Sprintf("%s:%d:1: plan[0].team: unknown team \"operation\" at week 13, expected one of operations, developer-productivity, storage; did you mean \"operations\"?\n", plan, n+7)},
		{[]string{"-set", "plan[0].engineers=40", "../../examples/uber-plan.toml"},
			"-set plan[0].engineers=40: plan[0].engineers: a split of 40 by week 20 needs a team of 43 with branch_min (3) staying, but infra can have at most 35 engineers by then, the most leadership's cap approves\n"},
		{[]string{dir}, "scenario " + dir + ": is a directory, not a scenario file\n"},
	}
	for _, tt := range tests {
		code, _, errs := trunksim(t, append([]string{"validate"}, tt.args...)...)
		want := tt.want + "trunksim validate: 1 of 1 scenarios invalid\n"
		if code != 2 || errs != want {
			t.Errorf("validate %v: exit %d\n%s\nwant 2 and\n%s", tt.args, code, errs, want)
		}
	}
}

// validate says ok exactly when run runs, and fails with run's message.
func TestValidateMeansRun(t *testing.T) {
	for _, sets := range [][]string{
		{"policy.threshold=6"},
		{"weeks=2600"},
		{"company.engineers.model=exponential", "company.engineers.annual_pct=1000"},
		{"on_call.shifts_per_week=0"},
		{"policy.name=plan"},
		{"policy.name=plan", `plan=[{at_week = 30, action = "split", team = "operations", domain = "messaging", engineers = 3}]`},
	} {
		var args []string
		for _, s := range sets {
			args = append(args, "-set", s)
		}
		args = append(args, "uber-hypergrowth")
		vcode, _, verr := trunksim(t, append([]string{"validate"}, args...)...)
		rcode, _, rerr := trunksim(t, append([]string{"run", "-runs", "1", "-out", t.TempDir()}, args...)...)
		problem, _, _ := strings.Cut(verr, "\n")
		if vcode != rcode || vcode != 0 && !strings.Contains(rerr, problem) {
			t.Errorf("%v: validate exit %d (%s), run exit %d (%s)", sets, vcode, verr, rcode, rerr)
		}
	}
}

// compare reports a bad variant with its file and line before running.
func TestCompareChecksVariants(t *testing.T) {
	src, _ := os.ReadFile("../../scenarios/builtin/early-startup.toml")
	file := filepath.Join(t.TempDir(), "v.toml")
	os.WriteFile(file, append(src, []byte("\n[[variants]]\nname = \"x\"\n[variants.set]\n\"policy\" = {name = \"centralised\"}\n")...), 0o644)
	code, _, errs := trunksim(t, "compare", "-runs", "2", "-weeks", "10", "-out", t.TempDir(), file)
	if want := "trunksim compare: " + file + ":72:13: variant \"x\": policy.name: unknown value \"centralised\""; code != 2 || !strings.HasPrefix(errs, want) || strings.Contains(errs, "map[") {
		t.Errorf("exit %d: %s\nwant 2 and %s", code, errs, want)
	}
}
