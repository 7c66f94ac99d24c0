package faces

import (
	"fmt"
	"image"
	"testing"
)

// BenchmarkFind measures Find on whole photos, with every stage: working
// copy, BlazeFace windows, pigo confirmation, crops and FaceRes.
func BenchmarkFind(b *testing.B) {
	for _, name := range []string{"astronaut.png", "messi5.jpg", "chelsea.png", "scenetext02.jpg", "fruits.jpg"} {
		b.Run(name, func(b *testing.B) {
			d := detector(b)
			img := fixture(b, name)
			b.ResetTimer()
			for b.Loop() {
				if _, err := d.Find(b.Context(), img); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkStages measures the parts of Find on astronaut.png.
func BenchmarkStages(b *testing.B) {
	d := detector(b)
	img := toRGBA(fixture(b, "astronaut.png"))
	win := windows(img.Rect.Dx(), img.Rect.Dy(), 1)[0]
	cands, err := d.runBlaze(b.Context(), img, win, d.minScore)
	if err != nil || len(cands) == 0 {
		b.Fatalf("runBlaze = %d candidates, %v", len(cands), err)
	}
	b.Run("blazeface", func(b *testing.B) {
		for b.Loop() {
			if _, err := d.runBlaze(b.Context(), img, win, d.minScore); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("pigo", func(b *testing.B) {
		for b.Loop() {
			confirm(d.cascade, img, cands[0], d.minQuality)
		}
	})
	crop := faceCrop(img, cands[0].Box, frSize)
	b.Run("faceres", func(b *testing.B) {
		for b.Loop() {
			if _, err := d.describe(b.Context(), []*image.RGBA{crop}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("crop", func(b *testing.B) {
		for b.Loop() {
			faceCrop(img, cands[0].Box, frSize)
		}
	})
}

// BenchmarkWindowInput measures resizing a photo into BlazeFace's input.
func BenchmarkWindowInput(b *testing.B) {
	img := toRGBA(fixture(b, "astronaut.png"))
	win := windows(img.Rect.Dx(), img.Rect.Dy(), 1)[0]
	for b.Loop() {
		blazeTensor(windowInput(img, win, bfSize))
	}
}

// BenchmarkFindGroupPhoto measures Find on a 12-megapixel photo with 20
// faces of 120 pixels, with and without level 3's small tiles.
func BenchmarkFindGroupPhoto(b *testing.B) {
	photo, _ := groupPhoto(b, 120)
	for _, levels := range []int{2, 3} {
		b.Run(fmt.Sprintf("levels=%d", levels), func(b *testing.B) {
			opts := testOptions(b)
			opts.Levels = levels
			d, err := New(opts)
			if err != nil {
				b.Fatal(err)
			}
			defer d.Close()
			for b.Loop() {
				if _, err := d.Find(b.Context(), photo); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
