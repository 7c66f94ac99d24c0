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
	"runtime"

	"sajin/ingest"
	"sajin/ingest/blob"
	"sajin/ingest/catalog"
	"sajin/ingest/thumb"
	"sajin/places"
	"sajin/search"
	"sajin/vision"
	"sajin/vision/labels"
)

// common holds the flags every command that opens a library shares.
type common struct {
	data     string
	library  string
	user     string // --user: work on this account's library (resolved by parse)
	verbose  bool
	cache    string
	ortLib   string
	noVision bool
	workers  int // photos tagged at once
	threads  int // ONNX Runtime threads inside one model run
}

func (c *common) register(fs *flag.FlagSet, e env) {
	fs.StringVar(&c.data, "data", defaultDataDir(e.getenv), "data folder: catalog, originals, thumbnails, index (env SAJIN_DATA)")
	fs.StringVar(&c.library, "library", catalog.DefaultLibrary, "library to work on")
	fs.StringVar(&c.user, "user", "", "work on this user's library (default: the admin's)")
	fs.BoolVar(&c.verbose, "v", false, "log debug messages")
	fs.StringVar(&c.cache, "cache", defaultCacheDir(e.getenv), "where the ONNX Runtime library and the models are (env SAJIN_CACHE)")
	fs.StringVar(&c.ortLib, "ort-lib", e.getenv("SAJIN_ORT_LIB"), "ONNX Runtime library (env SAJIN_ORT_LIB; default inside --cache)")
	fs.BoolVar(&c.noVision, "no-vision", false, "do not tag photos (sajin relabel or the server tags them later)")
	fs.IntVar(&c.workers, "vision-workers", runtime.NumCPU(), "photos tagged at once")
	fs.IntVar(&c.threads, "ort-threads", 1, "threads inside one model run (workers x threads = cores is best; see docs/vision.md)")
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

// parse parses a command's flags, turning flag errors into usage errors. A --user flag is resolved here to that
// user's library (the --library flag is set to it), so every command works on it without knowing accounts.
func parse(fs *flag.FlagSet, args []string, e env) error {
	fs.SetOutput(e.stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	return resolveUser(fs)
}

// library is an open data folder with everything wired.
type library struct {
	dir      string
	cat      *catalog.Catalog
	store    *blob.Store
	index    *search.Index
	pipeline *ingest.Pipeline
	records  ingest.Records
	tagger   *vision.Tagger // nil when vision is off
	places   *places.Index  // nil without the places data
	people   *ingest.People
	albumsC  albumCache
	placesC  placeNames
	vocab    *labels.Vocabulary
	svocab   *search.Vocabulary
	log      *slog.Logger
}

// albums is the album service over this library.
func (l *library) albums() albumService {
	return albumService{cat: l.cat, places: l.places, vocab: l.vocab, people: l.people, cache: &l.albumsC,
		pipeline: l.pipeline}
}

// logger returns a logger at the given level, or at debug level with -v.
func (c *common) logger(w io.Writer, level slog.Level) *slog.Logger {
	if c.verbose {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}

// openLibrary opens (creating if needed) the data folder. A search index built with another mapping version is
// rebuilt from the catalog: it is derived data. With withVision the models are loaded and the vision stage runs
// before indexing; photos that were never tagged are queued for it.
func openLibrary(ctx context.Context, c common, log *slog.Logger, withVision bool) (*library, error) {
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
	vocab, err := labels.Load()
	if err != nil {
		cat.Close()
		return nil, err
	}
	svocab := searchVocabulary(vocab)
	ix, rebuilt, err := openIndex(ctx, filepath.Join(c.data, "index", "photos.bleve"), cat, svocab, log)
	if err != nil {
		cat.Close()
		return nil, err
	}
	describe := ingest.Describe{Terms: vocab}
	pl := openPlaces(c.cache, log)
	if pl != nil {
		describe.Places = pl // never a typed nil in the interface
	}
	l := &library{dir: c.data, cat: cat, store: store, index: ix, log: log, places: pl, vocab: vocab, svocab: svocab,
		records: ingest.Records{Catalog: cat, Vocabulary: vocab, Places: describe.Places}}
	var stages []ingest.Stage
	if withVision && !c.noVision {
		l.tagger, err = openTagger(c.cache, c.ortLib, c.threads, log)
		if errors.Is(err, errNoVision) {
			log.Warn("vision is off", "why", err)
		} else if err != nil {
			l.Close()
			return nil, err
		}
	}
	l.people = ingest.NewPeople(cat, 0)
	if l.tagger != nil {
		stages = append(stages, ingest.VisionStage(cat, store, l.tagger, c.workers))
		for _, st := range []string{ingest.StageVision, ingest.StagePeople} {
			if _, err := cat.EnqueueMissing(ctx, st); err != nil {
				l.Close()
				return nil, err
			}
		}
	}
	stages = append(stages, l.people.Stage())
	describe.People = l.people
	if ix != nil {
		stages = append(stages, ingest.IndexStage(cat, ix, describe))
	} else {
		stages = append(stages, ingest.Stage{Name: ingest.StageIndex}) // run by the process that holds the index
	}
	l.pipeline = ingest.New(cat, store, thumb.New(thumb.Options{}), stages, ingest.Options{Logger: log, Vocabulary: vocab})
	if rebuilt && !withVision {
		// A command that reads the index (search) must not see it empty; the server and import rebuild it as
		// they work anyway.
		if _, err := l.pipeline.Work(ctx); err != nil {
			l.Close()
			return nil, err
		}
	}
	return l, nil
}

// openIndex opens the search index. An index of another mapping version is rebuilt from the catalog. An index
// held by another process (a running server) gives a nil index and no error: the caller works without it and
// leaves indexing to that process.
func openIndex(ctx context.Context, path string, cat *catalog.Catalog, vocab *search.Vocabulary, log *slog.Logger) (ix *search.Index, rebuilt bool, err error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, false, fmt.Errorf("index folder: %w", err)
	}
	opts := search.Options{Logger: log, Vocabulary: vocab}
	ix, err = search.Open(path, opts)
	switch {
	case errors.Is(err, search.ErrLocked):
		log.Info("the search index is in use by another sajin (a running server?): it will index what this one adds")
		return nil, false, nil
	case errors.Is(err, search.ErrMappingChanged):
		log.Warn("the search index's format changed: rebuilding it from the catalog")
		if ix, err = search.Create(path, opts); err != nil {
			return nil, false, err
		}
		if _, err := cat.EnqueueAll(ctx, ingest.StageIndex); err != nil {
			ix.Close()
			return nil, false, err
		}
		return ix, true, nil
	case err != nil:
		return recreateBroken(ctx, path, opts, cat, log, err) // derived data: moved aside, rebuilt (check.go)
	}
	// A library with an index but no photo in the catalog is a removed user's (`sajin user remove` beside a
	// running server, which held the index): its index goes.
	for _, l := range ix.Libraries() {
		if n, err := cat.Count(ctx, l); err == nil && n == 0 {
			log.Info("removing the search index of a library without photos", "library", l)
			if err := ix.Drop(ctx, l); err != nil {
				ix.Close()
				return nil, false, err
			}
		}
	}
	// Heal an index that lost documents (deleted, or a crash between the catalog and the index): when it holds
	// fewer photos than the catalog, everything is indexed again (Put replaces, so nothing is doubled).
	n, err := ix.Count()
	if err != nil {
		ix.Close()
		return nil, false, err
	}
	total, err := cat.Total(ctx)
	if err != nil {
		ix.Close()
		return nil, false, err
	}
	if int(n) < total {
		log.Warn("the search index misses photos: indexing them again", "indexed", n, "photos", total)
		if _, err := cat.EnqueueAll(ctx, ingest.StageIndex); err != nil {
			ix.Close()
			return nil, false, err
		}
		return ix, true, nil
	}
	return ix, false, nil
}

func (l *library) Close() error {
	var errs []error
	if l.tagger != nil {
		errs = append(errs, l.tagger.Close())
	}
	if l.index != nil {
		errs = append(errs, l.index.Close())
	}
	return errors.Join(append(errs, l.cat.Close())...)
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

func newTextLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelInfo}))
}

// openPlaces loads the reverse-geocoding data if `sajin models fetch` put it in the cache; without it photos have
// no place names, which is said once.
func openPlaces(cache string, log *slog.Logger) *places.Index {
	ix, err := places.Load(places.Path(places.Dir(cache)))
	if err != nil {
		log.Warn("place names are off", "err", err, "fix", "sajin models fetch")
		return nil
	}
	return ix
}

// suggester completes search box input over this library.
func (l *library) suggester() suggester {
	return suggester{cat: l.cat, vocab: l.svocab, people: l.people, places: l.places, cache: &l.placesC}
}
