package sim

import (
	"fmt"
	"math"
	"testing"
)

// checkTrace asserts that a run stayed finite and sane: no NaN or Inf where
// a value exists, no negative headcount, shares and levels within 0 and 1,
// and headcount conserved across hires, departures and layoffs.
func checkTrace(t *testing.T, c *Config, tr *Trace) {
	t.Helper()
	unit := map[Metric]bool{TrunkShareOfInfra: true, Quality: true, TrunkQuality: true, Morale: true, InvestShare: true, DomainAutomation: true, DomainQuality: true}
	for i, k := range tr.Keys {
		for w, v := range tr.Values[i] {
			mayBeMissing := k.Subject != "" || k.Metric == TrunkQuality
			if math.IsNaN(v) && mayBeMissing {
				continue
			}
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("%s %q week %d: %v", k.Metric, k.Subject, w, v)
			}
			if v < 0 {
				t.Fatalf("%s %q week %d: negative %v", k.Metric, k.Subject, w, v)
			}
			if unit[k.Metric] && v > 1+1e-9 {
				t.Fatalf("%s %q week %d: %v above 1", k.Metric, k.Subject, w, v)
			}
		}
	}
	for n, v := range tr.Outcome {
		if math.IsInf(v, 0) || math.IsNaN(v) && Outcome(n) != FirstInterventionWeek && Outcome(n) != TrunkLastYearQuality {
			t.Fatalf("outcome %s: %v", Outcome(n), v)
		}
	}
	start := 0
	for _, tm := range c.Teams {
		start += tm.Engineers
	}
	end := tr.Outcome[FinalInfraEngineers]
	if flow := float64(start) + tr.Outcome[Hires] - tr.Outcome[Leavers] - tr.Outcome[Layoffs] - tr.Outcome[TransfersOut]; end != flow {
		t.Fatalf("%v engineers at the end, flows say %v", end, flow)
	}
}

func withDomains(c Config, n int) Config {
	c.Domains = nil
	var names []string
	for i := range n {
		d := DefaultDomain()
		d.Name = fmt.Sprintf("d%02d", i)
		d.Exponent = 0.8 + 0.05*float64(i%10)
		d.Driver = Names["driver"][i%4]
		d.Commodity = i == 0
		c.Domains = append(c.Domains, d)
		names = append(names, d.Name)
	}
	c.Teams = []Team{{Name: "trunk", Engineers: 10, Domains: names, Trunk: true}}
	return c
}

func TestOddOrganizations(t *testing.T) {
	growth := func(pct float64) func(*Config) {
		return func(c *Config) {
			c.Company.Engineers.AnnualPct = pct
			c.Company.Usage.AnnualPct = pct
		}
	}
	tests := []struct {
		name string
		mod  func(*Config)
	}{
		{"zero growth", growth(0)},
		{"a shrinking company", growth(-40)},
		{"10x a year", growth(900)},
		{"a single engineer", func(c *Config) {
			*c = withDomains(*c, 1)
			c.Teams[0].Engineers = 1
			c.Company.Engineers.Start = 1
		}},
		{"10,000 engineers", func(c *Config) {
			c.Company.Engineers.Start = 10000
			c.Teams[0].Engineers = 400
			c.Teams[1].Engineers = 400
		}},
		{"a 20-year horizon", func(c *Config) {
			c.Weeks = 1040
			c.Company.Engineers = Growth{Start: 100, Model: Logistic, AnnualPct: 100, Cap: 5000}
		}},
		{"50 domains", func(c *Config) { *c = withDomains(*c, 50) }},
		{"nobody at all", func(c *Config) {
			c.Teams[0].Engineers, c.Teams[1].Engineers = 0, 0
			c.Budget.CapPct, c.Budget.AllowLayoffs = 0.01, false
		}},
		{"a layoff phase", func(c *Config) {
			c.Company.Engineers = Growth{Start: 300, Model: Phased, Phases: []Phase{{Weeks: 30, AnnualPct: 80}, {Weeks: 20, StepPct: -50}, {Weeks: 60}}}
		}},
	}
	for _, tt := range tests {
		for _, pol := range Names["policy"] {
			t.Run(tt.name+"/"+pol, func(t *testing.T) {
				c := testConfig()
				tt.mod(&c)
				setPolicy(&c, pol)
				p := mustPlan(t, c)
				for i := range uint64(2) {
					checkTrace(t, &c, p.Run(11, i))
				}
			})
		}
	}
}

// FuzzRun runs the engine on any valid organization and seed: it must not
// panic, must stay finite and must conserve headcount.
func FuzzRun(f *testing.F) {
	f.Add(uint64(1), 100.0, uint16(60), uint8(4), uint8(6), uint8(3), uint8(0), 0.6, 8)
	f.Add(uint64(7), -50.0, uint16(10), uint8(1), uint8(1), uint8(0), uint8(1), 0.1, 3)
	f.Add(uint64(9), 900.0, uint16(200), uint8(12), uint8(0), uint8(40), uint8(3), 0.9, 20)
	f.Fuzz(func(t *testing.T, seed uint64, pct float64, weeks uint16, domains, trunk, branch, policy uint8, morale float64, threshold int) {
		c := withDomains(testConfig(), 1+int(domains)%30)
		c.Weeks = 1 + int(weeks)%300
		c.Company.Engineers.AnnualPct = pct
		c.Company.Usage.AnnualPct = pct / 2
		c.Teams[0].Engineers = int(trunk)
		if len(c.Domains) > 1 {
			last := c.Domains[len(c.Domains)-1].Name
			c.Teams[0].Domains = c.Teams[0].Domains[:len(c.Teams[0].Domains)-1]
			c.Teams = append(c.Teams, Team{Name: "branch", Engineers: int(branch), Domains: []string{last}})
		}
		setPolicy(&c, Names["policy"][int(policy)%len(Names["policy"])])
		c.People.MoraleBase = morale
		c.Policy.Threshold = threshold
		p, err := NewPlan(&c)
		if err != nil {
			return // invalid organizations are the validator's business
		}
		checkTrace(t, &c, p.Run(seed, 0))
	})
}
