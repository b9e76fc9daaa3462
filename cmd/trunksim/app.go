package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
)

// Version is trunksim's version, recorded in every output.
var Version = "0.1.0"

// usageError is a mistake in the command line or the scenario: exit 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// command is one subcommand; a shardable one takes -shard and merge
// replays it.
type command struct {
	name, summary string
	run           func(ctx context.Context, args []string, stdout, stderr io.Writer) error
	shardable     bool
}

func commands() []command {
	return []command{
		{"run", "run a scenario many times and write summaries and charts", runCmd, true},
		{"compare", "compare policies or variants on common random numbers", compareCmd, true},
		{"sweep", "sweep one or two scenario keys over a range", sweepCmd, true},
		{"sensitivity", "find which inputs an outcome hangs on (tornado chart)", sensitivityCmd, true},
		{"robustness", "check the headline verdict at both ends of every assumption", robustnessCmd, true},
		{"merge", "combine the shard files of a study run with -shard K/N into its outputs", mergeCmd, false},
		{"calibrate", "fit the inputs nobody measures to what you observe today or to your history", calibrateCmd, false},
		{"report", "write the leadership deck: PDF, PNG slides and one HTML page", reportCmd, false},
		{"validate", "check scenario files without running them", validateCmd, false},
		{"scenarios", "list the built-in scenarios", scenariosCmd, false},
		{"show", "print a built-in scenario's TOML, to copy and edit", showCmd, false},
		{"version", "print trunksim's version and the Go version it was built with", versionCmd, false},
	}
}

// Main runs trunksim with args (without the program name) and returns the
// exit status: 0 on success, 1 on failure, 2 on a usage or input error.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && (args[0] == "-version" || args[0] == "--version") {
		args = append([]string{"version"}, args[1:]...)
	}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		if len(args) > 1 {
			args = []string{args[1], "-h"}
		} else {
			topUsage(stdout)
			if len(args) == 0 {
				return 2
			}
			return 0
		}
	}
	if c, ok := commandNamed(args[0]); ok {
		err := c.run(ctx, args[1:], stdout, stderr)
		switch {
		case err == nil || errors.Is(err, flag.ErrHelp):
			return 0
		case errors.As(err, new(usageError)):
			fmt.Fprintf(stderr, "trunksim %s: %v\n", c.name, err)
			return 2
		case errors.Is(err, context.Canceled):
			fmt.Fprintf(stderr, "trunksim %s: interrupted; nothing was written\n", c.name)
			return 1
		default:
			fmt.Fprintf(stderr, "trunksim %s: %v\n", c.name, err)
			return 1
		}
	}
	fmt.Fprintf(stderr, "trunksim: unknown command %q\nTry: trunksim help\n", args[0])
	return 2
}

func topUsage(w io.Writer) {
	fmt.Fprintf(w, "trunksim %s: simulate growing an infrastructure organization (Trunk and Branches)\n\nCommands:\n", Version)
	width := 0
	for _, c := range commands() {
		width = max(width, len(c.name))
	}
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-*s  %s\n", width, c.name, c.summary)
	}
	fmt.Fprintf(w, "\nExamples:\n%s\nRun \"trunksim COMMAND -h\" for a command's flags.\n", topExamples)
}

const topExamples = `  trunksim run                                  # uber-hypergrowth, 200 runs, into out/run
  trunksim run -policy centralized -runs 1000 -out out/centralized uber-hypergrowth
  trunksim show steady-growth > mine.toml       # copy a built-in to edit
  trunksim run -set company.engineers.annual_pct=80 mine.toml
`

func versionCmd(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("version", "version", "  trunksim version\n  trunksim -version\n", stderr)
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	_, err := fmt.Fprintf(stdout, "trunksim %s (%s %s/%s)\n", Version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return err
}

// newFlags makes a flag set that reports errors instead of exiting and
// prints usage, examples and defaults on -h.
func newFlags(name, synopsis, examples string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		out := fs.Output()
		fmt.Fprintf(out, "Usage: trunksim %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
		if examples != "" {
			fmt.Fprintf(out, "\nExamples:\n%s", examples)
		}
	}
	return fs
}

// parse parses flags; errors other than -h are usage errors.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err}
	}
	return nil
}

// parseNoArgs parses the flags of a command that takes no arguments.
func parseNoArgs(fs *flag.FlagSet, args []string) error {
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("takes no arguments, got %q", fs.Args())
	}
	return nil
}

// multi is a repeatable string flag.
type multi []string

func (m *multi) String() string     { return strings.Join(*m, " ") }
func (m *multi) Set(v string) error { *m = append(*m, v); return nil }

// isTerminal reports whether w is a terminal, for progress output.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
