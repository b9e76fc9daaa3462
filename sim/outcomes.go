package sim

import (
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"runtime"
	"sync"
)

// The per-run outcomes of an ensemble, kept exactly (every value's bits
// come back as they went in): in memory, in as few bytes as each
// outcome's values allow (some 30 MB for 100,000 runs), or, past
// spillRuns, in a temporary file the process alone holds, so that memory
// stays flat however many runs there are (a million runs' 256 MB go to
// disk, and an outcome's values come back 8 MB at a time).

// spillRuns is the most runs whose outcomes are kept in memory.
const spillRuns = 1 << 17

// outcomeStore holds every run's outcomes, an outcome a column. Workers
// put a chunk of runs at a time.
type outcomeStore struct {
	mu   sync.Mutex
	runs int
	cols [NumOutcomes]column // in memory, when file is nil
	// file holds the outcomes column by column, each run's value as its
	// 8 bytes; err is the first write that failed, which Replicate
	// returns. block caches the outcomes of runs blockAt.. for get, which
	// reads runs in order.
	file    *os.File
	err     error
	block   [][NumOutcomes]float64
	blockAt int
}

func newOutcomeStore(runs int) *outcomeStore {
	s := &outcomeStore{runs: runs}
	if runs > spillRuns {
		if f, err := os.CreateTemp("", "trunksim-outcomes-*"); err == nil {
			os.Remove(f.Name()) // open, it stays ours until closed; killed, nothing is left
			s.file = f
			runtime.AddCleanup(s, func(f *os.File) { f.Close() }, f)
			return s
		} // without a temporary directory, in memory
	}
	for o := range s.cols {
		s.cols[o] = newColumn(runs)
	}
	return s
}

// put stores the outcomes of runs from, from+1, ...
func (s *outcomeStore) put(from int, runs [][NumOutcomes]float64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.file != nil {
		buf := make([]byte, 8*len(runs))
		for o := range NumOutcomes {
			for k := range runs {
				binary.LittleEndian.PutUint64(buf[8*k:], math.Float64bits(runs[k][o]))
			}
			if _, err := s.file.WriteAt(buf, 8*(int64(o)*int64(s.runs)+int64(from))); err != nil && s.err == nil {
				s.err = fmt.Errorf("keeping %d runs' outcomes in a temporary file (set TMPDIR to a disk with %d MB free, or run fewer runs a process with -shard): %w",
					s.runs, 8*int64(NumOutcomes)*int64(s.runs)>>20, err)
			}
		}
		s.block = nil
		return
	}
	for o := range s.cols {
		c := &s.cols[o]
		for k := range runs {
			c.set(from+k, runs[k][o])
		}
	}
}

// spillBlock is how many runs get reads from the file at a time.
const spillBlock = 4096

// get is run i's outcomes.
func (s *outcomeStore) get(i int) [NumOutcomes]float64 {
	if s.file == nil {
		var out [NumOutcomes]float64
		for o := range out {
			out[o] = s.cols[o].get(i)
		}
		return out
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.block == nil || i < s.blockAt || i >= s.blockAt+len(s.block) {
		s.blockAt = i / spillBlock * spillBlock
		n := min(spillBlock, s.runs-s.blockAt)
		s.block = make([][NumOutcomes]float64, n)
		for o := range NumOutcomes {
			for k, v := range s.read(o, s.blockAt, n) {
				s.block[k][o] = v
			}
		}
	}
	return s.block[i-s.blockAt]
}

// first is the outcomes of runs 0 to n-1.
func (s *outcomeStore) first(n int) [][NumOutcomes]float64 {
	runs := make([][NumOutcomes]float64, n)
	for i := range runs {
		runs[i] = s.get(i)
	}
	return runs
}

// values is outcome o's value in every run, in run order, in a new slice.
func (s *outcomeStore) values(o Outcome) []float64 {
	if s.file == nil {
		return s.cols[o].values()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.read(o, 0, s.runs)
}

// read is outcome o's values in runs from to from+n-1 of the file. The
// file is this process's own, written moments ago: failing to read it
// back is a broken machine, not something a caller can handle.
func (s *outcomeStore) read(o Outcome, from, n int) []float64 {
	buf := make([]byte, 8*n)
	if _, err := s.file.ReadAt(buf, 8*(int64(o)*int64(s.runs)+int64(from))); err != nil {
		panic(fmt.Sprintf("trunksim: reading back the runs' outcomes from a temporary file: %v", err))
	}
	xs := make([]float64, n)
	for k := range xs {
		xs[k] = math.Float64frombits(binary.LittleEndian.Uint64(buf[8*k:]))
	}
	return xs
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
