// Package ingesttest wires a real, complete library in a temporary folder for tests: a SQLite catalog, the blob
// store, an in-memory bleve index and the ingest pipeline with its index stage. No part is faked.
package ingesttest

import (
	"path/filepath"
	"testing"

	"sajin/ingest"
	"sajin/ingest/blob"
	"sajin/ingest/catalog"
	"sajin/ingest/thumb"
	"sajin/search"
)

// Library is a wired test library.
type Library struct {
	Dir      string
	Catalog  *catalog.Catalog
	Store    *blob.Store
	Index    *search.Index
	Pipeline *ingest.Pipeline
}

// New opens a library in t.TempDir() and closes it when the test ends.
func New(t testing.TB, opts ingest.Options) *Library {
	t.Helper()
	dir := t.TempDir()
	cat, err := catalog.Open(t.Context(), filepath.Join(dir, "catalog.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cat.Close() })
	store, err := blob.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := search.Open("", search.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	p := ingest.New(cat, store, thumb.New(thumb.Options{}), []ingest.Stage{ingest.IndexStage(cat, ix)}, opts)
	return &Library{Dir: dir, Catalog: cat, Store: store, Index: ix, Pipeline: p}
}
