package sim

import (
	"slices"
	"strconv"
)

// The organization: engineers, the teams they belong to, and the copies
// of domain work each team owns; how the starting organization is built.

// person is one infra engineer.
type person struct {
	hired   int // week hired; staff present at the start count as fully ramped
	team    int
	active  bool
	leaving bool // gave notice
}

// instance is one copy of a domain's work owned by one team. Outside the
// fragmented policy each domain has one instance; a fragmented organization
// keeps one per product group, and a subdivided branch halves one.
type instance struct {
	domain     int
	name       string
	share      float64 // share of the domain's company-wide demand
	automation float64
	backlog    float64
	fresh      bool // created this week: no erosion yet
	team       int

	// this week
	demand, toil, ops, invest, quality float64
	incidents, pages                   float64
	recentInc                          float64 // incidents, smoothed over about 4 weeks
	prob                               float64 // problem score, for ordering investment
}

// team is one team: the trunk, a branch, or a product group's infra.
type team struct {
	name       string
	base       string // the name it was given, before a number made it unique
	alive      bool
	insts      []int
	members    []int
	morale     float64
	ctxDebt    float64 // hours of lost context still to rebuild
	reorgUntil int
	pending    bool    // a split of this team is scheduled
	extra      float64 // approved heads beyond what its work needs, from the plan
	lastSplit  int     // week of the team's last split, or before the run

	// ramped counts the members, from the first, known to be fully ramped
	// up: they stay so, so capacity adds their hours without looking at
	// them again. Whatever changes the list at an index below it lowers
	// it (changedFrom).
	ramped int

	series [numTeamMetrics]int // indexes of the team's series, per teamMetrics
	// the area_headcount series, cached while the team owns as many
	// instances as when it was found (areaWeek < 0: not yet)
	areaSeries, areaWeek, areaInsts int

	// this week
	capacity, perHead    float64
	ops, invest, pages   float64
	incidents            float64
	required, interrupts float64
	backlog, toil        float64 // summed over the team's instances, for its series
	idle                 float64 // capacity left once every domain is served and every investment at its limit
	load                 float64 // interrupt hours over what the people on call can give
	focus                float64 // share of investment time left whole by escalated interruptions
	primitives           float64 // quality of the primitives the team's work rests on
	ramping              int     // members still ramping up
	worked               bool    // capacity has been worked out at least once

	// attrition's rate and log(1-q), kept while attrOK and the morale is
	// attrMorale
	attrMorale, attrRate, attrLogq float64
	attrOK                         bool

	// workNeed's value, kept while run.needGen is needGen and the team
	// owns needInsts instances
	needHeads          float64
	needGen, needInsts int
}

// changedFrom notes that t's members from index i on have changed (one
// left, or the list was rebuilt), so that only those before i are still
// known to be fully ramped.
func (t *team) changedFrom(i int) { t.ramped = min(t.ramped, i) }

// build makes the starting organization: its teams, the domains each
// owns, and its engineers, fully ramped.
func (r *run) build() {
	c := r.cfg
	byName := map[string]int{}
	for i, d := range c.Domains {
		byName[d.Name] = i
	}
	for _, t := range c.Teams {
		ti := r.addTeam(t.Name, t.Trunk, -1)
		if t.Trunk {
			r.trunk = ti
		}
		for _, dn := range t.Domains {
			d := byName[dn]
			r.addInstance(d, dn, 1, c.Domains[d].Automation, ti)
		}
		for range t.Engineers {
			r.addPerson(-1000, ti)
		}
	}
	for i := range r.out.Teams { // branches at the start hang off the trunk
		if ti := r.trunk; ti >= 0 && !r.out.Teams[i].Trunk {
			r.out.Teams[i].Parent = r.teams[ti].name
		}
	}
	r.lastSplit = -1 << 20
}

// begin applies the policy's own start (fragmenting, splitting up front)
// to the warm organization and schedules the first budget review.
func (r *run) begin() {
	c := r.cfg
	r.lastReviewEng = r.plan.engineers[0]
	if c.Policy.Name == Fragmented {
		r.fragment()
	}
	if c.Policy.UpFront && r.splits() {
		r.splitUpFront()
	}
	r.startPlan()
	r.sched.add(event{tick: 0, kind: evBudgetReview})
}

// addTeam makes a team; parent is the team it splits from, or -1.
func (r *run) addTeam(name string, trunk bool, parent int) int {
	t := &team{name: r.uniqueName(name), base: name, alive: true, morale: r.cfg.People.StartMorale, lastSplit: -1 << 20, areaWeek: -1}
	r.teamSeries(t)
	r.teams = append(r.teams, t)
	info := TeamInfo{Name: t.name, Area: name, Born: r.week, Trunk: trunk}
	if trunk {
		info.Area = TrunkArea
	}
	if parent >= 0 {
		info.Parent = r.teams[parent].name
	}
	r.out.Teams = append(r.out.Teams, info)
	return len(r.teams) - 1
}

// uniqueName is name, or name-2, name-3, ..., the first no team has.
// A run never drops a team nor renames one, so every number below the
// last one given for a name is still taken, and the search starts there:
// a fragmented organization forming its hundredth "group" does not try
// the 99 before.
func (r *run) uniqueName(name string) string {
	taken := func(n string) bool {
		return slices.ContainsFunc(r.teams, func(t *team) bool { return t.name == n })
	}
	if !taken(name) {
		return name
	}
	if r.suffixes == nil {
		r.suffixes = map[string]int{}
	}
	for i := max(2, r.suffixes[name]); ; i++ {
		if n := name + "-" + strconv.Itoa(i); !taken(n) {
			r.suffixes[name] = i
			return n
		}
	}
}

func (r *run) addInstance(d int, name string, share, automation float64, ti int) int {
	r.insts = append(r.insts, &instance{domain: d, name: name, share: share, automation: automation, team: ti, quality: 1})
	i := len(r.insts) - 1
	r.teams[ti].insts = append(r.teams[ti].insts, i)
	return i
}

func (r *run) addPerson(hired, ti int) {
	r.active++
	r.people = append(r.people, person{hired: hired, team: ti, active: true})
	r.teams[ti].members = append(r.teams[ti].members, len(r.people)-1)
}

// headcount is the number of infra engineers on staff, including those
// working out their notice.
func (r *run) headcount() int { return r.active }

// staying is the headcount less those who gave notice: what hiring backfills.
func (r *run) staying() int { return r.active - r.leaving }
