package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/trunksim/trunksim/output"
	"github.com/trunksim/trunksim/scenarios"
	"github.com/trunksim/trunksim/sim"
	"github.com/trunksim/trunksim/sim/experiment"
)

// Sharding a study over machines. With -shard K/N, run, compare, sweep,
// sensitivity and robustness go through their work as usual, but every
// ensemble runs only shard K's share of its replications (sim.Shard.Span),
// kept exactly as a sim.Part; instead of the outputs, the command writes
// the parts to one shard file. `trunksim merge` reads the N files and runs
// the same command again with a study that hands back, for each ensemble,
// the parts joined: the command's analysis and outputs then see exactly
// the ensembles one process would have made, so the files it writes are
// the same bytes. Nothing in the commands knows which it is in, past
// loading scenarios and making ensembles through the study.

// study is a command's share of a sharded study (path set: file.Shard is
// the shard) or the merge of one (replay set); nil for a plain command.
type study struct {
	path string // the shard file to write
	file output.ShardFile
	// replay is, for each ensemble the command makes, in order, every
	// shard's part of it; next is the next ensemble's index.
	replay [][]*sim.Part
	next   int
	loads  int // scenarios loaded so far, checked against file.Loads
}

// merging reports whether the study is a merge's replay.
func (st *study) merging() bool { return st != nil && st.replay != nil }

type studyKey struct{}

// withStudy is ctx carrying the study merge replays a command in.
func withStudy(ctx context.Context, st *study) context.Context {
	return context.WithValue(ctx, studyKey{}, st)
}

func studyOf(ctx context.Context) *study {
	st, _ := ctx.Value(studyKey{}).(*study)
	return st
}

// registerShard adds -shard, for the commands a study can shard.
func (f *runFlags) registerShard(fs *flag.FlagSet) {
	fs.StringVar(&f.shardFlag, "shard", "", "run only shard K of N (K from 0 to N-1) and write its partial result to -out, a file, for `trunksim merge`")
}

// parseShard reads -shard K/N.
func parseShard(s string) (sim.Shard, error) {
	k, n, ok := strings.Cut(s, "/")
	ki, err1 := strconv.Atoi(strings.TrimSpace(k))
	ni, err2 := strconv.Atoi(strings.TrimSpace(n))
	if !ok || err1 != nil || err2 != nil || ni < 1 || ni > maxShards || ki < 0 || ki >= ni {
		return sim.Shard{}, usagef("-shard must be K/N with N from 1 to %d and K from 0 to N-1 (shard 0/4 is the first of four), got %q", maxShards, s)
	}
	return sim.Shard{K: ki, N: ni}, nil
}

// maxShards bounds -shard's N: far more machines than any study needs.
const maxShards = 100_000

// parseStudy is parse for a command that can be sharded: with -shard,
// -out names the shard file (out/COMMAND-K-of-N.part by default) rather
// than a directory; inside merge, the command replays the shards' study.
func (o *outFlags) parseStudy(ctx context.Context, fs *flag.FlagSet, args []string, f *runFlags) (string, []string, error) {
	name := fs.Name()
	ref, err := parseScenarioArgs(fs, args, f)
	if err != nil {
		return "", nil, err
	}
	fmts, err := o.formats()
	if err != nil {
		return "", nil, err
	}
	if f.shardFlag == "" {
		f.study = studyOf(ctx)
		return ref, fmts, checkOut(o.dir)
	}
	if studyOf(ctx) != nil {
		return "", nil, usagef("a merge replays a study: -shard is not for it")
	}
	shard, err := parseShard(f.shardFlag)
	if err != nil {
		return "", nil, err
	}
	path := o.dir
	if !flagGiven(fs, "out") {
		path = filepath.Join(filepath.Dir(o.dir), fmt.Sprintf("%s-%d-of-%d%s", name, shard.K, shard.N, output.ShardExt))
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return "", nil, usagef("-out %s is a directory: with -shard, -out names the shard file to write, such as %s", path,
			filepath.Join(path, fmt.Sprintf("%d%s", shard.K, output.ShardExt)))
	}
	if fi, err := os.Stat(filepath.Dir(path)); err != nil || !fi.IsDir() {
		return "", nil, usagef("-out %s: its directory %s does not exist", path, filepath.Dir(path))
	}
	f.study = &study{path: path, file: output.ShardFile{
		Version: Version, Command: name, Args: withoutFlags(args, "shard", "out"), Shard: shard, Sources: map[string][]byte{}}}
	return ref, fmts, nil
}

// flagGiven reports whether the command line set the flag.
func flagGiven(fs *flag.FlagSet, name string) bool {
	given := false
	fs.Visit(func(fl *flag.Flag) { given = given || fl.Name == name })
	return given
}

// withoutFlags is args without the named flags and their values, given as
// -name value, -name=value or with two dashes.
func withoutFlags(args []string, names ...string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return append(out, args[i:]...)
		}
		name, hasValue := strings.CutPrefix(a, "--")
		if !hasValue {
			name, hasValue = strings.CutPrefix(a, "-")
		}
		name, _, inline := strings.Cut(name, "=")
		if hasValue && len(name) > 0 && slices.Contains(names, name) {
			if !inline {
				i++ // the value
			}
			continue
		}
		out = append(out, a)
	}
	return out
}

// load is scenarios.Load through the study: a shard records what it
// loaded, a merge loads the scenario files from the shards.
func (f *runFlags) load(ref string, sets ...string) (*scenarios.Scenario, error) {
	return f.study.load(ref, true, sets)
}

// loadBase is scenarios.LoadBase through the study.
func (f *runFlags) loadBase(ref string, sets ...string) (*scenarios.Scenario, error) {
	return f.study.load(ref, false, sets)
}

func (st *study) load(ref string, variants bool, sets []string) (*scenarios.Scenario, error) {
	load, parse := scenarios.Load, scenarios.Parse
	if !variants {
		load, parse = scenarios.LoadBase, scenarios.ParseBase
	}
	if st == nil {
		return load(ref, sets...)
	}
	var s *scenarios.Scenario
	var err error
	if src, ok := st.file.Sources[ref]; ok && st.merging() {
		s, err = parse(ref, src, sets...)
	} else {
		s, err = load(ref, sets...)
	}
	if err != nil {
		return nil, err
	}
	if !st.merging() {
		if scenarios.IsFile(ref) {
			st.file.Sources[ref] = s.Source
		}
		st.file.Loads = append(st.file.Loads, s.Hash())
		return s, nil
	}
	if st.loads >= len(st.file.Loads) || st.file.Loads[st.loads] != s.Hash() {
		return nil, fmt.Errorf("%s is not the scenario the shards loaded (their study differs from this command's)", ref)
	}
	st.loads++
	return s, nil
}

// replicator is how the command makes its ensembles: through its study,
// if any, else with the plan's own Replicate.
func (f *runFlags) replicator() experiment.Replicator {
	if f.study == nil {
		return experiment.Direct
	}
	return f.study.replicate
}

// replicate makes an ensemble of p: a shard runs its share and keeps the
// part; a merge joins the shards' parts of this ensemble.
func (st *study) replicate(ctx context.Context, p *sim.Plan, o sim.Options) (*sim.Ensemble, error) {
	if !st.merging() {
		o.Shard = st.file.Shard
		if prog := o.Progress; prog != nil { // counted as a share of the whole
			from, to := o.Shard.Span(o.Runs)
			runs := max(1, to-from)
			o.Progress = func(done, _ int) { prog(done*o.Runs/runs, o.Runs) }
		}
		e, err := p.Replicate(ctx, o)
		if err == nil {
			st.file.Parts = append(st.file.Parts, e.Part())
		}
		return e, err
	}
	i := st.next
	st.next++
	if i >= len(st.replay) {
		return nil, fmt.Errorf("the shards hold %d ensembles and this command makes more", len(st.replay))
	}
	parts := st.replay[i]
	if q := parts[0]; q.Seed != o.Seed || q.Runs != o.Runs || q.OutcomesOnly != o.OutcomesOnly {
		return nil, fmt.Errorf("ensemble %d: the shards ran seed %d, %d runs; this command asks seed %d, %d runs", i+1, q.Seed, q.Runs, o.Seed, o.Runs)
	}
	e, err := p.Join(ctx, parts)
	if err == nil && o.Progress != nil {
		o.Progress(o.Runs, o.Runs)
	}
	return e, err
}

// sharding reports whether the command runs one shard of a study: once
// its ensembles are made, it writes the shard file (writeShard) instead
// of drawing outputs that are merge's to make.
func (f *runFlags) sharding() bool { return f.study != nil && !f.study.merging() }

// writeShard writes the shard file of a sharded command and says so.
func (f *runFlags) writeShard(ctx context.Context, stdout io.Writer) error {
	st := f.study
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := output.WriteShard(st.path, &st.file); err != nil {
		return fmt.Errorf("-out: %w", err)
	}
	from, to := st.file.Shard.Span(f.runs)
	_, err := fmt.Fprintf(stdout, "Shard %s of %s: runs %d to %d of each of %d ensembles, in %s.\nWhen every shard is done: trunksim merge -out DIR PARTS...\n",
		st.file.Shard, st.file.Command, from, to-1, len(st.file.Parts), st.path)
	return err
}

// finish is the package's finish for a command that can be sharded: a
// merge first checks that the command used every ensemble and scenario
// the shards made.
func (o *outFlags) finish(ctx context.Context, f *runFlags, meta output.Meta, files []output.File) ([]output.File, error) {
	if st := f.study; st.merging() && (st.next != len(st.replay) || st.loads != len(st.file.Loads)) {
		return nil, fmt.Errorf("the shards made %d ensembles of %d scenarios; this command made %d of %d: their study differs from this command's",
			len(st.replay), len(st.file.Loads), st.next, st.loads)
	}
	return finish(ctx, o.dir, meta, files)
}

const mergeExamples = `  trunksim sweep -shard 0/2 -out sweep-0.part -vary policy.threshold=4..12:2 uber-hypergrowth
  trunksim sweep -shard 1/2 -out sweep-1.part -vary policy.threshold=4..12:2 uber-hypergrowth
  trunksim merge -out out/sweep sweep-*.part

  parallel trunksim compare -runs 4000 -shard {}/8 -out parts/{}.part uber-hypergrowth ::: $(seq 0 7)
  # then: trunksim merge -out out/compare parts/*.part

The merged outputs are byte for byte those of the command run in one
process without -shard (here: with -out out/sweep). Every shard must be
there once, made by the same trunksim, command, flags and scenario.
`

// mergeCmd combines the shard files of one study into its outputs.
func mergeCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("merge", "merge [-out DIR] PARTS...", mergeExamples, stderr)
	out := fs.String("out", "", "directory for the outputs (default: the command's own, such as out/sweep)")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usagef("give the shard files to merge, such as parts/*%s", output.ShardExt)
	}
	var files []*output.ShardFile
	for _, p := range pos {
		sf, err := output.ReadShard(p)
		if err != nil {
			return usageError{err}
		}
		if len(files) > 0 {
			if why := output.SameStudy(files[0], sf); why != "" {
				return usagef("%s and %s are not shards of one study: they are %s", pos[0], p, why)
			}
		}
		files = append(files, sf)
	}
	head := files[0]
	if head.Version != Version {
		return usagef("%s was made by trunksim %s; this is %s: merge with the trunksim that ran the shards", pos[0], head.Version, Version)
	}
	seen := make([]string, head.Shard.N)
	for i, sf := range files {
		if prev := seen[sf.Shard.K]; prev != "" {
			return usagef("%s and %s are both shard %s", prev, pos[i], sf.Shard)
		}
		seen[sf.Shard.K] = pos[i]
	}
	var missing []string
	for k, p := range seen {
		if p == "" {
			missing = append(missing, strconv.Itoa(k))
		}
	}
	if len(missing) > 0 {
		return usagef("%d of %d shards missing: shard %s/%d (K counts from 0)", len(missing), head.Shard.N, strings.Join(missing, ", "), head.Shard.N)
	}
	c, ok := commandNamed(head.Command)
	if !ok || !c.shardable {
		return usagef("%s is a shard of %q, which merge cannot replay", pos[0], head.Command)
	}
	st := &study{file: *head, replay: make([][]*sim.Part, len(head.Parts))}
	for i := range st.replay {
		for _, sf := range files {
			st.replay[i] = append(st.replay[i], sf.Parts[i])
		}
	}
	cargs := head.Args
	if *out != "" {
		cargs = append(append([]string(nil), cargs...), "-out", *out)
	}
	fmt.Fprintf(stderr, "merging %d shards of trunksim %s %s\n", head.Shard.N, head.Command, strings.Join(head.Args, " "))
	return c.run(withStudy(ctx, st), cargs, stdout, stderr)
}

// commandNamed is the command called name.
func commandNamed(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}
