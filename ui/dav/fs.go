package dav

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/net/webdav"

	"sajin/export"
	"sajin/ingest/catalog"
)

// The errors x/net/webdav turns into statuses: not found is 404, permission 403 or 405.
var (
	errNotFound = os.ErrNotExist
	errReadOnly = os.ErrPermission
)

var (
	yearDir  = regexp.MustCompile(`^/(\d{4})$`)
	monthDir = regexp.MustCompile(`^/(\d{4})/(\d{2})$`)
)

// fileSystem is the virtual tree of a library (the library comes in the context).
type fileSystem struct {
	cat   Catalog
	files Files
	mu    sync.Mutex
	dirs  map[string]map[string]bool // library -> folders made with MKCOL
	// aliases are paths where a client uploaded content that an earlier upload had placed elsewhere, kept while
	// the server runs: library -> path -> photo.
	aliases map[string]map[string]*catalog.Photo
}

// entry is one name in a folder: a folder or a photo.
type entry struct {
	name  string
	photo *catalog.Photo // nil for a folder
}

func libraryOf(ctx context.Context) string {
	lib, _ := ctx.Value(libraryKey{}).(string)
	return lib
}

// list returns the entries of a folder: the dated view, the uploads placed in it, and the folders made in it.
func (f *fileSystem) list(ctx context.Context, lib, dir string) (map[string]entry, error) {
	out := map[string]entry{}
	addDir := func(name string) {
		if _, ok := out[name]; !ok {
			out[name] = entry{name: name}
		}
	}
	if err := f.dated(ctx, lib, dir, out, addDir); err != nil {
		return nil, err
	}
	prefix := dir + "/"
	if dir == "/" {
		prefix = "/"
	}
	up, err := f.cat.BySourcePrefix(ctx, lib, SourcePrefix+prefix)
	if err != nil {
		return nil, err
	}
	for _, p := range up {
		rest := strings.TrimPrefix(p.SourcePath, SourcePrefix+prefix)
		if i := strings.IndexByte(rest, '/'); i >= 0 {
			addDir(rest[:i])
		} else if rest != "" {
			out[rest] = entry{name: rest, photo: p}
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for p, photo := range f.aliases[lib] {
		if rest, ok := strings.CutPrefix(p, prefix); ok {
			if i := strings.IndexByte(rest, '/'); i >= 0 {
				addDir(rest[:i])
			} else {
				out[rest] = entry{name: rest, photo: photo}
			}
		}
	}
	for d := range f.dirs[lib] {
		if rest, ok := strings.CutPrefix(d, prefix); ok && rest != "" {
			addDir(strings.SplitN(rest, "/", 2)[0])
		}
	}
	return out, nil
}

// dated adds the library's photos by capture date: years at the top, then months, then the photos.
func (f *fileSystem) dated(ctx context.Context, lib, dir string, out map[string]entry, addDir func(string)) error {
	var photos []*catalog.Photo
	switch {
	case dir == "/":
		months, err := f.cat.Months(ctx, lib)
		if err != nil {
			return err
		}
		for _, m := range months {
			addDir(m[:4])
		}
		undated, err := f.cat.InMonth(ctx, lib, "")
		if err != nil {
			return err
		}
		if len(undated) > 0 {
			addDir(export.Undated)
		}
		return nil
	case yearDir.MatchString(dir):
		months, err := f.cat.Months(ctx, lib)
		if err != nil {
			return err
		}
		for _, m := range months {
			if m[:4] == dir[1:] {
				addDir(m[5:])
			}
		}
		return nil
	case monthDir.MatchString(dir):
		var err error
		if photos, err = f.cat.InMonth(ctx, lib, dir[1:5]+"-"+dir[6:]); err != nil {
			return err
		}
	case dir == "/"+export.Undated:
		var err error
		if photos, err = f.cat.InMonth(ctx, lib, ""); err != nil {
			return err
		}
	}
	var n export.Namer // the names an export gives
	for _, p := range photos {
		name := n.Name(p)
		out[name] = entry{name: name, photo: p}
	}
	return nil
}

// lookup finds one path: a folder (photo nil) or a photo.
func (f *fileSystem) lookup(ctx context.Context, name string) (entry, error) {
	name = path.Clean("/" + name)
	if name == "/" {
		return entry{name: "/"}, nil
	}
	entries, err := f.list(ctx, libraryOf(ctx), path.Dir(name))
	if err != nil {
		return entry{}, err
	}
	e, ok := entries[path.Base(name)]
	if !ok {
		return entry{}, errNotFound
	}
	return e, nil
}

func (f *fileSystem) alias(lib, p string, photo *catalog.Photo) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.aliases == nil {
		f.aliases = map[string]map[string]*catalog.Photo{}
	}
	if f.aliases[lib] == nil {
		f.aliases[lib] = map[string]*catalog.Photo{}
	}
	f.aliases[lib][p] = photo
}

// Mkdir makes a folder (kept while the server runs, or while uploads are in it).
func (f *fileSystem) Mkdir(ctx context.Context, name string, _ os.FileMode) error {
	name = path.Clean("/" + name)
	if _, err := f.lookup(ctx, name); err == nil {
		return os.ErrExist
	}
	lib := libraryOf(ctx)
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.dirs[lib] == nil {
		f.dirs[lib] = map[string]bool{}
	}
	f.dirs[lib][name] = true
	return nil
}

// OpenFile opens a folder or a photo for reading; writing goes through PUT only. Opening a missing file to
// create it (a LOCK before the first PUT, as Finder and Windows do) gives an empty file that takes no bytes:
// the PUT that follows brings the photo.
func (f *fileSystem) OpenFile(ctx context.Context, name string, flag int, _ os.FileMode) (webdav.File, error) {
	name = path.Clean("/" + name)
	e, err := f.lookup(ctx, name)
	writing := flag&(os.O_WRONLY|os.O_RDWR|os.O_CREATE|os.O_TRUNC|os.O_APPEND) != 0
	switch {
	case writing && flag&os.O_CREATE != 0 && errors.Is(err, errNotFound):
		return &dirFile{info: &fileInfo{name: path.Base(name)}}, nil
	case writing:
		return nil, errReadOnly
	case err != nil:
		return nil, err
	}
	if e.photo == nil {
		entries, err := f.list(ctx, libraryOf(ctx), name)
		if err != nil {
			return nil, err
		}
		d := &dirFile{info: dirInfo(path.Base(name))}
		for _, c := range entries {
			d.entries = append(d.entries, c.info())
		}
		slices.SortFunc(d.entries, func(a, b fs.FileInfo) int { return strings.Compare(a.Name(), b.Name()) })
		return d, nil
	}
	src, err := f.files.OriginalPath(e.photo.SHA256, e.photo.Ext)
	if err != nil {
		return nil, err
	}
	file, err := os.Open(src)
	if err != nil {
		return nil, err
	}
	return &photoFile{File: file, fi: e.info()}, nil
}

// RemoveAll removes a folder that holds no photo; photos are never deleted over WebDAV.
func (f *fileSystem) RemoveAll(ctx context.Context, name string) error {
	name = path.Clean("/" + name)
	e, err := f.lookup(ctx, name)
	if err != nil {
		return err
	}
	lib := libraryOf(ctx)
	if e.photo != nil || name == "/" {
		return errReadOnly
	}
	if !f.empty(ctx, lib, name) {
		return errReadOnly
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for d := range f.dirs[lib] {
		if d == name || strings.HasPrefix(d, name+"/") {
			delete(f.dirs[lib], d)
		}
	}
	return nil
}

// empty says whether a folder holds no photo at any depth.
func (f *fileSystem) empty(ctx context.Context, lib, dir string) bool {
	entries, err := f.list(ctx, lib, dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		if e.photo != nil || !f.empty(ctx, lib, path.Join(dir, e.name)) {
			return false
		}
	}
	return true
}

// Rename moves a file a client uploaded (apps upload "x.part" and rename it); nothing else moves.
func (f *fileSystem) Rename(ctx context.Context, oldName, newName string) error {
	oldName, newName = path.Clean("/"+oldName), path.Clean("/"+newName)
	e, err := f.lookup(ctx, oldName)
	if err != nil {
		return err
	}
	if e.photo == nil || e.photo.SourcePath != SourcePrefix+oldName {
		return errReadOnly
	}
	if _, err := f.lookup(ctx, newName); err == nil {
		return os.ErrExist
	}
	return f.cat.SetSource(ctx, libraryOf(ctx), e.photo.ID, path.Base(newName), SourcePrefix+newName)
}

// Stat describes a folder or a photo.
func (f *fileSystem) Stat(ctx context.Context, name string) (os.FileInfo, error) {
	e, err := f.lookup(ctx, name)
	if err != nil {
		return nil, err
	}
	if e.photo == nil {
		return dirInfo(path.Base(path.Clean("/" + name))), nil
	}
	return e.info(), nil
}

func (e entry) info() *fileInfo {
	if e.photo == nil {
		return dirInfo(e.name)
	}
	p := e.photo
	mod := p.ImportedAt
	if t, _, ok := p.Taken(); ok {
		mod = t
	}
	return &fileInfo{name: e.name, size: p.Bytes, mod: mod, sha: p.SHA256, mime: p.MIME}
}

func dirInfo(name string) *fileInfo { return &fileInfo{name: name, dir: true} }

// fileInfo describes an entry; its ETag is the photo's content hash, so a client can tell what it has.
type fileInfo struct {
	name, sha, mime string
	size            int64
	mod             time.Time
	dir             bool
}

func (i *fileInfo) Name() string       { return i.name }
func (i *fileInfo) Size() int64        { return i.size }
func (i *fileInfo) ModTime() time.Time { return i.mod }
func (i *fileInfo) IsDir() bool        { return i.dir }
func (i *fileInfo) Sys() any           { return nil }
func (i *fileInfo) Mode() fs.FileMode {
	if i.dir {
		return fs.ModeDir | 0o755
	}
	return 0o444
}

// ETag implements webdav.ETager.
func (i *fileInfo) ETag(context.Context) (string, error) {
	if i.sha == "" {
		return "", webdav.ErrNotImplemented
	}
	return `"` + i.sha + `"`, nil
}

// ContentType implements webdav.ContentTyper.
func (i *fileInfo) ContentType(context.Context) (string, error) {
	if i.mime == "" {
		return "", webdav.ErrNotImplemented
	}
	return i.mime, nil
}

// photoFile is an original opened for reading.
type photoFile struct {
	*os.File
	fi *fileInfo
}

func (p *photoFile) Stat() (fs.FileInfo, error)         { return p.fi, nil }
func (p *photoFile) Readdir(int) ([]fs.FileInfo, error) { return nil, errors.New("not a folder") }
func (p *photoFile) Write([]byte) (int, error)          { return 0, errReadOnly }

// dirFile is a folder opened for listing (or, without entries, the empty stand-in of a file about to be PUT).
type dirFile struct {
	info    *fileInfo
	entries []fs.FileInfo
	at      int
}

func (d *dirFile) Close() error                   { return nil }
func (d *dirFile) Read([]byte) (int, error)       { return 0, errors.New("a folder") }
func (d *dirFile) Write([]byte) (int, error)      { return 0, errReadOnly }
func (d *dirFile) Seek(int64, int) (int64, error) { return 0, nil }
func (d *dirFile) Stat() (fs.FileInfo, error)     { return d.info, nil }
func (d *dirFile) Readdir(n int) ([]fs.FileInfo, error) {
	rest := d.entries[d.at:]
	if n <= 0 {
		d.at = len(d.entries)
		return rest, nil
	}
	if len(rest) == 0 {
		return nil, io.EOF
	}
	n = min(n, len(rest))
	d.at += n
	return rest[:n], nil
}
