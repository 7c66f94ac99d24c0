// Package resumable is Sajin's resumable upload API for large files over flaky connections: the core of the tus
// protocol 1.0.0 with its creation, termination and expiration extensions, so that tus clients work unchanged
// and a phone that loses its connection sends only what did not arrive.
//
//	POST   {prefix}       Upload-Length: N, Upload-Metadata: filename <base64>,lastModified <base64 ms>
//	                      -> 201, Location: {prefix}/{id}
//	HEAD   {prefix}/{id}  -> Upload-Offset: bytes received so far, Upload-Length
//	PATCH  {prefix}/{id}  Upload-Offset: k, Content-Type: application/offset+octet-stream, bytes from k
//	                      -> 204, Upload-Offset: new offset; the last one ingests the file and adds
//	                         Sajin-Status (imported | duplicate) and Sajin-Photo (the photo's id)
//	DELETE {prefix}/{id}  -> 204, the upload and its bytes are gone
//
// Partial uploads are files in Options.Dir, so they survive a restart of the server. Limits: one upload at most
// MaxBytes, all pending uploads together at most MaxTotalBytes (a creation beyond it is 413), at most
// MaxPerLibrary pending per library, and an upload untouched for Expiry is deleted. An upload belongs to the
// library that created it: any other library gets 404 for it.
package resumable

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"sajin/ingest"
	"sajin/ingest/catalog"
)

// TusVersion is the protocol version served.
const TusVersion = "1.0.0"

// Importer takes a complete file into the library.
type Importer interface {
	Add(ctx context.Context, src ingest.Source) (*catalog.Photo, ingest.Status, error)
}

// Options configures a Handler; zero values are sensible defaults, except Dir, which is required.
type Options struct {
	Dir           string        // where partial uploads are kept (not the blob store's tmp/, which is emptied at start)
	Prefix        string        // URL path of the collection, default "/api/uploads"
	MaxBytes      int64         // largest upload; default ingest.DefaultMaxBytes
	MaxTotalBytes int64         // all pending uploads together; default 8 GiB
	MaxPerLibrary int           // pending uploads per library; default 64
	Expiry        time.Duration // an upload untouched this long is deleted; default 24 h
	Logger        *slog.Logger
	Now           func() time.Time
	// Quota returns how many more bytes the request's user may store (-1: no limit); nil: no quota. An upload
	// beyond it is refused at creation and again at completion (other uploads may have used the room meanwhile).
	Quota func(r *http.Request) (left int64, err error)
}

// Handler serves the upload API.
type Handler struct {
	imp     Importer
	library func(*http.Request) (string, bool)
	opts    Options
	mu      sync.Mutex
	uploads map[string]*upload
}

// upload is one upload's state; its meta is kept beside the bytes as JSON.
type upload struct {
	ID       string    `json:"id"`
	Library  string    `json:"library"`
	Length   int64     `json:"length"`
	Name     string    `json:"name"`
	ModTime  time.Time `json:"mod_time"`
	Touched  time.Time `json:"touched"`
	offset   int64
	busy     bool
	finished bool
}

// New returns the handler, loading the uploads a previous run left in opts.Dir and deleting expired ones.
// library finds the library of the request's user; ok=false answers 401.
func New(imp Importer, library func(*http.Request) (string, bool), opts Options) (*Handler, error) {
	if opts.Dir == "" {
		return nil, errors.New("resumable: no folder for uploads")
	}
	if opts.Prefix == "" {
		opts.Prefix = "/api/uploads"
	}
	opts.Prefix = strings.TrimSuffix(opts.Prefix, "/")
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = ingest.DefaultMaxBytes
	}
	if opts.MaxTotalBytes <= 0 {
		opts.MaxTotalBytes = 8 << 30
	}
	if opts.MaxPerLibrary <= 0 {
		opts.MaxPerLibrary = 64
	}
	if opts.Expiry <= 0 {
		opts.Expiry = 24 * time.Hour
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if err := os.MkdirAll(opts.Dir, 0o700); err != nil {
		return nil, fmt.Errorf("resumable: %w", err)
	}
	h := &Handler{imp: imp, library: library, opts: opts, uploads: map[string]*upload{}}
	if err := h.load(); err != nil {
		return nil, err
	}
	h.mu.Lock()
	h.expire()
	h.mu.Unlock()
	return h, nil
}

// load reads the uploads on disk; a part without readable meta (a crash between the two files) is deleted.
func (h *Handler) load() error {
	entries, err := os.ReadDir(h.opts.Dir)
	if err != nil {
		return fmt.Errorf("resumable: %w", err)
	}
	for _, e := range entries {
		id, ok := strings.CutSuffix(e.Name(), ".part")
		if !ok {
			continue
		}
		u, err := h.readMeta(id)
		st, serr := os.Stat(h.partPath(id))
		if err != nil || serr != nil || st.Size() > u.Length {
			h.opts.Logger.Warn("resumable: dropping a damaged upload", "upload", id, "err", errors.Join(err, serr))
			h.removeFiles(id)
			continue
		}
		u.offset = st.Size()
		h.uploads[id] = u
	}
	return nil
}

func (h *Handler) readMeta(id string) (*upload, error) {
	b, err := os.ReadFile(h.metaPath(id))
	if err != nil {
		return nil, err
	}
	var u upload
	if err := json.Unmarshal(b, &u); err != nil {
		return nil, err
	}
	if u.ID != id {
		return nil, errors.New("meta names another upload")
	}
	return &u, nil
}

func (h *Handler) partPath(id string) string { return filepath.Join(h.opts.Dir, id+".part") }
func (h *Handler) metaPath(id string) string { return filepath.Join(h.opts.Dir, id+".json") }

func (h *Handler) removeFiles(id string) {
	os.Remove(h.partPath(id))
	os.Remove(h.metaPath(id))
}

// expire deletes uploads untouched for longer than Expiry. h.mu is held.
func (h *Handler) expire() {
	cutoff := h.opts.Now().Add(-h.opts.Expiry)
	for id, u := range h.uploads {
		if !u.busy && u.Touched.Before(cutoff) {
			h.removeFiles(id)
			delete(h.uploads, id)
		}
	}
}

// ServeHTTP routes one request of the protocol.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Tus-Resumable", TusVersion)
	w.Header().Set("Cache-Control", "no-store")
	rest, ok := strings.CutPrefix(r.URL.Path, h.opts.Prefix)
	if !ok {
		http.NotFound(w, r)
		return
	}
	id := strings.Trim(rest, "/")
	if r.Method == http.MethodOptions {
		w.Header().Set("Tus-Version", TusVersion)
		w.Header().Set("Tus-Extension", "creation,termination,expiration")
		w.Header().Set("Tus-Max-Size", strconv.FormatInt(h.opts.MaxBytes, 10))
		w.WriteHeader(http.StatusNoContent)
		return
	}
	lib, ok := h.library(r)
	if !ok {
		fail(w, http.StatusUnauthorized, "unauthorized", "log in first")
		return
	}
	if v := r.Header.Get("Tus-Resumable"); v != TusVersion {
		w.Header().Set("Tus-Version", TusVersion)
		fail(w, http.StatusPreconditionFailed, "bad_request", "send Tus-Resumable: "+TusVersion)
		return
	}
	switch {
	case id == "" && r.Method == http.MethodPost:
		h.create(w, r, lib)
	case id != "" && !strings.Contains(id, "/") && r.Method == http.MethodHead:
		h.head(w, lib, id)
	case id != "" && !strings.Contains(id, "/") && r.Method == http.MethodPatch:
		h.patch(w, r, lib, id)
	case id != "" && !strings.Contains(id, "/") && r.Method == http.MethodDelete:
		h.delete(w, lib, id)
	default:
		fail(w, http.StatusMethodNotAllowed, "bad_request", "method not allowed here")
	}
}

// create starts an upload of a declared length.
func (h *Handler) create(w http.ResponseWriter, r *http.Request, lib string) {
	length, err := strconv.ParseInt(r.Header.Get("Upload-Length"), 10, 64)
	if err != nil || length <= 0 {
		fail(w, http.StatusBadRequest, "bad_request", "Upload-Length must be a positive number of bytes (deferred lengths are not supported)")
		return
	}
	if length > h.opts.MaxBytes {
		fail(w, http.StatusRequestEntityTooLarge, "too_large", fmt.Sprintf("at most %d bytes", h.opts.MaxBytes))
		return
	}
	if !h.withinQuota(w, r, length) {
		return
	}
	meta := parseMetadata(r.Header.Get("Upload-Metadata"))
	now := h.opts.Now()
	u := &upload{ID: newID(), Library: lib, Length: length, Name: safeName(meta["filename"]), Touched: now}
	if ms, err := strconv.ParseInt(meta["lastModified"], 10, 64); err == nil && ms > 0 {
		u.ModTime = time.UnixMilli(ms)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.expire()
	var total int64
	mine := 0
	for _, o := range h.uploads {
		total += o.Length
		if o.Library == lib {
			mine++
		}
	}
	if total+length > h.opts.MaxTotalBytes {
		fail(w, http.StatusRequestEntityTooLarge, "too_large", "too many bytes are being uploaded: try again later")
		return
	}
	if mine >= h.opts.MaxPerLibrary {
		fail(w, http.StatusTooManyRequests, "too_many", "finish or delete some uploads first")
		return
	}
	if err := h.writeNew(u); err != nil {
		h.opts.Logger.Error("resumable: create", "err", err)
		fail(w, http.StatusInternalServerError, "internal", "internal error; the server log has the details")
		return
	}
	h.uploads[u.ID] = u
	w.Header().Set("Location", h.opts.Prefix+"/"+u.ID)
	w.Header().Set("Upload-Expires", u.Touched.Add(h.opts.Expiry).UTC().Format(http.TimeFormat))
	w.WriteHeader(http.StatusCreated)
}

func (h *Handler) writeNew(u *upload) error {
	b, err := json.Marshal(u)
	if err != nil {
		return err
	}
	if err := os.WriteFile(h.metaPath(u.ID), b, 0o600); err != nil {
		return err
	}
	f, err := os.OpenFile(h.partPath(u.ID), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		os.Remove(h.metaPath(u.ID))
		return err
	}
	return f.Close()
}

// get returns the library's upload; another library's is not found.
func (h *Handler) get(lib, id string) (*upload, bool) {
	u, ok := h.uploads[id]
	return u, ok && u.Library == lib
}

func (h *Handler) head(w http.ResponseWriter, lib, id string) {
	h.mu.Lock()
	u, ok := h.get(lib, id)
	var offset, length int64
	if ok {
		offset, length = u.offset, u.Length
	}
	h.mu.Unlock()
	if !ok {
		w.WriteHeader(http.StatusNotFound)
		return
	}
	w.Header().Set("Upload-Offset", strconv.FormatInt(offset, 10))
	w.Header().Set("Upload-Length", strconv.FormatInt(length, 10))
	w.WriteHeader(http.StatusOK)
}

func (h *Handler) delete(w http.ResponseWriter, lib, id string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	u, ok := h.get(lib, id)
	if !ok {
		fail(w, http.StatusNotFound, "not_found", "no such upload")
		return
	}
	if u.busy {
		fail(w, http.StatusConflict, "busy", "the upload is receiving data")
		return
	}
	h.removeFiles(id)
	delete(h.uploads, id)
	w.WriteHeader(http.StatusNoContent)
}

// withinQuota answers 413 (and false) when length bytes are more than the user may still store.
func (h *Handler) withinQuota(w http.ResponseWriter, r *http.Request, length int64) bool {
	if h.opts.Quota == nil {
		return true
	}
	left, err := h.opts.Quota(r)
	if err != nil {
		h.opts.Logger.Error("resumable: quota", "err", err)
		fail(w, http.StatusInternalServerError, "internal", "internal error; the server log has the details")
		return false
	}
	if left >= 0 && length > left {
		fail(w, http.StatusRequestEntityTooLarge, "quota", fmt.Sprintf("storage quota exceeded: %d bytes left", left))
		return false
	}
	return true
}

func parseMetadata(s string) map[string]string {
	out := map[string]string{}
	for pair := range strings.SplitSeq(s, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(pair), " ")
		if b, err := base64.StdEncoding.DecodeString(v); err == nil && k != "" {
			out[k] = string(b)
		}
	}
	return out
}

// safeName keeps the base name of what a client calls its file.
func safeName(s string) string {
	s = s[strings.LastIndexAny(s, `/\`)+1:]
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s)
	if len(s) > 255 {
		s = strings.ToValidUTF8(s[:255], "")
	}
	if s == "" {
		return "upload"
	}
	return s
}

// newID is 128 random bits: an upload's id is its only name, so it must not be guessable.
func newID() string {
	b := make([]byte, 16)
	rand.Read(b)
	sum := sha256.Sum256(b) // never the raw bytes of the generator in a URL
	return hex.EncodeToString(sum[:16])
}

func fail(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"error": map[string]string{"code": code, "message": msg}})
}
