package sim

// eventKind names what a queued event does when its tick comes.
type eventKind int

const (
	evHireStart eventKind = iota
	evDeparture
	evBudgetReview
	evSplit
	evPlan
)

// event is one discrete happening. Events at the same tick run in the order
// they were queued, so a run never depends on heap internals.
type event struct {
	tick   int
	seq    uint64
	kind   eventKind
	person int    // departure: who leaves
	team   int    // split: the team that splits
	inst   int    // split: the domain instance that leaves it; -1-i halves instance i
	size   int    // split: people who move
	why    string // split: the reason, for the log
	name   string // split: the new team's name, "" for its domain's
	action int    // plan: the index of the planned action in Config.Plan
}

// schedule is the run's event queue: a binary heap ordered by tick, then
// by insertion, written out for the event type so that pushing allocates
// nothing.
type schedule struct {
	q   []event
	seq uint64
}

func (e event) before(o event) bool {
	if e.tick != o.tick {
		return e.tick < o.tick
	}
	return e.seq < o.seq
}

func (s *schedule) add(e event) {
	e.seq = s.seq
	s.seq++
	s.q = append(s.q, e)
	for i := len(s.q) - 1; i > 0; {
		parent := (i - 1) / 2
		if !s.q[i].before(s.q[parent]) {
			break
		}
		s.q[i], s.q[parent] = s.q[parent], s.q[i]
		i = parent
	}
}

// next pops the earliest event due at or before tick, if any.
func (s *schedule) next(tick int) (event, bool) {
	if len(s.q) == 0 || s.q[0].tick > tick {
		return event{}, false
	}
	top := s.q[0]
	last := len(s.q) - 1
	s.q[0] = s.q[last]
	s.q = s.q[:last]
	for i := 0; ; {
		l, small := 2*i+1, i
		if l < last && s.q[l].before(s.q[small]) {
			small = l
		}
		if l+1 < last && s.q[l+1].before(s.q[small]) {
			small = l + 1
		}
		if small == i {
			break
		}
		s.q[i], s.q[small] = s.q[small], s.q[i]
		i = small
	}
	return top, true
}
