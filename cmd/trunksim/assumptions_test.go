package main

import (
	"strings"
	"testing"

	"github.com/trunksim/trunksim/scenarios"
)

// The assumptions page lists what every variant shares and the defaults
// do not, each value with its unit once: a three-policy deck does not
// list the policy, which is what it compares.
func TestDeckAssumptions(t *testing.T) {
	var scs []*scenarios.Scenario
	for _, p := range []string{"centralized", "trunk-and-branches", "fragmented"} {
		s, err := scenarios.LoadBase("uber-hypergrowth", "policy.name="+p)
		if err != nil {
			t.Fatal(err)
		}
		scs = append(scs, s)
	}
	lines := strings.Join(deckAssumptions(scs), "\n")
	for _, want := range []string{
		"company.engineers: 200, logistic from 400% a year toward 3,000 (default 200, 30% a year)\n",
		"teams.operations: 5 engineers; domains compute, networking, messaging, metrics-alerting, service-provisioning, incident-response, secrets-iam, dns-edge; the trunk\n",
		"domains.compute: driver usage; base_hours 18 hours a week; fixed_hours 4 hours a week; automation 40%; fire_factor 8x; commodity\n",
		"budget.cap_pct: 12% of product engineers (default 10% of product engineers)",
	} {
		if !strings.Contains(lines, want) {
			t.Errorf("assumptions lack %q:\n%s", want, lines)
		}
	}
	if strings.Contains(lines, "policy.name") {
		t.Errorf("a three-policy deck lists the policy as an assumption:\n%s", lines)
	}
	if one := strings.Join(deckAssumptions(scs[:1]), "\n"); !strings.Contains(one, "policy.name: centralized (default trunk-and-branches)") {
		t.Errorf("a one-policy deck does not list its policy:\n%s", one)
	}
}
