package sim

import "math"

// Leadership (Rule One): the quality leadership perceives, and the
// intervention when it stays under the threshold too long.

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
