// Package takeout imports a Google Photos Takeout export (a folder, or the zips Google splits it into) into a
// library: photos through the ingest pipeline (so duplicates across album folders are merged by content), dates
// and positions from the JSON sidecars, favourites, and albums from the folders that are not year folders. The
// quirks of the export it handles are listed in docs/takeout.md.
//
// Limits: videos are skipped (Sajin keeps photos); the names of the people Google recognised are not mapped to
// faces; descriptions, shared-album comments and Google's own "memories" are left out.
package takeout

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"

	"sajin/ingest"
	"sajin/ingest/catalog"
)

// MaxSidecarBytes bounds one JSON file read from an export.
const MaxSidecarBytes = 1 << 20

// Importer imports Takeout exports into a library.
type Importer struct {
	Pipeline *ingest.Pipeline
	Catalog  *catalog.Catalog
	Logger   *slog.Logger // nil: slog.Default()
}

// Line is what happened to one file of the export.
type Line struct {
	Path   string `json:"path"`
	Status string `json:"status"` // imported | duplicate | rejected | skipped
	ID     string `json:"id,omitempty"`
	Album  string `json:"album,omitempty"`
	Error  string `json:"error,omitempty"`
}

// Summary counts what an import did.
type Summary struct {
	Imported, Duplicates, Rejected, Skipped int
	NoSidecar                               int // photos whose sidecar was not found
	Dated, Placed, Favourites               int // photos whose date, position or favourite came from a sidecar
	Albums                                  int // albums made or added to
}

// file is one file of an export, in whichever part (folder or zip) holds it.
type file struct {
	fsys fs.FS
	path string
}

// folder is one folder of an export, gathered across every part.
type folder struct {
	photos []file
	jsons  map[string]file // by base name
}

// videoExts are skipped: Sajin keeps photos.
var videoExts = map[string]bool{".mp4": true, ".mov": true, ".m4v": true, ".3gp": true, ".avi": true, ".mkv": true,
	".webm": true, ".mpg": true, ".mts": true, ".wmv": true}

// yearFolder matches the folders Google puts every photo in by year, in the languages seen in exports.
var yearFolder = regexp.MustCompile(`^(Photos from|Fotos von|Photos de|Fotos de|Foto dal|Foto del|Foto's uit|` +
	`Bilder från|Zdjęcia z|Фото за|Fotos do|Fotky z) \d{4}$|^\d{4}(년|年)?( 사진| の写真)?$`)

// notAlbums are Google's own folders: their photos are imported, but they make no album. Trash is skipped.
var notAlbums = map[string]bool{"Archive": true, "Locked Folder": true, "Failed Videos": true, "Untitled": true,
	"Archiv": true, "Archives": true, "Archivo": true, "보관처리됨": true, "アーカイブ": true}

var trash = map[string]bool{"Trash": true, "Bin": true, "Papierkorb": true, "Corbeille": true, "Papelera": true,
	"휴지통": true, "ゴミ箱": true}

// Import imports the parts of one export (a folder, or every zip of a split export: a sidecar may sit in another
// zip than its photo). line, when not nil, is called for every file.
func (im *Importer) Import(ctx context.Context, library string, parts []fs.FS, line func(Line)) (Summary, error) {
	var sum Summary
	folders, err := gather(parts)
	if err != nil {
		return sum, err
	}
	albums := map[string]string{} // title -> album id
	names := slices.Sorted(maps.Keys(folders))
	for _, dir := range names {
		f := folders[dir]
		base := path.Base(dir)
		if trash[base] {
			for _, p := range f.photos {
				sum.Skipped++
				emit(line, Line{Path: p.path, Status: "skipped", Error: "in the trash"})
			}
			continue
		}
		if err := im.folder(ctx, library, dir, f, albums, &sum, line); err != nil {
			return sum, err
		}
	}
	sum.Albums = len(albums)
	return sum, nil
}

func emit(line func(Line), l Line) {
	if line != nil {
		line(l)
	}
}

// gather lists every file of every part by folder.
func gather(parts []fs.FS) (map[string]*folder, error) {
	folders := map[string]*folder{}
	for _, fsys := range parts {
		err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() || strings.HasPrefix(d.Name(), ".") {
				return nil
			}
			dir := path.Dir(p)
			f := folders[dir]
			if f == nil {
				f = &folder{jsons: map[string]file{}}
				folders[dir] = f
			}
			switch strings.ToLower(path.Ext(p)) {
			case ".json":
				f.jsons[d.Name()] = file{fsys, p}
			case ".html", ".htm":
			default:
				f.photos = append(f.photos, file{fsys, p})
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("takeout: %w", err)
		}
	}
	return folders, nil
}

// folder imports the photos of one folder.
func (im *Importer) folder(ctx context.Context, library, dir string, f *folder, albums map[string]string,
	sum *Summary, line func(Line)) error {
	metas := map[string]Meta{}
	names := map[string]bool{}
	titles := map[string]string{}
	for name, j := range f.jsons {
		var m Meta
		b, err := readLimited(j)
		if err != nil || json.Unmarshal(b, &m) != nil {
			continue // not a sidecar of ours to read (or damaged): the photo keeps what its file says
		}
		metas[name], names[name] = m, true
		if _, dup := titles[m.Title]; dup {
			titles[m.Title] = "" // two sidecars of one title: useless to tell photos apart
		} else if m.Title != "" {
			titles[m.Title] = name
		}
	}
	for t, n := range titles {
		if n == "" {
			delete(titles, t)
		}
	}
	album := albumTitle(dir, metas)
	for _, p := range f.photos {
		if err := ctx.Err(); err != nil {
			return err
		}
		base := path.Base(p.path)
		if videoExts[strings.ToLower(path.Ext(base))] {
			sum.Skipped++
			emit(line, Line{Path: p.path, Status: "skipped", Error: "video"})
			continue
		}
		side, ok := metas[match(base, names, titles)]
		if !ok {
			sum.NoSidecar++
		}
		l, err := im.photo(ctx, library, p, side, ok, album, albums, sum)
		if err != nil {
			return fmt.Errorf("takeout: %s: %w", p.path, err)
		}
		emit(line, l)
	}
	return nil
}

// albumTitle is the album a folder makes: its metadata.json's title, else its name; "" for year folders and
// Google's own folders.
func albumTitle(dir string, metas map[string]Meta) string {
	base := path.Base(dir)
	if dir == "." || yearFolder.MatchString(base) || notAlbums[base] || base == "Google Photos" || base == "Google Fotos" {
		return ""
	}
	if m, ok := metas["metadata.json"]; ok && m.Title != "" {
		return m.Title
	}
	return base
}

// photo imports one photo and applies its sidecar.
func (im *Importer) photo(ctx context.Context, library string, src file, side Meta, hasSide bool, album string,
	albums map[string]string, sum *Summary) (Line, error) {
	l := Line{Path: src.path, Album: album}
	r, err := src.fsys.Open(src.path)
	if err != nil {
		sum.Rejected++
		l.Status, l.Error = string(ingest.Rejected), err.Error()
		return l, nil
	}
	defer r.Close()
	p, status, err := im.Pipeline.Add(ctx, ingest.Source{Library: library, Name: path.Base(src.path),
		Path: "takeout:" + src.path, Body: r})
	l.Status = string(status)
	switch {
	case errors.Is(err, ingest.ErrRejected):
		sum.Rejected++
		l.Status, l.Error = string(ingest.Rejected), strings.TrimPrefix(err.Error(), "rejected: ")
		return l, nil
	case err != nil:
		return l, err
	case status == ingest.Duplicate:
		sum.Duplicates++
	default:
		sum.Imported++
	}
	l.ID = p.ID
	changed := false
	if hasSide {
		if changed, err = im.apply(ctx, p, side, sum); err != nil {
			return l, err
		}
	}
	if album != "" {
		id, err := im.album(ctx, library, album, albums)
		if err != nil {
			return l, err
		}
		if err := im.Catalog.AddToAlbum(ctx, library, id, p.ID); err != nil {
			return l, err
		}
	}
	if changed {
		return l, im.Pipeline.Reindex(ctx, library, p.ID)
	}
	return l, nil
}

// apply takes from a sidecar what the file did not say: the date (EXIF's stays: it is the local time, where
// Takeout's is UTC; a date from the file name within 14 hours of Takeout's is the same moment in local time and
// stays too), the position when the file has none, and the favourite.
func (im *Importer) apply(ctx context.Context, p *catalog.Photo, m Meta, sum *Summary) (bool, error) {
	changed := false
	if t, ok := m.Taken(); ok && p.TakenSource != "exif" && p.TakenSource != "xmp" && !(p.TakenSource == "filename" && near(p.TakenLocal, t)) &&
		p.TakenSource != "takeout" {
		zero := 0
		if err := im.Catalog.SetTaken(ctx, p.Library, p.ID, t, &zero, "takeout"); err != nil {
			return false, err
		}
		sum.Dated++
		changed = true
	}
	if lat, lon, ok := m.Position(); ok && (p.Lat == nil || p.Lon == nil) {
		if err := im.Catalog.SetPosition(ctx, p.Library, p.ID, lat, lon); err != nil {
			return false, err
		}
		sum.Placed++
		changed = true
	}
	if m.Favorited {
		if err := im.Catalog.SetFavourite(ctx, p.Library, p.ID, true); err != nil {
			return false, err
		}
		sum.Favourites++
	}
	return changed, nil
}

func near(local, utc time.Time) bool {
	d := local.Sub(utc)
	return d > -14*time.Hour && d < 14*time.Hour
}

// album returns the library's album of that title, making it the first time.
func (im *Importer) album(ctx context.Context, library, title string, albums map[string]string) (string, error) {
	if id, ok := albums[title]; ok {
		return id, nil
	}
	have, err := im.Catalog.Albums(ctx, library)
	if err != nil {
		return "", err
	}
	for _, a := range have {
		if a.Title == title {
			albums[title] = a.ID
			return a.ID, nil
		}
	}
	a, err := im.Catalog.CreateAlbum(ctx, library, title)
	if err != nil {
		return "", err
	}
	albums[title] = a.ID
	return a.ID, nil
}

func readLimited(f file) ([]byte, error) {
	r, err := f.fsys.Open(f.path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	b, err := io.ReadAll(io.LimitReader(r, MaxSidecarBytes+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxSidecarBytes {
		return nil, fmt.Errorf("%s: larger than %d bytes", f.path, MaxSidecarBytes)
	}
	return b, nil
}
