package ocr

import (
	"image"
	"image/color"
	"testing"
)

// gradient is a w x h image whose pixel (x, y) has blue 10*y+x, green 1
// and red 2, so a sample's blue value names the pixel it came from.
func gradient(w, h int) *image.NRGBA {
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			m.SetNRGBA(x, y, color.NRGBA{R: 2, G: 1, B: uint8(10*y + x), A: 255})
		}
	}
	return m
}

func TestWarpTurns(t *testing.T) {
	src := toRaster(gradient(3, 2))
	identity := norm{std: [3]float32{1, 1, 1}}
	tests := []struct {
		turns int
		w, h  int
		want  []float32 // blue plane, row by row
	}{
		{0, 3, 2, []float32{0, 1, 2, 10, 11, 12}},
		{1, 2, 3, []float32{2, 12, 1, 11, 0, 10}}, // numpy rot90: right column on top
		{2, 3, 2, []float32{12, 11, 10, 2, 1, 0}},
		{3, 2, 3, []float32{10, 0, 11, 1, 12, 2}},
	}
	for _, tt := range tests {
		dst := make([]float32, 3*tt.w*tt.h)
		warp(src, quadAffine(rectQuad(3, 2), tt.w, tt.h, tt.turns), tt.w, tt.h, tt.w, dst, identity)
		for i, v := range tt.want {
			if dst[i] != v {
				t.Fatalf("warp turns %d: blue plane %v, want %v", tt.turns, dst[:tt.w*tt.h], tt.want)
			}
		}
		if g, r := dst[tt.w*tt.h], dst[2*tt.w*tt.h]; g != 1 || r != 2 {
			t.Errorf("warp turns %d: planes G=%v R=%v, want B, G, R order (1, 2)", tt.turns, g, r)
		}
	}
}

func TestWarpNormalisesAndPads(t *testing.T) {
	m := image.NewGray(image.Rect(0, 0, 4, 4))
	for i := range m.Pix {
		m.Pix[i] = 255
	}
	r := toRaster(m)
	dst := make([]float32, 3*2*3) // width 3 plane, the image fills 2 columns
	warp(r, quadAffine(rectQuad(4, 4), 2, 2, 0), 2, 2, 3, dst, lineNorm())
	for _, plane := range [][]float32{dst[:6], dst[6:12], dst[12:]} {
		want := []float32{1, 1, 0, 1, 1, 0}
		for i := range want {
			if plane[i] != want[i] {
				t.Fatalf("warp plane = %v, want %v (white is 1, padding 0)", plane, want)
			}
		}
	}
}

func TestToRasterOffset(t *testing.T) {
	sub := gradient(5, 4).SubImage(image.Rect(2, 1, 5, 4))
	r := toRaster(sub)
	if r.w != 3 || r.h != 3 {
		t.Fatalf("toRaster size = %dx%d, want 3x3", r.w, r.h)
	}
	if b := r.pix[2]; b != 12 {
		t.Errorf("toRaster first pixel blue = %d, want 12 (pixel 2,1)", b)
	}
	rgba := image.NewRGBA(image.Rect(10, 10, 12, 12))
	rgba.Set(11, 11, color.RGBA{B: 9, A: 255})
	if r := toRaster(rgba); r.pix[r.stride+4+2] != 9 {
		t.Errorf("toRaster(*image.RGBA) does not index from its bounds")
	}
}

func TestShrink(t *testing.T) {
	r := toRaster(gradient(4, 4))
	s := shrink(r, 2)
	if s.w != 2 || s.h != 2 {
		t.Fatalf("shrink size = %dx%d, want 2x2", s.w, s.h)
	}
	// Blue of the top-left block: (0+1+10+11)/4 = 5.5, rounded to 6.
	if b := s.pix[2]; b != 6 {
		t.Errorf("shrink blue = %d, want 6", b)
	}
	if shrink(r, 1).w != 4 {
		t.Errorf("shrink(r, 1) changed the raster")
	}
}

// TestWarpAverages shrinks a one-pixel checkerboard fourfold: plain
// bilinear sampling would return black or white, the supersampling grey.
func TestWarpAverages(t *testing.T) {
	m := image.NewGray(image.Rect(0, 0, 8, 8))
	for y := range 8 {
		for x := range 8 {
			m.Pix[y*8+x] = uint8(255 * ((x + y) % 2))
		}
	}
	dst := make([]float32, 3*2*2)
	warp(toRaster(m), quadAffine(rectQuad(8, 8), 2, 2, 0), 2, 2, 2, dst, norm{std: [3]float32{1, 1, 1}})
	for i, v := range dst {
		if v < 100 || v > 155 {
			t.Fatalf("warp value %d = %v, want about 127.5 (all %v)", i, v, dst)
		}
	}
}
