package sim

import (
	"math"
	"slices"
)

// Event is one line of a run's log.
type Event struct {
	Week int
	Kind string // "split", "reorg", "budget", "hiring", "intervention"
	Text string
}

// TeamInfo is one team's place in the organization's history, for the org
// tree: the team it split from and when.
type TeamInfo struct {
	Name   string
	Parent string // "" for the trunk and product groups
	Born   int    // week it split off; 0 for teams at the start
	Trunk  bool
}

// Key names one time series: a metric and what it is about (a team, a
// domain, or "" for the whole organization).
type Key struct {
	Metric  string
	Subject string
}

// Trace is everything one replication produced: weekly series, the event
// log and the per-run outcomes.
type Trace struct {
	Weeks   int
	Keys    []Key       // in order of first appearance
	Values  [][]float64 // parallel to Keys, one value per week
	Events  []Event
	Teams   []TeamInfo // every team the run had, in order of creation
	Outcome []float64  // parallel to OutcomeNames
	index_  map[Key]int
	touched []bool // series this run wrote, when the trace is reused
}

// newTrace makes a trace whose first series are OrgMetrics, in order.
func newTrace(weeks int) *Trace {
	t := &Trace{Weeks: weeks, index_: map[Key]int{}}
	for _, m := range OrgMetrics {
		t.index(m.Name, "")
	}
	return t
}

// Series returns the values of one series, or nil if the run never had it.
func (t *Trace) Series(metric, subject string) []float64 {
	if i, ok := t.index_[Key{metric, subject}]; ok {
		return t.Values[i]
	}
	return nil
}

// OutcomeValue returns the named per-run outcome.
func (t *Trace) OutcomeValue(name string) float64 {
	return t.Outcome[slices.Index(OutcomeNames, name)]
}

// index returns the series of metric and subject, creating it. Headcount
// series start at 0, not missing, so that stacked headcount adds up; the
// rest start as NaN, missing, until the week a value is set.
func (t *Trace) index(metric, subject string) int {
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

// zeroWhenAbsent reports whether a series counts as 0, rather than as
// missing, in weeks and runs without its subject.
func zeroWhenAbsent(metric string) bool { return metric == "headcount" || metric == "area_headcount" }

func fillSeries(k Key, s []float64) {
	fill := math.NaN()
	if zeroWhenAbsent(k.Metric) {
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
		t.touched[i] = i < len(OrgMetrics)
	}
	t.Events = t.Events[:0]
	t.Teams = t.Teams[:0]
	t.Outcome = nil
}

// OrgMetrics, TeamMetrics and DomainMetrics list the weekly series, with
// their units, in the order outputs present them.
var (
	OrgMetrics = []Metric{
		{"product_engineers", "engineers"},
		{"usage", "index, 1 at week 0"},
		{"services", "services"},
		{"infra_engineers", "engineers"},
		{"trunk_engineers", "engineers"},
		{"trunk_share", "share of infra"},
		{"branches", "teams"},
		{"quality", "0 to 1"},
		{"trunk_quality", "0 to 1, the trunk's domains"},
		{"incidents", "per week"},
		{"pages_per_shift", "pages per shift, busiest rotation"},
		{"morale", "0 to 1"},
		{"leavers", "engineers per week"},
		{"investment_share", "share of worked hours"},
		{"ops_hours", "hours per week"},
		{"invest_hours", "hours per week"},
		{"demand_hours", "hours per week"},
		{"backlog_hours", "hours"},
		{"budget_ratio", "headcount over leadership's cap"},
	}
	AreaMetrics = []Metric{
		{"area_headcount", "engineers"},
	}
	TeamMetrics = []Metric{
		{"headcount", "engineers"},
	}
	DomainMetrics = []Metric{
		{"demand", "hours per week"},
		{"ops_hours", "hours per week"},
		{"invest_hours", "hours per week"},
		{"automation", "share of demand"},
		{"backlog", "hours"},
		{"quality", "0 to 1"},
		{"incidents", "per week"},
	}
)

// Metric is a series name with its unit.
type Metric struct {
	Name string
	Unit string
}

// OutcomeNames lists the per-run outcomes in Trace.Outcome order.
var OutcomeNames = []string{
	"weeks_below_quality",
	"intervention_rate",
	"first_intervention_week",
	"interventions",
	"final_infra_engineers",
	"final_trunk_engineers",
	"max_trunk_engineers",
	"final_trunk_share",
	"branches",
	"splits",
	"hires",
	"leavers",
	"layoffs",
	"investment_share",
	"peak_pages_per_shift",
	"final_morale",
	"final_quality",
	"mean_quality",
	"last_year_quality",
	"trunk_last_year_quality",
	"ops_hours",
	"required_hours",
	"demand_hours",
	"compressions",
	"cost",
}

// domainAgg sums one domain's instances for a week.
type domainAgg struct{ demand, ops, invest, autoW, backlog, qualW, incidents float64 }

// teamSeries creates a team's series when the team is made.
func (r *run) teamSeries(t *team) {
	for i, m := range TeamMetrics {
		t.series[i] = r.out.index(m.Name, t.name)
	}
}

// startRecording creates the domain series, so that weeks write by index.
func (r *run) startRecording() {
	r.domSeries = make([][]int, len(r.cfg.Domains))
	r.domAgg = make([]domainAgg, len(r.cfg.Domains))
	for d, dom := range r.cfg.Domains {
		for _, m := range DomainMetrics {
			r.domSeries[d] = append(r.domSeries[d], r.out.index(m.Name, dom.Name))
		}
	}
	r.areaSeries = map[string]int{}
}

// record writes this week's values to the trace.
func (r *run) record() {
	w, vals := r.week, r.out.Values
	hc := r.headcount()
	var ops, invest, demand, backlog, incidents, worstPages, moraleSum, required float64
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
		worstPages = math.Max(worstPages, pps)
		vals[t.series[0]][w] = n
		moraleSum += t.morale * n
		ops += t.ops
		invest += t.invest
		required += t.interrupts
		if t.areaWeek < 0 || len(t.insts) != t.areaInsts {
			name := r.area(i)
			a, ok := r.areaSeries[name]
			if !ok {
				a = r.out.index("area_headcount", name)
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
		if !r.teams[in.team].alive {
			continue
		}
		a := &doms[in.domain]
		a.demand += in.demand
		a.ops += in.ops
		a.invest += in.invest
		a.autoW += in.automation * in.demand
		a.backlog += in.backlog
		a.qualW += in.quality * in.demand
		a.incidents += in.incidents
		demand += in.demand
		backlog += in.backlog
		incidents += in.incidents
		required += in.toil
		r.stats.demandHours += in.demand - r.cfg.Domains[in.domain].FixedHours
	}
	for d, a := range doms {
		s := r.domSeries[d]
		vals[s[0]][w] = a.demand
		vals[s[1]][w] = a.ops
		vals[s[2]][w] = a.invest
		vals[s[3]][w] = safeDiv(a.autoW, a.demand, 0)
		vals[s[4]][w] = a.backlog
		vals[s[5]][w] = safeDiv(a.qualW, a.demand, 1)
		vals[s[6]][w] = a.incidents
	}
	trunkN := 0.0
	if r.trunk >= 0 {
		trunkN = float64(len(r.teams[r.trunk].members))
	}
	leavers := float64(r.stats.leavers) - r.lastLeavers
	r.lastLeavers = float64(r.stats.leavers)
	limit := r.cfg.Budget.CapPct / 100 * r.plan.engineers[w]
	org := [...]float64{
		r.plan.engineers[w], r.plan.usage[w], r.plan.services[w],
		float64(hc), trunkN, safeDiv(trunkN, float64(hc), 0), float64(branches),
		r.orgQ, r.trunkQuality(), incidents, worstPages, safeDiv(moraleSum, float64(hc), 0), leavers,
		safeDiv(invest, ops+invest, 0), ops, invest, demand, backlog, safeDiv(float64(hc), limit, 0),
	}
	for i, v := range org { // OrgMetrics are the trace's first series
		vals[i][w] = v
	}
	s := &r.stats
	s.opsHours += ops
	s.investHours += invest
	s.requiredHours += required
	s.engineerWeeks += float64(hc)
	s.peakPages = math.Max(s.peakPages, worstPages)
	s.maxTrunk = math.Max(s.maxTrunk, trunkN)
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
		return t.name
	}
	return r.cfg.Domains[r.insts[t.insts[0]].domain].Name
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

// finish computes the per-run outcomes.
func (r *run) finish() {
	tr, s := r.out, &r.stats
	last := tr.Weeks - 1
	at := func(m string) float64 { return tr.Series(m, "")[last] }
	first := math.NaN()
	if s.firstIntervention >= 0 {
		first = float64(s.firstIntervention)
	}
	from := max(0, tr.Weeks-52)
	q := tr.Series("quality", "")
	intervened := 0.0
	if s.interventions > 0 {
		intervened = 1
	}
	tr.Outcome = []float64{
		float64(s.weeksBelow),
		intervened,
		first,
		float64(s.interventions),
		at("infra_engineers"),
		at("trunk_engineers"),
		s.maxTrunk,
		at("trunk_share"),
		at("branches"),
		float64(s.splits),
		float64(s.hires),
		float64(s.leavers),
		float64(s.layoffs),
		safeDiv(s.investHours, s.opsHours+s.investHours, 0),
		s.peakPages,
		at("morale"),
		at("quality"),
		mean(q),
		mean(q[from:]),
		mean(tr.Series("trunk_quality", "")[from:]),
		s.opsHours,
		s.requiredHours,
		s.demandHours,
		float64(s.compressions),
		s.engineerWeeks * r.cfg.Budget.CostPerEngineer / 52,
	}
}
