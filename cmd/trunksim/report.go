package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/trunksim/trunksim/output"
	"github.com/trunksim/trunksim/scenarios"
	"github.com/trunksim/trunksim/sim/experiment"
)

const reportExamples = `  trunksim report uber-hypergrowth
  trunksim report -policy centralized -policy trunk-and-branches -policy fragmented uber-hypergrowth
  SOURCE_DATE_EPOCH=1767225600 trunksim report -runs 300 steady-growth
  trunksim run -report -out out/uber            # the same deck from a run
  trunksim compare -report -policy centralized -policy trunk-and-branches

Writes deck.pdf (16:9 pages), slides/NN-name.png (1920x1080) and report.html
(one self-contained file). The date on the title page is today's, or the
one SOURCE_DATE_EPOCH gives, so the same inputs rebuild the same bytes.
`

// reportDate is SOURCE_DATE_EPOCH's time if set, as reproducible builds
// do, or now.
func reportDate() (time.Time, error) {
	v, ok := os.LookupEnv("SOURCE_DATE_EPOCH")
	if !ok || v == "" {
		return time.Now().UTC(), nil
	}
	secs, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return time.Time{}, usagef("SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, got %q", v)
	}
	return time.Unix(secs, 0).UTC(), nil
}

// deckFiles builds the deck for a set of variants of one scenario (scs,
// in the order of rs); edges is report's knife-edge check, nil where it
// did not run.
func deckFiles(f *runFlags, scs []*scenarios.Scenario, rs []experiment.Result, warns []string, edges *output.EdgeCheck) ([]output.File, error) {
	date, err := reportDate()
	if err != nil {
		return nil, err
	}
	c := experiment.Compare(rs)
	first := scs[0]
	meta := experimentMeta(f, first, strings.Join(c.Names(), " vs "))
	meta.Warnings = warns
	meta.Distributions = distributions(rs)
	deck, err := output.BuildDeck(output.DeckInput{
		Meta: meta, Description: first.Description,
		Config: &first.Config, Comparison: c, Assumptions: deckAssumptions(scs), Date: date, Edges: edges,
	})
	if err != nil {
		return nil, err
	}
	return deck.Files()
}

func reportCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var f runFlags
	var policies multi
	var out string
	fs := newFlags("report", "report [flags] [SCENARIO]", reportExamples, stderr)
	f.register(fs, false)
	fs.Var(&policies, "policy", "a variant, NAME[:key=value,...] (repeatable; default: the scenario's variants, or its policy)")
	fs.StringVar(&out, "out", "out/report", "directory for the deck")
	ref, err := parseScenarioArgs(fs, args, &f)
	if err != nil {
		return err
	}
	if _, err := reportDate(); err != nil {
		return err
	}
	if err := checkOut(out); err != nil {
		return err
	}
	specs, err := variantSpecs(ref, &f, policies)
	if err != nil {
		return err
	}
	start := time.Now()
	rs, scs, err := runVariants(ctx, ref, &f, specs, stderr, false)
	if err != nil {
		return err
	}
	first := scs[0]
	warns := warnings(stderr, rs)
	edgeLines, edges, err := knifeEdges(ctx, &f, rs, scs, stderr)
	if err != nil {
		return err
	}
	files, err := deckFiles(&f, scs, rs, append(warns, edgeLines...), edges)
	if err != nil {
		return err
	}
	if err := finish(ctx, out, files); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Wrote the deck for %s to %s in %.1fs:\n", first.Name, out, time.Since(start).Seconds())
	for _, file := range files {
		fmt.Fprintf(stdout, "  %s\n", file.Name)
	}
	return nil
}
