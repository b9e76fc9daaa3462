package sim_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/trunksim/trunksim/scenarios"
	"github.com/trunksim/trunksim/sim"
)

// The benchmarks run uber-hypergrowth over 260 weeks. The machine they run
// on may be shared: besides wall time (ns/op, runs/s) they report the CPU
// each run took (user and system time of the whole process, garbage
// collection included) and the load average beside it, so that a slow
// figure on a busy machine can be told from a slow engine.

// TestMain lets a benchmark measure a process of its own: with
// TRUNKSIM_BENCH_RUNS=N the test binary replicates N runs outcomes-only
// with two workers, summarises every outcome, prints its CPU time and
// exits, and the benchmark reads its peak resident memory.
func TestMain(m *testing.M) {
	if n := os.Getenv("TRUNKSIM_BENCH_RUNS"); n != "" {
		runs, err := strconv.Atoi(n)
		if err != nil {
			panic(err)
		}
		debug.SetGCPercent(25) // as cmd/trunksim does
		p := plan(nil, "trunk-and-branches")
		e, err := p.Replicate(context.Background(), sim.Options{Runs: runs, Seed: 1, Workers: 2, OutcomesOnly: true})
		if err != nil {
			panic(err)
		}
		for _, o := range sim.Outcomes() {
			e.Outcome(o)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func plan(b *testing.B, policy string, sets ...string) *sim.Plan {
	s, err := scenarios.Load("uber-hypergrowth", append([]string{"weeks=260", "policy.name=" + policy}, sets...)...)
	if err == nil {
		var p *sim.Plan
		if p, err = sim.NewPlan(&s.Config); err == nil {
			return p
		}
	}
	if b == nil {
		panic(err)
	}
	b.Fatal(err)
	return nil
}

// cpuTime is the CPU the process has used so far, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// load1 is the machine's load average over the last minute.
func load1() float64 {
	b, _ := os.ReadFile("/proc/loadavg")
	f, _ := strconv.ParseFloat(strings.Fields(string(b) + " 0")[0], 64)
	return f
}

// measured reports, for runs done in wall time d with the CPU time cpu,
// runs/s, the CPU per run and the load average.
func measured(b *testing.B, runs int, d, cpu time.Duration) {
	b.ReportMetric(float64(runs)/d.Seconds(), "runs/s")
	b.ReportMetric(cpu.Seconds()*1e3/float64(runs), "cpu-ms/run")
	b.ReportMetric(load1(), "load1")
}

// BenchmarkRun is one replication of each policy, on its own: ns/op is the
// wall time of a run, cpu-ms/run its CPU.
func BenchmarkRun(b *testing.B) {
	for _, pol := range []string{"trunk-and-branches", "centralized", "fragmented"} {
		b.Run(pol, func(b *testing.B) {
			p := plan(b, pol)
			var i uint64
			cpu, start := cpuTime(), time.Now()
			for b.Loop() {
				p.Run(1, i)
				i++
			}
			measured(b, b.N, time.Since(start), cpuTime()-cpu)
		})
	}
}

// replicate runs Replicate once and returns its wall and CPU time.
func replicate(b *testing.B, p *sim.Plan, runs, workers int, outcomesOnly bool) (time.Duration, time.Duration) {
	cpu, start := cpuTime(), time.Now()
	if _, err := p.Replicate(context.Background(), sim.Options{Runs: runs, Seed: 1, Workers: workers, OutcomesOnly: outcomesOnly}); err != nil {
		b.Fatal(err)
	}
	return time.Since(start), cpuTime() - cpu
}

// paths are the two ways replications are summarised: outcomes only (what
// sweeps, sensitivity, robustness and calibration run) and full, with
// every weekly series' bands (what run and compare write).
var paths = []struct {
	name         string
	outcomesOnly bool
}{{"outcomes", true}, {"full", false}}

// BenchmarkReplicate is replications with one and two workers, an op a
// run: runs/s is the throughput goal (4,000 outcomes-only and 2,000 full
// with two workers), cpu-ms/run what each run costs.
func BenchmarkReplicate(b *testing.B) {
	p := plan(b, "trunk-and-branches")
	for _, path := range paths {
		for _, j := range []int{1, 2} {
			b.Run(fmt.Sprintf("%s/j%d", path.name, j), func(b *testing.B) {
				d, cpu := replicate(b, p, b.N, j, path.outcomesOnly)
				measured(b, b.N, d, cpu)
			})
		}
	}
}

const scalingRuns = 2000

// BenchmarkScaling reports how much faster two workers are than one, on
// 2,000 runs, alternating the two so that both see the same load. Beside
// it, to tell the program's scaling from the machine's: x-busy-j2, the
// cores two workers kept busy (CPU over wall time: 2 when neither ever
// waits), and x-cpu-j2, the CPU two workers took over one's for the same
// runs (1 unless sharing the machine slowed each instruction, as a
// neighbour on a hyperthread's other half does).
func BenchmarkScaling(b *testing.B) {
	p := plan(b, "trunk-and-branches")
	for _, path := range paths {
		b.Run(path.name, func(b *testing.B) {
			var one, two, cpu1, cpu2 time.Duration
			for b.Loop() {
				d, cpu := replicate(b, p, scalingRuns, 1, path.outcomesOnly)
				one, cpu1 = one+d, cpu1+cpu
				d, cpu = replicate(b, p, scalingRuns, 2, path.outcomesOnly)
				two, cpu2 = two+d, cpu2+cpu
			}
			b.ReportMetric(one.Seconds()/two.Seconds(), "x-speedup-j2")
			b.ReportMetric(cpu2.Seconds()/two.Seconds(), "x-busy-j2")
			b.ReportMetric(cpu2.Seconds()/cpu1.Seconds(), "x-cpu-j2")
			b.ReportMetric(load1(), "load1")
		})
	}
}

// BenchmarkOrgSize is the cost of a run, series included, of a company
// capped at 2,000 and at 20,000 product engineers (some 60 and 1,600 infra
// engineers at the end), and their ratio.
func BenchmarkOrgSize(b *testing.B) {
	const runs = 100
	small, large := plan(b, "trunk-and-branches", "company.engineers.cap=2000"), plan(b, "trunk-and-branches", "company.engineers.cap=20000")
	var s, l time.Duration
	for b.Loop() {
		_, cpu := replicate(b, small, runs, 1, false)
		s += cpu
		_, cpu = replicate(b, large, runs, 1, false)
		l += cpu
	}
	b.ReportMetric(s.Seconds()*1e3/float64(runs*b.N), "cpu-ms/run-2k")
	b.ReportMetric(l.Seconds()*1e3/float64(runs*b.N), "cpu-ms/run-20k")
	b.ReportMetric(l.Seconds()/s.Seconds(), "x-cost-20k")
	b.ReportMetric(load1(), "load1")
}

// BenchmarkMemory is 100,000 and 1,000,000 outcomes-only runs in a process
// of their own, with two workers: its peak resident memory, its runs/s and
// its CPU per run.
func BenchmarkMemory(b *testing.B) {
	for _, runs := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprintf("%dk", runs/1000), func(b *testing.B) {
			for b.Loop() {
				cmd := exec.Command(os.Args[0], "-test.run", "^$")
				cmd.Env = append(os.Environ(), "TRUNKSIM_BENCH_RUNS="+strconv.Itoa(runs))
				start := time.Now()
				if out, err := cmd.CombinedOutput(); err != nil {
					b.Fatalf("%v\n%s", err, out)
				}
				d := time.Since(start)
				ps := cmd.ProcessState
				b.ReportMetric(float64(ps.SysUsage().(*syscall.Rusage).Maxrss)/1024, "MiB-peak-RSS")
				measured(b, runs, d, ps.UserTime()+ps.SystemTime())
			}
		})
	}
}
