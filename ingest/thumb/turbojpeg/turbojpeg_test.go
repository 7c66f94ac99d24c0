//go:build cgo

package turbojpeg

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"testing"
)

// gradient returns a w x h opaque image of smooth colour ramps with a diagonal edge.
func gradient(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			v := uint8(0)
			if x*h > y*w {
				v = 200
			}
			img.SetRGBA(x, y, color.RGBA{R: uint8(255 * x / w), G: uint8(255 * y / h), B: v, A: 255})
		}
	}
	return img
}

func encodeGo(tb testing.TB, img image.Image) []byte {
	tb.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 95}); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// psnr compares a and b over RGB, both starting at the origin.
func psnr(a, b image.Image) float64 {
	var sum float64
	r := a.Bounds()
	for y := range r.Dy() {
		for x := range r.Dx() {
			ca := color.NRGBAModel.Convert(a.At(r.Min.X+x, r.Min.Y+y)).(color.NRGBA)
			cb := color.NRGBAModel.Convert(b.At(b.Bounds().Min.X+x, b.Bounds().Min.Y+y)).(color.NRGBA)
			for _, d := range []float64{float64(ca.R) - float64(cb.R), float64(ca.G) - float64(cb.G), float64(ca.B) - float64(cb.B)} {
				sum += d * d
			}
		}
	}
	return 10 * math.Log10(255*255/(sum/float64(3*r.Dx()*r.Dy())+1e-9))
}

func TestScaleFor(t *testing.T) {
	tests := []struct {
		w, h, minW, minH int
		want             Scale
	}{
		{4000, 3000, 2048, 1536, Scale{5, 8}},
		{4000, 3000, 2000, 1500, Scale{1, 2}},
		{4000, 3000, 500, 375, Scale{1, 8}},
		{4000, 3000, 4000, 3000, Scale{1, 1}},
		{4001, 3001, 501, 376, Scale{1, 8}}, // rounded up: 4001/8 -> 501
		{100, 100, 200, 200, Scale{1, 1}},   // never above 1/1
		{1, 1, 1, 1, Scale{1, 8}},
	}
	for _, tt := range tests {
		if got := ScaleFor(tt.w, tt.h, tt.minW, tt.minH); got != tt.want {
			t.Errorf("ScaleFor(%dx%d, %dx%d) = %v, want %v", tt.w, tt.h, tt.minW, tt.minH, got, tt.want)
		}
	}
}

// TestDecode decodes JPEGs of every chroma subsampling image/jpeg writes or reads (Go's encoder writes
// 4:2:0 only; the others are re-encoded here from planes) to planes, and checks them against image/jpeg's.
// TestDecode compares Decode with image/jpeg at every subsampling, at even and odd sizes (libjpeg-turbo pads the
// Y plane of an odd side to whole chroma blocks: a plane sized without that spilled rows into the chroma).
func TestDecode(t *testing.T) {
	for _, size := range []image.Point{{330, 250}, {331, 251}} {
		testDecodeAt(t, size.X, size.Y)
	}
	gray := encodeGo(t, image.NewGray(image.Rect(0, 0, 40, 30)))
	hdr, err := DecodeHeader(gray)
	if err != nil {
		t.Fatal(err)
	}
	if img, err := Decode(gray, hdr, Scale{1, 2}); err != nil || img.Bounds() != image.Rect(0, 0, 20, 15) {
		t.Errorf("Decode(grey) = %v, %v, want a 20x15 *image.Gray", img, err)
	} else if _, ok := img.(*image.Gray); !ok {
		t.Errorf("Decode(grey) = %T, want *image.Gray", img)
	}
}

// firstChromaRowDiff is the mean absolute difference of the first row of Cb of a and b, where a Y plane that
// overflowed would have written.
func firstChromaRowDiff(a, b *image.YCbCr) float64 {
	n := (a.Rect.Dx() + 1) / 2
	var sum float64
	for x := range n {
		sum += math.Abs(float64(a.Cb[a.COffset(2*x, 0)]) - float64(b.Cb[b.COffset(2*x, 0)]))
	}
	return sum / float64(n)
}

func testDecodeAt(t *testing.T, w, h int) {
	src := gradient(w, h)
	for _, r := range []image.YCbCrSubsampleRatio{
		image.YCbCrSubsampleRatio444, image.YCbCrSubsampleRatio422, image.YCbCrSubsampleRatio420, image.YCbCrSubsampleRatio440,
	} {
		ycc := image.NewYCbCr(src.Rect, r)
		for y := range h {
			for x := range w {
				c := src.RGBAAt(x, y)
				yy, cb, cr := color.RGBToYCbCr(c.R, c.G, c.B)
				ycc.Y[ycc.YOffset(x, y)], ycc.Cb[ycc.COffset(x, y)], ycc.Cr[ycc.COffset(x, y)] = yy, cb, cr
			}
		}
		data, err := Encode(ycc, 95)
		if err != nil {
			t.Fatalf("%dx%d %v: Encode() error = %v", w, h, r, err)
		}
		want, err := jpeg.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if w, ok := want.(*image.YCbCr); !ok || w.SubsampleRatio != r {
			t.Fatalf("%v: image/jpeg reads %T %v back", r, want, w.SubsampleRatio)
		}
		hdr, err := DecodeHeader(data)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []Scale{{1, 1}, {5, 8}, {1, 8}} {
			img, err := Decode(data, hdr, s)
			if err != nil {
				t.Fatalf("%v at %v: Decode() error = %v", r, s, err)
			}
			got, ok := img.(*image.YCbCr)
			if !ok || got.SubsampleRatio != r || got.Rect != image.Rect(0, 0, s.Apply(w), s.Apply(h)) {
				t.Fatalf("%v at %v: Decode() = %T %v", r, s, img, img.Bounds())
			}
			if s == (Scale{1, 1}) {
				if d := firstChromaRowDiff(got, want.(*image.YCbCr)); d > 4 {
					t.Errorf("%dx%d %v: the first row of Cb differs from image/jpeg's by %.1f on average", w, h, r, d)
				}
				if p := psnr(got, want); p < 45 {
					t.Errorf("%dx%d %v: Decode() against image/jpeg: PSNR %.1f dB, want >= 45", w, h, r, p)
				}
			}
		}
	}
}

func TestDecodeBad(t *testing.T) {
	data := encodeGo(t, gradient(320, 240))
	hdr, err := DecodeHeader(data)
	if err != nil {
		t.Fatal(err)
	}
	var e *Error
	if _, err := Decode(data[:len(data)/2], hdr, Scale{1, 1}); !errors.As(err, &e) || !e.Warning {
		t.Errorf("Decode(truncated) error = %v, want a warning", err)
	}
	garbage := append(bytes.Clone(data[:400]), bytes.Repeat([]byte{0x13, 0x57}, 500)...)
	if _, err := Decode(garbage, hdr, Scale{1, 1}); !errors.As(err, &e) {
		t.Errorf("Decode(garbage) error = %v, want an *Error", err)
	}
	bad := hdr
	bad.Width, bad.Height = 640, 480
	if _, err := Decode(data, bad, Scale{1, 1}); !errors.As(err, &e) {
		t.Errorf("Decode(header mismatch) error = %v, want an *Error", err)
	}
	if _, err := Decode(data, Header{Width: 320, Height: 240, Colorspace: CMYK}, Scale{1, 1}); !errors.Is(err, ErrColorspace) {
		t.Errorf("Decode(CMYK) error = %v, want %v", err, ErrColorspace)
	}
	if _, err := Decode(data, Header{Width: 320, Height: 240, Colorspace: RGB}, Scale{1, 1}); !errors.Is(err, ErrColorspace) {
		t.Errorf("Decode(RGB) error = %v, want %v", err, ErrColorspace)
	}
	if _, err := Decode(data[:len(data)/2], hdr, Scale{1, 2}); !errors.As(err, &e) || !e.Warning {
		t.Errorf("Decode(truncated) error = %v, want a warning", err)
	}
	for _, in := range [][]byte{nil, {0xff}, {0xff, 0xd8}, []byte("not a jpeg at all")} {
		if _, err := DecodeHeader(in); !errors.As(err, &e) {
			t.Errorf("DecodeHeader(% x) error = %v, want an *Error", in, err)
		}
	}
}

func TestEncode(t *testing.T) {
	src := gradient(300, 200)
	gray := image.NewGray(src.Bounds())
	for i := range gray.Pix {
		gray.Pix[i] = src.Pix[4*i]
	}
	nrgba := &image.NRGBA{Pix: src.Pix, Stride: src.Stride, Rect: src.Rect}
	for _, tt := range []struct {
		name string
		img  image.Image
	}{
		{"rgba", src},
		{"nrgba", nrgba},
		{"grey", gray},
		{"rgba sub-image", src.SubImage(image.Rect(50, 30, 250, 170))},
	} {
		data, err := Encode(tt.img, 90)
		if err != nil {
			t.Fatalf("%s: Encode() error = %v", tt.name, err)
		}
		got, err := jpeg.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: image/jpeg cannot read Encode's output: %v", tt.name, err)
		}
		if got.Bounds().Size() != tt.img.Bounds().Size() {
			t.Fatalf("%s: decoded size %v, want %v", tt.name, got.Bounds().Size(), tt.img.Bounds().Size())
		}
		if p := psnr(tt.img, got); p < 32 {
			t.Errorf("%s: PSNR %.1f dB, want >= 32", tt.name, p)
		}
	}
	if _, err := Encode(image.NewYCbCr(image.Rect(0, 0, 8, 8), image.YCbCrSubsampleRatio410), 90); err == nil {
		t.Errorf("Encode(YCbCr 4:1:0) succeeded, want an error")
	}
	if _, err := Encode(image.NewCMYK(image.Rect(0, 0, 8, 8)), 90); err == nil {
		t.Errorf("Encode(CMYK) succeeded, want an error")
	}
	if _, err := Encode(image.NewRGBA(image.Rect(0, 0, 0, 8)), 90); err == nil {
		t.Errorf("Encode(empty) succeeded, want an error")
	}
}

// FuzzDecode feeds arbitrary bytes through DecodeHeader and Decode: libjpeg must fail cleanly, never crash.
func FuzzDecode(f *testing.F) {
	data := encodeGo(f, gradient(64, 48))
	f.Add(data)
	f.Add(data[:len(data)/2])
	f.Add([]byte{0xff, 0xd8, 0xff, 0xd9})
	f.Fuzz(func(t *testing.T, in []byte) {
		hdr, err := DecodeHeader(in)
		if err != nil || int64(hdr.Width)*int64(hdr.Height) > 1<<20 {
			return
		}
		img, err := Decode(in, hdr, Scale{1, 2})
		if err == nil && img.Bounds().Dx() != (Scale{1, 2}).Apply(hdr.Width) {
			t.Fatalf("Decode() bounds = %v for a %dx%d header", img.Bounds(), hdr.Width, hdr.Height)
		}
		img, err = Decode(in, hdr, Scale{3, 8})
		if err == nil && img.Bounds().Dy() != (Scale{3, 8}).Apply(hdr.Height) {
			t.Fatalf("Decode() bounds = %v for a %dx%d header", img.Bounds(), hdr.Width, hdr.Height)
		}
	})
}

// BenchmarkDecode12MP decodes a 12-megapixel JPEG (smooth ramps with per-pixel noise, so it compresses like a
// photo) at each scale the thumbnails use, and image/jpeg for comparison.
func BenchmarkDecode12MP(b *testing.B) {
	img := gradient(4000, 3000)
	var seed uint32 = 1
	for i := range img.Pix {
		seed = seed*1664525 + 1013904223
		img.Pix[i] = uint8(min(255, max(0, int(img.Pix[i])+int(seed>>28)-8)))
	}
	data := encodeGo(b, img)
	hdr, err := DecodeHeader(data)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("image-jpeg", func(b *testing.B) {
		for b.Loop() {
			if _, err := jpeg.Decode(bytes.NewReader(data)); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, s := range []Scale{{1, 1}, {5, 8}, {1, 2}, {1, 4}, {1, 8}} {
		b.Run(fmt.Sprintf("%d-%d", s.Num, s.Den), func(b *testing.B) {
			for b.Loop() {
				if _, err := Decode(data, hdr, s); err != nil {
					b.Fatal(err)
				}
			}
		})

	}
}
