package output

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/png"
	"io"
)

// pngSpeed is the encoder encodePNG writes as: zlib's fastest level,
// which makes charts some 5% larger than the default level and draws a
// run's six in about half the CPU (the same pixels).
var pngSpeed = png.Encoder{CompressionLevel: png.BestSpeed}

// encodePNG writes img as pngSpeed's Encode does, to the byte, and
// faster for what charts are: opaque, mostly white, with runs of rows and
// of pixels alike. Like image/png it writes an opaque image as 8-bit RGB,
// tries every filter on each row and keeps the one with the least sum of
// absolute residuals (the first of Up, Paeth, None, Sub, Average on a
// tie), compresses the rows at zlib's fastest level one Write a row, and
// cuts the stream into 32 KiB IDAT chunks; it only finds the same filters
// with less work: a row the same as the one above is Up's zeros with no
// sums taken, and 8 bytes at a time that leave a filter nothing (alike
// the row above, or the pixel before) are passed over together. An image
// that is not opaque goes to image/png.
func encodePNG(w io.Writer, img *image.RGBA) error {
	b := img.Bounds()
	width, height := b.Dx(), b.Dy()
	if width <= 0 || height <= 0 || !img.Opaque() || int64(width) >= 1<<31 || int64(height) >= 1<<31 {
		return pngSpeed.Encode(w, img)
	}
	cw := &chunkWriter{w: w}
	if _, err := io.WriteString(w, "\x89PNG\r\n\x1a\n"); err != nil {
		return err
	}
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:4], uint32(width))
	binary.BigEndian.PutUint32(ihdr[4:8], uint32(height))
	ihdr[8], ihdr[9] = 8, 2 // 8 bits a sample, true colour
	cw.chunk("IHDR", ihdr[:])
	bw := bufio.NewWriterSize(idatWriter{cw}, 1<<15)
	zw, err := zlib.NewWriterLevel(bw, zlib.BestSpeed)
	if err != nil {
		return err
	}
	f := newRowFilter(width)
	for y := range height {
		off := img.PixOffset(b.Min.X, b.Min.Y+y)
		if _, err := zw.Write(f.row(img.Pix[off : off+4*width])); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	cw.chunk("IEND", nil)
	return cw.err
}

// chunkWriter writes PNG chunks, keeping the first error.
type chunkWriter struct {
	w   io.Writer
	err error
}

func (c *chunkWriter) chunk(name string, data []byte) {
	if c.err != nil {
		return
	}
	var head [8]byte
	binary.BigEndian.PutUint32(head[:4], uint32(len(data)))
	copy(head[4:], name)
	crc := crc32.Update(crc32.ChecksumIEEE(head[4:]), crc32.IEEETable, data)
	var foot [4]byte
	binary.BigEndian.PutUint32(foot[:], crc)
	for _, p := range [][]byte{head[:], data, foot[:]} {
		if _, c.err = c.w.Write(p); c.err != nil {
			return
		}
	}
}

// idatWriter makes each Write an IDAT chunk, as image/png does.
type idatWriter struct{ c *chunkWriter }

func (w idatWriter) Write(b []byte) (int, error) {
	w.c.chunk("IDAT", b)
	if w.c.err != nil {
		return 0, w.c.err
	}
	return len(b), nil
}

// PNG filter types.
const ftNone, ftSub, ftUp, ftAverage, ftPaeth = 0, 1, 2, 3, 4

// rowFilter filters the rows of an opaque RGBA image as image/png
// filters them as 8-bit RGB. It reads the RGBA rows as they are: every
// alpha byte is 0xff, so an alpha byte leaves Up, Sub, Average and Paeth
// a residual of 0 and adds nothing to their sums past the first pixel,
// which has no pixel before it and is summed over its three colours
// alone; None counts colours alone. Only the winning filter's residuals
// are written out, as RGB.
type rowFilter struct {
	prev  []byte // the row above as RGBA; above the first row, (0, 0, 0, 0xff) as image/png's zeros
	out   []byte // the filtered row, its filter type first, with room for a word past its end
	zeros []byte // Up's row for a row the same as the one above
	first bool   // the next row is the image's first
}

func newRowFilter(width int) *rowFilter {
	f := &rowFilter{prev: make([]byte, 4*width), out: make([]byte, 1+3*width+8), zeros: make([]byte, 1+3*width), first: true}
	for i := 3; i < len(f.prev); i += 4 {
		f.prev[i] = 0xff
	}
	f.zeros[0] = ftUp
	return f
}

// row returns cur (RGBA) filtered, as RGB; cur must stay as it is until
// the next row, which it is the row above of.
func (f *rowFilter) row(cur []byte) []byte {
	prev := f.prev
	f.prev = cur
	if !f.first && bytes.Equal(cur, prev) {
		// Up's residuals are all zero and nothing has a smaller sum,
		// so Up wins as it does in image/png.
		return f.zeros
	}
	f.first = false
	best := sumUp(cur, prev)
	ft := ftUp
	if s := sumPaeth(cur, prev, best); s < best {
		best, ft = s, ftPaeth
	}
	if s := sumNone(cur, best); s < best {
		best, ft = s, ftNone
	}
	if s := sumSub(cur, best); s < best {
		best, ft = s, ftSub
	}
	if s := sumAverage(cur, prev, best); s < best {
		ft = ftAverage
	}
	out := f.out[:1+len(cur)/4*3]
	out[0] = byte(ft)
	residuals(ft, cur, prev, out[1:])
	return out
}

// word is the 8 bytes (two pixels) of r from i.
func word(r []byte, i int) uint64 { return binary.LittleEndian.Uint64(r[i : i+8]) }

// The sums below are of a filter's absolute residuals over the colour
// bytes of RGBA rows cur and prev (the row above), passing over 8 bytes
// (two pixels) at a time where the filter leaves them nothing, and then
// the one pixel left over, if any. Those of Paeth, None, Sub and Average
// stop at a sum of at least best, which cannot win, as image/png's do.

// sumUp is Up's sum: 0 where a word is the row above's.
func sumUp(cur, prev []byte) int {
	sum, i := 0, 0
	for ; i+8 <= len(cur); i += 8 {
		if word(cur, i) == word(prev, i) {
			continue
		}
		for p := i; p < i+8; p += 4 {
			sum += abs8(cur[p]-prev[p]) + abs8(cur[p+1]-prev[p+1]) + abs8(cur[p+2]-prev[p+2])
		}
	}
	for ; i < len(cur); i += 4 {
		sum += abs8(cur[i]-prev[i]) + abs8(cur[i+1]-prev[i+1]) + abs8(cur[i+2]-prev[i+2])
	}
	return sum
}

// sumPaeth is Paeth's sum: 0 where a word and the pixel before it are
// the row above's, since Paeth then predicts each byte from above.
func sumPaeth(cur, prev []byte, best int) int {
	sum := 0
	for i := range 3 {
		sum += abs8(cur[i] - prev[i])
	}
	i := 4
	for ; i+8 <= len(cur); i += 8 {
		if word(cur, i-4) == word(prev, i-4) && word(cur, i) == word(prev, i) {
			continue
		}
		for p := i; p < i+8; p += 4 {
			for k := p; k < p+3; k++ {
				sum += abs8(cur[k] - paeth(cur[k-4], prev[k], prev[k-4]))
			}
		}
		if sum >= best {
			return sum
		}
	}
	for ; i < len(cur); i += 4 {
		for k := i; k < i+3; k++ {
			sum += abs8(cur[k] - paeth(cur[k-4], prev[k], prev[k-4]))
		}
	}
	return sum
}

// white is a word of two white pixels, whose colours None sums to 6.
const white = 1<<64 - 1

// sumNone is None's sum, of the colour bytes themselves.
func sumNone(cur []byte, best int) int {
	sum, i := 0, 0
	for ; i+8 <= len(cur); i += 8 {
		if word(cur, i) == white {
			sum += 6
		} else {
			sum += abs8(cur[i]) + abs8(cur[i+1]) + abs8(cur[i+2]) + abs8(cur[i+4]) + abs8(cur[i+5]) + abs8(cur[i+6])
		}
		if i&127 == 120 && sum >= best {
			return sum
		}
	}
	for ; i < len(cur); i += 4 {
		sum += abs8(cur[i]) + abs8(cur[i+1]) + abs8(cur[i+2])
	}
	return sum
}

// sumSub is Sub's sum: 0 where a word is the pixel before it again.
func sumSub(cur []byte, best int) int {
	sum := 0
	for i := range 3 {
		sum += abs8(cur[i])
	}
	i := 4
	for ; i+8 <= len(cur); i += 8 {
		if word(cur, i) == word(cur, i-4) {
			continue
		}
		for p := i; p < i+8; p += 4 {
			sum += abs8(cur[p]-cur[p-4]) + abs8(cur[p+1]-cur[p-3]) + abs8(cur[p+2]-cur[p-2])
		}
		if sum >= best {
			return sum
		}
	}
	for ; i < len(cur); i += 4 {
		sum += abs8(cur[i]-cur[i-4]) + abs8(cur[i+1]-cur[i-3]) + abs8(cur[i+2]-cur[i-2])
	}
	return sum
}

// sumAverage is Average's sum: 0 where a word is both the pixel before
// it again and the row above's.
func sumAverage(cur, prev []byte, best int) int {
	sum := 0
	for i := range 3 {
		sum += abs8(cur[i] - prev[i]/2)
	}
	i := 4
	for ; i+8 <= len(cur); i += 8 {
		if w := word(cur, i); w == word(cur, i-4) && w == word(prev, i) {
			continue
		}
		for p := i; p < i+8; p += 4 {
			for k := p; k < p+3; k++ {
				sum += abs8(cur[k] - uint8((int(cur[k-4])+int(prev[k]))/2))
			}
		}
		if sum >= best {
			return sum
		}
	}
	for ; i < len(cur); i += 4 {
		for k := i; k < i+3; k++ {
			sum += abs8(cur[k] - uint8((int(cur[k-4])+int(prev[k]))/2))
		}
	}
	return sum
}

// residuals writes RGBA row cur filtered with ft, given the row above,
// to res as RGB: three bytes a pixel, two pixels' zeros together where
// Up or Paeth leaves them nothing. res has room for a word past its end.
func residuals(ft int, cur, prev, res []byte) {
	n := len(cur)
	switch ft {
	case ftNone:
		for i, j := 0, 0; i < n; i, j = i+4, j+3 {
			res[j], res[j+1], res[j+2] = cur[i], cur[i+1], cur[i+2]
		}
	case ftSub:
		res[0], res[1], res[2] = cur[0], cur[1], cur[2]
		for i, j := 4, 3; i < n; i, j = i+4, j+3 {
			res[j], res[j+1], res[j+2] = cur[i]-cur[i-4], cur[i+1]-cur[i-3], cur[i+2]-cur[i-2]
		}
	case ftUp:
		i, j := 0, 0
		for ; i+8 <= n; i, j = i+8, j+6 {
			if word(cur, i) == word(prev, i) {
				binary.LittleEndian.PutUint64(res[j:j+8], 0)
				continue
			}
			res[j], res[j+1], res[j+2] = cur[i]-prev[i], cur[i+1]-prev[i+1], cur[i+2]-prev[i+2]
			res[j+3], res[j+4], res[j+5] = cur[i+4]-prev[i+4], cur[i+5]-prev[i+5], cur[i+6]-prev[i+6]
		}
		for ; i < n; i, j = i+4, j+3 {
			res[j], res[j+1], res[j+2] = cur[i]-prev[i], cur[i+1]-prev[i+1], cur[i+2]-prev[i+2]
		}
	case ftAverage:
		for c := range 3 {
			res[c] = cur[c] - prev[c]/2
		}
		for i, j := 4, 3; i < n; i, j = i+4, j+3 {
			for c := range 3 {
				res[j+c] = cur[i+c] - uint8((int(cur[i+c-4])+int(prev[i+c]))/2)
			}
		}
	case ftPaeth:
		for c := range 3 {
			res[c] = cur[c] - prev[c]
		}
		i, j := 4, 3
		for ; i+8 <= n; i, j = i+8, j+6 {
			if word(cur, i-4) == word(prev, i-4) && word(cur, i) == word(prev, i) {
				binary.LittleEndian.PutUint64(res[j:j+8], 0)
				continue
			}
			for _, k := range [2]int{0, 4} {
				for c := range 3 {
					res[j+k/4*3+c] = cur[i+k+c] - paeth(cur[i+k+c-4], prev[i+k+c], prev[i+k+c-4])
				}
			}
		}
		for ; i < n; i, j = i+4, j+3 {
			for c := range 3 {
				res[j+c] = cur[i+c] - paeth(cur[i+c-4], prev[i+c], prev[i+c-4])
			}
		}
	}
}

// abs8 is the absolute value of a byte read as an int8.
func abs8(d uint8) int { return absInt(int(int8(d))) }

// paeth is the Paeth predictor of a pixel byte from the one before it (a),
// above it (b) and above and before (c): whichever is nearest a+b-c, a
// first on a tie, then b.
func paeth(a, b, c uint8) uint8 {
	pa, pb := int(b)-int(c), int(a)-int(c) // a+b-c less a, less b
	pc := absInt(pa + pb)
	pa, pb = absInt(pa), absInt(pb)
	if pa <= pb && pa <= pc {
		return a
	}
	if pb <= pc {
		return b
	}
	return c
}

// absInt is |x|, without a branch that residuals would mispredict.
func absInt(x int) int {
	m := x >> 63
	return (x ^ m) - m
}
