package sim_test

import (
	"context"
	"testing"
	"time"

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

const benchRuns = 2000

func replicate(b *testing.B, p *sim.Plan, workers int) time.Duration {
	start := time.Now()
	if _, err := p.Replicate(context.Background(), sim.Options{Runs: benchRuns, Seed: 1, Workers: workers}); err != nil {
		b.Fatal(err)
	}
	return time.Since(start)
}

// BenchmarkReplicate is 2,000 replications over 260 weeks, summaries
// included, with one and two workers: runs/s is the throughput goal.
func BenchmarkReplicate(b *testing.B) {
	p := benchPlan(b, "trunk-and-branches")
	for _, j := range []int{1, 2} {
		b.Run(map[int]string{1: "j1", 2: "j2"}[j], func(b *testing.B) {
			var total time.Duration
			for b.Loop() {
				total += replicate(b, p, j)
			}
			b.ReportMetric(float64(benchRuns*b.N)/total.Seconds(), "runs/s")
		})
	}
}

// BenchmarkScaling reports how much faster two workers are than one.
func BenchmarkScaling(b *testing.B) {
	p := benchPlan(b, "trunk-and-branches")
	var one, two time.Duration
	for b.Loop() {
		one += replicate(b, p, 1)
		two += replicate(b, p, 2)
	}
	b.ReportMetric(one.Seconds()/two.Seconds(), "x-speedup-j2")
}
