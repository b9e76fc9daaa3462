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
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := Main(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
