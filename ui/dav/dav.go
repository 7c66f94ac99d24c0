// Package dav is Sajin's WebDAV endpoint for phone backup apps: every file PUT goes through the ingest pipeline
// (dedup by content, thumbnails, tags), and a folder listing shows what the library already holds, so that an app
// uploads only what is new.
//
// The tree a client sees: the library's photos by capture date (/2015/08/IMG_1234.JPG, /undated/...) under the
// names they were imported with, plus every file a client uploaded at the path it uploaded it to (an app that
// backs up into /DCIM/Camera finds its files there). Folders can be made (MKCOL) anywhere and exist while the
// server runs or while they hold uploads. Photos are never deleted or overwritten through WebDAV: DELETE of a
// photo answers 403 (a phone freeing space must not empty the library), a PUT of other content to a path that
// holds a photo adds the new photo, and MOVE renames only what a client uploaded. A PUT that does not arrive
// whole (the connection dropped) stores nothing; the client sends it again.
//
// The protocol (PROPFIND, locks, GET ranges) is golang.org/x/net/webdav over a virtual file system; PUT is ours,
// because ingesting needs to know whether the body arrived whole.
package dav

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/net/webdav"

	"sajin/ingest"
	"sajin/ingest/blob"
	"sajin/ingest/catalog"
)

// Importer takes a file into the library.
type Importer interface {
	Add(ctx context.Context, src ingest.Source) (*catalog.Photo, ingest.Status, error)
}

// Catalog is what the listings read and what renames change.
type Catalog interface {
	Months(ctx context.Context, library string) ([]string, error)
	InMonth(ctx context.Context, library, month string) ([]*catalog.Photo, error)
	BySourcePrefix(ctx context.Context, library, prefix string) ([]*catalog.Photo, error)
	SetSource(ctx context.Context, library, id, fileName, sourcePath string) error
}

// Files locates originals.
type Files interface {
	OriginalPath(sum, ext string) (string, error)
}

// Options configures a Handler; zero values are sensible defaults.
type Options struct {
	Prefix   string // the URL path the handler is mounted at ("/dav"); "" for the root
	MaxBytes int64  // largest file accepted; default ingest.DefaultMaxBytes
	Logger   *slog.Logger
	// Quota returns how many more bytes the request's user may store (-1: no limit); nil: no quota. A PUT beyond
	// it is 507 Insufficient Storage, WebDAV's answer for a full quota.
	Quota func(r *http.Request) (left int64, err error)
}

// SourcePrefix starts the source path of every photo that arrived over WebDAV ("dav:/DCIM/Camera/IMG_1.jpg").
const SourcePrefix = "dav:"

// Handler serves WebDAV for the library of each request's user.
type Handler struct {
	imp     Importer
	cat     Catalog
	files   Files
	library func(*http.Request) (string, bool)
	opts    Options
	fs      *fileSystem
	mu      sync.Mutex
	locks   map[string]webdav.LockSystem // per library, so that users' paths never meet
}

// New returns the WebDAV handler. library finds the authenticated user's library; ok=false answers 401.
func New(imp Importer, cat Catalog, files Files, library func(*http.Request) (string, bool), opts Options) *Handler {
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = ingest.DefaultMaxBytes
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	opts.Prefix = strings.TrimSuffix(opts.Prefix, "/")
	return &Handler{imp: imp, cat: cat, files: files, library: library, opts: opts,
		fs: &fileSystem{cat: cat, files: files, dirs: map[string]map[string]bool{}}, locks: map[string]webdav.LockSystem{}}
}

type libraryKey struct{}

// ServeHTTP answers one WebDAV request.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	lib, ok := h.library(r)
	if !ok {
		w.Header().Set("WWW-Authenticate", `Basic realm="Sajin", charset="UTF-8"`)
		http.Error(w, "log in first", http.StatusUnauthorized)
		return
	}
	r = r.WithContext(context.WithValue(r.Context(), libraryKey{}, lib))
	if r.Method == http.MethodPut {
		h.put(w, r, lib)
		return
	}
	if d := r.Header.Get("Depth"); r.Method == "PROPFIND" && d != "0" && d != "1" {
		// Depth: infinity (also what a missing header means) would walk the whole library in one request;
		// RFC 4918 lets a server refuse it, and backup apps list one folder at a time.
		w.Header().Set("Content-Type", "application/xml; charset=utf-8")
		w.WriteHeader(http.StatusForbidden)
		io.WriteString(w, `<?xml version="1.0" encoding="utf-8"?><D:error xmlns:D="DAV:"><D:propfind-finite-depth/></D:error>`)
		return
	}
	wd := &webdav.Handler{Prefix: h.opts.Prefix, FileSystem: h.fs, LockSystem: h.lockSystem(lib),
		Logger: func(r *http.Request, err error) {
			if err != nil && !errors.Is(err, errNotFound) && !errors.Is(err, errReadOnly) {
				h.opts.Logger.Debug("webdav", "method", r.Method, "path", r.URL.Path, "err", err)
			}
		}}
	wd.ServeHTTP(w, r)
}

func (h *Handler) lockSystem(lib string) webdav.LockSystem {
	h.mu.Lock()
	defer h.mu.Unlock()
	ls, ok := h.locks[lib]
	if !ok {
		ls = webdav.NewMemLS()
		h.locks[lib] = ls
	}
	return ls
}

// put ingests the request body: 201 for a new photo, 204 for content the library already had, 415 for a file
// that is not a photo Sajin can read, 413 for one too large. A body that ends before its declared length (or a
// chunked one cut off) is an error and stores nothing.
func (h *Handler) put(w http.ResponseWriter, r *http.Request, lib string) {
	p, ok := h.cleanPath(r.URL.Path)
	if !ok || p == "/" || strings.HasSuffix(r.URL.Path, "/") {
		http.Error(w, "PUT needs a file path", http.StatusMethodNotAllowed)
		return
	}
	if fi, err := h.fs.Stat(r.Context(), p); err == nil && fi.IsDir() {
		http.Error(w, "a folder is there", http.StatusMethodNotAllowed)
		return
	}
	if r.ContentLength > h.opts.MaxBytes {
		http.Error(w, "file too large", http.StatusRequestEntityTooLarge)
		return
	}
	limit := h.opts.MaxBytes
	quota := false
	if h.opts.Quota != nil {
		left, err := h.opts.Quota(r)
		if err != nil {
			h.opts.Logger.Error("webdav quota", "err", err)
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
		if left >= 0 && left < limit {
			limit, quota = left, true
		}
	}
	if quota && (limit <= 0 || r.ContentLength > limit) {
		http.Error(w, "storage quota exceeded", http.StatusInsufficientStorage)
		return
	}
	body := &wholeBody{r: http.MaxBytesReader(w, r.Body, limit), want: r.ContentLength}
	photo, status, err := h.imp.Add(r.Context(), ingest.Source{Library: lib, Name: path.Base(p), Path: SourcePrefix + p,
		ModTime: clientMtime(r), Body: body})
	var maxErr *http.MaxBytesError
	switch {
	case quota && (errors.As(err, &maxErr) || errors.Is(err, blob.ErrTooLarge)):
		http.Error(w, "storage quota exceeded", http.StatusInsufficientStorage)
		return
	case errors.As(err, &maxErr), errors.Is(err, blob.ErrTooLarge):
		http.Error(w, "file too large", http.StatusRequestEntityTooLarge)
		return
	case errors.Is(err, ingest.ErrRejected):
		http.Error(w, err.Error(), http.StatusUnsupportedMediaType)
		return
	case body.err != nil || r.Context().Err() != nil:
		h.opts.Logger.Info("webdav upload interrupted: nothing stored", "path", p, "received", body.n)
		http.Error(w, "upload incomplete", http.StatusBadRequest)
		return
	case err != nil:
		h.opts.Logger.Error("webdav upload", "path", p, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("ETag", `"`+photo.SHA256+`"`)
	if status == ingest.Imported {
		w.WriteHeader(http.StatusCreated)
		return
	}
	// Content the library had: make it appear at this path too, unless another upload already placed it.
	if !strings.HasPrefix(photo.SourcePath, SourcePrefix) {
		if err := h.cat.SetSource(r.Context(), lib, photo.ID, photo.FileName, SourcePrefix+p); err != nil {
			h.opts.Logger.Warn("webdav: remember path of a duplicate", "path", p, "err", err)
		}
	} else {
		h.fs.alias(lib, p, photo)
	}
	w.WriteHeader(http.StatusNoContent)
}

// cleanPath strips the prefix and cleans a request path; ok=false for a path outside the prefix.
func (h *Handler) cleanPath(urlPath string) (string, bool) {
	rest, ok := strings.CutPrefix(urlPath, h.opts.Prefix)
	if !ok || (rest != "" && rest[0] != '/') {
		return "", false
	}
	return path.Clean("/" + rest), true
}

// clientMtime is the file's modification time as sync clients send it (X-OC-Mtime, Unix seconds), the last
// fallback for a photo's date; zero when absent.
func clientMtime(r *http.Request) time.Time {
	if s := r.Header.Get("X-OC-Mtime"); s != "" {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil && n > 0 {
			return time.Unix(n, 0)
		}
	}
	return time.Time{}
}

// wholeBody reads a request body and fails at its end unless it had its declared length, so that a body cut
// short is never taken for a whole file.
type wholeBody struct {
	r    io.Reader
	want int64 // -1: unknown (chunked: the server's reader already fails on a cut-off stream)
	n    int64
	err  error
}

func (b *wholeBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	b.n += int64(n)
	if err == io.EOF && b.want >= 0 && b.n != b.want {
		err = fmt.Errorf("body ended after %d of %d bytes: %w", b.n, b.want, io.ErrUnexpectedEOF)
	}
	if err != nil && err != io.EOF {
		b.err = err
	}
	return n, err
}
