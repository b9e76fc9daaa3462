package scenarios

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Pos is a place in a scenario file, 1-based; Col counts characters.
type Pos struct{ Line, Col int }

// maxDepth is how deep a scenario may nest: the steps of a key path (keys
// and array indexes) down to a value. The deepest the schema uses is a
// phase inside a variant's set written as nested tables,
// variants[0].set.company.engineers.phases[0].weeks.
const maxDepth = 8

// locator holds where the source sets each key path: a key = value at its
// key, a table at its header, an array element at its [[header]] or its
// first character. The TOML decoder reports positions for syntax errors
// only, so semantic errors are placed by tokenizing the source again.
type locator map[string]Pos

// set records the first place a path appears.
func (l locator) set(path string, p Pos) {
	if _, ok := l[path]; !ok {
		l[path] = p
	}
}

// find returns the place of path or, when the source leaves the key to
// its default, of the nearest array element that holds it (so that a
// problem with domains[2].automation names the third [[domains]]); false
// if neither is in the source.
func (l locator) find(path string) (Pos, bool) {
	if pos, ok := l[path]; ok {
		return pos, true
	}
	for p := parent(path); p != ""; p = parent(p) {
		if pos, ok := l[p]; ok && strings.HasSuffix(p, "]") {
			return pos, true
		}
	}
	return Pos{}, false
}

// parent drops the last step of a key path: a key or an [index]. Quoted
// keys may hold dots and brackets.
func parent(path string) string {
	cut, quoted := 0, false
	for i := 0; i < len(path); i++ {
		switch c := path[i]; {
		case quoted && c == '\\':
			i++
		case c == '"':
			quoted = !quoted
		case !quoted && (c == '.' || c == '['):
			cut = i
		}
	}
	return path[:cut]
}

// scan is what one pass of the tokenizer learns of a source.
type scan struct {
	loc locator
	// arrays are the inline arrays, where each opened and the offset
	// where it closed (-1 if it never did), for syntax error hints.
	arrays []arraySpan
	// deep is where nesting first passed maxDepth, if it did.
	deep *Pos
}

type arraySpan struct {
	open        Pos
	start, stop int
}

// tokenize reads TOML source for key positions: comments, basic, literal
// and multi-line strings, table and array-of-tables headers, dotted and
// quoted keys, inline tables and arrays. It never fails: after text it
// cannot read it resumes at the next line, and the decoder reports the
// syntax error. It stops at the first place nested deeper than maxDepth,
// before the decoder is given the source, so that depth costs nothing.
func tokenize(src []byte) *scan {
	t := &tokenizer{src: src, line: 1, col: 1, s: &scan{loc: locator{}}, tables: map[string]int{}}
	if len(src) >= 3 && string(src[:3]) == "\uFEFF" {
		t.off = 3
	}
	for !t.eof() && t.s.deep == nil {
		if !t.expression() {
			t.skipLine()
		}
	}
	return t.s
}

type tokenizer struct {
	src       []byte
	off       int
	line, col int
	s         *scan
	prefix    string         // the current table's path
	depth     int            // its steps
	tables    map[string]int // array-of-tables path: elements so far
	lastStart Pos            // where the last key began
}

func (t *tokenizer) eof() bool { return t.off >= len(t.src) }

func (t *tokenizer) peek() byte {
	if t.eof() {
		return 0
	}
	return t.src[t.off]
}

func (t *tokenizer) at(s string) bool {
	return strings.HasPrefix(string(t.src[t.off:min(len(t.src), t.off+len(s))]), s)
}

func (t *tokenizer) pos() Pos { return Pos{t.line, t.col} }

// next moves past one character.
func (t *tokenizer) next() {
	if t.eof() {
		return
	}
	if t.src[t.off] == '\n' {
		t.off++
		t.line, t.col = t.line+1, 1
		return
	}
	_, n := utf8.DecodeRune(t.src[t.off:])
	t.off += n
	t.col++
}

func (t *tokenizer) skipLine() {
	for !t.eof() && t.peek() != '\n' {
		t.next()
	}
	t.next()
}

func (t *tokenizer) skipSpace() {
	for c := t.peek(); c == ' ' || c == '\t'; c = t.peek() {
		t.next()
	}
}

// skipBlank passes spaces, newlines and comments, as between the values
// of an array.
func (t *tokenizer) skipBlank() {
	for !t.eof() {
		switch t.peek() {
		case ' ', '\t', '\r', '\n':
			t.next()
		case '#':
			for !t.eof() && t.peek() != '\n' {
				t.next()
			}
		default:
			return
		}
	}
}

// endOfLine passes trailing space and a comment, and reports whether the
// line ends there.
func (t *tokenizer) endOfLine() bool {
	t.skipSpace()
	if t.peek() == '#' {
		for !t.eof() && t.peek() != '\n' {
			t.next()
		}
	}
	if t.at("\r\n") {
		t.next()
	}
	if t.eof() {
		return true
	}
	if t.peek() == '\n' {
		t.next()
		return true
	}
	return false
}

// expression reads one line's worth: blank, a comment, a header or a
// key = value.
func (t *tokenizer) expression() bool {
	t.skipSpace()
	switch t.peek() {
	case '\n', '\r', '#':
		return t.endOfLine()
	case '[':
		return t.header() && t.endOfLine()
	}
	return t.keyValue(t.prefix, t.depth) && t.endOfLine()
}

func (t *tokenizer) header() bool {
	start := t.pos()
	t.next()
	array := t.peek() == '['
	if array {
		t.next()
	}
	t.skipSpace()
	keys, ok := t.key()
	if !ok {
		return false
	}
	t.skipSpace()
	if !t.at("]") || array && !t.at("]]") {
		return false
	}
	t.next()
	if array {
		t.next()
	}
	// Each step through an array of tables is its current element.
	path, depth := "", 0
	for i, k := range keys {
		path, depth = join(path, k), depth+1
		if n, ok := t.tables[path]; ok && (i < len(keys)-1 || !array) {
			path, depth = fmt.Sprintf("%s[%d]", path, n-1), depth+1
		}
	}
	if array {
		n := t.tables[path]
		t.tables[path] = n + 1
		t.s.loc.set(path, start)
		path, depth = fmt.Sprintf("%s[%d]", path, n), depth+1
	}
	t.s.loc.set(path, start)
	t.prefix, t.depth = path, depth
	return t.deeper(depth, start)
}

// deeper records the first place nesting passes maxDepth, and reports
// whether it has not.
func (t *tokenizer) deeper(depth int, p Pos) bool {
	if depth > maxDepth && t.s.deep == nil {
		t.s.deep = &p
	}
	return t.s.deep == nil
}

// keyValue reads key = value under the table path.
func (t *tokenizer) keyValue(table string, depth int) bool {
	start := t.pos()
	keys, ok := t.key()
	if !ok {
		return false
	}
	path := table
	for _, k := range keys {
		path = join(path, k)
	}
	depth += len(keys)
	t.s.loc.set(path, start)
	if !t.deeper(depth, start) {
		return false
	}
	t.skipSpace()
	if t.peek() != '=' {
		return false
	}
	t.next()
	t.skipSpace()
	return t.value(path, depth)
}

// key reads a dotted key, each part bare or quoted.
func (t *tokenizer) key() ([]string, bool) {
	var keys []string
	for {
		t.skipSpace()
		var k string
		switch c := t.peek(); {
		case c == '"':
			s, ok := t.basic(false)
			if !ok {
				return nil, false
			}
			k = s
		case c == '\'':
			s, ok := t.literal(false)
			if !ok {
				return nil, false
			}
			k = s
		case isBare(c):
			from := t.off
			for isBare(t.peek()) {
				t.next()
			}
			k = string(t.src[from:t.off])
		default:
			return nil, false
		}
		keys = append(keys, k)
		t.skipSpace()
		if t.peek() != '.' {
			return keys, true
		}
		t.next()
	}
}

func isBare(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// value reads one value set at path, depth steps down.
func (t *tokenizer) value(path string, depth int) bool {
	switch c := t.peek(); {
	case c == '"':
		_, ok := t.basic(true)
		return ok
	case c == '\'':
		_, ok := t.literal(true)
		return ok
	case c == '{':
		return t.inlineTable(path, depth)
	case c == '[':
		return t.array(path, depth)
	}
	// A number, boolean or date: up to what ends a value.
	from := t.off
	for !t.eof() && !strings.ContainsRune(",]}#\r\n", rune(t.peek())) {
		t.next()
	}
	return t.off > from
}

func (t *tokenizer) inlineTable(path string, depth int) bool {
	t.next()
	for first := true; ; first = false {
		t.skipBlank()
		if t.peek() == '}' && first {
			t.next()
			return true
		}
		if !t.keyValue(path, depth) {
			return false
		}
		t.skipBlank()
		switch t.peek() {
		case ',':
			t.next()
		case '}':
			t.next()
			return true
		default:
			return false
		}
	}
}

func (t *tokenizer) array(path string, depth int) bool {
	span := len(t.s.arrays)
	t.s.arrays = append(t.s.arrays, arraySpan{open: t.pos(), start: t.off, stop: -1})
	t.next()
	for i := 0; ; i++ {
		t.skipBlank()
		if t.peek() == ']' {
			t.next()
			t.s.arrays[span].stop = t.off
			return true
		}
		el := fmt.Sprintf("%s[%d]", path, i)
		t.s.loc.set(el, t.pos())
		if !t.deeper(depth+1, t.pos()) || !t.value(el, depth+1) {
			return false
		}
		t.skipBlank()
		switch t.peek() {
		case ',':
			t.next()
		case ']':
			t.next()
			t.s.arrays[span].stop = t.off
			return true
		default:
			return false
		}
	}
}

// basic reads a basic string in double quotes, or a multi-line one in
// three where multi allows it, and returns its text.
func (t *tokenizer) basic(multi bool) (string, bool) {
	if multi && t.at(`"""`) {
		t.next()
		t.next()
		t.next()
		return "", t.closeMulti('"')
	}
	t.next()
	var b strings.Builder
	for !t.eof() {
		c := t.peek()
		switch {
		case c == '"':
			t.next()
			return b.String(), true
		case c == '\n':
			return "", false
		case c == '\\':
			t.next()
			r, ok := t.escape()
			if !ok {
				return "", false
			}
			b.WriteRune(r)
		default:
			r, n := utf8.DecodeRune(t.src[t.off:])
			if r == utf8.RuneError && n == 1 {
				b.WriteByte(c)
			} else {
				b.WriteRune(r)
			}
			t.next()
		}
	}
	return "", false
}

// escape reads what follows a backslash in a basic string.
func (t *tokenizer) escape() (rune, bool) {
	c := t.peek()
	t.next()
	n := 0
	switch c {
	case 'b':
		return '\b', true
	case 't':
		return '\t', true
	case 'n':
		return '\n', true
	case 'f':
		return '\f', true
	case 'r':
		return '\r', true
	case 'e':
		return '\x1b', true
	case '"', '\\':
		return rune(c), true
	case 'x':
		n = 2
	case 'u':
		n = 4
	case 'U':
		n = 8
	}
	if n == 0 || t.off+n > len(t.src) {
		return 0, false
	}
	v, err := strconv.ParseUint(string(t.src[t.off:t.off+n]), 16, 32)
	for range n {
		t.next()
	}
	return rune(v), err == nil
}

// literal reads a literal string in single quotes, or a multi-line one
// in three.
func (t *tokenizer) literal(multi bool) (string, bool) {
	if multi && t.at("'''") {
		t.next()
		t.next()
		t.next()
		return "", t.closeMulti('\'')
	}
	t.next()
	from := t.off
	for !t.eof() && t.peek() != '\'' && t.peek() != '\n' {
		t.next()
	}
	if t.peek() != '\'' {
		return "", false
	}
	s := string(t.src[from:t.off])
	t.next()
	return s, true
}

// closeMulti passes the rest of a multi-line string quoted by q: up to
// three quotes, of which a run of up to five ends with the last three.
func (t *tokenizer) closeMulti(q byte) bool {
	for !t.eof() {
		c := t.peek()
		if c == '\\' && q == '"' {
			t.next()
			t.next()
			continue
		}
		if c != q {
			t.next()
			continue
		}
		run := 0
		for t.peek() == q && run < 5 {
			t.next()
			run++
		}
		if run >= 3 {
			return true
		}
	}
	return false
}

// lineCol turns a byte offset of src into a position.
func lineCol(src []byte, off int) Pos {
	off = max(0, min(off, len(src)))
	before := src[:off]
	line := 1 + strings.Count(string(before), "\n")
	if i := strings.LastIndexByte(string(before), '\n'); i >= 0 {
		before = before[i+1:]
	}
	return Pos{line, 1 + utf8.RuneCount(before)}
}

// unclosed returns where the innermost array open at off was opened, if
// one is: the likely cause of a syntax error there.
func (s *scan) unclosed(off int) (Pos, bool) {
	for i := len(s.arrays) - 1; i >= 0; i-- {
		if a := s.arrays[i]; a.start < off && (a.stop < 0 || a.stop > off) {
			return a.open, true
		}
	}
	return Pos{}, false
}
