package vision

import (
	"image"
	"image/color"
	"image/draw"
	"testing"

	"github.com/disintegration/imaging"

	"sajin/vision/visiontest"
)

// groupPhoto pastes copies of astronaut.png into a 4000x3000 grey photo so that each face is 120 pixels wide (3%
// of the width, as in a group photo from a phone camera), shrinks it to the 2048-pixel thumbnail the vision stage
// reads, and returns it with the face boxes in its pixels.
func groupPhoto(tb testing.TB) (image.Image, []image.Rectangle) {
	tb.Helper()
	const refFace, facePx = 110, 120 // the astronaut's face in the 512-pixel photo; in the 12-megapixel one
	side := 512 * facePx / refFace
	one := imaging.Resize(visiontest.Photo(tb, "astronaut.png"), side, side, imaging.Lanczos)
	photo := imaging.New(4000, 3000, color.NRGBA{R: 90, G: 90, B: 90, A: 255})
	var faces []image.Rectangle
	const k = 2048.0 / 4000
	for y := 100; y+side < 3000; y += side + 200 {
		for x := 100; x+side < 4000; x += side + 200 {
			draw.Draw(photo, image.Rect(x, y, x+side, y+side), one, image.Point{}, draw.Src)
			f := float64(side) / 512
			faces = append(faces, image.Rect(int(k*(float64(x)+170*f)), int(k*(float64(y)+57*f)),
				int(k*(float64(x)+280*f)), int(k*(float64(y)+167*f))))
		}
	}
	return imaging.Resize(photo, 2048, 1536, imaging.Linear), faces
}

// TestTagGroupPhoto checks that the small faces of a group photo are found in the 2048-pixel thumbnail, which
// only the face detector's smallest windows see (and only where its larger ones saw a hint of a face).
func TestTagGroupPhoto(t *testing.T) {
	tg := fullTagger(t)
	photo, truth := groupPhoto(t)
	res, err := tg.Tag(t.Context(), photo, Hints{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d faces placed, %d found", len(truth), len(res.Faces))
	if len(res.Faces) < len(truth)*9/10 || len(res.Faces) > len(truth) {
		t.Errorf("Tag(group photo) found %d faces, want %d (at least 90%%)", len(res.Faces), len(truth))
	}
	for _, f := range res.Faces {
		hit := false
		for _, r := range truth {
			if in := f.Box.Intersect(r); in.Dx()*in.Dy()*2 > r.Dx()*r.Dy() {
				hit = true
			}
		}
		if !hit {
			t.Errorf("face %v matches no placed face", f.Box)
		}
	}
}
