package sim

import (
	"fmt"
	"math"
)

var sprintf = fmt.Sprintf

// orgQuality is the demand-weighted service quality of every live domain
// instance.
func (r *run) orgQuality() float64 {
	return r.quality(func(in *instance) bool { return r.teams[in.team].alive })
}

// trunkQuality is the demand-weighted quality of the trunk's domains, NaN
// when there is no trunk.
func (r *run) trunkQuality() float64 {
	if r.trunk < 0 {
		return math.NaN()
	}
	return r.quality(func(in *instance) bool { return in.team == r.trunk })
}

func (r *run) quality(keep func(*instance) bool) float64 {
	var num, den float64
	for _, in := range r.insts {
		if keep(in) {
			num += in.demand * in.quality
			den += in.demand
		}
	}
	if den <= 0 {
		return 1
	}
	return num / den
}

// leadership is Rule One: quality under the threshold for PatienceWeeks in
// a row ends in an intervention, which the run records as a failure.
func (r *run) leadership() {
	l := r.cfg.Leadership
	q := r.orgQuality()
	r.orgQ = q
	if q >= l.QualityThreshold {
		r.streak = 0
		return
	}
	r.stats.weeksBelow++
	r.streak++
	if r.streak < l.PatienceWeeks {
		return
	}
	r.streak = 0
	r.stats.interventions++
	if r.stats.firstIntervention < 0 {
		r.stats.firstIntervention = r.week
	}
	r.logf("intervention", "leadership intervened: service quality %.2f, under the threshold of %.2f for %d weeks",
		q, l.QualityThreshold, l.PatienceWeeks)
}

// pagesPerShift is the pages each on-call shift of team t receives: a
// rotation gets every page of the domains it owns, whatever its size.
func (r *run) pagesPerShift(t *team) float64 {
	return t.pages / r.cfg.OnCall.ShiftsPerWeek
}

// onCallShare is the share of weeks each member of t is on call: every
// week needs a primary and a secondary (Google's SRE book, ch. 11), so a
// rotation of two is on call every week and one of eight a quarter of them.
func (r *run) onCallShare(t *team) float64 {
	n := float64(len(t.members))
	if n == 0 {
		return 0
	}
	return math.Min(1, 2/n)
}

// moraleTarget is the level a team's morale drifts toward: lowered by pages
// per shift above the sustainable rate, toil above the toil limit, being on
// call more often than a comfortable rotation allows and recent
// reorganisations; raised by time spent on investment.
func (r *run) moraleTarget(t *team) float64 {
	pp := r.cfg.People
	oc := r.cfg.OnCall
	pps := r.pagesPerShift(t)
	pages := math.Max(0, pps-oc.SustainablePages) / (pps + oc.SustainablePages)
	worked := t.ops + t.invest
	toil, invest := 0.0, 0.0
	if worked > 0 {
		toil = math.Max(0, t.ops/worked-pp.ToilLimit) / math.Max(1-pp.ToilLimit, 1e-9)
		invest = t.invest / worked
	}
	oncall := 0.0
	if len(t.insts) > 0 {
		oncall = math.Max(0, r.onCallShare(t)-2/pp.RotationComfort) / math.Max(1-2/pp.RotationComfort, 1e-9)
	}
	reorg := 0.0
	if r.week < t.reorgUntil {
		reorg = 1
	}
	m := pp.MoraleBase - pp.MoralePages*pages - pp.MoraleToil*toil + pp.MoraleInvest*invest - pp.MoraleOnCall*oncall - pp.MoraleReorg*reorg
	return math.Min(1, math.Max(0, m))
}

// moraleAndAttrition moves each team's morale toward its target and draws
// resignations: the yearly rate is AttritionPct at the reference morale and
// rises exponentially as morale falls below it (Corollary One).
func (r *run) moraleAndAttrition() {
	pp := r.cfg.People
	for _, t := range r.teams {
		if !t.alive {
			continue
		}
		t.morale += (r.moraleTarget(t) - t.morale) / pp.MoraleTauWeeks
		rate := math.Min(0.95, pp.AttritionPct/100*math.Exp(pp.MoraleAttrition*(pp.MoraleReference-t.morale)))
		// The weekly chance q of leaving compounds to the yearly rate:
		// log(1-q) = log(1-rate)/52. Rather than one draw a member, the
		// loop skips ahead by geometric draws between leavers, and
		// allocates nothing.
		now := r.now[:0]
		logq := math.Log1p(-rate) / 52
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
