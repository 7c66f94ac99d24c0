package thumb

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/gif"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"golang.org/x/image/bmp"
	"golang.org/x/image/tiff"
)

// hostile is one damaged or malicious input and what Decode and Probe must
// say about it (nil: success).
type hostile struct {
	name      string
	data      []byte
	wantProbe error
	wantDecod error
}

// hostiles returns the hostile inputs, all tiny and generated.
func hostiles(tb testing.TB) []hostile {
	rng := rand.New(rand.NewPCG(7, 7))
	random := make([]byte, 4096)
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	garbage := func(head []byte) []byte { return append(append([]byte(nil), head...), random[16:1040]...) }
	photo := encodeJPEG(tb, photoLike(320, 240, 1), 85)
	png64 := encodePNG(tb, quadrants(64, 64))
	return []hostile{
		{name: "empty", data: nil, wantProbe: ErrCorrupt, wantDecod: ErrCorrupt},
		{name: "one byte", data: []byte{0xff}, wantProbe: ErrUnsupported, wantDecod: ErrUnsupported},
		{name: "random bytes", data: random, wantProbe: ErrUnsupported, wantDecod: ErrUnsupported},
		{name: "heic header", data: []byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"), wantProbe: heifBrokenErr, wantDecod: heifBrokenErr},
		{name: "jpeg truncated in scan", data: photo[:len(photo)/2], wantDecod: ErrCorrupt},
		{name: "jpeg soi only", data: photo[:2], wantProbe: ErrCorrupt, wantDecod: ErrCorrupt},
		{name: "jpeg header then garbage", data: garbage(photo[:300]), wantProbe: ErrCorrupt, wantDecod: ErrCorrupt},
		{name: "jpeg soi then garbage", data: garbage(photo[:2]), wantProbe: ErrCorrupt, wantDecod: ErrCorrupt},
		{name: "jpeg declares 65535x65535", data: hugeJPEG(65535, 65535), wantProbe: ErrTooLarge, wantDecod: ErrTooLarge},
		{name: "jpeg declares 0x0", data: hugeJPEG(0, 0), wantProbe: ErrCorrupt, wantDecod: ErrCorrupt},
		{name: "jpeg declares 640x480, no scan", data: hugeJPEG(640, 480), wantDecod: ErrCorrupt},
		{name: "jpeg arithmetic coding", data: arithmeticJPEG(), wantProbe: ErrUnsupported, wantDecod: ErrUnsupported},
		{name: "png declares 100000x100000", data: hugePNG(100000, 100000), wantProbe: ErrTooLarge, wantDecod: ErrTooLarge},
		{name: "png declares 2^31-1 square", data: hugePNG(1<<31-1, 1<<31-1), wantProbe: ErrTooLarge, wantDecod: ErrTooLarge},
		{name: "png declares 100000x1", data: hugePNG(100000, 1), wantProbe: ErrTooLarge, wantDecod: ErrTooLarge},
		{name: "png declares 1x70000", data: hugePNG(1, 70000), wantProbe: ErrTooLarge, wantDecod: ErrTooLarge},
		{name: "png declares 0x0", data: hugePNG(0, 0), wantProbe: ErrCorrupt, wantDecod: ErrCorrupt},
		{name: "png declares 640x480, short data", data: hugePNG(640, 480), wantDecod: ErrCorrupt},
		{name: "png declares 10000x10000, within limit", data: hugePNG(10000, 10000), wantDecod: ErrCorrupt},
		{name: "png header then garbage", data: garbage(png64[:33]), wantDecod: ErrCorrupt},
		{name: "png signature then garbage", data: garbage(png64[:8]), wantProbe: ErrCorrupt, wantDecod: ErrCorrupt},
		{name: "png truncated", data: png64[:len(png64)/2], wantDecod: ErrCorrupt},
		{name: "gif declares 65535x65535", data: hugeGIF(65535, 65535, 65535, 65535), wantProbe: ErrTooLarge, wantDecod: ErrTooLarge},
		{name: "gif small screen, huge frame", data: hugeGIF(16, 16, 65535, 65535), wantDecod: ErrCorrupt},
		{name: "gif header then garbage", data: garbage([]byte("GIF89a\x10\x00\x10\x00\x00\x00\x00")), wantDecod: ErrCorrupt},
		{name: "webp declares 16384x16384", data: solidWebP(16384, 16384, red), wantProbe: ErrTooLarge, wantDecod: ErrTooLarge},
		{name: "webp header then garbage", data: garbage([]byte("RIFF\xff\xff\x00\x00WEBPVP8 ")), wantProbe: ErrCorrupt, wantDecod: ErrCorrupt},
		// Go's BMP decoder calls every header it does not know unsupported.
		{name: "bmp header then garbage", data: garbage([]byte("BM")), wantProbe: ErrUnsupported, wantDecod: ErrUnsupported},
		{name: "tiff header then garbage", data: garbage([]byte("II*\x00")), wantProbe: ErrCorrupt, wantDecod: ErrCorrupt},
	}
}

// arithmeticJPEG returns a JPEG header with an arithmetic-coded SOF9, which
// Go's decoder does not implement.
func arithmeticJPEG() []byte {
	b := hugeJPEG(64, 64)
	b[3] = 0xc9
	return b
}

func TestDecodeHostile(t *testing.T) {
	m := New(Options{})
	for _, tt := range hostiles(t) {
		t.Run(tt.name, func(t *testing.T) {
			check := func(what string, want error, f func() error) {
				t.Helper()
				var before, after runtime.MemStats
				runtime.ReadMemStats(&before)
				start := time.Now()
				err := f()
				elapsed := time.Since(start)
				runtime.ReadMemStats(&after)
				if !errors.Is(err, want) || (want == nil) != (err == nil) {
					t.Errorf("%s(%s) error = %v, want %v", what, tt.name, err, want)
				}
				if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 4<<20 {
					t.Errorf("%s(%s) allocated %d bytes, want under 4 MiB", what, tt.name, alloc)
				}
				if elapsed > time.Second {
					t.Errorf("%s(%s) took %v, want under 1s", what, tt.name, elapsed)
				}
			}
			check("Probe", tt.wantProbe, func() error {
				_, err := m.Probe(bytes.NewReader(tt.data))
				return err
			})
			check("Decode", tt.wantDecod, func() error {
				img, _, err := m.Decode(bytes.NewReader(tt.data))
				if err == nil && img == nil {
					return errors.New("nil image without error")
				}
				return err
			})
		})
	}
}

// TestDecodeTestdata runs the committed hostile files: the directory name
// says which sentinel Decode must return.
func TestDecodeTestdata(t *testing.T) {
	m := New(Options{})
	wants := map[string]error{"toolarge": ErrTooLarge, "corrupt": ErrCorrupt, "unsupported": ErrUnsupported}
	for dir, want := range wants {
		files, err := filepath.Glob(filepath.Join("testdata", dir, "*"))
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range files {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if _, _, err := m.Decode(bytes.NewReader(data)); !errors.Is(err, want) {
				t.Errorf("Decode(%s) error = %v, want %v", path, err, want)
			}
		}
	}
}

func TestDecodeMaxBytes(t *testing.T) {
	data := encodePNG(t, quadrants(64, 64))
	tests := []struct {
		name     string
		maxBytes int64
		want     error
	}{
		{"default", 0, nil},
		{"no cap", -1, nil},
		{"exactly the size", int64(len(data)), nil},
		{"one byte short", int64(len(data)) - 1, ErrTooLarge},
		{"tiny", 10, ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := New(Options{MaxBytes: tt.maxBytes})
			// io.MultiReader hides the length, so the cap is what stops the read.
			_, _, err := m.Decode(io.MultiReader(bytes.NewReader(data)))
			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Errorf("Decode with MaxBytes %d error = %v, want %v", tt.maxBytes, err, tt.want)
			}
		})
	}
	// Probe stops at the header, so only a cap inside the header trips it.
	if _, err := New(Options{MaxBytes: 10}).Probe(bytes.NewReader(data)); !errors.Is(err, ErrTooLarge) {
		t.Errorf("Probe with MaxBytes 10 error = %v, want %v", err, ErrTooLarge)
	}
}

func TestDecodeMaxPixels(t *testing.T) {
	data := encodePNG(t, quadrants(100, 50)) // 5000 pixels
	for _, tt := range []struct {
		max  int64
		want error
	}{{5000, nil}, {4999, ErrTooLarge}} {
		_, _, err := New(Options{MaxPixels: tt.max}).Decode(bytes.NewReader(data))
		if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
			t.Errorf("Decode(100x50) with MaxPixels %d error = %v, want %v", tt.max, err, tt.want)
		}
	}
}

// formatCase is a valid image in one format or pixel layout.
type formatCase struct {
	name      string
	data      []byte
	format    string
	w, h      int
	centre    color.NRGBA // expected colour at the centre of the top-left quadrant
	tolerance int
}

func formatCases(tb testing.TB) []formatCase {
	q := quadrants(64, 48)
	gray := image.NewGray(q.Bounds())
	gray16 := image.NewGray16(q.Bounds())
	rgba64 := image.NewNRGBA64(q.Bounds())
	pal := image.NewPaletted(q.Bounds(), color.Palette{red, green, blue, yellow})
	for y := range 48 {
		for x := range 64 {
			c := q.NRGBAAt(x, y)
			gray.Set(x, y, c)
			gray16.Set(x, y, c)
			rgba64.Set(x, y, c)
			pal.Set(x, y, c)
		}
	}
	var bmpBuf, tiffBuf bytes.Buffer
	if err := bmp.Encode(&bmpBuf, q); err != nil {
		tb.Fatal(err)
	}
	if err := tiff.Encode(&tiffBuf, q, &tiff.Options{Compression: tiff.Deflate}); err != nil {
		tb.Fatal(err)
	}
	grayRed := color.NRGBA{R: 76, G: 76, B: 76, A: 255} // BT.601 luma of pure red
	lossy, err := os.ReadFile(filepath.Join("testdata", "valid", "lossy-32x24.webp"))
	if err != nil {
		tb.Fatal(err)
	}
	lossyAlpha, err := os.ReadFile(filepath.Join("testdata", "valid", "lossy-alpha-32x24.webp"))
	if err != nil {
		tb.Fatal(err)
	}
	return []formatCase{
		{name: "jpeg ycbcr", data: encodeJPEG(tb, q, 95), format: "jpeg", w: 64, h: 48, centre: red, tolerance: 8},
		{name: "jpeg gray", data: encodeJPEG(tb, gray, 95), format: "jpeg", w: 64, h: 48, centre: grayRed, tolerance: 4},
		{name: "jpeg cmyk adobe", data: cmykJPEG([][4]uint8{{255, 0, 0, 0}, {0, 255, 0, 0}}), format: "jpeg", w: 16, h: 8,
			centre: color.NRGBA{G: 255, B: 255, A: 255}, tolerance: 4},
		{name: "png nrgba", data: encodePNG(tb, q), format: "png", w: 64, h: 48, centre: red},
		{name: "png 16-bit", data: encodePNG(tb, rgba64), format: "png", w: 64, h: 48, centre: red},
		{name: "png gray16", data: encodePNG(tb, gray16), format: "png", w: 64, h: 48, centre: grayRed, tolerance: 1},
		{name: "png paletted", data: encodePNG(tb, pal), format: "png", w: 64, h: 48, centre: red},
		{name: "gif", data: encodeGIF(tb, pal), format: "gif", w: 64, h: 48, centre: red},
		{name: "webp lossless", data: solidWebP(40, 30, red), format: "webp", w: 40, h: 30, centre: red},
		{name: "webp lossy", data: lossy, format: "webp", w: 32, h: 24, centre: red, tolerance: 24},
		{name: "webp lossy alpha", data: lossyAlpha, format: "webp", w: 32, h: 24, centre: red, tolerance: 24},
		{name: "bmp", data: bmpBuf.Bytes(), format: "bmp", w: 64, h: 48, centre: red},
		{name: "tiff deflate", data: tiffBuf.Bytes(), format: "tiff", w: 64, h: 48, centre: red},
	}
}

func TestDecodeFormats(t *testing.T) {
	m := New(Options{})
	for _, tt := range formatCases(t) {
		t.Run(tt.name, func(t *testing.T) {
			info, err := m.Probe(bytes.NewReader(tt.data))
			if err != nil {
				t.Fatalf("Probe() error = %v", err)
			}
			img, dinfo, err := m.Decode(bytes.NewReader(tt.data))
			if err != nil {
				t.Fatalf("Decode() error = %v", err)
			}
			want := Info{Format: tt.format, Width: tt.w, Height: tt.h}
			if info.Format != want.Format || info.Width != want.Width || info.Height != want.Height {
				t.Errorf("Probe() = %+v, want %+v", info, want)
			}
			if dinfo != info {
				t.Errorf("Decode() info = %+v, Probe() = %+v, want equal", dinfo, info)
			}
			if b := img.Bounds(); b.Dx() != tt.w || b.Dy() != tt.h {
				t.Errorf("Decode() bounds = %v, want %dx%d", b, tt.w, tt.h)
			}
			got := color.NRGBAModel.Convert(img.At(tt.w/4, tt.h/4)).(color.NRGBA)
			if !near(got, tt.centre, tt.tolerance) {
				t.Errorf("Decode() pixel at (%d,%d) = %v, want %v ±%d", tt.w/4, tt.h/4, got, tt.centre, tt.tolerance)
			}
		})
	}
}

// TestDecodeGIFFrameOnScreen decodes a GIF whose first frame covers only the
// bottom-right quarter of its logical screen.
func TestDecodeGIFFrameOnScreen(t *testing.T) {
	pal := color.Palette{red, green}
	frame := image.NewPaletted(image.Rect(4, 4, 8, 8), pal)
	var buf bytes.Buffer
	err := gif.EncodeAll(&buf, &gif.GIF{
		Image:  []*image.Paletted{frame},
		Delay:  []int{0},
		Config: image.Config{ColorModel: pal, Width: 8, Height: 8},
	})
	if err != nil {
		t.Fatal(err)
	}
	img, info, err := New(Options{}).Decode(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b != image.Rect(0, 0, 8, 8) || info.Width != 8 || info.Height != 8 {
		t.Fatalf("Decode() bounds = %v, info %+v; want the 8x8 screen", b, info)
	}
	if got := color.NRGBAModel.Convert(img.At(1, 1)).(color.NRGBA); got.A != 0 {
		t.Errorf("outside the frame = %v, want transparent", got)
	}
	if got := color.NRGBAModel.Convert(img.At(5, 5)).(color.NRGBA); got != red {
		t.Errorf("inside the frame = %v, want %v", got, red)
	}
}

func TestPNGDataSuffices(t *testing.T) {
	gray := image.NewGray(image.Rect(0, 0, 4000, 3000))               // 8-bit, all zero
	bilevel := image.NewPaletted(gray.Rect, color.Palette{red, blue}) // written 1-bit deep
	tests := []struct {
		name string
		data []byte
		want bool
	}{
		{"all-zero 8-bit grey", encodePNG(t, gray), true},
		{"all-zero 1-bit paletted", encodePNG(t, bilevel), true},
		{"photo", encodePNG(t, photoLike(64, 48, 1)), true},
		{"bomb within the limit", hugePNG(10000, 10000), false},
		{"short data, small size", hugePNG(640, 480), false},
		{"no IHDR", []byte("\x89PNG\r\n\x1a\n"), true},
		{"chunk length past the end", append([]byte("\x89PNG\r\n\x1a\n\xff\xff\xff\xffIDAT"), 1, 2, 3), true},
	}
	for _, tt := range tests {
		if got := pngDataSuffices(tt.data); got != tt.want {
			t.Errorf("pngDataSuffices(%s) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// near reports whether two colours differ by at most tol in every channel.
func near(a, b color.NRGBA, tol int) bool {
	d := func(x, y uint8) int { return max(int(x)-int(y), int(y)-int(x)) }
	return d(a.R, b.R) <= tol && d(a.G, b.G) <= tol && d(a.B, b.B) <= tol && d(a.A, b.A) <= tol
}

// panicReader panics on Read, standing in for a decoder that panics.
type panicReader struct{}

func (panicReader) Read([]byte) (int, error) { panic("boom") }

func TestRecoverCorrupt(t *testing.T) {
	f := format{
		name:   "panicky",
		config: func(io.Reader) (image.Config, error) { panic("config boom") },
		decode: func(io.Reader) (image.Image, error) { panic("decode boom") },
	}
	if _, err := New(Options{}).config(f, panicReader{}); !errors.Is(err, ErrCorrupt) {
		t.Errorf("config(panicking decoder) error = %v, want %v", err, ErrCorrupt)
	}
	if _, err := decodePixels(f, []byte("x")); !errors.Is(err, ErrCorrupt) {
		t.Errorf("decodePixels(panicking decoder) error = %v, want %v", err, ErrCorrupt)
	}
}
