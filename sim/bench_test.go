package sim_test

import (
	"context"
	"testing"

	"github.com/trunksim/trunksim/scenarios"
	"github.com/trunksim/trunksim/sim"
)

func benchPlan(b *testing.B, policy string) *sim.Plan {
	s, err := scenarios.Load("uber-hypergrowth", "weeks=260", "policy.name="+policy)
	if err != nil {
		b.Fatal(err)
	}
	p, err := sim.NewPlan(&s.Config)
	if err != nil {
		b.Fatal(err)
	}
	return p
}

// BenchmarkRun is one replication of uber-hypergrowth over 260 weeks.
func BenchmarkRun(b *testing.B) {
	for _, pol := range []string{"trunk-and-branches", "centralized", "fragmented"} {
		b.Run(pol, func(b *testing.B) {
			p := benchPlan(b, pol)
			var i uint64
			for b.Loop() {
				p.Run(1, i)
				i++
			}
		})
	}
}

// BenchmarkReplicate is 200 replications with aggregation, per op; the
// runs/s metric is what the experiments issue's throughput goal counts.
func BenchmarkReplicate(b *testing.B) {
	p := benchPlan(b, "trunk-and-branches")
	const runs = 200
	for b.Loop() {
		if _, err := p.Replicate(context.Background(), sim.Options{Runs: runs, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(runs*b.N)/b.Elapsed().Seconds(), "runs/s")
}
