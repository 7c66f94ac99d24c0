package faces

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"testing"
	"time"
)

func drawRect(img *image.NRGBA, r image.Rectangle, c color.NRGBA) {
	for x := r.Min.X; x < r.Max.X; x++ {
		img.SetNRGBA(x, r.Min.Y, c)
		img.SetNRGBA(x, r.Max.Y-1, c)
	}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		img.SetNRGBA(r.Min.X, y, c)
		img.SetNRGBA(r.Max.X-1, y, c)
	}
}

func TestExplore(t *testing.T) {
	opts := testOptions(t)
	opts.MinScore = 0.3
	opts.MinPigoQuality = 1
	var lv = 2
	fmt.Sscan(os.Getenv("LV"), &lv)
	opts.Levels = lv
	d, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	os.MkdirAll("/tmp/fx", 0o755)
	ents, _ := os.ReadDir("../../testdata/fixtures")
	for _, e := range ents {
		img := fixture(t, e.Name())
		t0 := time.Now()
		fs, err := d.Find(t.Context(), img)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s %v: %d faces %v", e.Name(), img.Bounds().Max, len(fs), time.Since(t0))
		out := toNRGBA(img)
		out = imagingClone(out)
		work, _ := workingCopy(toNRGBA(img))
		var cands []candidate
		for _, win := range windows(work.Rect.Dx(), work.Rect.Dy(), lv) {
			c, _ := d.runBlaze(t.Context(), work, win, 0.3)
			cands = append(cands, c...)
		}
		for _, c := range weightedNMS(cands, nmsIoU) {
			pf, ok := confirm(d.cascade, work, c, 0.01)
			t.Logf("   cand %v %.3f pigo %v %.1f", c.Box.rect(), c.Score, ok, pf.Quality)
			drawRect(out, c.Box.rect(), color.NRGBA{0, 0, 255, 255})
		}
		for i, f := range fs {
			t.Logf("   box %v score %.2f blaze %.3f q %.1f age %.1f male %.2f lm %v", f.Box, f.Score, f.BlazeScore, f.Quality, f.Age, f.Male, f.Landmarks[:2])
			drawRect(out, f.Box, color.NRGBA{255, 0, 0, 255})
			c := faceCrop(toNRGBA(img), box{float64(f.Box.Min.X), float64(f.Box.Min.Y), float64(f.Box.Max.X), float64(f.Box.Max.Y)}, 224)
			w, _ := os.Create(fmt.Sprintf("/tmp/fx/%s_face%d.png", e.Name(), i))
			png.Encode(w, c)
			w.Close()
		}
		w, _ := os.Create("/tmp/fx/" + e.Name() + ".png")
		png.Encode(w, out)
		w.Close()
	}
}

func imagingClone(i *image.NRGBA) *image.NRGBA {
	o := image.NewNRGBA(i.Rect)
	copy(o.Pix, i.Pix)
	return o
}
