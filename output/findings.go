package output

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/trunksim/trunksim/sim"
	"github.com/trunksim/trunksim/sim/experiment"
)

// pct writes a share as a whole percentage.
func pct(f float64) string { return fmt.Sprintf("%.0f%%", 100*f) }

// Findings are the deck's key findings: plain sentences computed from the
// results, one or two per variant and, with several variants, how each
// compares with the first on common random numbers.
func Findings(cfg *sim.Config, c *experiment.Comparison) []string {
	vs := c.Results
	var out []string
	threshold := cfg.Leadership.QualityThreshold
	for _, v := range vs {
		e := v.Ensemble
		rate := e.Outcome(sim.InterventionRate).Mean
		switch {
		case rate == 0:
			out = append(out, fmt.Sprintf("Under %s, leadership never intervened in %d runs: quality stayed above the %.2f threshold.", v.Name, e.Runs, threshold))
		default:
			first := e.Outcome(sim.FirstInterventionWeek)
			out = append(out, fmt.Sprintf("Under %s, leadership intervened in %s of runs, at week %.0f in the median run that had one.", v.Name, pct(rate), first.P50))
		}
		if share := e.Outcome(sim.FinalTrunkShare); share.P90 > 0 {
			trunk := e.Outcome(sim.FinalTrunkEngineers)
			span := pct(share.P10) + " to " + pct(share.P90) + " of infra (p10 to p90)"
			if pct(share.P10) == pct(share.P90) {
				span = "about " + pct(share.P50) + " of infra"
			}
			out = append(out, fmt.Sprintf("Under %s the trunk ended at %.0f engineers in the median run, %s; branches held the rest.", v.Name, trunk.P50, span))
		}
		pages, morale, leavers := e.Outcome(sim.PeakPagesPerShift), e.Outcome(sim.FinalMorale), e.Outcome(sim.Leavers)
		out = append(out, fmt.Sprintf("Under %s, pages per on-call shift peaked at %.0f in the median run (on call can answer %.0f); morale ended at %.2f and %.0f engineers left.",
			v.Name, pages.P50, answerable(cfg), morale.P50, leavers.P50))
	}
	if len(vs) < 2 {
		return out
	}
	base := vs[0]
	for i, v := range vs[1:] {
		d := c.VsFirst[i+1][sim.WeeksBelowQuality]
		if math.IsNaN(d.Lo) {
			continue
		}
		word := "more"
		if d.Mean < 0 {
			word = "fewer"
		}
		out = append(out, fmt.Sprintf("%s had %.0f %s weeks below the quality threshold than %s on the same random draws (90%% interval %.0f to %.0f).",
			capital(v.Name), math.Abs(d.Mean), word, base.Name, d.Lo, d.Hi))
	}
	for _, v := range vs {
		if !strings.HasPrefix(v.Name, sim.Fragmented) {
			continue
		}
		// Against a shared trunk: trunk-and-branches first, else any other.
		others := slices.Clone(vs)
		slices.SortStableFunc(others, func(a, b experiment.Result) int {
			return cmpBool(strings.HasPrefix(b.Name, sim.TrunkAndBranches), strings.HasPrefix(a.Name, sim.TrunkAndBranches))
		})
		for _, o := range others {
			if o.Name == v.Name || strings.HasPrefix(o.Name, sim.Fragmented) {
				continue
			}
			ratio := v.Ensemble.Outcome(sim.RequiredHours).Mean / o.Ensemble.Outcome(sim.RequiredHours).Mean
			out = append(out, fmt.Sprintf("Fragmented infra needed %.1f times the operations hours of %s for the same demand, rebuilding primitives in every group.", ratio, o.Name))
			break
		}
	}
	best := c.Best(sim.MeanQuality)
	out = append(out, fmt.Sprintf("Best on service quality: %s, with a mean quality of %.2f.", best.Name, best.Ensemble.Outcome(sim.MeanQuality).Mean))
	return out
}

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
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
	switch chart {
	case "headcount":
		return fmt.Sprintf("Infra grew from %.0f to %.0f engineers in the median run; branches held %s of them at the end.",
			at(sim.InfraEngineers, 0), at(sim.InfraEngineers, last), pct(1-at(sim.TrunkShareOfInfra, last)))
	case "trunk-share":
		return fmt.Sprintf("The trunk ended at %s of infra in the median run, against seed 000's 15 to 25%%.", pct(at(sim.TrunkShareOfInfra, last)))
	case "quality":
		return fmt.Sprintf("Quality spent %.0f weeks under the %.2f threshold in the median run; leadership intervened in %s of runs.",
			e.Outcome(sim.WeeksBelowQuality).P50, cfg.Leadership.QualityThreshold, pct(e.Outcome(sim.InterventionRate).Mean))
	case "pages":
		return fmt.Sprintf("The busiest rotation peaked at %.0f pages a shift in the median run; the people on call can answer %.0f.", e.Outcome(sim.PeakPagesPerShift).P50, answerable(cfg))
	case "morale":
		return fmt.Sprintf("Morale ended at %.2f in the median run; %.0f engineers left.", at(sim.Morale, last), e.Outcome(sim.Leavers).P50)
	case "investment":
		return fmt.Sprintf("Investment took %s of worked hours over the run (median).", pct(e.Outcome(sim.InvestmentShare).P50))
	}
	return ""
}

// compareTakeaway is the one line above an overlay chart: each variant's
// median of the outcome the chart's trajectory ends in.
func compareTakeaway(outcome sim.Outcome, vs []experiment.Result) string {
	var parts []string
	for _, v := range vs {
		q := v.Ensemble.Outcome(outcome)
		val := fmt.Sprintf("%.2g", q.P50)
		if outcome.Info().Unit == sim.UnitShare {
			val = pct(q.P50)
		}
		parts = append(parts, v.Name+" "+val)
	}
	return fmt.Sprintf("Median %s: %s.", strings.ReplaceAll(outcome.String(), "_", " "), strings.Join(parts, ", "))
}
