package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/trunksim/trunksim/output"
	"github.com/trunksim/trunksim/sim"
	"github.com/trunksim/trunksim/sim/experiment"
)

const compareExamples = `  trunksim compare -policy centralized -policy trunk-and-branches -policy fragmented uber-hypergrowth
  trunksim compare -policy trunk-and-branches:policy.threshold=6 -policy trunk-and-branches:policy.threshold=8 -runs 100
  trunksim compare -rank mean_quality -policy trunk-share -policy trunk-and-branches:policy.choose=random early-startup

Each -policy NAME[:key=value,...] is a variant; without -policy flags the
scenario's [[variants]] tables are used. Replication i of every variant uses
the same seed, so differences come from the policy, not from luck.
`

// parseVariant reads "NAME[:key=value,...]" into a variant name and its
// overrides.
func parseVariant(s string) (string, []string, error) {
	name, rest, _ := strings.Cut(s, ":")
	name = strings.TrimSpace(name)
	if name == "" {
		return "", nil, usagef("-policy %q: expected NAME[:key=value,...], such as trunk-and-branches:policy.threshold=6", s)
	}
	sets := []string{"policy.name=" + name}
	for _, kv := range topLevel(rest) {
		if kv = strings.TrimSpace(kv); kv != "" {
			sets = append(sets, kv)
		}
	}
	return strings.TrimSpace(s), sets, nil
}

// topLevel splits s at the commas outside strings, arrays and inline
// tables, so that a value such as { dist = "uniform", low = 1, high = 2 }
// stays whole.
func topLevel(s string) []string {
	var out []string
	depth, quote, start := 0, byte(0), 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case quote != 0:
			if c == '\\' && quote == '"' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '{' || c == '[':
			depth++
		case c == '}' || c == ']':
			depth--
		case c == ',' && depth == 0:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

func compareCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var f runFlags
	var policies multi
	var o outFlags
	var rankBy string
	var report bool
	fs := newFlags("compare", "compare [flags] [SCENARIO]", compareExamples, stderr)
	fs.BoolVar(&report, "report", false, "also write the leadership deck (deck.pdf, slides/, report.html)")
	f.register(fs, false)
	f.registerTime(fs)
	fs.Var(&policies, "policy", "a variant, NAME[:key=value,...] (repeatable)")
	o.register(fs, "out/compare")
	fs.StringVar(&rankBy, "rank", "weeks_below_quality", "outcome to rank the variants by")
	f.registerShard(fs)
	ref, fmts, err := o.parseStudy(ctx, fs, args, &f)
	if err != nil {
		return err
	}
	rank, err := sim.OutcomeByName(rankBy)
	if err != nil {
		return usagef("-rank: %v", err)
	}
	specs, err := variantSpecs(ref, &f, policies)
	if err != nil {
		return err
	}
	if len(specs) < 2 {
		return usagef("need at least two variants: give -policy flags or [[variants]] tables in the scenario")
	}
	start := time.Now()
	rs, scs, err := runVariants(ctx, ref, &f, specs, stderr, false)
	if err != nil {
		return err
	}
	if f.sharding() {
		return f.writeShard(ctx, stdout)
	}
	first := scs[0]
	c := experiment.Compare(rs)
	meta := experimentMeta(&f, first, "compare "+strings.Join(c.Names(), " vs "))
	meta.Warnings = warnings(stderr, rs)
	meta.Distributions = distributions(rs)
	files, err := makeAll(
		textFile("comparison.json", func(w io.Writer) error { return output.ComparisonJSON(w, meta, c) }),
		func() (output.File, error) { return output.ComparisonCSV(c) },
		func() (output.File, error) { return output.RunsCSV(rs) })
	if err != nil {
		return err
	}
	for _, ft := range fmts {
		charts, err := output.CompareCharts(meta, rs, &first.Config, ft)
		if err != nil {
			return err
		}
		files = append(files, charts...)
	}
	if report {
		deck, err := deckFiles(&f, scs, rs, meta.Warnings, nil)
		if err != nil {
			return err
		}
		files = append(files, deck...)
	}
	if files, err = o.finish(ctx, &f, meta, files); err != nil {
		return err
	}
	if err := output.CompareTable(stdout, meta, c, rank); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\nWrote %d files to %s in %.1fs.\n", len(files), o.dir, time.Since(start).Seconds())
	return nil
}
