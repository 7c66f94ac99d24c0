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

// renderPhoto decodes and renders one photo file, checks every thumbnail
// decodes, and logs sizes and time.
func renderPhoto(t *testing.T, m *Maker, path string) {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	img, info, err := m.Decode(bytes.NewReader(data))
	if strings.Contains(filepath.Base(path), "truncated") {
		if !errors.Is(err, ErrCorrupt) {
			t.Fatalf("Decode(%s) error = %v, want %v", path, err, ErrCorrupt)
		}
		return
	}
	if err != nil {
		t.Fatalf("Decode(%s) error = %v", path, err)
	}
	thumbs, err := m.Render(t.Context(), img)
	if err != nil {
		t.Fatalf("Render(%s) error = %v", path, err)
	}
	elapsed := time.Since(start)
	var sizes []string
	for _, th := range thumbs {
		decodeJPEG(t, th.JPEG)
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
