package search

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"
)

// TestOneIndexPerLibrary: each library's photos go to an index folder of its own, created at its first photo; a
// search reads only its library's index, whatever it asks; folders survive a reopen.
func TestOneIndexPerLibrary(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ix, err := Open(dir, Options{Vocabulary: vocabularyOf(t)})
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	mine := featureDocs(t) // library "f"
	theirs := featureDocs(t)
	for i := range theirs {
		theirs[i].Library, theirs[i].ID = "정민", "x"+theirs[i].ID
	}
	if err := ix.Put(ctx, append(mine, theirs...)...); err != nil {
		t.Fatal(err)
	}
	for _, lib := range []string{"f", "정민"} {
		if _, err := os.Stat(filepath.Join(dir, libraryDir(lib), "index_meta.json")); err != nil {
			t.Errorf("library %q: no index of its own: %v", lib, err)
		}
	}
	queries := append(fuzzSeeds(), "", "dog", "jeju", "near:33.5,126.5,10", "person:지수", "2015", "cat OR dog")
	check := func(ix *Index) {
		t.Helper()
		for _, q := range queries {
			for lib, prefix := range map[string]string{"f": "f", "정민": "x"} {
				res, err := ix.Search(ctx, Request{Library: lib, Query: q, Now: testNow, Facets: true, Limit: MaxLimit})
				if errors.Is(err, ErrQueryTooLong) {
					continue
				}
				if err != nil {
					t.Fatalf("Search(%q in %q): %v", q, lib, err)
				}
				for _, h := range res.Hits {
					if h.ID[:1] != prefix {
						t.Fatalf("Search(%q in %q) answered %s of another library", q, lib, h.ID)
					}
				}
			}
		}
		res, err := ix.Search(ctx, Request{Library: "nobody", Now: testNow})
		if err != nil || res.Total != 0 {
			t.Errorf("Search(library without photos) = %d, %v; want none", res.Total, err)
		}
	}
	check(ix)
	if err := ix.Delete(ctx, "f", "f1"); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, libraryDir("nobody"))); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a search of a library without photos made a folder: %v", err)
	}
	ix, err = Open(dir, Options{Vocabulary: vocabularyOf(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	check(ix)
	if n, err := ix.Count(); err != nil || n != uint64(len(mine)+len(theirs)-1) {
		t.Errorf("Count = %d, %v; want %d", n, err, len(mine)+len(theirs)-1)
	}
	if ids, err := ix.IDs(ctx, "정민"); err != nil || len(ids) != len(theirs) || !slices.Contains(ids, "xf1") {
		t.Errorf("IDs(정민) = %v, %v", ids, err)
	}

	// A removed user's library: its folder goes, its searches find nothing, the other library is untouched.
	if libs := ix.Libraries(); len(libs) != 2 {
		t.Errorf("Libraries = %q, want 2", libs)
	}
	if err := ix.Drop(ctx, "정민"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, libraryDir("정민"))); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the dropped library's folder is still there: %v", err)
	}
	if res, err := ix.Search(ctx, Request{Library: "정민", Now: testNow}); err != nil || res.Total != 0 {
		t.Errorf("Search(dropped library) = %d, %v; want none", res.Total, err)
	}
	if res, err := ix.Search(ctx, Request{Library: "f", Now: testNow, Limit: MaxLimit}); err != nil || res.Total != len(mine)-1 {
		t.Errorf("Search(the other library) = %d, %v; want %d", res.Total, err, len(mine)-1)
	}
}

// TestOpenOldLayout: an index folder of an older version (one bleve index for every library) is reported as
// ErrMappingChanged, and Create replaces it.
func TestOpenOldLayout(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "photos.bleve")
	old, err := bleve.New(dir, bleve.NewIndexMapping())
	if err != nil {
		t.Fatal(err)
	}
	old.Close()
	if _, err := Open(dir, Options{}); !errors.Is(err, ErrMappingChanged) {
		t.Fatalf("Open(old layout) = %v, want ErrMappingChanged", err)
	}
	ix, err := Create(dir, Options{})
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	defer ix.Close()
	if err := ix.Put(t.Context(), Doc{ID: "a", Library: "l", Make: "Canon"}); err != nil {
		t.Fatal(err)
	}
	if res, err := ix.Search(t.Context(), Request{Library: "l", Query: "canon"}); err != nil || res.Total != 1 {
		t.Errorf("Search after Create = %d, %v", res.Total, err)
	}
}
