package sim_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/trunksim/trunksim/scenarios"
	"github.com/trunksim/trunksim/sim"
)

func TestCal(t *testing.T) {
	if os.Getenv("CAL") == "" {
		t.Skip()
	}
	sets := strings.Fields(os.Getenv("SETS"))
	vars := []string{"policy.name=centralized", "policy.name=trunk-and-branches", "policy.name=fragmented", "policy.name=trunk-share"}
	if v := os.Getenv("VARIANTS"); v != "" {
		vars = strings.Split(v, ";")
	}
	for _, pol := range vars {
		s, err := scenarios.Load(os.Getenv("CAL"), append(strings.Fields(pol), sets...)...)
		if err != nil {
			t.Fatal(err)
		}
		p, _ := sim.NewPlan(&s.Config)
		e, _ := p.Replicate(context.Background(), sim.Options{Runs: 100, Seed: 1})
		fmt.Printf("== %s\n", pol)
		for _, n := range sim.OutcomeNames {
			q := e.Outcome(n)
			fmt.Printf("  %-24s %10.2f %10.2f %10.2f  mean %10.2f\n", n, q.P10, q.P50, q.P90, q.Mean)
		}
		if os.Getenv("SERIES") != "" {
			for _, m := range strings.Split(os.Getenv("SERIES"), ",") {
				st := e.Stats(m, "")
				fmt.Printf("  %s:", m)
				for w := 0; w < e.Weeks; w += 13 {
					fmt.Printf(" %.2f", st.Weeks[w].P50)
				}
				fmt.Println()
			}
		}
		if os.Getenv("EVENTS") != "" {
			for _, ev := range e.First.Events {
				if ev.Kind != "hiring" {
					fmt.Printf("   week %d: %s\n", ev.Week, ev.Text)
				}
			}
		}
	}
}
