package sim

import (
	"math"
	"slices"
	"strings"
)

// Budget: quarterly reviews at which infra asks for the headcount its
// projected work needs, leadership approves up to a cap tied to the size
// of engineering (an ask over it is compressed: Corollary Two), and the
// company's own freezes and layoffs reach infra.

// need is the headcount team t's work asks for LeadWeeks ahead, on the
// company's own plan: each domain's demand then, less what today's
// automation will still remove after that growth erodes it, plus the
// backlog it would pay down and its interrupts grown alike, with the
// investment reserve kept on top, per productive head, and the people it
// will lose meanwhile. An idle team needs fewer than it has.
func (r *run) need(t *team) float64 {
	if len(t.insts) == 0 {
		return 0 // a team that owns no work needs no one
	}
	pp := &r.cfg.People
	// A team that owns work keeps enough to share its on-call (half a
	// comfortable rotation, and at least a branch's minimum), and one whose
	// people are paged to burnout asks for a full rotation (the SRE book's
	// eight) to share the pages.
	floor := r.minStaff()
	if r.offHoursPages(t) > pp.PagesBurnout {
		floor = max(floor, pp.RotationComfort)
	}
	return max(0, max(floor, r.workNeed(t))+t.extra)
}

// minStaff is the fewest engineers a team that owns work keeps: half a
// comfortable rotation to share its on-call, and at least branch_min.
// Every need asks it, and routing a hire asks every team's need, so the
// run works it out once.
func (r *run) minStaff() float64 { return r.minStaffN }

func minStaff(c *Config) float64 {
	return max(float64(c.Policy.BranchMin), math.Ceil(c.People.RotationComfort/2))
}

// workNeed is the heads team t's work asks for, before the floors of need.
// Routing asks it once a hire, so it is kept until the team's work next
// changes: r.needGen moves on when a week starts, once it is worked, and
// at a split or a new product group; a change in the number of domains
// the team owns also drops it.
func (r *run) workNeed(t *team) float64 {
	if t.needGen == r.needGen && t.needInsts == len(t.insts) {
		return t.needHeads
	}
	b, a, oc := &r.cfg.Budget, &r.cfg.Allocation, &r.cfg.OnCall
	w := r.week
	var hours float64
	for _, i := range t.insts {
		in := r.insts[i]
		d, dom := in.domain, &r.cfg.Domains[in.domain]
		toil := in.share*r.plan.ahead[d][w]*(1-in.automation*r.plan.keptAhead[d][w]) + dom.FixedHours
		grow := toil / max(in.toil, 1e-9)
		hours += toil + in.backlog*oc.BacklogPaydownPct/100 + (in.pages*oc.HoursPerPage+in.incidents*oc.HoursPerIncident)*grow
	}
	hours /= 1 - a.ReservePct/100
	// The people the team will lose, at its attrition rate, before a hire
	// asked for now is productive: the lead time and half the ramp.
	pp := &r.cfg.People
	lost := r.attrition(t) * (float64(b.LeadWeeks) + pp.RampWeeks/2) / 52
	perHead := t.perHead
	if !t.worked { // a team made this week has not worked yet
		perHead = pp.HoursPerWeek / r.switchFactor(t)
	}
	t.needHeads = hours / perHead * (1 + lost)
	t.needGen, t.needInsts = r.needGen, len(t.insts)
	return t.needHeads
}

// budgetReview is Corollary Two with asks by need: each team asks for the
// engineers its need exceeds its staff by (a team that is idle asks for
// no one); an ask above leadership's cap, CapPct of engineering, is
// compressed below the cap, the more the further over it is, and hiring
// freezes. A company freeze or layoff
// since the last review passes to infra as its own.
func (r *run) budgetReview() {
	b := &r.cfg.Budget
	e := r.plan.engineers[r.week]
	prev := r.lastReviewEng
	r.lastReviewEng = e
	limit := b.CapPct / 100 * e
	if moved, out := r.rebalance(true); (moved > 0 || out > 0) && !r.out.quiet {
		var parts []string
		if moved > 0 {
			parts = append(parts, engineers(moved)+" moved from teams with more people than their work needs to teams short of theirs")
		}
		if out > 0 {
			parts = append(parts, engineers(out)+" moved to product teams, not needed in infra")
		}
		r.logf("budget", "budget review: %s", strings.Join(parts, "; "))
	}
	ask := float64(r.staying())
	for _, t := range r.teams {
		if t.alive {
			ask += max(0, math.Ceil(r.need(t)-float64(len(t.members))))
		}
	}
	switch {
	case r.week > 0 && e < prev*0.995: // the company laid off: so does infra
		cut := e / prev
		r.approved = int(math.Floor(float64(r.headcount()) * cut))
		r.freezeUntil = r.week + b.ReviewWeeks
		r.logf("budget", "budget review: the company shrank %.0f%%, so infra is cut to %d and hiring freezes for %s", 100*(1-cut), r.approved, plural(b.ReviewWeeks, "week"))
		if n := r.headcount(); b.AllowLayoffs && n > r.approved {
			r.layoff(n - r.approved)
		}
		return
	case r.plan.frozen[r.week]: // the company froze hiring: so does infra
		r.approved = min(int(math.Round(ask)), r.staying())
		r.logf("budget", "budget review: the company froze hiring; infra holds at %d", r.approved)
		return
	case ask > limit:
		// The further over the cap, the harder the cut: an ask at twice
		// the cap or more is approved at the cap less CompressionPct.
		over := min(1, (ask-limit)/limit)
		r.approved = int(math.Floor(limit * (1 - b.CompressionPct/100*over)))
		r.freezeUntil = r.week + b.FreezeWeeks
		r.stats.compressions++
		r.logf("budget", "budget review: the ask of %.0f infra engineers is over leadership's cap of %.0f, so %d are approved and hiring freezes for %s",
			ask, limit, r.approved, plural(b.FreezeWeeks, "week"))
		if n := r.headcount(); b.AllowLayoffs && n > r.approved {
			r.layoff(n - r.approved)
		}
		return
	}
	r.approved = int(math.Round(ask))
	r.logf("budget", "budget review: approved the %d infra engineers the work projected over the next %s needs, within leadership's cap of %.0f", r.approved, plural(b.LeadWeeks, "week"), limit)
}

// layoff lets n engineers go: one at a time from the team with the most
// engineers over its need, its most recent hire first, keeping every team
// at branch_min while any team is above it.
func (r *run) layoff(n int) {
	bm := r.cfg.Policy.BranchMin
	cut := 0
	for ; cut < n; cut++ {
		best, bestSurplus := -1, math.Inf(-1)
		for i, t := range r.teams {
			if !t.alive || len(t.members) == 0 {
				continue
			}
			surplus := float64(len(t.members)) - r.need(t)
			if len(t.members) <= bm {
				surplus -= 1e6 // only once every team is at branch_min
			}
			if surplus > bestSurplus {
				best, bestSurplus = i, surplus
			}
		}
		if best < 0 {
			break
		}
		t := r.teams[best]
		newest := slices.MaxFunc(t.members, func(a, b int) int { return r.people[a].hired - r.people[b].hired })
		r.depart(newest, true)
	}
	r.logf("budget", "budget cut: %s laid off, %d remain", plural(cut, "infra engineer"), r.headcount())
}
