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
	"sajin/vision/labels"
)

// Library is a wired test library. Records builds complete photo records from it.
type Library struct {
	Dir      string
	Catalog  *catalog.Catalog
	Store    *blob.Store
	Index    *search.Index
	Pipeline *ingest.Pipeline
	People   *ingest.People // nil unless Config.People
	vocab    *labels.Vocabulary
}

// Config chooses the optional stages of a test library.
type Config struct {
	Tagger ingest.Tagger // runs in a vision stage before the others; none when nil
	People bool          // a people stage after vision, and people in the index
}

// Records builds complete photo records from the library.
func (l *Library) Records() ingest.Records {
	return ingest.Records{Catalog: l.Catalog, Vocabulary: l.vocab}
}

// New opens a library in t.TempDir() and closes it when the test ends.
func New(t testing.TB, opts ingest.Options) *Library { return NewTagged(t, opts, nil) }

// NewTagged is New with the vision stage running tagger before the index stage (none when tagger is nil).
func NewTagged(t testing.TB, opts ingest.Options, tagger ingest.Tagger) *Library {
	t.Helper()
	return NewWith(t, opts, Config{Tagger: tagger})
}

// NewWith is New with the optional stages cfg chooses.
func NewWith(t testing.TB, opts ingest.Options, cfg Config) *Library {
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
	vocab, err := labels.Load()
	if err != nil {
		t.Fatal(err)
	}
	var stages []ingest.Stage
	if cfg.Tagger != nil {
		stages = append(stages, ingest.VisionStage(cat, store, cfg.Tagger, 1))
	}
	var people *ingest.People
	if cfg.People {
		people = ingest.NewPeople(cat, 0)
		stages = append(stages, people.Stage())
	}
	stages = append(stages, ingest.IndexStage(cat, ix, ingest.Describe{Terms: vocab, People: people}))
	if opts.Vocabulary == nil {
		opts.Vocabulary = vocab
	}
	p := ingest.New(cat, store, thumb.New(thumb.Options{}), stages, opts)
	return &Library{Dir: dir, Catalog: cat, Store: store, Index: ix, Pipeline: p, People: people, vocab: vocab}
}
