package faces

import (
	"context"
	"errors"
	"image"
	"sync"
	"testing"

	"github.com/disintegration/imaging"
)

// TestFind checks the faces found on real photos: people's faces, and none
// on a cat, a cup of coffee, fruit or a building.
func TestFind(t *testing.T) {
	tests := []struct {
		photo string
		min   int
		max   int
		// must, when not empty, is a box one found face must agree with.
		must image.Rectangle
	}{
		{photo: "astronaut.png", min: 1, max: 1, must: image.Rect(170, 57, 280, 167)},
		{photo: "messi5.jpg", min: 1, max: 10, must: image.Rect(229, 94, 261, 126)},
		{photo: "basketball1.png", min: 1, max: 2},
		{photo: "chelsea.png"},
		{photo: "coffee.png"},
		{photo: "fruits.jpg"},
		{photo: "building.jpg"},
		{photo: "motorcycle_left.png"},
		{photo: "rocket.jpg"},
		{photo: "page.png"},
	}
	d := detector(t)
	for _, tt := range tests {
		t.Run(tt.photo, func(t *testing.T) {
			faces, err := d.Find(t.Context(), fixture(t, tt.photo))
			if err != nil {
				t.Fatalf("Find: %v", err)
			}
			if len(faces) < tt.min || len(faces) > tt.max {
				t.Errorf("Find(%s) = %d faces %v, want %d..%d", tt.photo, len(faces), boxes(faces), tt.min, tt.max)
			}
			for _, f := range faces {
				checkFace(t, f)
			}
			if !tt.must.Empty() && !anyAgrees(faces, tt.must) {
				t.Errorf("Find(%s) = %v, want one face near %v", tt.photo, boxes(faces), tt.must)
			}
		})
	}
}

// TestFindAstronautBox checks the astronaut's box against the reference crop.
func TestFindAstronautBox(t *testing.T) {
	faces, err := detector(t).Find(t.Context(), fixture(t, "astronaut.png"))
	if err != nil || len(faces) != 1 {
		t.Fatalf("Find(astronaut) = %v, %v; want one face", boxes(faces), err)
	}
	want := image.Rect(170, 57, 280, 167)
	if got := iou(toBox(faces[0].Box), toBox(want)); got < 0.8 {
		t.Errorf("astronaut box = %v, IoU %.2f with %v, want >= 0.8", faces[0].Box, got, want)
	}
	if faces[0].Male > 0.5 {
		t.Errorf("astronaut p(male) = %.2f, want < 0.5", faces[0].Male)
	}
}

// TestEmbeddings checks that the embedding recognises a face in a mirrored
// photo and tells two people apart.
func TestEmbeddings(t *testing.T) {
	d := detector(t)
	astronaut := fixture(t, "astronaut.png")
	one := func(name string, img image.Image) Face {
		faces, err := d.Find(t.Context(), img)
		if err != nil || len(faces) == 0 {
			t.Fatalf("Find(%s) = %v, %v; want a face", name, boxes(faces), err)
		}
		return faces[0]
	}
	a := one("astronaut", astronaut)
	m := one("mirrored astronaut", imaging.FlipH(astronaut))
	messi := one("messi5", fixture(t, "messi5.jpg"))
	if c := Cosine(a.Embedding, m.Embedding); c < 0.85 {
		t.Errorf("Cosine(astronaut, mirrored) = %.3f, want > 0.85", c)
	} else {
		t.Logf("Cosine(astronaut, mirrored) = %.3f", c)
	}
	if c := Cosine(a.Embedding, messi.Embedding); c > 0.5 {
		t.Errorf("Cosine(astronaut, messi5) = %.3f, want < 0.5", c)
	} else {
		t.Logf("Cosine(astronaut, messi5) = %.3f", c)
	}
}

// TestFindConcurrent runs Find from several goroutines at once.
func TestFindConcurrent(t *testing.T) {
	d := detector(t)
	img := fixture(t, "astronaut.png")
	want, err := d.Find(t.Context(), img)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() {
			got, err := d.Find(t.Context(), img)
			switch {
			case err != nil:
				errs[i] = err
			case len(got) != len(want) || got[0].Box != want[0].Box || Cosine(got[0].Embedding, want[0].Embedding) < 0.9999:
				errs[i] = errors.New("different result")
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Errorf("concurrent Find: %v", err)
	}
}

func TestFindCancelled(t *testing.T) {
	d := detector(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := d.Find(ctx, fixture(t, "astronaut.png")); !errors.Is(err, context.Canceled) {
		t.Errorf("Find(cancelled) error = %v, want context.Canceled", err)
	}
}

func TestFindEmpty(t *testing.T) {
	faces, err := detector(t).Find(t.Context(), image.NewNRGBA(image.Rect(0, 0, 0, 0)))
	if err != nil || len(faces) != 0 {
		t.Errorf("Find(empty) = %v, %v; want no faces, no error", faces, err)
	}
}

func TestNewErrors(t *testing.T) {
	opts := testOptions(t)
	tests := []struct {
		name string
		edit func(*Options)
		is   error
	}{
		{"no cascade", func(o *Options) { o.Cascade = nil }, ErrNoCascade},
		{"short cascade", func(o *Options) { o.Cascade = []byte{1, 2, 3} }, ErrBadCascade},
		{"truncated cascade", func(o *Options) { o.Cascade = o.Cascade[:len(o.Cascade)-1] }, ErrBadCascade},
		{"no blazeface", func(o *Options) { o.BlazeFace = t.TempDir() + "/missing.onnx" }, nil},
		{"no faceres", func(o *Options) { o.FaceRes = t.TempDir() + "/missing.onnx" }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := opts
			tt.edit(&o)
			d, err := New(o)
			if err == nil {
				d.Close()
				t.Fatal("New: no error")
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("New error = %v, want %v", err, tt.is)
			}
		})
	}
}

// checkFace checks the invariants of one found face.
func checkFace(t *testing.T, f Face) {
	t.Helper()
	if len(f.Embedding) != frDim {
		t.Errorf("embedding has %d values, want %d", len(f.Embedding), frDim)
	}
	if n := Cosine(f.Embedding, f.Embedding); n < 0.999 {
		t.Errorf("embedding is zero")
	}
	if len(f.Landmarks) != 6 {
		t.Errorf("%d landmarks, want 6", len(f.Landmarks))
	}
	if f.Score <= 0 || f.Score > 1 || f.Box.Empty() {
		t.Errorf("face %v score %v: want a box and a score in (0, 1]", f.Box, f.Score)
	}
}

func anyAgrees(faces []Face, want image.Rectangle) bool {
	for _, f := range faces {
		if agree(toBox(f.Box), toBox(want)) {
			return true
		}
	}
	return false
}

func toBox(r image.Rectangle) box {
	return box{X0: float64(r.Min.X), Y0: float64(r.Min.Y), X1: float64(r.Max.X), Y1: float64(r.Max.Y)}
}

func boxes(faces []Face) []image.Rectangle {
	out := make([]image.Rectangle, len(faces))
	for i, f := range faces {
		out[i] = f.Box
	}
	return out
}

// TestFindSubImage checks that boxes are in the input's own coordinates
// when its bounds do not start at (0,0).
func TestFindSubImage(t *testing.T) {
	d := detector(t)
	full := imaging.Clone(fixture(t, "astronaut.png"))
	sub := full.SubImage(image.Rect(100, 20, 400, 300))
	faces, err := d.Find(t.Context(), sub)
	if err != nil || len(faces) != 1 {
		t.Fatalf("Find(sub-image) = %v, %v; want one face", boxes(faces), err)
	}
	if want := image.Rect(170, 57, 280, 167); iou(toBox(faces[0].Box), toBox(want)) < 0.8 {
		t.Errorf("sub-image face box = %v, want near %v", faces[0].Box, want)
	}
	if lm := faces[0].Landmarks[0]; !lm.In(faces[0].Box) {
		t.Errorf("right eye %v outside the box %v", lm, faces[0].Box)
	}
}
