package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/trunksim/trunksim/output"
	"github.com/trunksim/trunksim/scenarios"
	"github.com/trunksim/trunksim/sim"
	"github.com/trunksim/trunksim/sim/experiment"
)

const robustnessExamples = `  trunksim robustness uber-hypergrowth
  trunksim robustness -runs 100 -assumptions people.span,on_call.refocus_hours steady-growth
  trunksim robustness -policy centralized -policy trunk-and-branches:policy.threshold=6 early-startup

The variants (each -policy NAME[:key=value,...]; by default centralized,
trunk-and-branches, fragmented and trunk-share) run on common random
numbers at the scenario's values, then at the low and at the high end of
each assumption, one at a time: a field the scenario sets itself is moved
by the same ratio as the default. The verdict checked is the seeds':
trunk-and-branches has fewer mean weeks below quality than centralized and
fragmented (without those variants: the first variant at the scenario's
values stays first). An end the model rejects is reported as not run.
An assumption at an end of which the verdict flips, and that the scenario
(its file, -set or a variant's keys) never set, is warned of on stderr
and in robustness.csv: the verdict rests on a built-in default.
`

// robustnessRuns is -runs for robustness when it is not given: the study
// runs every variant at both ends of some fifty assumptions.
const robustnessRuns = 40

// headline is the comparison robustness checks by default.
var headline = []string{sim.Centralized, sim.TrunkAndBranches, sim.Fragmented, sim.TrunkShare}

func robustnessCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var f runFlags
	var policies multi
	var o outFlags
	var only string
	fs := newFlags("robustness", "robustness [flags] [SCENARIO]", robustnessExamples, stderr)
	f.register(fs, false)
	f.runs = robustnessRuns
	fs.Lookup("runs").DefValue = fmt.Sprint(robustnessRuns)
	fs.Var(&policies, "policy", "a variant, NAME[:key=value,...] (repeatable; default: "+strings.Join(headline, ", ")+")")
	fs.StringVar(&only, "assumptions", "", "comma-separated assumptions to check, as scenario keys or Go field paths (default: every one)")
	o.register(fs, "out/robustness")
	f.registerShard(fs)
	ref, fmts, err := o.parseStudy(ctx, fs, args, &f)
	if err != nil {
		return err
	}
	keys := assumptionKeys()
	chosen, err := chooseAssumptions(only, keys)
	if err != nil {
		return err
	}
	if len(policies) == 0 {
		policies = headline
	}
	specs, err := variantSpecs(ref, &f, policies)
	if err != nil {
		return err
	}
	if len(specs) < 2 {
		return usagef("need at least two variants: give two or more -policy flags, or none for the headline four")
	}
	vs, scs, err := loadVariants(ref, &f, specs)
	if err != nil {
		return err
	}
	first := scs[0]
	start := time.Now()
	opts := f.options(true, nil)
	var once sync.Once
	var prog func(done int)
	opts.Progress = func(done, total int) {
		// The study knows its total once it knows which ends run.
		once.Do(func() { prog = progress(stderr, start, total) })
		prog(done)
	}
	r, err := experiment.Robustness(ctx, vs, chosen, experiment.SeedsVerdict(vs), opts)
	if err != nil && ctx.Err() == nil { // the model rejects a variant at the scenario's values
		return usageError{err}
	}
	if err != nil {
		return err
	}
	if f.sharding() {
		return f.writeShard(ctx, stdout)
	}
	meta := experimentMeta(&f, first, "robustness "+strings.Join(r.Names, " vs "))
	if only != "" {
		meta.Sets = append(meta.Sets, "assumptions "+only)
	}
	meta.Warnings = decidingDefaults(stderr, r, keys, scs)
	rb := output.Robustness{Meta: meta, Result: r, Keys: keys}
	csvFile, err := output.RobustnessCSV(rb)
	if err != nil {
		return err
	}
	files := []output.File{csvFile}
	for _, ft := range fmts {
		b, err := output.RobustnessChart(rb, ft)
		if err != nil {
			return err
		}
		files = append(files, output.File{Name: "robustness." + ft, Data: b})
	}
	if files, err = o.finish(ctx, &f, meta, files); err != nil {
		return err
	}
	if err := output.RobustnessTable(stdout, rb); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\nWrote %d files to %s in %.1fs.\n", len(files), o.dir, time.Since(start).Seconds())
	return nil
}

// assumptionKeys names each assumption by its scenario key, as
// scenarios/SCHEMA.md lists it (domains[].fixed_hours for every domain's
// fixed_hours), keyed by its Go field path.
func assumptionKeys() map[string]string {
	inSchema := map[string]bool{}
	for _, k := range scenarios.Schema() {
		inSchema[k.Path] = true
	}
	keys := map[string]string{}
	for _, a := range sim.Assumptions {
		key := scenarios.KeyPath(a.Field)
		if f, ok := strings.CutPrefix(a.Field, "Domain."); ok {
			key = "domains[]." + scenarios.KeyPath(f)
		}
		if inSchema[key] {
			keys[a.Field] = key
		}
	}
	return keys
}

// chooseAssumptions is every assumption, or those -assumptions names by
// scenario key or Go field path, in the order given.
func chooseAssumptions(only string, keys map[string]string) ([]sim.Assumption, error) {
	if only == "" {
		return sim.Assumptions, nil
	}
	var out []sim.Assumption
	for k := range strings.SplitSeq(only, ",") {
		k = strings.TrimSpace(k)
		found := false
		for _, a := range sim.Assumptions {
			if k == a.Field || k == keys[a.Field] {
				out = append(out, a)
				found = true
				break
			}
		}
		if !found {
			var names []string
			for _, a := range sim.Assumptions {
				names = append(names, keyOf(keys, a.Field))
			}
			return nil, usagef("-assumptions: %q is not an assumption; they are %s", k, strings.Join(names, ", "))
		}
	}
	return out, nil
}

// keyOf is the assumption's scenario key, or its Go path if it has none.
func keyOf(keys map[string]string, field string) string {
	if k, ok := keys[field]; ok {
		return k
	}
	return field
}
