//go:build cgo

package ocr

import (
	"context"
	"errors"
	"image"
	_ "image/jpeg"
	_ "image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"sajin/vision/onnx"
	"sajin/vision/visiontest"
)

// The model tests run the real PP-OCRv4 models in the real ONNX Runtime on
// the fixture photos. Environment (read here only): SAJIN_ORT_LIB is the
// ONNX Runtime library (default ~/.cache/sajin/onnxruntime/libonnxruntime.so.1.24.3),
// SAJIN_MODELS the models folder (default ~/.cache/sajin/models). When they
// are missing the tests skip, except when CI is set: then they fail.

// testEnv is what TestMain found; read-only once the tests run, except
// that reader opens the default Reader on first use.
var testEnv struct {
	initErr error
	models  string
	reader  func() (*Reader, error)
}

func TestMain(m *testing.M) {
	lib := visiontest.ORTLib()
	testEnv.models = visiontest.Models()
	testEnv.initErr = onnx.Init(onnx.Options{LibraryPath: lib, IntraOpThreads: 1})
	var opened bool
	testEnv.reader = sync.OnceValues(func() (*Reader, error) {
		opened = true
		return New(ModelsIn(testEnv.models))
	})
	code := m.Run()
	if opened {
		if r, err := testEnv.reader(); err == nil {
			r.Close()
		}
	}
	if testEnv.initErr == nil {
		_ = onnx.Destroy()
	}
	os.Exit(code)
}

// missing fails in CI and skips elsewhere.
func missing(tb testing.TB, format string, args ...any) {
	tb.Helper()
	visiontest.Missing(tb, format, args...)
}

// modelOptions returns the Options of the test models, skipping (or
// failing in CI) when ONNX Runtime or a model file is missing.
func modelOptions(tb testing.TB) Options {
	tb.Helper()
	if testEnv.initErr != nil {
		missing(tb, "ONNX Runtime: %v", testEnv.initErr)
	}
	o := ModelsIn(testEnv.models)
	for _, p := range []string{o.DetModel, o.RecModel, o.Keys} {
		if !fileExists(p) {
			missing(tb, "model file %s absent", p)
		}
	}
	return o
}

// newReader opens a Reader of its own on the test models with opts'
// thresholds (ClsModel "-" leaves out the direction classifier).
func newReader(tb testing.TB, opts Options) *Reader {
	tb.Helper()
	o := modelOptions(tb)
	o.MaxSide, o.MinScore = opts.MaxSide, opts.MinScore
	if opts.ClsModel == "-" {
		o.ClsModel = ""
	}
	r, err := New(o)
	if err != nil {
		tb.Fatalf("New: %v", err)
	}
	tb.Cleanup(func() { r.Close() })
	return r
}

// sharedReader returns the Reader with default options that the tests
// share (ModelsIn(SAJIN_MODELS), opened once).
func sharedReader(tb testing.TB) *Reader {
	tb.Helper()
	modelOptions(tb)
	r, err := testEnv.reader()
	if err != nil {
		tb.Fatalf("New: %v", err)
	}
	return r
}

// fixture decodes a photo of testdata/fixtures.
func fixture(tb testing.TB, name string) image.Image {
	tb.Helper()
	f, err := os.Open(filepath.Join("..", "..", "testdata", "fixtures", name))
	if err != nil {
		missing(tb, "fixture: %v (run `make fixtures`)", err)
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		tb.Fatalf("decode %s: %v", name, err)
	}
	return img
}

// TestReadText asserts the words each text fixture must yield and logs
// word precision and recall against everything printed in the photo.
func TestReadText(t *testing.T) {
	r := sharedReader(t)
	tests := []struct {
		name string
		want string // words that must be read
		all  string // every word printed in the photo
	}{
		{"scenetext01.jpg", "notice double parking prohibited at all times",
			"notice double parking prohibited at all times the washington post"},
		{"scenetext02.jpg", "sports centre conference car parks",
			"sports centre wivenhoe park conference centre car parks"},
		{"scenetext03.jpg", "the copy centre", "the copy centre"},
		{"page.png", "region markers coins background pixels label unambiguously histogram zeros",
			"region based segmentation let us first determine markers of the coins and the background " +
				"these markers are pixels that we can label unambiguously as either object or background here " +
				"the markers are found at the two extreme parts of the histogram of grey values markers np zeros like coins"},
	}
	var hits, read, total int
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines, err := r.Read(t.Context(), fixture(t, tt.name))
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			words := Words(lines)
			for _, w := range strings.Fields(tt.want) {
				if !slices.Contains(words, w) {
					t.Errorf("Read(%s) words = %q, want %q among them", tt.name, words, w)
				}
			}
			want := uniq(strings.Fields(tt.all))
			n := 0
			for _, w := range words {
				if slices.Contains(want, w) {
					n++
				}
			}
			hits, read, total = hits+n, read+len(words), total+len(want)
			t.Logf("%s: %d lines, words %q: precision %d/%d, recall %d/%d", tt.name, len(lines), words, n, len(words), n, len(want))
		})
	}
	t.Logf("all text fixtures: word precision %d/%d, recall %d/%d", hits, read, hits, total)
}

func uniq(s []string) []string {
	slices.Sort(s)
	return slices.Compact(s)
}

// TestReadNoText checks that photos without text yield no line above the
// default MinScore (the junk seen on them scores at most 0.56).
func TestReadNoText(t *testing.T) {
	r := sharedReader(t)
	for _, name := range []string{"chelsea.png", "coffee.png", "fruits.jpg", "astronaut.png", "motorcycle_left.png", "rocket.jpg", "building.jpg", "home.jpg", "basketball1.png"} {
		t.Run(name, func(t *testing.T) {
			lines, err := r.Read(t.Context(), fixture(t, name))
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			if len(lines) != 0 {
				t.Errorf("Read(%s) = %+v, want no lines", name, lines)
			}
		})
	}
}

func TestDetect(t *testing.T) {
	r := sharedReader(t)
	tests := []struct {
		name    string
		min     int
		max     int
		contain image.Point // a point inside some box (the NOTICE panel)
	}{
		{"scenetext01.jpg", 5, 20, image.Pt(350, 55)},
		{"chelsea.png", 0, 0, image.Point{}},
		{"fruits.jpg", 0, 0, image.Point{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			boxes, err := r.Detect(t.Context(), fixture(t, tt.name))
			if err != nil {
				t.Fatalf("Detect: %v", err)
			}
			if len(boxes) < tt.min || len(boxes) > tt.max {
				t.Fatalf("Detect(%s) = %d boxes, want %d..%d", tt.name, len(boxes), tt.min, tt.max)
			}
			if tt.max > 0 && !slices.ContainsFunc(boxes, func(b image.Rectangle) bool { return tt.contain.In(b) }) {
				t.Errorf("Detect(%s) = %v, want a box around %v", tt.name, boxes, tt.contain)
			}
		})
	}
}

// TestReadSubImage checks that boxes are in the input image's own
// coordinates when its bounds do not start at (0, 0).
func TestReadSubImage(t *testing.T) {
	r := sharedReader(t)
	img := fixture(t, "scenetext01.jpg").(interface {
		image.Image
		SubImage(image.Rectangle) image.Image
	})
	sub := img.SubImage(image.Rect(200, 0, 520, 300))
	lines, err := r.Read(t.Context(), sub)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	if len(lines) == 0 || lines[0].Text != "NOTICE" {
		t.Fatalf("Read(sub-image) = %+v, want NOTICE first", lines)
	}
	if b := lines[0].Box; !image.Pt(350, 55).In(b) || !b.In(sub.Bounds()) {
		t.Errorf("NOTICE box = %v, want it around (350,55) inside %v", b, sub.Bounds())
	}
}

// TestReadConcurrent reads from two goroutines at once and expects the
// same lines as a lone read.
func TestReadConcurrent(t *testing.T) {
	r := sharedReader(t)
	img := fixture(t, "scenetext03.jpg")
	want, err := r.Read(t.Context(), img)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	got := make([][]Line, 2)
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i := range got {
		wg.Go(func() { got[i], errs[i] = r.Read(t.Context(), img) })
	}
	wg.Wait()
	for i := range got {
		if errs[i] != nil || !slices.Equal(got[i], want) {
			t.Errorf("concurrent Read %d = %+v, %v, want %+v", i, got[i], errs[i], want)
		}
	}
}

func TestReadCancelled(t *testing.T) {
	r := sharedReader(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := r.Read(ctx, fixture(t, "scenetext01.jpg")); !errors.Is(err, context.Canceled) {
		t.Errorf("Read(cancelled) error = %v, want context.Canceled", err)
	}
}

func TestNewErrors(t *testing.T) {
	good := modelOptions(t)
	shortKeys := filepath.Join(t.TempDir(), "keys.txt")
	if err := os.WriteFile(shortKeys, []byte("a\nb\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		change func(o *Options)
		is     error
	}{
		{"no models", func(o *Options) { *o = Options{} }, nil},
		{"missing keys", func(o *Options) { o.Keys = filepath.Join(t.TempDir(), "none.txt") }, os.ErrNotExist},
		{"keys do not fit", func(o *Options) { o.Keys = shortKeys }, ErrKeysMismatch},
		{"missing model", func(o *Options) { o.DetModel = filepath.Join(t.TempDir(), "none.onnx") }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := good
			tt.change(&o)
			r, err := New(o)
			if err == nil {
				r.Close()
				t.Fatalf("New(%+v) succeeded, want an error", o)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("New error = %v, want %v", err, tt.is)
			}
		})
	}
}

// turned180 returns a copy of img turned upside down.
func turned180(img image.Image) *image.RGBA {
	b := img.Bounds()
	out := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	for y := range b.Dy() {
		for x := range b.Dx() {
			out.Set(b.Dx()-1-x, b.Dy()-1-y, img.At(b.Min.X+x, b.Min.Y+y))
		}
	}
	return out
}

// TestDirectionClassifier reads an upside-down sign with and without the
// direction classifier, and the page (where the classifier alone would
// turn a curved line the wrong way) with it.
func TestDirectionClassifier(t *testing.T) {
	if modelOptions(t).ClsModel == "" {
		missing(t, "direction model absent")
	}
	with, without := newReader(t, Options{}), newReader(t, Options{ClsModel: "-"})
	upsideDown := turned180(fixture(t, "scenetext01.jpg"))
	tests := []struct {
		name string
		r    *Reader
		img  image.Image
		want []string
	}{
		{"upside down, classifier", with, upsideDown, []string{"notice", "parking", "prohibited"}},
		{"upside down, none", without, upsideDown, nil},
		{"page, classifier", with, fixture(t, "page.png"), []string{"found", "extreme"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines, err := tt.r.Read(t.Context(), tt.img)
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			words := Words(lines)
			t.Logf("words %q", words)
			for _, w := range tt.want {
				if !slices.Contains(words, w) {
					t.Errorf("Read words = %q, want %q among them", words, w)
				}
			}
		})
	}
}

// enlarged returns img scaled up k times by pixel repetition.
func enlarged(img image.Image, k int) *image.RGBA {
	b := img.Bounds()
	out := image.NewRGBA(image.Rect(0, 0, b.Dx()*k, b.Dy()*k))
	for y := range b.Dy() * k {
		for x := range b.Dx() * k {
			out.Set(x, y, img.At(b.Min.X+x/k, b.Min.Y+y/k))
		}
	}
	return out
}

// TestReadLargeImage reads the sign from a 3200x2400 copy, which goes
// through the block shrink before detection and the supersampled crops.
func TestReadLargeImage(t *testing.T) {
	r := sharedReader(t)
	lines, err := r.Read(t.Context(), enlarged(fixture(t, "scenetext01.jpg"), 4))
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	words := Words(lines)
	for _, w := range []string{"notice", "double", "parking", "prohibited", "times"} {
		if !slices.Contains(words, w) {
			t.Errorf("Read(4x sign) words = %q, want %q among them", words, w)
		}
	}
	if len(lines) > 0 && !image.Pt(4*350, 4*55).In(lines[0].Box) {
		t.Errorf("first line %+v, want its box around the NOTICE panel", lines[0])
	}
}
