package search

import (
	"cmp"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// Index is the search index of every library: one bleve index per library, in a folder of its own under the
// index folder, opened when the folder is and created at a library's first photo. A query reads only its
// library's index, so it can never answer another library's photo, and no query pays for a library filter.
//
// The folder holds:
//
//	sajin-index.json   the mapping version of every index below ({"version": "5"})
//	lock               held (bbolt's file lock) by the process that has the folder open
//	lib-<hex id>/      a bleve index per library, named by the library id's bytes in hex ("lib-" for "")
//
// Its methods are safe for concurrent use.
type Index struct {
	root  string // "" in memory
	opts  Options
	log   *slog.Logger
	lock  *bolt.DB // nil in memory
	empty *shard   // answers queries of libraries without photos
	mu    sync.Mutex
	libs  map[string]*shard
}

// rootMarker names the file that makes a folder an index folder and records its mapping version.
const rootMarker = "sajin-index.json"

// Open opens the index folder at path, or creates it when nothing (or an empty directory) is there. An empty
// path gives an in-memory index. Open returns ErrLocked when another Index holds the folder for longer than
// opts.LockTimeout. When the folder was made with another mapping version (or is a single bleve index, as
// versions before 5 made) Open returns ErrMappingChanged; call Create and index every photo again.
func Open(path string, opts Options) (*Index, error) {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	empty, err := createShard("", opts, log)
	if err != nil {
		return nil, err
	}
	ix := &Index{root: path, opts: opts, log: log, empty: empty, libs: map[string]*shard{}}
	if path == "" {
		return ix, nil
	}
	if err := ix.openRoot(); err != nil {
		return nil, errors.Join(err, ix.Close())
	}
	log.Debug("search index opened", "path", path, "libraries", len(ix.libs))
	return ix, nil
}

// openRoot locks the folder, checks its version (writing it into a new folder) and opens every library's index.
func (ix *Index) openRoot() error {
	if _, err := os.Stat(filepath.Join(ix.root, "index_meta.json")); err == nil {
		return fmt.Errorf("search: open %s: one index for every library (before version 5): %w", ix.root,
			ErrMappingChanged)
	}
	if err := os.MkdirAll(ix.root, 0o755); err != nil {
		return fmt.Errorf("search: open: %w", err)
	}
	marker := filepath.Join(ix.root, rootMarker)
	if _, err := os.Stat(marker); errors.Is(err, fs.ErrNotExist) && !isEmptyDir(ix.root) {
		return fmt.Errorf("search: open %s: not empty and not a search index", ix.root)
	}
	timeout := cmp.Or(ix.opts.LockTimeout, time.Second)
	lock, err := bolt.Open(filepath.Join(ix.root, "lock"), 0o644, &bolt.Options{Timeout: timeout})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return fmt.Errorf("search: open %s: %w (%w)", ix.root, ErrLocked, err)
	}
	if err != nil {
		return fmt.Errorf("search: open %s: %w", ix.root, err)
	}
	ix.lock = lock
	v, err := os.ReadFile(marker)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		v = []byte(fmt.Sprintf("{\"version\": %q}\n", mappingVersion))
		if err := os.WriteFile(marker, v, 0o644); err != nil {
			return fmt.Errorf("search: open: %w", err)
		}
	case err != nil:
		return fmt.Errorf("search: open: %w", err)
	}
	if want := fmt.Sprintf("{\"version\": %q}", mappingVersion); strings.TrimSpace(string(v)) != want {
		return fmt.Errorf("search: open %s: %s, want %s: %w", ix.root, strings.TrimSpace(string(v)), want,
			ErrMappingChanged)
	}
	entries, err := os.ReadDir(ix.root)
	if err != nil {
		return fmt.Errorf("search: open: %w", err)
	}
	for _, e := range entries {
		library, ok := libraryOfDir(e.Name())
		if !ok || !e.IsDir() {
			continue
		}
		s, err := openShard(filepath.Join(ix.root, e.Name()), ix.opts, ix.log)
		if err != nil {
			return err
		}
		ix.libs[library] = s
	}
	return nil
}

// Create removes the index folder at path, if there is one, and opens a new, empty one there. It refuses to
// remove a directory that is not a search index. The index must not be open.
func Create(path string, opts Options) (*Index, error) {
	if path != "" {
		if err := removeIndex(path); err != nil {
			return nil, err
		}
	}
	return Open(path, opts)
}

// libraryDir is the folder name of a library's index.
func libraryDir(library string) string { return "lib-" + hex.EncodeToString([]byte(library)) }

// libraryOfDir is the library whose index a folder name holds.
func libraryOfDir(name string) (string, bool) {
	h, ok := strings.CutPrefix(name, "lib-")
	if !ok {
		return "", false
	}
	b, err := hex.DecodeString(h)
	return string(b), err == nil
}

// shard returns a library's index, creating it when create is set; nil when there is none.
func (ix *Index) shard(library string, create bool) (*shard, error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if s := ix.libs[library]; s != nil || !create {
		return s, nil
	}
	if ix.libs == nil {
		return nil, errors.New("search: index closed")
	}
	path := ""
	if ix.root != "" {
		path = filepath.Join(ix.root, libraryDir(library))
	}
	s, err := openShard(path, ix.opts, ix.log)
	if err != nil {
		return nil, err
	}
	ix.libs[library] = s
	return s, nil
}

// reader returns a library's index for reading: an empty one when the library has none.
func (ix *Index) reader(library string) *shard {
	s, _ := ix.shard(library, false)
	if s == nil {
		return ix.empty
	}
	return s
}

// Libraries lists the libraries that have an index, in no particular order.
func (ix *Index) Libraries() []string {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	out := make([]string, 0, len(ix.libs))
	for l := range ix.libs {
		out = append(out, l)
	}
	return out
}

// Drop removes a library's index (its user was removed): its folder is deleted, and the library answers as one
// without photos until a photo is indexed in it again. A search running on it at that moment fails.
func (ix *Index) Drop(ctx context.Context, library string) error {
	ix.mu.Lock()
	s := ix.libs[library]
	delete(ix.libs, library)
	ix.mu.Unlock()
	if s == nil {
		return nil
	}
	err := s.Close()
	if ix.root != "" {
		err = errors.Join(err, os.RemoveAll(filepath.Join(ix.root, libraryDir(library))))
	}
	if err != nil {
		return fmt.Errorf("search: drop library %q: %w", library, err)
	}
	return nil
}

// Close releases every library's index and the folder. The Index must not be used afterwards.
func (ix *Index) Close() error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	var errs []error
	for _, s := range ix.libs {
		errs = append(errs, s.Close())
	}
	ix.libs = nil
	errs = append(errs, ix.empty.Close())
	if ix.lock != nil {
		errs = append(errs, ix.lock.Close())
	}
	return errors.Join(errs...)
}

// Put adds or replaces documents, each in its library's index (created at its first document), in batches of
// 1,000. On error some batches may have been applied; Put is idempotent, so retrying the whole call is safe.
func (ix *Index) Put(ctx context.Context, docs ...Doc) error {
	for _, d := range docs {
		if d.ID == "" {
			return fmt.Errorf("search: put: empty id: %w", ErrInvalidDoc)
		}
	}
	byLib := map[string][]Doc{}
	for _, d := range docs {
		byLib[d.Library] = append(byLib[d.Library], d)
	}
	for _, library := range slices.Sorted(maps.Keys(byLib)) {
		s, err := ix.shard(library, true)
		if err != nil {
			return err
		}
		if err := s.Put(ctx, byLib[library]...); err != nil {
			return err
		}
	}
	return nil
}

// Delete removes documents of a library by id; unknown ids are ignored.
func (ix *Index) Delete(ctx context.Context, library string, ids ...string) error {
	s, err := ix.shard(library, false)
	if err != nil || s == nil {
		return err
	}
	return s.Delete(ctx, library, ids...)
}

// Count returns the number of documents in the index, all libraries together.
func (ix *Index) Count() (uint64, error) {
	ix.mu.Lock()
	shards := slices.Collect(maps.Values(ix.libs))
	ix.mu.Unlock()
	var n uint64
	for _, s := range shards {
		c, err := s.Count()
		if err != nil {
			return 0, err
		}
		n += c
	}
	return n, nil
}

// IDs lists every indexed id of a library, sorted, for healing the index against the catalog at start-up.
func (ix *Index) IDs(ctx context.Context, library string) ([]string, error) {
	return ix.reader(library).IDs(ctx, library)
}

// Search answers a request in its library's index (see shard.Search); a library without photos answers none.
func (ix *Index) Search(ctx context.Context, req Request) (Result, error) {
	return ix.reader(req.Library).Search(ctx, req)
}
