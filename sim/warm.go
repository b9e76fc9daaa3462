package sim

// The warm start: a run begins from the organization as it is, with the
// backlogs, incident history and morale that the starting organization
// sustains at the company's week-0 size, so that no run dives in its first
// month because its stocks began at zero. The plan computes that state
// once, deterministically (expected incidents and pages, no hiring, no
// attrition, automation held at the scenario's figures, and all the
// organization's capacity on operations, as investment cannot move
// automation meanwhile), and every replication starts from it.

// warmWeeks is how long the starting organization works at week 0's size
// before the run begins: long enough for backlogs (which expire at a few
// percent a week) and morale (which moves over weeks) to settle.
const warmWeeks = 78

// warmState is the settled state of each starting instance and team, in
// the order build makes them.
type warmState struct {
	insts []instance
	teams []team
}

// settle works the starting organization at week 0 until its stocks
// settle, and keeps the state it reaches.
func (p *Plan) settle() {
	r := p.newRun(newTrace(1), nil)
	r.warming = true
	r.build()
	auto := make([]float64, len(r.insts))
	for i, in := range r.insts {
		auto[i] = in.automation
	}
	for range warmWeeks {
		r.demand()
		r.work()
		r.senseQuality()
		for _, t := range r.teams {
			r.driftMorale(t)
			t.ctxDebt = 0
		}
		for i, in := range r.insts {
			in.automation = auto[i]
		}
	}
	w := &warmState{}
	for _, in := range r.insts {
		w.insts = append(w.insts, *in)
	}
	for _, t := range r.teams {
		w.teams = append(w.teams, *t)
	}
	p.warm = w
}

// warmStart gives a freshly built organization the settled state: each
// instance's stocks and last week's work, each team's morale and last
// week's capacity, so that the first review and the first week see the
// organization as it has been running.
func (r *run) warmStart() {
	w := r.plan.warm
	for i, in := range r.insts {
		wi := &w.insts[i]
		in.backlog, in.recentInc, in.quality = wi.backlog, wi.recentInc, wi.quality
		in.demand, in.toil, in.ops, in.invest, in.incidents, in.pages = wi.demand, wi.toil, wi.ops, wi.invest, wi.incidents, wi.pages
	}
	for i, t := range r.teams {
		wt := &w.teams[i]
		t.morale = wt.morale
		t.capacity, t.perHead, t.ops, t.invest, t.pages, t.incidents = wt.capacity, wt.perHead, wt.ops, wt.invest, wt.pages, wt.incidents
		t.required, t.interrupts, t.idle, t.load, t.focus, t.primitives = wt.required, wt.interrupts, wt.idle, wt.load, wt.focus, wt.primitives
		t.worked = wt.worked
	}
	r.senseQuality()
}
