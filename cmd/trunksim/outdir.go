package main

import (
	"fmt"

	"github.com/trunksim/trunksim/output"
)

// writeHook, when set by a test, is called after each file is written
// into the staging directory, before the set is swapped in.
var writeHook func(name string)

// checkOut checks, before anything is simulated, that -out can take a new
// set of outputs, and clears what a killed run left beside it.
func checkOut(dir string) error {
	if err := output.PrepareDir(dir); err != nil {
		return usageError{fmt.Errorf("-out: %w", err)}
	}
	return nil
}
