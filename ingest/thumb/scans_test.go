package thumb

import (
	"bytes"
	"errors"
	"os"
	"testing"

	hostilefiles "sajin/internal/hostile"
)

func TestJPEGScans(t *testing.T) {
	if n := jpegScans(encodeJPEG(t, quadrants(32, 16), 90), maxJPEGScans); n != 1 {
		t.Errorf("a baseline JPEG has %d scans, want 1", n)
	}
	for _, name := range []string{"messi5.jpg", "fruits.jpg", "scenetext01.jpg"} {
		data, err := os.ReadFile("../../testdata/fixtures/" + name)
		if err != nil {
			t.Skip(err) // make fixtures
		}
		if n := jpegScans(data, maxJPEGScans); n < 1 || n > 12 {
			t.Errorf("%s has %d scans, want 1..12", name, n)
		}
	}
	if n := jpegScans(hostilefiles.ManyScansJPEG(64, 64, 200), maxJPEGScans); n <= maxJPEGScans {
		t.Errorf("200 empty scans counted as %d", n)
	}
}

func TestManyScansRefused(t *testing.T) {
	m := New(Options{})
	_, _, err := m.Decode(bytes.NewReader(hostilefiles.ManyScansJPEG(4096, 4096, 300)))
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("Decode of 300 empty scans: %v, want ErrTooLarge", err)
	}
}
