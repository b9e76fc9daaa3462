package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// A study run as four shards, each in a process of its own as a batch
// engine would run them, and merged once the scenario file is gone (as on
// another machine), gives the same bytes as the study run in one process,
// file for file, for each command -shard serves. The shards' files are
// given to merge out of order.
func TestShardsMergeToTheWhole(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1767225600")
	src, err := os.ReadFile("../../examples/acme.toml")
	if err != nil {
		t.Fatal(err)
	}
	const scenario = "SCENARIO" // the subtest's own copy of acme.toml
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"run", []string{"run", "-runs", "23", "-weeks", "60", "uber-hypergrowth"}},
		{"compare", []string{"compare", "-runs", "9", "-weeks", "40", "-policy", "centralized", "-policy", "trunk-and-branches", scenario}},
		{"sweep", []string{"sweep", "-runs", "6", "-weeks", "40", "-vary", "policy.threshold=5..7:1", scenario}},
		{"sensitivity", []string{"sensitivity", "-runs", "5", "-weeks", "40", "-params", "policy.threshold,budget.cap_pct", "steady-growth"}},
		{"robustness", []string{"robustness", "-runs", "3", "-weeks", "40", "-assumptions", "people.span", "steady-growth"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			file := filepath.Join(dir, "acme.toml")
			if err := os.WriteFile(file, src, 0o644); err != nil {
				t.Fatal(err)
			}
			args := slices.Clone(tc.args)
			if i := slices.Index(args, scenario); i >= 0 {
				args[i] = file
			}
			whole := filepath.Join(dir, "whole")
			if code, _, errs := trunksim(t, append(slices.Clone(args), "-out", whole)...); code != 0 {
				t.Fatalf("unsharded: exit %d: %s", code, errs)
			}
			var parts []string
			for _, k := range []string{"2", "0", "3", "1"} {
				part := filepath.Join(dir, k+".part")
				process(t, append(slices.Clone(args), "-shard", k+"/4", "-out", part)...)
				parts = append(parts, part)
			}
			os.Remove(file) // merge reads the scenario from the shards
			merged := filepath.Join(dir, "merged")
			code, out, errs := trunksim(t, append([]string{"merge", "-out", merged}, parts...)...)
			if code != 0 {
				t.Fatalf("merge: exit %d: %s", code, errs)
			}
			if !strings.Contains(out, "Wrote") {
				t.Errorf("merge printed no summary:\n%s", out)
			}
			want, _ := folder(t, whole)
			got, _ := folder(t, merged)
			if len(want) < 3 {
				t.Fatalf("the unsharded command wrote only %d files", len(want))
			}
			for name, b := range want {
				if !bytes.Equal(got[name], b) {
					t.Errorf("%s differs from the unsharded command's (%d bytes, %d merged)", name, len(b), len(got[name]))
				}
			}
			for name := range got {
				if _, ok := want[name]; !ok {
					t.Errorf("merge wrote %s, which the unsharded command did not", name)
				}
			}
		})
	}
}

// Merge refuses what is not one whole study, saying what is wrong and
// writing nothing: a shard missing, one twice, shards of different
// studies, a file that is not a shard's; and -shard refuses a bad K/N or
// a directory for -out.
func TestMergeRefusesWhatIsNotOneStudy(t *testing.T) {
	dir := t.TempDir()
	part := func(name string, args ...string) string {
		p := filepath.Join(dir, name)
		if code, _, errs := trunksim(t, append(args, "-out", p)...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
		return p
	}
	base := []string{"run", "-runs", "4", "-weeks", "20", "steady-growth"}
	s0 := part("0.part", append(slices.Clone(base), "-shard", "0/3")...)
	s1 := part("1.part", append(slices.Clone(base), "-shard", "1/3")...)
	s2 := part("2.part", append(slices.Clone(base), "-shard", "2/3")...)
	other := part("other.part", "run", "-runs", "4", "-weeks", "21", "steady-growth", "-shard", "2/3")
	junk := filepath.Join(dir, "junk.part")
	os.WriteFile(junk, []byte("not a shard"), 0o644)
	cut := filepath.Join(dir, "cut.part")
	b, _ := os.ReadFile(s2)
	os.WriteFile(cut, b[:len(b)/2], 0o644)
	out := filepath.Join(dir, "out")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"merge", "-out", out, s0, s1}, "missing: shard 2/3"},
		{[]string{"merge", "-out", out, s0, s1, s1, s2}, "both shard 1/3"},
		{[]string{"merge", "-out", out, s0, s1, other}, "not shards of one study"},
		{[]string{"merge", "-out", out, s0, s1, junk}, "not a trunksim shard file"},
		{[]string{"merge", "-out", out, s0, s1, cut}, "damaged"},
		{[]string{"merge", "-out", out}, "give the shard files"},
		{append(slices.Clone(base), "-shard", "3/3"), "K from 0 to N-1"},
		{append(slices.Clone(base), "-shard", "two"), "-shard must be K/N"},
		{append(slices.Clone(base), "-shard", "0/2", "-out", dir), "is a directory"},
	} {
		code, _, errs := trunksim(t, tc.args...)
		if code != 2 || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: exit %d, want 2 and %q:\n%s", tc.args, code, tc.want, errs)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a refused merge wrote %s", out)
	}
	if code, _, errs := trunksim(t, "merge", "-out", out, s2, s0, s1); code != 0 {
		t.Errorf("the three shards: exit %d: %s", code, errs)
	}
}

// withoutFlags drops the named flags in every spelling, and their values.
func TestWithoutFlags(t *testing.T) {
	got := withoutFlags([]string{"-runs", "5", "-shard", "1/4", "--out=x", "-out", "y", "s.toml", "-shard=0/2", "-set", "a=b"}, "shard", "out")
	want := []string{"-runs", "5", "s.toml", "-set", "a=b"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
