package sim

import "testing"

// TestCatalogueComplete checks that every outcome and series is declared,
// with a name no other of its kind and scope has.
func TestCatalogueComplete(t *testing.T) {
	seen := map[string]bool{}
	for _, o := range Outcomes() {
		info := o.Info()
		if info.Name == "" || info.Label == "" || seen[info.Name] {
			t.Errorf("outcome %d: %+v (duplicate: %v)", o, info, seen[info.Name])
		}
		seen[info.Name] = true
		if got, err := OutcomeByName(info.Name); err != nil || got != o {
			t.Errorf("OutcomeByName(%q) = %v, %v", info.Name, got, err)
		}
	}
	if _, err := OutcomeByName("weeks_below"); err == nil {
		t.Error("an unknown outcome name was found")
	}
	byScope := map[Scope]map[string]bool{}
	for m := range NumMetrics {
		info := m.Info()
		if byScope[info.Scope] == nil {
			byScope[info.Scope] = map[string]bool{}
		}
		if info.Name == "" || info.Unit == "" || byScope[info.Scope][info.Name] {
			t.Errorf("series %d: %+v", m, info)
		}
		byScope[info.Scope][info.Name] = true
	}
	if got := orgMetrics[len(orgMetrics)-1]; got != lastOrgMetric {
		t.Errorf("the organization's last series is %v; record writes up to %v", got, lastOrgMetric)
	}
	// A team and a domain may share a name ("storage"), so no team series
	// may share a name with a domain's or an area's: files name a series by
	// metric and subject alone.
	for _, m := range teamMetrics {
		for _, s := range []Scope{DomainScope, AreaScope} {
			if _, err := MetricByName(m.String(), s); err == nil {
				t.Errorf("team series %s shares its name with a series of scope %d", m, s)
			}
		}
	}
	if len(teamMetrics) != numTeamMetrics || teamMetrics[0] != TeamHeadcount {
		t.Errorf("team series %v; record writes %d from TeamHeadcount", teamMetrics, numTeamMetrics)
	}
}
