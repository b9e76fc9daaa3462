package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"
)

// Run simulates one replication of the plan with its own random source,
// seeded from (seed, replication). The same arguments give the same Trace.
func (p *Plan) Run(seed, replication uint64) *Trace {
	return p.runInto(newTrace(p.cfg.Weeks), seed, replication)
}

// runInto is Run writing into tr, a trace of this plan that may be reused.
func (p *Plan) runInto(tr *Trace, seed, replication uint64) *Trace {
	tr.reset()
	r := &run{
		cfg:   p.cfg,
		plan:  p,
		rng:   rand.New(rand.NewPCG(seed, replication)),
		trunk: -1,
		out:   tr,
	}
	r.stats.firstIntervention = -1
	// The backlog, in weeks of toil, at which quality sits at the floor.
	r.floorWeeks = -math.Log(math.Max(p.cfg.Allocation.QualityFloor, 1e-9)) * p.cfg.OnCall.QualityBacklogWeeks
	r.startRecording()
	r.start()
	for t := 0; t < p.cfg.Weeks; t++ {
		r.week = t
		r.step()
	}
	r.finish()
	return r.out
}

// start builds the initial organization.
func (r *run) start() {
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
	if c.Policy.Name == Fragmented {
		r.fragment()
	}
	if c.Policy.UpFront && r.splits() {
		r.splitUpFront()
	}
	r.sched.add(event{tick: 0, kind: evBudgetReview})
}

// addTeam makes a team; parent is the team it splits from, or -1.
func (r *run) addTeam(name string, trunk bool, parent int) int {
	t := &team{name: r.uniqueName(name), trunk: trunk, alive: true, morale: r.cfg.People.StartMorale, lastSplit: -1 << 20, areaWeek: -1}
	r.teamSeries(t)
	r.teams = append(r.teams, t)
	info := TeamInfo{Name: t.name, Born: r.week, Trunk: trunk}
	if parent >= 0 {
		info.Parent = r.teams[parent].name
	}
	r.out.Teams = append(r.out.Teams, info)
	return len(r.teams) - 1
}

func (r *run) uniqueName(name string) string {
	taken := func(n string) bool {
		return slices.ContainsFunc(r.teams, func(t *team) bool { return t.name == n })
	}
	if !taken(name) {
		return name
	}
	for i := 2; ; i++ {
		if n := fmt.Sprintf("%s-%d", name, i); !taken(n) {
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

func (r *run) logf(kind, format string, args ...any) {
	r.out.Events = append(r.out.Events, Event{Week: r.week, Kind: kind, Text: fmt.Sprintf(format, args...)})
}

// step advances the organization by one week.
func (r *run) step() {
	for {
		e, ok := r.sched.next(r.week)
		if !ok {
			break
		}
		r.handle(e)
	}
	if r.cfg.Policy.Name == Fragmented {
		r.fragment()
	}
	r.demand()
	r.work()
	r.leadership()
	r.moraleAndAttrition()
	r.hire()
	r.decide()
	r.record()
}

func (r *run) handle(e event) {
	switch e.kind {
	case evBudgetReview:
		r.budgetReview()
		r.sched.add(event{tick: r.week + r.cfg.Budget.ReviewWeeks, kind: evBudgetReview})
	case evHireStart:
		r.pending--
		if r.headcount() >= r.approved || r.week < r.freezeUntil && r.staying() >= r.approved {
			r.logf("hiring", "offer rescinded: headcount %d is at the approved %d", r.headcount(), r.approved)
			return
		}
		ti := r.route()
		r.addPerson(r.week, ti)
		r.stats.hires++
	case evDeparture:
		r.depart(e.person, false)
	case evSplit:
		r.split(e)
	}
}

// depart removes a person from their team. A leaver's context goes with
// them: the team pays ContextLossShare of a head for ContextLossWeeks.
func (r *run) depart(pi int, laidOff bool) {
	p := &r.people[pi]
	if !p.active {
		return
	}
	p.active = false
	r.active--
	if p.leaving {
		r.leaving--
	}
	t := r.teams[p.team]
	t.members = slices.DeleteFunc(t.members, func(m int) bool { return m == pi })
	pp := r.cfg.People
	t.ctxDebt += pp.ContextLossShare * pp.HoursPerWeek * pp.ContextLossWeeks
	if laidOff {
		r.stats.layoffs++
		t.reorgUntil = max(t.reorgUntil, r.week+pp.ReorgWeeks)
	} else {
		r.stats.leavers++
	}
}

// budgetReview is Corollary Two: infra asks for AskPct of engineering; an
// ask above leadership's cap is compressed below the cap and hiring freezes.
func (r *run) budgetReview() {
	b := r.cfg.Budget
	e := r.plan.engineers[r.week]
	ask := b.AskPct / 100 * e
	limit := b.CapPct / 100 * e
	if ask > limit {
		r.approved = int(math.Floor(limit * (1 - b.CompressionPct/100)))
		r.freezeUntil = r.week + b.FreezeWeeks
		r.stats.compressions++
		r.logf("budget", "budget review: asked for %.0f infra engineers, over leadership's cap of %.0f; approved %d and froze hiring for %d weeks",
			ask, limit, r.approved, b.FreezeWeeks)
		if n := r.headcount(); b.AllowLayoffs && n > r.approved {
			r.layoff(n - r.approved)
		}
		return
	}
	r.approved = int(math.Round(ask))
}

// layoff lets the n most recent hires go.
func (r *run) layoff(n int) {
	var staff []int
	for _, t := range r.teams {
		staff = append(staff, t.members...)
	}
	slices.SortStableFunc(staff, func(a, b int) int { return r.people[b].hired - r.people[a].hired })
	for _, pi := range staff[:min(n, len(staff))] {
		r.depart(pi, true)
	}
	r.logf("budget", "budget cut: %d infra engineers laid off, %d remain", min(n, len(staff)), r.headcount())
}

// hire opens requisitions up to the approved headcount. Each is filled
// after a random time to fill (gamma, shape 4) and starts as a HireStart.
func (r *run) hire() {
	if r.week < r.freezeUntil {
		return
	}
	open := r.approved - r.staying() - r.pending
	if open <= 0 {
		return
	}
	mean := r.cfg.People.TimeToFillWeeks
	g := distuv.Gamma{Alpha: 4, Beta: 4 / mean, Src: r.rng}
	for range open {
		wait := max(1, int(math.Round(g.Rand())))
		r.pending++
		r.sched.add(event{tick: r.week + wait, kind: evHireStart})
	}
}

// productivity is a person's output share: RampStart on the first day,
// rising linearly to 1 after RampWeeks.
func (r *run) productivity(p *person) float64 {
	pp := r.cfg.People
	tenure := float64(r.week - p.hired)
	if pp.RampWeeks <= 0 || tenure >= pp.RampWeeks {
		return 1
	}
	return pp.RampStart + (1-pp.RampStart)*tenure/pp.RampWeeks
}

func (r *run) poisson(lambda float64) float64 { return poisson(r.rng, lambda) }

// demand computes each instance's demand, toil, incidents and pages for the
// week. Growth of the driver erodes automation (the plan holds the factor).
func (r *run) demand() {
	oc := r.cfg.OnCall
	w := r.week
	for _, in := range r.insts {
		if !r.teams[in.team].alive {
			continue
		}
		d := &r.cfg.Domains[in.domain]
		if in.fresh {
			in.fresh = false
		} else {
			in.automation *= r.plan.erode[in.domain][w]
		}
		scaled := in.share * r.plan.scaled[in.domain][w]
		in.demand = scaled + d.FixedHours
		in.toil = scaled*(1-in.automation) + d.FixedHours
		// A degraded domain fires more: up to three times as often when
		// its quality has collapsed.
		worse := 1 + 2*(1-in.quality)
		in.incidents = r.poisson(in.toil / 100 * oc.IncidentsPer100Toil * d.FireFactor * worse)
		in.pages = r.poisson(in.toil*oc.PagesPerToilHour*d.AlertFactor*worse) + in.incidents
		in.recentInc += (in.incidents - in.recentInc) / 4
	}
}

// backlogWeeks is an instance's backlog in weeks of its toil, relative to
// the backlog that cuts quality to 1/e.
func (r *run) backlogWeeks(in *instance) float64 {
	return in.backlog / math.Max(in.toil, 1) / r.cfg.OnCall.QualityBacklogWeeks
}

// work computes each team's capacity and spends it on operations and
// investment.
func (r *run) work() {
	for _, t := range r.teams {
		if !t.alive {
			continue
		}
		r.capacity(t)
		r.allocate(t)
	}
}

// capacity is what a team's engineers can give this week, less ramp-up,
// mentoring, coordination (Brooks's law), context switching between the
// domains it owns, reorganisation and lost context, and on-call
// interruptions.
func (r *run) capacity(t *team) {
	pp := r.cfg.People
	oc := r.cfg.OnCall
	var raw, mentoring float64
	for _, m := range t.members {
		p := &r.people[m]
		f := r.productivity(p)
		raw += pp.HoursPerWeek * f
		if f < 1 {
			mentoring += pp.HoursPerWeek * pp.MentorShare
		}
	}
	n := float64(len(t.members))
	eff := 1 / (1 + pp.CoordinationCost*math.Max(0, n-1))
	eff /= 1 + pp.SwitchCost*math.Max(0, float64(len(t.insts))-1)
	if r.week < t.reorgUntil {
		eff *= 1 - pp.ReorgDisruption
	}
	ctx := 0.0
	if pp.ContextLossWeeks > 0 {
		ctx = t.ctxDebt / pp.ContextLossWeeks
	}
	t.ctxDebt -= ctx
	capacity := math.Max(0, math.Max(0, raw-mentoring)*eff-ctx)
	t.perHead = pp.HoursPerWeek * eff
	t.pages, t.interrupts = 0, 0
	for _, i := range t.insts {
		in := r.insts[i]
		t.pages += in.pages
		t.interrupts += in.pages*oc.HoursPerPage + in.incidents*oc.HoursPerIncident
	}
	t.capacity = capacity
}

// allocate splits a team's capacity. Interruptions come first. Under
// bounded-floor the team then holds each domain at the quality floor while
// keeping the reserve for investment, invests in its biggest problems, and
// gives what investment cannot use to full service. Under ops-first it
// serves everything it can and invests what is left.
func (r *run) allocate(t *team) {
	a := r.cfg.Allocation
	oc := r.cfg.OnCall
	// Pages beyond what the team can answer go unanswered.
	served := math.Min(t.capacity, t.interrupts)
	h := t.capacity - served
	k := len(t.insts)
	full, floor, rest := grow(r.full, k), grow(r.floor, k), grow(r.rest, k)
	r.full, r.floor, r.rest = full, floor, rest
	t.required = t.interrupts
	for j, i := range t.insts {
		in := r.insts[i]
		in.ops, in.invest = 0, 0
		full[j] = in.toil + in.backlog*oc.BacklogPaydownPct/100
		target := r.floorWeeks * in.toil
		floor[j] = math.Min(full[j], math.Max(0, in.toil+in.backlog-target))
		t.required += full[j]
	}
	give := func(want []float64, budget float64) float64 {
		var total float64
		for j := range want {
			total += want[j]
		}
		if total <= 0 || budget <= 0 {
			return 0
		}
		f := math.Min(1, budget/total)
		for j, i := range t.insts {
			r.insts[i].ops += want[j] * f
		}
		return math.Min(total, budget)
	}
	if a.Rule == OpsFirst {
		h -= give(full, h)
	} else {
		h -= give(floor, h*(1-a.ReservePct/100))
	}
	h -= r.invest(t, h)
	for j, i := range t.insts {
		rest[j] = math.Max(0, full[j]-r.insts[i].ops)
	}
	give(rest, h)
	t.ops, t.invest = served, 0
	for _, i := range t.insts {
		in := r.insts[i]
		t.ops += in.ops
		t.invest += in.invest
		r.apply(in)
	}
}

// invest spends up to budget hours on the team's domains, biggest problem
// first; each domain takes at most InvestCap times the toil automation
// could still remove. It returns the hours spent.
func (r *run) invest(t *team, budget float64) float64 {
	order := append(r.order[:0], t.insts...)
	r.order = order
	for _, i := range order {
		r.insts[i].prob = r.problem(r.insts[i])
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmpDesc(r.insts[a].prob, r.insts[b].prob) })
	spent := 0.0
	for _, i := range order {
		if budget <= 0 {
			break
		}
		in := r.insts[i]
		d := &r.cfg.Domains[in.domain]
		scaled := in.demand - d.FixedHours
		limit := r.cfg.Allocation.InvestCap * scaled * math.Max(0, d.MaxAutomation-in.automation)
		x := math.Min(budget, limit)
		in.invest = x
		budget -= x
		spent += x
	}
	return spent
}

// grow returns buf resized to n, reusing its storage.
func grow(buf []float64, n int) []float64 {
	if cap(buf) < n {
		return make([]float64, n)
	}
	return buf[:n]
}

func cmpDesc(a, b float64) int {
	switch {
	case a > b:
		return -1
	case a < b:
		return 1
	}
	return 0
}

// problem scores an instance as the seed's "biggest problem": the hours it
// will cost within a quarter at its current growth (an exponential problem),
// plus its incident and paging load (a recurring fire) and its backlog (a
// workflow starving investment).
func (r *run) problem(in *instance) float64 {
	oc := r.cfg.OnCall
	projected := in.toil * r.plan.boost[in.domain][r.week]
	return projected + in.recentInc*oc.HoursPerIncident + in.pages*oc.HoursPerPage + in.backlog*oc.BacklogPaydownPct/100
}

// apply moves an instance's stocks by a week of work.
func (r *run) apply(in *instance) {
	d := &r.cfg.Domains[in.domain]
	oc := r.cfg.OnCall
	in.backlog = math.Max(0, in.backlog+in.toil-in.ops) * (1 - oc.BacklogExpiryPct/100)
	// Automating a bigger system takes more work: investment equal to
	// EffortWeeks of the instance's scaled demand closes 63% of the gap.
	if scaled := in.demand - d.FixedHours; scaled > 0 && in.invest > 0 {
		in.automation += (d.MaxAutomation - in.automation) * (1 - math.Exp(-in.invest/(d.EffortWeeks*scaled)))
	}
	in.quality = math.Exp(-r.backlogWeeks(in))
}
