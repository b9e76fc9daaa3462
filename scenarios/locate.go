package scenarios

import (
	"strconv"
	"strings"
)

// Pos is a place in a scenario file, 1-based.
type Pos struct{ Line, Col int }

// locator finds where in the source each key path was set. The TOML
// decoder reports positions for syntax errors only, so semantic errors are
// placed by reading the source again: table headers, array-of-tables
// headers with their running index, and key = value lines.
type locator map[string]Pos

func locate(src string) locator {
	loc := locator{}
	counts := map[string]int{}
	prefix := ""
	depth := 0        // open brackets of a multi-line array
	inString := false // inside a multi-line string
	for n, line := range strings.Split(src, "\n") {
		ln := n + 1
		if c := strings.Count(line, `"""`) + strings.Count(line, `'''`); c%2 == 1 {
			inString = !inString
			if !inString {
				continue
			}
		}
		if inString || depth > 0 {
			depth += bracketDelta(line)
			continue
		}
		trim := strings.TrimSpace(line)
		col := len(line) - len(strings.TrimLeft(line, " \t")) + 1
		switch {
		case trim == "" || strings.HasPrefix(trim, "#"):
		case strings.HasPrefix(trim, "[["):
			name := cleanKey(strings.TrimSuffix(strings.SplitN(trim[2:], "]]", 2)[0], "]]"))
			i := counts[name]
			counts[name]++
			// A nested array restarts its count under each new parent.
			for k := range counts {
				if strings.HasPrefix(k, name+".") {
					delete(counts, k)
				}
			}
			prefix = indexed(name, i, counts)
			loc.set(prefix, ln, col)
			loc.set(stripIndex(prefix), ln, col)
		case strings.HasPrefix(trim, "["):
			name := cleanKey(strings.SplitN(trim[1:], "]", 2)[0])
			prefix = indexed(name, -1, counts)
			loc.set(prefix, ln, col)
		default:
			eq := strings.Index(trim, "=")
			if eq < 0 {
				continue
			}
			key := join(prefix, cleanKey(trim[:eq]))
			loc.set(key, ln, col)
			depth += bracketDelta(trim[eq+1:])
		}
	}
	return loc
}

// set records the first place a path appears.
func (l locator) set(path string, line, col int) {
	if _, ok := l[path]; !ok {
		l[path] = Pos{line, col}
	}
}

// indexed turns a header name into a path with the current index of each
// array of tables it passes through: "company.engineers.phases" under the
// third [[domains]]... becomes "domains[2].x" where it applies.
func indexed(name string, last int, counts map[string]int) string {
	parts := strings.Split(name, ".")
	var b strings.Builder
	for i, p := range parts {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(p)
		full := strings.Join(parts[:i+1], ".")
		switch {
		case i == len(parts)-1 && last >= 0:
			b.WriteString("[" + strconv.Itoa(last) + "]")
		case i < len(parts)-1 && counts[full] > 0:
			b.WriteString("[" + strconv.Itoa(counts[full]-1) + "]")
		}
	}
	return b.String()
}

func stripIndex(path string) string {
	if i := strings.LastIndex(path, "["); i >= 0 {
		return path[:i]
	}
	return path
}

func cleanKey(k string) string {
	parts := strings.Split(k, ".")
	for i, p := range parts {
		parts[i] = strings.Trim(strings.TrimSpace(p), `"'`)
	}
	return strings.Join(parts, ".")
}

func bracketDelta(s string) int {
	if i := strings.Index(s, "#"); i >= 0 {
		s = s[:i]
	}
	return strings.Count(s, "[") - strings.Count(s, "]")
}

// find returns the place of path, or of its nearest enclosing key that the
// file sets; false if none is set.
func (l locator) find(path string) (Pos, bool) {
	for p := path; p != ""; {
		if pos, ok := l[p]; ok {
			return pos, true
		}
		i := strings.LastIndexAny(p, ".[")
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return Pos{}, false
}
