package vision

import (
	"image"
	"image/color"
	"slices"
	"testing"
	"time"

	"sajin/vision/labels"
)

func solid(w, h int, c color.Color) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, c)
		}
	}
	return img
}

func keys(r Result) []string {
	var out []string
	for _, l := range r.Labels {
		out = append(out, l.Key)
	}
	return out
}

// TestRules checks the labels made without models, on generated pictures.
func TestRules(t *testing.T) {
	vocab, err := labels.Load()
	if err != nil {
		t.Fatal(err)
	}
	tg := New(Parts{}, vocab, nil)
	cases := []struct {
		name      string
		img       image.Image
		hints     Hints
		want, not []string
	}{
		{"grey", solid(80, 60, color.Gray{Y: 128}), Hints{}, []string{"black_and_white"}, []string{"night", "red"}},
		{"dark blue", solid(80, 60, color.RGBA{10, 20, 70, 255}), Hints{}, []string{"night"}, []string{"black_and_white"}},
		{"red", solid(80, 60, color.RGBA{220, 20, 30, 255}), Hints{}, []string{"red"}, []string{"blue", "night"}},
		{"sky", solid(80, 60, color.RGBA{60, 120, 230, 255}), Hints{}, []string{"blue"}, []string{"red"}},
		{"screenshot by name", solid(60, 120, color.White), Hints{FileName: "Screenshot_20190101-101010.png"}, []string{"screenshot", "white"}, nil},
		{"taken at 22:00", solid(80, 60, color.RGBA{220, 20, 30, 255}), Hints{Taken: time.Date(2019, 1, 1, 22, 0, 0, 0, time.UTC)}, []string{"night", "red"}, nil},
		{"taken at noon", solid(80, 60, color.RGBA{220, 20, 30, 255}), Hints{Taken: time.Date(2019, 1, 1, 12, 0, 0, 0, time.UTC)}, []string{"red"}, []string{"night"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := tg.Tag(t.Context(), c.img, c.hints)
			if err != nil {
				t.Fatal(err)
			}
			got := keys(res)
			for _, w := range c.want {
				if !slices.Contains(got, w) {
					t.Errorf("labels %v, want %s", got, w)
				}
			}
			for _, n := range c.not {
				if slices.Contains(got, n) {
					t.Errorf("labels %v, want no %s", got, n)
				}
			}
		})
	}
}

func TestPeopleRules(t *testing.T) {
	vocab, _ := labels.Load()
	tg := New(Parts{}, vocab, nil)
	b := image.Rect(0, 0, 1000, 800)
	face := func(x, s int) Face { return Face{Box: image.Rect(x, 100, x+s, 100+s), Score: 0.9} }
	one := tg.ruleLabels(b, Result{Faces: []Face{face(300, 300)}}, Hints{})
	if k := keys(Result{Labels: one}); !slices.Contains(k, "portrait") || slices.Contains(k, "group") {
		t.Errorf("one large face: %v, want portrait and no group", k)
	}
	small := tg.ruleLabels(b, Result{Faces: []Face{face(300, 40)}}, Hints{})
	if k := keys(Result{Labels: small}); slices.Contains(k, "portrait") {
		t.Errorf("one small face: %v, want no portrait", k)
	}
	three := tg.ruleLabels(b, Result{Faces: []Face{face(0, 50), face(300, 50), face(600, 50)}}, Hints{})
	if k := keys(Result{Labels: three}); !slices.Contains(k, "group") || slices.Contains(k, "portrait") {
		t.Errorf("three faces: %v, want group", k)
	}
}
