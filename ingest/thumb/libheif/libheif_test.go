package libheif

import (
	"errors"
	"image"
	"os"
	"path/filepath"
	"testing"
)

func TestDecode(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "testdata", "valid", "quadrants-64x48.heic"))
	if err != nil {
		t.Fatal(err)
	}
	if !Available {
		if _, err := Decode(data, 1<<16, 1<<20); !errors.Is(err, ErrUnavailable) {
			t.Errorf("Decode without cgo = %v, want ErrUnavailable", err)
		}
		return
	}
	h, err := Config(data, 1<<16)
	if err != nil || h.Width != 64 || h.Height != 48 || h.Alpha {
		t.Fatalf("Config = %+v, %v; want 64x48 without alpha", h, err)
	}
	img, err := Decode(data, 1<<16, 1<<20)
	if err != nil || img.Bounds() != image.Rect(0, 0, 64, 48) {
		t.Fatalf("Decode = %v, %v; want 64x48", img, err)
	}
	if _, err := Decode(data, 32, 1<<20); !errors.Is(err, ErrTooLarge) {
		t.Errorf("Decode(max side 32) = %v, want ErrTooLarge", err)
	}
	if _, err := Decode(data, 1<<16, 1000); !errors.Is(err, ErrTooLarge) {
		t.Errorf("Decode(max 1000 pixels) = %v, want ErrTooLarge", err)
	}
	if _, err := Decode(data[:len(data)/2], 1<<16, 1<<20); !errors.Is(err, ErrCorrupt) {
		t.Errorf("Decode(half) = %v, want ErrCorrupt", err)
	}
}
