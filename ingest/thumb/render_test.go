package thumb

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"math"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/disintegration/imaging"
)

// size is a width and height.
type size struct{ w, h int }

func TestRenderSizes(t *testing.T) {
	tests := []struct {
		name string
		in   size
		want []size // tile, fit720, fit2048
	}{
		{"landscape 2400x1600", size{2400, 1600}, []size{{256, 256}, {720, 480}, {2048, 1365}}},
		{"portrait 1600x2400", size{1600, 2400}, []size{{256, 256}, {480, 720}, {1365, 2048}}},
		{"square 2100", size{2100, 2100}, []size{{256, 256}, {720, 720}, {2048, 2048}}},
		{"medium 1000x500", size{1000, 500}, []size{{256, 256}, {720, 360}, {1000, 500}}},
		{"exactly 720 long", size{720, 300}, []size{{256, 256}, {720, 300}, {720, 300}}},
		{"small 200x100, no upscale", size{200, 100}, []size{{100, 100}, {200, 100}, {200, 100}}},
		{"panorama 5000x50", size{5000, 50}, []size{{50, 50}, {720, 7}, {2048, 20}}},
		{"sliver 3000x1", size{3000, 1}, []size{{1, 1}, {720, 1}, {2048, 1}}},
		{"longest side 1x65536", size{1, MaxSide}, []size{{1, 1}, {1, 720}, {1, 2048}}},
		{"one pixel", size{1, 1}, []size{{1, 1}, {1, 1}, {1, 1}}},
	}
	m := New(Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			thumbs, err := m.Render(t.Context(), photoLike(tt.in.w, tt.in.h, 3))
			if err != nil {
				t.Fatalf("Render() error = %v", err)
			}
			if len(thumbs) != len(tt.want) {
				t.Fatalf("Render() returned %d thumbs, want %d", len(thumbs), len(tt.want))
			}
			for i, th := range thumbs {
				if th.Spec != DefaultSpecs()[i] {
					t.Errorf("thumb %d spec = %+v, want %+v", i, th.Spec, DefaultSpecs()[i])
				}
				if got := (size{th.Width, th.Height}); got != tt.want[i] {
					t.Errorf("%s size = %v, want %v", th.Spec.Name, got, tt.want[i])
				}
				cfg, err := jpeg.DecodeConfig(bytes.NewReader(th.JPEG))
				if err != nil {
					t.Fatalf("%s: JPEG does not decode: %v", th.Spec.Name, err)
				}
				if cfg.Width != th.Width || cfg.Height != th.Height {
					t.Errorf("%s JPEG is %dx%d, Thumb says %dx%d", th.Spec.Name, cfg.Width, cfg.Height, th.Width, th.Height)
				}
			}
		})
	}
}

// TestRenderOriented checks that RenderOriented of a stored image equals
// Render of the upright one: same sizes, same colours in every corner.
func TestRenderOriented(t *testing.T) {
	up := quadrants(900, 600)
	m := New(Options{Specs: []Spec{{Name: "tile", Long: 64, Square: true}, {Name: "fit", Long: 300}}})
	want, err := m.Render(t.Context(), up)
	if err != nil {
		t.Fatal(err)
	}
	for o := 1; o <= 8; o++ {
		t.Run(fmt.Sprint(o), func(t *testing.T) {
			got, err := m.RenderOriented(t.Context(), stored(up, o), o)
			if err != nil {
				t.Fatalf("RenderOriented(%d) error = %v", o, err)
			}
			for i := range got {
				if got[i].Width != want[i].Width || got[i].Height != want[i].Height {
					t.Errorf("%s: %dx%d, want %dx%d", got[i].Spec.Name, got[i].Width, got[i].Height, want[i].Width, want[i].Height)
				}
				gi, wi := decodeJPEG(t, got[i].JPEG), decodeJPEG(t, want[i].JPEG)
				for _, c := range corners(wi.Bounds(), 6) {
					g := color.NRGBAModel.Convert(gi.At(c.X, c.Y)).(color.NRGBA)
					w := color.NRGBAModel.Convert(wi.At(c.X, c.Y)).(color.NRGBA)
					if !near(g, w, 12) {
						t.Errorf("%s at %v = %v, want %v", got[i].Spec.Name, c, g, w)
					}
				}
			}
		})
	}
}

// corners returns points inset by d from the four corners of r.
func corners(r image.Rectangle, d int) []image.Point {
	return []image.Point{
		{r.Min.X + d, r.Min.Y + d}, {r.Max.X - 1 - d, r.Min.Y + d},
		{r.Min.X + d, r.Max.Y - 1 - d}, {r.Max.X - 1 - d, r.Max.Y - 1 - d},
	}
}

func decodeJPEG(tb testing.TB, b []byte) image.Image {
	tb.Helper()
	img, err := jpeg.Decode(bytes.NewReader(b))
	if err != nil {
		tb.Fatalf("jpeg.Decode: %v", err)
	}
	return img
}

func TestRenderTileIsCentreCrop(t *testing.T) {
	// A wide image: red band left, green middle, blue band right. The tile
	// must show only the green middle.
	img := image.NewNRGBA(image.Rect(0, 0, 1200, 400))
	for y := range 400 {
		for x := range 1200 {
			c := green
			if x < 400 {
				c = red
			} else if x >= 800 {
				c = blue
			}
			img.SetNRGBA(x, y, c)
		}
	}
	thumbs, err := New(Options{Specs: []Spec{{Name: "tile", Long: 100, Square: true}}}).Render(t.Context(), img)
	if err != nil {
		t.Fatal(err)
	}
	tile := decodeJPEG(t, thumbs[0].JPEG)
	for _, c := range corners(tile.Bounds(), 2) {
		if got := color.NRGBAModel.Convert(tile.At(c.X, c.Y)).(color.NRGBA); !near(got, green, 10) {
			t.Errorf("tile at %v = %v, want green", c, got)
		}
	}
}

// TestRenderOffsetBounds renders a sub-image whose bounds do not start at
// the origin, as a GIF frame or a crop can be.
func TestRenderOffsetBounds(t *testing.T) {
	img := quadrants(400, 200).SubImage(image.Rect(100, 50, 300, 150)) // a quadrant in each quarter
	for _, o := range []int{1, 6} {
		thumbs, err := New(Options{Specs: []Spec{{Name: "fit", Long: 100}}}).RenderOriented(t.Context(), img, o)
		if err != nil {
			t.Fatal(err)
		}
		out := decodeJPEG(t, thumbs[0].JPEG)
		want := []color.NRGBA{red, green, blue, yellow}
		if o == 6 { // turned clockwise: blue top-left, red top-right
			want = []color.NRGBA{blue, red, yellow, green}
		}
		for i, c := range corners(out.Bounds(), 3) {
			if got := color.NRGBAModel.Convert(out.At(c.X, c.Y)).(color.NRGBA); !near(got, want[i], 12) {
				t.Errorf("orientation %d: corner %v = %v, want %v", o, c, got, want[i])
			}
		}
	}
}

func TestRenderAlphaOnWhite(t *testing.T) {
	// Left half transparent, right half half-transparent black.
	img := image.NewNRGBA(image.Rect(0, 0, 400, 200))
	for y := range 200 {
		for x := 200; x < 400; x++ {
			img.SetNRGBA(x, y, color.NRGBA{A: 128})
		}
	}
	before := crc32.ChecksumIEEE(img.Pix)
	for _, name := range []string{"resized", "kept size"} {
		long := 100
		if name == "kept size" {
			long = 1000 // no resize: encodes the caller's image, which must stay untouched
		}
		thumbs, err := New(Options{Specs: []Spec{{Name: name, Long: long}}}).Render(t.Context(), img)
		if err != nil {
			t.Fatal(err)
		}
		out := decodeJPEG(t, thumbs[0].JPEG)
		b := out.Bounds()
		left := color.NRGBAModel.Convert(out.At(b.Dx()/4, b.Dy()/2)).(color.NRGBA)
		right := color.NRGBAModel.Convert(out.At(3*b.Dx()/4, b.Dy()/2)).(color.NRGBA)
		if !near(left, color.NRGBA{255, 255, 255, 255}, 3) {
			t.Errorf("%s: transparent area = %v, want white", name, left)
		}
		if !near(right, color.NRGBA{127, 127, 127, 255}, 3) {
			t.Errorf("%s: half-transparent black = %v, want mid grey", name, right)
		}
	}
	if crc32.ChecksumIEEE(img.Pix) != before {
		t.Errorf("Render modified its input image")
	}
}

// TestRenderWebPAlpha renders a lossy WebP with an alpha channel: its
// transparent right half must come out white.
func TestRenderWebPAlpha(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "valid", "lossy-alpha-32x24.webp"))
	if err != nil {
		t.Fatal(err)
	}
	m := New(Options{})
	img, _, err := m.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	thumbs, err := m.Render(t.Context(), img)
	if err != nil {
		t.Fatal(err)
	}
	out := decodeJPEG(t, thumbs[2].JPEG)
	white := color.NRGBA{255, 255, 255, 255}
	for _, c := range []struct {
		p    image.Point
		want color.NRGBA
	}{{image.Pt(4, 6), red}, {image.Pt(4, 18), blue}, {image.Pt(27, 6), white}, {image.Pt(27, 18), white}} {
		if got := color.NRGBAModel.Convert(out.At(c.p.X, c.p.Y)).(color.NRGBA); !near(got, c.want, 24) {
			t.Errorf("pixel at %v = %v, want %v", c.p, got, c.want)
		}
	}
}

// TestRenderFormats renders every decodable pixel layout.
func TestRenderFormats(t *testing.T) {
	m := New(Options{})
	for _, tt := range formatCases(t) {
		t.Run(tt.name, func(t *testing.T) {
			img, _, err := m.Decode(bytes.NewReader(tt.data))
			if err != nil {
				t.Fatal(err)
			}
			thumbs, err := m.Render(t.Context(), img)
			if err != nil {
				t.Fatalf("Render() error = %v", err)
			}
			fit := decodeJPEG(t, thumbs[2].JPEG) // fit2048: original size
			got := color.NRGBAModel.Convert(fit.At(tt.w/4, tt.h/4)).(color.NRGBA)
			if !near(got, tt.centre, tt.tolerance+10) {
				t.Errorf("thumbnail pixel = %v, want %v", got, tt.centre)
			}
		})
	}
}

// TestRenderCascadeQuality compares the cascade with resizing the original
// for every size: they must agree closely (PSNR in dB).
func TestRenderCascadeQuality(t *testing.T) {
	src := photoLike(2400, 1600, 5)
	m := New(Options{Quality: 100})
	thumbs, err := m.Render(t.Context(), src)
	if err != nil {
		t.Fatal(err)
	}
	for _, th := range thumbs {
		crop := image.Image(src)
		if th.Spec.Square {
			crop = src.SubImage(image.Rect(400, 0, 2000, 1600))
		}
		direct := imaging.Resize(crop, th.Width, th.Height, imaging.Lanczos)
		got := decodeJPEG(t, th.JPEG)
		if p := psnr(got, direct); p < 30 {
			t.Errorf("%s: PSNR against direct Lanczos = %.1f dB, want >= 30", th.Spec.Name, p)
		} else {
			t.Logf("%s: PSNR against direct Lanczos = %.1f dB", th.Spec.Name, p)
		}
	}
}

// psnr returns the peak signal-to-noise ratio of a against b over RGB.
func psnr(a, b image.Image) float64 {
	var sum float64
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			ca := color.NRGBAModel.Convert(a.At(x, y)).(color.NRGBA)
			cb := color.NRGBAModel.Convert(b.At(x-r.Min.X+b.Bounds().Min.X, y-r.Min.Y+b.Bounds().Min.Y)).(color.NRGBA)
			for _, d := range []float64{float64(ca.R) - float64(cb.R), float64(ca.G) - float64(cb.G), float64(ca.B) - float64(cb.B)} {
				sum += d * d
			}
		}
	}
	mse := sum / float64(3*r.Dx()*r.Dy())
	if mse == 0 {
		return math.Inf(1)
	}
	return 10 * math.Log10(255*255/mse)
}

func TestRenderErrors(t *testing.T) {
	img := photoLike(100, 80, 1)
	cancelled, cancel := context.WithCancel(t.Context())
	cancel()
	tests := []struct {
		name  string
		specs []Spec
		ctx   context.Context
		img   image.Image
		want  error
	}{
		{name: "cancelled", ctx: cancelled, img: img, want: context.Canceled},
		{name: "empty image", ctx: t.Context(), img: image.NewNRGBA(image.Rect(0, 0, 0, 10)), want: ErrCorrupt},
		{name: "side too long", ctx: t.Context(), img: image.NewGray(image.Rect(0, 0, MaxSide+1, 1)), want: ErrTooLarge},
		{name: "no specs", specs: []Spec{}, ctx: t.Context(), img: img},
		{name: "zero size", specs: []Spec{{Name: "zero"}}, ctx: t.Context(), img: img},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			thumbs, err := New(Options{Specs: tt.specs}).Render(tt.ctx, tt.img)
			if err == nil {
				t.Fatalf("Render() = %d thumbs, want an error", len(thumbs))
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("Render() error = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestNewDefaults(t *testing.T) {
	m := New(Options{Quality: 500})
	if m.maxPixels != DefaultMaxPixels || m.maxBytes != DefaultMaxBytes || m.jpegOpts.Quality != DefaultQuality {
		t.Errorf("New(zero) = %+v, want defaults", m)
	}
	specs := m.Specs()
	specs[0].Long = 1
	if m.Specs()[0].Long != 256 {
		t.Errorf("Specs() shares its slice with the Maker")
	}
}

// TestConcurrentDeterministic shares one Maker between goroutines, each
// rendering another orientation, and checks every result byte for byte
// against a sequential render: the output is a pure function of the input,
// which content-addressed storage relies on.
func TestConcurrentDeterministic(t *testing.T) {
	data := encodeJPEG(t, photoLike(640, 480, 9), 90)
	m := New(Options{})
	results := make([][]Thumb, 8)
	errs := make([]error, 8)
	var wg sync.WaitGroup
	for i := range results {
		wg.Go(func() {
			img, _, err := m.Decode(bytes.NewReader(data))
			if err == nil {
				results[i], err = m.RenderOriented(t.Context(), img, i+1)
			}
			errs[i] = err
		})
	}
	wg.Wait()
	for i := range results {
		if errs[i] != nil {
			t.Fatalf("orientation %d: %v", i+1, errs[i])
		}
		again, err := m.RenderOriented(t.Context(), mustDecode(t, m, data), i+1)
		if err != nil {
			t.Fatal(err)
		}
		for j := range again {
			if !bytes.Equal(again[j].JPEG, results[i][j].JPEG) {
				t.Errorf("orientation %d, %s: concurrent and sequential renders differ", i+1, again[j].Spec.Name)
			}
		}
	}
}

func mustDecode(tb testing.TB, m *Maker, data []byte) image.Image {
	tb.Helper()
	img, _, err := m.Decode(bytes.NewReader(data))
	if err != nil {
		tb.Fatal(err)
	}
	return img
}

// TestThumbnailsMatchRender checks Thumbnails, which decodes a JPEG scaled in
// the DCT domain, against the full decode then RenderOriented: the same sizes,
// and pixels that agree closely (PSNR in dB), for every orientation.
func TestThumbnailsMatchRender(t *testing.T) {
	src := image.NewRGBA(image.Rect(0, 0, 3000, 2000))
	draw.Draw(src, src.Rect, imaging.Resize(photoLike(750, 500, 6), 3000, 2000, imaging.Linear), image.Point{}, draw.Src)
	data := encodeJPEG(t, src, 90)
	m := New(Options{})
	for _, o := range []int{1, 6} {
		t.Run(fmt.Sprint(o), func(t *testing.T) {
			info, got, err := m.Thumbnails(t.Context(), bytes.NewReader(data), o)
			if err != nil {
				t.Fatal(err)
			}
			if info.Format != "jpeg" || info.Width != 3000 || info.Height != 2000 {
				t.Errorf("Thumbnails() info = %+v, want a 3000x2000 jpeg", info)
			}
			want, err := m.RenderOriented(t.Context(), mustDecode(t, m, data), o)
			if err != nil {
				t.Fatal(err)
			}
			for i := range want {
				if got[i].Width != want[i].Width || got[i].Height != want[i].Height {
					t.Fatalf("%s: %dx%d, want %dx%d", want[i].Spec.Name, got[i].Width, got[i].Height, want[i].Width, want[i].Height)
				}
				p := psnr(decodeJPEG(t, got[i].JPEG), decodeJPEG(t, want[i].JPEG))
				if p < 35 {
					t.Errorf("%s: PSNR against the full decode = %.1f dB, want >= 35", want[i].Spec.Name, p)
				}
				t.Logf("%s: %.1f dB", want[i].Spec.Name, p)
			}
		})
	}
}
