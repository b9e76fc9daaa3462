package sim

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// setPolicy puts c under policy pol; under the plan policy it gives c a
// plan that exercises every action on its trunk (a split of its last
// domain and the merge back, where c's trunk can take them, a headcount
// change and a freeze), so that a test of every policy runs a plan too.
func setPolicy(c *Config, pol string) {
	c.Policy.Name = pol
	if pol != Planned {
		return
	}
	trunk := c.Teams[slices.IndexFunc(c.Teams, func(t Team) bool { return t.Trunk })]
	w := c.Weeks / 4
	c.Plan = []PlannedAction{
		{AtWeek: w, Action: PlanHeadcount, Team: trunk.Name, Engineers: 2},
		{AtWeek: w, Action: PlanFreeze, Weeks: 4},
	}
	if len(trunk.Domains) > 1 {
		try := c.Clone()
		try.Plan = append(try.Plan,
			PlannedAction{AtWeek: w, Action: PlanSplit, Team: trunk.Name, Domain: trunk.Domains[len(trunk.Domains)-1], Engineers: c.Policy.BranchMin, Name: "planned"},
			PlannedAction{AtWeek: 2 * w, Action: PlanMerge, Team: "planned", Into: trunk.Name})
		if try.Validate() == nil {
			c.Plan = try.Plan
		}
	}
}

// stepTo runs c's replication (1, 0) through week last, and returns its
// state, for tests that look at the organization itself.
func stepTo(t *testing.T, c Config, last int) *run {
	t.Helper()
	p := mustPlan(t, c)
	r := p.newRun(newTrace(c.Weeks), newStream(1, 0))
	r.build()
	r.warmStart()
	r.begin()
	for r.week = 0; r.week <= last; r.week++ {
		r.step()
	}
	r.week = last
	return r
}

// teamNamed is the run's live team named name and its index, or nil.
func (r *run) teamNamed(name string) (int, *team) {
	i := slices.IndexFunc(r.teams, func(t *team) bool { return t.name == name && t.alive })
	if i < 0 {
		return -1, nil
	}
	return i, r.teams[i]
}

// owner is the name of the team that owns domain d's first live instance.
func (r *run) owner(domain string) string {
	for _, in := range r.insts {
		if in.name == domain && r.teams[in.team].alive {
			return r.teams[in.team].name
		}
	}
	return ""
}

// planEvents are a trace's events of kind "plan".
func planEvents(tr *Trace) []Event {
	var out []Event
	for _, e := range tr.Events {
		if e.Kind == "plan" {
			out = append(out, e)
		}
	}
	return out
}

// growing is testConfig in a company growing 300% a year, with a budget
// that does not bind: its infra grows from 9 to about 50 in two years.
func growing() Config {
	c := testConfig()
	c.Company.Engineers.AnnualPct = 300
	c.Company.Usage = Growth{Start: 1, Model: FollowEngineers}
	c.Budget.CapPct = 50
	return c
}

// planned is growing under the plan policy, with plan.
func planned(plan ...PlannedAction) Config {
	c := growing()
	c.Policy.Name = Planned
	c.Plan = plan
	return c
}

// Each planned action does what it says at its week.
func TestPlannedActions(t *testing.T) {
	split := PlannedAction{AtWeek: 10, Action: PlanSplit, Team: "core", Domain: "storage", Engineers: 3, Name: "store"}
	tests := []struct {
		name  string
		cfg   Config
		week  int
		check func(t *testing.T, r *run)
	}{
		{"a split moves its domain and its engineers at its week", planned(split), 10, func(t *testing.T, r *run) {
			ti, nt := r.teamNamed("store")
			if nt == nil || r.owner("storage") != "store" {
				t.Fatalf("after the split: team store %v, storage owned by %q", nt, r.owner("storage"))
			}
			e := planEvents(r.out)
			m := regexp.MustCompile(`^split storage off the trunk \(core\) into a new branch, store, of 3, leaving (\d+) of (\d+) engineers, because it was planned for week 10$`).FindStringSubmatch(e[0].Text)
			if len(e) != 1 || e[0].Week != 10 || m == nil || fmt.Sprint(atoi(m[2])-3) != m[1] {
				t.Errorf("events %v", e)
			}
			// The same reorganisation costs as an automatic split: both
			// teams disrupted for reorg_weeks, the branch with its
			// parent's morale, and the split counted.
			core := r.teams[r.trunk]
			if until := 10 + r.cfg.People.ReorgWeeks; core.reorgUntil != until || nt.reorgUntil != until || r.stats.splits != 1 {
				t.Errorf("reorganisation until %d and %d, want %d; splits %d", core.reorgUntil, nt.reorgUntil, until, r.stats.splits)
			}
			if info := r.out.Teams[ti]; info.Parent != "core" || info.Born != 10 || info.Area != "storage" {
				t.Errorf("team info %+v", info)
			}
		}},
		{"a merge folds a team's engineers and domains into another", planned(split,
			PlannedAction{AtWeek: 40, Action: PlanMerge, Team: "store", Into: "obs"}), 40, func(t *testing.T, r *run) {
			si := slices.IndexFunc(r.teams, func(t *team) bool { return t.name == "store" })
			_, obs := r.teamNamed("obs")
			if r.teams[si].alive || r.owner("storage") != "obs" || r.owner("observability") != "obs" {
				t.Fatalf("store alive %v, storage owned by %q", r.teams[si].alive, r.owner("storage"))
			}
			for _, m := range obs.members {
				if r.people[m].team != slices.Index(r.teams, obs) {
					t.Fatalf("member %d of obs is in team %d", m, r.people[m].team)
				}
			}
			e := planEvents(r.out)
			m := regexp.MustCompile(`^merged store into obs, as planned for week 40: (\d+) engineers to (\d+), owning 2 domains$`).FindStringSubmatch(e[1].Text)
			if m == nil || atoi(m[2]) != len(obs.members) || obs.reorgUntil != 40+r.cfg.People.ReorgWeeks {
				t.Errorf("events %v, obs of %d, reorganised until %d", e, len(obs.members), obs.reorgUntil)
			}
		}},
		{"a headcount change raises the team's need and infra's approved headcount", planned(
			PlannedAction{AtQuarter: 3, Action: PlanHeadcount, Team: "obs", Engineers: 4}), 26, func(t *testing.T, r *run) {
			_, obs := r.teamNamed("obs")
			e := planEvents(r.out)
			m := regexp.MustCompile(`^obs' approved headcount \+4 over what its work needs, as planned for week 26: infra's approved headcount (\d+) to (\d+)$`).FindStringSubmatch(e[0].Text)
			if obs.extra != 4 || m == nil || atoi(m[2]) != atoi(m[1])+4 || e[0].Week != 26 {
				t.Errorf("extra %v, events %v", obs.extra, e)
			}
			if gap := r.need(obs) - float64(len(obs.members)); gap < 3 {
				t.Errorf("obs is %.1f short of its need after four more heads", gap)
			}
		}},
		{"a freeze opens no requisition until it ends", planned(
			PlannedAction{AtWeek: 20, Action: PlanFreeze, Weeks: 30}), 20, func(t *testing.T, r *run) {
			if !r.hiringFrozen() || r.planFreezeUntil != 50 {
				t.Errorf("frozen %v until %d", r.hiringFrozen(), r.planFreezeUntil)
			}
			pending := r.pending
			r.approved += 10
			r.hire()
			if r.pending != pending {
				t.Errorf("requisitions opened in a freeze: %d pending, were %d", r.pending, pending)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.check(t, stepTo(t, tt.cfg, tt.week)) })
	}
}

func atoi(s string) int {
	var n int
	fmt.Sscan(s, &n)
	return n
}

// A planned headcount change reaches hiring: the team ends larger than
// without it, on the same random numbers; a freeze stops hiring for its
// weeks while the same company hires without it.
func TestPlannedHeadcountAndFreezeReachHiring(t *testing.T) {
	mean := func(c Config, f func(*Trace) float64) float64 {
		p := mustPlan(t, c)
		var sum float64
		for i := range uint64(6) {
			sum += f(p.Run(5, i))
		}
		return sum / 6
	}
	obsAtEnd := func(tr *Trace) float64 { s := tr.Series(TeamHeadcount, "obs"); return s[len(s)-1] }
	freeze := PlannedAction{AtWeek: 20, Action: PlanFreeze, Weeks: 60}
	grew := func(tr *Trace) float64 { s := tr.Series(InfraEngineers, ""); return s[79] - s[50] }
	base := planned(PlannedAction{AtWeek: 100, Action: PlanFreeze, Weeks: 1}) // a plan that changes nothing before week 100
	// In a company that does not grow, obs's engineers are what its work
	// needs, and four more with the plan.
	stable, with := base, planned(PlannedAction{AtWeek: 13, Action: PlanHeadcount, Team: "obs", Engineers: 4})
	stable.Company.Engineers.AnnualPct, with.Company.Engineers.AnnualPct = 0, 0
	if a, b := mean(stable, obsAtEnd), mean(with, obsAtEnd); b < a+3 {
		t.Errorf("obs ends with %.1f engineers with four more approved heads, %.1f without", b, a)
	}
	if a, b := mean(base, grew), mean(planned(freeze), grew); b > 0 || a < 5 {
		t.Errorf("infra grew by %.1f from week 50 to 79 in a freeze, by %.1f without", b, a)
	}
}

// What the run decides, a plan cannot know in advance: an action that
// cannot be carried out when its week comes is refused with its reason in
// the log, and the run carries on.
func TestPlanRefusals(t *testing.T) {
	shrinking := planned(
		PlannedAction{AtWeek: 0, Action: PlanFreeze, Weeks: 200},
		PlannedAction{AtWeek: 30, Action: PlanSplit, Team: "core", Domain: "storage", Engineers: 3, Name: "store"},
		PlannedAction{AtWeek: 40, Action: PlanHeadcount, Team: "store", Engineers: 2},
		PlannedAction{AtWeek: 50, Action: PlanMerge, Team: "store", Into: "core"})
	shrinking.People.AttritionPct = 90
	// Under trunk-and-branches the automatic rule splits a domain off
	// before the plan's week comes.
	auto := growing()
	auto.Policy.SplitDelay = 0
	first := ""
	for _, e := range mustPlan(t, auto).Run(1, 0).Events {
		if m := regexp.MustCompile(`^split (\S+) off the trunk`).FindStringSubmatch(e.Text); m != nil && e.Week < 90 && first == "" {
			first = m[1]
		}
	}
	if first == "" {
		t.Fatal("the automatic rule made no split to be ahead of")
	}
	auto.Plan = []PlannedAction{{AtWeek: 90, Action: PlanSplit, Team: "core", Domain: first, Engineers: 3}}
	frag := planned(PlannedAction{AtWeek: 5, Action: PlanHeadcount, Team: "core", Engineers: 2}, PlannedAction{AtWeek: 6, Action: PlanFreeze, Weeks: 2})
	frag.Policy.Name = Fragmented
	tests := []struct {
		name string
		cfg  Config
		want []string // the plan's events, as patterns
	}{
		{"the team has shrunk below the split's size", shrinking, []string{
			`^hiring frozen for 200 weeks, to week 200, as planned$`,
			`^planned split of storage off core refused: core has [0-5] engineers by week 30, fewer than the 6 the split takes \(3 to move, 3 to stay\)$`,
			`^planned headcount change for store refused: store was never made: its planned split was refused$`,
			`^planned merge of store into core refused: store was never made: its planned split was refused$`,
		}},
		{"the automatic rule split the domain off first", auto, []string{
			`^planned split of ` + first + ` off core refused: ` + first + ` already belongs to team \S+ by week 90$`,
		}},
		{"the fragmented policy dissolved the teams", frag, []string{
			`^planned headcount change for core refused: the fragmented policy dissolved core into product groups at week 0$`,
			`^hiring frozen for 2 weeks, to week 8, as planned$`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := mustPlan(t, tt.cfg).Run(1, 0)
			e := planEvents(tr)
			if len(e) != len(tt.want) {
				t.Fatalf("plan events %v, want %d", e, len(tt.want))
			}
			for i, w := range tt.want {
				if !regexp.MustCompile(w).MatchString(e[i].Text) {
					t.Errorf("event %d: %q, want %s", i, e[i].Text, w)
				}
			}
			checkTrace(t, &tt.cfg, tr)
		})
	}
}

// A plan is checked against what can be known before the run, playing
// its actions in order, each problem at its own field.
func TestPlanValidation(t *testing.T) {
	split := func(week, n int) PlannedAction {
		return PlannedAction{AtWeek: week, Action: PlanSplit, Team: "core", Domain: "storage", Engineers: n}
	}
	tests := []struct {
		name  string
		plan  []PlannedAction
		field string
		msg   string
	}{
		{"unknown team", []PlannedAction{{Action: PlanHeadcount, Team: "cor", Engineers: 2}}, "Plan[0].Team", `unknown team "cor" at week 0, expected one of core, obs`},
		{"unknown domain", []PlannedAction{{AtWeek: 30, Action: PlanSplit, Team: "core", Domain: "storag", Engineers: 3}}, "Plan[0].Domain", "unknown domain"},
		{"a domain another team owns", []PlannedAction{{AtWeek: 30, Action: PlanSplit, Team: "core", Domain: "observability", Engineers: 3}}, "Plan[0].Domain", `domain "observability" is team "obs"'s at week 30, not "core"'s`},
		{"a domain an earlier split took", []PlannedAction{split(30, 3), split(20, 3)}, "Plan[0].Domain", `domain "storage" is team "storage"'s at week 30, not "core"'s`},
		{"a team's only domain", []PlannedAction{{AtWeek: 30, Action: PlanSplit, Team: "obs", Domain: "observability", Engineers: 3}}, "Plan[0].Domain", "only one at week 30"},
		{"a split larger than the team at week 0", []PlannedAction{split(0, 4)}, "Plan[0].Engineers", `team "core" has 6 engineers at week 0; a split of 4 must leave it branch_min (3)`},
		{"a split larger than infra can be", []PlannedAction{split(30, 200)}, "Plan[0].Engineers", "infra can have at most"},
		{"a branch under the minimum", []PlannedAction{split(30, 2)}, "Plan[0].Engineers", "at least branch_min (3), got 2"},
		{"a week beyond the horizon", []PlannedAction{split(104, 3)}, "Plan[0].AtWeek", "must be from 0 to 103, got 104"},
		{"a quarter beyond the horizon", []PlannedAction{{AtQuarter: 9, Action: PlanFreeze, Weeks: 2}}, "Plan[0].AtQuarter", "must be from 1 to 8"},
		{"a week and a quarter", []PlannedAction{{AtWeek: 3, AtQuarter: 2, Action: PlanFreeze, Weeks: 2}}, "Plan[0].AtQuarter", "not both"},
		{"a merge with itself", []PlannedAction{{Action: PlanMerge, Team: "obs", Into: "obs"}}, "Plan[0].Into", "itself"},
		{"the trunk merged away", []PlannedAction{{Action: PlanMerge, Team: "core", Into: "obs"}}, "Plan[0].Team", "the trunk cannot merge"},
		{"a team merged away before", []PlannedAction{{AtWeek: 10, Action: PlanMerge, Team: "obs", Into: "core"}, {AtWeek: 20, Action: PlanHeadcount, Team: "obs", Engineers: 1}}, "Plan[1].Team", `team "obs" is merged into "core" at week 10`},
		{"a key the action does not take", []PlannedAction{{Action: PlanFreeze, Weeks: 2, Team: "obs"}}, "Plan[0].Team", "a freeze takes weeks, not team"},
		{"a missing key", []PlannedAction{{Action: PlanMerge, Team: "obs"}}, "Plan[0].Into", "a merge needs a team to merge into"},
		{"an unknown action", []PlannedAction{{Action: "hire"}}, "Plan[0].Action", `unknown value "hire"`},
		{"a zero headcount change", []PlannedAction{{Action: PlanHeadcount, Team: "obs"}}, "Plan[0].Engineers", "other than 0"},
		{"a freeze of no weeks", []PlannedAction{{Action: PlanFreeze}}, "Plan[0].Weeks", "must be from 1 to 520"},
		{"a name taken", []PlannedAction{{AtWeek: 30, Action: PlanSplit, Team: "core", Domain: "storage", Engineers: 3, Name: "obs"}}, "Plan[0].Name", `a team named "obs" exists`},
		{"the plan policy with no plan", nil, "Policy.Name", "give at least one [[plan]] action"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := planned(tt.plan...)
			err := c.Validate()
			ps, _ := err.(Problems)
			if !slices.ContainsFunc(ps, func(p *FieldError) bool { return p.Field == tt.field && strings.Contains(p.Msg, tt.msg) }) {
				t.Errorf("got %v, want %s: ...%s...", err, tt.field, tt.msg)
			}
		})
	}
	// The unknown team's message suggests the nearest name.
	c := planned(PlannedAction{Action: PlanHeadcount, Team: "cor", Engineers: 2})
	if ps := c.Validate().(Problems); !slices.Equal(ps[0].Choices, []string{"core", "obs"}) {
		t.Errorf("choices %v", ps[0].Choices)
	}
	// A plan's numbers are decisions, not uncertain inputs.
	c = planned(split(30, 3))
	c.Uncertain = []Uncertain{{Field: "Plan[0].Engineers", Dist: Dist{Kind: DistUniform, Low: 3, High: 4}}}
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "a plan is a decision") {
		t.Errorf("an uncertain split size: %v", err)
	}
}
