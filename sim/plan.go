package sim

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// A leader's own plan: reorganisations set for a week or a quarter
// ("split data pipelines off platform in Q3, add four heads to platform in
// Q4"), carried out as the whole policy (Policy.Name "plan") or on top of
// another policy's automatic rules. Validate checks what can be known
// before a run; when an action's week comes the engine carries it out
// through the same machinery as the automatic rules, or logs why it
// cannot and carries on.

// PlannedAction is one action of a plan.
type PlannedAction struct {
	// AtWeek or AtQuarter says when: the start of week AtWeek (0 is the
	// first), or of quarter AtQuarter (1 is the first; quarter q starts
	// at week 13*(q-1)) when it is not 0. Give one of them.
	AtWeek, AtQuarter int
	Action            string // "split", "merge", "headcount" or "freeze"
	// Team is the team a split takes a domain from, the team a merge
	// folds into another, or the team whose approved headcount changes.
	Team   string
	Domain string // split: the domain that leaves with the new branch
	Into   string // merge: the team that takes Team's engineers and domains
	// Engineers is how many move to a split's new branch, or how much a
	// team's approved headcount changes (negative lowers it).
	Engineers int
	Weeks     int    // freeze: how long hiring stops
	Name      string // split: the new branch's name; the domain's when empty
}

// Planned actions.
const (
	PlanSplit     = "split"
	PlanMerge     = "merge"
	PlanHeadcount = "headcount"
	PlanFreeze    = "freeze"
)

// quarterWeeks is the length of a quarter, for AtQuarter.
const quarterWeeks = 13

// Week is the week the action happens.
func (a PlannedAction) Week() int {
	if a.AtQuarter != 0 {
		return quarterWeeks * (a.AtQuarter - 1)
	}
	return a.AtWeek
}

// planFields are the fields of a PlannedAction that only some actions
// take, with their scenario keys for messages, and whether each is set.
var planFields = []struct {
	field, key string
	set        func(PlannedAction) bool
}{
	{"Team", "team", func(a PlannedAction) bool { return a.Team != "" }},
	{"Domain", "domain", func(a PlannedAction) bool { return a.Domain != "" }},
	{"Into", "into", func(a PlannedAction) bool { return a.Into != "" }},
	{"Engineers", "engineers", func(a PlannedAction) bool { return a.Engineers != 0 }},
	{"Weeks", "weeks", func(a PlannedAction) bool { return a.Weeks != 0 }},
	{"Name", "name", func(a PlannedAction) bool { return a.Name != "" }},
}

// planTakes lists the keys each action takes; the last of a split's,
// name, is optional.
var planTakes = map[string][]string{
	PlanSplit:     {"team", "domain", "engineers", "name"},
	PlanMerge:     {"team", "into"},
	PlanHeadcount: {"team", "engineers"},
	PlanFreeze:    {"weeks"},
}

// planOrder is the order the actions are carried out in: by week, and in
// the order listed within a week.
func (c *Config) planOrder() []int {
	order := make([]int, len(c.Plan))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return c.Plan[a].Week() - c.Plan[b].Week() })
	return order
}

// plannedTeam is a team as the plan sees it before the run: what it owns
// after the plan's earlier actions, its size at week 0, and the merge that
// ends it.
type plannedTeam struct {
	name       string
	domains    []string
	size       int
	trunk      bool
	mergedInto string
	mergedAt   int
}

// checkPlan checks the plan against what is known before a run: each
// action's week within the horizon and the keys its action takes, and,
// playing the actions in order, that each names a team the organization
// has at that point of the plan (a starting team, or one an earlier
// planned split makes), that a split's domain is its team's then, that
// it leaves the team some work and branch_min engineers at week 0, and
// that it takes no more than infra can have by its week. What depends on
// the run (the team shrank, the automatic rule split the domain off first)
// is a refusal the run logs instead (carryOut).
func (c *Config) checkPlan(k *checker) {
	if len(c.Plan) == 0 {
		if c.Policy.Name == Planned {
			k.add("Policy.Name", c.Policy.Name, "policy %q carries out a plan: give at least one [[plan]] action", Planned)
		}
		return
	}
	var teams []*plannedTeam
	for _, t := range c.Teams {
		teams = append(teams, &plannedTeam{name: t.Name, domains: slices.Clone(t.Domains), size: t.Engineers, trunk: t.Trunk})
	}
	find := func(name string) *plannedTeam {
		i := slices.IndexFunc(teams, func(t *plannedTeam) bool { return t.name == name })
		if i < 0 {
			return nil
		}
		return teams[i]
	}
	domains := make([]string, len(c.Domains))
	for i, d := range c.Domains {
		domains[i] = d.Name
	}
	bound := c.infraBound(k)
	added := 0 // approved heads the plan adds before the action at hand
	for _, i := range c.planOrder() {
		a := c.Plan[i]
		f := fmt.Sprintf("Plan[%d].", i)
		week := a.Week()
		c.checkWhen(k, f, a)
		k.oneOf(f+"Action", a.Action, Names["action"])
		takes, ok := planTakes[a.Action]
		if !ok {
			continue
		}
		for _, pf := range planFields {
			if pf.set(a) && !slices.Contains(takes, pf.key) {
				k.add(f+pf.field, nil, "a %s takes %s, not %s", a.noun(), strings.Join(takes, ", "), pf.key)
			}
		}
		if k.failed(f+"AtWeek") || k.failed(f+"AtQuarter") {
			continue // an action at no week of the run is not played
		}
		// known is the team named at field (key in messages), live at
		// this point of the plan.
		known := func(field, key, name string) *plannedTeam {
			t := find(name)
			switch {
			case name == "":
				k.add(f+field, name, "a %s needs %s", a.noun(), key)
			case t == nil:
				var live []string
				for _, t := range teams {
					if t.mergedInto == "" {
						live = append(live, t.name)
					}
				}
				k.add(f+field, name, "unknown team %q at week %d, expected one of %s", name, week, strings.Join(live, ", "))
				k.p[len(k.p)-1].Choices = live
			case t.mergedInto != "":
				k.add(f+field, name, "team %q is merged into %q at week %d, before this %s", name, t.mergedInto, t.mergedAt, a.noun())
			default:
				return t
			}
			return nil
		}
		switch a.Action {
		case PlanSplit:
			t := known("Team", "a team", a.Team)
			fits := c.checkSplit(k, f, a, t, domains, teams)
			if bm := c.Policy.BranchMin; t != nil && a.Engineers >= bm {
				switch most := bound(week) + added; {
				case week == 0 && t.size < a.Engineers+bm:
					k.add(f+"Engineers", a.Engineers, "team %q has %d engineers at week 0; a split of %d must leave it branch_min (%d)", t.name, t.size, a.Engineers, bm)
					fits = false
				case most < a.Engineers+bm:
					k.add(f+"Engineers", a.Engineers, "a split of %d by week %d needs a team of %d with branch_min (%d) staying, but infra can have at most %d engineers by then, the most leadership's cap approves",
						a.Engineers, week, a.Engineers+bm, bm, most)
					fits = false
				}
			}
			if fits {
				t.domains = slices.DeleteFunc(t.domains, func(d string) bool { return d == a.Domain })
				t.size -= a.Engineers
				teams = append(teams, &plannedTeam{name: a.branchName(), domains: []string{a.Domain}, size: a.Engineers})
			}
		case PlanMerge:
			t, into := known("Team", "a team", a.Team), known("Into", "a team to merge into", a.Into)
			switch {
			case t == nil || into == nil:
			case t == into:
				k.add(f+"Into", a.Into, "a team cannot merge into itself")
			case t.trunk:
				k.add(f+"Team", a.Team, "the trunk cannot merge into another team: merge %q into it instead", a.Into)
			default:
				into.domains = append(into.domains, t.domains...)
				into.size += t.size
				t.mergedInto, t.mergedAt = a.Into, week
			}
		case PlanHeadcount:
			known("Team", "a team", a.Team)
			if a.Engineers == 0 || a.Engineers < -100000 || a.Engineers > 100000 {
				k.add(f+"Engineers", a.Engineers, "must be a change from -100000 to 100000 other than 0, got %d", a.Engineers)
			} else if a.Engineers > 0 {
				added += a.Engineers
			}
		case PlanFreeze:
			k.intWithin(f+"Weeks", a.Weeks, 1, 520)
		}
	}
}

// checkWhen checks an action's week: one of AtWeek and AtQuarter, within
// the horizon.
func (c *Config) checkWhen(k *checker, f string, a PlannedAction) {
	if k.failed("Weeks") {
		return
	}
	if a.AtQuarter == 0 {
		k.intWithin(f+"AtWeek", a.AtWeek, 0, c.Weeks-1)
		return
	}
	if a.AtWeek != 0 {
		k.add(f+"AtQuarter", a.AtQuarter, "give at_week or at_quarter, not both")
	}
	if last := (c.Weeks-1)/quarterWeeks + 1; a.AtQuarter < 1 || a.AtQuarter > last {
		k.add(f+"AtQuarter", a.AtQuarter, "must be from 1 to %d, the quarters that start within the %d weeks, got %d", last, c.Weeks, a.AtQuarter)
	}
}

// checkSplit checks a split's size and domain, and the new branch's name,
// against team t (nil if unknown) at this point of the plan, and reports
// whether the split can be played on.
func (c *Config) checkSplit(k *checker, f string, a PlannedAction, t *plannedTeam, domains []string, teams []*plannedTeam) bool {
	ok := t != nil
	if bm := c.Policy.BranchMin; a.Engineers < bm {
		k.add(f+"Engineers", a.Engineers, "a split makes a branch of at least branch_min (%d), got %d", bm, a.Engineers)
		ok = false
	}
	switch owner := slices.IndexFunc(teams, func(o *plannedTeam) bool { return o.mergedInto == "" && slices.Contains(o.domains, a.Domain) }); {
	case a.Domain == "":
		k.add(f+"Domain", a.Domain, "a split needs a domain")
		return false
	case !slices.Contains(domains, a.Domain):
		k.add(f+"Domain", a.Domain, "unknown domain %q, expected one of %s", a.Domain, strings.Join(domains, ", "))
		k.p[len(k.p)-1].Choices = domains
		return false
	case t == nil:
		return false
	case !slices.Contains(t.domains, a.Domain):
		if owner >= 0 {
			k.add(f+"Domain", a.Domain, "domain %q is team %q's at week %d, not %q's", a.Domain, teams[owner].name, a.Week(), t.name)
		} else {
			k.add(f+"Domain", a.Domain, "domain %q is not team %q's at week %d", a.Domain, t.name, a.Week())
		}
		return false
	case len(t.domains) < 2:
		k.add(f+"Domain", a.Domain, "domain %q is team %q's only one at week %d: a split must leave the team some work", a.Domain, t.name, a.Week())
		return false
	}
	if name := a.branchName(); slices.ContainsFunc(teams, func(o *plannedTeam) bool { return o.name == name }) {
		k.add(f+"Name", a.Name, "a team named %q exists at week %d: give the new branch another name", name, a.Week())
		return false
	}
	return ok
}

// noun names the action in messages.
func (a PlannedAction) noun() string {
	if a.Action == PlanHeadcount {
		return "headcount change"
	}
	return a.Action
}

// branchName is the name of a split's new branch.
func (a PlannedAction) branchName() string {
	if a.Name != "" {
		return a.Name
	}
	return a.Domain
}

// infraBound returns, for a week, the most infra engineers the
// organization can have by then before the plan's own headcount: its
// starting headcount, or the most leadership's cap approves at a review
// until then, whichever is larger (hires only fill approved headcount).
// It returns a bound that never binds while the inputs it rests on are
// invalid.
func (c *Config) infraBound(k *checker) func(week int) int {
	if k.failed("Weeks") || k.failed("Company.Engineers") || k.failed("Budget") || k.failed("Teams") {
		return func(int) int { return math.MaxInt32 }
	}
	start := 0
	for _, t := range c.Teams {
		start += t.Engineers
	}
	curve := c.Company.Engineers.Curve(c.Weeks)
	return func(week int) int {
		most := start
		for r := 0; r <= min(week, c.Weeks); r += c.Budget.ReviewWeeks {
			most = max(most, int(math.Ceil(c.Budget.CapPct/100*curve[r])))
		}
		return most
	}
}

// startPlan queues every planned action for its week, ahead of anything
// else that week (begin queues them before the first review), and names
// the teams the plan can refer to: the starting ones, unless the
// fragmented policy has dissolved them.
func (r *run) startPlan() {
	if len(r.cfg.Plan) == 0 {
		return
	}
	r.planTeams = map[string]int{}
	if r.cfg.Policy.Name != Fragmented {
		for i, t := range r.cfg.Teams { // build made them in this order
			r.planTeams[t.Name] = i
		}
	}
	for _, i := range r.cfg.planOrder() {
		r.sched.add(event{tick: r.cfg.Plan[i].Week(), kind: evPlan, action: i})
	}
}

// planTeam is the live team the plan calls name, or why there is none:
// its planned split was refused, or the fragmented policy dissolved it.
func (r *run) planTeam(name string) (int, string) {
	ti, ok := r.planTeams[name]
	switch {
	case r.cfg.Policy.Name == Fragmented:
		return -1, fmt.Sprintf("the %s policy dissolved %s into product groups at week 0", Fragmented, name)
	case !ok:
		return -1, fmt.Sprintf("%s was never made: its planned split was refused", name)
	case !r.teams[ti].alive:
		return -1, fmt.Sprintf("%s no longer exists by week %d", name, r.week)
	}
	return ti, ""
}

// refusedMark sets a refusal's action apart from its reason, in the log.
const refusedMark = " refused: "

// refusals are the plan's refusals in a run's log.
func refusals(tr *Trace) []Event {
	var out []Event
	for _, e := range tr.Events {
		if e.Kind == "plan" && strings.Contains(e.Text, refusedMark) {
			out = append(out, e)
		}
	}
	return out
}

// carryOut carries out planned action i at its week, or logs why it
// cannot. Either way the log's kind is "plan".
func (r *run) carryOut(i int) {
	a := r.cfg.Plan[i]
	refuse := func(why string) {
		what := fmt.Sprintf("planned %s for %s", a.noun(), a.Team)
		switch a.Action {
		case PlanSplit:
			what = fmt.Sprintf("planned split of %s off %s", a.Domain, a.Team)
		case PlanMerge:
			what = fmt.Sprintf("planned merge of %s into %s", a.Team, a.Into)
		}
		r.logf("plan", "%s%s%s", what, refusedMark, why)
	}
	switch a.Action {
	case PlanSplit:
		if why := r.plannedSplit(a); why != "" {
			refuse(why)
		}
	case PlanMerge:
		from, why := r.planTeam(a.Team)
		into, whyInto := r.planTeam(a.Into)
		if why != "" || whyInto != "" {
			refuse(why + whyInto)
			return
		}
		t := r.teams[into]
		n := len(t.members)
		r.merge(from, into)
		r.logf("plan", "merged %s into %s, as planned for week %d: %d engineers to %d, owning %s",
			r.teams[from].name, t.name, r.week, n, len(t.members), plural(len(t.insts), "domain"))
	case PlanHeadcount:
		ti, why := r.planTeam(a.Team)
		if why != "" {
			refuse(why)
			return
		}
		t := r.teams[ti]
		t.extra += float64(a.Engineers)
		before := r.approved
		r.approved = max(0, r.approved+a.Engineers)
		r.logf("plan", "%s approved headcount %+d over what its work needs, as planned for week %d: infra's approved headcount %d to %d",
			possessive(t.name), int(t.extra), r.week, before, r.approved)
	case PlanFreeze:
		r.planFreezeUntil = max(r.planFreezeUntil, r.week+a.Weeks)
		r.logf("plan", "hiring frozen for %s, to week %d, as planned", plural(a.Weeks, "week"), r.planFreezeUntil)
	}
}

// plannedSplit carries out a planned split through the engine's own split
// (policy.go's, reorganisation costs and all), or says why it cannot.
func (r *run) plannedSplit(a PlannedAction) string {
	ti, why := r.planTeam(a.Team)
	if why != "" {
		return why
	}
	t := r.teams[ti]
	d := slices.IndexFunc(r.cfg.Domains, func(d Domain) bool { return d.Name == a.Domain })
	inst := slices.IndexFunc(t.insts, func(i int) bool { return r.insts[i].domain == d })
	bm := r.cfg.Policy.BranchMin
	switch n := len(t.members); {
	case inst < 0:
		owner := slices.IndexFunc(r.insts, func(in *instance) bool { return in.domain == d && r.teams[in.team].alive })
		if owner < 0 {
			return fmt.Sprintf("%s is no longer %s's by week %d", a.Domain, t.name, r.week)
		}
		return fmt.Sprintf("%s already belongs to team %s by week %d", a.Domain, r.teams[r.insts[owner].team].name, r.week)
	case len(t.insts) < 2:
		return fmt.Sprintf("%s is %s's only domain by week %d", a.Domain, t.name, r.week)
	case n < a.Engineers+bm:
		return fmt.Sprintf("%s has %d engineers by week %d, fewer than the %d the split takes (%d to move, %d to stay)",
			t.name, n, r.week, a.Engineers+bm, a.Engineers, bm)
	}
	r.lastSplit = r.week
	nt := r.split(event{kind: evPlan, team: ti, inst: t.insts[inst], size: a.Engineers, name: a.Name,
		why: fmt.Sprintf("it was planned for week %d", r.week)})
	r.planTeams[a.branchName()] = nt
	return ""
}
