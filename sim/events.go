package sim

import "container/heap"

// eventKind names what a queued event does when its tick comes.
type eventKind int

const (
	evHireStart eventKind = iota
	evDeparture
	evBudgetReview
	evSplit
)

// event is one discrete happening. Events at the same tick run in the order
// they were queued, so a run never depends on heap internals.
type event struct {
	tick   int
	seq    uint64
	kind   eventKind
	person int    // departure: who leaves
	team   int    // split: the team that splits
	inst   int    // split: the domain instance that leaves it (-1: halve)
	size   int    // split: people who move
	why    string // split: the reason, for the log
}

type eventQueue []event

func (q eventQueue) Len() int { return len(q) }
func (q eventQueue) Less(i, j int) bool {
	if q[i].tick != q[j].tick {
		return q[i].tick < q[j].tick
	}
	return q[i].seq < q[j].seq
}
func (q eventQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *eventQueue) Push(x any)   { *q = append(*q, x.(event)) }
func (q *eventQueue) Pop() any {
	old := *q
	e := old[len(old)-1]
	*q = old[:len(old)-1]
	return e
}

// schedule is the run's event queue with its insertion counter.
type schedule struct {
	q   eventQueue
	seq uint64
}

func (s *schedule) add(e event) {
	e.seq = s.seq
	s.seq++
	heap.Push(&s.q, e)
}

// next pops the earliest event due at or before tick, if any.
func (s *schedule) next(tick int) (event, bool) {
	if len(s.q) == 0 || s.q[0].tick > tick {
		return event{}, false
	}
	return heap.Pop(&s.q).(event), true
}
