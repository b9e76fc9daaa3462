// Package simtest builds the small organizations that tests outside sim
// run: quick to simulate, and shaped like the built-ins (a trunk owning a
// commodity domain and two others, one branch).
package simtest

import "github.com/trunksim/trunksim/sim"

// Org is a company of 100 to 150 product engineers growing annualPct a
// year in engineers and usage, over weeks, with a trunk of trunk engineers
// owning compute (commodity), storage and ci, and a branch of three owning
// observability. baseHours, if above 0, sets every domain's base hours.
func Org(weeks int, start, annualPct float64, trunk int, baseHours float64) sim.Config {
	c := sim.Defaults()
	c.Weeks = weeks
	c.Company.Engineers = sim.Growth{Start: start, Model: sim.Exponential, AnnualPct: annualPct}
	c.Company.Usage = sim.Growth{Start: 1, Model: sim.Exponential, AnnualPct: annualPct}
	for _, n := range []string{"compute", "storage", "ci", "observability"} {
		d := sim.DefaultDomain()
		d.Name = n
		if baseHours > 0 {
			d.BaseHours = baseHours
		}
		c.Domains = append(c.Domains, d)
	}
	c.Domains[0].Commodity = true
	c.Teams = []sim.Team{
		{Name: "core", Engineers: trunk, Domains: []string{"compute", "storage", "ci"}, Trunk: true},
		{Name: "obs", Engineers: 3, Domains: []string{"observability"}},
	}
	return c
}
