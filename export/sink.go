package export

import (
	"archive/zip"
	"fmt"
	"io"
	"os"
	"path"
	"slices"
	"strings"
	"time"

	"sajin/ingest/catalog"
)

// Dir is a Sink writing into a folder, which it creates. Every path stays inside the folder (os.Root). Close it
// when the export is done: it closes the last file and reports an error writing it.
type Dir struct {
	root *os.Root
	cur  *os.File
	name string
	mod  time.Time
}

// NewDir opens (creating) the folder dir for an export.
func NewDir(dir string) (*Dir, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	return &Dir{root: root}, nil
}

// Create starts a file, replacing one of the same name.
func (d *Dir) Create(name string, modTime time.Time) (io.Writer, error) {
	if err := d.closeCurrent(); err != nil {
		return nil, err
	}
	if dir := path.Dir(name); dir != "." {
		if err := d.root.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("export: %w", err)
		}
	}
	f, err := d.root.Create(name)
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	d.cur, d.name, d.mod = f, name, modTime
	return f, nil
}

// Has reports whether the folder holds a regular file of that name and size.
func (d *Dir) Has(name string, size int64) bool {
	st, err := d.root.Stat(name)
	return err == nil && st.Mode().IsRegular() && st.Size() == size
}

func (d *Dir) closeCurrent() error {
	if d.cur == nil {
		return nil
	}
	f, name, mod := d.cur, d.name, d.mod
	d.cur = nil
	if err := f.Close(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if !mod.IsZero() {
		d.root.Chtimes(name, mod, mod) // best effort: file browsers sort by it
	}
	return nil
}

// Close closes the last file and the folder.
func (d *Dir) Close() error {
	err := d.closeCurrent()
	if cerr := d.root.Close(); err == nil {
		err = cerr
	}
	return err
}

// Zip is a Sink writing a zip stream: originals are stored as they are (photos do not compress), sidecars are
// deflated. Nothing is buffered but the zip's directory. Close writes the directory.
type Zip struct {
	w      *zip.Writer
	prefix string
}

// NewZip starts a zip stream on w; every path in it is under the folder prefix (none when "").
func NewZip(w io.Writer, prefix string) *Zip {
	return &Zip{w: zip.NewWriter(w), prefix: strings.Trim(prefix, "/")}
}

// Create starts a file.
func (z *Zip) Create(name string, modTime time.Time) (io.Writer, error) {
	method := zip.Store
	if strings.HasSuffix(name, ".json") || strings.HasSuffix(name, ".xmp") {
		method = zip.Deflate
	}
	if z.prefix != "" {
		name = z.prefix + "/" + name
	}
	h := &zip.FileHeader{Name: name, Method: method, Modified: modTime}
	if modTime.IsZero() {
		h.Modified = time.Now()
	}
	return z.w.CreateHeader(h)
}

// Has is always false: a stream starts empty.
func (z *Zip) Has(string, int64) bool { return false }

// Close writes the zip's directory.
func (z *Zip) Close() error { return z.w.Close() }

func sortByID(ps []*catalog.Photo) {
	slices.SortFunc(ps, func(a, b *catalog.Photo) int { return strings.Compare(a.ID, b.ID) })
}
