package sim

import (
	"context"
	"math"
	"reflect"
	"testing"
)

// Shards tile the replications: every run in exactly one shard, each
// shard within one run of runs/N, whatever N and runs.
func TestShardSpansTile(t *testing.T) {
	for _, runs := range []int{1, 2, 7, 200, 1001} {
		for _, n := range []int{1, 2, 3, 4, 9, 250} {
			at := 0
			for k := range n {
				from, to := Shard{k, n}.Span(runs)
				if from != at || to < from || to-from > runs/n+1 || to-from < runs/n {
					t.Fatalf("runs %d, shard %d/%d: span %d..%d after %d", runs, k, n, from, to, at)
				}
				at = to
			}
			if at != runs {
				t.Fatalf("runs %d, %d shards end at %d", runs, n, at)
			}
		}
	}
}

// An ensemble put together from its shards' parts, each encoded and
// decoded as a shard's file carries it, is the ensemble one process makes:
// the same series quantiles, outcomes to the bit, and first run. It holds
// with full series and outcomes only, with more shards than runs (empty
// parts), and whatever the workers.
func TestJoinedShardsAreTheWhole(t *testing.T) {
	p := mustPlan(t, testConfig())
	ctx := context.Background()
	for _, tc := range []struct {
		runs, shards, workers int
		outcomesOnly          bool
	}{
		{37, 4, 2, false},
		{37, 4, 1, true},
		{5, 8, 2, false},
		{1, 3, 1, false},
	} {
		whole, err := p.Replicate(ctx, Options{Runs: tc.runs, Seed: 9, Workers: 2, OutcomesOnly: tc.outcomesOnly})
		if err != nil {
			t.Fatal(err)
		}
		var parts []*Part
		for k := tc.shards - 1; k >= 0; k-- { // any order
			e, err := p.Replicate(ctx, Options{Runs: tc.runs, Seed: 9, Workers: tc.workers, OutcomesOnly: tc.outcomesOnly, Shard: Shard{k, tc.shards}})
			if err != nil {
				t.Fatal(err)
			}
			b, err := e.Part().MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			var q Part
			if err := q.UnmarshalBinary(b); err != nil {
				t.Fatalf("shard %d/%d: %v", k, tc.shards, err)
			}
			parts = append(parts, &q)
		}
		joined, err := p.Join(ctx, parts)
		if err != nil {
			t.Fatal(err)
		}
		if joined.Runs != whole.Runs || len(joined.Series) != len(whole.Series) {
			t.Fatalf("%+v: joined %d runs, %d series; whole %d, %d", tc, joined.Runs, len(joined.Series), whole.Runs, len(whole.Series))
		}
		if !tc.outcomesOnly && len(whole.Series) == 0 {
			t.Fatalf("%+v: no series to compare", tc)
		}
		for i := range whole.Series {
			if !sameBits(whole.Series[i], joined.Series[i]) {
				t.Fatalf("%+v: series %v differs", tc, whole.Series[i].Key)
			}
		}
		for _, o := range Outcomes() {
			if !sameBits(whole.Values(o), joined.Values(o)) || !sameBits(whole.Outcome(o), joined.Outcome(o)) {
				t.Fatalf("%+v: outcome %v differs", tc, o)
			}
		}
		if !reflect.DeepEqual(whole.First.Events, joined.First.Events) || !sameBits(whole.First.Outcome, joined.First.Outcome) {
			t.Fatalf("%+v: first run differs", tc)
		}
	}
}

// Join refuses parts that do not make one ensemble: a shard missing, one
// twice, or parts of another seed.
func TestJoinRefusesMismatchedParts(t *testing.T) {
	p := mustPlan(t, testConfig())
	ctx := context.Background()
	part := func(k, n int, seed uint64) *Part {
		e, err := p.Replicate(ctx, Options{Runs: 12, Seed: seed, Workers: 1, OutcomesOnly: true, Shard: Shard{k, n}})
		if err != nil {
			t.Fatal(err)
		}
		return e.Part()
	}
	for name, parts := range map[string][]*Part{
		"missing":    {part(0, 3, 1), part(2, 3, 1)},
		"twice":      {part(0, 2, 1), part(0, 2, 1), part(1, 2, 1)},
		"other seed": {part(0, 2, 1), part(1, 2, 2)},
		"none":       nil,
	} {
		if _, err := p.Join(ctx, parts); err == nil {
			t.Errorf("%s: joined", name)
		}
	}
}

// A damaged part is refused, never a panic: every truncation of a real
// part, and its bytes flipped one at a time.
func TestPartDecodeRefusesDamage(t *testing.T) {
	p := mustPlan(t, testConfig())
	e, err := p.Replicate(context.Background(), Options{Runs: 3, Seed: 1, Workers: 1, Shard: Shard{0, 2}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := e.Part().MarshalBinary()
	step := max(1, len(b)/500)
	for n := 0; n < len(b); n += step {
		var q Part
		if q.UnmarshalBinary(b[:n]) == nil {
			t.Fatalf("a part cut at %d of %d bytes decoded", n, len(b))
		}
	}
	for i := 0; i < len(b); i += step {
		d := append([]byte(nil), b...)
		d[i] ^= 0xA5
		var q Part
		_ = q.UnmarshalBinary(d) // may decode to other numbers; must not panic
	}
}

// FuzzPart decodes anything without a panic, and a part it accepts
// encodes to bytes that decode again to the same encoding.
func FuzzPart(f *testing.F) {
	p := mustPlan(&testing.T{}, testConfig())
	e, err := p.Replicate(context.Background(), Options{Runs: 2, Seed: 1, Workers: 1, Shard: Shard{0, 3}})
	if err != nil {
		f.Fatal(err)
	}
	b, _ := e.Part().MarshalBinary()
	f.Add(b)
	f.Add(b[:len(b)/3])
	f.Fuzz(func(t *testing.T, b []byte) {
		var q Part
		if q.UnmarshalBinary(b) != nil {
			return
		}
		again, _ := q.MarshalBinary()
		var r Part
		if err := r.UnmarshalBinary(again); err != nil {
			t.Fatalf("a decoded part encodes to bytes that do not decode: %v", err)
		}
		twice, _ := r.MarshalBinary()
		if string(twice) != string(again) {
			t.Fatal("a part's encoding changes when decoded and encoded again")
		}
	})
}

// sameBits compares values, NaNs included, by their bits.
func sameBits(a, b any) bool {
	return reflect.DeepEqual(bitsOf(reflect.ValueOf(a)), bitsOf(reflect.ValueOf(b)))
}

func bitsOf(v reflect.Value) any {
	switch v.Kind() {
	case reflect.Float64:
		return math.Float64bits(v.Float())
	case reflect.Slice, reflect.Array:
		out := make([]any, v.Len())
		for i := range out {
			out[i] = bitsOf(v.Index(i))
		}
		return out
	case reflect.Struct:
		out := make([]any, v.NumField())
		for i := range out {
			out[i] = bitsOf(v.Field(i))
		}
		return out
	}
	return v.Interface()
}

// The head of an ensemble is the ensemble of fewer runs: the same outcomes
// to the bit as Replicate of that many runs outcomes-only.
func TestHeadIsFewerRuns(t *testing.T) {
	p := mustPlan(t, testConfig())
	ctx := context.Background()
	all, err := p.Replicate(ctx, Options{Runs: 12, Seed: 4, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	few, err := p.Replicate(ctx, Options{Runs: 5, Seed: 4, Workers: 1, OutcomesOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	h, err := all.Head(5)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range Outcomes() {
		if !sameBits(h.Values(o), few.Values(o)) || !sameBits(h.Outcome(o), few.Outcome(o)) {
			t.Fatalf("outcome %v differs", o)
		}
	}
	if h.Runs != 5 || h.Seed != 4 || h.First != all.First {
		t.Errorf("head: %d runs, seed %d", h.Runs, h.Seed)
	}
}
