package output

import (
	"encoding/csv"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// csvWriter writes every CSV file trunksim makes: a "# " line of
// provenance (and, in some, a "# warning: " line for each warning), then
// records whose cells cannot run as spreadsheet formulas.
type csvWriter struct{ *csv.Writer }

// newCSV writes the provenance comment to w, then a comment line for each
// of warnings, and returns a writer for the records after them.
func newCSV(w io.Writer, comment string, warnings ...string) (*csvWriter, error) {
	lines := []string{comment}
	for _, wn := range warnings {
		lines = append(lines, "warning: "+wn)
	}
	for _, l := range lines {
		if _, err := fmt.Fprintf(w, "# %s\n", safeComment(l)); err != nil {
			return nil, err
		}
	}
	return &csvWriter{csv.NewWriter(w)}, nil
}

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

// safeComment keeps the provenance line one line, and neutralises what a
// spreadsheet would read as a formula in it: the line is not quoted, so a
// spreadsheet splits it at commas, and a piece after a comma that begins
// with a formula character or a quote gets a single quote before it.
func safeComment(s string) string {
	s = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
	pieces := strings.Split(s, ",")
	for i, p := range pieces[1:] {
		if formulaLike(p, formulaStart+`"`) {
			pieces[i+1] = "'" + p
		}
	}
	return strings.Join(pieces, ",")
}
