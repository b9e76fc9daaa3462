package sim

import "testing"

// NewPlan refuses what Validate refuses, the company-size bound included,
// with the Go field path of the key that makes the curve cross it.
func TestBounds(t *testing.T) {
	tests := []struct {
		name string
		mod  func(*Config)
		want string
	}{
		{"exponential growth", func(c *Config) { c.Company.Engineers = Growth{Start: 200, Model: Exponential, AnnualPct: 1000} },
			"Company.Engineers.AnnualPct: grows to 2.02e+05 product engineers by week 150; the model is meant for up to 200000: lower the growth or the horizon"},
		{"a long horizon", func(c *Config) {
			c.Weeks, c.Company.Engineers = MaxWeeks, Growth{Start: 200, Model: Exponential, AnnualPct: 30}
		},
			"Company.Engineers.AnnualPct: grows to 2.01e+05 product engineers by week 1370; the model is meant for up to 200000: lower the growth or the horizon"},
		{"a logistic cap", func(c *Config) {
			c.Company.Engineers = Growth{Start: 200, Model: Logistic, AnnualPct: 1000, Cap: 1e7}
		}, "Company.Engineers.Cap: grows to 2.07e+05 product engineers by week 151; the model is meant for up to 200000: lower the growth or the horizon"},
		{"a phase", func(c *Config) {
			c.Company.Engineers = Growth{Start: 2000, Model: Phased, Phases: []Phase{{Weeks: 10}, {Weeks: 10, StepPct: 10000}}}
		}, "Company.Engineers.Phases[1]: grows to 2.02e+05 product engineers by week 10; the model is meant for up to 200000: lower the growth or the horizon"},
		{"after the last phase", func(c *Config) {
			c.Company.Engineers = Growth{Start: 2000, Model: Phased, Phases: []Phase{{Weeks: 10}, {Weeks: 0, StepPct: 10000}}}
		}, "Company.Engineers.Phases[1]: grows to 2.02e+05 product engineers by week 10; the model is meant for up to 200000: lower the growth or the horizon"},
		{"a start beyond it", func(c *Config) { c.Company.Engineers.Start = 1e9 },
			"Company.Engineers.Start: must be from 1 to 200000, got 1e+09"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := testConfig()
			c.Weeks = 156
			tt.mod(&c)
			verr := c.Validate()
			_, perr := NewPlan(&c)
			if verr == nil || perr == nil || verr.Error() != tt.want || perr.Error() != tt.want {
				t.Errorf("Validate: %v\nNewPlan: %v\nwant %s", verr, perr, tt.want)
			}
		})
	}
}
