package thumb

import (
	"bytes"
	"fmt"
	"image"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

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
			defer reportCPU(b)()
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

// BenchmarkThumbnails12MP makes the default sizes of a 12-megapixel
// photo-like JPEG with Thumbnails (one decode, DCT-scaled for JPEG), upright
// and with orientation 6: the path of an import.
func BenchmarkThumbnails12MP(b *testing.B) {
	data := encodeJPEG(b, photoLike(4000, 3000, 11), 90)
	m := New(Options{})
	for _, orient := range []int{1, 6} {
		b.Run(fmt.Sprintf("orient%d", orient), func(b *testing.B) {
			defer reportCPU(b)()
			for b.Loop() {
				if _, _, err := m.Thumbnails(b.Context(), bytes.NewReader(data), orient); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("vipsthumbnail", func(b *testing.B) { benchVips(b, data, m.Specs()) })
}

// benchVips runs libvips' vipsthumbnail (Debian libvips-tools), the yardstick
// of issue 8, on the same file: one process per size, each shrinking on load
// as libvips does, at the same JPEG quality. It reports the children's CPU
// time as cpu-ms/op, and skips when vipsthumbnail is not installed.
func benchVips(b *testing.B, data []byte, specs []Spec) {
	vips, err := exec.LookPath("vipsthumbnail")
	if err != nil {
		b.Skip("vipsthumbnail not installed (scripts/deps.sh bench)")
	}
	dir := b.TempDir()
	in := filepath.Join(dir, "in.jpg")
	if err := os.WriteFile(in, data, 0o644); err != nil {
		b.Fatal(err)
	}
	var cpu time.Duration
	for b.Loop() {
		for _, s := range specs {
			args := []string{in, "--size", fmt.Sprint(s.Long), "-o", filepath.Join(dir, s.Name+".jpg[Q=85]")}
			if s.Square {
				args = append(args, "--smartcrop", "centre")
			}
			cmd := exec.Command(vips, args...)
			if out, err := cmd.CombinedOutput(); err != nil {
				b.Fatalf("vipsthumbnail %v: %v\n%s", args, err, out)
			}
			cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
		}
	}
	b.ReportMetric(float64(cpu)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
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
		defer reportCPU(b)()
		for b.Loop() {
			m.Decode(bytes.NewReader(data))
		}
	})
	b.Run("orient6", func(b *testing.B) {
		defer reportCPU(b)()
		for b.Loop() {
			Orient(img, 6)
		}
	})
	b.Run("render", func(b *testing.B) {
		defer reportCPU(b)()
		for b.Loop() {
			m.Render(b.Context(), img)
		}
	})
}

// BenchmarkFilters measures the first, most expensive resize (12 MP to the
// 2048 and 720 sizes) with each candidate filter, and reports its quality as
// PSNR against an ideal rendering of the same continuous scene at the target
// size, on two scenes: "sharp" has detail only up to a quarter cycle per
// target pixel, which an ideal filter keeps whole (blur costs); "alias" has
// detail up to 1.5x the target's Nyquist frequency, which an ideal filter
// removes (aliasing and ringing cost).
func BenchmarkFilters(b *testing.B) {
	const W, H = 4000, 3000
	filters := []struct {
		name string
		f    imaging.ResampleFilter
	}{
		{"Lanczos", imaging.Lanczos},
		{"CatmullRom", imaging.CatmullRom},
		{"MitchellNetravali", imaging.MitchellNetravali},
		{"Linear", imaging.Linear},
		{"Box", imaging.Box},
	}
	for _, long := range []int{2048, 720} {
		w, h := long, long*H/W
		for _, sc := range []struct {
			name string
			k    float64
		}{{"sharp", 0.2 * float64(w)}, {"alias", 0.75 * float64(w)}} {
			src, truth := scene(W, H, sc.k, false), scene(w, h, sc.k, true)
			for _, f := range filters {
				b.Run(fmt.Sprintf("%d/%s/%s", long, sc.name, f.name), func(b *testing.B) {
					defer reportCPU(b)()
					var out *image.NRGBA
					for b.Loop() {
						out = imaging.Resize(src, w, h, f.f)
					}
					b.ReportMetric(psnr(out, truth), "dB")
				})
			}
		}
	}
}

// scene renders at w x h a zone plate over a colour gradient: rings whose
// frequency grows from the centre to k/w cycles per pixel at the left and
// right edges. With ideal set, rings too fine for w x h are faded out as a
// perfect low-pass filter would: kept below 0.25 cycles per pixel, removed
// above 0.5, raised cosine between.
func scene(w, h int, k float64, ideal bool) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			u, v := (float64(x)+0.5)/float64(w), (float64(y)+0.5)/float64(h)
			d := (u-0.5)*(u-0.5) + (v-0.5)*(v-0.5)*0.5625
			amp := 0.5
			if ideal {
				fx, fy := k*2*(u-0.5)/float64(w), k*2*0.5625*(v-0.5)/float64(h) // cycles per pixel
				f := math.Hypot(fx, fy)
				switch {
				case f >= 0.5:
					amp = 0
				case f > 0.25:
					amp *= 0.5 + 0.5*math.Cos(math.Pi*(f-0.25)/0.25)
				}
			}
			z := 0.5 + amp*math.Cos(2*math.Pi*k*d)
			i := img.PixOffset(x, y)
			img.Pix[i] = clamp8(255 * (0.3*z + 0.7*u))
			img.Pix[i+1] = clamp8(255 * (0.6*z + 0.4*v))
			img.Pix[i+2] = clamp8(255 * z)
			img.Pix[i+3] = 255
		}
	}
	return img
}

// reportCPU starts counting CPU time and returns the function that reports
// it as cpu-ms/op. Both cores count: imaging resizes in parallel.
func reportCPU(b *testing.B) func() {
	start := cpuTime()
	return func() {
		b.ReportMetric(float64(cpuTime()-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
	}
}

// BenchmarkQuality encodes a 720-pixel thumbnail of a generated photo and of
// each photo under -photos at several JPEG qualities, reporting size and
// PSNR against the unencoded thumbnail: the figures behind DefaultQuality.
func BenchmarkQuality(b *testing.B) {
	srcs := map[string]image.Image{"generated": photoLike(4000, 3000, 11)}
	paths, _ := filepath.Glob(filepath.Join(*photosDir, "*.jpg"))
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		if img, _, err := New(Options{}).Decode(bytes.NewReader(data)); err == nil {
			srcs[filepath.Base(p)] = img
		}
	}
	for name, src := range srcs {
		thumb := imaging.Fit(src, 720, 720, filter())
		for _, q := range []int{75, 80, 85, 90, 95} {
			b.Run(fmt.Sprintf("%s/q%d", name, q), func(b *testing.B) {
				var out []byte
				for b.Loop() {
					out = encodeJPEG(b, thumb, q)
				}
				b.ReportMetric(float64(len(out)), "bytes")
				b.ReportMetric(psnr(decodeJPEG(b, out), thumb), "dB")
			})
		}
	}
}
