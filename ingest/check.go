package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image/jpeg"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"sajin/ingest/blob"
	"sajin/ingest/catalog"
)

// The kinds of problem Check finds.
const (
	// ProblemCatalogDamaged: SQLite's integrity check found the catalog file damaged. Not repairable here:
	// restore the catalog from a backup.
	ProblemCatalogDamaged = "catalog_damaged"
	// ProblemOriginalMissing: the catalog has a photo whose original file is gone. Not repairable here: restore
	// the file from a backup.
	ProblemOriginalMissing = "original_missing"
	// ProblemOriginalDamaged: the original's content no longer matches its SHA-256. Not repairable here.
	ProblemOriginalDamaged = "original_damaged"
	// ProblemThumbMissing and ProblemThumbDamaged: repaired by rendering the thumbnails again from the original.
	ProblemThumbMissing = "thumb_missing"
	ProblemThumbDamaged = "thumb_damaged"
	// ProblemIndexMissing: a photo the search index does not hold; repaired by indexing it again.
	ProblemIndexMissing = "index_missing"
	// ProblemIndexOrphan: an index entry for a photo the catalog does not have; repaired by deleting it.
	ProblemIndexOrphan = "index_orphan"
	// ProblemIndexUnreadable: the index cannot be read; the caller rebuilds it from the catalog.
	ProblemIndexUnreadable = "index_unreadable"
	// ProblemStageFailed and ProblemStageMissing: a pipeline stage that failed or was never queued for a photo;
	// repaired by queueing it again (the stages after it follow).
	ProblemStageFailed  = "stage_failed"
	ProblemStageMissing = "stage_missing"
	// ProblemUnreferenced: an original no photo refers to (an import killed between storing it and recording
	// it). Repaired by importing it again, so nothing is lost; removed instead only when asked.
	ProblemUnreferenced = "unreferenced_original"
	// ProblemOrphanThumb: a thumbnail of no photo, or of an older thumbnail version; repaired by removing it.
	ProblemOrphanThumb = "orphan_thumb"
	// ProblemTempFile: a temporary file left by a crash; repaired by removing it.
	ProblemTempFile = "temp_file"
	// ProblemStray: a file in the data folder that Sajin did not name; reported only.
	ProblemStray = "stray_file"
)

// Problem is one thing Check found wrong.
type Problem struct {
	Kind     string `json:"kind"`
	Library  string `json:"library,omitempty"`
	PhotoID  string `json:"photo,omitempty"`
	Path     string `json:"path,omitempty"`
	Detail   string `json:"detail,omitempty"`
	Repaired bool   `json:"repaired"`
	// RepairError says why a repair that was tried failed.
	RepairError string `json:"repair_error,omitempty"`
}

// CheckReport is what Check found and did.
type CheckReport struct {
	Photos   int       `json:"photos"`
	Pending  int       `json:"pending_jobs"` // stages queued and not yet run (run by Work)
	Requeued int       `json:"requeued"`     // stages Check queued again; run Work to do them
	Problems []Problem `json:"problems"`
	// Skipped lists checks that could not run, with the reason ("index: in use by a running server").
	Skipped []string `json:"skipped,omitempty"`
}

// Unrepaired counts the problems still there.
func (r *CheckReport) Unrepaired() int {
	n := 0
	for _, p := range r.Problems {
		if !p.Repaired {
			n++
		}
	}
	return n
}

// CheckIndex is what Check needs of the search index.
type CheckIndex interface {
	IDs(ctx context.Context, library string) ([]string, error)
	Delete(ctx context.Context, library string, ids ...string) error
}

// CheckOptions configures Check. The zero value only looks.
type CheckOptions struct {
	// Repair fixes what can be fixed from the originals and the catalog. It never deletes or changes an original.
	Repair bool
	// RemoveUnreferenced removes originals no photo refers to, instead of importing them again.
	RemoveUnreferenced bool
	// Quick skips reading every byte: originals are not hashed and thumbnails not decoded (sizes and presence
	// only).
	Quick bool
	// Index is the search index to compare with the catalog; nil skips that check.
	Index CheckIndex
	// AdoptLibrary is the library unreferenced originals are imported into; "" means catalog.DefaultLibrary.
	AdoptLibrary string
	// Progress is called after each photo is checked.
	Progress func(photoID string)
	// TempAge is how old a temporary file or an unreferenced original must be to be a crash's leftover rather
	// than the work in progress of another process; zero means one hour, negative means any age (no other
	// process uses the data folder).
	TempAge time.Duration
}

// checker holds one Check run's state.
type checker struct {
	p       *Pipeline
	opts    CheckOptions
	rep     *CheckReport
	ids     map[string][]string // library -> photo ids in the catalog
	refs    map[string]bool     // original file names (sha256+ext) photos refer to
	hashes  map[string]bool     // sha256 of every photo, for thumbnails
	requeue map[[2]string]string
	missing map[string]int // original file name (sha256+ext) -> index of its original_missing problem
}

// Check walks the catalog and the data folder and reports what is wrong: originals missing or damaged,
// thumbnails missing or damaged, photos the index misses or entries it has for no photo, stages failed or never
// queued, leftovers of crashes. With opts.Repair it fixes what can be fixed; stages it queues run on the next
// Work (the caller runs it). Check never modifies or deletes an original (except unreferenced ones with
// opts.RemoveUnreferenced).
func (p *Pipeline) Check(ctx context.Context, opts CheckOptions) (*CheckReport, error) {
	if opts.AdoptLibrary == "" {
		opts.AdoptLibrary = catalog.DefaultLibrary
	}
	if opts.TempAge == 0 {
		opts.TempAge = time.Hour
	}
	c := &checker{p: p, opts: opts, rep: &CheckReport{Problems: []Problem{}}, ids: map[string][]string{},
		refs: map[string]bool{}, hashes: map[string]bool{}, requeue: map[[2]string]string{},
		missing: map[string]int{}}
	if err := c.catalog(ctx); err != nil {
		return c.rep, err
	}
	err := p.cat.Each(ctx, func(ph *catalog.Photo) error {
		err := c.photo(ctx, ph)
		if opts.Progress != nil {
			opts.Progress(ph.ID)
		}
		return err
	})
	if err != nil {
		return c.rep, err
	}
	steps := []func(context.Context) error{c.index, c.originals, c.thumbs, c.temps, c.enqueue}
	for _, step := range steps {
		if err := step(ctx); err != nil {
			return c.rep, err
		}
	}
	if c.rep.Pending, err = p.cat.Pending(ctx); err != nil {
		return c.rep, err
	}
	return c.rep, nil
}

// catalog runs SQLite's integrity check on the catalog file. A damaged catalog is reported, and the rest of the
// check goes on with what can be read.
func (c *checker) catalog(ctx context.Context) error {
	found, err := c.p.cat.Integrity(ctx, c.opts.Quick)
	if err != nil && ctx.Err() != nil {
		return err
	}
	if err != nil {
		found = append(found, err.Error())
	}
	for _, msg := range found {
		c.add(Problem{Kind: ProblemCatalogDamaged, Detail: msg + ": restore the catalog from a backup"})
	}
	return nil
}

func (c *checker) add(pr Problem) *Problem {
	c.rep.Problems = append(c.rep.Problems, pr)
	return &c.rep.Problems[len(c.rep.Problems)-1]
}

// repaired records the outcome of a repair on the last problem added.
func (c *checker) repaired(err error) {
	pr := &c.rep.Problems[len(c.rep.Problems)-1]
	pr.Repaired = err == nil
	if err != nil {
		pr.RepairError = err.Error()
	}
}

// photo checks one photo's original, thumbnails and stages.
func (c *checker) photo(ctx context.Context, ph *catalog.Photo) error {
	c.rep.Photos++
	c.ids[ph.Library] = append(c.ids[ph.Library], ph.ID)
	c.refs[ph.SHA256+ph.Ext] = true
	c.hashes[ph.SHA256] = true
	origOK := c.original(ph)
	if err := c.photoThumbs(ctx, ph, origOK); err != nil {
		return err
	}
	return c.stages(ctx, ph)
}

// original checks that a photo's original is there and, unless Quick, that its content matches its hash.
func (c *checker) original(ph *catalog.Photo) bool {
	path, err := c.p.store.OriginalPath(ph.SHA256, ph.Ext)
	if err != nil {
		c.add(Problem{Kind: ProblemOriginalDamaged, Library: ph.Library, PhotoID: ph.ID, Detail: err.Error()})
		return false
	}
	st, err := os.Stat(path)
	if err != nil {
		c.add(Problem{Kind: ProblemOriginalMissing, Library: ph.Library, PhotoID: ph.ID, Path: path,
			Detail: "the original is gone: restore it from a backup"})
		c.missing[ph.SHA256+ph.Ext] = len(c.rep.Problems) - 1
		return false
	}
	detail := ""
	if st.Size() != ph.Bytes {
		detail = fmt.Sprintf("%d bytes, the catalog says %d", st.Size(), ph.Bytes)
	} else if !c.opts.Quick {
		sum, err := hashFile(path)
		switch {
		case err != nil:
			detail = "unreadable: " + err.Error()
		case sum != ph.SHA256:
			detail = "content changed since import (sha256 " + sum[:16] + "…)"
		}
	}
	if detail != "" {
		c.add(Problem{Kind: ProblemOriginalDamaged, Library: ph.Library, PhotoID: ph.ID, Path: path,
			Detail: detail + ": restore it from a backup"})
		return false
	}
	return true
}

func hashFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// photoThumbs checks each thumbnail of a photo and, with Repair, renders them all again from a sound original.
func (c *checker) photoThumbs(ctx context.Context, ph *catalog.Photo, origOK bool) error {
	bad := 0
	for _, spec := range c.p.thumbs.Specs() {
		path, err := c.p.store.ThumbPath(ph.SHA256, spec.Name)
		if err != nil {
			return err
		}
		kind, detail := checkThumb(path, spec.Long, c.opts.Quick)
		if kind == "" {
			continue
		}
		bad++
		c.add(Problem{Kind: kind, Library: ph.Library, PhotoID: ph.ID, Path: path, Detail: detail})
	}
	if bad == 0 || !c.opts.Repair {
		return nil
	}
	var err error
	if !origOK {
		err = errors.New("the original is missing or damaged: nothing to render from")
	} else {
		err = c.rethumb(ctx, ph)
	}
	if err != nil && ctx.Err() != nil {
		return err
	}
	for i := len(c.rep.Problems) - bad; i < len(c.rep.Problems); i++ {
		c.rep.Problems[i].Repaired = err == nil
		if err != nil {
			c.rep.Problems[i].RepairError = err.Error()
		}
	}
	return nil
}

// checkThumb returns the kind of problem of one thumbnail file ("" when it is sound) and why.
func checkThumb(path string, long int, quick bool) (kind, detail string) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return ProblemThumbMissing, ""
	}
	if err != nil {
		return ProblemThumbDamaged, err.Error()
	}
	defer f.Close()
	cfg, err := jpeg.DecodeConfig(f)
	if err != nil {
		return ProblemThumbDamaged, err.Error()
	}
	if cfg.Width < 1 || cfg.Height < 1 || cfg.Width > long || cfg.Height > long {
		return ProblemThumbDamaged, fmt.Sprintf("%dx%d, want at most %d px a side", cfg.Width, cfg.Height, long)
	}
	if quick {
		return "", ""
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return ProblemThumbDamaged, err.Error()
	}
	if _, err := jpeg.Decode(f); err != nil {
		return ProblemThumbDamaged, err.Error()
	}
	return "", ""
}

// rethumb renders every thumbnail of a photo again from its original.
func (c *checker) rethumb(ctx context.Context, ph *catalog.Photo) error {
	path, err := c.p.store.OriginalPath(ph.SHA256, ph.Ext)
	if err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, thumbs, err := c.p.decodeAndRender(ctx, f, ph.Orientation, true) // bulk: behind uploads
	if err != nil {
		return err
	}
	for _, t := range thumbs {
		if err := c.p.store.PutThumb(ph.SHA256, t.Spec.Name, t.JPEG); err != nil {
			return err
		}
	}
	return nil
}

// stages finds the pipeline stages of a photo that failed or were never queued; with Repair the earliest is
// queued again (each finished stage queues the next).
func (c *checker) stages(ctx context.Context, ph *catalog.Photo) error {
	states, err := c.p.cat.Stages(ctx, ph.Library, ph.ID)
	if err != nil {
		return err
	}
	byStage := map[string]catalog.StageState{}
	for _, s := range states {
		byStage[s.Stage] = s
	}
	first := ""
	for _, name := range c.p.Stages() {
		s, ok := byStage[name]
		switch {
		case !ok:
			c.add(Problem{Kind: ProblemStageMissing, Library: ph.Library, PhotoID: ph.ID, Detail: name + ": never queued"})
		case s.State == catalog.JobFailed:
			c.add(Problem{Kind: ProblemStageFailed, Library: ph.Library, PhotoID: ph.ID, Detail: name + ": " + s.Error})
		default:
			continue
		}
		c.rep.Problems[len(c.rep.Problems)-1].Repaired = c.opts.Repair
		if first == "" {
			first = name
		}
	}
	// A stage this pipeline does not run (vision when the models are off) is reported when it failed.
	for _, s := range states {
		if s.State == catalog.JobFailed && !slices.Contains(c.p.Stages(), s.Stage) {
			c.add(Problem{Kind: ProblemStageFailed, Library: ph.Library, PhotoID: ph.ID, Detail: s.Stage + ": " + s.Error})
		}
	}
	if first != "" && c.opts.Repair {
		c.requeue[[2]string{ph.Library, ph.ID}] = first
	}
	return nil
}

// enqueue queues the stages the photo checks found failed or missing, and the index stage of photos the index
// misses.
func (c *checker) enqueue(ctx context.Context) error {
	for k, stage := range c.requeue {
		if err := c.p.cat.Enqueue(ctx, k[0], k[1], stage); err != nil {
			return err
		}
		c.rep.Requeued++
	}
	return nil
}

// index compares the search index with the catalog, library by library.
func (c *checker) index(ctx context.Context) error {
	if c.opts.Index == nil {
		return nil
	}
	for lib, ids := range c.ids {
		indexed, err := safeIDs(ctx, c.opts.Index, lib)
		if err != nil {
			if ctx.Err() != nil {
				return err
			}
			c.add(Problem{Kind: ProblemIndexUnreadable, Library: lib, Detail: err.Error()})
			continue
		}
		slices.Sort(ids)
		if err := c.indexDiff(ctx, lib, ids, indexed); err != nil {
			return err
		}
	}
	return nil
}

// safeIDs reads the index's ids, turning a panic of a damaged index into an error.
func safeIDs(ctx context.Context, ix CheckIndex, lib string) (ids []string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("reading the index: %v", r)
		}
	}()
	return ix.IDs(ctx, lib)
}

// indexDiff reports and repairs the difference between a library's photo ids and its indexed ids (both sorted).
func (c *checker) indexDiff(ctx context.Context, lib string, ids, indexed []string) error {
	var orphans []string
	for _, id := range indexed {
		if _, found := slices.BinarySearch(ids, id); !found {
			orphans = append(orphans, id)
			c.add(Problem{Kind: ProblemIndexOrphan, Library: lib, PhotoID: id, Detail: "indexed, not in the catalog",
				Repaired: c.opts.Repair})
		}
	}
	for _, id := range ids {
		if _, found := slices.BinarySearch(indexed, id); !found {
			c.add(Problem{Kind: ProblemIndexMissing, Library: lib, PhotoID: id, Repaired: c.opts.Repair})
			if c.opts.Repair {
				if _, queued := c.requeue[[2]string{lib, id}]; !queued {
					c.requeue[[2]string{lib, id}] = StageIndex
				}
			}
		}
	}
	if len(orphans) > 0 && c.opts.Repair {
		if err := c.opts.Index.Delete(ctx, lib, orphans...); err != nil {
			return fmt.Errorf("check: remove index entries of no photo: %w", err)
		}
	}
	return nil
}

var originalName = regexp.MustCompile(`^([0-9a-f]{64})(\.[a-z0-9]{1,8})$`)

// originals finds files under originals/ that no photo refers to. With Repair they are imported again (they are
// photos an interrupted import stored and never recorded), or removed with RemoveUnreferenced.
func (c *checker) originals(ctx context.Context) error {
	root := filepath.Join(c.p.store.Dir(), "originals")
	return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		m := originalName.FindStringSubmatch(d.Name())
		want, _ := c.p.store.OriginalPath(m0(m, 1), m0(m, 2))
		switch {
		case m == nil || want != path:
			c.add(Problem{Kind: ProblemStray, Path: path, Detail: "not a file Sajin stored"})
			return c.strayOriginal(path)
		case !c.refs[d.Name()]:
			pr := c.add(Problem{Kind: ProblemUnreferenced, Path: path, Detail: "no photo refers to it"})
			if info, err := d.Info(); err == nil && time.Since(info.ModTime()) < c.opts.TempAge {
				// Another process may be between storing it and recording it: leave it to that process.
				pr.Detail += " yet: stored less than " + c.opts.TempAge.String() + " ago, left alone"
				return nil
			}
			return c.unreferenced(ctx, path, m[1])
		}
		return nil
	})
}

// strayOriginal recognises a stray file under originals/ that holds a missing original's content (moved by
// hand) and, with Repair, moves it back where it belongs.
func (c *checker) strayOriginal(path string) error {
	if len(c.missing) == 0 {
		return nil
	}
	sum, err := hashFile(path)
	if err != nil {
		return nil
	}
	for name, i := range c.missing {
		if !strings.HasPrefix(name, sum) {
			continue
		}
		want, err := c.p.store.OriginalPath(sum, strings.TrimPrefix(name, sum))
		if err != nil {
			return err
		}
		c.rep.Problems[len(c.rep.Problems)-1].Detail = "the content of the missing original " + filepath.Base(want)
		if c.opts.Repair {
			err := os.MkdirAll(filepath.Dir(want), 0o755)
			if err == nil {
				err = os.Rename(path, want)
			}
			c.repaired(err)
			c.rep.Problems[i].Repaired = err == nil
			c.rep.Problems[i].Detail = "found at " + path + " and moved back"
		}
		delete(c.missing, name)
		return nil
	}
	return nil
}

func m0(m []string, i int) string {
	if m == nil {
		return ""
	}
	return m[i]
}

// unreferenced repairs an original no photo refers to: removed when asked, otherwise imported again.
func (c *checker) unreferenced(ctx context.Context, path, sum string) error {
	switch {
	case c.opts.RemoveUnreferenced:
		c.repaired(os.Remove(path))
	case c.opts.Repair:
		err := c.adopt(ctx, path, sum)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		c.repaired(err)
	}
	return nil
}

// adopt imports an original that no photo refers to. Its content must still match its name.
func (c *checker) adopt(ctx context.Context, path, sum string) error {
	if got, err := hashFile(path); err != nil || got != sum {
		return fmt.Errorf("its content does not match its name (sha256 %.16s…, %v): left as it is", got, err)
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	ph, status, err := c.p.Add(ctx, Source{Library: c.opts.AdoptLibrary, Name: filepath.Base(path),
		Path: "recovered by sajin check", ModTime: st.ModTime(), Body: f})
	if err != nil {
		return err
	}
	c.hashes[sum] = true
	c.rep.Problems[len(c.rep.Problems)-1].Detail += fmt.Sprintf("; imported as %s (%s)", ph.ID, status)
	return nil
}

var thumbName = regexp.MustCompile(`^([0-9a-f]{64})-[a-z0-9]{1,16}\.jpg$`)

// thumbs finds thumbnails of no photo and of older thumbnail versions; with Repair they are removed.
func (c *checker) thumbs(ctx context.Context) error {
	root := filepath.Join(c.p.store.Dir(), "thumbs")
	current := filepath.Join(root, blob.ThumbVersion)
	return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		m := thumbName.FindStringSubmatch(d.Name())
		switch {
		case m == nil:
			c.add(Problem{Kind: ProblemStray, Path: path, Detail: "not a file Sajin wrote"})
			return nil
		case !strings.HasPrefix(path, current+string(filepath.Separator)):
			c.add(Problem{Kind: ProblemOrphanThumb, Path: path, Detail: "an older thumbnail version"})
		case !c.hashes[m[1]]:
			c.add(Problem{Kind: ProblemOrphanThumb, Path: path, Detail: "a thumbnail of no photo"})
		default:
			return nil
		}
		if c.opts.Repair {
			c.repaired(os.Remove(path))
		}
		return nil
	})
}

// temps finds temporary files older than TempAge (younger ones may be uploads another process is receiving);
// with Repair they are removed.
func (c *checker) temps(ctx context.Context) error {
	entries, err := os.ReadDir(filepath.Join(c.p.store.Dir(), "tmp"))
	if err != nil {
		return fmt.Errorf("check: %w", err)
	}
	for _, e := range entries {
		info, err := e.Info()
		if err != nil || time.Since(info.ModTime()) < c.opts.TempAge {
			continue
		}
		path := filepath.Join(c.p.store.Dir(), "tmp", e.Name())
		c.add(Problem{Kind: ProblemTempFile, Path: path, Detail: "left by an interrupted import or upload"})
		if c.opts.Repair {
			c.repaired(os.RemoveAll(path))
		}
	}
	return ctx.Err()
}
