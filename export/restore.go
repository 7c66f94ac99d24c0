package export

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"path"
	"slices"
	"strings"
	"time"

	"sajin/ingest"
	"sajin/ingest/catalog"
	"sajin/vision"
)

// MaxSidecarBytes bounds a sidecar read during a restore.
const MaxSidecarBytes = 16 << 20

// Restorer puts an export back into a library.
type Restorer struct {
	Pipeline *ingest.Pipeline
	Catalog  *catalog.Catalog
	People   *ingest.People // nil: people's names are not restored
	Logger   *slog.Logger   // nil: slog.Default()
	// Retag runs the vision stage again on every restored photo instead of taking its labels, faces and text from
	// the sidecars (after a model update); the user's own labels and removals are restored either way.
	Retag bool
}

// RestoreSummary counts what a restore did.
type RestoreSummary struct {
	Imported, Duplicates, Rejected int
	Named                          int      // people named again
	Problems                       []string // what could not be restored, one line each
}

// restored is one photo the restore brought in, with the named faces to look for once people are clustered.
type restored struct {
	id    string
	faces []Face
}

// Restore reads an export (a folder as os.DirFS, or a zip as *zip.Reader) into library. Photos already in the
// library are not copied again but get the export's labels, albums and favourite. Albums are matched by title.
// Once every photo is in, it runs the pipeline (so that faces are clustered into people) and names the people
// whose faces match a named face of the export (same photo, overlapping box).
func (rs *Restorer) Restore(ctx context.Context, library string, fsys fs.FS) (RestoreSummary, error) {
	var sum RestoreSummary
	m, err := readManifest(fsys)
	if err != nil {
		return sum, err
	}
	albums, err := rs.albumIDs(ctx, library, m.Albums)
	if err != nil {
		return sum, err
	}
	var named []restored
	err = fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(name, ".json") || name == ManifestName {
			return nil
		}
		r, err := rs.one(ctx, library, fsys, name, albums, &sum)
		if err != nil {
			return fmt.Errorf("restore %s: %w", name, err)
		}
		if len(r.faces) > 0 {
			named = append(named, r)
		}
		return nil
	})
	if err != nil {
		return sum, err
	}
	if rs.People == nil || len(named) == 0 {
		return sum, nil
	}
	if _, err := rs.Pipeline.Work(ctx); err != nil {
		return sum, err
	}
	return sum, rs.names(ctx, library, named, &sum)
}

func readManifest(fsys fs.FS) (Manifest, error) {
	var m Manifest
	b, err := readLimited(fsys, ManifestName, MaxSidecarBytes)
	if errors.Is(err, fs.ErrNotExist) {
		return m, ErrNotExport
	}
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("export: %s: %w", ManifestName, err)
	}
	if major(m.Format) != major(Format) {
		return m, fmt.Errorf("export: format %q is not %q: use the sajin that made it", m.Format, Format)
	}
	return m, nil
}

func major(format string) string { return strings.SplitN(format, ".", 2)[0] }

// albumIDs returns the library's album id for each exported album id, creating albums whose title the library
// does not have.
func (rs *Restorer) albumIDs(ctx context.Context, library string, exported []AlbumRef) (map[string]string, error) {
	have, err := rs.Catalog.Albums(ctx, library)
	if err != nil {
		return nil, err
	}
	byTitle := map[string]string{}
	for _, a := range have {
		if _, ok := byTitle[a.Title]; !ok {
			byTitle[a.Title] = a.ID
		}
	}
	out := map[string]string{}
	for i := len(exported) - 1; i >= 0; i-- { // the export lists newest first: create oldest first
		a := exported[i]
		if id, ok := byTitle[a.Title]; ok {
			out[a.ID] = id
			continue
		}
		created, err := rs.Catalog.CreateAlbum(ctx, library, a.Title)
		if err != nil {
			return nil, err
		}
		byTitle[a.Title], out[a.ID] = created.ID, created.ID
	}
	return out, nil
}

// one restores the photo of one sidecar. A bad sidecar or a missing original is a problem, not an error.
func (rs *Restorer) one(ctx context.Context, library string, fsys fs.FS, name string, albums map[string]string,
	sum *RestoreSummary) (restored, error) {
	b, err := readLimited(fsys, name, MaxSidecarBytes)
	if err != nil {
		return restored{}, err
	}
	var sc Sidecar
	if err := json.Unmarshal(b, &sc); err != nil || sc.Format == "" {
		return restored{}, nil // another program's JSON: not ours to read
	}
	if major(sc.Format) != major(Format) {
		sum.Problems = append(sum.Problems, fmt.Sprintf("%s: format %q", name, sc.Format))
		return restored{}, nil
	}
	orig := strings.TrimSuffix(name, ".json")
	f, err := fsys.Open(orig)
	if err != nil {
		sum.Problems = append(sum.Problems, fmt.Sprintf("%s: original missing", orig))
		return restored{}, nil
	}
	defer f.Close()
	mod := time.Time{}
	if st, err := f.Stat(); err == nil {
		mod = st.ModTime()
	}
	photo, status, err := rs.Pipeline.Add(ctx, ingest.Source{Library: library, Name: nonEmpty(sc.FileName, path.Base(orig)),
		Path: "restore:" + orig, ModTime: mod, Body: f})
	switch {
	case errors.Is(err, ingest.ErrRejected):
		sum.Rejected++
		sum.Problems = append(sum.Problems, fmt.Sprintf("%s: %v", orig, err))
		return restored{}, nil
	case err != nil:
		return restored{}, err
	case status == ingest.Duplicate:
		sum.Duplicates++
	default:
		sum.Imported++
	}
	if sc.SHA256 != "" && sc.SHA256 != photo.SHA256 {
		sum.Problems = append(sum.Problems, fmt.Sprintf("%s: content differs from its sidecar's hash", orig))
	}
	if err := rs.apply(ctx, photo, sc, status == ingest.Imported, albums); err != nil {
		return restored{}, err
	}
	r := restored{id: photo.ID}
	for _, fc := range sc.Faces {
		if fc.Name != "" {
			r.faces = append(r.faces, fc)
		}
	}
	return r, nil
}

// apply gives a restored photo what its sidecar says: for a new photo its date, position and what vision found;
// for every photo the user's labels, favourite and albums.
func (rs *Restorer) apply(ctx context.Context, p *catalog.Photo, sc Sidecar, fresh bool, albums map[string]string) error {
	lib, id := p.Library, p.ID
	if fresh {
		if err := rs.applyPlace(ctx, p, sc); err != nil {
			return err
		}
		if err := rs.applyVision(ctx, p, sc); err != nil {
			return err
		}
	}
	for _, l := range sc.Labels {
		if l.State == catalog.LabelUser || l.State == catalog.LabelRemoved {
			if err := rs.Catalog.SetLabel(ctx, lib, id, l.Key, l.State); err != nil {
				return err
			}
		}
	}
	if sc.Favourite {
		if err := rs.Catalog.SetFavourite(ctx, lib, id, true); err != nil {
			return err
		}
	}
	for _, a := range sc.Albums {
		album, ok := albums[a.ID]
		if !ok { // an album missing from the manifest: make it from the sidecar's title
			m, err := rs.albumIDs(ctx, lib, []AlbumRef{a})
			if err != nil {
				return err
			}
			album, albums[a.ID] = m[a.ID], m[a.ID]
		}
		if err := rs.Catalog.AddToAlbum(ctx, lib, album, id); err != nil {
			return err
		}
	}
	return rs.Pipeline.Reindex(ctx, lib, id)
}

// applyPlace sets the capture time and position the export had, where the file alone gives something else (a
// date the user or a Takeout import set, a file-name date under another name).
func (rs *Restorer) applyPlace(ctx context.Context, p *catalog.Photo, sc Sidecar) error {
	if sc.TakenAt != "" {
		local, offset, err := ParseTaken(sc.TakenAt)
		if err != nil {
			return fmt.Errorf("sidecar taken_at: %w", err)
		}
		if !local.Equal(p.TakenLocal) || !sameOffset(offset, p.TakenOffset) || sc.TakenAtSource != p.TakenSource {
			if err := rs.Catalog.SetTaken(ctx, p.Library, p.ID, local, offset, sc.TakenAtSource); err != nil {
				return err
			}
		}
	}
	if sc.GPS != nil && (p.Lat == nil || p.Lon == nil || *p.Lat != sc.GPS.Lat || *p.Lon != sc.GPS.Lon) {
		return rs.Catalog.SetPosition(ctx, p.Library, p.ID, sc.GPS.Lat, sc.GPS.Lon)
	}
	return nil
}

// applyVision records what the vision stage found in the old library and marks the stage done, so the photo is
// not tagged again. A photo the old library never tagged is left to the vision stage. With Retag only the labels
// the user removed are recorded (with their model's score and source), so that they stay removed.
func (rs *Restorer) applyVision(ctx context.Context, p *catalog.Photo, sc Sidecar) error {
	var v catalog.Vision
	for _, l := range sc.Labels {
		if l.State == catalog.LabelRemoved || l.State == catalog.LabelAuto && !rs.Retag {
			v.Labels = append(v.Labels, catalog.Label{Key: l.Key, Score: l.Score, Source: l.Source, Boxes: l.Boxes})
		}
	}
	if rs.Retag {
		if len(v.Labels) == 0 {
			return nil
		}
		return rs.Catalog.SaveVision(ctx, p.Library, p.ID, v)
	}
	for _, f := range sc.Faces {
		e, err := decodeEmbedding(f.Embedding)
		if err != nil {
			return err
		}
		v.Faces = append(v.Faces, catalog.Face{Box: f.Box, Score: f.Score, Embedding: e, Source: f.Source})
	}
	v.Text, v.TextSource = sc.Text, vision.SourceOCR
	if len(v.Labels) == 0 && len(v.Faces) == 0 && len(v.Text) == 0 {
		return nil
	}
	if err := rs.Catalog.SaveVision(ctx, p.Library, p.ID, v); err != nil {
		return err
	}
	stages := rs.Pipeline.Stages()
	i := slices.Index(stages, ingest.StageVision)
	if i < 0 {
		return nil
	}
	next := ""
	if i+1 < len(stages) {
		next = stages[i+1]
	}
	job := catalog.Job{Library: p.Library, PhotoID: p.ID, Stage: ingest.StageVision}
	return rs.Catalog.Finish(ctx, []catalog.Job{job}, []error{nil}, next)
}

// names names the people of the library whose faces match the export's named faces. A person already named
// keeps the name; two names for one person are reported.
func (rs *Restorer) names(ctx context.Context, library string, photos []restored, sum *RestoreSummary) error {
	want := map[string]string{}
	for _, r := range photos {
		faces, err := rs.Catalog.Faces(ctx, library, r.id)
		if err != nil {
			return err
		}
		for _, old := range r.faces {
			best, bestIoU := -1, 0.5
			for i, f := range faces {
				if iou := IoU(old.Box, f.Box); f.PersonID != "" && iou >= bestIoU {
					best, bestIoU = i, iou
				}
			}
			if best < 0 {
				sum.Problems = append(sum.Problems, fmt.Sprintf("%s: no face found where %s was", r.id, old.Name))
				continue
			}
			person := faces[best].PersonID
			if n, ok := want[person]; ok && n != old.Name {
				sum.Problems = append(sum.Problems, fmt.Sprintf("%s and %s look like one person (%s)", n, old.Name, person))
				continue
			}
			want[person] = old.Name
		}
	}
	people, err := rs.People.Load(ctx, library)
	if err != nil {
		return err
	}
	for _, x := range people.Persons {
		name, ok := want[x.ID]
		if !ok || x.Name != "" {
			continue
		}
		ids, err := rs.People.Name(ctx, library, x.ID, name)
		if err != nil {
			return err
		}
		sum.Named++
		if err := rs.Pipeline.Reindex(ctx, library, ids...); err != nil {
			return err
		}
	}
	return nil
}

// IoU is the intersection over union of two boxes.
func IoU(a, b catalog.Box) float64 {
	w := min(a[2], b[2]) - max(a[0], b[0])
	h := min(a[3], b[3]) - max(a[1], b[1])
	if w <= 0 || h <= 0 {
		return 0
	}
	in := w * h
	return in / ((a[2]-a[0])*(a[3]-a[1]) + (b[2]-b[0])*(b[3]-b[1]) - in)
}

// ParseTaken parses a taken_at as Sajin writes it: RFC 3339 with an offset, or a wall-clock time without one. It
// returns the wall-clock time as a UTC value and the offset in seconds (nil without one).
func ParseTaken(s string) (time.Time, *int, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		_, off := t.Zone()
		return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC), &off, nil
	}
	t, err := time.Parse("2006-01-02T15:04:05", s)
	if err != nil {
		return time.Time{}, nil, err
	}
	return t, nil, nil
}

func sameOffset(a, b *int) bool {
	return (a == nil) == (b == nil) && (a == nil || *a == *b)
}

func readLimited(fsys fs.FS, name string, limit int64) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%s: larger than %d bytes", name, limit)
	}
	return b, nil
}

// Root returns the part of fsys that holds an export: fsys itself when the manifest is at its top, or the one
// folder below that holds it (a downloaded zip has everything under "sajin-export-DATE/").
func Root(fsys fs.FS) (fs.FS, error) {
	if _, err := fs.Stat(fsys, ManifestName); err == nil {
		return fsys, nil
	}
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if e.IsDir() {
			if _, err := fs.Stat(fsys, e.Name()+"/"+ManifestName); err == nil {
				return fs.Sub(fsys, e.Name())
			}
		}
	}
	return nil, ErrNotExport
}
