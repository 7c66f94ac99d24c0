// Package visiontest finds the real ONNX Runtime library, the fetched models and the development photos for the
// vision packages' tests. It reads the environment (tests only: production code gets paths from cmd):
// SAJIN_ORT_LIB (the shared library), SAJIN_MODELS (the models folder), SAJIN_CACHE (the cache both default under,
// ~/.cache/sajin). When something is missing a test fails in CI (CI set) and is skipped elsewhere: vision tests
// never pass silently without the real runtime in CI.
package visiontest

import (
	"fmt"
	"image"
	_ "image/jpeg" // fixtures are JPEG and PNG
	_ "image/png"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"sajin/vision/onnx"
)

// Cache is the cache folder: $SAJIN_CACHE, else $XDG_CACHE_HOME/sajin, else ~/.cache/sajin.
func Cache() string {
	if d := os.Getenv("SAJIN_CACHE"); d != "" {
		return d
	}
	if d := os.Getenv("XDG_CACHE_HOME"); d != "" {
		return filepath.Join(d, "sajin")
	}
	home, _ := os.UserHomeDir()
	return filepath.Join(home, ".cache", "sajin")
}

// ORTLib is the ONNX Runtime library's path.
func ORTLib() string {
	if p := os.Getenv("SAJIN_ORT_LIB"); p != "" {
		return p
	}
	return filepath.Join(Cache(), "onnxruntime", "libonnxruntime.so.1.24.3")
}

// Models is the models folder.
func Models() string {
	if d := os.Getenv("SAJIN_MODELS"); d != "" {
		return d
	}
	return filepath.Join(Cache(), "models")
}

// Init loads ONNX Runtime for a test binary (call from TestMain); the error is reported by Require.
func Init() error {
	return onnx.Init(onnx.Options{LibraryPath: ORTLib(), IntraOpThreads: runtime.NumCPU()})
}

// Missing fails the test in CI and skips it elsewhere.
func Missing(tb testing.TB, format string, args ...any) {
	tb.Helper()
	msg := fmt.Sprintf(format, args...) + " (run `make setup` to fetch the runtime and models, scripts/fixtures.sh for photos)"
	if os.Getenv("CI") != "" {
		tb.Fatal("CI: " + msg)
	}
	tb.Skip(msg)
}

// Model returns the path of a fetched model's file (e.g. Model(t, "centernet", "centernet.onnx")).
func Model(tb testing.TB, initErr error, name, file string) string {
	tb.Helper()
	if initErr != nil {
		Missing(tb, "ONNX Runtime: %v", initErr)
	}
	p := filepath.Join(Models(), name, file)
	if _, err := os.Stat(p); err != nil {
		Missing(tb, "model %s: %v", name, err)
	}
	return p
}

// Photo decodes a development photo from testdata/fixtures at the repository root.
func Photo(tb testing.TB, name string) image.Image {
	tb.Helper()
	_, file, _, _ := runtime.Caller(0)
	path := filepath.Join(filepath.Dir(file), "..", "..", "testdata", "fixtures", name)
	f, err := os.Open(path)
	if err != nil {
		Missing(tb, "photo %s: %v", name, err)
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		tb.Fatalf("decode %s: %v", name, err)
	}
	return img
}
