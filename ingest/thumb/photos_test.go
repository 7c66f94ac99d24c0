package thumb

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var (
	photosDir = flag.String("photos", filepath.Join("..", "..", "testdata", "fixtures"),
		"directory of real photos (made by scripts/fixtures.sh); the test skips when it is missing")
	thumbsOut = flag.String("thumbs-out", "", "if set, write the rendered thumbnails there for a look")
)

// TestRealPhotos decodes and renders every photo under -photos; a file named
// "truncated" (skimage ships one) must fail with ErrCorrupt.
func TestRealPhotos(t *testing.T) {
	var paths []string
	err := filepath.WalkDir(*photosDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		switch strings.ToLower(filepath.Ext(path)) {
		case ".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp", ".tif", ".tiff":
			paths = append(paths, path)
		}
		return nil
	})
	if len(paths) == 0 {
		t.Skipf("no photos under %s (%v); run scripts/fixtures.sh", *photosDir, err)
	}
	m := New(Options{})
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) { renderPhoto(t, m, path) })
	}
}

// renderPhoto makes one photo file's thumbnails with Thumbnails, checks every
// one decodes (and, for a JPEG, agrees with Decode then Render), and logs
// sizes and time.
func renderPhoto(t *testing.T, m *Maker, path string) {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	info, thumbs, err := m.Thumbnails(t.Context(), bytes.NewReader(data), 1)
	elapsed := time.Since(start)
	if strings.Contains(filepath.Base(path), "truncated") {
		if !errors.Is(err, ErrCorrupt) {
			t.Fatalf("Thumbnails(%s) error = %v, want %v", path, err, ErrCorrupt)
		}
		return
	}
	if err != nil {
		t.Fatalf("Thumbnails(%s) error = %v", path, err)
	}
	var rendered []Thumb // for a JPEG, which Thumbnails decodes scaled: Decode+Render to compare
	if info.Format == "jpeg" {
		img, _, err := m.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("Decode(%s) error = %v", path, err)
		}
		if rendered, err = m.Render(t.Context(), img); err != nil {
			t.Fatalf("Render(%s) error = %v", path, err)
		}
	}
	var sizes []string
	for i, th := range thumbs {
		got := decodeJPEG(t, th.JPEG)
		if rendered == nil {
			// not a JPEG
		} else if r := rendered[i]; r.Width != th.Width || r.Height != th.Height {
			t.Errorf("%s: Thumbnails %dx%d, Decode+Render %dx%d", th.Spec.Name, th.Width, th.Height, r.Width, r.Height)
		} else if p := psnr(got, decodeJPEG(t, r.JPEG)); p < 35 {
			t.Errorf("%s: Thumbnails against Decode+Render: PSNR %.1f dB, want >= 35", th.Spec.Name, p)
		}
		sizes = append(sizes, fmt.Sprintf("%s=%dx%d:%dB", th.Spec.Name, th.Width, th.Height, len(th.JPEG)))
		if *thumbsOut == "" {
			continue
		}
		name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)) + "." + th.Spec.Name + ".jpg"
		if err := os.WriteFile(filepath.Join(*thumbsOut, name), th.JPEG, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("%s %dx%d in %v: %s", info.Format, info.Width, info.Height, elapsed.Round(time.Millisecond), strings.Join(sizes, " "))
}
