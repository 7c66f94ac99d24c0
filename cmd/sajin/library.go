package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"sajin/ingest"
	"sajin/ingest/blob"
	"sajin/ingest/catalog"
	"sajin/ingest/thumb"
	"sajin/search"
)

// common holds the flags every command that opens a library shares.
type common struct {
	data    string
	library string
	verbose bool
}

func (c *common) register(fs *flag.FlagSet, e env) {
	fs.StringVar(&c.data, "data", defaultDataDir(e.getenv), "data folder: catalog, originals, thumbnails, index (env SAJIN_DATA)")
	fs.StringVar(&c.library, "library", catalog.DefaultLibrary, "library to work on")
	fs.BoolVar(&c.verbose, "v", false, "log debug messages")
}

// defaultDataDir is $SAJIN_DATA, else $XDG_DATA_HOME/sajin, else ~/.local/share/sajin.
func defaultDataDir(getenv func(string) string) string {
	if d := getenv("SAJIN_DATA"); d != "" {
		return d
	}
	if d := getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "sajin")
	}
	if h := getenv("HOME"); h != "" {
		return filepath.Join(h, ".local", "share", "sajin")
	}
	return "sajin-data"
}

// parse parses a command's flags, turning flag errors into usage errors.
func parse(fs *flag.FlagSet, args []string, e env) error {
	fs.SetOutput(e.stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	return nil
}

// library is an open data folder with everything wired.
type library struct {
	dir      string
	cat      *catalog.Catalog
	store    *blob.Store
	index    *search.Index
	pipeline *ingest.Pipeline
	log      *slog.Logger
}

// logger returns a logger at the given level, or at debug level with -v.
func (c *common) logger(w io.Writer, level slog.Level) *slog.Logger {
	if c.verbose {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}

// openLibrary opens (creating if needed) the data folder. A search index built with another mapping version is
// rebuilt from the catalog: it is derived data.
func openLibrary(ctx context.Context, c common, log *slog.Logger) (*library, error) {
	if err := os.MkdirAll(c.data, 0o755); err != nil {
		return nil, fmt.Errorf("data folder: %w", err)
	}
	cat, err := catalog.Open(ctx, filepath.Join(c.data, "catalog.db"))
	if err != nil {
		return nil, err
	}
	store, err := blob.Open(c.data)
	if err != nil {
		cat.Close()
		return nil, err
	}
	ix, err := openIndex(ctx, filepath.Join(c.data, "index", "photos.bleve"), cat, log)
	if err != nil {
		cat.Close()
		return nil, err
	}
	stages := []ingest.Stage{ingest.IndexStage(cat, ix)}
	p := ingest.New(cat, store, thumb.New(thumb.Options{}), stages, ingest.Options{Logger: log})
	return &library{dir: c.data, cat: cat, store: store, index: ix, pipeline: p, log: log}, nil
}

func openIndex(ctx context.Context, path string, cat *catalog.Catalog, log *slog.Logger) (*search.Index, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("index folder: %w", err)
	}
	ix, err := search.Open(path, search.Options{Logger: log})
	if errors.Is(err, search.ErrMappingChanged) {
		log.Info("search index format changed: rebuilding it from the catalog")
		if err := os.RemoveAll(path); err != nil {
			return nil, fmt.Errorf("remove old index: %w", err)
		}
		if ix, err = search.Open(path, search.Options{Logger: log}); err != nil {
			return nil, err
		}
		if _, err := cat.EnqueueAll(ctx, ingest.StageIndex); err != nil {
			ix.Close()
			return nil, err
		}
	}
	return ix, err
}

func (l *library) Close() error {
	return errors.Join(l.index.Close(), l.cat.Close())
}

// thumbPaths maps each thumbnail spec of a photo to its file path.
func (l *library) thumbPaths(p *catalog.Photo) map[string]string {
	out := map[string]string{}
	for _, s := range thumb.DefaultSpecs() {
		if path, err := l.store.ThumbPath(p.SHA256, s.Name); err == nil {
			out[s.Name] = path
		}
	}
	return out
}
