package experiment

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/trunksim/trunksim/sim"
)

// Ranked lists the outcomes whose ranking a robustness study checks at
// every end.
var Ranked = []sim.Outcome{sim.WeeksBelowQuality, sim.InterventionRate}

// Verdict is a claim about a comparison that a robustness study checks at
// each end of every assumption.
type Verdict struct {
	Text    string      // the claim, as a person reads it
	Outcome sim.Outcome // the outcome Lead is measured in
	// Lead is by how much the claim holds in end, in the outcome's unit,
	// paired run by run with its 90% interval: it holds when the mean is
	// above 0. base is the comparison at the scenario's own values, for a
	// claim that refers to it.
	Lead func(base, end *Comparison) Diff
}

// SeedsVerdict is the verdict of the seeds for the variants vs:
// trunk-and-branches has fewer mean weeks below quality than centralized
// and fragmented, those of them that are present, each variant's policy
// read from its configuration. Without trunk-and-branches or without both
// rivals, it is that the variant first at the scenario's values stays
// first. Lead is the weeks below quality by which the claimed winner beats
// its closest rival, paired run by run.
func SeedsVerdict(vs []Variant) Verdict {
	o := sim.WeeksBelowQuality
	policy := func(name string) int {
		return slices.IndexFunc(vs, func(v Variant) bool { return v.Config.Policy.Name == name })
	}
	tb := policy(sim.TrunkAndBranches)
	var rivals []int
	var names []string
	for _, p := range []string{sim.Centralized, sim.Fragmented} {
		if i := policy(p); i >= 0 {
			rivals = append(rivals, i)
			names = append(names, vs[i].Name)
		}
	}
	if tb >= 0 && len(rivals) > 0 {
		return Verdict{
			Text:    fmt.Sprintf("%s beats %s on mean %s", vs[tb].Name, strings.Join(names, " and "), o.Label()),
			Outcome: o,
			Lead:    func(_, end *Comparison) Diff { return end.lead(o, tb, rivals) },
		}
	}
	return FirstStaysFirst(o)
}

// FirstStaysFirst is the verdict that the variant first on outcome o at
// the scenario's values stays first: Lead is by how much it beats the
// closest of the others, paired run by run.
func FirstStaysFirst(o sim.Outcome) Verdict {
	return Verdict{
		Text:    fmt.Sprintf("the variant first on mean %s at the scenario's values stays first", o.Label()),
		Outcome: o,
		Lead: func(base, end *Comparison) Diff {
			first := base.Rank(o)[0]
			var others []int
			for i := range end.Results {
				if i != first {
					others = append(others, i)
				}
			}
			return end.lead(o, first, others)
		},
	}
}

// lead is by how much variant i beats the closest of rivals on outcome o,
// paired run by run: its mean is above 0 when i is better than every one
// of them, and NaN if it is for any.
func (c *Comparison) lead(o sim.Outcome, i int, rivals []int) Diff {
	lead := Diff{Mean: math.Inf(1)}
	for _, r := range rivals {
		worse, better := c.Results[r].Ensemble, c.Results[i].Ensemble
		if !o.Info().Higher { // Paired is the second minus the first
			worse, better = better, worse
		}
		d := Paired(worse, better, o)
		if math.IsNaN(d.Mean) {
			return d
		}
		if d.Mean < lead.Mean {
			lead = d
		}
	}
	return lead
}

// End is the study at one end of an assumption's range (or at the
// scenario's own values): the variants' comparison and what it concludes,
// or, when the model rejects the value, why it was not run.
type End struct {
	Value   float64
	NotRun  string      // why the model rejects the value; "" when it ran
	Compare *Comparison // nil when not run
	// Ranking is each ranked outcome's order of the variants, best first;
	// Holds says whether it is the base's, up to ties: no two variants
	// ordered one way at the base are ordered the other way here.
	Ranking map[sim.Outcome][]int
	Holds   map[sim.Outcome]bool
	// Lead is the verdict's lead here with its 90% interval; VerdictHolds
	// says its mean is above 0.
	Lead         Diff
	VerdictHolds bool
}

// Ran reports whether the end was run.
func (e End) Ran() bool { return e.Compare != nil }

// FlipsClearly reports whether the verdict fails here beyond the runs'
// noise: the 90% interval of its lead lies below 0.
func (e End) FlipsClearly() bool { return e.Ran() && e.Lead.Hi < 0 }

// Mean is variant v's mean of outcome o at this end, NaN when not run.
func (e End) Mean(v int, o sim.Outcome) float64 {
	if !e.Ran() {
		return math.NaN()
	}
	return e.Compare.Results[v].Ensemble.Outcome(o).Mean
}

// Check is one assumption with the study at the low and the high end of
// its range.
type Check struct {
	Assumption sim.Assumption
	Low, High  End
}

// Ends are the check's two ends with their names, low first.
func (c *Check) Ends() []NamedEnd {
	return []NamedEnd{{"low", &c.Low}, {"high", &c.High}}
}

// NamedEnd is an end of a check with its name, "low" or "high".
type NamedEnd struct {
	Name string
	*End
}

// closest is the smaller lead of the ends that ran, +Inf when none did.
func (c *Check) closest() float64 {
	lead := math.Inf(1)
	for _, e := range c.Ends() {
		if e.Ran() && !math.IsNaN(e.Lead.Mean) {
			lead = math.Min(lead, e.Lead.Mean)
		}
	}
	return lead
}

// RobustnessResult is a robustness study: the variants compared at the
// scenario's values (Base) and at both ends of every assumption.
type RobustnessResult struct {
	Names   []string // the variants', in order
	Verdict Verdict
	Base    End
	Checks  []Check // in the order the assumptions were given
}

// Closest lists the checks closest to flipping the verdict first: by the
// smaller lead of their ends that ran, checks with no end run last, ties
// in the order given.
func (r *RobustnessResult) Closest() []Check {
	out := slices.Clone(r.Checks)
	slices.SortStableFunc(out, func(a, b Check) int {
		x, y := a.closest(), b.closest()
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	})
	return out
}

// Flip is one end of an assumption that ran and at which a claim does
// not hold.
type Flip struct {
	Field string
	End   string // "low" or "high"
	Value float64
	Lead  Diff // the verdict's lead at the end
}

// Flips lists the ends, in the order of the checks, at which the claim
// fails: holds reports whether it holds at a run end.
func (r *RobustnessResult) Flips(holds func(End) bool) []Flip {
	var out []Flip
	for i := range r.Checks {
		c := &r.Checks[i]
		for _, e := range c.Ends() {
			if e.Ran() && !holds(*e.End) {
				out = append(out, Flip{c.Assumption.Field, e.Name, e.Value, e.Lead})
			}
		}
	}
	return out
}

// VerdictFlips lists the ends at which the verdict, holding at the
// scenario's values, does not hold: none when it does not hold there.
func (r *RobustnessResult) VerdictFlips() []Flip {
	if !r.Base.VerdictHolds {
		return nil
	}
	return r.Flips(func(e End) bool { return e.VerdictHolds })
}

// Robustness runs the variants on common random numbers at the scenario's
// values, then at the low and at the high end of every assumption, each
// end's variants being copies of vs with the assumption applied. At each
// end it ranks the variants on every Ranked outcome, against the base's
// ranking, and measures the verdict. An end whose value the model rejects
// for any variant is not run and keeps the reason. o.Progress counts the
// runs of the whole study.
func Robustness(ctx context.Context, vs []Variant, assumptions []sim.Assumption, verdict Verdict, o Options) (*RobustnessResult, error) {
	r := &RobustnessResult{Verdict: verdict, Base: End{Value: math.NaN()}}
	for _, v := range vs {
		r.Names = append(r.Names, v.Name)
	}
	ends := 1
	moved := make([][2][]Variant, len(assumptions))
	for i, a := range assumptions {
		c := Check{Assumption: a, Low: End{Value: a.Low}, High: End{Value: a.High}}
		for j, e := range c.Ends() {
			moved[i][j], e.NotRun = applied(vs, a, e.Value)
			if e.NotRun == "" {
				ends++
			}
		}
		r.Checks = append(r.Checks, c)
	}
	total := ends * len(vs) * o.Runs
	done := 0
	run := func(e *End, vs []Variant, base *Comparison) error {
		eo := o
		if o.Progress != nil {
			offset := done
			eo.Progress = func(d, _ int) { o.Progress(offset+d, total) }
		}
		rs, err := Run(ctx, vs, eo)
		if err != nil {
			return err
		}
		done += len(vs) * o.Runs
		e.conclude(Compare(rs), base, verdict)
		return nil
	}
	if err := run(&r.Base, vs, nil); err != nil {
		return nil, err
	}
	for i := range r.Checks {
		for j, e := range r.Checks[i].Ends() {
			if e.NotRun != "" {
				continue
			}
			if err := run(e.End, moved[i][j], r.Base.Compare); err != nil {
				return nil, err
			}
		}
	}
	return r, nil
}

// applied copies every variant with the assumption at value, or says why
// the model rejects it for one of them.
func applied(vs []Variant, a sim.Assumption, value float64) ([]Variant, string) {
	return moved(vs, fmt.Sprintf("%s=%g", a.Field, value), func(c *sim.Config) bool { a.Apply(c, value); return true })
}

// moved copies every variant with move applied to its config and set
// recorded among its sets, or says why one cannot be: move reports false
// (no such input), or the model rejects the result.
func moved(vs []Variant, set string, move func(*sim.Config) bool) ([]Variant, string) {
	out := make([]Variant, len(vs))
	for i, v := range vs {
		c := v.Config.Clone()
		if !move(c) {
			return nil, v.Name + ": no such input"
		}
		if _, err := sim.NewPlan(c); err != nil {
			return nil, v.Name + ": " + strings.Join(strings.Fields(err.Error()), " ")
		}
		out[i] = Variant{Name: v.Name, Sets: append(slices.Clone(v.Sets), set), Config: c}
	}
	return out, ""
}

// conclude ranks the comparison c at this end and measures the verdict;
// base is the comparison at the scenario's values, nil for the base itself.
func (e *End) conclude(c, base *Comparison, v Verdict) {
	e.Compare = c
	if base == nil {
		base = c
	}
	e.Ranking = map[sim.Outcome][]int{}
	e.Holds = map[sim.Outcome]bool{}
	for _, o := range Ranked {
		e.Ranking[o] = c.Rank(o)
		e.Holds[o] = !reversed(base, c, o)
	}
	e.Lead = v.Lead(base, c)
	e.VerdictHolds = e.Lead.Mean > 0
}

// reversed reports whether two variants strictly ordered one way on the
// mean of o in a are strictly ordered the other way in b.
func reversed(a, b *Comparison, o sim.Outcome) bool {
	mean := func(c *Comparison, i int) float64 { return c.Results[i].Ensemble.Outcome(o).Mean }
	for i := range a.Results {
		for j := range a.Results {
			if o.Better(mean(a, i), mean(a, j)) && o.Better(mean(b, j), mean(b, i)) {
				return true
			}
		}
	}
	return false
}
