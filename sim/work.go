package sim

import (
	"math"
	"slices"
)

// Work and allocation: each domain's demand, toil, incidents and pages;
// each team's capacity; how a team spends it on operations and investment;
// and how backlog, automation and quality move as a result.

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
