package scenarios

import (
	"strings"
	"testing"
)

// Every key named in words is a key of the schema, and a name reads with
// its unit, its domain or team, or stays the key when it has none.
func TestWords(t *testing.T) {
	known := map[string]bool{}
	for _, k := range Schema() {
		known[k.Path] = true
	}
	for k := range names {
		if !known[k] {
			t.Errorf("names has %s, which is no key of the schema", k)
		}
		if w := Words(k); w == k || strings.Contains(w, "%") && !strings.Contains(w, "% ") && !strings.HasSuffix(w, "%") {
			t.Errorf("Words(%s) = %q", k, w)
		}
	}
	for key, want := range map[string]string{
		"company.engineers.annual_pct": "company growth, % a year",
		"domains.storage.base_hours":   "storage: work at the start, hours a week",
		"domains[].effort_weeks":       "every domain: effort to automate, weeks of demand",
		"teams.operations.engineers":   "operations: headcount at the start, engineers",
		"policy.threshold":             "split threshold, engineers",
		"policy.name":                  "policy.name",
		"people.no_such_key":           "people.no_such_key",
	} {
		if got := Words(key); got != want {
			t.Errorf("Words(%s) = %q, want %q", key, got, want)
		}
	}
	if got := Name("domains.storage.base_hours"); got != "storage: work at the start" {
		t.Errorf("Name(domains.storage.base_hours) = %q", got)
	}
}
