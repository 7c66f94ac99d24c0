package objects

import (
	"fmt"
	"image"
	"os"
	"sort"
	"strings"
	"testing"

	"sajin/vision/visiontest"
)

var initErr error

func TestMain(m *testing.M) {
	initErr = visiontest.Init()
	os.Exit(m.Run())
}

func newDetector(tb testing.TB) *Detector {
	tb.Helper()
	d, err := New(Options{Model: visiontest.Model(tb, initErr, "centernet", "centernet.onnx")})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { d.Close() })
	return d
}

// coco names the classes the tests talk about.
var coco = map[int]string{0: "person", 2: "car", 3: "motorcycle", 15: "cat", 16: "dog", 32: "sports ball",
	41: "cup", 47: "apple", 49: "orange", 58: "potted plant", 59: "bed", 60: "dining table", 39: "bottle"}

func classes(dets []Detection) map[string]float32 {
	out := map[string]float32{}
	for _, d := range dets {
		name := coco[d.Class]
		if name == "" {
			name = fmt.Sprint(d.Class)
		}
		out[name] = max(out[name], d.Score)
	}
	return out
}

// TestDevelopmentPhotos checks what must and must not be found in real photos.
func TestDevelopmentPhotos(t *testing.T) {
	d := newDetector(t)
	cases := []struct {
		photo     string
		want, not []string
	}{
		{"astronaut.png", []string{"person"}, []string{"cat", "dog", "car"}},
		{"messi5.jpg", []string{"sports ball", "person"}, []string{"car"}},
		{"coffee.png", []string{"cup"}, []string{"person"}},
		{"motorcycle_left.png", []string{"motorcycle"}, []string{"person"}},
		{"chelsea.png", []string{"cat"}, []string{"person"}},
		{"scenetext01.jpg", []string{"person", "car"}, nil},
		{"fruits.jpg", []string{"apple", "orange"}, []string{"person"}},
		{"building.jpg", nil, []string{"car", "person"}},
	}
	for _, c := range cases {
		t.Run(c.photo, func(t *testing.T) {
			dets, err := d.Detect(t.Context(), visiontest.Photo(t, c.photo))
			if err != nil {
				t.Fatal(err)
			}
			got := classes(dets)
			t.Logf("%s: %v", c.photo, got)
			for _, w := range c.want {
				if _, ok := got[w]; !ok {
					t.Errorf("%s: no %s in %v", c.photo, w, got)
				}
			}
			for _, n := range c.not {
				if s, ok := got[n]; ok {
					t.Errorf("%s: found %s (%.2f), want none", c.photo, n, s)
				}
			}
			for _, det := range dets {
				if !det.Box.In(visiontest.Photo(t, c.photo).Bounds()) {
					t.Errorf("box %v outside the photo", det.Box)
				}
			}
		})
	}
}

func TestNMS(t *testing.T) {
	dets := []Detection{
		{Class: 0, Score: 0.9, Box: image.Rect(0, 0, 100, 100)},
		{Class: 0, Score: 0.8, Box: image.Rect(5, 5, 100, 100)},   // same person again: dropped
		{Class: 1, Score: 0.7, Box: image.Rect(5, 5, 100, 100)},   // another class: kept
		{Class: 0, Score: 0.6, Box: image.Rect(200, 0, 300, 100)}, // another person: kept
	}
	got := nms(dets, 0.5)
	var s []string
	for _, d := range got {
		s = append(s, fmt.Sprintf("%d@%.1f", d.Class, d.Score))
	}
	sort.Strings(s)
	if strings.Join(s, " ") != "0@0.6 0@0.9 1@0.7" {
		t.Errorf("nms kept %v", s)
	}
}

func BenchmarkDetect(b *testing.B) {
	d := newDetector(b)
	img := visiontest.Photo(b, "messi5.jpg")
	for b.Loop() {
		if _, err := d.Detect(b.Context(), img); err != nil {
			b.Fatal(err)
		}
	}
}
