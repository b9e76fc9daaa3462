// Package experiment runs a scenario's variants on common random numbers
// and holds what experiments conclude from them: the comparison of
// variants with every paired difference and the ranking, the points of a
// sweep, and the swings of a sensitivity analysis. It knows neither TOML
// nor flags: callers build each variant's sim.Config, and writers only
// format what this package computed once.
package experiment

import (
	"context"
	"fmt"

	"github.com/trunksim/trunksim/sim"
)

// Variant is one arm of an experiment: a name for people, the overrides
// that made it (for provenance), and the configuration it runs.
type Variant struct {
	Name   string
	Sets   []string
	Config *sim.Config
}

// Options control the replications of an experiment.
type Options struct {
	Runs    int
	Seed    uint64
	Workers int // 0: every core
	// OutcomesOnly skips the weekly series, for experiments that read only
	// the per-run outcomes.
	OutcomesOnly bool
	// Progress, if set, is called with the runs done so far across the
	// whole experiment and their total.
	Progress func(done, total int)
	// Replicate, if set, makes each ensemble instead of the plan's own
	// Replicate: a sharded command runs its share of every ensemble
	// through it, and merge hands back the ensembles the shards made.
	Replicate Replicator
}

// Replicator makes an ensemble of a plan, as sim.Plan.Replicate does.
type Replicator func(ctx context.Context, p *sim.Plan, o sim.Options) (*sim.Ensemble, error)

// Direct is the Replicator that runs the plan's own Replicate.
func Direct(ctx context.Context, p *sim.Plan, o sim.Options) (*sim.Ensemble, error) {
	return p.Replicate(ctx, o)
}

// Result is a variant with its replications.
type Result struct {
	Variant
	Plan     *sim.Plan // the plan the runs came from
	Ensemble *sim.Ensemble
}

// Run replicates every variant, one after another and each over all
// workers, on common random numbers: replication i of every variant is
// seeded with (Seed, i), so that differences between variants come from
// the variants, not from luck. Every plan is built before anything runs,
// so that a variant the model rejects is reported at once.
func Run(ctx context.Context, vs []Variant, o Options) ([]Result, error) {
	plans := make([]*sim.Plan, len(vs))
	for i, v := range vs {
		p, err := sim.NewPlan(v.Config)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", v.Name, err)
		}
		plans[i] = p
	}
	out := make([]Result, len(vs))
	total := o.Runs * len(vs)
	for i, p := range plans {
		offset := i * o.Runs
		so := sim.Options{Runs: o.Runs, Seed: o.Seed, Workers: o.Workers, OutcomesOnly: o.OutcomesOnly}
		if o.Progress != nil {
			so.Progress = func(done, _ int) { o.Progress(offset+done, total) }
		}
		replicate := o.Replicate
		if replicate == nil {
			replicate = Direct
		}
		e, err := replicate(ctx, p, so)
		if err != nil {
			return nil, err
		}
		out[i] = Result{Variant: vs[i], Plan: p, Ensemble: e}
	}
	return out, nil
}
