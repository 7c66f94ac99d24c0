//go:build cgo

package ocr

import (
	"image"
	"slices"
	"testing"

	"github.com/disintegration/imaging"
)

func TestGated(t *testing.T) {
	r := &Reader{maxSide: 960, gateSide: 640}
	tests := []struct {
		w, h int
		want bool
	}{
		{2048, 1536, true},
		{1280, 960, true},
		{1004, 958, true},
		{800, 600, false}, // the gate would see 64% of the full pass's pixels
		{640, 480, false},
		{548, 342, false},
		{4000, 3000, true},
		{4000, 100, false}, // a strip: both passes are 32 pixels high
	}
	for _, tt := range tests {
		if got := r.gated(tt.w, tt.h); got != tt.want {
			t.Errorf("gated(%d, %d) = %v, want %v", tt.w, tt.h, got, tt.want)
		}
	}
	for _, r := range []*Reader{{maxSide: 960, gateSide: -1}, {maxSide: 640, gateSide: 640}} {
		if r.gated(2048, 1536) {
			t.Errorf("gated(2048, 1536) with MaxSide %d, GateSide %d = true, want false", r.maxSide, r.gateSide)
		}
	}
}

// TestGateKeepsWords reads the text fixtures and a photo without text, as they are and enlarged to the 2048
// pixels of the thumbnail the vision stage reads, with and without the first detection pass at GateSide: the
// words must be the same (the pass only saves the full detection on photos where it finds nothing).
func TestGateKeepsWords(t *testing.T) {
	gate, full := sharedReader(t), newReader(t, Options{GateSide: -1})
	for _, name := range []string{"scenetext01.jpg", "scenetext02.jpg", "scenetext03.jpg", "page.png", "messi5.jpg", "chelsea.png"} {
		img := fixture(t, name)
		b := img.Bounds()
		k := 2048 / float64(max(b.Dx(), b.Dy()))
		for _, in := range []image.Image{img, imaging.Resize(img, int(float64(b.Dx())*k), int(float64(b.Dy())*k), imaging.Linear)} {
			want, err := full.Read(t.Context(), in)
			if err != nil {
				t.Fatal(err)
			}
			got, err := gate.Read(t.Context(), in)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(Words(got), Words(want)) {
				t.Errorf("Read(%s at %v) with the gate = %q, without = %q", name, in.Bounds().Size(), Words(got), Words(want))
			}
		}
	}
}
