package main

import (
	"strings"
	"testing"
)

func TestParseVary(t *testing.T) {
	tests := []struct {
		in   string
		want string
		err  string
	}{
		{"policy.threshold=4..10:2", "policy.threshold 4 6 8 10", ""},
		{"company.engineers.annual_pct=200..500", "company.engineers.annual_pct 200 275 350 425 500", ""},
		{"allocation.quality_floor=0.5..0.8:0.1", "allocation.quality_floor 0.5 0.6 0.7 0.8", ""},
		{"policy.name=centralized,trunk-and-branches", "policy.name centralized trunk-and-branches", ""},
		{"x=3..3", "x 3", ""},
		{"x=5..1", "", "must not exceed"},
		{"x=a..b", "", "must be numbers"},
		{"x=1..2:0", "", "step must be a number above 0"},
		{"x=0..1000:1", "", "at most 101"},
		{"novalue", "", "expected key=from..to[:step]"},
		// A key that takes whole numbers steps in whole numbers.
		{"policy.threshold=4..10", "policy.threshold 4 5 6 7 8 9 10", ""},
		{"domains.storage.base_hours=4..10", "domains.storage.base_hours 4 5.5 7 8.5 10", ""},
		{"teams.0.engineers=2..4", "teams.0.engineers 2 3 4", ""},
		{"company.engineers.phases[0].weeks=10..12", "company.engineers.phases[0].weeks 10 11 12", ""},
		{"policy.threshold=4..10:1.5", "", `-vary "policy.threshold=4..10:1.5": policy.threshold takes whole numbers, so from, to and step must be whole numbers`},
		{"policy.threshold=4.5..10", "", `-vary "policy.threshold=4.5..10": policy.threshold takes whole numbers, so from, to and step must be whole numbers`},
		{"weeks=1..200", "", `-vary "weeks=1..200": 200 points, at most 101`},
	}
	for _, tt := range tests {
		v, err := parseVary(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%s: error %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if got := v.Key + " " + strings.Join(v.Values, " "); err != nil || got != tt.want {
			t.Errorf("%s: %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}
