package sim

import (
	"math"
)

// Recording: the trace of one replication (weekly series, the event log,
// the teams it had, its outcomes) and how each week is written into it.

// Event is one line of a run's log.
type Event struct {
	Week int
	Kind string // "split", "reorg", "budget", "hiring", "intervention", "plan"
	Text string
	// A split's team, the domain that left it (or that it halved), the
	// new team and why it split, as the text says them.
	Team, Domain, NewTeam, Why string
}

// TeamInfo is one team's place in the organization's history, for the org
// tree: the team it split from and when.
type TeamInfo struct {
	Name   string
	Area   string // what it owns, for colours: TrunkArea, a domain, or the name a team was given (Name less any number that made it unique)
	Parent string // "" for the trunk and product groups
	Born   int    // week it split off; 0 for teams at the start
	Trunk  bool
}

// Key names one time series: a metric and what it is about (a team, a
// domain, or "" for the whole organization).
type Key struct {
	Metric  Metric
	Subject string
}

// Observation is one measured value of a series in one week: a point of
// a leader's history, named like the series of timeseries.csv.
type Observation struct {
	Week  int
	Key   Key
	Value float64
	Line  int // the line of the file it was read from, or 0
}

// HistoryColumns are the columns of a history file, one observation a
// row, as scenarios reads them and output writes them.
var HistoryColumns = []string{"week", "metric", "subject", "value"}

// Trace is everything one replication produced: weekly series, the event
// log and the per-run outcomes.
type Trace struct {
	Weeks   int
	Keys    []Key       // in order of first appearance
	Values  [][]float64 // parallel to Keys, one value per week
	Events  []Event
	Teams   []TeamInfo // every team the run had, in order of creation
	Outcome [NumOutcomes]float64
	index_  map[Key]int
	touched []bool // series this run wrote, when the trace is reused
	quiet   bool   // keeps no event log: a replication whose log no one reads
	orgOnly bool   // keeps only the organization's series: a replication whose outcomes alone are read
}

// newTrace makes a trace whose first series are the organization's, in
// catalogue order, so that a week writes them by Metric.
func newTrace(weeks int) *Trace {
	t := &Trace{Weeks: weeks, index_: map[Key]int{}}
	for _, m := range orgMetrics {
		t.index(m, "")
	}
	return t
}

// orgMetrics are the organization's series, the first of every trace;
// record writes them up to lastOrgMetric.
var orgMetrics = Metrics(OrgScope)

const lastOrgMetric = BudgetShare

// domainMetrics are each domain's series, in catalogue order; dm is a
// domain metric's place among them.
var domainMetrics = Metrics(DomainScope)

func dm(m Metric) int { return int(m - domainMetrics[0]) }

// teamMetrics are each team's series, in catalogue order; tm is a team
// metric's place among them.
var teamMetrics = Metrics(TeamScope)

const numTeamMetrics = int(TeamBacklogWeeks-TeamHeadcount) + 1

func tm(m Metric) int { return int(m - TeamHeadcount) }

// RestoreTrace is a run's trace put back together from what was saved of
// it (its series, keys and values in step, its events, teams and
// outcomes), for outputs to read as they read a run's.
func RestoreTrace(weeks int, keys []Key, values [][]float64, events []Event, teams []TeamInfo, outcome [NumOutcomes]float64) *Trace {
	t := &Trace{Weeks: weeks, Keys: keys, Values: values, Events: events, Teams: teams, Outcome: outcome, index_: map[Key]int{}}
	for i, k := range keys {
		t.index_[k] = i
		t.touched = append(t.touched, true)
	}
	return t
}

// Series returns the values of one series, or nil if the run never had it.
func (t *Trace) Series(metric Metric, subject string) []float64 {
	if i, ok := t.index_[Key{metric, subject}]; ok && t.touched[i] {
		return t.Values[i]
	}
	return nil
}

// index returns the series of metric and subject, creating it. Headcount
// series start at 0, not missing, so that stacked headcount adds up; the
// rest start as NaN, missing, until the week a value is set.
func (t *Trace) index(metric Metric, subject string) int {
	k := Key{metric, subject}
	if i, ok := t.index_[k]; ok {
		t.touched[i] = true
		return i
	}
	s := make([]float64, t.Weeks)
	fillSeries(k, s)
	i := len(t.Keys)
	t.index_[k] = i
	t.Keys = append(t.Keys, k)
	t.Values = append(t.Values, s)
	t.touched = append(t.touched, true)
	return i
}

func fillSeries(k Key, s []float64) {
	fill := math.NaN()
	if k.Metric.Info().ZeroWhenAbsent {
		fill = 0
	}
	for j := range s {
		s[j] = fill
	}
}

// reset readies a reused trace for another run: every series is emptied
// and marked untouched, but for the organization's, which every run writes.
func (t *Trace) reset() {
	for i, k := range t.Keys {
		fillSeries(k, t.Values[i])
		t.touched[i] = i < len(orgMetrics)
	}
	t.Events = t.Events[:0]
	t.Teams = t.Teams[:0]
	t.Outcome = [NumOutcomes]float64{}
}

// domainAgg sums one domain's instances for a week.
type domainAgg struct{ demand, ops, invest, autoW, backlog, qualW, incidents float64 }

// teamSeries creates a team's series when the team is made.
func (r *run) teamSeries(t *team) {
	if r.out.orgOnly {
		return
	}
	for i, m := range teamMetrics {
		t.series[i] = r.out.index(m, t.name)
	}
}

// startRecording creates the domain series, so that weeks write by index.
func (r *run) startRecording() {
	r.domSeries = make([][]int, len(r.cfg.Domains))
	r.domAgg = make([]domainAgg, len(r.cfg.Domains))
	for d, dom := range r.cfg.Domains {
		if r.out.orgOnly {
			break
		}
		for _, m := range domainMetrics {
			r.domSeries[d] = append(r.domSeries[d], r.out.index(m, dom.Name))
		}
	}
	r.areaSeries = map[string]int{}
}

// record writes this week's values to the trace: the organization's,
// and unless the trace keeps only those, each team's, area's and domain's.
func (r *run) record() {
	w, vals := r.week, r.out.Values
	series := !r.out.orgOnly
	hc := r.headcount()
	var ops, invest, demand, backlog, incidents, worstPages, worstLoad, moraleSum, attrition, required, idle, capacity float64
	branches := 0
	for i, t := range r.teams {
		if !t.alive {
			continue
		}
		if i != r.trunk {
			branches++
		}
		n := float64(len(t.members))
		pps := r.pagesPerShift(t)
		worstPages = max(worstPages, pps)
		worstLoad = max(worstLoad, t.load)
		idle += t.idle
		capacity += t.capacity
		t.backlog, t.toil = 0, 0
		moraleSum += t.morale * n
		attrition += r.attrition(t) * n
		ops += t.ops
		invest += t.invest
		required += t.interrupts
		if !series {
			continue
		}
		vals[t.series[tm(TeamHeadcount)]][w] = n
		vals[t.series[tm(TeamPagesPerShift)]][w] = pps
		vals[t.series[tm(TeamOpsShare)]][w] = safeDiv(t.ops, t.capacity, 0)
		vals[t.series[tm(TeamIncidents)]][w] = t.incidents
		if t.areaWeek < 0 || len(t.insts) != t.areaInsts {
			name := r.area(i)
			a, ok := r.areaSeries[name]
			if !ok {
				a = r.out.index(AreaHeadcount, name)
				vals = r.out.Values
				r.areaSeries[name] = a
			}
			t.areaSeries, t.areaWeek, t.areaInsts = a, w, len(t.insts)
		}
		vals[t.areaSeries][w] += n
	}
	doms := r.domAgg
	clear(doms)
	for _, in := range r.insts {
		t := r.teams[in.team]
		if !t.alive {
			continue
		}
		demand += in.demand
		backlog += in.backlog
		incidents += in.incidents
		required += in.toil
		r.stats.demandHours += in.demand - r.cfg.Domains[in.domain].FixedHours
		if !series {
			continue // the teams' and domains' sums are for their series
		}
		t.backlog += in.backlog
		t.toil += in.toil
		a := &doms[in.domain]
		a.demand += in.demand
		a.ops += in.ops
		a.invest += in.invest
		a.autoW += in.automation * in.demand
		a.backlog += in.backlog
		a.qualW += in.quality * in.demand
		a.incidents += in.incidents
	}
	for _, t := range r.teams {
		if t.alive && series {
			vals[t.series[tm(TeamBacklogWeeks)]][w] = safeDiv(t.backlog, t.toil, 0)
		}
	}
	for d, a := range doms {
		if !series {
			break
		}
		s := r.domSeries[d]
		vals[s[dm(DomainDemand)]][w] = a.demand
		vals[s[dm(DomainOpsHours)]][w] = a.ops
		vals[s[dm(DomainInvestHours)]][w] = a.invest
		vals[s[dm(DomainAutomation)]][w] = safeDiv(a.autoW, a.demand, 0)
		vals[s[dm(DomainBacklog)]][w] = a.backlog
		vals[s[dm(DomainQuality)]][w] = safeDiv(a.qualW, a.demand, 1)
		vals[s[dm(DomainIncidents)]][w] = a.incidents
	}
	trunkN := 0.0
	if r.trunk >= 0 {
		trunkN = float64(len(r.teams[r.trunk].members))
	}
	leavers := float64(r.stats.leavers) - r.lastLeavers
	r.lastLeavers = float64(r.stats.leavers)
	limit := r.cfg.Budget.CapPct / 100 * r.plan.engineers[w]
	org := [lastOrgMetric + 1]float64{
		ProductEngineers: r.plan.engineers[w], Usage: r.plan.usage[w], Services: r.plan.services[w],
		InfraEngineers: float64(hc), TrunkEngineers: trunkN, TrunkShareOfInfra: safeDiv(trunkN, float64(hc), 0),
		Branches: float64(branches), Quality: r.orgQ, TrunkQuality: r.trunkQuality(), Incidents: incidents,
		PagesPerShift: worstPages, Morale: safeDiv(moraleSum, float64(hc), 0), LeaversPerWeek: leavers,
		InvestShare: safeDiv(invest, ops+invest, 0), IdleShareOfCapacity: safeDiv(idle, capacity, 0), OnCallLoad: worstLoad,
		PrimitiveQuality: r.primQ, OrgOpsHours: ops, OrgInvestHours: invest,
		OrgDemandHours: demand, OrgBacklogHours: backlog, BudgetRatio: safeDiv(float64(hc), limit, 0),
		Attrition: safeDiv(attrition, float64(hc), 0), BudgetShare: safeDiv(float64(r.approved), r.plan.engineers[w], 0),
	}
	for m, v := range org { // the organization's series are the trace's first
		vals[m][w] = v
	}
	s := &r.stats
	s.opsHours += ops
	s.investHours += invest
	s.requiredHours += required
	s.engineerWeeks += float64(hc)
	s.peakPages = max(s.peakPages, worstPages)
	s.peakLoad = max(s.peakLoad, worstLoad)
	s.idleHours += idle
	s.capacityHours += capacity
	s.productLost += r.plan.engineers[w] * r.cfg.People.HoursPerWeek * r.cfg.Product.LossAtZero * (1 - r.orgQ)
	s.maxTrunk = max(s.maxTrunk, trunkN)
}

// TrunkArea and GroupsArea name the areas that are not a branch's domain.
const (
	TrunkArea  = "trunk"
	GroupsArea = "product groups"
)

// area groups teams for headcount charts: the trunk, the product groups of
// a fragmented organization, or the domain a branch (and every branch
// subdivided from it) owns first.
func (r *run) area(ti int) string {
	t := r.teams[ti]
	switch {
	case ti == r.trunk:
		return TrunkArea
	case r.cfg.Policy.Name == Fragmented:
		return GroupsArea
	case len(t.insts) == 0:
		return t.base
	}
	return r.cfg.Domains[r.insts[t.insts[0]].domain].Name
}

// runStats accumulates the per-run outcome.
type runStats struct {
	weeksBelow, interventions, firstIntervention int
	leavers, layoffs, splits, compressions       int
	hires, transfers                             int
	opsHours, investHours, requiredHours         float64
	engineerWeeks, peakPages, maxTrunk           float64
	demandHours, peakLoad                        float64
	idleHours, capacityHours, productLost        float64
}

// finish computes the per-run outcomes.
func (r *run) finish() {
	tr, s := r.out, &r.stats
	last := tr.Weeks - 1
	at := func(m Metric) float64 { return tr.Values[m][last] } // organization's series come first
	first := math.NaN()
	if s.firstIntervention >= 0 {
		first = float64(s.firstIntervention)
	}
	from := max(0, tr.Weeks-52)
	q := tr.Values[Quality]
	intervened := 0.0
	if s.interventions > 0 {
		intervened = 1
	}
	o := &tr.Outcome
	o[WeeksBelowQuality] = float64(s.weeksBelow)
	o[InterventionRate] = intervened
	o[Recovered] = 0
	if mean(q[max(0, tr.Weeks-r.cfg.Leadership.RecoveryWeeks):]) >= r.cfg.Leadership.QualityThreshold {
		o[Recovered] = 1
	}
	// A failure the organization did not grow out of, although it had at
	// least two quarters after the first intervention to do so.
	o[SustainedFailure] = 0
	if s.interventions > 0 && s.firstIntervention < tr.Weeks-2*r.cfg.Leadership.RecoveryWeeks && !r.grewOut(q) {
		o[SustainedFailure] = 1
	}
	o[FirstInterventionWeek] = first
	o[Interventions] = float64(s.interventions)
	o[FinalInfraEngineers] = at(InfraEngineers)
	o[FinalTrunkEngineers] = at(TrunkEngineers)
	o[MaxTrunkEngineers] = s.maxTrunk
	o[FinalTrunkShare] = at(TrunkShareOfInfra)
	o[FinalBranches] = at(Branches)
	o[Splits] = float64(s.splits)
	o[Hires] = float64(s.hires)
	o[Leavers] = float64(s.leavers)
	o[Layoffs] = float64(s.layoffs)
	o[TransfersOut] = float64(s.transfers)
	o[InvestmentShare] = safeDiv(s.investHours, s.opsHours+s.investHours, 0)
	o[IdleShare] = safeDiv(s.idleHours, s.capacityHours, 0)
	o[PeakPagesPerShift] = s.peakPages
	o[PeakOnCallLoad] = s.peakLoad
	o[FinalMorale] = at(Morale)
	o[FinalQuality] = at(Quality)
	o[MeanQuality] = mean(q)
	o[LastYearQuality] = mean(q[from:])
	o[TrunkLastYearQuality] = mean(tr.Values[TrunkQuality][from:])
	o[OpsHours] = s.opsHours
	o[RequiredHours] = s.requiredHours
	o[DemandHours] = s.demandHours
	o[Compressions] = float64(s.compressions)
	o[InfraCost] = s.engineerWeeks * r.cfg.Budget.CostPerEngineer / 52
	o[ProductTimeLost] = s.productLost
	// Product engineers' time is valued at the same loaded cost as infra's.
	o[Cost] = o[InfraCost] + s.productLost*r.cfg.Budget.CostPerEngineer/(52*r.cfg.People.HoursPerWeek)
}

// grewOut reports whether, after the first intervention, quality q stayed
// at or above the threshold for RecoveryWeeks in a row: an early crisis
// the organization grew out of, as against a sustained failure.
func (r *run) grewOut(q []float64) bool {
	l := &r.cfg.Leadership
	run := 0
	for _, v := range q[r.stats.firstIntervention+1:] {
		if v >= l.QualityThreshold {
			run++
			if run >= l.RecoveryWeeks {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

// mean is the average of the values that are not NaN, or NaN.
func mean(xs []float64) float64 {
	var s float64
	n := 0
	for _, x := range xs {
		if !math.IsNaN(x) {
			s += x
			n++
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return s / float64(n)
}

func safeDiv(a, b, otherwise float64) float64 {
	if b == 0 || math.IsNaN(b) {
		return otherwise
	}
	return a / b
}
