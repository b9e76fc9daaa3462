package output

import (
	"bytes"

	"gonum.org/v1/plot/vg/vgimg"
)

// canvasPNG encodes an image canvas as a PNG.
func canvasPNG(c *vgimg.Canvas) ([]byte, error) {
	var buf bytes.Buffer
	_, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&buf)
	return buf.Bytes(), err
}
