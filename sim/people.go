package sim

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"
)

// People: hiring and time to fill, ramp-up, morale, attrition and the
// context a leaver takes.

// hire opens requisitions up to the approved headcount. Each is filled
// after a random time to fill (gamma, shape 4) and starts as a HireStart.
func (r *run) hire() {
	if r.hiringFrozen() {
		return
	}
	open := r.approved - r.staying() - r.pending
	if open <= 0 {
		return
	}
	mean := r.cfg.People.TimeToFillWeeks
	g := distuv.Gamma{Alpha: 4, Beta: 4 / mean, Src: r.rng.Rand}
	for range open {
		wait := max(1, int(math.Round(g.Rand())))
		r.pending++
		r.sched.add(event{tick: r.week + wait, kind: evHireStart})
	}
}

// hiringFrozen reports whether hiring is frozen this week, after a
// compression, a company freeze or layoff, or as the plan says.
func (r *run) hiringFrozen() bool { return r.week < max(r.freezeUntil, r.planFreezeUntil) }

// productivity is a person's output share: RampStart on the first day,
// rising linearly to 1 after RampWeeks.
func (r *run) productivity(p *person) float64 {
	if r.rampedUp(p) {
		return 1
	}
	pp := &r.cfg.People
	tenure := float64(r.week - p.hired)
	return pp.RampStart + (1-pp.RampStart)*tenure/pp.RampWeeks
}

// rampedUp reports whether a person is fully productive: RampWeeks after
// they were hired, and from then on.
func (r *run) rampedUp(p *person) bool {
	pp := &r.cfg.People
	return pp.RampWeeks <= 0 || float64(r.week-p.hired) >= pp.RampWeeks
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
	if i := slices.Index(t.members, pi); i >= 0 {
		t.members = slices.Delete(t.members, i, i+1)
		t.changedFrom(i)
	}
	pp := &r.cfg.People
	t.ctxDebt += pp.ContextLossShare * pp.HoursPerWeek * pp.ContextLossWeeks
	if laidOff {
		r.stats.layoffs++
		t.reorgUntil = max(t.reorgUntil, r.week+pp.ReorgWeeks)
	} else {
		r.stats.leavers++
	}
}

// moraleTarget is the level a team's morale drifts toward: lowered by
// off-hours pages per person above the healthy rate, toil above the
// toil limit (as a share of the team's time: idle time is not toil), being
// on call more often than a comfortable rotation allows and recent
// reorganisations; raised by time spent on investment. A team with no
// strain, no toil over the limit and no investment sits at MoraleBase.
func (r *run) moraleTarget(t *team) float64 {
	pp := &r.cfg.People
	x := r.offHoursPages(t)
	pages := min(1, max(0, x-pp.PagesHealthy)/max(pp.PagesBurnout-pp.PagesHealthy, 1e-9))
	toil, invest := 0.0, 0.0
	if t.capacity > 0 {
		toil = max(0, (t.ops/t.capacity)-pp.ToilLimit) / max(1-pp.ToilLimit, 1e-9)
		invest = min(1, t.invest/t.capacity)
	}
	oncall := 0.0
	if len(t.insts) > 0 {
		oncall = max(0, r.onCallShare(t)-2/pp.RotationComfort) / max(1-2/pp.RotationComfort, 1e-9)
	}
	reorg := 0.0
	if r.week < t.reorgUntil {
		reorg = 1
	}
	m := pp.MoraleBase - pp.MoralePages*pages - pp.MoraleToil*min(1, toil) + pp.MoraleInvest*invest - pp.MoraleOnCall*oncall - pp.MoraleReorg*reorg
	return min(1, max(0, m))
}

// offHoursPages is the off-hours pages each member of t takes a month:
// each page wakes one person, and the rotation shares them.
func (r *run) offHoursPages(t *team) float64 {
	n := float64(len(t.members))
	if n == 0 {
		return 0
	}
	return t.pages * 52 / 12 * r.cfg.People.OffHoursShare / n
}

// driftMorale moves a team's morale a week toward its target.
func (r *run) driftMorale(t *team) {
	t.morale += (r.moraleTarget(t) - t.morale) / r.cfg.People.MoraleTauWeeks
}

// attrition is team t's yearly attrition rate at its morale: AttritionPct
// at the reference morale, rising exponentially as morale falls below it.
// It is kept, with the weekly log(1-q) that resignations are drawn
// from, until the team's morale moves.
func (r *run) attrition(t *team) float64 {
	if !t.attrOK || t.morale != t.attrMorale {
		pp := &r.cfg.People
		t.attrRate = min(0.95, pp.AttritionPct/100*math.Exp(pp.MoraleAttrition*(pp.MoraleReference-t.morale)))
		t.attrLogq = math.Log1p(-t.attrRate) / 52
		t.attrMorale, t.attrOK = t.morale, true
	}
	return t.attrRate
}

// moraleAndAttrition moves each team's morale toward its target and draws
// resignations: the yearly rate is AttritionPct at the reference morale and
// rises exponentially as morale falls below it (Corollary One).
func (r *run) moraleAndAttrition() {
	pp := &r.cfg.People
	for _, t := range r.teams {
		if !t.alive {
			continue
		}
		r.driftMorale(t)
		r.attrition(t)
		// The weekly chance q of leaving compounds to the yearly rate:
		// log(1-q) = log(1-rate)/52. Rather than one draw a member, the
		// loop skips ahead by geometric draws between leavers, and
		// allocates nothing.
		now := r.now[:0]
		logq := t.attrLogq
		for i := -1; logq < 0; {
			i += 1 + int(math.Log(1-r.rng.Float64())/logq)
			if i >= len(t.members) || i < 0 {
				break
			}
			m := t.members[i]
			p := &r.people[m]
			if p.leaving { // already going: this trial does not count
				continue
			}
			p.leaving = true
			r.leaving++
			if pp.NoticeWeeks == 0 {
				now = append(now, m)
				continue
			}
			r.sched.add(event{tick: r.week + pp.NoticeWeeks, kind: evDeparture, person: m})
		}
		for _, m := range now {
			r.depart(m, false)
		}
		r.now = now
	}
}
