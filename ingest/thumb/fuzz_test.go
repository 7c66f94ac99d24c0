package thumb

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the hostile files in testdata/ from their generators")

// FuzzDecode feeds arbitrary bytes to Probe, Decode, Render and Thumbnails.
// Whatever the input: no panic escapes, every error wraps one of the three
// sentinels, Thumbnails (libjpeg-turbo's scaled decode for a JPEG) and Decode
// give the same verdict, a decoded image respects the pixel limit and agrees
// with Probe, and it renders.
func FuzzDecode(f *testing.F) {
	for _, h := range hostiles(f) {
		f.Add(h.data)
	}
	for _, c := range formatCases(f) {
		f.Add(c.data)
	}
	m := New(Options{
		MaxPixels: 1 << 20, // keep each input's memory small
		Specs:     []Spec{{Name: "tile", Long: 16, Square: true}, {Name: "fit", Long: 48}},
	})
	f.Fuzz(func(t *testing.T, data []byte) {
		info, perr := m.Probe(bytes.NewReader(data))
		checkSentinel(t, "Probe", perr)
		img, dinfo, err := m.Decode(bytes.NewReader(data))
		checkSentinel(t, "Decode", err)
		tinfo, tthumbs, terr := m.Thumbnails(t.Context(), bytes.NewReader(data), 6)
		checkSentinel(t, "Thumbnails", terr)
		if (err == nil) != (terr == nil) || tinfo != dinfo {
			t.Fatalf("Thumbnails() = %+v, %v; Decode() = %+v, %v: want the same verdict", tinfo, terr, dinfo, err)
		}
		if err != nil {
			return
		}
		for _, th := range tthumbs {
			if th.Width < 1 || th.Height < 1 || th.Width > 48 || th.Height > 48 || len(th.JPEG) == 0 {
				t.Fatalf("Thumbnails() %s = %dx%d, %d bytes", th.Spec.Name, th.Width, th.Height, len(th.JPEG))
			}
		}
		if perr != nil || info != dinfo {
			t.Fatalf("Decode() info = %+v, but Probe() = %+v, %v", dinfo, info, perr)
		}
		b := img.Bounds()
		if b.Empty() || int64(b.Dx())*int64(b.Dy()) > 1<<20 {
			t.Fatalf("Decode() bounds = %v, want non-empty within the pixel limit", b)
		}
		thumbs, err := m.Render(t.Context(), img)
		if err != nil {
			t.Fatalf("Render() error = %v", err)
		}
		for _, th := range thumbs {
			if th.Width < 1 || th.Height < 1 || th.Width > 48 || th.Height > 48 || len(th.JPEG) == 0 {
				t.Fatalf("Render() %s = %dx%d, %d bytes", th.Spec.Name, th.Width, th.Height, len(th.JPEG))
			}
		}
	})
}

// fuzzDecodeWithinLimit runs f over Decode alone, from the seeds the caller added: it must return one of the
// sentinels or an image within a 1 MP limit.
func fuzzDecodeWithinLimit(f *testing.F) {
	f.Helper()
	m := New(Options{MaxPixels: 1 << 20})
	f.Fuzz(func(t *testing.T, data []byte) {
		img, _, err := m.Decode(bytes.NewReader(data))
		if err == nil && int64(img.Bounds().Dx())*int64(img.Bounds().Dy()) > 1<<20 {
			t.Errorf("Decode = %v beyond the limit", img.Bounds())
		}
		if err != nil && !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrUnsupported) && !errors.Is(err, ErrTooLarge) {
			t.Errorf("Decode error = %v, not a sentinel", err)
		}
	})
}

// checkSentinel fails unless err is nil or wraps exactly one sentinel.
func checkSentinel(t *testing.T, what string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	n := 0
	for _, s := range []error{ErrTooLarge, ErrUnsupported, ErrCorrupt} {
		if errors.Is(err, s) {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%s() error = %v, wraps %d sentinels, want exactly 1", what, err, n)
	}
}

// TestWriteTestdata rewrites testdata/{toolarge,corrupt,unsupported}/ with
// -update. Those small files are read by TestDecodeTestdata and are there for
// other packages' tests and for manual checks (curl them at the server).
func TestWriteTestdata(t *testing.T) {
	if !*update {
		t.Skip("run with -update to rewrite testdata")
	}
	small := encodeJPEG(t, photoLike(96, 64, 2), 85)
	files := map[string][]byte{
		"toolarge/png-100000x100000.png":       hugePNG(100000, 100000),
		"toolarge/gif-65535x65535.gif":         hugeGIF(65535, 65535, 65535, 65535),
		"toolarge/jpeg-65535x65535.jpg":        hugeJPEG(65535, 65535),
		"toolarge/webp-16384x16384.webp":       solidWebP(16384, 16384, red),
		"corrupt/empty.jpg":                    {},
		"corrupt/jpeg-truncated-scan.jpg":      small[:len(small)/2],
		"corrupt/gif-frame-outside-screen.gif": hugeGIF(16, 16, 65535, 65535),
		"corrupt/png-short-data.png":           hugePNG(640, 480),
		"corrupt/png-10000x10000-73-bytes.png": hugePNG(10000, 10000),
		"unsupported/jpeg-arithmetic.jpg":      arithmeticJPEG(),
	}
	for name, data := range files {
		path := filepath.Join("testdata", name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
