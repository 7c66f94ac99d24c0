package faces

import (
	"context"
	"errors"
	"image"
	"image/color"
	"image/draw"
	"sync"
	"testing"
	"time"

	"github.com/disintegration/imaging"
)

// fixtureFaces is the ground truth of the test photos, by eye: the faces a
// person would tag, with hard ones (a profile, a face cut by the frame, a
// face under 30 pixels) marked; the crowd in messi5 (faces of about 10
// pixels, blurred) is not counted.
var fixtureFaces = []struct {
	photo string
	easy  []image.Rectangle
	hard  []image.Rectangle
}{
	{photo: "astronaut.png", easy: []image.Rectangle{image.Rect(170, 57, 280, 167)}},
	{photo: "messi5.jpg", easy: []image.Rectangle{image.Rect(229, 94, 261, 126)}},
	{photo: "basketball1.png", easy: []image.Rectangle{image.Rect(71, 91, 111, 130)}, hard: []image.Rectangle{image.Rect(500, 30, 615, 135)}},
	{photo: "scenetext01.jpg", hard: []image.Rectangle{image.Rect(755, 365, 800, 430)}},
	{photo: "scenetext03.jpg", hard: []image.Rectangle{image.Rect(450, 900, 482, 937)}},
	{photo: "chelsea.png"},
	{photo: "coffee.png"},
	{photo: "fruits.jpg"},
	{photo: "building.jpg"},
	{photo: "motorcycle_left.png"},
	{photo: "rocket.jpg"},
	{photo: "page.png"},
	{photo: "home.jpg"},
	{photo: "scenetext02.jpg"},
}

// TestFind runs Find on every test photo and checks it against the ground
// truth: every easy face found, no face where there is none (a cat, a cup of
// coffee, fruit, a building). With -v it logs the precision/recall table.
func TestFind(t *testing.T) {
	d := detector(t)
	var tp, fp, easy, easyFound, hard int
	for _, tt := range fixtureFaces {
		t.Run(tt.photo, func(t *testing.T) {
			img := fixture(t, tt.photo)
			start := time.Now()
			faces, err := d.Find(t.Context(), img)
			took := time.Since(start)
			if err != nil {
				t.Fatalf("Find: %v", err)
			}
			for _, f := range faces {
				checkFace(t, f)
				if !anyAgrees(f, append(tt.easy, tt.hard...)) {
					fp++
					t.Errorf("Find(%s): face %v (score %.2f) where there is none", tt.photo, f.Box, f.Score)
				} else {
					tp++
				}
			}
			for _, want := range tt.easy {
				if !anyFace(faces, want) {
					t.Errorf("Find(%s) = %v, want a face near %v", tt.photo, boxes(faces), want)
				} else {
					easyFound++
				}
			}
			easy += len(tt.easy)
			hard += len(tt.hard)
			t.Logf("| %s | %d | %d | %d | %v |", tt.photo, len(tt.easy)+len(tt.hard), len(faces), len(faces)-countAgreeing(faces, tt.easy, tt.hard), took.Round(time.Millisecond))
		})
	}
	t.Logf("faces found %d, false %d; easy faces %d of %d; all faces %d of %d", tp+fp, fp, easyFound, easy, tp, easy+hard)
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
	faces, err := detector(t).Find(t.Context(), image.NewRGBA(image.Rect(0, 0, 0, 0)))
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

// anyAgrees reports whether f agrees with one of the boxes.
func anyAgrees(f Face, truth []image.Rectangle) bool {
	for _, r := range truth {
		if agree(toBox(f.Box), toBox(r)) {
			return true
		}
	}
	return false
}

// anyFace reports whether one of faces agrees with want.
func anyFace(faces []Face, want image.Rectangle) bool {
	for _, f := range faces {
		if anyAgrees(f, []image.Rectangle{want}) {
			return true
		}
	}
	return false
}

// countAgreeing counts the faces that agree with a true face.
func countAgreeing(faces []Face, easy, hard []image.Rectangle) int {
	n := 0
	for _, f := range faces {
		if anyAgrees(f, append(append([]image.Rectangle{}, easy...), hard...)) {
			n++
		}
	}
	return n
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

// groupPhoto pastes copies of astronaut.png into a 4000x3000 grey photo so
// that each face is facePx wide, as in a group photo from a phone camera,
// and returns it with the face boxes.
func groupPhoto(tb testing.TB, facePx int) (*image.NRGBA, []image.Rectangle) {
	tb.Helper()
	const refFace = 110 // the astronaut's face in the 512-pixel photo
	side := 512 * facePx / refFace
	one := imaging.Resize(fixture(tb, "astronaut.png"), side, side, imaging.Lanczos)
	photo := imaging.New(4000, 3000, color.NRGBA{R: 90, G: 90, B: 90, A: 255})
	var faces []image.Rectangle
	for y := 100; y+side < 3000; y += side + 200 {
		for x := 100; x+side < 4000; x += side + 200 {
			draw.Draw(photo, image.Rect(x, y, x+side, y+side), one, image.Point{}, draw.Src)
			k := float64(side) / 512
			faces = append(faces, image.Rect(x+int(170*k), y+int(57*k), x+int(280*k), y+int(167*k)))
		}
	}
	return photo, faces
}

// TestFindGroupPhoto checks Levels: faces of 120 pixels in a 12-megapixel
// photo are too small for the whole-photo window and the tiles of level 2,
// and need level 3's (the default). All the faces are one person's, so their
// embeddings must agree.
func TestFindGroupPhoto(t *testing.T) {
	opts := testOptions(t)
	opts.Levels = 2
	d2, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer d2.Close()
	photo, truth := groupPhoto(t, 120)
	got2, err := d2.Find(t.Context(), photo)
	if err != nil {
		t.Fatal(err)
	}
	got, err := detector(t).Find(t.Context(), photo)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d faces placed; level 2 found %d, level 3 %d", len(truth), len(got2), len(got))
	if len(got) < len(truth)*9/10 || len(got) > len(truth) {
		t.Errorf("Find(level 3) = %d faces, want %d (at least 90%%)", len(got), len(truth))
	}
	for _, f := range got {
		if !anyAgrees(f, truth) {
			t.Errorf("level 3 face %v matches no placed face", f.Box)
		}
		if c := Cosine(f.Embedding, got[0].Embedding); c < 0.8 {
			t.Errorf("Cosine(face %v, face %v) = %.2f, want > 0.8 (same person)", f.Box, got[0].Box, c)
		}
	}
}

// TestFindGray checks a greyscale photo (decoded as *image.Gray).
func TestFindGray(t *testing.T) {
	src := fixture(t, "astronaut.png")
	gray := image.NewGray(src.Bounds())
	draw.Draw(gray, gray.Rect, src, src.Bounds().Min, draw.Src)
	faces, err := detector(t).Find(t.Context(), gray)
	if err != nil || len(faces) != 1 {
		t.Fatalf("Find(grey astronaut) = %v, %v; want one face", boxes(faces), err)
	}
}
