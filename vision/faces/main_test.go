package faces

import (
	"image"
	_ "image/jpeg"
	_ "image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"sajin/vision/onnx"
	"sajin/vision/visiontest"
)

// The tests run the real models in the real ONNX Runtime. Environment (read
// here only): SAJIN_ORT_LIB is the runtime library and SAJIN_MODELS the
// models folder (one sub-folder per model with its .onnx), by default under
// the user cache dir + "/sajin". The pigo cascade is SAJIN_PIGO_CASCADE, by
// default cascade/facefinder in the pigo module the build uses (found with
// `go list -m`). When something is missing the tests skip, except when CI is
// set: then they fail.

// testEnv is what TestMain found; read-only once the tests run.
var testEnv struct {
	initErr error
	models  string
	cascade string // path of pigo's facefinder, "" if not found
	once    sync.Once
	det     *Detector
	detErr  error
}

func TestMain(m *testing.M) {
	lib := visiontest.ORTLib()
	testEnv.models = visiontest.Models()
	testEnv.cascade = os.Getenv("SAJIN_PIGO_CASCADE")
	if testEnv.cascade == "" {
		testEnv.cascade = cascadePath()
	}
	testEnv.initErr = onnx.Init(onnx.Options{LibraryPath: lib, IntraOpThreads: 2})
	code := m.Run()
	if testEnv.det != nil {
		_ = testEnv.det.Close()
	}
	if testEnv.initErr == nil {
		_ = onnx.Destroy()
	}
	os.Exit(code)
}

// cascadePath finds cascade/facefinder in the pigo module the build uses.
func cascadePath() string {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/esimov/pigo").Output()
	if err != nil {
		return ""
	}
	p := filepath.Join(strings.TrimSpace(string(out)), "cascade", "facefinder")
	if _, err := os.Stat(p); err != nil {
		return ""
	}
	return p
}

// missing fails in CI and skips elsewhere.
func missing(tb testing.TB, format string, args ...any) {
	tb.Helper()
	visiontest.Missing(tb, format, args...)
}

// testOptions returns Options for the real models and cascade.
func testOptions(tb testing.TB) Options {
	tb.Helper()
	if testEnv.initErr != nil {
		missing(tb, "ONNX Runtime: %v", testEnv.initErr)
	}
	opts := Options{
		BlazeFace: filepath.Join(testEnv.models, "blazeface", "blazeface.onnx"),
		FaceRes:   filepath.Join(testEnv.models, "faceres", "faceres.onnx"),
	}
	for _, p := range []string{opts.BlazeFace, opts.FaceRes} {
		if _, err := os.Stat(p); err != nil {
			missing(tb, "model: %v", err)
		}
	}
	if testEnv.cascade == "" {
		missing(tb, "pigo cascade/facefinder not found in the module cache (go mod download github.com/esimov/pigo)")
	}
	b, err := os.ReadFile(testEnv.cascade)
	if err != nil {
		tb.Fatal(err)
	}
	opts.Cascade = b
	return opts
}

// detector returns a Detector with default options shared by the tests.
func detector(tb testing.TB) *Detector {
	tb.Helper()
	opts := testOptions(tb)
	testEnv.once.Do(func() { testEnv.det, testEnv.detErr = New(opts) })
	if testEnv.detErr != nil {
		tb.Fatalf("New: %v", testEnv.detErr)
	}
	return testEnv.det
}

// fixture decodes a photo of testdata/fixtures.
func fixture(tb testing.TB, name string) image.Image {
	tb.Helper()
	return decodeFile(tb, filepath.Join("..", "..", "testdata", "fixtures", name))
}

// decodeFile decodes an image file; a missing file fails in CI and skips
// elsewhere.
func decodeFile(tb testing.TB, path string) image.Image {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		missing(tb, "test photo: %v", err)
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		tb.Fatalf("decode %s: %v", path, err)
	}
	return img
}
