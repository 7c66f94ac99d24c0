package search

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	index "github.com/blevesearch/bleve_index_api"
	bolterrors "go.etcd.io/bbolt/errors"
)

// ErrMappingChanged reports that an index on disk was built with another mapping version. Rebuild it with Create
// and re-add every document from the catalog.
var ErrMappingChanged = errors.New("search: index mapping version changed, rebuild needed")

// ErrLocked reports that another Index (in this or another process) has the index directory open.
var ErrLocked = errors.New("search: index is in use by another process")

// ErrInvalidDoc reports a document that cannot be indexed (an empty id).
var ErrInvalidDoc = errors.New("search: invalid document")

// batchSize is how many documents Put and Delete send to bleve in one batch.
const batchSize = 1000

// Doc is one photo as the index sees it. The catalog is the source of truth; the index is rebuilt from it.
// Each library has an index of its own (Index), so the same photo may be in two libraries.
type Doc struct {
	ID      string // photo id (a hex string)
	Library string // owning library/user id ("" = default): the index it goes to
	// Taken is the capture time as the wall clock where it was taken ("floating"); its clock fields are used as
	// they are whatever its location. Zero, or a year outside 1678..2261, means unknown.
	Taken             time.Time
	Make, Model, Lens string
	FileName          string   // original base name, e.g. "IMG_20150803_081500.jpg"
	Labels            []string // label names in any language
	Text              []string // words read in the photo by OCR
	Places            []string // names of where it was taken, most specific first (city, region, country; English and Korean)
	People            []string // names of the people in it (named face clusters)
	Albums            []string // names of the albums that hold it
	// LabelKeys are the vocabulary keys of its labels ("dog"), counted by the label facet. When empty, the keys
	// are found from Labels: a label whose English name is among Labels counts (Options.Vocabulary needed).
	LabelKeys []string
	// LabelScores are the model scores (0..1) of LabelKeys: among otherwise equal matches, a photo whose label is
	// surer ranks first (confidence.go). A key without a score counts as sure (a label the user added).
	LabelScores map[string]float64
	Lat, Lon    *float64 // where it was taken (WGS84 degrees), for near:; nil when unknown
}

// Options configures Open. The zero value is ready to use.
type Options struct {
	// Logger receives debug messages about opening and creating indexes; nil discards them.
	Logger *slog.Logger
	// Vocabulary is the label vocabulary query words are resolved against (synonyms, plurals, typos); nil
	// matches words only as they are written.
	Vocabulary *Vocabulary
	// LockTimeout is how long Open waits for another holder of an on-disk index to let go before it returns
	// ErrLocked; zero means one second.
	LockTimeout time.Duration
}

// runtimeConfig is bleve's configuration for opening or creating an on-disk index.
func (o Options) runtimeConfig() map[string]any {
	t := o.LockTimeout
	if t <= 0 {
		t = time.Second
	}
	return map[string]any{"bolt_timeout": t.String()}
}

// shard is the bleve index of one library's photos. Its methods are safe for concurrent use.
type shard struct {
	bi    bleve.Index
	log   *slog.Logger
	vocab *Vocabulary // nil when none was given
	wmu   sync.Mutex  // one writer for batches
	// gen counts the batches written: what was read from the index at one generation holds until the next.
	gen    atomic.Uint64
	fcache facetCache
}

// openShard opens the bleve index at path, or creates it when nothing (or an empty directory) is there. An empty
// path gives an in-memory index. It returns ErrLocked when another process holds the directory for longer than
// opts.LockTimeout, and ErrMappingChanged when the index was built with another mapping version.
func openShard(path string, opts Options, log *slog.Logger) (*shard, error) {
	if path == "" {
		return createShard("", opts, log)
	}
	bi, err := bleve.OpenUsing(path, opts.runtimeConfig())
	missing := errors.Is(err, bleve.ErrorIndexPathDoesNotExist)
	if missing || errors.Is(err, bleve.ErrorIndexMetaMissing) && isEmptyDir(path) {
		return createShard(path, opts, log)
	}
	if err != nil {
		return nil, openError(path, err)
	}
	v, err := bi.GetInternal([]byte(versionKey))
	if err != nil || string(v) != mappingVersion {
		cerr := bi.Close()
		return nil, errors.Join(fmt.Errorf("search: open %s: version %q, want %q: %w",
			path, v, mappingVersion, ErrMappingChanged), err, cerr)
	}
	log.Debug("search index opened", "path", path)
	return &shard{bi: bi, log: log, vocab: opts.Vocabulary}, nil
}

// isEmptyDir reports whether path is a directory with nothing in it.
func isEmptyDir(path string) bool {
	entries, err := os.ReadDir(path)
	return err == nil && len(entries) == 0
}

// removeIndex deletes an index folder (a folder of libraries' indexes, or a bleve index as older versions
// made), and nothing else.
func removeIndex(path string) error {
	_, err := os.Stat(filepath.Join(path, "index_meta.json"))
	if errors.Is(err, os.ErrNotExist) {
		_, err = os.Stat(filepath.Join(path, rootMarker))
	}
	if errors.Is(err, os.ErrNotExist) {
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			return nil
		}
		return fmt.Errorf("search: %s exists and is not a search index; not removing it", path)
	}
	if err != nil {
		return fmt.Errorf("search: remove index: %w", err)
	}
	if err := os.RemoveAll(path); err != nil {
		return fmt.Errorf("search: remove index: %w", err)
	}
	return nil
}

// openError wraps an error of bleve's Open, as ErrLocked when the index is held by someone else.
func openError(path string, err error) error {
	if errors.Is(err, bolterrors.ErrTimeout) {
		return fmt.Errorf("search: open %s: %w (%w)", path, ErrLocked, err)
	}
	return fmt.Errorf("search: open %s: %w", path, err)
}

func createShard(path string, opts Options, log *slog.Logger) (*shard, error) {
	m, err := newMapping()
	if err != nil {
		return nil, err
	}
	var bi bleve.Index
	if path == "" {
		bi, err = bleve.NewMemOnly(m)
	} else {
		cfg := bleve.Config // bleve's defaults, as bleve.New uses them
		bi, err = bleve.NewUsing(path, m, cfg.DefaultIndexType, cfg.DefaultKVStore, opts.runtimeConfig())
	}
	if err != nil {
		return nil, openError(path, err)
	}
	if err := bi.SetInternal([]byte(versionKey), []byte(mappingVersion)); err != nil {
		return nil, errors.Join(fmt.Errorf("search: create %q: %w", path, err), bi.Close())
	}
	log.Debug("search index created", "path", path, "mapping_version", mappingVersion)
	return &shard{bi: bi, log: log, vocab: opts.Vocabulary}, nil
}

// Close releases the index. The shard must not be used afterwards.
func (ix *shard) Close() error {
	if err := ix.bi.Close(); err != nil {
		return fmt.Errorf("search: close: %w", err)
	}
	return nil
}

// Put adds or replaces documents, in batches of 1,000. On error some batches may have been applied; Put is
// idempotent, so retrying the whole call is safe.
func (ix *shard) Put(ctx context.Context, docs ...Doc) error {
	for _, d := range docs {
		if d.ID == "" {
			return fmt.Errorf("search: put: empty id: %w", ErrInvalidDoc)
		}
	}
	return ix.batches(ctx, len(docs), func(b *bleve.Batch, i int) error {
		return b.Index(docKey(docs[i].Library, docs[i].ID), docs[i].fields(ix.vocab))
	})
}

// Delete removes documents of a library by id; unknown ids are ignored.
func (ix *shard) Delete(ctx context.Context, library string, ids ...string) error {
	return ix.batches(ctx, len(ids), func(b *bleve.Batch, i int) error {
		b.Delete(docKey(library, ids[i]))
		return nil
	})
}

// docKey is a document's key in bleve: the same photo (the same content, so the same id) may be in two
// libraries, and each must be its own document.
func docKey(library, id string) string { return library + "/" + id }

// photoID is the photo id in a document key (ids never contain "/").
func photoID(key string) string { return key[strings.LastIndexByte(key, '/')+1:] }

// batches calls add for items 0..n-1 and executes a batch every batchSize items, checking ctx between batches.
func (ix *shard) batches(ctx context.Context, n int, add func(b *bleve.Batch, i int) error) error {
	ix.wmu.Lock()
	defer ix.wmu.Unlock()
	for start := 0; start < n; start += batchSize {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("search: batch: %w", err)
		}
		b := ix.bi.NewBatch()
		for i := start; i < min(n, start+batchSize); i++ {
			if err := add(b, i); err != nil {
				return fmt.Errorf("search: batch: %w", err)
			}
		}
		err := ix.bi.Batch(b)
		ix.gen.Add(1) // even on error: part of it may be applied
		if err != nil {
			return fmt.Errorf("search: batch: %w", err)
		}
	}
	return nil
}

// Count returns the number of documents in the index, all libraries together.
func (ix *shard) Count() (uint64, error) {
	n, err := ix.bi.DocCount()
	if err != nil {
		return 0, fmt.Errorf("search: count: %w", err)
	}
	return n, nil
}

// IDs lists every indexed id of a library, sorted, for healing the index against the catalog at start-up. It walks
// the library's posting list in one pass (no search, no scoring), checking ctx every few thousand ids.
func (ix *shard) IDs(ctx context.Context, library string) ([]string, error) {
	adv, err := ix.bi.Advanced()
	if err != nil {
		return nil, fmt.Errorf("search: ids: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("search: ids: %w", err)
	}
	ids, err := libraryIDs(ctx, r, library)
	if cerr := r.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("search: ids: %w", cerr)
	}
	slices.Sort(ids)
	return ids, err
}

// libraryIDs reads the external ids of every document whose library term is library's.
func libraryIDs(ctx context.Context, r index.IndexReader, library string) ([]string, error) {
	tfr, err := r.TermFieldReader(ctx, []byte(libraryKey(library)), fieldLibrary, false, false, false)
	if err != nil {
		return nil, fmt.Errorf("search: ids: %w", err)
	}
	defer tfr.Close()
	ids := make([]string, 0, tfr.Count())
	var td index.TermFieldDoc
	for n := 0; ; n++ {
		if n%4096 == 0 && ctx.Err() != nil {
			return nil, fmt.Errorf("search: ids: %w", ctx.Err())
		}
		d, err := tfr.Next(&td)
		if err != nil {
			return nil, fmt.Errorf("search: ids: %w", err)
		}
		if d == nil {
			return ids, nil
		}
		id, err := r.ExternalID(d.ID)
		if err != nil {
			return nil, fmt.Errorf("search: ids: %w", err)
		}
		ids = append(ids, photoID(id))
		td.Reset()
	}
}

// fields is the document bleve indexes: exactly the fields newMapping declares. v (may be nil) finds label keys
// when the document has none.
func (d Doc) fields(v *Vocabulary) map[string]any {
	m := map[string]any{
		fieldLibrary:  libraryKey(d.Library),
		fieldMake:     d.Make,
		fieldModel:    d.Model,
		fieldLens:     d.Lens,
		fieldFile:     d.FileName,
		fieldFileName: d.FileName,
	}
	m[fieldTakenKey] = sortKey(d.Taken, d.ID)
	if t, ok := floating(d.Taken); ok {
		m[fieldTaken] = t
		m[fieldMonthDay] = float64(monthDay(t))
		m[fieldYear] = strconv.Itoa(t.Year())
		m[fieldMonth] = t.Format("2006-01")
	}
	lists := []struct {
		field string
		vals  []string
	}{
		{fieldLabels, d.Labels}, {fieldText, d.Text}, {fieldPlaces, d.Places}, {fieldPeople, d.People},
		{fieldAlbums, d.Albums}, {fieldPerson, d.People}, {fieldLabelKey, d.LabelKeys},
	}
	for _, l := range lists {
		if len(l.vals) > 0 {
			m[l.field] = l.vals
		}
	}
	keys := d.LabelKeys
	if len(keys) == 0 && v != nil {
		if keys = v.keysOf(d.Labels); len(keys) > 0 {
			m[fieldLabelKey] = keys
		}
	}
	if conf := confTerms(keys, d.LabelScores); len(conf) > 0 {
		m[fieldLabelConf] = conf
	}
	if len(d.Places) > 0 {
		m[fieldPlace] = d.Places[0]
	}
	if cam := cmp.Or(d.Model, d.Make); cam != "" {
		m[fieldCamera] = cam
	}
	if d.Lat != nil && d.Lon != nil && validLatLon(*d.Lat, *d.Lon) {
		m[fieldGeoCell] = geoCells(*d.Lat, *d.Lon)
	}
	return m
}

// unknownTaken stands for an unknown capture time in a sort key: it sorts after every real time, newest first.
const unknownTaken = "000000000"

// sortKey is a document's one sort term: its capture time in seconds from 1678 (the earliest a floating time
// may be), plus one, as 9 base-32 digits, then its id with every ASCII character mirrored ('!' <-> '~'), so that
// sorting the keys in descending order gives newest first and, within the same second, ids of the same length
// in ascending order (photo ids are fixed-length hex).
//
// Bleve's sort reads the doc values of every match, and decodes whole compressed chunks of them, so sorting
// costs in proportion to the size of this column: one short term here, where the datetime field holds 16
// prefix-coded terms per photo and a tie-break on bleve's document id loads every match's external id.
func sortKey(taken time.Time, id string) string {
	key := unknownTaken
	if t, ok := floating(taken); ok {
		key = strconv.FormatInt(t.Unix()-sortEpoch+1, 32)
		key = strings.Repeat("0", len(unknownTaken)-len(key)) + key
	}
	b := []byte(key + "/" + id)
	for i := len(key) + 1; i < len(b); i++ {
		if b[i] >= '!' && b[i] <= '~' {
			b[i] = '~' - (b[i] - '!')
		}
	}
	return string(b)
}

// sortEpoch is the Unix time of 1678-01-01, the first second sort keys count from (keys are then positive).
const sortEpoch = -9214560000

// sortKeyTime is the capture time in a sort key, zero when unknown or unreadable.
func sortKeyTime(key string) time.Time {
	k, _, _ := strings.Cut(key, "/")
	n, err := strconv.ParseInt(k, 32, 64)
	if err != nil || k == unknownTaken {
		return time.Time{}
	}
	return time.Unix(n+sortEpoch-1, 0).UTC()
}

// validLatLon reports whether a position is a real one (not NaN, within range).
func validLatLon(lat, lon float64) bool { return lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180 }

// libraryKey is the indexed value of a library id; the prefix keeps the default library ("") a real term.
func libraryKey(library string) string { return "lib:" + library }

// floating returns t's wall clock as a UTC time, and false when t is zero or outside the years bleve's datetime
// field (int64 nanoseconds since 1970) can hold.
func floating(t time.Time) (time.Time, bool) {
	if t.IsZero() || t.Year() < 1678 || t.Year() > 2261 {
		return time.Time{}, false
	}
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	return time.Date(y, mo, d, h, mi, s, t.Nanosecond(), time.UTC), true
}
