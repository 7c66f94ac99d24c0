package thumb

import (
	"fmt"
	"image"
	"image/color"
	"testing"
)

// stored returns the image a camera writes for the upright image up with
// EXIF orientation o. It follows the EXIF definitions of where the stored
// 0th row and 0th column lie in the scene, independently of Orient:
// 1 top/left, 2 top/right, 3 bottom/right, 4 bottom/left, 5 left/top,
// 6 right/top, 7 right/bottom, 8 left/bottom.
func stored(up *image.NRGBA, o int) *image.NRGBA {
	W, H := up.Bounds().Dx(), up.Bounds().Dy()
	w, h := W, H
	if o >= 5 {
		w, h = H, W
	}
	out := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			var u, v int // display column and row of stored pixel (x, y)
			switch o {
			case 1:
				u, v = x, y
			case 2:
				u, v = W-1-x, y
			case 3:
				u, v = W-1-x, H-1-y
			case 4:
				u, v = x, H-1-y
			case 5:
				u, v = y, x
			case 6:
				u, v = W-1-y, x
			case 7:
				u, v = W-1-y, H-1-x
			case 8:
				u, v = y, H-1-x
			}
			out.SetNRGBA(x, y, up.NRGBAAt(u, v))
		}
	}
	return out
}

func TestOrient(t *testing.T) {
	up := quadrants(60, 40)
	for o := 1; o <= 8; o++ {
		t.Run(fmt.Sprint(o), func(t *testing.T) {
			got := Orient(stored(up, o), o)
			if b := got.Bounds(); b.Dx() != 60 || b.Dy() != 40 {
				t.Fatalf("Orient(stored, %d) bounds = %v, want 60x40", o, b)
			}
			corners := []struct {
				x, y int
				want color.NRGBA
			}{{0, 0, red}, {59, 0, green}, {0, 39, blue}, {59, 39, yellow}}
			for _, c := range corners {
				if px := color.NRGBAModel.Convert(got.At(c.x, c.y)); px != c.want {
					t.Errorf("Orient(stored, %d) at (%d,%d) = %v, want %v", o, c.x, c.y, px, c.want)
				}
			}
			for y := range 40 {
				for x := range 60 {
					if px := color.NRGBAModel.Convert(got.At(x, y)); px != up.NRGBAAt(x, y) {
						t.Fatalf("Orient(stored, %d) at (%d,%d) = %v, want %v", o, x, y, px, up.NRGBAAt(x, y))
					}
				}
			}
		})
	}
}

func TestOrientOutOfRange(t *testing.T) {
	img := quadrants(6, 4)
	for _, o := range []int{-1, 0, 1, 9, 255} {
		if got := Orient(img, o); got != image.Image(img) {
			t.Errorf("Orient(img, %d) = a new image, want img itself", o)
		}
	}
}

func TestDisplaySize(t *testing.T) {
	tests := []struct {
		o, wantW, wantH int
	}{
		{0, 60, 40}, {1, 60, 40}, {2, 60, 40}, {3, 60, 40}, {4, 60, 40},
		{5, 40, 60}, {6, 40, 60}, {7, 40, 60}, {8, 40, 60}, {9, 60, 40},
	}
	for _, tt := range tests {
		if w, h := DisplaySize(60, 40, tt.o); w != tt.wantW || h != tt.wantH {
			t.Errorf("DisplaySize(60, 40, %d) = %d, %d, want %d, %d", tt.o, w, h, tt.wantW, tt.wantH)
		}
	}
	// DisplaySize of a stored image gives the upright image's size.
	up := quadrants(60, 40)
	for o := 1; o <= 8; o++ {
		b := stored(up, o).Bounds()
		if w, h := DisplaySize(b.Dx(), b.Dy(), o); w != 60 || h != 40 {
			t.Errorf("DisplaySize(%d, %d, %d) = %d, %d, want 60, 40", b.Dx(), b.Dy(), o, w, h)
		}
	}
}

// TestOrientPlanes checks the plane-by-plane orientation of YCbCr and grey
// images against Orient: the same size and the same pixels (exactly for 4:4:4
// and grey; 4:2:0 chroma reversed along an odd side lands half a sample off,
// one pixel of colour, so a smooth image within a tolerance, away from the
// edges).
func TestOrientPlanes(t *testing.T) {
	src := photoLike(37, 23, 5) // odd sides
	smooth := image.NewRGBA(src.Bounds())
	for y := range 23 {
		for x := range 37 {
			smooth.SetRGBA(x, y, color.RGBA{R: uint8(x * 6), G: uint8(y * 4), B: uint8(200 - 3*x), A: 255})
		}
	}
	gray := image.NewGray(src.Bounds())
	for i := range gray.Pix {
		gray.Pix[i] = src.Pix[4*i]
	}
	ycc := func(src *image.RGBA, r image.YCbCrSubsampleRatio) *image.YCbCr {
		v := image.NewYCbCr(src.Bounds(), r)
		for y := range 23 {
			for x := range 37 {
				c := src.RGBAAt(x, y)
				v.Y[v.YOffset(x, y)], v.Cb[v.COffset(x, y)], v.Cr[v.COffset(x, y)] = color.RGBToYCbCr(c.R, c.G, c.B)
			}
		}
		return v
	}
	cases := []struct {
		name string
		img  image.Image
		tol  int
	}{
		{"gray", gray, 0},
		{"ycbcr 4:4:4", ycc(src, image.YCbCrSubsampleRatio444), 0},
		{"ycbcr 4:2:0", ycc(smooth, image.YCbCrSubsampleRatio420), 16},
	}
	for _, c := range cases {
		for o := 1; o <= 8; o++ {
			got, want := orient(c.img, o), Orient(c.img, o)
			if fmt.Sprintf("%T", got) != fmt.Sprintf("%T", c.img) {
				t.Errorf("%s, %d: orient() = %T, want %T", c.name, o, got, c.img)
			}
			if got.Bounds() != want.Bounds() {
				t.Fatalf("%s, %d: bounds %v, want %v", c.name, o, got.Bounds(), want.Bounds())
			}
			b := want.Bounds()
			for y := 2; y < b.Dy()-2; y++ {
				for x := 2; x < b.Dx()-2; x++ {
					g := color.NRGBAModel.Convert(got.At(x, y)).(color.NRGBA)
					w := color.NRGBAModel.Convert(want.At(x, y)).(color.NRGBA)
					if !near(g, w, c.tol) {
						t.Fatalf("%s, %d: pixel (%d,%d) = %v, want %v", c.name, o, x, y, g, w)
					}
				}
			}
		}
	}
}
