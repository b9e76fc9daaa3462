package output

import (
	"math"
	"regexp"
	"testing"

	"github.com/trunksim/trunksim/sim"
)

// Each unit reads as a person writes it, never in scientific notation.
func TestFormat(t *testing.T) {
	for _, tt := range []struct {
		u    sim.Unit
		x    float64
		want string
	}{
		{sim.UnitEngineers, 3000, "3,000"},
		{sim.UnitEngineers, 121.6, "122"},
		{sim.UnitEngineers, 5, "5"},
		{sim.UnitCount, 1234567, "1,234,567"},
		{sim.UnitWeeks, 53.3, "53"},
		{sim.UnitWeeks, -0.2, "0"},
		{sim.UnitShare, -1e-7, "0%"},
		{sim.UnitWeek, 20, "20"},
		{sim.UnitShare, 0.1, "10%"},
		{sim.UnitShare, 0.004, "0.4%"},
		{sim.UnitShare, 0, "0%"},
		{sim.UnitShare, 1, "100%"},
		{sim.UnitScore, 0.6789, "0.68"},
		{sim.UnitPages, 1.8, "1.8"},
		{sim.UnitPages, 9.96, "10"},
		{sim.UnitPages, 5290.4, "5,290"},
		{sim.UnitRate, 2.34, "2.3"},
		{sim.UnitHours, 127400, "127k h"},
		{sim.UnitHours, 7898, "7.9k h"},
		{sim.UnitHours, 850, "850 h"},
		{sim.UnitHours, 999700, "1.0M h"},
		{sim.UnitHours, 1.5e6, "1.5M h"},
		{sim.UnitDollars, 6.35e7, "$64M"},
		{sim.UnitDollars, 6.4e6, "$6.4M"},
		{sim.UnitDollars, 450000, "$450k"},
		{sim.UnitDollars, 1.21e9, "$1.2B"},
		{sim.UnitDollars, -1.62e8, "-$162M"},
		{sim.UnitRatio, 1.53, "1.5x"},
		{sim.UnitRatio, 0.853, "0.85x"},
		{sim.UnitRatio, 12.4, "12x"},
		{sim.UnitIndex, 5, "5.0x"},
		{sim.UnitEngineers, math.NaN(), "-"},
		{sim.UnitDollars, math.Inf(1), "-"},
	} {
		if got := Format(tt.u, tt.x); got != tt.want {
			t.Errorf("Format(%d, %v) = %q, want %q", tt.u, tt.x, got, tt.want)
		}
	}
	if got := FormatSigned(sim.UnitDollars, 1.32e7); got != "+$13M" {
		t.Errorf("FormatSigned: %q", got)
	}
	if got := FormatSigned(sim.UnitWeeks, -0.3); got != "-0.3" {
		t.Errorf("FormatSigned of a value under the unit's digits: %q", got)
	}
	if got := FormatSigned(sim.UnitWeeks, 0.0001); got != "0" {
		t.Errorf("FormatSigned of zero: %q", got)
	}
}

// No interval reads the same at both ends.
func TestFormatInterval(t *testing.T) {
	for _, tt := range []struct {
		u      sim.Unit
		lo, hi float64
		want   string
	}{
		{sim.UnitWeeks, -66.2, -59.1, "-66 to -59"},
		{sim.UnitWeeks, -2.3, -1.9, "-2.3 to -1.9"},
		{sim.UnitWeeks, -2.01, -1.99, "about -2"},
		{sim.UnitDollars, 1.56e8, 1.69e8, "$156M to $169M"},
		{sim.UnitShare, 0.101, 0.104, "10.1% to 10.4%"},
		{sim.UnitWeeks, 0.3, 1.6, "0.3 to 1.6"},
		{sim.UnitWeeks, 0, 2.4, "0 to 2"},
	} {
		if got := FormatInterval(tt.u, tt.lo, tt.hi); got != tt.want {
			t.Errorf("FormatInterval(%d, %v, %v) = %q, want %q", tt.u, tt.lo, tt.hi, got, tt.want)
		}
	}
}

// An estimate reads with its interval's digits.
func TestFormatEstimate(t *testing.T) {
	x, lo, hi := FormatEstimate(sim.UnitWeeks, 0.55, 0.2, 0.9)
	if x != "0.6" || lo != "0.2" || hi != "0.9" {
		t.Errorf("FormatEstimate: %q (%q to %q)", x, lo, hi)
	}
	if x, lo, hi := FormatEstimate(sim.UnitWeeks, 62.8, 59.1, 66.4); x != "63" || lo != "59" || hi != "66" {
		t.Errorf("FormatEstimate: %q (%q to %q)", x, lo, hi)
	}
}

// Whatever the size, no unit writes an exponent.
func TestFormatNoExponent(t *testing.T) {
	sci := regexp.MustCompile(`\d[eE][+-]?\d`)
	for u := sim.UnitCount; u <= sim.UnitRate; u++ {
		for _, x := range []float64{1e-9, 3e-5, 0.5, 7, 1e5, 6.35e7, 1e12, 4e15, -2.5e10} {
			if s := Format(u, x); sci.MatchString(s) {
				t.Errorf("Format(%d, %g) = %q", u, x, s)
			}
		}
	}
}

func TestQuarter(t *testing.T) {
	for w, want := range map[float64]string{0: "quarter 1 of year 1", 20: "quarter 2 of year 1", 64: "quarter 1 of year 2", 155: "quarter 4 of year 3"} {
		if got := Quarter(w); got != want {
			t.Errorf("Quarter(%v) = %q, want %q", w, got, want)
		}
	}
}
