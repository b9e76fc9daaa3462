package output

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// each calls job(i) for every i from 0 to n-1 on up to GOMAXPROCS
// goroutines and returns the error of the lowest i that failed. Drawing
// and encoding a chart is most of what a command does once its runs are
// done, and charts share nothing they write, so they render side by side;
// each job fills its own slot, so the files and their bytes are the same
// as one at a time. Jobs start in the order of i, which lets a caller put
// the longest first.
func each(n int, job func(i int) error) error {
	errs := make([]error, n)
	var next atomic.Int64
	work := func() {
		for {
			i := int(next.Add(1) - 1)
			if i >= n {
				return
			}
			errs[i] = job(i)
		}
	}
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) - 1 {
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
