package output

import (
	"runtime"

	"github.com/trunksim/trunksim/internal/par"
)

// each calls job(i) for every i from 0 to n-1 over every core and returns
// the error of the lowest i that failed (par.Each). Drawing and encoding a
// chart is most of what a command does once its runs are done, and charts
// share nothing they write, so they render side by side; each job fills
// its own slot, so the files and their bytes are the same as one at a
// time.
func each(n int, job func(i int) error) error {
	return par.Each(runtime.GOMAXPROCS(0), n, job)
}
