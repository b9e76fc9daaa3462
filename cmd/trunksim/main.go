package main

import (
	"context"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"syscall"
)

func main() {
	setUpProcess()
	ctx, stop := signalContext()
	code := Main(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// signalContext is cancelled by SIGINT (Ctrl-C) or SIGTERM (what CI,
// timeout and container stops send), so that a command stops, writes
// nothing and removes its staging directory; a second signal then ends
// the process at once.
func signalContext() (context.Context, context.CancelFunc) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	context.AfterFunc(ctx, stop)
	return ctx, stop
}

// setUpProcess is what the trunksim binary sets for its whole process,
// and a test's child process as well: the collector's pace, and -j N's
// cap on the cores the process uses.
func setUpProcess() {
	tuneGC()
	limitCores = func(n int) {
		if n > 0 {
			runtime.GOMAXPROCS(n)
		}
	}
}

// tuneGC collects at a quarter again the live heap rather than twice it:
// most of a long run's heap is sketch bins and pending values, bytes the
// collector need not scan, so collecting more often costs little CPU and
// keeps the peak down (20,000 full runs of uber-hypergrowth: 232 MB at
// 25, 296 MB at 50, in the same time). GOGC still wins.
func tuneGC() {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(25)
	}
}
