package output

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/trunksim/trunksim/sim"
)

// Numbers as people read them. Every number a person reads (a text
// table, a finding, a takeaway, a chart's label) goes through Format and
// its kin, by the unit the catalogue gives it; machine files (CSV, JSON)
// keep full precision (formatNumber). Nothing here writes scientific
// notation.
//
//	engineers, counts, weeks  whole numbers with thousands separators: 3,000
//	shares                    percentages: 10%, 0.4% under one percent
//	scores (0 to 1)           two decimals: 0.68
//	pages, rates              one decimal under 10, else whole: 1.8, 5,290
//	hours                     127k h, 1.5M h, 850 h
//	money                     $66M, $6.4M, $450k, $1.2B
//	ratios, indexes           1.5x, 0.85x, 12x

// Format writes x, a value in unit u, as a person reads it; "-" for a
// value that is missing (NaN) or infinite.
func Format(u sim.Unit, x float64) string { return format(u, x, 0, false) }

// FormatSigned is Format with its sign always written: "+12", "-$3.4M";
// a value that rounds to zero is "0".
func FormatSigned(u sim.Unit, x float64) string { return format(u, x, 0, true) }

// FormatInterval writes the interval lo to hi ("59 to 66", "$156M to
// $169M"). Where both ends would read alike it gives each a digit more
// ("-2.3 to -1.9"), and where they still do it writes "about" one value
// ("about -2"), so that no interval reads "-2 to -2".
func FormatInterval(u sim.Unit, lo, hi float64) string {
	a, b := IntervalEnds(u, lo, hi)
	if a == b {
		return "about " + a
	}
	return a + " to " + b
}

// IntervalEnds are the two ends as FormatInterval writes them; they are
// equal when it writes "about" one value. An end that is not zero but
// would read as zero gets a digit more too, so that an interval that
// excludes zero never seems to touch it.
func IntervalEnds(u sim.Unit, lo, hi float64) (string, string) {
	a, b, _ := intervalDigits(u, lo, hi)
	return a, b
}

// FormatEstimate writes an estimate x and the ends of its interval lo to
// hi with the same digits, as FormatInterval would write the interval:
// "0.6" of "0.2 to 0.9", never "1" of it.
func FormatEstimate(u sim.Unit, x, lo, hi float64) (string, string, string) {
	a, b, extra := intervalDigits(u, lo, hi)
	return format(u, x, extra, false), a, b
}

// intervalDigits are the ends of an interval and the digits beyond the
// unit's own that tell them apart.
func intervalDigits(u sim.Unit, lo, hi float64) (string, string, int) {
	for extra := 0; extra <= 1; extra++ {
		a, b := format(u, lo, extra, false), format(u, hi, extra, false)
		if a != b && (extra == 1 || !roundsToZero(u, lo) && !roundsToZero(u, hi)) {
			return a, b, extra
		}
	}
	a := Format(u, lo)
	return a, a, 0
}

// FormatValue writes an input as the scenario gives it: every digit it
// has, with thousands separators and no exponent: 3,000, 0.02, 250,000.
func FormatValue(x float64) string {
	_, frac, _ := strings.Cut(strconv.FormatFloat(x, 'f', -1, 64), ".")
	return decimal(x, len(frac))
}

// roundsToZero reports whether x, not zero, would read as zero in its
// unit's own digits.
func roundsToZero(u sim.Unit, x float64) bool {
	return x != 0 && isZero(digits(u, x, 0))
}

// isZero reports whether a number as written is zero.
func isZero(s string) bool { return strings.Trim(s, "-+$0.,%xkMBh ") == "" }

// Quarter names the quarter a week of the run falls in: week 20 is
// "quarter 2 of year 1".
func Quarter(week float64) string {
	w := int(math.Max(0, math.Round(week)))
	return fmt.Sprintf("quarter %d of year %d", w%52/13+1, w/52+1)
}

// format writes x in unit u with extra decimals beyond the unit's own,
// and its sign when signed. A signed value, a difference, that is not
// zero gets up to two digits more rather than read as zero (a lead of
// -0.3 weeks is -0.3, not 0); a zero has no sign.
func format(u sim.Unit, x float64, extra int, signed bool) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "-"
	}
	s := digits(u, x, extra)
	switch {
	case isZero(s) && signed && x != 0 && extra < 2:
		return format(u, x, extra+1, signed)
	case isZero(s):
		return digits(u, 0, 0)
	case signed && !strings.HasPrefix(s, "-"):
		return "+" + s
	}
	return s
}

// digits writes x in unit u with extra decimals beyond the unit's own.
func digits(u sim.Unit, x float64, extra int) string {
	var s string
	switch u {
	case sim.UnitShare:
		p := 100 * x
		d := 0
		if p != 0 && math.Abs(p) < 0.95 {
			d = 1
		}
		s = decimal(p, d+extra) + "%"
	case sim.UnitScore:
		s = decimal(x, 2+extra)
	case sim.UnitPages, sim.UnitRate:
		s = decimal(x, smallDecimals(x, 1)+extra)
	case sim.UnitRatio, sim.UnitIndex:
		d := smallDecimals(x, 1)
		if math.Abs(x) < 0.995 {
			d = 2
		}
		s = decimal(x, d+extra) + "x"
	case sim.UnitHours:
		s = scaled(x, extra, "", []string{" h", "k h", "M h", "B h"})
	case sim.UnitDollars:
		s = scaled(x, extra, "$", []string{"", "k", "M", "B"})
	default: // counts, engineers, weeks and weeks of the run
		s = decimal(x, extra)
	}
	return s
}

// smallDecimals is d decimals for a value under 10 (as it rounds), none
// above.
func smallDecimals(x float64, d int) int {
	if math.Abs(x) < 9.95 {
		return d
	}
	return 0
}

// scaled writes x in thousands, millions or billions, whichever keeps it
// under a thousand as it rounds, with one decimal under 10: 127k, 1.5M,
// 850. A negative value puts its sign before the prefix: -$3.4M.
func scaled(x float64, extra int, prefix string, suffixes []string) string {
	v := math.Abs(x)
	i := 0
	for ; i < len(suffixes)-1 && v >= 999.5; i++ {
		v /= 1000
	}
	d := smallDecimals(v, 1)
	if i == 0 && v == math.Trunc(v) { // whole hours and dollars need no decimal
		d = 0
	}
	s := prefix + decimal(v, d+extra) + suffixes[i]
	if x < 0 {
		s = "-" + s
	}
	return s
}

// decimal writes x with d decimals and thousands separators: 3,000.5.
func decimal(x float64, d int) string {
	s := strconv.FormatFloat(x, 'f', d, 64)
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteString("." + frac)
	}
	return sign + b.String()
}
