package faces

import (
	"image"
	"testing"
)

// BenchmarkFind measures Find on whole photos, with every stage: working
// copy, BlazeFace windows, pigo confirmation, crops and FaceRes.
func BenchmarkFind(b *testing.B) {
	for _, name := range []string{"astronaut.png", "messi5.jpg", "chelsea.png", "scenetext02.jpg"} {
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
	img := toNRGBA(fixture(b, "astronaut.png"))
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
			if _, err := d.describe(b.Context(), []*image.NRGBA{crop}); err != nil {
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
	img := toNRGBA(fixture(b, "astronaut.png"))
	win := windows(img.Rect.Dx(), img.Rect.Dy(), 1)[0]
	for b.Loop() {
		blazeTensor(windowInput(img, win, bfSize))
	}
}
