package sim

import (
	"math"
	"slices"
)

// Budget: quarterly reviews of infra's headcount ask against leadership's
// cap (Corollary Two), freezes and layoffs.

// budgetReview is Corollary Two: infra asks for AskPct of engineering; an
// ask above leadership's cap is compressed below the cap and hiring freezes.
func (r *run) budgetReview() {
	b := r.cfg.Budget
	e := r.plan.engineers[r.week]
	ask := b.AskPct / 100 * e
	limit := b.CapPct / 100 * e
	if ask > limit {
		r.approved = int(math.Floor(limit * (1 - b.CompressionPct/100)))
		r.freezeUntil = r.week + b.FreezeWeeks
		r.stats.compressions++
		r.logf("budget", "budget review: asked for %.0f infra engineers, over leadership's cap of %.0f; approved %d and froze hiring for %d weeks",
			ask, limit, r.approved, b.FreezeWeeks)
		if n := r.headcount(); b.AllowLayoffs && n > r.approved {
			r.layoff(n - r.approved)
		}
		return
	}
	r.approved = int(math.Round(ask))
}

// layoff lets the n most recent hires go.
func (r *run) layoff(n int) {
	var staff []int
	for _, t := range r.teams {
		staff = append(staff, t.members...)
	}
	slices.SortStableFunc(staff, func(a, b int) int { return r.people[b].hired - r.people[a].hired })
	for _, pi := range staff[:min(n, len(staff))] {
		r.depart(pi, true)
	}
	r.logf("budget", "budget cut: %d infra engineers laid off, %d remain", min(n, len(staff)), r.headcount())
}
