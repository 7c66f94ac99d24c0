// Package catalog is Sajin's SQLite catalog: the one source of truth for what a library holds.
//
// Every row carries the library that owns it, so accounts can come later without a data migration. The catalog
// records photos and the pipeline's job table (which stage of which photo is still to do), so an import that
// crashed resumes where it stopped. The search index, thumbnails and labels are derived data that can be rebuilt
// from the catalog and the originals.
//
// The catalog opens two pools on one database file in WAL mode: a single writer connection, so writes never fight
// over SQLite's lock, and a pool of readers that see committed data while a write is in progress.
package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"runtime"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver, registered as "sqlite"
)

// Sentinel errors callers branch on.
var (
	ErrNotFound = errors.New("catalog: photo not found")
	ErrExists   = errors.New("catalog: photo already in library")
)

// DefaultLibrary is the library id used until accounts exist.
const DefaultLibrary = "default"

// Catalog is an open catalog database. It is safe for concurrent use.
type Catalog struct {
	w *sql.DB // one connection: every write goes through it
	r *sql.DB // readers
}

// Open opens (creating if needed) the catalog at path and brings its schema up to date.
func Open(ctx context.Context, path string) (*Catalog, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("catalog: %w", err)
	}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "foreign_keys(ON)")
	dsn := "file:" + abs + "?" + q.Encode()
	w, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("catalog: open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	c := &Catalog{w: w}
	if err := c.migrate(ctx); err != nil {
		w.Close()
		return nil, err
	}
	r, err := sql.Open("sqlite", dsn+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("catalog: open readers %s: %w", path, err)
	}
	r.SetMaxOpenConns(max(4, runtime.NumCPU()))
	c.r = r
	return c, nil
}

// Close closes the database.
func (c *Catalog) Close() error {
	return errors.Join(c.r.Close(), c.w.Close())
}

// tx runs fn in a write transaction, committing when fn returns nil.
func (c *Catalog) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := c.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("catalog: begin: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("catalog: commit: %w", err)
	}
	return nil
}

// Version is a number that changes whenever photos, labels, faces, people, albums or favourites change (in any
// library): views derived from them can be cached until it moves.
func (c *Catalog) Version(ctx context.Context) (int64, error) {
	var v int64
	if err := c.r.QueryRowContext(ctx, `SELECT version FROM library_version`).Scan(&v); err != nil {
		return 0, fmt.Errorf("catalog: version: %w", err)
	}
	return v, nil
}
