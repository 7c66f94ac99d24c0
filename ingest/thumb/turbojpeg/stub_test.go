//go:build !cgo

package turbojpeg

import (
	"errors"
	"image"
	"testing"
)

func TestStub(t *testing.T) {
	if Available {
		t.Fatal("Available = true without cgo")
	}
	if _, err := DecodeHeader([]byte{0xff, 0xd8}); !errors.Is(err, ErrUnavailable) {
		t.Errorf("DecodeHeader() error = %v, want %v", err, ErrUnavailable)
	}
	if _, err := Decode([]byte{0xff, 0xd8}, Header{Width: 1, Height: 1}, Scale{1, 1}); !errors.Is(err, ErrUnavailable) {
		t.Errorf("Decode() error = %v, want %v", err, ErrUnavailable)
	}
	if _, err := Encode(image.NewGray(image.Rect(0, 0, 1, 1)), 85); !errors.Is(err, ErrUnavailable) {
		t.Errorf("Encode() error = %v, want %v", err, ErrUnavailable)
	}
	if s := ScaleFor(4000, 3000, 100, 100); s != (Scale{1, 1}) {
		t.Errorf("ScaleFor() = %v, want 1/1", s)
	}
}
