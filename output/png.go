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

	"gonum.org/v1/plot/vg/vgimg"
)

// encodePNG writes img as image/png's Encode does, to the byte, and
// faster for what charts are: opaque, mostly white, with runs of rows and
// of pixels alike. Like image/png it writes an opaque image as 8-bit RGB,
// tries every filter on each row and keeps the one with the least sum of
// absolute residuals (the first of Up, Paeth, None, Sub, Average on a
// tie), compresses the rows at zlib's default level one Write a row, and
// cuts the stream into 32 KiB IDAT chunks; it only finds the same filters
// with less work: a row the same as the one above is Up's zeros with no
// sums taken, and 8 bytes at a time that leave a filter nothing (alike
// the row above, or the pixel before) are passed over together. An image
// that is not opaque goes to image/png.
func encodePNG(w io.Writer, img *image.RGBA) error {
	b := img.Bounds()
	width, height := b.Dx(), b.Dy()
	if width <= 0 || height <= 0 || !img.Opaque() || int64(width) >= 1<<31 || int64(height) >= 1<<31 {
		return png.Encode(w, img)
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
	zw, err := zlib.NewWriterLevel(bw, zlib.DefaultCompression)
	if err != nil {
		return err
	}
	var f rowFilter
	f.init(width)
	for y := range height {
		off := img.PixOffset(b.Min.X, b.Min.Y+y)
		src := img.Pix[off : off+4*width]
		if _, err := zw.Write(f.row(src, y > 0 && bytes.Equal(src, f.prevSrc))); err != nil {
			return err
		}
		f.prevSrc = src
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

// canvasPNG encodes an image canvas as vgimg.PngCanvas does, to the
// byte, with encodePNG.
func canvasPNG(c *vgimg.Canvas) ([]byte, error) {
	var buf bytes.Buffer
	var err error
	if img, ok := c.Image().(*image.RGBA); ok {
		err = encodePNG(&buf, img)
	} else {
		err = png.Encode(&buf, c.Image())
	}
	return buf.Bytes(), err
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

// PNG filter types, and the bytes a pixel takes in 8-bit RGB.
const (
	ftNone, ftSub, ftUp, ftAverage, ftPaeth = 0, 1, 2, 3, 4
	rgbBytes                                = 3
)

// rowFilter filters the rows of an RGB image as image/png does.
type rowFilter struct {
	cur, prev []byte // this row and the one above as RGB, without the filter byte
	out       []byte // the filtered row, its filter type first
	zeros     []byte // Up's row for a row the same as the one above
	prevSrc   []byte // the row above as RGBA
}

func (f *rowFilter) init(width int) {
	n := rgbBytes * width
	f.cur, f.prev = make([]byte, n), make([]byte, n)
	f.out = make([]byte, 1+n)
	f.zeros = make([]byte, 1+n)
	f.zeros[0] = ftUp
}

// row returns src (RGBA) filtered; same says it is the row above again.
// The first row's row above is zeros, as image/png's is.
func (f *rowFilter) row(src []byte, same bool) []byte {
	if same {
		// cur == prev: Up's residuals are all zero and nothing has a
		// smaller sum, so Up wins as it does in image/png; the row
		// above stays as it is.
		return f.zeros
	}
	f.cur, f.prev = f.prev, f.cur
	cur := f.cur
	for i, j := 0, 0; j < len(src); i, j = i+rgbBytes, j+4 {
		cur[i], cur[i+1], cur[i+2] = src[j], src[j+1], src[j+2]
	}
	best := f.sumUp()
	ft := ftUp
	if s := f.sumPaeth(best); s < best {
		best, ft = s, ftPaeth
	}
	if s := sumNone(cur, best); s < best {
		best, ft = s, ftNone
	}
	if s := f.sumSub(best); s < best {
		best, ft = s, ftSub
	}
	if s := f.sumAverage(best); s < best {
		ft = ftAverage
	}
	out := f.out
	out[0] = byte(ft)
	f.residuals(ft, out[1:])
	return out
}

// residuals writes the current row filtered with ft to res, with the
// same shortcuts as the sums: 8 bytes the filter leaves nothing of are
// written as zeros together.
func (f *rowFilter) residuals(ft int, res []byte) {
	cur, prev := f.cur, f.prev
	n := len(cur)
	first := min(rgbBytes, n) // the first pixel, with nothing before it
	switch ft {
	case ftNone:
		copy(res, cur)
	case ftSub:
		copy(res, cur[:first])
		for i := first; i < n; i++ {
			res[i] = cur[i] - cur[i-rgbBytes]
		}
	case ftUp:
		i := 0
		for ; i+8 <= n; i += 8 {
			if word(cur, i) == word(prev, i) {
				binary.LittleEndian.PutUint64(res[i:], 0)
				continue
			}
			for k := i; k < i+8; k++ {
				res[k] = cur[k] - prev[k]
			}
		}
		for ; i < n; i++ {
			res[i] = cur[i] - prev[i]
		}
	case ftAverage:
		for i := range first {
			res[i] = cur[i] - prev[i]/2
		}
		for i := first; i < n; i++ {
			res[i] = cur[i] - uint8((int(cur[i-rgbBytes])+int(prev[i]))/2)
		}
	case ftPaeth:
		for i := range first {
			res[i] = cur[i] - prev[i]
		}
		i := first
		for ; i+8 <= n; i += 8 {
			if word(cur, i-rgbBytes) == word(prev, i-rgbBytes) && word(cur, i) == word(prev, i) {
				binary.LittleEndian.PutUint64(res[i:], 0)
				continue
			}
			for k := i; k < i+8; k++ {
				res[k] = cur[k] - paeth(cur[k-rgbBytes], prev[k], prev[k-rgbBytes])
			}
		}
		for ; i < n; i++ {
			res[i] = cur[i] - paeth(cur[i-rgbBytes], prev[i], prev[i-rgbBytes])
		}
	}
}

// word is the 8 bytes of r from i.
func word(r []byte, i int) uint64 { return binary.LittleEndian.Uint64(r[i:]) }

// sumUp is the sum of Up's absolute residuals.
func (f *rowFilter) sumUp() int {
	cur, prev := f.cur, f.prev
	sum, i := 0, 0
	for ; i+8 <= len(cur); i += 8 {
		if word(cur, i) == word(prev, i) {
			continue
		}
		for k := i; k < i+8; k++ {
			sum += abs8(cur[k] - prev[k])
		}
	}
	for ; i < len(cur); i++ {
		sum += abs8(cur[i] - prev[i])
	}
	return sum
}

// sumPaeth is the sum of Paeth's absolute residuals, or a sum of at
// least best once it reaches it. Where 8 bytes and the pixel before them
// are the row above's, Paeth predicts each from above: residuals of 0.
func (f *rowFilter) sumPaeth(best int) int {
	cur, prev := f.cur, f.prev
	sum := 0
	for i := 0; i < rgbBytes && i < len(cur); i++ {
		sum += abs8(cur[i] - prev[i])
	}
	i := rgbBytes
	for ; i+8 <= len(cur); i += 8 {
		if word(cur, i-rgbBytes) == word(prev, i-rgbBytes) && word(cur, i) == word(prev, i) {
			continue
		}
		for k := i; k < i+8; k++ {
			sum += abs8(cur[k] - paeth(cur[k-rgbBytes], prev[k], prev[k-rgbBytes]))
		}
		if sum >= best {
			return sum
		}
	}
	for ; i < len(cur); i++ {
		sum += abs8(cur[i] - paeth(cur[i-rgbBytes], prev[i], prev[i-rgbBytes]))
	}
	return sum
}

// sumNone is the sum of the bytes' absolute values as int8, or a sum of
// at least best once it reaches it.
func sumNone(cur []byte, best int) int {
	sum := 0
	for i, c := range cur {
		sum += abs8(c)
		if i&63 == 63 && sum >= best {
			return sum
		}
	}
	return sum
}

// sumSub is the sum of Sub's absolute residuals, or a sum of at least
// best once it reaches it. 8 bytes the same as the pixel before them
// leave 0.
func (f *rowFilter) sumSub(best int) int {
	cur := f.cur
	sum := 0
	for i := 0; i < rgbBytes && i < len(cur); i++ {
		sum += abs8(cur[i])
	}
	i := rgbBytes
	for ; i+8 <= len(cur); i += 8 {
		if word(cur, i) == word(cur, i-rgbBytes) {
			continue
		}
		for k := i; k < i+8; k++ {
			sum += abs8(cur[k] - cur[k-rgbBytes])
		}
		if sum >= best {
			return sum
		}
	}
	for ; i < len(cur); i++ {
		sum += abs8(cur[i] - cur[i-rgbBytes])
	}
	return sum
}

// sumAverage is the sum of Average's absolute residuals, or a sum of at
// least best once it reaches it. 8 bytes the same as the pixel before
// them and as the row above leave 0.
func (f *rowFilter) sumAverage(best int) int {
	cur, prev := f.cur, f.prev
	sum := 0
	for i := 0; i < rgbBytes && i < len(cur); i++ {
		sum += abs8(cur[i] - prev[i]/2)
	}
	i := rgbBytes
	for ; i+8 <= len(cur); i += 8 {
		if w := word(cur, i); w == word(cur, i-rgbBytes) && w == word(prev, i) {
			continue
		}
		for k := i; k < i+8; k++ {
			sum += abs8(cur[k] - uint8((int(cur[k-rgbBytes])+int(prev[k]))/2))
		}
		if sum >= best {
			return sum
		}
	}
	for ; i < len(cur); i++ {
		sum += abs8(cur[i] - uint8((int(cur[i-rgbBytes])+int(prev[i]))/2))
	}
	return sum
}

// abs8 is the absolute value of a byte read as an int8.
func abs8(d uint8) int {
	if d < 128 {
		return int(d)
	}
	return 256 - int(d)
}

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

func absInt(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
