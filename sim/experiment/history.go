package experiment

import (
	"fmt"
	"math"
	"slices"

	"github.com/trunksim/trunksim/sim"
)

// Replaying history: a leader's past weeks, series by series, as targets
// (each series' mean over each quarter it was observed in, so that weekly
// noise in the data does not pull the fit), and the named parameters they
// can pin: for each team the history speaks of, the work its domains ask
// for, their alerting, their fires and how fast their demand outgrows its
// driver (the exponent); for the organization, how fast automation erodes
// as its systems outgrow it, how strongly attrition answers morale, the
// morale of a team under no strain, and the reserve infra's asks carry.

// History turns observations into targets and the parameters to fit.
// Week 0 of the history is week 0 of the scenario: the scenario describes
// the organization as it was when the history starts.
func History(c *sim.Config, obs []sim.Observation) ([]Target, []Param) {
	type window struct {
		key  sim.Key
		from int
	}
	sums := map[window][]float64{}
	weeks := map[window][]int{}
	level := map[sim.Key][]float64{}
	var order []window
	for _, o := range obs {
		w := window{o.Key, o.Week / QuarterWeeks * QuarterWeeks}
		if _, ok := sums[w]; !ok {
			order = append(order, w)
		}
		sums[w] = append(sums[w], o.Value)
		weeks[w] = append(weeks[w], o.Week)
		level[o.Key] = append(level[o.Key], math.Abs(o.Value))
	}
	slices.SortStableFunc(order, func(a, b window) int {
		if a.key != b.key {
			return cmpKey(a.key, b.key)
		}
		return a.from - b.from
	})
	var ts []Target
	seen := map[string]bool{} // teams the history speaks of
	for _, w := range order {
		v := sums[w]
		scale := errorScale(w.key.Metric, mean(level[w.key]))
		to := min(w.from+QuarterWeeks, c.Weeks) - 1
		ts = append(ts, Target{
			Name: w.key.Metric.String(), When: fmt.Sprintf("weeks %d to %d", w.from, to), Key: w.key,
			From: w.from, To: to, Weeks: weeks[w], Value: mean(v), Scale: scale, Soft: true,
		})
		if t := teamOf(c, w.key); t != "" {
			seen[t] = true
		}
	}
	all := make([]int, len(ts))
	for i := range all {
		all[i] = i
	}
	var ps []Param
	for _, tm := range c.Teams {
		if !seen[tm.Name] {
			continue
		}
		var mine []int
		for i, t := range ts {
			if teamOf(c, t.Key) == tm.Name {
				mine = append(mine, i)
			}
		}
		doms := domainIndexes(c, tm.Domains)
		fields := fieldsOf(doms)
		of := " of " + tm.Name + "'s domains"
		high := func(field string, bound float64) float64 {
			h := 20.0
			for _, d := range doms {
				v, _ := c.Number(fmt.Sprintf("Domains[%d].%s", d, field))
				h = math.Min(h, bound/math.Max(v, 1e-9))
			}
			return h
		}
		ps = append(ps,
			Param{Name: "base_hours" + of, Fields: fields("BaseHours"), Multiply: true, Low: 0.05, High: 20, For: mine},
			Param{Name: "alert_factor" + of, Fields: fields("AlertFactor"), Multiply: true, Low: 0.01, High: 100, For: mine},
			Param{Name: "fire_factor" + of, Fields: fields("FireFactor"), Multiply: true, Low: 0.01, High: high("FireFactor", sim.MaxFireFactor), For: mine},
			Param{Name: "exponent" + of, Fields: fields("Exponent"), Multiply: true, Low: 0.5, High: high("Exponent", 3), For: mine},
		)
	}
	var erosion []string
	maxErosion := 0.0
	for d := range c.Domains {
		erosion = append(erosion, fmt.Sprintf("Domains[%d].ErosionAt3x", d))
		maxErosion = math.Max(maxErosion, c.Domains[d].ErosionAt3x)
	}
	ps = append(ps,
		Param{Name: "erosion_at_3x of every domain", Fields: erosion, Multiply: true, Low: 0.1, High: math.Min(5, 1/math.Max(maxErosion, 1e-9)), For: all},
		Param{Name: "People.MoraleAttrition", Fields: []string{"People.MoraleAttrition"}, Low: 0, High: 10, For: all},
		Param{Name: "People.MoraleBase", Fields: []string{"People.MoraleBase"}, Low: 0.1, High: 1, For: all},
		Param{Name: "Allocation.ReservePct", Fields: []string{"Allocation.ReservePct"}, Low: 0, High: 80, For: all},
	)
	return ts, ps
}

// teamOf is the starting team a series is about: the team itself, or the
// team that owns the domain or area; "" for the organization's.
func teamOf(c *sim.Config, k sim.Key) string {
	switch k.Metric.Info().Scope {
	case sim.TeamScope:
		return k.Subject
	case sim.DomainScope, sim.AreaScope:
		for _, t := range c.Teams {
			if slices.Contains(t.Domains, k.Subject) || k.Subject == sim.TrunkArea && t.Trunk {
				return t.Name
			}
		}
	}
	return ""
}

// errorScale is the size of a difference that matters in a series whose
// values are about level: a share of the level, but never less than a
// floor by what the series measures, so that a series near zero does not
// count every small difference as large; and for a 0-to-1 score (quality,
// morale, automation) the floor alone, as a few hundredths of a score
// matter wherever it sits.
func errorScale(m sim.Metric, level float64) float64 {
	switch m {
	case sim.Quality, sim.TrunkQuality, sim.PrimitiveQuality, sim.DomainQuality, sim.Morale, sim.DomainAutomation:
		return 0.05
	case sim.InvestShare, sim.IdleShareOfCapacity, sim.TrunkShareOfInfra, sim.TeamOpsShare, sim.Attrition:
		return math.Max(level, 0.02)
	case sim.BudgetShare:
		return math.Max(level, 0.005)
	}
	return math.Max(level, 0.5)
}

func cmpKey(a, b sim.Key) int {
	if a.Metric != b.Metric {
		return int(a.Metric) - int(b.Metric)
	}
	switch {
	case a.Subject < b.Subject:
		return -1
	case a.Subject > b.Subject:
		return 1
	}
	return 0
}

func mean(xs []float64) float64 {
	var s float64
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}
