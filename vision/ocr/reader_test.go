//go:build cgo

package ocr

import (
	"fmt"
	"image"
	_ "image/jpeg"
	_ "image/png"
	"os"
	"path/filepath"
	"testing"

	"sajin/vision/onnx"
)

// The model tests run the real PP-OCRv4 models in the real ONNX Runtime on
// the fixture photos. Environment (read here only): SAJIN_ORT_LIB is the
// ONNX Runtime library (default ~/.cache/sajin/onnxruntime/libonnxruntime.so.1.24.3),
// SAJIN_MODELS the models folder (default ~/.cache/sajin/models). When they
// are missing the tests skip, except when CI is set: then they fail.

// testEnv is what TestMain found; read-only once the tests run.
var testEnv struct {
	initErr error
	models  string
}

func TestMain(m *testing.M) {
	home, _ := os.UserHomeDir()
	lib := os.Getenv("SAJIN_ORT_LIB")
	if lib == "" {
		lib = filepath.Join(home, ".cache", "sajin", "onnxruntime", "libonnxruntime.so.1.24.3")
	}
	testEnv.models = os.Getenv("SAJIN_MODELS")
	if testEnv.models == "" {
		testEnv.models = filepath.Join(home, ".cache", "sajin", "models")
	}
	testEnv.initErr = onnx.Init(onnx.Options{LibraryPath: lib, IntraOpThreads: 2})
	code := m.Run()
	if testEnv.initErr == nil {
		_ = onnx.Destroy()
	}
	os.Exit(code)
}

// missing fails in CI and skips elsewhere.
func missing(tb testing.TB, format string, args ...any) {
	tb.Helper()
	msg := fmt.Sprintf(format, args...) + " (set SAJIN_ORT_LIB / SAJIN_MODELS, or run `make setup`)"
	if os.Getenv("CI") != "" {
		tb.Fatal("CI: " + msg)
	}
	tb.Skip(msg)
}

// newReader opens a Reader on the test models with opts' thresholds.
func newReader(tb testing.TB, opts Options) *Reader {
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

