package sim

import (
	"encoding/binary"
	"math"
	"sync"
)

// The per-run outcomes of an ensemble, kept exactly (every value's bits
// come back as they went in) in as few bytes as each outcome's values
// allow, so that a million runs fit in some 120 MB rather than 256.

// outcomeStore holds every run's outcomes, an outcome a column. Workers
// put a chunk of runs at a time.
type outcomeStore struct {
	mu   sync.Mutex
	cols [NumOutcomes]column
}

func newOutcomeStore(runs int) *outcomeStore {
	s := &outcomeStore{}
	for o := range s.cols {
		s.cols[o] = newColumn(runs)
	}
	return s
}

// put stores the outcomes of runs from, from+1, ...
func (s *outcomeStore) put(from int, runs [][NumOutcomes]float64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for o := range s.cols {
		c := &s.cols[o]
		for k := range runs {
			c.set(from+k, runs[k][o])
		}
	}
}

// get is run i's outcomes.
func (s *outcomeStore) get(i int) [NumOutcomes]float64 {
	var out [NumOutcomes]float64
	for o := range out {
		out[o] = s.cols[o].get(i)
	}
	return out
}

// column is one outcome's value in every run. It starts as a byte a run,
// indexing up to 256 distinct values (indicators, counts, weeks); past
// them two bytes indexing up to dictMax; past those (a quantity that
// differs in every run) seven bytes: a byte indexing the top 16 bits
// (sign, exponent and 4 bits of mantissa) among up to 256 such prefixes,
// and the other 48 bits as they are; past 256 prefixes, the value's 8
// bytes.
type column struct {
	runs  int
	dict  []float64         // the distinct values, by code, while codes index them
	codes map[uint64]uint16 // a distinct value's code, by its bits
	c8    []uint8
	c16   []uint16
	// seven bytes a run: prefix code, then 48 bits little-endian
	split    []byte
	prefixes []uint16         // the top 16 bits, by prefix code
	prefix   map[uint16]uint8 // a prefix's code
	raw      []float64
}

// dictMax is the most distinct values a column indexes in two bytes: any
// more and its values are kept in seven, which for a million runs takes
// less than the dictionary would.
const dictMax = 4096

func newColumn(runs int) column {
	return column{runs: runs, codes: map[uint64]uint16{}, c8: make([]uint8, runs)}
}

func (c *column) set(i int, v float64) {
	bits := math.Float64bits(v)
	switch {
	case c.raw != nil:
		c.raw[i] = v
		return
	case c.split != nil:
		c.setSplit(i, bits)
		return
	}
	code, ok := c.codes[bits]
	if !ok {
		switch len(c.dict) {
		case 256:
			c.c16 = make([]uint16, c.runs)
			for j, k := range c.c8 {
				c.c16[j] = uint16(k)
			}
			c.c8 = nil
		case dictMax:
			c.toSplit()
			c.set(i, v)
			return
		}
		code = uint16(len(c.dict))
		c.codes[bits] = code
		c.dict = append(c.dict, v)
	}
	if c.c8 != nil {
		c.c8[i] = uint8(code)
	} else {
		c.c16[i] = code
	}
}

// toSplit moves the column from codes to seven bytes a run, or to raw
// values if its distinct values have more than 256 prefixes.
func (c *column) toSplit() {
	old := *c
	c.dict, c.codes, c.c8, c.c16 = nil, nil, nil, nil
	c.prefix = map[uint16]uint8{}
	for _, v := range old.dict {
		top := uint16(math.Float64bits(v) >> 48)
		if _, ok := c.prefix[top]; !ok {
			if len(c.prefixes) == 256 {
				c.prefixes, c.prefix = nil, nil
				c.raw = make([]float64, c.runs)
				for j := range c.raw {
					c.raw[j] = old.get(j)
				}
				return
			}
			c.prefix[top] = uint8(len(c.prefixes))
			c.prefixes = append(c.prefixes, top)
		}
	}
	c.split = make([]byte, 7*c.runs)
	for j := range c.runs {
		c.setSplit(j, math.Float64bits(old.get(j)))
	}
}

// setSplit stores run i's bits in seven bytes, or moves the column to raw
// values when their prefix is one too many.
func (c *column) setSplit(i int, bits uint64) {
	top := uint16(bits >> 48)
	code, ok := c.prefix[top]
	if !ok {
		if len(c.prefixes) == 256 {
			raw := make([]float64, c.runs)
			for j := range raw {
				raw[j] = c.get(j)
			}
			c.raw, c.split, c.prefixes, c.prefix = raw, nil, nil, nil
			c.raw[i] = math.Float64frombits(bits)
			return
		}
		code = uint8(len(c.prefixes))
		c.prefix[top] = code
		c.prefixes = append(c.prefixes, top)
	}
	b := c.split[7*i : 7*i+7]
	b[0] = code
	binary.LittleEndian.PutUint32(b[1:], uint32(bits))
	binary.LittleEndian.PutUint16(b[5:], uint16(bits>>32))
}

// get is run i's value (for a run not yet put, whatever its slot holds).
func (c *column) get(i int) float64 {
	switch {
	case c.raw != nil:
		return c.raw[i]
	case c.split != nil:
		b := c.split[7*i : 7*i+7]
		lo := uint64(binary.LittleEndian.Uint32(b[1:])) | uint64(binary.LittleEndian.Uint16(b[5:]))<<32
		return math.Float64frombits(uint64(c.prefixes[b[0]])<<48 | lo)
	case len(c.dict) == 0: // nothing put yet
		return 0
	case c.c8 != nil:
		return c.dict[c.c8[i]]
	}
	return c.dict[c.c16[i]]
}

// values is the column's value in every run, in run order.
func (c *column) values() []float64 {
	xs := make([]float64, c.runs)
	for i := range xs {
		xs[i] = c.get(i)
	}
	return xs
}
