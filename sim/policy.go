package sim

import (
	"fmt"
	"math"
	"slices"
	"strconv"
)

// splits reports whether the policy ever splits teams.
func (r *run) splits() bool { return r.cfg.Policy.Splits() }

// Splits reports whether the policy splits branches off the trunk.
func (p Policy) Splits() bool { return p.Name == TrunkAndBranches || p.Name == TrunkShare }

// MaxGroups bounds the product groups of a fragmented organization; past
// it, groups grow larger instead of more numerous.
const MaxGroups = 200

// fragment keeps one infra team per product group, GroupSize product
// engineers each. The first call dissolves the configured teams into the
// groups; later groups start with no automation (every primitive is rebuilt)
// and their own copy of each domain's fixed work.
func (r *run) fragment() {
	want := min(MaxGroups, max(1, int(math.Ceil(r.plan.engineers[r.week]/r.cfg.Company.GroupSize))))
	if r.groups == 0 {
		// The groups inherit the warm organization: each domain's backlog,
		// incident history and last week's work shared among them, and its
		// morale.
		var staff []int
		var moraleSum float64
		type work struct{ backlog, recent, demand, toil, pages, incidents float64 }
		byDomain := make([]work, len(r.cfg.Domains))
		for _, in := range r.insts {
			w := &byDomain[in.domain]
			w.backlog += in.backlog
			w.recent += in.recentInc
			w.demand += in.demand
			w.toil += in.toil
			w.pages += in.pages
			w.incidents += in.incidents
		}
		for _, t := range r.teams {
			staff = append(staff, t.members...)
			moraleSum += t.morale * float64(len(t.members))
			t.alive, t.members, t.insts = false, nil, nil
			t.changedFrom(0)
		}
		r.insts, r.trunk = nil, -1
		for range want {
			r.addGroup(false)
		}
		g := float64(want)
		for _, in := range r.insts {
			w := byDomain[in.domain]
			in.backlog, in.recentInc, in.demand, in.toil = w.backlog/g, w.recent/g, w.demand/g, w.toil/g
			in.pages, in.incidents = w.pages/g, w.incidents/g
			in.quality = math.Exp(-r.backlogWeeks(in))
		}
		for _, t := range r.teams[len(r.teams)-want:] {
			t.morale = safeDiv(moraleSum, float64(len(staff)), t.morale)
		}
		for j, pi := range staff {
			ti := len(r.teams) - want + j%want
			r.people[pi].team = ti
			r.teams[ti].members = append(r.teams[ti].members, pi)
		}
		r.logf("reorg", "infra split into %s, one for every %.0f product engineers, each with its own copy of every domain",
			plural(want, "product group"), r.cfg.Company.GroupSize)
		return
	}
	for r.groups < want {
		r.addGroup(true)
		moved := r.staffGroup(len(r.teams) - 1)
		r.logf("reorg", "product group %d formed its own infra team of %s, rebuilding every primitive from scratch", r.groups, engineers(moved))
	}
}

// staffGroup gives a new product group its share of the infra headcount
// from the day it forms, moving engineers from the largest groups, and
// returns how many moved.
func (r *run) staffGroup(ti int) int {
	share := r.headcount() / r.groups
	nt := r.teams[ti]
	for len(nt.members) < share {
		big := -1
		for i, t := range r.teams {
			if i != ti && t.alive && (big < 0 || len(t.members) > len(r.teams[big].members)) {
				big = i
			}
		}
		if big < 0 || len(r.teams[big].members) <= len(nt.members)+1 {
			break
		}
		bt := r.teams[big]
		if len(nt.members) == 0 {
			nt.morale = bt.morale
		}
		m := bt.members[len(bt.members)-1]
		bt.members = bt.members[:len(bt.members)-1]
		bt.changedFrom(len(bt.members))
		r.people[m].team = ti
		nt.members = append(nt.members, m)
	}
	return len(nt.members)
}

func (r *run) addGroup(rebuild bool) {
	r.groups++
	ti := r.addTeam("group", false, -1)
	for d, dom := range r.cfg.Domains {
		a := dom.Automation
		if rebuild {
			a = 0
		}
		i := r.addInstance(d, dom.Name, 0, a, ti)
		r.insts[i].fresh = r.week > 0
	}
	for _, in := range r.insts {
		in.share = 1 / float64(r.groups)
	}
	r.needGen++ // every group's share of the work changed
}

// capped reports whether team ti is a trunk at its cap (policy.trunk_cap).
func (r *run) capped(ti int) bool {
	p := &r.cfg.Policy
	return ti == r.trunk && p.TrunkCap > 0 && p.Name == TrunkAndBranches && len(r.teams[ti].members) >= p.TrunkCap
}

// eligible reports whether team ti may take a new hire under the policy:
// not while it is absorbing as many new hires as it can, nor a trunk at
// its cap; a trunk with nothing left to split takes hires only up to its
// need (or, under trunk-and-branches, up to the threshold).
func (r *run) eligible(ti int) bool {
	p := &r.cfg.Policy
	t := r.teams[ti]
	if float64(t.ramping) >= r.cfg.People.MaxRampingShare*float64(len(t.members)+1) {
		return false // it cannot absorb another new hire yet
	}
	if ti != r.trunk || !r.splits() {
		return true
	}
	if r.capped(ti) {
		return false
	}
	if r.canSplit(ti) {
		return true
	}
	// A trunk with nothing left to split takes hires only for its need.
	if p.Name == TrunkAndBranches && len(t.members) < p.Threshold {
		return true
	}
	return r.need(t) > float64(len(t.members))
}

// route picks the team a new hire joins: under trunk-share a trunk below
// its band first; otherwise the eligible team whose need exceeds its staff
// the most, or with none short, the eligible team with the highest load
// (the hours its work asks for per hour it can give). When every team is
// absorbing all the new hires it can, the one shortest of its need takes
// the hire anyway.
func (r *run) route() int {
	p := &r.cfg.Policy
	if p.Name == TrunkShare && r.trunk >= 0 && r.teams[r.trunk].alive && r.eligible(r.trunk) &&
		float64(len(r.teams[r.trunk].members)) < (p.SharePct-p.ShareBand)/100*float64(r.headcount()) {
		return r.trunk
	}
	best, bestGap, bestLoad := -1, 0.0, math.Inf(-1)
	short, shortGap := -1, math.Inf(-1)
	for i, t := range r.teams {
		if !t.alive || r.capped(i) {
			continue
		}
		gap := r.need(t) - float64(len(t.members))
		if len(t.members) < p.BranchMin && len(t.insts) > 0 {
			gap += 1e6 // a team under the minimum is backfilled first
		}
		if gap > shortGap {
			short, shortGap = i, gap
		}
		if !r.eligible(i) {
			continue
		}
		load := math.Inf(1)
		if n := len(t.members); n > 0 {
			load = t.required / (float64(n) * max(t.perHead, 1e-9))
		}
		if gap > bestGap || bestGap <= 0 && gap <= 0 && load > bestLoad {
			best, bestGap, bestLoad = i, gap, load
		}
	}
	if best < 0 {
		return short
	}
	return best
}

// rebalance moves engineers a team's need no longer uses to the teams
// short of theirs, as a leader would at a budget review: each donor keeps
// its need and one spare, and never falls below half a comfortable
// rotation (nor branch_min), unless a team short of its need serves under
// the quality floor, when donors keep only what their work needs; a mover
// rebuilds context, ramping from halfway. The spare no infra team
// needs moves to product teams when release is set (at a budget
// review): infra's budget follows its need. It returns how many moved
// within infra and how many left it.
func (r *run) rebalance(release bool) (moved, out int) {
	// in the storage of the last rebalance's
	donors, takers := r.donors[:0], r.takers[:0]
	urgent := false // a team short of its need is serving under the quality floor
	for i, t := range r.teams {
		if !t.alive {
			continue
		}
		d := r.need(t) - float64(len(t.members))
		if d >= 1 && !r.capped(i) {
			n := math.Floor(d)
			if p := r.cfg.Policy; i == r.trunk && p.TrunkCap > 0 && p.Name == TrunkAndBranches {
				n = min(n, float64(p.TrunkCap-len(t.members)))
			}
			takers = append(takers, gap{i, n})
			urgent = urgent || r.teamQuality(t) < r.cfg.Allocation.QualityFloor
		}
	}
	for i, t := range r.teams {
		if !t.alive || len(t.members) == 0 {
			continue
		}
		// A team keeps its need and one spare, and enough to share its
		// on-call (half a comfortable rotation, two people on call of
		// every four at most), before it gives anyone up; when another
		// team is short and under the quality floor, it keeps only what its
		// work needs and one spare, and branch_min.
		keep := max(r.minStaff(), math.Ceil(r.need(t))+1)
		if urgent {
			keep = max(float64(r.cfg.Policy.BranchMin), math.Ceil(r.workNeed(t))+1)
		}
		if spare := float64(len(t.members)) - keep; spare >= 1 {
			donors = append(donors, gap{i, spare})
		}
	}
	slices.SortStableFunc(takers, func(a, b gap) int { return cmpDesc(a.n, b.n) })
	for ti := range takers {
		for di := range donors {
			for donors[di].n >= 1 && takers[ti].n >= 1 {
				from := r.teams[donors[di].team]
				m := from.members[len(from.members)-1]
				from.members = from.members[:len(from.members)-1]
				from.changedFrom(len(from.members))
				to := takers[ti].team
				r.teams[to].members = append(r.teams[to].members, m)
				pe := &r.people[m]
				pe.team = to
				pe.hired = max(pe.hired, r.week-int(r.cfg.People.RampWeeks/2))
				donors[di].n--
				takers[ti].n--
				moved++
			}
		}
	}
	for _, d := range donors {
		if !release {
			break
		}
		from := r.teams[d.team]
		for range int(d.n) {
			pi := from.members[len(from.members)-1]
			r.depart(pi, false)
			r.stats.leavers-- // not a resignation: a transfer out of infra
			r.stats.transfers++
			out++
		}
	}
	r.donors, r.takers = donors, takers
	return moved, out
}

// canSplit reports whether splittable(ti) lists any instance, without
// making the list: routing asks it of the trunk for every hire.
func (r *run) canSplit(ti int) bool {
	t := r.teams[ti]
	if len(t.insts) < 2 {
		return false
	}
	return slices.ContainsFunc(t.insts, func(i int) bool { return r.mayLeave(ti, i) })
}

// mayLeave reports whether instance i may leave team ti in a split: any
// of a branch's, and a trunk's non-commodity ones.
func (r *run) mayLeave(ti, i int) bool {
	return ti != r.trunk || !r.cfg.Domains[r.insts[i].domain].Commodity
}

// gap is a team's engineers to give or to take at a rebalance.
type gap struct {
	team int
	n    float64
}

// splittable lists the instances that may leave team ti: any of a branch's,
// and a trunk's non-commodity ones, as long as the team keeps one.
func (r *run) splittable(ti int) []int {
	t := r.teams[ti]
	if len(t.insts) < 2 {
		return nil
	}
	var out []int
	for _, i := range t.insts {
		if r.mayLeave(ti, i) {
			out = append(out, i)
		}
	}
	return out
}

// decide applies the split rule once a week.
func (r *run) decide() {
	if !r.splits() {
		return
	}
	p := &r.cfg.Policy
	if r.trunk >= 0 {
		t := r.teams[r.trunk]
		n := len(t.members)
		over := n > p.Threshold
		if p.Name == TrunkShare { // above its band, and never below the threshold
			over = n > p.Threshold && float64(n) > (p.SharePct+p.ShareBand)/100*float64(r.headcount())
		}
		if over && r.ready(t) {
			r.propose(r.trunk)
		}
	}
	if !p.Subdivide {
		return
	}
	for i, t := range r.teams {
		if i != r.trunk && t.alive && r.ready(t) && len(t.members) > p.SubdivideAt {
			r.propose(i)
		}
	}
}

// ready reports whether a team may be split now: none is scheduled and
// its last split is at least SplitCooldown weeks old.
func (r *run) ready(t *team) bool {
	p := &r.cfg.Policy
	return !t.pending && r.week-t.lastSplit >= p.SplitCooldown && r.week-r.lastSplit >= p.SplitSpacing
}

// propose schedules a split of team ti: one of its domains leaves with a
// share of its people, or a branch with a single domain halves it.
func (r *run) propose(ti int) {
	p := &r.cfg.Policy
	t := r.teams[ti]
	n := len(t.members)
	if ti != r.trunk && len(t.insts) == 1 {
		if n/2 >= p.BranchMin {
			r.schedule(ti, t.insts[0], n/2, true, "it outgrew one team")
		}
		return
	}
	cands := r.splittable(ti)
	if len(cands) == 0 {
		return
	}
	pick, why := r.choose(ti, cands)
	size := max(p.BranchMin, int(math.Round(float64(n)*r.needShare(t, pick))))
	size = min(size, n-p.BranchMin)
	if size < p.BranchMin {
		return
	}
	r.schedule(ti, pick, size, false, why)
}

func (r *run) schedule(ti, inst, size int, halve bool, why string) {
	r.teams[ti].pending = true
	r.lastSplit = r.week
	e := event{tick: r.week + r.cfg.Policy.SplitDelay, kind: evSplit, team: ti, inst: inst, size: size, why: why}
	if halve {
		e.inst = -1 - inst
	}
	if r.cfg.Policy.SplitDelay == 0 {
		r.split(e)
		return
	}
	r.sched.add(e)
}

// needShare is an instance's share of its team's problems.
func (r *run) needShare(t *team, pick int) float64 {
	var total float64
	for _, i := range t.insts {
		total += r.problem(r.insts[i])
	}
	if total <= 0 {
		return 1 / float64(len(t.insts))
	}
	return r.problem(r.insts[pick]) / total
}

// choose picks the instance a split takes, by the policy's rule, and says
// why in words.
func (r *run) choose(ti int, cands []int) (int, string) {
	p := &r.cfg.Policy
	if p.Choose == RandomDomain {
		return cands[r.rng.IntN(len(cands))], "it was drawn at random"
	}
	score := func(in *instance) float64 {
		switch p.Choose {
		case LargestToil:
			return in.toil
		case MostIncidents:
			return in.recentInc
		case FastestGrowing:
			return r.plan.growth[in.domain][r.week]
		}
		return r.problem(in)
	}
	best := cands[0]
	for _, i := range cands[1:] {
		if score(r.insts[i]) > score(r.insts[best]) {
			best = i
		}
	}
	if r.out.quiet { // the reason is for the log, which this run keeps none of
		return best, ""
	}
	in := r.insts[best]
	switch p.Choose {
	case LargestToil:
		return best, fmt.Sprintf("it had the most toil, %.0f hours a week", in.toil)
	case MostIncidents:
		return best, fmt.Sprintf("it had the most incidents, %.1f a week", in.recentInc)
	case FastestGrowing:
		return best, fmt.Sprintf("its demand grew fastest, %.0f%% a quarter", 100*(r.plan.boost[in.domain][r.week]-1))
	}
	whose := possessive(r.teams[ti].name)
	if ti == r.trunk {
		whose = "the trunk's"
	}
	return best, fmt.Sprintf("it was the biggest problem, %.0f%% of %s projected work", 100*r.needShare(r.teams[ti], best), whose)
}

// split carries out a scheduled split, or a planned one (kind evPlan,
// whose log is the plan's), and returns the new team, or -1 if it was
// called off.
func (r *run) split(e event) int {
	t := r.teams[e.team]
	planned := e.kind == evPlan
	if !planned { // the pending split is this one; a planned one leaves it be
		t.pending = false
	}
	halve := e.inst < 0
	ii := e.inst
	if halve {
		ii = -1 - e.inst
	}
	if !t.alive || r.insts[ii].team != e.team {
		return -1
	}
	n := len(t.members)
	bm := r.cfg.Policy.BranchMin
	size := min(e.size, n-bm) // both teams keep at least branch_min
	if halve {
		size = n / 2
	}
	if size < bm || n-size < bm {
		r.logf("split", "a split of %s was called off: %d engineers cannot make two teams of at least %d", t.name, n, bm)
		return -1
	}
	in := r.insts[ii]
	name := in.name
	if e.name != "" {
		name = e.name
	}
	var nt int
	if halve {
		nt = r.addTeam(name, false, e.team)
		ni := r.addInstance(in.domain, in.name, in.share/2, in.automation, nt)
		c := r.insts[ni]
		// Each half takes half of the domain's work, stocks and this
		// week's figures; quality, a ratio of the two, is unchanged.
		in.share /= 2
		in.backlog /= 2
		in.demand, in.toil, in.pages, in.incidents, in.recentInc = in.demand/2, in.toil/2, in.pages/2, in.incidents/2, in.recentInc/2
		c.backlog, c.demand, c.toil, c.pages, c.incidents, c.recentInc, c.quality = in.backlog, in.demand, in.toil, in.pages, in.incidents, in.recentInc, in.quality
	} else {
		nt = r.addTeam(name, false, e.team)
		t.insts = slices.DeleteFunc(t.insts, func(i int) bool { return i == ii })
		r.teams[nt].insts = append(r.teams[nt].insts, ii)
		in.team = nt
	}
	// Movers alternate by tenure, so neither team is left with only the
	// newest hires.
	order := slices.Clone(t.members)
	slices.SortStableFunc(order, func(a, b int) int { return r.people[a].hired - r.people[b].hired })
	var movers []int
	for start := 1; start >= 0 && len(movers) < size; start-- {
		for j := start; j < len(order) && len(movers) < size; j += 2 {
			movers = append(movers, order[j])
		}
	}
	nt2 := r.teams[nt]
	r.out.Teams[nt].Area = in.name // a named branch's colours are its domain's
	for _, m := range movers {
		r.people[m].team = nt
	}
	t.members = slices.DeleteFunc(t.members, func(m int) bool { return slices.Contains(movers, m) })
	t.changedFrom(0)
	nt2.members = append(nt2.members, movers...)
	nt2.morale = t.morale
	until := r.week + r.cfg.People.ReorgWeeks
	t.reorgUntil, nt2.reorgUntil = until, until
	t.lastSplit, nt2.lastSplit = r.week, r.week
	r.stats.splits++
	r.needGen++ // both teams' work changed
	kind := "split"
	if planned {
		kind = "plan"
	}
	if !r.out.quiet { // a run whose log no one reads keeps none
		r.logf(kind, "%s, because %s", r.splitText(e.team, in.name, nt2.name, halve, n, len(t.members), len(nt2.members)), e.why)
		ev := &r.out.Events[len(r.out.Events)-1]
		ev.Team, ev.Domain, ev.NewTeam, ev.Why = t.name, in.name, nt2.name, e.why
	}
	return nt
}

// splitText says what a split did, naming each team and domain once:
// "split messaging off the trunk (operations) into a new branch of 3,
// leaving 6 of 9 engineers", "split storage in two: a new branch,
// storage-2, of 6, leaving 6 of 12 engineers". A new team is named only
// where its name is not its domain's.
func (r *run) splitText(ti int, domain, newTeam string, halve bool, before, after, moved int) string {
	name := r.teams[ti].name
	branch := "a new branch of " + strconv.Itoa(moved)
	if newTeam != domain {
		branch = "a new branch, " + newTeam + ", of " + strconv.Itoa(moved)
	}
	leaving := fmt.Sprintf("leaving %d of %d engineers", after, before)
	switch {
	case halve && (name == domain || r.teams[ti].base == domain):
		return fmt.Sprintf("split %s in two: %s, %s", name, branch, leaving)
	case halve:
		return fmt.Sprintf("split %s %s in two: %s, %s", possessive(name), domain, branch, leaving)
	case ti == r.trunk:
		name = "the trunk (" + name + ")"
	}
	return fmt.Sprintf("split %s off %s into %s, %s", domain, name, branch, leaving)
}

// merge folds team from into team into: its engineers, the domains it
// owns and any approved headcount the plan gave it move, morale averages
// by headcount, and the merged team is in a reorganisation for
// People.ReorgWeeks, as both teams of a split are.
func (r *run) merge(from, into int) {
	f, t := r.teams[from], r.teams[into]
	t.morale = safeDiv(t.morale*float64(len(t.members))+f.morale*float64(len(f.members)), float64(len(t.members)+len(f.members)), t.morale)
	for _, i := range f.insts {
		r.insts[i].team = into
	}
	for _, m := range f.members {
		r.people[m].team = into
	}
	t.insts = append(t.insts, f.insts...)
	t.members = append(t.members, f.members...)
	t.ctxDebt += f.ctxDebt
	t.extra += f.extra
	t.reorgUntil = max(t.reorgUntil, r.week+r.cfg.People.ReorgWeeks)
	f.alive, f.members, f.insts, f.pending = false, nil, nil, false
	f.changedFrom(0)
	r.needGen++ // the merged team's work changed
}

// splitUpFront gives every domain the trunk may lose its own branch at week
// 0, sharing the trunk's people evenly.
func (r *run) splitUpFront() {
	cands := r.splittable(r.trunk)
	t := r.teams[r.trunk]
	if len(cands) == len(t.insts) {
		cands = cands[1:] // the trunk keeps one
	}
	// Never into branches smaller than the minimum: split off only as many
	// domains as the trunk's people can staff at branch_min each, the trunk
	// keeping as many.
	bm := r.cfg.Policy.BranchMin
	cands = cands[:max(0, min(len(cands), len(t.members)/bm-1))]
	each := len(t.members) / (len(cands) + 1)
	for _, i := range cands {
		r.split(event{team: r.trunk, inst: i, size: each, why: "the policy splits everything up front"})
	}
}

// teamQuality is the demand-weighted quality of team t's domains.
func (r *run) teamQuality(t *team) float64 {
	var num, den float64
	for _, i := range t.insts {
		in := r.insts[i]
		num += in.demand * in.quality
		den += in.demand
	}
	if den <= 0 {
		return 1
	}
	return num / den
}
