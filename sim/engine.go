package sim

import (
	"fmt"
	"math"
	"strings"
)

// The engine: one replication advanced a week at a time, with the events
// of each week handled in the order they were scheduled (events.go), and
// the state every mechanism reads and writes.

// Run simulates one replication of the plan with its own random source,
// seeded from (seed, replication). The same arguments give the same Trace.
// With uncertain inputs it runs replication's draw of them, or the
// medians if that draw is not a valid organization (Replicate reports it).
func (p *Plan) Run(seed, replication uint64) *Trace {
	return p.runDrawn(newTrace(p.cfg.Weeks), seed, replication)
}

// runDrawn runs replication's draw of the plan (or the plan itself, as
// Run says) into tr.
func (p *Plan) runDrawn(tr *Trace, seed, replication uint64) *Trace {
	rp, err := p.replicationPlan(seed, replication)
	if err != nil {
		rp = p
	}
	return rp.runInto(tr, seed, replication)
}

// Runner runs replications of a plan into one trace it reuses, keeping no
// event log: for a caller that reads each run's series or outcomes before
// the next, such as a calibration's fit. A Runner is not for concurrent
// use; each goroutine takes its own.
type Runner struct {
	p  *Plan
	tr *Trace
}

// Runner makes a Runner of the plan.
func (p *Plan) Runner() *Runner {
	tr := newTrace(p.cfg.Weeks)
	tr.quiet = true
	return &Runner{p: p, tr: tr}
}

// Run is Plan.Run but for the event log, into the runner's trace, which
// the next Run overwrites.
func (r *Runner) Run(seed, replication uint64) *Trace {
	return r.p.runDrawn(r.tr, seed, replication)
}

// replicationPlan is the plan replication i runs: p itself, or, when some
// inputs are uncertain, p's organization with replication i's draws.
func (p *Plan) replicationPlan(seed, i uint64) (*Plan, error) {
	if len(p.cfg.Uncertain) == 0 {
		return p, nil
	}
	c := sampled(p.cfg, seed, i)
	c.Uncertain = nil
	rp, err := NewPlan(c)
	if err != nil {
		return nil, &DrawError{Run: int(i) + 1, Problems: err.(Problems)}
	}
	return rp, nil
}

// DrawError is a run whose draw of the uncertain inputs is not a valid
// organization, with the problems by field path (scenarios names them by
// key).
type DrawError struct {
	Run      int
	Problems Problems
}

func (e *DrawError) Error() string {
	return fmt.Sprintf("run %d's draw of the uncertain inputs is not a valid organization: %v", e.Run, e.Problems)
}

// runInto is Run writing into tr, a trace of this plan that may be reused.
func (p *Plan) runInto(tr *Trace, seed, replication uint64) *Trace {
	tr.reset()
	r := p.newRun(tr, newStream(seed, replication))
	r.build()
	r.warmStart()
	r.begin()
	for t := 0; t < p.cfg.Weeks; t++ {
		r.week = t
		r.step()
	}
	r.finish()
	return r.out
}

// rebalanceWeeks is how often spare engineers move to teams short of
// their need between budget reviews: monthly.
const rebalanceWeeks = 4

// newRun makes the state of a replication writing into tr, drawing from
// rng (nil for the deterministic warm start).
func (p *Plan) newRun(tr *Trace, rng *stream) *run {
	r := &run{cfg: p.cfg, plan: p, rng: rng, trunk: -1, out: tr, primQ: 1, needGen: 1}
	r.stats.firstIntervention = -1
	r.minStaffN = minStaff(p.cfg)
	// The backlog, in weeks of toil, at which quality sits at the floor.
	r.floorWeeks = -math.Log(max(p.cfg.Allocation.QualityFloor, 1e-9)) * p.cfg.OnCall.QualityBacklogWeeks
	r.startRecording()
	return r
}

// run is the whole state of one replication.
type run struct {
	cfg   *Config
	plan  *Plan
	rng   *stream
	sched schedule
	week  int

	people []person
	teams  []*team
	insts  []*instance
	trunk  int // index of the trunk team, -1 when there is none

	approved    int
	active      int // people on staff
	leaving     int // of whom gave notice
	pending     int // accepted offers not yet started
	freezeUntil int
	// planFreezeUntil ends a planned hiring freeze, kept apart from the
	// budget's own so that neither shortens the other.
	planFreezeUntil int
	planTeams       map[string]int // the teams a plan names, by its names
	suffixes        map[string]int // uniqueName's last number for a name
	streak          int            // consecutive weeks under the quality threshold
	groups          int

	firefightUntil int     // after an intervention, the week firefighting ends
	lastSplit      int     // week of the organization's last split
	lastReviewEng  float64 // product engineers at the last budget review
	needGen        int     // moves on whenever teams' needs may have changed; 0 is never current
	warming        bool    // the warm start is settling the starting organization

	out         *Trace
	stats       runStats
	lastLeavers float64
	orgQ        float64 // this week's quality as leadership perceives it
	primQ       float64 // this week's quality of the commodity primitives
	floorWeeks  float64
	minStaffN   float64 // minStaff, which the configuration fixes

	// reusable buffers, so that a week allocates nothing
	now               []int
	full, floor, rest []float64
	teamBuf           []*instance // allocate's
	hoursSum          []float64   // fullHours's sums, by headcount
	order             []int
	donors, takers    []gap // rebalance's
	domAgg            []domainAgg
	domSeries         [][]int // per domain, per DomainMetrics, the series index
	areaSeries        map[string]int
}

// step advances the organization by one week.
func (r *run) step() {
	r.needGen += 2 // a new week: every team's need is to be worked out again
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
	if r.week%rebalanceWeeks == rebalanceWeeks-1 {
		// Between reviews a leader moves spare engineers to teams short of
		// their need, month by month.
		if moved, _ := r.rebalance(false); moved > 0 && !r.out.quiet {
			r.logf("reorg", "%s moved from teams with more people than their work needs to teams short of theirs", engineers(moved))
		}
	}
	r.demand()
	r.work()
	r.needGen++ // the week's work changed what each team needs
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
		if r.headcount() >= r.approved || r.hiringFrozen() && r.staying() >= r.approved {
			if n := r.headcount(); n > r.approved {
				r.logf("hiring", "an offer was rescinded: infra's %s are over the approved %d", engineers(n), r.approved)
			} else {
				r.logf("hiring", "an offer was rescinded: infra is at its approved headcount of %d", r.approved)
			}
			return
		}
		ti := r.route()
		if ti < 0 { // no team can take anyone: every live team is a trunk at its cap
			r.logf("hiring", "an offer was rescinded: no team can take a new hire")
			return
		}
		r.addPerson(r.week, ti)
		r.stats.hires++
	case evDeparture:
		r.depart(e.person, false)
	case evSplit:
		r.split(e)
	case evPlan:
		r.carryOut(e.action)
	}
}

func (r *run) logf(kind, format string, args ...any) {
	if r.out.quiet {
		return
	}
	r.out.Events = append(r.out.Events, Event{Week: r.week, Kind: kind, Text: fmt.Sprintf(format, args...)})
}

// engineers is a headcount in words: "1 engineer", "3 engineers".
func engineers(n int) string { return plural(n, "engineer") }

// plural is n and a noun, made plural but for one: "1 week", "8 weeks".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// possessive is a name's possessive: "storage's", and "operations'" for a
// name ending in s.
func possessive(name string) string {
	if strings.HasSuffix(name, "s") {
		return name + "'"
	}
	return name + "'s"
}
