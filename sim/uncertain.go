package sim

import (
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/stat/distuv"
)

// Uncertain inputs: a leader who is not sure of a number gives a
// distribution instead, and each replication draws its own value, so the
// bands include the uncertainty of the inputs as well as the model's luck.
// Replication i draws each input from a stream seeded by (Seed, i) and the
// input's field alone, so every variant of an experiment draws the same
// value of it in replication i, whatever other inputs it makes uncertain:
// common random numbers still hold.

// The kinds of distribution an input may have.
const (
	DistUniform    = "uniform"    // Low to High
	DistTriangular = "triangular" // Low, Mode, High
	DistLognormal  = "lognormal"  // Median and P90
)

// DistKinds lists the distributions an input may have, for messages.
var DistKinds = []string{DistUniform, DistTriangular, DistLognormal}

// Dist is one input's distribution.
type Dist struct {
	Kind            string
	Low, Mode, High float64 // uniform and triangular
	Median, P90     float64 // lognormal
}

// Uncertain is an input given as a distribution: Field is its Go path
// ("Company.Engineers.AnnualPct", "Domains[2].Exponent"); the config
// itself holds the distribution's median there.
type Uncertain struct {
	Field string
	Dist  Dist
}

// drawRange is the share of a distribution's mass a draw may come from:
// draws are its quantiles between 0.5% and 99.5%, so a lognormal's long
// tail cannot reach a value no organization has, and validation can check
// both ends in advance.
const drawRange = 0.005

// uncertainStream offsets the seed of the input draws from the run's own
// stream, so that drawing inputs does not shift the run's random numbers.
const uncertainStream = 0x5eed_1a9e7_0000

// Check reports what is wrong with d, or "".
func (d Dist) Check() string {
	switch d.Kind {
	case DistUniform:
		if !(d.Low < d.High) {
			return fmt.Sprintf("a uniform distribution needs low < high, got low %g and high %g", d.Low, d.High)
		}
	case DistTriangular:
		if !(d.Low < d.High && d.Low <= d.Mode && d.Mode <= d.High) {
			return fmt.Sprintf("a triangular distribution needs low <= mode <= high and low < high, got %g, %g, %g", d.Low, d.Mode, d.High)
		}
	case DistLognormal:
		if !(d.Median > 0 && d.P90 > d.Median) {
			return fmt.Sprintf("a lognormal distribution needs 0 < median < p90, got median %g and p90 %g", d.Median, d.P90)
		}
	default:
		return fmt.Sprintf("unknown distribution %q, expected one of %s", d.Kind, strings.Join(DistKinds, ", "))
	}
	for _, x := range []float64{d.Low, d.Mode, d.High, d.Median, d.P90} {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return "a distribution's parameters must be finite numbers"
		}
	}
	return ""
}

// Quantile is the value below which share p of the distribution lies.
func (d Dist) Quantile(p float64) float64 {
	switch d.Kind {
	case DistUniform:
		return distuv.Uniform{Min: d.Low, Max: d.High}.Quantile(p)
	case DistTriangular:
		return distuv.NewTriangle(d.Low, d.High, d.Mode, nil).Quantile(p)
	case DistLognormal:
		// The 90th percentile of a normal is 1.2816 standard deviations
		// above its median.
		sigma := math.Log(d.P90/d.Median) / 1.2815515655446004
		return distuv.LogNormal{Mu: math.Log(d.Median), Sigma: sigma}.Quantile(p)
	}
	return math.NaN()
}

// Ends are the lowest and highest values a draw can take.
func (d Dist) Ends() (lo, hi float64) { return d.Quantile(drawRange), d.Quantile(1 - drawRange) }

// String describes d as a scenario would write it.
func (d Dist) String() string {
	switch d.Kind {
	case DistLognormal:
		return fmt.Sprintf("lognormal, median %g, p90 %g", d.Median, d.P90)
	case DistTriangular:
		return fmt.Sprintf("triangular, low %g, mode %g, high %g", d.Low, d.Mode, d.High)
	}
	return fmt.Sprintf("%s, low %g, high %g", d.Kind, d.Low, d.High)
}

// draw sets every uncertain input of c to replication i's value: a
// quantile of its distribution at a uniform draw from the stream of
// (seed, i). c must be a copy its caller owns (see sampled).
func draw(c *Config, seed, i uint64) {
	for _, u := range c.Uncertain {
		// Each input has its own stream, seeded by its field too, so that
		// a variant that fixes or adds another uncertain input draws this
		// one as every other variant does.
		h := fnv.New64a()
		h.Write([]byte(u.Field))
		rng := rand.New(rand.NewPCG(seed^uncertainStream^h.Sum64(), i))
		p := drawRange + (1-2*drawRange)*rng.Float64()
		c.SetNumber(u.Field, u.Dist.Quantile(p))
	}
}

// sampled is replication i's config: a copy of c, with its own domains
// and teams, with every uncertain input drawn.
func sampled(c *Config, seed, i uint64) *Config {
	s := c.Clone()
	draw(s, seed, i)
	return s
}

// Clone copies c deeply enough that setting any number or list in the
// copy leaves c as it was: every slice is copied.
func (c *Config) Clone() *Config {
	s := *c
	s.Domains = slices.Clone(c.Domains)
	s.Teams = slices.Clone(c.Teams)
	for i := range s.Teams {
		s.Teams[i].Domains = slices.Clone(s.Teams[i].Domains)
	}
	for _, g := range []*Growth{&s.Company.Engineers, &s.Company.Usage, &s.Company.ServicesPerEngineer} {
		g.Phases = slices.Clone(g.Phases)
	}
	s.Plan = slices.Clone(c.Plan)
	s.Uncertain = slices.Clone(c.Uncertain)
	s.Observed.Teams = slices.Clone(c.Observed.Teams)
	return &s
}

// Scale multiplies the number at Go path field by f (rounding a whole
// number), and its distribution with it if the input is uncertain. It
// reports whether field is a number c has.
func (c *Config) Scale(field string, f float64) bool {
	v, ok := numericPath(c, field)
	if !ok {
		return false
	}
	set(v, number(v)*f)
	c.scaleDist(field, f)
	return true
}

// Number is the number at Go path field, and whether c has one there.
func (c *Config) Number(field string) (float64, bool) {
	v, ok := numericPath(c, field)
	if !ok {
		return 0, false
	}
	return number(v), true
}

// SetNumber sets the number at Go path field (rounding a whole number)
// and reports whether c has one there.
func (c *Config) SetNumber(field string, x float64) bool {
	v, ok := numericPath(c, field)
	if ok {
		set(v, x)
	}
	return ok
}

// IsUncertain reports whether the input at Go path field is given as a
// distribution.
func (c *Config) IsUncertain(field string) bool {
	for _, u := range c.Uncertain {
		if u.Field == field {
			return true
		}
	}
	return false
}

// scaleDist multiplies the distribution of the uncertain input at field,
// if there is one, by f: an input moved keeps its spread in proportion.
func (c *Config) scaleDist(field string, f float64) {
	for i := range c.Uncertain {
		if u := &c.Uncertain[i]; u.Field == field {
			d := &u.Dist
			d.Low, d.Mode, d.High, d.Median, d.P90 = d.Low*f, d.Mode*f, d.High*f, d.Median*f, d.P90*f
		}
	}
}

// numericPath is the field at Go path in c, if it is a number.
func numericPath(c *Config, path string) (reflect.Value, bool) {
	v := reflect.ValueOf(c).Elem()
	for part := range strings.SplitSeq(path, ".") {
		name, index, indexed := strings.Cut(part, "[")
		if v.Kind() != reflect.Struct {
			return reflect.Value{}, false
		}
		v = v.FieldByName(name)
		if !v.IsValid() {
			return reflect.Value{}, false
		}
		if indexed {
			n, err := strconv.Atoi(strings.TrimSuffix(index, "]"))
			if err != nil || v.Kind() != reflect.Slice || n < 0 || n >= v.Len() {
				return reflect.Value{}, false
			}
			v = v.Index(n)
		}
	}
	return v, v.Kind() == reflect.Float64 || v.Kind() == reflect.Int
}

// checkUncertain validates every uncertain input: a number field other
// than the horizon, a sound distribution, and a config that is valid at
// both ends of the draws.
func (c *Config) checkUncertain(k *checker) {
	for i, u := range c.Uncertain {
		field := u.Field
		_, ok := numericPath(c, field)
		switch {
		case !ok:
			k.add(fmt.Sprintf("Uncertain[%d]", i), field, "%s is not a number the model reads", field)
			continue
		case field == "Weeks":
			k.add(field, u.Dist, "the horizon cannot be uncertain")
			continue
		case strings.HasPrefix(field, "Plan["):
			k.add(field, u.Dist, "a plan is a decision, not an uncertain input: give each planned action its number")
			continue
		}
		if msg := u.Dist.Check(); msg != "" {
			k.add(field, u.Dist, "%s", msg)
			continue
		}
		lo, hi := u.Dist.Ends()
		for _, end := range []float64{lo, hi} {
			e := c.Clone()
			e.Uncertain = nil
			e.SetNumber(field, end)
			if err := e.Validate(); err != nil {
				for _, p := range err.(Problems) {
					if p.Field == field {
						k.add(field, end, "draws of %s reach %.4g: %s", u.Dist, end, p.Msg)
					} else {
						k.add(field, end, "draws of %s reach %.4g, which another input does not allow: %s", u.Dist, end, p.Msg)
					}
				}
			}
		}
	}
	// Drawn together: every uncertain input at its low end, then every one
	// at its high end.
	if len(c.Uncertain) > 1 && len(k.p) == 0 {
		for _, side := range []string{"low", "high"} {
			e := c.Clone()
			e.Uncertain = nil
			for _, u := range c.Uncertain {
				lo, hi := u.Dist.Ends()
				e.SetNumber(u.Field, map[string]float64{"low": lo, "high": hi}[side])
			}
			if err := e.Validate(); err != nil {
				for _, p := range err.(Problems) {
					k.add(c.Uncertain[0].Field, nil, "the uncertain inputs drawn together at their %s ends are not a valid organization: %s", side, p.Msg)
				}
			}
		}
	}
}
