// Package export takes a library out of Sajin and puts it back: every original as imported, in year/month
// folders under the name it had, with a JSON sidecar (everything Sajin knows: dates, places, labels with their
// source, score and the user's corrections, faces and people's names, text, albums, favourite) and an XMP sidecar
// (what other photo programs read). Restore reads such an export into a library and gives back the same library:
// the same photos (by content hash), dates, positions, labels, albums, favourites and people's names.
//
// An export goes to a Sink: a folder (Dir) or a zip stream (Zip, which is also what the HTTP Handler sends).
// Limits: an export carries no thumbnails or search index (both are rebuilt from the originals) and none of
// Sajin's generated albums (rebuilt from the photos); a photo's source path on the old machine is left out.
package export

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path"
	"time"

	"sajin/ingest"
	"sajin/ingest/catalog"
)

// Files locates originals.
type Files interface {
	OriginalPath(sum, ext string) (string, error)
}

// Exporter writes a library out.
type Exporter struct {
	Records ingest.Records // with its Catalog; Places names the places, when set
	People  *ingest.People // nil: no people's names
	Files   Files
	Logger  *slog.Logger // nil: slog.Default()
	Now     func() time.Time
}

// Sink receives an export, one file after the other: a writer is used until the next Create.
type Sink interface {
	// Create starts a file at a slash-separated path inside the export.
	Create(name string, modTime time.Time) (io.Writer, error)
	// Has reports whether the sink already holds a file of that path and size (an export repeated into the same
	// folder copies only what is new).
	Has(name string, size int64) bool
}

// Summary counts what an export wrote.
type Summary struct {
	Photos int
	Bytes  int64 // of originals
}

// Export writes the photos of a library (every photo when ids is empty) with their sidecars, then the manifest.
func (x *Exporter) Export(ctx context.Context, library string, ids []string, sink Sink) (Summary, error) {
	cat := x.Records.Catalog
	names, err := peopleNames(ctx, x.People, library)
	if err != nil {
		return Summary{}, err
	}
	albums, err := cat.Albums(ctx, library)
	if err != nil {
		return Summary{}, err
	}
	m := Manifest{Format: Format, Library: library, ExportedAt: x.now().UTC().Format(time.RFC3339),
		Albums: []AlbumRef{}, People: []Person{}}
	titles := map[string]string{}
	for _, a := range albums {
		titles[a.ID] = a.Title
		m.Albums = append(m.Albums, AlbumRef{ID: a.ID, Title: a.Title})
	}
	for id, n := range names {
		m.People = append(m.People, Person{ID: id, Name: n})
	}
	namers := map[string]*Namer{}
	var sum Summary
	one := func(p *catalog.Photo) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		folder := Folder(p)
		if namers[folder] == nil {
			namers[folder] = &Namer{}
		}
		name := path.Join(folder, namers[folder].Name(p))
		if err := x.photo(ctx, p, name, names, titles, sink); err != nil {
			return fmt.Errorf("export %s: %w", p.ID, err)
		}
		sum.Photos++
		sum.Bytes += p.Bytes
		return nil
	}
	if len(ids) == 0 {
		err = cat.EachOf(ctx, library, one)
	} else {
		err = x.each(ctx, library, ids, one)
	}
	if err != nil {
		return sum, err
	}
	m.Photos = sum.Photos
	return sum, writeJSON(sink, ManifestName, m, x.now())
}

// each calls fn for the given photos of a library in id order; an id the library does not have is an error
// (wrapping catalog.ErrNotFound).
func (x *Exporter) each(ctx context.Context, library string, ids []string, fn func(*catalog.Photo) error) error {
	var photos []*catalog.Photo
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		p, err := x.Records.Catalog.Get(ctx, library, id)
		if err != nil {
			return err
		}
		photos = append(photos, p)
	}
	sortByID(photos)
	for _, p := range photos {
		if err := fn(p); err != nil {
			return err
		}
	}
	return nil
}

// photo writes one original and its two sidecars.
func (x *Exporter) photo(ctx context.Context, p *catalog.Photo, name string, names, titles map[string]string, sink Sink) error {
	sc, err := x.sidecar(ctx, p, names, titles)
	if err != nil {
		return err
	}
	mod := p.ImportedAt
	if t, _, ok := p.Taken(); ok {
		mod = t
	}
	if !sink.Has(name, p.Bytes) {
		src, err := x.Files.OriginalPath(p.SHA256, p.Ext)
		if err != nil {
			return err
		}
		f, err := os.Open(src)
		if err != nil {
			return fmt.Errorf("original missing: %w", err)
		}
		defer f.Close()
		w, err := sink.Create(name, mod)
		if err != nil {
			return err
		}
		if _, err := io.Copy(w, f); err != nil {
			return err
		}
	}
	if err := writeJSON(sink, name+".json", sc, mod); err != nil {
		return err
	}
	w, err := sink.Create(name+".xmp", mod)
	if err != nil {
		return err
	}
	_, err = w.Write(XMP(sc))
	return err
}

func writeJSON(sink Sink, name string, v any, mod time.Time) error {
	w, err := sink.Create(name, mod)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func (x *Exporter) now() time.Time {
	if x.Now != nil {
		return x.Now()
	}
	return time.Now()
}

func (x *Exporter) logger() *slog.Logger {
	if x.Logger != nil {
		return x.Logger
	}
	return slog.Default()
}

// ErrNotExport is returned by Restore for a folder that is not a Sajin export.
var ErrNotExport = errors.New("export: not a sajin export (no " + ManifestName + ")")
