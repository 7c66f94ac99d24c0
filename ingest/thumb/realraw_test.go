package thumb

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"sajin/ingest/thumb/libheif"
)

// cameraFile reads one of the real camera files scripts/fixtures.sh fetches (from the Go module
// github.com/evanoberholster/imagemeta): it fails in CI when they are missing, else skips.
func cameraFile(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "fixtures", "imagemeta", name))
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("fixtures missing (run scripts/fixtures.sh): %v", err)
		}
		t.Skip("fixtures missing: run scripts/fixtures.sh")
	}
	return data
}

// TestRealCameraFiles decodes the previews of real raw files (their first megabytes: EXIF and
// previews) and real AVIF files.
func TestRealCameraFiles(t *testing.T) {
	tests := []struct {
		file, format string
		w, h         int
		heif         bool
	}{
		{"ARW.exif", "arw", 1616, 1080, false},   // Sony SLT-A55V: the 1616x1080 preview of IFD0
		{"CR2.exif", "cr2", 2784, 1856, false},   // Canon EOS-1Ds Mark III: IFD0's JPEG strip, not IFD1's thumbnail
		{"NEF.exif", "nef", 6000, 4000, false},   // Nikon D7100: the full-size preview of a SubIFD
		{"AVIF.avif", "avif", 1280, 720, true},   // major brand mif1, compatible with avif
		{"AVIF2.avif", "avif", 2000, 1333, true}, // major brand avif
	}
	m := New(Options{})
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			if tt.heif && !libheif.Available {
				t.Skip("built without cgo")
			}
			data := cameraFile(t, tt.file)
			info, thumbs, err := m.Thumbnails(t.Context(), bytes.NewReader(data), 1)
			if err != nil || info.Format != tt.format || info.Width != tt.w || info.Height != tt.h || len(thumbs) != 3 {
				t.Errorf("Thumbnails = %+v, %d thumbnails, %v; want %s %dx%d", info, len(thumbs), err, tt.format, tt.w, tt.h)
			}
		})
	}
}
