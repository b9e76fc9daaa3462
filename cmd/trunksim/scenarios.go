package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/trunksim/trunksim/scenarios"
)

func scenariosCmd(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("scenarios", "scenarios", "  trunksim scenarios\n", stderr)
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	for _, b := range scenarios.Builtins() {
		fmt.Fprintf(tw, "%s\t%s\n", b.Name, b.Description)
	}
	return tw.Flush()
}

func showCmd(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("show", "show NAME", "  trunksim show uber-hypergrowth > mine.toml\n", stderr)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("expected one built-in scenario name; try: trunksim scenarios")
	}
	src, err := scenarios.Show(fs.Arg(0))
	if err != nil {
		return usageError{err}
	}
	_, err = stdout.Write(src)
	return err
}
