package output

import (
	"image"
	"image/color"
	imagedraw "image/draw"
	"math"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// scene draws what charts and slides draw: a filled and a stroked path,
// an image scaled up (a heat map's cells), and text upright and turned a
// quarter either way, in ink, or in black and white if bw.
func scene(c vg.CanvasSizer, bw bool) {
	dc := draw.New(c)
	dc.SetColor(Palette[0])
	var p vg.Path
	p.Move(vg.Point{X: 30, Y: 30})
	p.Line(vg.Point{X: 300, Y: 80})
	p.Arc(vg.Point{X: 200, Y: 200}, 60, 0, math.Pi)
	p.Close()
	dc.Fill(p)
	dc.SetLineStyle(draw.LineStyle{Color: Palette[5], Width: vg.Points(2.5)})
	dc.Stroke(p)
	cells := image.NewRGBA(image.Rect(0, 0, 3, 2))
	for i := range cells.Pix {
		cells.Pix[i] = byte(i * 37)
	}
	dc.DrawImage(vg.Rectangle{Min: vg.Point{X: 400, Y: 40}, Max: vg.Point{X: 600, Y: 160}}, cells)
	inks := []color.Color{ink, soft, grey}
	if bw {
		inks = []color.Color{color.Black, color.White, color.Black}
	}
	for i, col := range inks {
		for j, rot := range []float64{0, math.Pi / 2, -math.Pi / 2} {
			sty := draw.TextStyle{Color: col, Font: sans(7 + 3*float64(i)), Rotation: rot, Handler: plot.DefaultTextHandler}
			at := vg.Point{X: vg.Length(40 + 150*j + 3*i), Y: vg.Length(250.3 + 40*float64(i))}
			dc.FillText(sty, at, "trunksim 0.1.0, uber-hypergrowth, seed 1, 200 runs — p10 to p90")
			dc.FillText(sty, at, "overlapping glyphs: the second string over the first")
		}
	}
}

// pixels draws the scene on c and returns its image.
func pixels(c interface {
	vg.CanvasSizer
	Image() imagedraw.Image
}, bw bool) *image.RGBA {
	scene(c, bw)
	return c.Image().(*image.RGBA)
}

// A pooled canvas draws what vgimg's own does: the same pixels for fills,
// strokes, scaled images and black or white text, upright or turned,
// however dirty the buffer it was given back; text in other colours at
// most one level apart where anti-aliased glyph edges overlap.
func TestPooledCanvasDrawsAsVgimg(t *testing.T) {
	for _, bw := range []bool{true, false} {
		want := pixels(vgimg.NewWith(vgimg.UseWH(slideW, slideH), vgimg.UseDPI(dpi)), bw)
		for round := range 3 { // the second and third take back a used buffer
			c := newImageCanvas(slideW, slideH)
			if c.ctx == nil {
				t.Fatal("a slide's canvas is not pooled")
			}
			if round == 0 {
				scene(c, !bw) // leaves the buffer dirty for the next round
				if _, err := c.png(); err != nil {
					t.Fatal(err)
				}
				continue
			}
			got := pixels(c, bw)
			differ, worst := 0, 0
			for i := range want.Pix {
				if d := int(want.Pix[i]) - int(got.Pix[i]); d != 0 {
					differ++
					worst = max(worst, d, -d)
				}
			}
			if bw && differ > 0 || worst > 1 {
				t.Errorf("black and white %v, round %d: %d bytes differ, by up to %d", bw, round, differ, worst)
			}
			if _, err := c.png(); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// Only sizes that vgimg would give back from the image's pixels are
// pooled; others draw on vgimg's own canvas, at their own scale.
func TestPooledCanvasSizes(t *testing.T) {
	for _, tt := range []struct {
		w, h   vg.Length
		pooled bool
	}{
		{slideW, slideH, true},
		{vg.Points(586.94444), vg.Points(331), false}, // a PDF page's chart
		{vg.Points(54.75000000000001), slideH, false}, // 146 pixels, which give back 54.75
		{vg.Points(54.75), slideH, true},
	} {
		c := newImageCanvas(tt.w, tt.h)
		if pooled := c.ctx != nil; pooled != tt.pooled {
			t.Errorf("%v x %v: pooled %v, want %v", tt.w, tt.h, pooled, tt.pooled)
		}
		if w, h := c.Size(); w != tt.w || h != tt.h {
			t.Errorf("%v x %v: the canvas is %v x %v", tt.w, tt.h, w, h)
		}
		if _, err := c.png(); err != nil {
			t.Error(err)
		}
	}
}
