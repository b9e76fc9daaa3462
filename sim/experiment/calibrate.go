package experiment

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strconv"
	"sync"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize"

	"github.com/trunksim/trunksim/sim"
)

// Calibration finds the inputs a leader does not measure so that the
// simulated organization reproduces what they do measure. Targets are
// measured figures (the mean of a series over some weeks), parameters the
// inputs that answer them; the fit minimises the sum of squared errors,
// each in units of its target's scale, over seeded runs (the same seeds at
// every trial, so that the loss moves with the parameters, not with luck),
// with Levenberg-Marquardt (on gonum's matrices), and gonum's Nelder-Mead
// from where it stops. It never returns a bad fit silently: a target
// left outside the tolerance is a conflict, named with its reason.

// Target is one measured figure a calibration must reproduce: the mean of
// a series over weeks From to To.
type Target struct {
	Name     string // the figure as the leader named it: "pages_per_shift"
	When     string // for a person, when it is not today: "weeks 13 to 25"
	Key      sim.Key
	From, To int // weeks of the run, inclusive
	// Weeks, when set, are the weeks within From to To the figure was
	// measured in; the simulated figure is the mean over the same weeks.
	Weeks []int
	Value float64 // in the series' unit
	// Scale is the size of a difference that matters, at least the value
	// itself: a target's error is the difference over its scale.
	Scale float64
	// Factor turns the series' unit into the figure's as the leader gave
	// it (100 for a percentage); 0 is 1.
	Factor float64
	// Soft: a point of a history, which has one run's luck in it; the fit
	// reports how far it is but no single one is a conflict.
	Soft bool
}

// Label names the target for a person: "pages_per_shift on platform".
func (t *Target) Label() string {
	s := t.Name
	if t.Key.Subject != "" {
		s += " on " + t.Key.Subject
	}
	if t.When != "" {
		s += ", " + t.When
	}
	return s
}

// Describe is the target with its value: "pages_per_shift 42 on platform".
func (t *Target) Describe() string {
	s := t.Name + " " + strconv.FormatFloat(t.Shown(t.Value), 'g', 4, 64)
	if t.Key.Subject != "" {
		s += " on " + t.Key.Subject
	}
	if t.When != "" {
		s += " in " + t.When
	}
	return s
}

// Shown is x, in the series' unit, in the figure's unit.
func (t *Target) Shown(x float64) float64 {
	if t.Factor == 0 {
		return x
	}
	return x * t.Factor
}

// Param is one input a calibration fits: a factor applied to some fields,
// or a value given to them.
type Param struct {
	Name   string   // for a person, by Go field path or what it moves
	Fields []string // the Go field paths it moves
	// Multiply: the fit multiplies each field by a factor from Low to
	// High; otherwise it sets every field to a value from Low to High.
	Multiply  bool
	Low, High float64
	For       []int // the targets it answers, for messages
}

// CalibrateOptions control a fit.
type CalibrateOptions struct {
	Runs int // runs per trial
	// CheckRuns are the runs of the fitted organization's check, the fit
	// table's figures; 0 is Runs.
	CheckRuns int
	Seed      uint64  // seeds the runs of every trial alike
	Workers   int     // 0: every core
	Tolerance float64 // largest error, in units of a target's scale, that counts as met
	// Hold keeps the teams as they are, no split or merge, as figures
	// measured today are of today's teams.
	Hold      bool
	MaxTrials int // bound on the model evaluations of the fit
	// Progress, if set, is told each trial done and the bound.
	Progress func(done, max int)
}

// Calibration is a fit's result.
type Calibration struct {
	Config *sim.Config // the fitted organization, values rounded as written
	// Checked is the fitted organization as the fit ran it: over the
	// targets' weeks, its teams held if the options said so.
	Checked   *sim.Config
	Params    []Fitted
	Targets   []TargetFit
	Loss      float64
	Trials    int
	Tolerance float64
	Runs      int // per trial of the fit
	CheckRuns int // of the check, whose figures Targets holds
	Conflicts []Conflict
}

// Fitted is one parameter's fitted value and how well the data pin it.
type Fitted struct {
	Param
	X        float64   // the factor, or the value
	Was, Now []float64 // each field before and after, parallel to Fields
	AtBound  bool      // the fit pressed against an end of the range
	// Spread is how far the parameter could move, as a share of itself,
	// with the targets as far off as the tolerance (or as the fit's
	// residuals, if more): one standard error from the fit's Jacobian J,
	// the square root of σ²·(JᵀJ)⁻¹, so that
	// parameters that can stand in for each other are not counted as
	// pinned because each alone moves the fit. Infinite when the targets
	// do not see it.
	Spread float64
}

// Identified says how well the data pin the parameter.
func (f Fitted) Identified() string {
	switch {
	case f.Spread <= 0.2:
		return "pinned"
	case f.Spread <= 0.6:
		return "loosely pinned"
	}
	return "not pinned by the data"
}

// TargetFit is one target against the fitted model: the simulated figure
// over the runs, and its error in units of the target's scale.
type TargetFit struct {
	Target
	Sim sim.Quantiles
	Err float64
}

// Met reports whether the target is reproduced within tolerance.
func (t TargetFit) Met(tolerance float64) bool { return math.Abs(t.Err) <= tolerance }

// Conflict is a target the fit could not meet, and why: the parameters
// that answer it sit at an end of their range, or barely move it, or
// meeting it would move other targets the same parameters answer.
type Conflict struct {
	Target  int
	AtBound []int   // parameters answering it pressed at an end of their range
	Inert   []int   // parameters answering it that barely move it, when none is at an end
	Moved   float64 // the most a quarter's move of those shifts it, in units of its scale
	With    []int   // other targets the same parameters move
}

// ErrConflict is returned, wrapped, with a Calibration whose targets
// cannot all be met.
var ErrConflict = errors.New("the observations cannot all be met")

// Calibrate fits params to targets from base and returns the fitted
// organization. The error wraps ErrConflict when a target stays outside
// the tolerance; the Calibration is returned with it, so the fit table
// can show how far.
func Calibrate(ctx context.Context, base *sim.Config, targets []Target, params []Param, o CalibrateOptions) (*Calibration, error) {
	if len(targets) == 0 || len(params) == 0 {
		return nil, errors.New("nothing to calibrate: no observed figure")
	}
	for _, p := range params {
		for _, f := range p.Fields {
			if base.IsUncertain(f) {
				return nil, fmt.Errorf("%s is given as a distribution; calibrate fits it from the observations: give it a number", f)
			}
		}
	}
	if o.Runs < 1 {
		o.Runs = 1
	}
	if o.Tolerance <= 0 {
		o.Tolerance = 0.1
	}
	if o.MaxTrials <= 0 {
		o.MaxTrials = 200 + 150*len(params)
	}
	e := &evaluator{base: base, targets: targets, params: params, o: o, ctx: ctx}
	e.weeks = 0
	for _, t := range targets {
		e.weeks = max(e.weeks, t.To+1)
	}
	// Runs stop after the last target's week, but not before the budget
	// reviews of its weeks have seen the work they project ahead.
	e.weeks = min(base.Weeks, e.weeks+base.Budget.LeadWeeks)

	u0 := make([]float64, len(params))
	for i, p := range params {
		u0[i] = p.toUnit(p.start(base))
	}
	best := e.levenberg(u0)
	// Levenberg-Marquardt stops where the runs' discreteness (whole
	// heads, counted pages) leaves no step that lowers the loss along
	// its differences; gonum's Nelder-Mead, which needs no derivative,
	// goes on from there while trials remain and a figure of today is
	// unmet (a history's points each have their luck in them: chasing
	// them further fits the luck).
	if e.hardUnmet(best) && e.trials < o.MaxTrials {
		res, err := optimize.Minimize(optimize.Problem{Func: e.lossAt, Status: e.status}, best,
			&optimize.Settings{Converger: &metConverger{goal: len(targets), tol: o.Tolerance}},
			&optimize.NelderMead{SimplexSize: 0.3})
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if res != nil && res.F < e.lossAt(best) {
			best = slices.Clone(res.X)
		} else if res == nil && err != nil {
			return nil, fmt.Errorf("calibrate: %w", err)
		}
	}
	return e.conclude(best)
}

// metConverger stops the fit once every target sits well within the
// tolerance, and otherwise when the loss stops improving.
type metConverger struct {
	goal int
	tol  float64
	fc   *optimize.FunctionConverge
}

func (c *metConverger) Init(dim int) {
	c.fc = &optimize.FunctionConverge{Absolute: 1e-4 * c.tol * c.tol, Relative: 1e-4, Iterations: 40 + 10*dim}
	c.fc.Init(dim)
}

func (c *metConverger) Converged(loc *optimize.Location) optimize.Status {
	if loc.F <= goalLoss(c.goal, c.tol) {
		return optimize.FunctionThreshold
	}
	return c.fc.Converged(loc)
}

// hardUnmet reports whether a target that is not soft is outside the
// tolerance at u.
func (e *evaluator) hardUnmet(u []float64) bool {
	for i, r := range e.residuals(u) {
		if !e.targets[i].Soft && math.Abs(r) > e.o.Tolerance {
			return true
		}
	}
	return false
}

// goalLoss is a loss at which the fit stops: every one of n targets a
// quarter of the tolerance off, or better.
func goalLoss(n int, tol float64) float64 { return float64(n) * math.Pow(tol/4, 2) }

// levenberg runs Levenberg-Marquardt from u: steps solving
// (JᵀJ + λ·D) δ = -Jᵀr with D the diagonal of JᵀJ (floored, so that an
// input the targets do not see stays put), kept when they lower the loss,
// λ shrunk after a kept step and grown after a refused one.
func (e *evaluator) levenberg(u []float64) []float64 {
	n := len(u)
	r, jac := e.jacobian(u)
	f := sumSquares(r)
	lambda := 0.01
	goal := goalLoss(len(e.targets), e.o.Tolerance)
	for f > goal && e.trials < e.o.MaxTrials && e.ctx.Err() == nil {
		a := normal(jac, n)
		g := mat.NewVecDense(n, nil)
		var top float64
		for i := range n {
			var s float64
			for k := range r {
				s += jac[k][i] * r[k]
			}
			g.SetVec(i, -s)
			top = math.Max(top, a.At(i, i))
		}
		if top == 0 {
			break // no input moves any target
		}
		kept := false
		for range 8 {
			m := mat.NewSymDense(n, nil)
			m.CopySym(a)
			for i := range n {
				m.SetSym(i, i, a.At(i, i)+lambda*math.Max(a.At(i, i), 1e-3*top))
			}
			var ch mat.Cholesky
			var d mat.VecDense
			if !ch.Factorize(m) || ch.SolveVecTo(&d, g) != nil {
				lambda *= 4
				continue
			}
			v := slices.Clone(u)
			for i := range v {
				v[i] += math.Max(-3, math.Min(3, d.AtVec(i)))
			}
			if fv := e.lossAt(v); fv < f {
				u, f, kept = v, fv, true
				lambda = math.Max(lambda/3, 1e-7)
				break
			}
			lambda *= 4
		}
		if debugFit {
			fmt.Printf("lm: f %.4g kept %v lambda %.3g step %.2g trials %d\n", f, kept, lambda, e.step, e.trials)
		}
		if !kept {
			// The differences may have caught the runs' discreteness
			// rather than the slope: take them over a wider step.
			if e.step >= maxDiffStep {
				break
			}
			e.step *= 2
			lambda = 0.01
		} else {
			e.step = diffStep
		}
		r, jac = e.jacobian(u)
	}
	return u
}

// normal is JᵀJ for the Jacobian jac of n parameters.
func normal(jac [][]float64, n int) *mat.SymDense {
	a := mat.NewSymDense(n, nil)
	for i := range n {
		for j := i; j < n; j++ {
			var s float64
			for k := range jac {
				s += jac[k][i] * jac[k][j]
			}
			a.SetSym(i, j, s)
		}
	}
	return a
}

func sumSquares(xs []float64) float64 {
	var s float64
	for _, x := range xs {
		s += x * x
	}
	return s
}

// start is the parameter's value in base: a factor of 1, or the fields'
// first value within the range.
func (p *Param) start(base *sim.Config) float64 {
	if p.Multiply {
		return math.Min(math.Max(1, p.Low), p.High)
	}
	v, _ := base.Number(p.Fields[0])
	return math.Min(math.Max(v, p.Low), p.High)
}

// toUnit and fromUnit map the range onto the whole real line, so that the
// unconstrained search never leaves it; factors on a log scale.
func (p *Param) fromUnit(u float64) float64 {
	t := 1 / (1 + math.Exp(-u))
	if p.Multiply {
		return math.Exp(math.Log(p.Low) + t*(math.Log(p.High)-math.Log(p.Low)))
	}
	return p.Low + t*(p.High-p.Low)
}

func (p *Param) toUnit(x float64) float64 {
	var t float64
	if p.Multiply {
		t = (math.Log(x) - math.Log(p.Low)) / (math.Log(p.High) - math.Log(p.Low))
	} else {
		t = (x - p.Low) / (p.High - p.Low)
	}
	t = math.Min(math.Max(t, 0.01), 0.99)
	return math.Log(t / (1 - t))
}

// apply gives c the parameter at x, each value rounded to three
// significant figures, as a scenario would write it.
func (p *Param) apply(c, base *sim.Config, x float64) {
	for _, f := range p.Fields {
		v := x
		if p.Multiply {
			b, _ := base.Number(f)
			v = b * x
		}
		c.SetNumber(f, round3(v))
	}
}

// round3 keeps three significant figures.
func round3(x float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 3, 64), 64)
	return v
}

// evaluator runs trials of the fit.
type evaluator struct {
	ctx     context.Context
	base    *sim.Config
	targets []Target
	params  []Param
	o       CalibrateOptions
	weeks   int
	trials  int
	// the last errors worked out, and the last Jacobian
	lastU, lastR []float64
	jacU, jacR   []float64
	jac          [][]float64
	step         float64 // the Jacobian's difference now, and the one it was taken with
	jacStep      float64
}

// config is base with the parameters at u.
func (e *evaluator) config(u []float64) *sim.Config {
	c := e.base.Clone()
	for i := range e.params {
		e.params[i].apply(c, e.base, e.params[i].fromUnit(u[i]))
	}
	return c
}

// runnable is c as the fit runs it: over the targets' weeks, its teams
// held if the options say so.
func (e *evaluator) runnable(c *sim.Config) *sim.Config {
	c = c.Clone()
	c.Weeks = e.weeks
	if e.o.Hold {
		holdTeams(c)
	}
	return c
}

// simulate runs the organization of c for the targets' weeks and returns,
// per target, its figure in each run.
func (e *evaluator) simulate(c *sim.Config) ([][]float64, error) {
	p, err := sim.NewPlan(e.runnable(c))
	if err != nil {
		return nil, err
	}
	out := make([][]float64, len(e.targets))
	for i := range out {
		out[i] = make([]float64, e.o.Runs)
	}
	workers := e.o.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, e.o.Runs) {
		wg.Go(func() {
			runner := p.Runner()
			for r := range next {
				tr := runner.Run(e.o.Seed, uint64(r))
				for i, t := range e.targets {
					out[i][r] = t.measure(tr.Series(t.Key.Metric, t.Key.Subject))
				}
			}
		})
	}
	for r := range e.o.Runs {
		if e.ctx.Err() != nil {
			break
		}
		next <- r
	}
	close(next)
	wg.Wait()
	return out, e.ctx.Err()
}

// holdTeams makes c's policy one that reorganizes only as its [[plan]]
// says (the reorganisations its leader made or means to make), or, with
// no plan, not at all: branches with a threshold no team reaches.
func holdTeams(c *sim.Config) {
	if len(c.Plan) > 0 {
		c.Policy.Name = sim.Planned
		return
	}
	c.Policy.Name = sim.TrunkAndBranches
	c.Policy.Threshold, c.Policy.SubdivideAt = sim.MaxThreshold, sim.MaxThreshold
	c.Policy.UpFront, c.Policy.TrunkCap = false, 0
}

// measure is the target's figure in one run's series s: its mean over
// the target's weeks, skipping weeks without a value; NaN if there is
// none.
func (t *Target) measure(s []float64) float64 {
	if s == nil {
		return math.NaN()
	}
	var sum float64
	n := 0
	add := func(w int) {
		if w < len(s) && !math.IsNaN(s[w]) {
			sum += s[w]
			n++
		}
	}
	if t.Weeks != nil {
		for _, w := range t.Weeks {
			add(w)
		}
	} else {
		for w := t.From; w <= t.To; w++ {
			add(w)
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return sum / float64(n)
}

// status stops gonum's search at the bound on trials, or when the
// context ends.
func (e *evaluator) status() (optimize.Status, error) {
	if err := e.ctx.Err(); err != nil {
		return optimize.Failure, err
	}
	if e.trials >= e.o.MaxTrials {
		return optimize.FunctionEvaluationLimit, nil
	}
	return optimize.NotTerminated, nil
}

var debugFit = false

// diffStep is the forward difference of the Jacobian, in the unbounded
// coordinates: about a tenth of a factor's range around its middle; a fit
// that finds no better step widens it up to maxDiffStep.
const (
	diffStep    = 0.1
	maxDiffStep = 0.8
	spreadStep  = 0.4 // the difference identification takes its slopes over
)

// lossAt is the sum of the targets' squared errors at u.
func (e *evaluator) lossAt(u []float64) float64 {
	return sumSquares(e.residuals(u))
}

// residuals is each target's error at u, remembered for the Jacobian; an
// organization the model rejects counts as very far.
func (e *evaluator) residuals(u []float64) []float64 {
	if e.lastU != nil && slices.Equal(e.lastU, u) {
		return e.lastR
	}
	e.trials++
	if e.o.Progress != nil {
		e.o.Progress(min(e.trials, e.o.MaxTrials), e.o.MaxTrials)
	}
	r := make([]float64, len(e.targets))
	runs, err := e.simulate(e.config(u))
	if err != nil {
		for i := range r {
			r[i] = farOff
		}
	} else {
		r = e.errors(runs)
	}
	e.lastU, e.lastR = slices.Clone(u), r
	return r
}

// jacobian is the errors at u and their derivatives, jac[target][param].
func (e *evaluator) jacobian(u []float64) ([]float64, [][]float64) {
	if e.step == 0 {
		e.step = diffStep
	}
	if e.jacU != nil && slices.Equal(e.jacU, u) && e.jacStep == e.step {
		return e.jacR, e.jac
	}
	r := e.residuals(u)
	jac := make([][]float64, len(r))
	for k := range jac {
		jac[k] = make([]float64, len(u))
	}
	// Central differences: the slope across the point, not beside it, is
	// what a curved valley needs.
	v := slices.Clone(u)
	for i := range u {
		v[i] = u[i] + e.step
		hi := e.residuals(v)
		v[i] = u[i] - e.step
		lo := e.residuals(v)
		for k := range r {
			jac[k][i] = (hi[k] - lo[k]) / (2 * e.step)
		}
		v[i] = u[i]
	}
	e.residuals(u) // u is where the method stands: keep its errors at hand
	e.jacU, e.jacR, e.jac, e.jacStep = slices.Clone(u), r, jac, e.step
	return r, jac
}

const farOff = 1e3 // the error of a figure the runs never produce

// errors is each target's error, its simulated median less its value,
// in units of its scale.
func (e *evaluator) errors(runs [][]float64) []float64 {
	errs := make([]float64, len(e.targets))
	for i, t := range e.targets {
		m := sim.Summarize(runs[i]).P50
		errs[i] = (m - t.Value) / t.Scale
		if math.IsNaN(errs[i]) {
			errs[i] = farOff
		}
	}
	return errs
}

// pinStep is how far identification moves a parameter: a quarter of a
// factor, a tenth of a value's range.
func (p *Param) pinStep(x float64) (lo, hi float64) {
	if p.Multiply {
		return math.Max(p.Low, x/1.25), math.Min(p.High, x*1.25)
	}
	d := (p.High - p.Low) / 10
	return math.Max(p.Low, x-d), math.Min(p.High, x+d)
}

// conclude rounds the fit at u as a scenario writes it, measures it, asks
// how well the data pin each parameter, and names the conflicts.
func (e *evaluator) conclude(u []float64) (*Calibration, error) {
	cal := &Calibration{Tolerance: e.o.Tolerance, Runs: e.o.Runs, CheckRuns: e.o.CheckRuns}
	if cal.CheckRuns <= 0 {
		cal.CheckRuns = e.o.Runs
	}
	xs := make([]float64, len(e.params))
	for i := range e.params {
		xs[i] = e.params[i].fromUnit(u[i])
	}
	fitted := e.base.Clone()
	for i := range e.params {
		e.params[i].apply(fitted, e.base, xs[i])
	}
	cal.Config = fitted
	cal.Checked = e.runnable(fitted)
	runs, err := e.simulate(fitted)
	if err != nil {
		return nil, fmt.Errorf("calibrate: the fitted organization does not run: %w", err)
	}
	errs := e.errors(runs)
	for _, x := range errs {
		cal.Loss += x * x
	}
	check := *e
	check.o.Runs = cal.CheckRuns
	if runs, err = check.simulate(fitted); err != nil {
		return nil, err
	}
	for i, t := range e.targets {
		q := sim.Summarize(runs[i])
		cal.Targets = append(cal.Targets, TargetFit{Target: t, Sim: q, Err: (q.P50 - t.Value) / t.Scale})
	}
	spread := e.spreads(u, xs)
	// moves[i] is how each target's error moves when parameter i does.
	moves := make([][]float64, len(e.params))
	for i := range e.params {
		p := &e.params[i]
		f := Fitted{Param: *p, X: xs[i]}
		for _, field := range p.Fields {
			was, _ := e.base.Number(field)
			now, _ := fitted.Number(field)
			f.Was, f.Now = append(f.Was, was), append(f.Now, now)
		}
		lo, hi := p.toUnit(p.Low), p.toUnit(p.High)
		f.AtBound = u[i] <= lo+0.05 || u[i] >= hi-0.05
		moves[i] = make([]float64, len(e.targets))
		a, b := p.pinStep(xs[i])
		for _, x := range []float64{a, b} {
			if x == xs[i] {
				continue
			}
			c := fitted.Clone()
			p.apply(c, e.base, x)
			r, err := e.simulate(c)
			if err != nil {
				continue
			}
			for j, m := range e.errors(r) {
				moves[i][j] = math.Max(moves[i][j], math.Abs(m-errs[j]))
			}
		}
		f.Spread = spread[i]
		cal.Params = append(cal.Params, f)
	}
	cal.Trials = e.trials
	for j, t := range cal.Targets {
		if t.Soft || t.Met(e.o.Tolerance) {
			continue
		}
		cal.Conflicts = append(cal.Conflicts, e.conflict(j, cal, moves))
	}
	if len(cal.Conflicts) > 0 {
		return cal, ErrConflict
	}
	return cal, nil
}

// spreads is each parameter's standard error at u, as a share of its
// value xs (of a tenth of its range, for a value near 0), with every
// target's error σ at the tolerance or at the fit's residual error if
// larger: σ·sqrt(diag((JᵀJ)⁺)) in the fit's coordinates, carried to the
// parameter's own. A parameter a quarter or more of whose direction lies
// where the targets see nothing (eigenvalues of JᵀJ under a millionth of
// the largest: more parameters than targets answer, or ones that stand in
// for each other) is not pinned at all.
func (e *evaluator) spreads(u, xs []float64) []float64 {
	n := len(u)
	// Slopes over a wide step, as identification asks what the targets
	// say of sizeable moves, not of the runs' discreteness.
	e.step = spreadStep
	_, jac := e.jacobian(u)
	a := normal(jac, n)
	// The targets' error: the tolerance, or what is left of the fit's
	// errors beyond what the parameters explain, if more.
	r, _ := e.jacobian(u)
	sigma := e.o.Tolerance
	if len(r) > n {
		sigma = math.Max(sigma, math.Sqrt(sumSquares(r)/float64(len(r)-n)))
	}
	out := make([]float64, n)
	var eig mat.EigenSym
	if !eig.Factorize(a, true) {
		for i := range out {
			out[i] = math.Inf(1)
		}
		return out
	}
	vals := eig.Values(nil)
	var vecs mat.Dense
	eig.VectorsTo(&vecs)
	top := slices.Max(vals)
	for i := range n {
		var v float64
		unseen := 0.0 // the share of the parameter's direction the targets do not see
		for k, l := range vals {
			w := vecs.At(i, k) * vecs.At(i, k)
			if l <= 1e-6*top {
				unseen += w
				continue
			}
			v += w / l
		}
		if unseen > 0.25 {
			out[i] = math.Inf(1)
			continue
		}
		du := sigma * math.Sqrt(v)
		p := &e.params[i]
		t := 1 / (1 + math.Exp(-u[i]))
		dt := du * t * (1 - t) // how far the range's share moves
		if p.Multiply {
			out[i] = math.Expm1(dt * (math.Log(p.High) - math.Log(p.Low)))
		} else {
			out[i] = dt * (p.High - p.Low) / math.Max(math.Abs(xs[i]), (p.High-p.Low)/10)
		}
		if math.IsNaN(out[i]) {
			out[i] = math.Inf(1)
		}
	}
	return out
}

// conflict explains why target j is unmet.
func (e *evaluator) conflict(j int, cal *Calibration, moves [][]float64) Conflict {
	c := Conflict{Target: j}
	var answer []int
	for i, f := range cal.Params {
		if !slices.Contains(f.For, j) {
			continue
		}
		answer = append(answer, i)
		c.Moved = math.Max(c.Moved, moves[i][j])
		if f.AtBound {
			c.AtBound = append(c.AtBound, i)
		}
		for k := range e.targets {
			if k != j && moves[i][k] > e.o.Tolerance/2 && !slices.Contains(c.With, k) {
				c.With = append(c.With, k)
			}
		}
	}
	if len(c.AtBound) == 0 && c.Moved < e.o.Tolerance/2 {
		c.Inert = answer
	}
	return c
}

// End is which end of its range a fitted parameter is nearer.
func (f Fitted) End() string {
	if math.Abs(f.X-f.Low) < math.Abs(f.X-f.High) {
		return "lowest"
	}
	return "highest"
}

// Describe is the fitted value as a person reads it: "x0.05" or "0.62".
func (f Fitted) Describe() string {
	if f.Multiply {
		return "x" + strconv.FormatFloat(f.X, 'g', 3, 64)
	}
	return strconv.FormatFloat(f.X, 'g', 3, 64)
}
