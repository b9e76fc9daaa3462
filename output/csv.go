package output

import (
	"encoding/csv"
	"regexp"
	"strings"
)

// csvWriter writes every CSV file trunksim makes: records whose cells
// cannot run as spreadsheet formulas.
type csvWriter struct{ *csv.Writer }

// Write writes one record, each cell made safe by safeCell.
func (c *csvWriter) Write(record []string) error {
	safe := make([]string, len(record))
	for i, s := range record {
		safe[i] = safeCell(s)
	}
	return c.Writer.Write(safe)
}

// formulaStart holds the characters with which a spreadsheet starts a
// formula (or, for tab and carriage return, hides one), as the OWASP
// guidance on CSV injection lists them.
const formulaStart = "=+-@\t\r"

// number is a plain decimal number, such as -2.5 or 1e-05: data, not a
// formula, though it may begin with a sign.
var number = regexp.MustCompile(`^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$`)

// safeCell neutralises a cell that a spreadsheet would read as a formula
// by putting a single quote before it, as the OWASP guidance on CSV
// injection describes; numbers are left as they are.
func safeCell(s string) string {
	if formulaLike(s, formulaStart) {
		return "'" + s
	}
	return s
}

// formulaLike reports whether s begins with one of starts and is not a
// number.
func formulaLike(s, starts string) bool {
	return s != "" && strings.ContainsRune(starts, rune(s[0])) && !number.MatchString(s)
}
