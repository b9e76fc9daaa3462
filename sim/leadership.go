package sim

import "math"

// Leadership (Rule One): the quality leadership perceives, which is what
// product teams feel, and the intervention when it stays under the
// threshold too long.

// felt is the quality product teams feel of an instance: its own, and for
// work that rests on the commodity primitives, scaled by theirs.
func (r *run) felt(in *instance) float64 {
	if r.cfg.Domains[in.domain].Commodity {
		return in.quality
	}
	return in.quality * (1 - r.cfg.Product.PrimitiveDependence*(1-r.teams[in.team].primitives))
}

// perceivedQuality is the quality leadership sees: the demand-weighted
// felt quality of every live domain, but never above the quality of the
// commodity primitives, which everyone uses (a collapsed compute platform
// is a company-wide outage even if every branch is healthy). It returns
// the primitives' quality too, the demand-weighted quality of the live
// commodity instances (1 when there are none), summed in the same pass.
func (r *run) perceivedQuality() (perceived, primitives float64) {
	var num, den, pNum, pDen float64
	for _, in := range r.insts {
		if r.teams[in.team].alive {
			if r.cfg.Domains[in.domain].Commodity {
				pNum += in.demand * in.quality
				pDen += in.demand
			}
			num += in.demand * r.felt(in)
			den += in.demand
		}
	}
	primitives = 1
	if !(pDen <= 0) {
		primitives = pNum / pDen
	}
	q := 1.0
	if den > 0 {
		q = num / den
	}
	return min(q, primitives), primitives
}

// trunkQuality is the demand-weighted quality of the trunk's domains, NaN
// when there is no trunk.
func (r *run) trunkQuality() float64 {
	if r.trunk < 0 {
		return math.NaN()
	}
	var num, den float64
	for _, in := range r.insts {
		if in.team == r.trunk && r.teams[in.team].alive {
			num += in.demand * in.quality
			den += in.demand
		}
	}
	if den <= 0 {
		return 1
	}
	return num / den
}

// senseQuality updates what leadership and the branches see of this
// week's work: the perceived quality and the primitives'.
func (r *run) senseQuality() {
	r.orgQ, r.primQ = r.perceivedQuality()
}

// leadership is Rule One: perceived quality under the threshold for
// PatienceWeeks in a row ends in an intervention, which the run records as
// a failure with its week, and which the run then lives with: every team
// fights fires, operations first and investment only from what is left,
// for FirefightWeeks, and the intervention weighs on morale as a
// reorganisation does. Leadership's patience starts again once the
// firefighting is over.
func (r *run) leadership() {
	l := &r.cfg.Leadership
	r.senseQuality()
	q := r.orgQ
	if q >= l.QualityThreshold {
		r.streak = 0
		return
	}
	r.stats.weeksBelow++
	if r.week < r.firefightUntil {
		return
	}
	r.streak++
	if r.streak < l.PatienceWeeks {
		return
	}
	r.streak = 0
	r.stats.interventions++
	if r.stats.firstIntervention < 0 {
		r.stats.firstIntervention = r.week
	}
	r.firefightUntil = r.week + 1 + l.FirefightWeeks
	for _, t := range r.teams {
		t.reorgUntil = max(t.reorgUntil, r.week+r.cfg.People.ReorgWeeks)
	}
	r.logf("intervention", "leadership intervened: service quality, %.2f, had been under the %.2f threshold for %s, so every team fights fires, operations first, for %s",
		q, l.QualityThreshold, plural(l.PatienceWeeks, "week"), plural(l.FirefightWeeks, "week"))
}
