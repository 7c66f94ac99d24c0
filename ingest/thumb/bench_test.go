package thumb

import (
	"bytes"
	"fmt"
	"image"
	"math"
	"testing"

	"github.com/disintegration/imaging"
)

// BenchmarkDecodeRender12MP decodes a 12-megapixel photo-like JPEG and
// renders the default sizes: orientation 1, orientation 6 through Orient
// then Render, and orientation 6 through RenderOriented.
func BenchmarkDecodeRender12MP(b *testing.B) {
	data := encodeJPEG(b, photoLike(4000, 3000, 11), 90)
	m := New(Options{})
	cases := []struct {
		name   string
		orient int
		render func(img image.Image, o int) ([]Thumb, error)
	}{
		{"upright", 1, func(img image.Image, o int) ([]Thumb, error) { return m.Render(b.Context(), img) }},
		{"orient6/Orient+Render", 6, func(img image.Image, o int) ([]Thumb, error) {
			return m.Render(b.Context(), Orient(img, o))
		}},
		{"orient6/RenderOriented", 6, func(img image.Image, o int) ([]Thumb, error) {
			return m.RenderOriented(b.Context(), img, o)
		}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				img, _, err := m.Decode(bytes.NewReader(data))
				if err != nil {
					b.Fatal(err)
				}
				if _, err := c.render(img, c.orient); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkStages times each stage of the 12 MP pipeline on its own.
func BenchmarkStages(b *testing.B) {
	data := encodeJPEG(b, photoLike(4000, 3000, 11), 90)
	m := New(Options{})
	img, _, err := m.Decode(bytes.NewReader(data))
	if err != nil {
		b.Fatal(err)
	}
	b.Run("decode", func(b *testing.B) {
		for b.Loop() {
			m.Decode(bytes.NewReader(data))
		}
	})
	b.Run("orient6", func(b *testing.B) {
		for b.Loop() {
			Orient(img, 6)
		}
	})
	b.Run("render", func(b *testing.B) {
		for b.Loop() {
			m.Render(b.Context(), img)
		}
	})
}

// BenchmarkFilters measures the first, most expensive resize (12 MP to the
// 2048 and 720 sizes) with each candidate filter, and reports its quality as
// PSNR against the exact area average of a continuous test scene (a zone
// plate with fine detail, which shows both blur and aliasing).
func BenchmarkFilters(b *testing.B) {
	const W, H = 4000, 3000
	src := scene(W, H, 1)
	filters := []struct {
		name string
		f    imaging.ResampleFilter
	}{
		{"Lanczos", imaging.Lanczos},
		{"CatmullRom", imaging.CatmullRom},
		{"Linear", imaging.Linear},
		{"Box", imaging.Box},
	}
	for _, long := range []int{2048, 720} {
		w, h := long, long*H/W
		truth := scene(w, h, 8) // 8x8 supersampled box average of the same scene
		for _, f := range filters {
			b.Run(fmt.Sprintf("%d/%s", long, f.name), func(b *testing.B) {
				var out *image.NRGBA
				for b.Loop() {
					out = imaging.Resize(src, w, h, f.f)
				}
				b.ReportMetric(psnr(out, truth), "dB")
			})
		}
	}
}

// scene renders a zone plate (rings whose frequency grows outwards to near
// the 4000-pixel Nyquist limit) over a colour gradient, at w x h with ss x ss
// samples per pixel averaged.
func scene(w, h, ss int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			var r, g, bl float64
			for sy := range ss {
				for sx := range ss {
					u := (float64(x) + (float64(sx)+0.5)/float64(ss)) / float64(w)
					v := (float64(y) + (float64(sy)+0.5)/float64(ss)) / float64(h)
					d := (u-0.5)*(u-0.5) + (v-0.5)*(v-0.5)*0.5625
					z := 0.5 + 0.5*math.Cos(2*math.Pi*1500*d)
					r += 255 * (0.3*z + 0.7*u)
					g += 255 * (0.6*z + 0.4*v)
					bl += 255 * z
				}
			}
			n := float64(ss * ss)
			i := img.PixOffset(x, y)
			img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = clamp8(r/n), clamp8(g/n), clamp8(bl/n), 255
		}
	}
	return img
}
