package output

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// TestEncodePNGIsImagePNG checks encodePNG's bytes against image/png's
// (at pngSpeed's level) on images that take every filter and every
// shortcut: the charts in
// testdata, white with lines and boxes, noise, gradients, widths that
// leave a few bytes past the last 8, a sub-image and one with
// transparency.
func TestEncodePNGIsImagePNG(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	imgs := map[string]*image.RGBA{}
	for _, size := range [][2]int{{1, 1}, {1, 5}, {2, 3}, {3, 1}, {5, 4}, {11, 7}, {64, 9}, {333, 41}} {
		w, h := size[0], size[1]
		noise, grad, chart := image.NewRGBA(image.Rect(0, 0, w, h)), image.NewRGBA(image.Rect(0, 0, w, h)), image.NewRGBA(image.Rect(0, 0, w, h))
		for y := range h {
			for x := range w {
				noise.SetRGBA(x, y, color.RGBA{uint8(rng.Uint32()), uint8(rng.Uint32()), uint8(rng.Uint32()), 0xff})
				grad.SetRGBA(x, y, color.RGBA{uint8(x * 7), uint8(y * 13), uint8(x*y + 3), 0xff})
				c := color.RGBA{0xff, 0xff, 0xff, 0xff}
				switch {
				case x%17 == 3 || y%11 == 5:
					c = color.RGBA{0x00, 0x72, 0xB2, 0xff}
				case (x/5+y/3)%7 == 0:
					c = color.RGBA{0xE6, 0x9F, uint8(x), 0xff}
				case rng.IntN(40) == 0:
					c = color.RGBA{0x22, 0x22, 0x22, 0xff}
				}
				chart.SetRGBA(x, y, c)
			}
		}
		imgs[fmt.Sprintf("noise %dx%d", w, h)] = noise
		imgs[fmt.Sprintf("gradient %dx%d", w, h)] = grad
		imgs[fmt.Sprintf("chart-like %dx%d", w, h)] = chart
	}
	sub := imgs["chart-like 333x41"].SubImage(image.Rect(7, 3, 300, 40)).(*image.RGBA)
	imgs["sub-image"] = sub
	clear := image.NewRGBA(image.Rect(0, 0, 9, 4))
	clear.SetRGBA(2, 2, color.RGBA{0x10, 0, 0, 0x80})
	imgs["transparent"] = clear
	charts, _ := filepath.Glob(filepath.Join("testdata", "*.png"))
	for _, name := range charts[:min(len(charts), 2)] {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		m, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		rgba, ok := m.(*image.RGBA)
		if !ok {
			t.Fatalf("%s decodes as %T", name, m)
		}
		imgs[name] = rgba
	}
	for name, img := range imgs {
		var want, got bytes.Buffer
		if err := pngSpeed.Encode(&want, img); err != nil {
			t.Fatal(err)
		}
		if err := encodePNG(&got, img); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("%s: encodePNG wrote %d bytes that differ from image/png's %d", name, got.Len(), want.Len())
		}
	}
}
