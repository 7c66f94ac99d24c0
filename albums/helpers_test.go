package albums

import (
	"os"
	"path/filepath"
	"testing"

	"sajin/places"
	"sajin/vision/labels"
)

// realPlaces loads the places data from $SAJIN_CACHE (else ~/.cache/sajin). When it is missing the test
// fails under CI and is skipped otherwise: tests never fetch by themselves.
func realPlaces(t testing.TB) *places.Index {
	t.Helper()
	cache := os.Getenv("SAJIN_CACHE")
	if cache == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			t.Fatalf("no SAJIN_CACHE and no home directory: %v", err)
		}
		cache = filepath.Join(home, ".cache", "sajin")
	}
	ix, err := places.Load(places.Path(places.Dir(cache)))
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("places data missing (%v): run make setup", err)
		}
		t.Skipf("places data missing (%v): run make setup", err)
	}
	return ix
}

// vocabulary is the real, embedded label vocabulary.
func vocabulary(t testing.TB) *labels.Vocabulary {
	t.Helper()
	v, err := labels.Load()
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// ptr returns a pointer to a copy of v.
func ptr[T any](v T) *T { return &v }
