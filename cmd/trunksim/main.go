// Command trunksim simulates growing an infrastructure organization under
// Will Larson's Trunk and Branches model, many times with seeded
// randomness, and writes summaries, tidy CSV and charts.
//
// Usage:
//
//	trunksim run [flags] [SCENARIO]   run a scenario many times
//	trunksim scenarios                list the built-in scenarios
//	trunksim show NAME                print a built-in scenario's TOML
//
// Run "trunksim help" or "trunksim COMMAND -h" for flags and examples.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime/debug"
)

func main() {
	tuneGC()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := Main(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// tuneGC collects at half again the live heap rather than twice it: long
// runs allocate a little per run and keep sketches whose size does not
// grow, so this keeps 100,000 runs well under 200 MB. GOGC still wins.
func tuneGC() {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(50)
	}
}
