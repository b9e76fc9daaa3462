package output

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/trunksim/trunksim/sim"
	"github.com/trunksim/trunksim/sim/experiment"
)

// The deck's findings: sentences computed from one comparison, each
// number in them a Quote that says where it comes from, so that a reader
// of report.html (and a test) can trace it to comparison.json. A
// variant's policy is read from its configuration, never from its name.

// Quote is a number a finding quotes.
type Quote struct {
	Text    string // as the finding writes it
	Variant string // whose number it is; "" for the scenario's
	// Source is what the number is: an outcome's name
	// (weeks_below_quality), a weekly series' (pages_per_shift) or an
	// input's Go path (Leadership.QualityThreshold).
	Source  string
	Subject string // a series' subject, "" for the organization's
	// Stat says which number of Source: p10, p50, p90 or mean across
	// runs; diff, lo90 or hi90 of the paired difference against the first
	// variant (comparison.json's difference_vs_first); ratio, of the
	// variant's mean over Of's; week, the first week the series' median
	// crosses a level; input, the scenario's value.
	Stat  string
	Of    string
	Value float64
	// Sign is how the text shows Value: 1 as it is, -1 as its opposite
	// ("63 fewer weeks" of a difference of -63).
	Sign float64
}

// Where says in words where the number comes from, for a reader of
// report.html.
func (q Quote) Where() string {
	what := q.Source
	if o, err := sim.OutcomeByName(q.Source); err == nil {
		what = o.Label()
	}
	if q.Subject != "" {
		what += " of " + q.Subject
	}
	switch q.Stat {
	case "p10", "p50", "p90", "mean":
		return fmt.Sprintf("%s of %s across runs, %s", map[string]string{"p10": "10th percentile", "p50": "median", "p90": "90th percentile", "mean": "mean"}[q.Stat], what, q.Variant)
	case "diff", "lo90", "hi90":
		return fmt.Sprintf("%s of the paired difference in %s, %s minus the first variant", map[string]string{"diff": "mean", "lo90": "low end of the 90% interval", "hi90": "high end of the 90% interval"}[q.Stat], what, q.Variant)
	case "ratio":
		return fmt.Sprintf("mean %s of %s over that of %s", what, q.Variant, q.Of)
	case "week":
		return fmt.Sprintf("first week the median run of %s crosses the level, %s", what, q.Variant)
	}
	return "the scenario's " + what
}

// Span is a piece of a finding: words, or a quoted number.
type Span struct {
	Text  string
	Quote *Quote
}

// Finding is one sentence of the deck, under a topic.
type Finding struct {
	Topic string // "Verdict", "When to split", ...; "" for none
	Spans []Span
}

// Text is the finding as a line of the deck.
func (f Finding) Text() string {
	var b strings.Builder
	if f.Topic != "" {
		b.WriteString(f.Topic + ": ")
	}
	for _, s := range f.Spans {
		b.WriteString(s.Text)
	}
	return b.String()
}

// Quotes are the numbers the finding quotes, in order.
func (f Finding) Quotes() []Quote {
	var out []Quote
	for _, s := range f.Spans {
		if s.Quote != nil {
			out = append(out, *s.Quote)
		}
	}
	return out
}

// say builds a finding from a format whose only verb is %s, each taking
// a string, a Quote or a []Span.
func say(topic, format string, args ...any) Finding {
	parts := strings.Split(format, "%s")
	for i := range parts {
		parts[i] = strings.ReplaceAll(parts[i], "%%", "%")
	}
	if len(parts) != len(args)+1 {
		panic(fmt.Sprintf("say: %d verbs, %d arguments in %q", len(parts)-1, len(args), format))
	}
	f := Finding{Topic: topic}
	add := func(s string) {
		if s != "" {
			f.Spans = append(f.Spans, Span{Text: s})
		}
	}
	add(parts[0])
	for i, a := range args {
		switch a := a.(type) {
		case string:
			add(a)
		case Quote:
			f.Spans = append(f.Spans, Span{Text: a.Text, Quote: &a})
		case []Span:
			f.Spans = append(f.Spans, a...)
		default:
			panic(fmt.Sprintf("say: argument %d is %T", i, a))
		}
		add(parts[i+1])
	}
	return f
}

// EdgeCheck is what report's knife-edge check found: the inputs it moved
// up and down by Change (0.1 for 10%), on Runs runs each, and the moves
// under which the headline's first variant is no longer first.
type EdgeCheck struct {
	Inputs []string // scenario keys
	Change float64
	Runs   int
	Edges  []Edge
}

// Edge is one move of an input that overturns the headline.
type Edge struct {
	Key    string  // scenario key
	Factor float64 // the input multiplied by it
	Unset  bool    // the scenario leaves it at the built-in default
}

// Findings are the deck's findings: at most five on the first page, in
// the order a leader asks (the verdict, when and what to split, what
// happens without it, what it costs, how sure it is), a line per variant
// on what to watch, and the rest for the appendix.
type Findings struct {
	Main, Watch, More []Finding
}

// The topics of the main findings.
const (
	TopicVerdict = "Verdict"
	TopicSplit   = "When to split"
	TopicWithout = "Without it"
	TopicCost    = "What it costs"
	TopicSure    = "How sure"
	// A single variant's findings, with no verdict between policies.
	TopicQuality  = "Quality"
	TopicPressure = "On call and morale"
)

// verdictOutcome is the outcome the verdict ranks by, as report's
// knife-edge check does.
const verdictOutcome = sim.WeeksBelowQuality

// finder computes findings from a comparison.
type finder struct {
	c     *experiment.Comparison
	vs    []experiment.Result
	edges *EdgeCheck
	named map[int]bool // variants already named with their policy
}

// Find computes the findings of a comparison; edges, if the knife-edge
// check ran, says how sure the verdict is.
func Find(c *experiment.Comparison, edges *EdgeCheck) Findings {
	f := &finder{c: c, vs: c.Results, edges: edges, named: map[int]bool{}}
	var out Findings
	order := c.Rank(verdictOutcome)
	win := order[0]
	if len(f.vs) == 1 {
		out.Main = []Finding{f.alone(win), f.whenToSplit(win), f.pressure(win), f.costAlone(win)}
	} else {
		alt := 0 // the first variant, as comparison.json's differences are against it
		if win == 0 {
			alt = order[1]
		}
		out.Main = []Finding{f.verdict(win, alt, order), f.whenToSplit(win), f.without(win, alt), f.cost(win, alt), f.sure(win, alt)}
	}
	for i := range f.vs {
		out.Watch = append(out.Watch, f.watch(i))
	}
	out.More = f.more()
	return out
}

// name is a variant's name, with its policy the first time the findings
// name it, when the name is not the policy's.
func (f *finder) name(i int) string {
	v := f.vs[i]
	if !f.named[i] {
		f.named[i] = true
		return Named(v)
	}
	return v.Name
}

// Named is a variant's name with its policy, when the name does not say
// it: "today (centralized)".
func Named(v experiment.Result) string {
	if p := v.Config.Policy.Name; !strings.Contains(v.Name, p) {
		return v.Name + " (" + strings.ReplaceAll(p, "-", " ") + ")"
	}
	return v.Name
}

// stat quotes an outcome of variant i across runs: p10, p50, p90 or mean.
func (f *finder) stat(i int, o sim.Outcome, stat string) Quote {
	q := f.vs[i].Ensemble.Outcome(o)
	x := map[string]float64{"p10": q.P10, "p50": q.P50, "p90": q.P90, "mean": q.Mean}[stat]
	return Quote{Text: Format(o.Info().Unit, x), Variant: f.vs[i].Name, Source: o.String(), Stat: stat, Value: x, Sign: 1}
}

func (f *finder) p50(i int, o sim.Outcome) Quote  { return f.stat(i, o, "p50") }
func (f *finder) mean(i int, o sim.Outcome) Quote { return f.stat(i, o, "mean") }

// ratio quotes variant i's mean of an outcome over variant j's.
func (f *finder) ratio(i, j int, o sim.Outcome) Quote {
	r := f.vs[i].Ensemble.Outcome(o).Mean / f.vs[j].Ensemble.Outcome(o).Mean
	return Quote{Text: Format(sim.UnitRatio, r), Variant: f.vs[i].Name, Source: o.String(), Stat: "ratio", Of: f.vs[j].Name, Value: r, Sign: 1}
}

// input quotes one of the scenario's values, by its Go path.
func input(path string, u sim.Unit, x float64) Quote {
	return Quote{Text: Format(u, x), Source: path, Stat: "input", Value: x, Sign: 1}
}

// weekQuote quotes the first week the median of variant i's series
// crosses a level.
func (f *finder) weekQuote(i int, m sim.Metric, subject string, week int) Quote {
	return Quote{Text: strconv.Itoa(week), Variant: f.vs[i].Name, Source: m.String(), Subject: subject, Stat: "week", Value: float64(week), Sign: 1}
}

// lead is the difference a minus b of outcome o, one of them the first
// variant, as comparison.json has it, in words: its size and a word for
// its direction ("63 fewer", "$11M less"; "as many" for none), its 90%
// interval, in the same direction, and ", within the runs' noise" when
// the interval holds zero.
func (f *finder) lead(a, b int, o sim.Outcome, fewer, more string) (diff, interval []Span, noise string) {
	v, flip := a, 1.0 // comparison.json holds v minus the first
	if a == 0 {
		v, flip = b, -1
	}
	d := f.c.VsFirst[v][o]
	sign := 1.0
	if d.Mean < 0 {
		sign = -1
	}
	u := o.Info().Unit
	q := func(stat string, x float64) Quote {
		return Quote{Text: Format(u, sign*x), Variant: f.vs[v].Name, Source: o.String(), Stat: stat, Value: x, Sign: sign}
	}
	size := q("diff", d.Mean)
	word := more
	if flip*d.Mean < 0 {
		word = fewer
	}
	lo, hi := q("lo90", d.Lo), q("hi90", d.Hi)
	if sign < 0 {
		lo, hi = hi, lo
	}
	size.Text, lo.Text, hi.Text = FormatEstimate(u, sign*d.Mean, sign*lo.Value, sign*hi.Value)
	diff = say("", "%s "+word, size).Spans
	if d.Mean == 0 {
		diff = say("", "as many").Spans
	}
	interval = say("", "%s to %s", lo, hi).Spans
	if lo.Text == hi.Text {
		interval = say("", "about %s", lo).Spans
	}
	if d.Lo <= 0 && d.Hi >= 0 {
		noise = ", within the runs' noise"
	}
	return diff, interval, noise
}

// verdict: which variant keeps quality above the threshold, by how much.
func (f *finder) verdict(win, alt int, order []int) Finding {
	cfg := f.vs[win].Config
	var others []Span
	for k, i := range order[1:] {
		sep := ", "
		switch {
		case k == 0:
			sep = ""
		case k == len(order)-2:
			sep = " and "
		}
		others = append(others, say("", sep+"%s under %s", f.mean(i, verdictOutcome), f.name(i)).Spans...)
	}
	diff, interval, noise := f.lead(win, alt, verdictOutcome, "fewer", "more")
	threshold := input("Leadership.QualityThreshold", sim.UnitScore, cfg.Leadership.QualityThreshold)
	mean, weeks := f.mean(win, verdictOutcome), input("Weeks", sim.UnitWeeks, float64(cfg.Weeks))
	head := say("", "%s keeps service quality above the leadership threshold (%s) most: %s %s under it on average over %s weeks",
		f.name(win), threshold, mean, weeksNoun(mean.Text), weeks).Spans
	if 2*mean.Value >= weeks.Value { // even the best is under the threshold most of the time
		head = say("", "no policy keeps service quality above the leadership threshold (%s): even the best, %s, is under it %s of %s weeks on average",
			threshold, f.name(win), mean, weeks).Spans
	}
	than := say("", "%s %s than %s", diff, weeksNoun(diff[0].Text), f.vs[alt].Name).Spans
	if diff[0].Quote == nil { // no difference
		than = say("", "%s weeks as %s", diff, f.vs[alt].Name).Spans
	}
	return say(TopicVerdict, "%s, against %s; %s on the same random draws%s (90%% interval %s).", head, others, than, noise, interval)
}

// alone: a single variant's record against the threshold.
func (f *finder) alone(i int) Finding {
	cfg := f.vs[i].Config
	return say(TopicQuality, "under %s, service quality is under the leadership threshold of %s for %s weeks of %s in the median run (%s to %s from the 10th to the 90th percentile run), and leadership intervenes in %s of runs.",
		f.name(i), input("Leadership.QualityThreshold", sim.UnitScore, cfg.Leadership.QualityThreshold), f.p50(i, verdictOutcome),
		input("Weeks", sim.UnitWeeks, float64(cfg.Weeks)), f.stat(i, verdictOutcome, "p10"), f.stat(i, verdictOutcome, "p90"), f.mean(i, sim.InterventionRate))
}

// split is a branch in the order the median run has it.
type split struct {
	domain string
	week   int
}

// firstSplits are the branches variant i grows, by the week its median
// run has each (the first week the median headcount of a domain's
// branches is above zero): across runs, not one run's story. Areas the
// organization starts with are left out.
func (f *finder) firstSplits(i int) []split {
	var out []split
	for _, s := range f.vs[i].Ensemble.Series {
		if s.Key.Metric != sim.AreaHeadcount || s.Key.Subject == sim.TrunkArea || s.Key.Subject == sim.GroupsArea || len(s.Weeks) == 0 || s.Weeks[0].P50 > 0 {
			continue
		}
		if w := slices.IndexFunc(s.Weeks, func(q sim.Quantiles) bool { return q.N > 0 && q.P50 > 0 }); w >= 0 {
			out = append(out, split{s.Key.Subject, w})
		}
	}
	slices.SortStableFunc(out, func(a, b split) int { return a.week - b.week })
	return out
}

// trunkSplit is run 1's first split off the trunk, if it had one.
func trunkSplit(tr *sim.Trace) (sim.Event, bool) {
	if tr == nil {
		return sim.Event{}, false
	}
	trunk := map[string]bool{}
	for _, t := range tr.Teams {
		trunk[t.Name] = t.Trunk
	}
	for _, e := range tr.Events {
		if e.Domain != "" && trunk[e.Team] {
			return e, true
		}
	}
	return sim.Event{}, false
}

// whenToSplit: the winning policy's first splits and why.
func (f *finder) whenToSplit(i int) Finding {
	v := f.vs[i]
	cfg := v.Config
	name := f.name(i)
	switch cfg.Policy.Name {
	case sim.Centralized:
		return say(TopicSplit, "not in this scenario: %s never splits the trunk, which is %s engineers at its largest in the median run.", name, f.p50(i, sim.MaxTrunkEngineers))
	case sim.Fragmented:
		return say(TopicSplit, "%s gives each product group of %s product engineers its own infra team from the start, %s teams beside the trunk at the end of the median run.",
			name, input("Company.GroupSize", sim.UnitEngineers, cfg.Company.GroupSize), f.p50(i, sim.FinalBranches))
	}
	trigger := say("", "as soon as the trunk passes %s engineers", input("Policy.Threshold", sim.UnitEngineers, float64(cfg.Policy.Threshold))).Spans
	switch cfg.Policy.Name {
	case sim.TrunkShare:
		trigger = say("", "as soon as the trunk passes %s engineers and %s of infra", input("Policy.Threshold", sim.UnitEngineers, float64(cfg.Policy.Threshold)),
			input("Policy.SharePct", sim.UnitShare, (cfg.Policy.SharePct+cfg.Policy.ShareBand)/100)).Spans
	case sim.Planned:
		trigger = say("", "when the plan says").Spans
	}
	if len(cfg.Plan) > 0 && cfg.Policy.Name != sim.Planned {
		trigger = append(trigger, Span{Text: " and when its plan says"})
	}
	splits := f.firstSplits(i)
	if len(splits) == 0 {
		return say(TopicSplit, "%s splits a branch off %s, which the median run never needs in %s weeks; it makes %s splits in all.",
			name, trigger, input("Weeks", sim.UnitWeeks, float64(cfg.Weeks)), f.p50(i, sim.Splits))
	}
	first := splits[0]
	var then []Span
	for k, s := range splits[1:min(3, len(splits))] {
		sep := ", then "
		if k > 0 {
			sep = " and "
		}
		then = append(then, say("", sep+"%s (week %s)", s.domain, f.weekQuote(i, sim.AreaHeadcount, s.domain, s.week)).Spans...)
	}
	why := ""
	if e, ok := trunkSplit(v.Ensemble.First); ok && e.Why != "" {
		why = fmt.Sprintf(" Run 1 split %s off first because %s.", e.Domain, e.Why)
		if e.Domain != first.domain {
			why = fmt.Sprintf(" Run 1 split %s off first, in week %d, because %s.", e.Domain, e.Week, e.Why)
		}
	}
	return say(TopicSplit, "%s splits a branch off %s, in the median run in week %s (%s): %s first%s.%s It makes %s splits in all, counting branches that split in two as they outgrow one team.",
		name, trigger, f.weekQuote(i, sim.AreaHeadcount, first.domain, first.week), Quarter(float64(first.week)),
		first.domain, then, why, f.p50(i, sim.Splits))
}

// answerable quotes how many pages the people on call of variant i's
// configuration can answer a shift.
func answerableQuote(cfg *sim.Config) Quote {
	return input("OnCall.ShiftHours/OnCall.HoursPerPage", sim.UnitPages, answerable(cfg))
}

// intervenes says how often leadership intervenes under variant i and,
// if it does, when first.
func (f *finder) intervenes(i int) []Span {
	if f.vs[i].Ensemble.Outcome(sim.InterventionRate).Mean == 0 {
		return say("", "leadership never intervenes in %s runs", strconv.Itoa(f.vs[i].Ensemble.Runs)).Spans
	}
	first := f.p50(i, sim.FirstInterventionWeek)
	return say("", "leadership intervenes in %s of runs, first in week %s (%s) of the median run that has one", f.mean(i, sim.InterventionRate), first, Quarter(first.Value)).Spans
}

// without: what happens under the alternative.
func (f *finder) without(win, alt int) Finding {
	cfg := f.vs[alt].Config
	return say(TopicWithout, "under %s the busiest on-call rotation peaks at %s pages a shift in the median run, against the %s its people can answer (%s under %s); morale ends at %s against %s, and %s engineers leave against %s; %s.",
		f.name(alt), f.p50(alt, sim.PeakPagesPerShift), answerableQuote(cfg), f.p50(win, sim.PeakPagesPerShift), f.vs[win].Name,
		f.p50(alt, sim.FinalMorale), f.p50(win, sim.FinalMorale), f.p50(alt, sim.Leavers), f.p50(win, sim.Leavers), f.intervenes(alt))
}

// pressure: a single variant's on-call, morale and leavers.
func (f *finder) pressure(i int) Finding {
	return say(TopicPressure, "the busiest on-call rotation peaks at %s pages a shift in the median run, against the %s its people can answer; morale ends at %s and %s engineers leave; %s.",
		f.p50(i, sim.PeakPagesPerShift), answerableQuote(f.vs[i].Config), f.p50(i, sim.FinalMorale), f.p50(i, sim.Leavers), f.intervenes(i))
}

// cost: the winner's cost against the alternative's.
func (f *finder) cost(win, alt int) Finding {
	diff, interval, noise := f.lead(win, alt, sim.Cost, "less", "more")
	return say(TopicCost, "%s costs %s on average over the run against %s under %s, %s%s (90%% interval %s): infra salaries of %s against %s, and %s of product engineers' time lost to poor infra against %s.",
		f.vs[win].Name, f.mean(win, sim.Cost), f.mean(alt, sim.Cost), f.vs[alt].Name, diff, noise, interval,
		f.mean(win, sim.InfraCost), f.mean(alt, sim.InfraCost), f.mean(win, sim.ProductTimeLost), f.mean(alt, sim.ProductTimeLost))
}

// costAlone: a single variant's cost.
func (f *finder) costAlone(i int) Finding {
	return say(TopicCost, "%s on average over the run: infra salaries of %s, and %s of product engineers' time lost to poor infra.",
		f.mean(i, sim.Cost), f.mean(i, sim.InfraCost), f.mean(i, sim.ProductTimeLost))
}

// sure: how sure the verdict is, from the knife-edge check when report
// ran it.
func (f *finder) sure(win, alt int) Finding {
	_, interval, _ := f.lead(win, alt, verdictOutcome, "fewer", "more")
	runs := strconv.Itoa(f.vs[win].Ensemble.Runs)
	e := f.edges
	switch {
	case e == nil:
		return say(TopicSure, "the 90%% interval, %s weeks, comes from %s paired runs at the scenario's values alone; trunksim report moves the inputs that matter most, and trunksim robustness every assumption, to see whether any of them flips the verdict.",
			interval, runs)
	case len(e.Edges) == 0:
		return say(TopicSure, "%s stays first with each of the %s inputs that matter most (%s) %s lower or higher, on %s runs each; the 90%% interval, %s weeks, comes from %s paired runs.",
			f.vs[win].Name, strconv.Itoa(len(e.Inputs)), strings.Join(e.Inputs, ", "), Format(sim.UnitShare, e.Change), strconv.Itoa(e.Runs), interval, runs)
	}
	// Each input once, with the ends at which it flips the verdict.
	var keys, unset []string
	ends := map[string][]string{}
	for _, m := range e.Edges {
		if _, ok := ends[m.Key]; !ok {
			keys = append(keys, m.Key)
		}
		dir := "higher"
		if m.Factor < 1 {
			dir = "lower"
		}
		ends[m.Key] = append(ends[m.Key], dir)
		if m.Unset && !slices.Contains(unset, m.Key) {
			unset = append(unset, m.Key)
		}
	}
	var moves []string
	for _, k := range keys {
		moves = append(moves, k+" "+Format(sim.UnitShare, e.Change)+" "+strings.Join(ends[k], " or "))
	}
	it := "it"
	if len(keys) > 1 {
		it = "them"
	}
	rest := "measure " + it + " before relying on the verdict"
	if len(unset) > 0 {
		rest = "the scenario never set " + list(unset) + ", so the verdict rests on the built-in default: " + rest
	}
	return say(TopicSure, "on a knife edge: with %s, %s is no longer first on weeks below the threshold; %s.", list(moves), f.vs[win].Name, rest)
}

// list joins words as a sentence does: "a", "a and b", "a, b and c".
func list(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// crossing is the first week the median of a series is above (or, with
// below, under) a level by more than the sketches' error (1%), or -1.
func crossing(s *sim.SeriesStats, level float64, below bool) int {
	if s == nil {
		return -1
	}
	const tolerance = 0.01
	return slices.IndexFunc(s.Weeks, func(q sim.Quantiles) bool {
		return q.N > 0 && (below && q.P50 < level*(1-tolerance) || !below && q.P50 > level*(1+tolerance))
	})
}

// watch: the leading indicator that warns first under variant i (pages
// a shift passing what on call can answer, investment falling under the
// reserve, or, for one team that never splits, its passing the size at
// which Trunk and Branches would), and the week its median run crosses
// it, against the week quality falls under the threshold.
func (f *finder) watch(i int) Finding {
	v := f.vs[i]
	cfg, e := v.Config, v.Ensemble
	reserve := input("Allocation.ReservePct", sim.UnitShare, cfg.Allocation.ReservePct/100)
	type sign struct {
		week  int
		words []Span
	}
	var signs []sign
	// when is the week a series crosses: "in week 12", or "from the start
	// (week 0)".
	when := func(m sim.Metric, w int) []Span {
		if w == 0 {
			return say("", "from the start (week %s)", f.weekQuote(i, m, "", w)).Spans
		}
		return say("", "in week %s", f.weekQuote(i, m, "", w)).Spans
	}
	if w := crossing(e.Stats(sim.PagesPerShift, ""), answerable(cfg), false); w >= 0 {
		signs = append(signs, sign{w, say("", "pages a shift on the busiest rotation pass the %s its people can answer %s", answerableQuote(cfg), when(sim.PagesPerShift, w)).Spans})
	}
	if w := crossing(e.Stats(sim.InvestShare, ""), reserve.Value, true); w >= 0 {
		signs = append(signs, sign{w, say("", "investment falls under the %s reserve %s", reserve, when(sim.InvestShare, w)).Spans})
	}
	if cfg.Policy.Name == sim.Centralized {
		if w := crossing(e.Stats(sim.TrunkEngineers, ""), float64(cfg.Policy.Threshold), false); w >= 0 {
			signs = append(signs, sign{w, say("", "the trunk passes %s engineers, where Trunk and Branches would split it, %s",
				input("Policy.Threshold", sim.UnitEngineers, float64(cfg.Policy.Threshold)), when(sim.TrunkEngineers, w)).Spans})
		}
	}
	slices.SortStableFunc(signs, func(a, b sign) int { return a.week - b.week })
	threshold := input("Leadership.QualityThreshold", sim.UnitScore, cfg.Leadership.QualityThreshold)
	qw := crossing(e.Stats(sim.Quality, ""), cfg.Leadership.QualityThreshold, true)
	var quality []Span
	if qw >= 0 {
		quality = say("", "quality falls under the %s threshold %s", threshold, when(sim.Quality, qw)).Spans
	}
	switch {
	case len(signs) == 0 && qw < 0:
		return say("Under "+v.Name, "pages a shift on the busiest rotation; their weekly median stays under the %s its people can answer (the median run's peak is %s), investment stays above the %s reserve and quality above the %s threshold.",
			answerableQuote(cfg), f.p50(i, sim.PeakPagesPerShift), reserve, threshold)
	case len(signs) == 0 || qw >= 0 && qw < signs[0].week:
		var then []Span
		if len(signs) > 0 {
			then = say("", "; then %s", signs[0].words).Spans
		}
		return say("Under "+v.Name, "%s%s of the median run, before any leading sign%s%s.", quality, quarterOf(qw), f.recovery(i), then)
	}
	first := signs[0]
	after := say("", "; quality stays above the %s threshold in the median run", threshold).Spans
	switch {
	case qw == first.week:
		after = say("", ", as %s%s", quality, f.recovery(i)).Spans
	case qw >= 0:
		after = say("", ", %s before %s%s", weeksWord(qw-first.week), quality, f.recovery(i)).Spans
	}
	return say("Under "+v.Name, "%s%s of the median run%s.", first.words, quarterOf(first.week), after)
}

// quarterOf is " (quarter 2 of year 1)" of a week after the first.
func quarterOf(week int) string {
	if week == 0 {
		return ""
	}
	return " (" + Quarter(float64(week)) + ")"
}

// recovery says when the median run of variant i has quality back above
// the threshold to the end of the run, if it does.
func (f *finder) recovery(i int) []Span {
	s := f.vs[i].Ensemble.Stats(sim.Quality, "")
	if s == nil {
		return nil
	}
	threshold := f.vs[i].Config.Leadership.QualityThreshold
	last := -1
	for w, q := range s.Weeks {
		if q.N > 0 && q.P50 < threshold {
			last = w
		}
	}
	if last < 0 || last+1 >= len(s.Weeks) {
		return nil
	}
	return say("", ", and back above it from week %s to the end", f.weekQuote(i, sim.Quality, "", last+1)).Spans
}

// weeksWord is a number of weeks in words: "1 week", "12 weeks".
func weeksWord(n int) string {
	return strconv.Itoa(n) + " " + weeksNoun(strconv.Itoa(n))
}

// weeksNoun is the noun after a number of weeks as written.
func weeksNoun(n string) string {
	if n == "1" {
		return "week"
	}
	return "weeks"
}

// more: the appendix, each variant's record and the comparisons the main
// page leaves out.
func (f *finder) more() []Finding {
	var out []Finding
	for i, v := range f.vs {
		e := v.Ensemble
		trunk := say("", "; the trunk ends at %s engineers in the median run, %s of infra", f.p50(i, sim.FinalTrunkEngineers), f.p50(i, sim.FinalTrunkShare)).Spans
		if v.Config.Policy.Name == sim.Fragmented {
			trunk = nil
		}
		out = append(out, say("", "Under %s, %s%s; morale ends at %s and %s engineers leave.",
			v.Name, f.intervenes(i), trunk, f.p50(i, sim.FinalMorale), f.p50(i, sim.Leavers)))
		if e.First != nil {
			out = append(out, say("", "In run 1 under %s, %s.", v.Name, interventionsText(e.First)))
		}
	}
	// A fragmented organization against one with a shared trunk: the
	// operations hours every group spends rebuilding the primitives.
	for i, v := range f.vs {
		if v.Config.Policy.Name != sim.Fragmented {
			continue
		}
		other := slices.IndexFunc(f.vs, func(o experiment.Result) bool { return o.Config.Policy.Splits() })
		if other < 0 {
			other = slices.IndexFunc(f.vs, func(o experiment.Result) bool { return o.Config.Policy.Name != sim.Fragmented })
		}
		if other < 0 {
			break
		}
		out = append(out, say("", "Under %s, the work required %s on average, %s the %s under %s, as every product group rebuilds the primitives; infra worked %s of operations (%s under %s).",
			v.Name, f.mean(i, sim.RequiredHours), f.ratio(i, other, sim.RequiredHours), f.mean(other, sim.RequiredHours), f.vs[other].Name,
			f.mean(i, sim.OpsHours), f.mean(other, sim.OpsHours), f.vs[other].Name))
		break
	}
	if len(f.vs) > 1 {
		best := f.c.Rank(sim.MeanQuality)[0]
		out = append(out, say("", "Best on mean service quality: %s, at %s on average.", f.vs[best].Name, f.mean(best, sim.MeanQuality)))
	}
	return out
}

// interventionsText summarises a run's interventions: "leadership
// intervened 5 times, in weeks 40 to 72, every 8 weeks"; "" if none.
func interventionsText(tr *sim.Trace) string {
	if tr == nil {
		return ""
	}
	var weeks []int
	for _, e := range tr.Events {
		if e.Kind == "intervention" {
			weeks = append(weeks, e.Week)
		}
	}
	if len(weeks) == 0 {
		return "leadership never intervened"
	}
	return "leadership " + weeksList("intervened", weeks)
}

// weeksList says when something happened: "intervened once, in week 20",
// "intervened twice, in weeks 20 and 40", "intervened 5 times, in weeks
// 40 to 72, every 8 weeks" (or "every 8 to 13 weeks"); "" for no weeks.
func weeksList(verb string, weeks []int) string {
	switch len(weeks) {
	case 0:
		return ""
	case 1:
		return fmt.Sprintf("%s once, in week %d", verb, weeks[0])
	case 2:
		return fmt.Sprintf("%s twice, in weeks %d and %d", verb, weeks[0], weeks[1])
	}
	lo, hi := math.MaxInt, 0
	for k := 1; k < len(weeks); k++ {
		gap := weeks[k] - weeks[k-1]
		lo, hi = min(lo, gap), max(hi, gap)
	}
	every := fmt.Sprintf("every %d weeks", lo)
	if hi != lo {
		every = fmt.Sprintf("every %d to %d weeks", lo, hi)
	}
	return fmt.Sprintf("%s %d times, in weeks %d to %d, %s", verb, len(weeks), weeks[0], weeks[len(weeks)-1], every)
}

// runStory is run 1 of a variant as the deck lists it: each split with
// its week, the interventions summarised, at most max lines.
func runStory(tr *sim.Trace, most int) []string {
	if tr == nil {
		return nil
	}
	var lines []string
	splits := 0
	for _, e := range tr.Events {
		if e.Domain == "" && !strings.HasPrefix(e.Text, "infra split into") {
			continue
		}
		splits++
		if len(lines) < most-2 {
			lines = append(lines, fmt.Sprintf("Week %d: %s.", e.Week, e.Text))
		}
	}
	if n := splits - len(lines); n > 0 {
		lines = append(lines, fmt.Sprintf("And %d more %s.", n, map[bool]string{true: "split", false: "splits"}[n == 1]))
	}
	return append(lines, capital(interventionsText(tr))+".")
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// takeaway is the one line above a chart of one variant.
func takeaway(chart string, cfg *sim.Config, v experiment.Result) string {
	e := v.Ensemble
	last := e.Weeks - 1
	at := func(metric sim.Metric, week int) float64 { return e.Stats(metric, "").Weeks[week].P50 }
	eng := func(x float64) string { return Format(sim.UnitEngineers, x) }
	share := func(x float64) string { return Format(sim.UnitShare, x) }
	switch chart {
	case "headcount":
		return fmt.Sprintf("Infra grew from %s to %s engineers in the median run; branches held %s of them at the end.",
			eng(at(sim.InfraEngineers, 0)), eng(at(sim.InfraEngineers, last)), share(1-at(sim.TrunkShareOfInfra, last)))
	case "trunk-share":
		return fmt.Sprintf("The trunk ended at %s of infra in the median run, against the %s that the Trunk and Branches model recommends.", share(at(sim.TrunkShareOfInfra, last)), TrunkBand)
	case "quality":
		return fmt.Sprintf("Quality spent %s weeks under the %s threshold in the median run; leadership intervened in %s of runs.",
			Format(sim.UnitWeeks, e.Outcome(sim.WeeksBelowQuality).P50), Format(sim.UnitScore, cfg.Leadership.QualityThreshold), share(e.Outcome(sim.InterventionRate).Mean))
	case "pages":
		return fmt.Sprintf("The busiest rotation peaked at %s pages a shift in the median run; the people on call can answer %s.",
			Format(sim.UnitPages, e.Outcome(sim.PeakPagesPerShift).P50), Format(sim.UnitPages, answerable(cfg)))
	case "morale":
		return fmt.Sprintf("Morale ended at %s in the median run; %s engineers left.", Format(sim.UnitScore, at(sim.Morale, last)), eng(e.Outcome(sim.Leavers).P50))
	case "investment":
		return fmt.Sprintf("Investment took %s of worked hours over the run (median).", share(e.Outcome(sim.InvestmentShare).P50))
	}
	return ""
}

// TrunkBand is the trunk's share of infra that seed 000, the Trunk and
// Branches model, recommends, as a person reads it.
const TrunkBand = "15 to 25%"

// compareTakeaway is the one line above an overlay chart: each variant's
// median of the outcome the chart's trajectory ends in.
func compareTakeaway(outcome sim.Outcome, vs []experiment.Result) string {
	var parts []string
	for _, v := range vs {
		parts = append(parts, v.Name+" "+Format(outcome.Info().Unit, v.Ensemble.Outcome(outcome).P50))
	}
	return fmt.Sprintf("%s in the median run: %s.", capital(outcome.Label()), strings.Join(parts, ", "))
}
