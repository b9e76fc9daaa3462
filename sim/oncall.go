package sim

// On call: what a rotation receives per shift and how often each of its
// members is on call.

// pagesPerShift is the pages each on-call shift of team t receives: a
// rotation gets every page of the domains it owns, whatever its size.
func (r *run) pagesPerShift(t *team) float64 {
	return t.pages / r.cfg.OnCall.ShiftsPerWeek
}

// onCallShare is the share of weeks each member of t is on call: every
// week needs a primary and a secondary (Google's SRE book, ch. 11), so a
// rotation of two is on call every week and one of eight a quarter of them.
func (r *run) onCallShare(t *team) float64 {
	n := float64(len(t.members))
	if n == 0 {
		return 0
	}
	return min(1, 2/n)
}
