package sim

import (
	"math"
	"slices"
)

// Work and allocation: each domain's demand, toil, incidents and pages;
// each team's capacity; how a team spends it on operations and investment;
// and how backlog, automation and quality move as a result.

// poisson draws a count with mean lambda; the warm start, which has no
// random source, takes the mean itself.
func (r *run) poisson(lambda float64) float64 {
	if r.rng == nil {
		return lambda
	}
	return poisson(r.rng, lambda)
}

// demand computes each instance's demand, toil, incidents and pages for the
// week. Growth of the driver erodes automation (the plan holds the factor).
func (r *run) demand() {
	oc := &r.cfg.OnCall
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
		// A degraded domain fires more: 1 + DegradedFactor times as often
		// when its quality has collapsed.
		worse := 1 + oc.DegradedFactor*(1-in.quality)
		in.incidents = r.poisson(in.toil / 100 * oc.IncidentsPer100Toil * d.FireFactor * worse)
		in.pages = r.poisson(in.toil*oc.PagesPerToilHour*d.AlertFactor*worse) + in.incidents
		in.recentInc += (in.incidents - in.recentInc) / 4
	}
}

// backlogWeeks is an instance's backlog in weeks of its toil, relative to
// the backlog that cuts quality to 1/e.
func (r *run) backlogWeeks(in *instance) float64 {
	return in.backlog / max(in.toil, 1) / r.cfg.OnCall.QualityBacklogWeeks
}

// work computes each team's capacity and spends it on operations and
// investment.
func (r *run) work() {
	for _, t := range r.teams {
		if !t.alive {
			continue
		}
		ins := r.teamInsts(t) // gathered once for both
		r.capacity(t, ins)
		r.allocate(t, ins)
	}
}

// capacity is what a team's engineers can give this week, less ramp-up
// and mentoring, the interfaces between its sub-teams (a team larger than
// a manager's span works as several), context switching between the
// domains it owns, reorganisation and lost context, and the primitives its
// work rests on when they are degraded. It also sets the team's on-call
// load: interrupts beyond what the people on call can give a shift
// escalate to the rest of the team, at a cost, and each escalated
// interruption breaks someone's focus on investment. ins are the team's
// instances, in the order of t.insts.
func (r *run) capacity(t *team, ins []*instance) {
	pp := &r.cfg.People
	oc := &r.cfg.OnCall
	var raw, mentoring float64
	t.ramping = 0
	// The members known to be fully ramped each add HoursPerWeek, in
	// order from the first, as the loop below would: their sum is
	// r.fullHours's. The loop looks only at the rest, most of whom joined
	// last.
	for t.ramped < len(t.members) && r.rampedUp(&r.people[t.members[t.ramped]]) {
		t.ramped++
	}
	raw = r.fullHours(t.ramped)
	for _, m := range t.members[t.ramped:] {
		p := &r.people[m]
		f := r.productivity(p)
		raw += pp.HoursPerWeek * f
		if f < 1 {
			mentoring += pp.HoursPerWeek * pp.MentorShare
			t.ramping++
		}
	}
	n := float64(len(t.members))
	subTeams := max(1, math.Ceil(n/pp.Span))
	eff := 1 - pp.InterfaceCost*(1-1/subTeams)
	eff /= r.switchFactor(t)
	if r.week < t.reorgUntil {
		eff *= 1 - pp.ReorgDisruption
	}
	sums := sumInsts(r.cfg.Domains, ins)
	t.primitives = r.primitivesOf(sums)
	eff *= r.primitiveFactor(sums, t.primitives)
	ctx := 0.0
	if pp.ContextLossWeeks > 0 {
		ctx = t.ctxDebt / pp.ContextLossWeeks
	}
	t.ctxDebt -= ctx
	capacity := max(0, max(0, raw-mentoring)*eff-ctx)
	t.perHead = pp.HoursPerWeek * eff
	t.pages, t.incidents = sums.pages, sums.incidents
	// The people on call need context across every domain the rotation
	// covers: each extra domain makes a page or incident slower to handle,
	// as it makes the team's other work slower.
	hours := (t.pages*oc.HoursPerPage + t.incidents*oc.HoursPerIncident) * r.switchFactor(t)
	onCall := oc.ShiftsPerWeek * oc.ShiftHours
	t.load = hours / onCall
	escalated := max(0, hours-onCall)
	t.interrupts = hours - escalated + escalated*oc.EscalationCost
	t.focus = 1
	if escalated > 0 {
		// The interruptions that reach beyond the people on call, each
		// costing someone RefocusHours of investment focus.
		reached := (t.pages + t.incidents) * escalated / hours
		free := max(capacity-t.interrupts, 1e-9)
		t.focus = max(0, 1-reached*oc.RefocusHours/free)
	}
	t.capacity = capacity
	t.worked = true
}

// fullHours is the hours of n fully ramped engineers, summed one by one
// from zero as capacity sums its members'.
func (r *run) fullHours(n int) float64 {
	for len(r.hoursSum) <= n {
		if len(r.hoursSum) == 0 {
			r.hoursSum = append(r.hoursSum, 0)
			continue
		}
		r.hoursSum = append(r.hoursSum, r.hoursSum[len(r.hoursSum)-1]+r.cfg.People.HoursPerWeek*1)
	}
	return r.hoursSum[n]
}

// instSums are what capacity sums over a team's instances, in one pass
// over them: the demand of its commodity domains and that demand weighted
// by quality, its toil and the toil of the work that rests on the
// primitives, and its pages and incidents.
type instSums struct {
	primDemand, primQualW, toil, dependent, pages, incidents float64
}

// sumInsts sums a team's instances, each sum in their order.
func sumInsts(domains []Domain, ins []*instance) (s instSums) {
	for _, in := range ins {
		s.toil += in.toil
		if domains[in.domain].Commodity {
			s.primQualW += in.demand * in.quality
			s.primDemand += in.demand
		} else {
			s.dependent += in.toil
		}
		s.pages += in.pages
		s.incidents += in.incidents
	}
	return s
}

// primitivesOf is the quality of the commodity primitives a team's work
// rests on, from its sums: a product group's own under fragmentation, the
// organization's otherwise (seed 000: branches are "trunk-dependent").
func (r *run) primitivesOf(s instSums) float64 {
	if r.cfg.Policy.Name != Fragmented {
		return r.primQ
	}
	if s.primDemand <= 0 {
		return 1
	}
	return s.primQualW / s.primDemand
}

// primitiveFactor is the share of a team's effectiveness that degraded
// primitives leave: its non-commodity work gives 1 - D*(1-q) of itself.
func (r *run) primitiveFactor(s instSums, q float64) float64 {
	if s.toil <= 0 {
		return 1
	}
	return 1 - r.cfg.Product.PrimitiveDependence*(1-q)*s.dependent/s.toil
}

// allocate splits a team's capacity. Interruptions come first. Under
// bounded-floor the team then holds each domain at the quality floor while
// keeping the reserve for investment, invests in its biggest problems, and
// gives what investment cannot use to full service. Under ops-first it
// serves everything it can and invests what is left.
func (r *run) allocate(t *team, ins []*instance) {
	a := &r.cfg.Allocation
	oc := &r.cfg.OnCall
	rule, reserve := a.Rule, a.ReservePct
	if r.week < r.firefightUntil || r.warming { // after an intervention, or settling the start: operations first
		rule, reserve = OpsFirst, 0
	}
	// Pages beyond what the team can answer go unanswered.
	served := min(t.capacity, t.interrupts)
	h := t.capacity - served
	// The hours each of the team's instances (ins, in the order of
	// t.insts) asks in full, at the floor and beyond what it was given.
	k := len(ins)
	full, floor, rest := grow(r.full, k), grow(r.floor, k), grow(r.rest, k)
	r.full, r.floor, r.rest = full, floor, rest
	t.required = t.interrupts
	for j, in := range ins {
		in.ops, in.invest = 0, 0
		full[j] = in.toil + in.backlog*oc.BacklogPaydownPct/100
		target := r.floorWeeks * in.toil
		floor[j] = min(full[j], max(0, in.toil+in.backlog-target))
		t.required += full[j]
	}
	give := func(want []float64, budget float64) float64 {
		var total float64
		for _, x := range want {
			total += x
		}
		if total <= 0 || budget <= 0 {
			return 0
		}
		f := min(1, budget/total)
		for j, in := range ins {
			in.ops += want[j] * f
		}
		return min(total, budget)
	}
	if rule == OpsFirst {
		h -= give(full, h)
	} else {
		h -= give(floor, h*(1-reserve/100))
	}
	h -= r.invest(t, h)
	for j, in := range ins {
		rest[j] = max(0, full[j]-in.ops)
	}
	h -= give(rest, h)
	t.idle = max(0, h)
	t.ops, t.invest = served, 0
	for _, in := range ins {
		t.ops += in.ops
		t.invest += in.invest
		r.apply(in, t.focus)
	}
	// Each instance's quality is e^-(its backlog in weeks), computed here
	// for all of them after their stocks have moved: the exponentials are
	// independent of one another, and in a loop of their own the processor
	// overlaps them, where one after each instance's other work waits out
	// the whole of its chain (some 35 ns an instance, against 13).
	for _, in := range ins {
		in.quality = math.Exp(-r.backlogWeeks(in))
	}
}

// teamInsts is team t's instances, in the order of t.insts, in a buffer
// the next call reuses: work gathers them once for capacity and allocate.
func (r *run) teamInsts(t *team) []*instance {
	ins := r.teamBuf[:0]
	for _, i := range t.insts {
		ins = append(ins, r.insts[i])
	}
	r.teamBuf = ins
	return ins
}

// invest spends up to budget hours on the team's domains, biggest problem
// first; each domain takes at most InvestCap times the toil automation
// could still remove. It returns the hours spent.
func (r *run) invest(t *team, budget float64) float64 {
	if !(budget > 0) {
		return 0 // nothing to spend: no order to find
	}
	order := append(r.order[:0], t.insts...)
	r.order = order
	for _, i := range order {
		r.insts[i].prob = r.problem(r.insts[i])
	}
	r.sortByProblem(order)
	spent := 0.0
	for _, i := range order {
		if budget <= 0 {
			break
		}
		in := r.insts[i]
		d := &r.cfg.Domains[in.domain]
		scaled := in.demand - d.FixedHours
		limit := r.cfg.Allocation.InvestCap * scaled * max(0, d.MaxAutomation-in.automation)
		x := min(budget, limit)
		in.invest = x
		budget -= x
		spent += x
	}
	return spent
}

// sortByProblem orders instances biggest problem first, keeping the order
// of equal ones: slices.SortStableFunc's order, which for up to 20 is its
// insertion sort's, written out here on the scores themselves so that a
// team's weekly sort calls no comparison function (a NaN score, equal to
// every other, gives the same order too).
func (r *run) sortByProblem(order []int) {
	if len(order) < 2 {
		return
	}
	if len(order) > 20 {
		slices.SortStableFunc(order, func(a, b int) int { return cmpDesc(r.insts[a].prob, r.insts[b].prob) })
		return
	}
	var buf [20]float64
	probs := buf[:len(order)]
	for j, i := range order {
		probs[j] = r.insts[i].prob
	}
	for i := 1; i < len(order); i++ {
		for j := i; j > 0 && probs[j] > probs[j-1]; j-- {
			probs[j], probs[j-1] = probs[j-1], probs[j]
			order[j], order[j-1] = order[j-1], order[j]
		}
	}
}

// problem scores an instance as the seed's "biggest problem": the hours it
// will cost within a quarter at its current growth (an exponential problem),
// plus its incident and paging load (a recurring fire) and its backlog (a
// workflow starving investment).
func (r *run) problem(in *instance) float64 {
	oc := &r.cfg.OnCall
	projected := in.toil * r.plan.boost[in.domain][r.week]
	return projected + in.recentInc*oc.HoursPerIncident + in.pages*oc.HoursPerPage + in.backlog*oc.BacklogPaydownPct/100
}

// apply moves an instance's stocks by a week of work; focus is the share
// of its investment that interruptions left whole. allocate then sets its
// quality from the backlog.
func (r *run) apply(in *instance, focus float64) {
	d := &r.cfg.Domains[in.domain]
	oc := &r.cfg.OnCall
	in.backlog = max(0, in.backlog+in.toil-in.ops) * (1 - oc.BacklogExpiryPct/100)
	// Automating a bigger system takes more work: investment equal to
	// EffortWeeks of the instance's scaled demand closes 63% of the gap.
	if scaled := in.demand - d.FixedHours; scaled > 0 && in.invest > 0 {
		in.automation += (d.MaxAutomation - in.automation) * (1 - math.Exp(-in.invest*focus/(d.EffortWeeks*scaled)))
	}
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

// switchFactor is what switching between the domains team t owns
// multiplies its work by: SwitchCost for every domain beyond the first.
func (r *run) switchFactor(t *team) float64 {
	return 1 + r.cfg.People.SwitchCost*max(0, float64(len(t.insts))-1)
}
