package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
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
  trunksim report -out out/deck steady-growth
  trunksim report -from out/deck -out out/deck-again   # the same bytes again, nothing run

Writes deck.pdf (16:9 pages), slides/NN-name.png (1920x1080) and report.html
(one self-contained file), with results.json (what the deck was built
from, every number exact), runs.csv (every run's outcomes) and
datapackage.json (what each CSV column means). The date on the title page
is today's, or the one SOURCE_DATE_EPOCH gives, so the same inputs rebuild
the same bytes. -from DIR rebuilds the deck of a folder that report, run
-report or compare -report wrote, from its results.json, with its date:
the same bytes, without running anything.
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
	in, err := deckInput(f, scs, rs, warns, edges)
	if err != nil {
		return nil, err
	}
	return renderDeck(in)
}

// deckInput is what the deck of a set of variants of one scenario (scs,
// in the order of rs) shows; edges is report's knife-edge check, nil where
// it did not run.
func deckInput(f *runFlags, scs []*scenarios.Scenario, rs []experiment.Result, warns []string, edges *output.EdgeCheck) (output.DeckInput, error) {
	date, err := reportDate()
	if err != nil {
		return output.DeckInput{}, err
	}
	c := experiment.Compare(rs)
	first := scs[0]
	meta := experimentMeta(f, first, strings.Join(c.Names(), " vs "))
	meta.Warnings = warns
	meta.Distributions = distributions(rs)
	return output.DeckInput{
		Meta: meta, Description: first.Description,
		Config: &first.Config, Comparison: c, Assumptions: deckAssumptions(scs), Date: date, Edges: edges,
	}, nil
}

// renderDeck renders the deck (deck.pdf, report.html and the slides)
// and results.json, from which report -from renders it again.
func renderDeck(in output.DeckInput) ([]output.File, error) {
	deck, err := output.BuildDeck(in)
	if err != nil {
		return nil, err
	}
	files, err := deck.Files()
	if err != nil {
		return nil, err
	}
	saved, err := output.SaveDeck(in)
	return append(files, saved), err
}

// reportFiles are report's outputs: the deck, results.json and runs.csv.
func reportFiles(in output.DeckInput) ([]output.File, error) {
	files, err := renderDeck(in)
	if err != nil {
		return nil, err
	}
	runs, err := output.RunsCSV(in.Comparison.Results)
	return append(files, runs), err
}

// reportFrom rebuilds the deck saved in the folder from into out.
func reportFrom(ctx context.Context, from, out string, stdout, stderr io.Writer) error {
	start := time.Now()
	if err := checkOut(out); err != nil {
		return err
	}
	if a, err := os.Stat(from); err == nil {
		if b, err := os.Stat(out); err == nil && os.SameFile(a, b) {
			return usagef("-out %s is the -from folder; name another", out)
		}
	}
	b, err := os.ReadFile(filepath.Join(from, output.Results))
	if err != nil {
		return usagef("-from: %v (a folder that report, run -report or compare -report wrote)", err)
	}
	in, err := output.LoadDeck(b)
	if err != nil {
		return usagef("-from: %s: %v", filepath.Join(from, output.Results), err)
	}
	if in.Meta.Version != Version {
		fmt.Fprintf(stderr, "warning: %s was written by trunksim %s and this is %s: the deck may differ from the one it made\n",
			filepath.Join(from, output.Results), in.Meta.Version, Version)
	}
	files, err := reportFiles(in)
	if err != nil {
		return err
	}
	if files, err = finish(ctx, out, in.Meta, files); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Rebuilt the deck for %s from %s to %s in %.1fs:\n", in.Meta.Scenario, from, out, time.Since(start).Seconds())
	for _, file := range files {
		fmt.Fprintf(stdout, "  %s\n", file.Name)
	}
	return nil
}

func reportCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var f runFlags
	var policies multi
	var out, from string
	fs := newFlags("report", "report [flags] [SCENARIO]\n       trunksim report -from DIR [-out DIR]", reportExamples, stderr)
	f.register(fs, false)
	f.registerTime(fs)
	fs.Var(&policies, "policy", "a variant, NAME[:key=value,...] (repeatable; default: the scenario's variants, or its policy)")
	fs.StringVar(&out, "out", "out/report", "directory for the deck")
	fs.StringVar(&from, "from", "", "rebuild the deck saved in this folder (its results.json), running nothing")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if from != "" {
		others := pos
		fs.Visit(func(fl *flag.Flag) {
			if fl.Name != "from" && fl.Name != "out" {
				others = append(others, "-"+fl.Name)
			}
		})
		if len(others) > 0 {
			return usagef("-from rebuilds a saved deck as it was made; it takes only -out, got %s", strings.Join(others, " "))
		}
		return reportFrom(ctx, from, out, stdout, stderr)
	}
	if err := f.check(); err != nil {
		return err
	}
	ref, err := oneScenario(pos)
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
	in, err := deckInput(&f, scs, rs, append(warns, edgeLines...), edges)
	if err != nil {
		return err
	}
	files, err := reportFiles(in)
	if err != nil {
		return err
	}
	if files, err = finish(ctx, out, in.Meta, files); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Wrote the deck for %s to %s in %.1fs:\n", first.Name, out, time.Since(start).Seconds())
	for _, file := range files {
		fmt.Fprintf(stdout, "  %s\n", file.Name)
	}
	return nil
}
