// Package par runs independent jobs side by side. The simulation's
// sketches and the outputs' charts are many jobs that share nothing they
// write, each filling its own slot, so running them over several
// goroutines gives the same result as one at a time, in less time.
package par

import (
	"sync"
	"sync/atomic"
)

// Each calls job(i) for every i from 0 to n-1 on up to workers goroutines,
// the caller's among them, and returns the error of the lowest i that
// failed. Jobs start in the order of i, which lets a caller put the
// longest first.
func Each(workers, n int, job func(i int) error) error {
	errs := make([]error, n)
	var next atomic.Int64
	work := func() {
		for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
			errs[i] = job(i)
		}
	}
	var wg sync.WaitGroup
	for range min(workers, n) - 1 {
		wg.Go(work)
	}
	work()
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
