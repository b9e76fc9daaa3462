package sim

import (
	"context"
	"fmt"
	"testing"
)

func TestZZColumnKinds(t *testing.T) {
	p := mustPlan(t, testConfig())
	_ = p
	e, err := p.Replicate(context.Background(), Options{Runs: 3000, Seed: 1, Workers: 2, OutcomesOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for o := range e.outcomes.cols {
		c := &e.outcomes.cols[o]
		k, b := "?", 0
		switch {
		case c.raw != nil:
			k, b = "raw", 8
		case c.split != nil:
			k, b = "split", 7
		case c.c16 != nil:
			k, b = "c16", 2
		case c.c8 != nil:
			k, b = "c8", 1
		}
		total += b
		fmt.Println(Outcome(o), k, len(c.dict))
	}
	fmt.Println("bytes/run", total)
}
