package main

import (
	"context"
	"fmt"
	"io"

	"github.com/trunksim/trunksim/scenarios"
)

const validateExamples = `  trunksim validate mine.toml
  trunksim validate scenarios/builtin/*.toml
  trunksim validate -set policy.threshold=6 uber-hypergrowth
`

// validateCmd checks scenarios without running them: every problem of
// every file, then a non-zero exit if any was invalid. It checks what
// scenarios.Load checks, which is everything run checks before it runs
// (the plan's bounds included) and every [[variants]] table as compare
// would run it.
func validateCmd(_ context.Context, args []string, stdout, stderr io.Writer) error {
	var sets multi
	fs := newFlags("validate", "validate [-set key=value] SCENARIO...", validateExamples, stderr)
	fs.Var(&sets, "set", "override a scenario key, key=value (repeatable)")
	files, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usagef("expected at least one scenario file or built-in name")
	}
	bad := 0
	for _, f := range files {
		s, err := scenarios.Load(f, sets...)
		if err != nil {
			bad++
			fmt.Fprintln(stderr, err)
			continue
		}
		fmt.Fprintf(stdout, "%s: ok (%s, %d domains, %d teams, %d weeks, hash %s)\n", scenarios.Printable(f), scenarios.Printable(s.Name),
			len(s.Config.Domains), len(s.Config.Teams), s.Config.Weeks, s.Hash())
	}
	if bad > 0 {
		return usagef("%d of %d scenarios invalid", bad, len(files))
	}
	return nil
}
