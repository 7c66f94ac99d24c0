package faces

import (
	"image"
	"image/color"
	"testing"
	"time"

	"github.com/disintegration/imaging"
)

func TestExploreGroup(t *testing.T) {
	opts := testOptions(t)
	ast := fixture(t, "astronaut.png")
	for _, facePx := range []int{60, 90, 120, 160} {
		// astronaut face is 110px of 512.
		side := 512 * facePx / 110
		small := imaging.Resize(ast, side, side, imaging.Lanczos)
		canvas := imaging.New(4000, 3000, color.NRGBA{90, 90, 90, 255})
		n := 0
		for y := 100; y+side < 3000; y += side + 200 {
			for x := 100; x+side < 4000; x += side + 200 {
				canvas = imaging.Paste(canvas, small, image.Pt(x, y))
				n++
			}
		}
		for _, lv := range []int{2, 3} {
			o := opts
			o.Levels = lv
			d, err := New(o)
			if err != nil {
				t.Fatal(err)
			}
			t0 := time.Now()
			fs, err := d.Find(t.Context(), canvas)
			t.Logf("face %dpx: %d placed, level %d: %d found %v", facePx, n, lv, len(fs), time.Since(t0))
			d.Close()
		}
	}
}

func BenchmarkBig(b *testing.B) {
	d := detector(b)
	ast := fixture(b, "astronaut.png")
	side := 512 * 120 / 110
	small := imaging.Resize(ast, side, side, imaging.Lanczos)
	canvas := imaging.New(4000, 3000, color.NRGBA{90, 90, 90, 255})
	for y := 100; y+side < 3000; y += side + 200 {
		for x := 100; x+side < 4000; x += side + 200 {
			canvas = imaging.Paste(canvas, small, image.Pt(x, y))
		}
	}
	b.Run("workingCopy", func(b *testing.B) {
		for b.Loop() {
			workingCopy(canvas)
		}
	})
	b.Run("find", func(b *testing.B) {
		for b.Loop() {
			d.Find(b.Context(), canvas)
		}
	})
}

func BenchmarkLevels(b *testing.B) {
	opts := testOptions(b)
	for _, lv := range []int{1, 2, 3} {
		o := opts
		o.Levels = lv
		d, _ := New(o)
		for _, name := range []string{"astronaut.png", "messi5.jpg", "scenetext02.jpg", "building.jpg"} {
			img := fixture(b, name)
			b.Run(name+"/"+string(rune('0'+lv)), func(b *testing.B) {
				for b.Loop() {
					d.Find(b.Context(), img)
				}
			})
		}
		d.Close()
	}
}
