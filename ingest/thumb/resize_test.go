package thumb

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"testing"

	"github.com/disintegration/imaging"
)

// TestResizeMatchesImaging checks the fixed-point resizer against imaging's
// Catmull-Rom on every layout it takes: same size, PSNR over 40 dB (8-bit
// rounding apart, they compute the same filter; for YCbCr plane by plane,
// the chroma planes resized to 4:2:0), and flat areas exact.
func TestResizeMatchesImaging(t *testing.T) {
	photo := photoLike(600, 400, 3)
	gray := image.NewGray(photo.Bounds())
	for i := range gray.Pix {
		gray.Pix[i] = photo.Pix[4*i+1]
	}
	nrgba := &image.NRGBA{Pix: photo.Pix, Stride: photo.Stride, Rect: photo.Rect}
	translucent := image.NewRGBA(photo.Bounds())
	for i := 0; i < len(photo.Pix); i += 4 {
		a := uint8(i / 4 % 600 * 255 / 599) // alpha ramps left to right
		for c := range 3 {
			translucent.Pix[i+c] = uint8(int(photo.Pix[i+c]) * int(a) / 255)
		}
		translucent.Pix[i+3] = a
	}
	ycc444 := image.NewYCbCr(photo.Rect, image.YCbCrSubsampleRatio444)
	for y := range 400 {
		for x := range 600 {
			c := photo.RGBAAt(x, y)
			ycc444.Y[ycc444.YOffset(x, y)], ycc444.Cb[ycc444.COffset(x, y)], ycc444.Cr[ycc444.COffset(x, y)] = color.RGBToYCbCr(c.R, c.G, c.B)
		}
	}
	cases := []struct {
		name string
		img  image.Image
	}{
		{"ycbcr 4:2:0", toYCbCr(photo)},
		{"ycbcr 4:4:4", ycc444},
		{"ycbcr 4:2:0 sub-image", toYCbCr(photo).SubImage(image.Rect(100, 50, 501, 351))},
		{"rgba", photo},
		{"rgba sub-image", photo.SubImage(image.Rect(100, 50, 500, 350))},
		{"nrgba opaque", nrgba},
		{"gray", gray},
		{"rgba translucent", translucent},
	}
	for _, c := range cases {
		for _, sz := range []image.Point{{300, 200}, {97, 61}, {599, 399}, {1, 1}, {40, 400}} {
			t.Run(fmt.Sprintf("%s/%dx%d", c.name, sz.X, sz.Y), func(t *testing.T) {
				got := fastResize(c.img, sz.X, sz.Y)
				if got == nil {
					t.Fatalf("fastResize(%T) = nil, want a resize", c.img)
				}
				if got.Bounds() != image.Rect(0, 0, sz.X, sz.Y) {
					t.Fatalf("bounds = %v, want %v", got.Bounds(), sz)
				}
				if v, ok := c.img.(*image.YCbCr); ok {
					checkPlanes(t, v, got.(*image.YCbCr))
					return
				}
				want := image.Image(imaging.Resize(c.img, sz.X, sz.Y, imaging.CatmullRom))
				if _, ok := got.(*image.RGBA); ok {
					// Compare premultiplied: where alpha is near 0, colour does not count.
					rgba := image.NewRGBA(want.Bounds())
					draw.Draw(rgba, rgba.Rect, want, image.Point{}, draw.Src)
					want = rgba
					got = &image.NRGBA{Pix: got.(*image.RGBA).Pix, Stride: rgba.Stride, Rect: rgba.Rect}
					want = &image.NRGBA{Pix: rgba.Pix, Stride: rgba.Stride, Rect: rgba.Rect}
				}
				if p := psnr(got, want); p < 40 {
					t.Errorf("PSNR against imaging = %.1f dB, want >= 40", p)
				}
			})
		}
	}
	flat := image.NewRGBA(image.Rect(0, 0, 333, 222))
	for i := range flat.Pix {
		flat.Pix[i] = []uint8{200, 13, 77, 255}[i%4]
	}
	out := fastResize(flat, 100, 67).(*image.RGBA)
	for i := range out.Pix {
		if want := flat.Pix[i%4]; out.Pix[i] != want {
			t.Fatalf("flat colour resized: byte %d = %d, want %d", i, out.Pix[i], want)
		}
	}
	if fastResize(image.NewNRGBA(image.Rect(0, 0, 4, 4)), 2, 2) != nil { // transparent: imaging's job
		t.Errorf("fastResize(translucent NRGBA) resized, want nil")
	}
	if got := color.NRGBAModel.Convert(fastResize(translucent, 300, 200).At(0, 100)).(color.NRGBA); got.A > 2 {
		t.Errorf("transparent edge after resize = %v, want alpha near 0", got)
	}
}

// BenchmarkResize compares the fixed-point resizer with imaging on the first
// and most expensive step of a 12 MP photo's thumbnails: 2500x1875 (its
// 5/8 DCT-scaled decode) to 2048x1536, from RGBA and from YCbCr 4:2:0 planes
// (what the JPEG path resizes), then 2048 to 720.
func BenchmarkResize(b *testing.B) {
	src := photoLike(2500, 1875, 11)
	steps := []struct {
		name string
		img  image.Image
		w, h int
	}{
		{"2500to2048", src, 2048, 1536},
		{"2500to2048-ycbcr", toYCbCr(src), 2048, 1536},
		{"2048to720", photoLike(2048, 1536, 12), 720, 540},
	}
	for _, s := range steps {
		ref := imaging.Resize(s.img, s.w, s.h, imaging.CatmullRom)
		b.Run(s.name+"/imaging", func(b *testing.B) {
			defer reportCPU(b)()
			for b.Loop() {
				imaging.Resize(s.img, s.w, s.h, imaging.CatmullRom)
			}
		})
		b.Run(s.name+"/fixed", func(b *testing.B) {
			stop := reportCPU(b)
			var out image.Image
			for b.Loop() {
				out = fastResize(s.img, s.w, s.h)
			}
			stop()
			b.ReportMetric(psnr(out, ref), "dB")
		})
	}
}

// toYCbCr returns src as YCbCr 4:2:0 planes, as a JPEG decoder returns them
// (chroma from one pixel of each 2x2 block: good enough for timing).
func toYCbCr(src *image.RGBA) *image.YCbCr {
	v := image.NewYCbCr(src.Rect, image.YCbCrSubsampleRatio420)
	for y := src.Rect.Min.Y; y < src.Rect.Max.Y; y++ {
		for x := src.Rect.Min.X; x < src.Rect.Max.X; x++ {
			c := src.RGBAAt(x, y)
			v.Y[v.YOffset(x, y)], v.Cb[v.COffset(x, y)], v.Cr[v.COffset(x, y)] = color.RGBToYCbCr(c.R, c.G, c.B)
		}
	}
	return v
}

// checkPlanes compares each plane of got, src resized to 4:2:0, with imaging's
// resize of that plane of src.
func checkPlanes(t *testing.T, src, got *image.YCbCr) {
	t.Helper()
	if got.SubsampleRatio != image.YCbCrSubsampleRatio420 {
		t.Fatalf("resized %v, want 4:2:0", got.SubsampleRatio)
	}
	b := src.Rect
	cw, ch := chromaSize(src)
	w, h := got.Rect.Dx(), got.Rect.Dy()
	planes := []struct {
		name       string
		pix        []byte
		stride     int
		sw, sh     int
		out        []byte
		ostride    int
		outW, outH int
	}{
		{"Y", src.Y[src.YOffset(b.Min.X, b.Min.Y):], src.YStride, b.Dx(), b.Dy(), got.Y, got.YStride, w, h},
		{"Cb", src.Cb[src.COffset(b.Min.X, b.Min.Y):], src.CStride, cw, ch, got.Cb, got.CStride, (w + 1) / 2, (h + 1) / 2},
		{"Cr", src.Cr[src.COffset(b.Min.X, b.Min.Y):], src.CStride, cw, ch, got.Cr, got.CStride, (w + 1) / 2, (h + 1) / 2},
	}
	for _, p := range planes {
		in := &image.Gray{Pix: p.pix, Stride: p.stride, Rect: image.Rect(0, 0, p.sw, p.sh)}
		want := imaging.Resize(in, p.outW, p.outH, imaging.CatmullRom)
		out := &image.Gray{Pix: p.out, Stride: p.ostride, Rect: image.Rect(0, 0, p.outW, p.outH)}
		if q := psnr(out, want); q < 40 {
			t.Errorf("%s plane: PSNR against imaging = %.1f dB, want >= 40", p.name, q)
		}
	}
}
