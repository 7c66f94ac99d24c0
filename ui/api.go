package ui

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/textproto"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"sajin/auth"
	"sajin/ingest"
	"sajin/ingest/blob"
	"sajin/ingest/catalog"
	"sajin/search"
)

var (
	errInternal   = errors.New("internal error")
	errBadRequest = errors.New("bad request")
	errForbidden  = errors.New("only an admin may do that")
	errQuota      = errors.New("storage quota exceeded")
	errTooMany    = errors.New("too many uploads at once: slow down")
	errGone       = errors.New("this link has expired or was revoked")
	errPassword   = errors.New("this link needs its password")
)

// retryError asks the client to come back later: 429 with Retry-After.
type retryError struct {
	err   error
	after time.Duration
}

func (e *retryError) Error() string { return e.err.Error() }
func (e *retryError) Unwrap() error { return e.err }

// apiError is the body of every error answer: {"error": {"code": "...", "message": "..."}}.
type apiError struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// writeError is the one place errors become HTTP statuses.
func writeError(w http.ResponseWriter, log *slog.Logger, err error) {
	status, code := http.StatusInternalServerError, "internal"
	var maxErr *http.MaxBytesError
	var thr *auth.ThrottledError
	var retry *retryError
	switch {
	case errors.As(err, &thr):
		w.Header().Set("Retry-After", strconv.Itoa(int(thr.RetryAfter.Seconds()+0.999)))
		status, code = http.StatusTooManyRequests, "throttled"
	case errors.As(err, &retry):
		w.Header().Set("Retry-After", strconv.Itoa(int(retry.after.Seconds()+0.999)))
		status, code = http.StatusTooManyRequests, "rate_limited"
	case errors.Is(err, catalog.ErrNotFound), errors.Is(err, blob.ErrBadName), errors.Is(err, catalog.ErrAlbumNotFound),
		errors.Is(err, catalog.ErrUserNotFound), errors.Is(err, catalog.ErrTokenNotFound), errors.Is(err, catalog.ErrShareNotFound):
		status, code = http.StatusNotFound, "not_found"
	case errors.Is(err, errGone):
		status, code = http.StatusGone, "gone"
	case errors.Is(err, auth.ErrBadCredentials):
		status, code = http.StatusUnauthorized, "bad_credentials"
	case errors.Is(err, errPassword):
		status, code = http.StatusUnauthorized, "password_required"
	case errors.Is(err, errForbidden):
		status, code = http.StatusForbidden, "forbidden"
	case errors.Is(err, catalog.ErrUserExists), errors.Is(err, auth.ErrLastAdmin):
		status, code = http.StatusConflict, "conflict"
	case errors.Is(err, auth.ErrBadName), errors.Is(err, auth.ErrWeakPassword):
		status, code = http.StatusBadRequest, "bad_request"
	case errors.Is(err, errQuota):
		status, code = http.StatusInsufficientStorage, "quota_exceeded"
	case errors.Is(err, syscall.ENOSPC), strings.Contains(err.Error(), "database or disk is full"):
		// The disk is full: say so, rather than "internal error" (nothing stored was lost: see docs/hostile.md).
		status, code = http.StatusInsufficientStorage, "disk_full"
	case errors.As(err, &maxErr), errors.Is(err, blob.ErrTooLarge):
		status, code = http.StatusRequestEntityTooLarge, "too_large"
	case errors.Is(err, ingest.ErrRejected):
		status, code = http.StatusUnprocessableEntity, "rejected"
	case errors.Is(err, errBadRequest), errors.Is(err, search.ErrQueryTooLong):
		status, code = http.StatusBadRequest, "bad_request"
	}
	msg := err.Error()
	if code == "disk_full" {
		log.Error("disk full", "err", err)
		msg = "the server's disk is full: free some space, then send the file again"
	}
	if status == http.StatusInternalServerError {
		log.Error("request failed", "err", err)
		msg = "internal error; the server log has the details"
	}
	var body apiError
	body.Error.Code, body.Error.Message = code, msg
	writeJSON(w, status, body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// upload takes one photo from the multipart field "file", streaming it to the pipeline without buffering it
// in memory: 201 with its record, 200 with the existing record for a duplicate, 422 with the reason for a file
// that is not a usable photo, 413 for one over the size limit.
func (s *Server) upload(w http.ResponseWriter, r *http.Request) {
	id, _ := auth.IdentityFrom(r.Context())
	if ok, wait := s.uploads.Allow(id.User.Library, time.Now()); !ok {
		writeError(w, s.opts.Logger, &retryError{err: errTooMany, after: wait})
		return
	}
	left, err := s.quotaLeft(r, id.User)
	if err != nil {
		writeError(w, s.opts.Logger, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, s.opts.MaxUploadBytes)
	mr, err := r.MultipartReader()
	if err != nil {
		writeError(w, s.opts.Logger, fmt.Errorf("%w: expected multipart/form-data with a field \"file\"", errBadRequest))
		return
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			writeError(w, s.opts.Logger, fmt.Errorf("%w: no field \"file\" in the form", errBadRequest))
			return
		}
		if err != nil {
			writeError(w, s.opts.Logger, uploadErr(err))
			return
		}
		if part.FormName() != "file" {
			part.Close()
			continue
		}
		modTime := time.Now()
		if ms, err := strconv.ParseInt(r.URL.Query().Get("mtime"), 10, 64); err == nil && ms > 0 {
			modTime = time.UnixMilli(ms) // the browser's File.lastModified, a better fallback than now
		}
		var body io.Reader = part
		if left >= 0 {
			body = &quotaReader{r: part, left: left}
		}
		photo, status, err := s.deps.Importer.Add(r.Context(), ingest.Source{
			Library: library(r), Name: filepath.Base(part.FileName()), Path: "upload", ModTime: modTime, Body: body,
		})
		part.Close()
		if err != nil {
			writeError(w, s.opts.Logger, uploadErr(err))
			return
		}
		code := http.StatusCreated
		if status == ingest.Duplicate {
			code = http.StatusOK
		}
		s.writeRecord(w, r, code, photo)
		return
	}
}

// quotaLeft is how many more bytes of originals u may store (-1: no quota). A library already at its quota, or
// an upload plainly larger than what is left, is refused before anything is read.
func (s *Server) quotaLeft(r *http.Request, u catalog.User) (int64, error) {
	if u.QuotaBytes <= 0 || s.deps.Storage == nil {
		return -1, nil
	}
	used, err := s.deps.Storage.LibraryBytes(r.Context(), u.Library)
	if err != nil {
		return 0, err
	}
	left := u.QuotaBytes - used
	if left <= 0 || r.ContentLength > left+64<<10 { // 64 KiB: room for the multipart framing
		return 0, fmt.Errorf("%w: %d of %d bytes used", errQuota, used, u.QuotaBytes)
	}
	return left, nil
}

// QuotaLeft is how many more bytes of originals the request's user may store (-1: no quota), in the form the
// handlers mounted beside the API take as their Options.Quota (ui/dav, ui/resumable). The request must have
// passed through Auth.Require or Auth.RequireBasic.
func (s *Server) QuotaLeft(r *http.Request) (int64, error) {
	id, _ := auth.IdentityFrom(r.Context())
	if id.User.QuotaBytes <= 0 || s.deps.Storage == nil {
		return -1, nil
	}
	used, err := s.deps.Storage.LibraryBytes(r.Context(), id.User.Library)
	if err != nil {
		return 0, err
	}
	return max(0, id.User.QuotaBytes-used), nil
}

// quotaReader fails with errQuota once more than left bytes of the file have been read, so the pipeline drops
// the spooled file.
type quotaReader struct {
	r    io.Reader
	left int64
}

func (q *quotaReader) Read(p []byte) (int, error) {
	n, err := q.r.Read(p)
	q.left -= int64(n)
	if q.left < 0 {
		return n, errQuota
	}
	return n, err
}

// uploadErr turns a body that broke off or ran over the limit into the right client error.
func uploadErr(err error) error {
	var maxErr *http.MaxBytesError
	if errors.As(err, &maxErr) || errors.Is(err, ingest.ErrRejected) || errors.Is(err, errQuota) {
		return err
	}
	var pe textproto.ProtocolError
	if errors.As(err, &pe) || errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(err.Error(), "multipart") {
		return fmt.Errorf("%w: upload incomplete: %v", errBadRequest, err)
	}
	return err
}

func (s *Server) record(r *http.Request, p *catalog.Photo) (ingest.Record, error) {
	thumbs := map[string]string{}
	for _, spec := range s.thumbSpecs() {
		thumbs[spec] = "/api/photos/" + p.ID + "/thumb/" + spec
	}
	return s.deps.Records.Record(r.Context(), p, thumbs)
}

// writeRecord answers with a photo's record.
func (s *Server) writeRecord(w http.ResponseWriter, r *http.Request, status int, p *catalog.Photo) {
	rec, err := s.record(r, p)
	if err != nil {
		writeError(w, s.opts.Logger, err)
		return
	}
	writeJSON(w, status, rec)
}

func (s *Server) thumbSpecs() []string {
	if len(s.opts.ThumbSpecs) > 0 {
		return s.opts.ThumbSpecs
	}
	return []string{"tile", "fit720", "fit2048"}
}

func (s *Server) photo(w http.ResponseWriter, r *http.Request) {
	p, err := s.deps.Catalog.Get(r.Context(), library(r), r.PathValue("id"))
	if err != nil {
		writeError(w, s.opts.Logger, err)
		return
	}
	s.writeRecord(w, r, http.StatusOK, p)
}

// list answers a page of the library, newest first: {"total", "photos": [records]}.
func (s *Server) list(w http.ResponseWriter, r *http.Request) {
	offset, limit := paging(r)
	photos, err := s.deps.Catalog.List(r.Context(), library(r), offset, limit)
	if err != nil {
		writeError(w, s.opts.Logger, err)
		return
	}
	total, err := s.deps.Catalog.Count(r.Context(), library(r))
	if err != nil {
		writeError(w, s.opts.Logger, err)
		return
	}
	out := struct {
		Total  int             `json:"total"`
		Photos []ingest.Record `json:"photos"`
	}{Total: total, Photos: []ingest.Record{}}
	for _, p := range photos {
		rec, err := s.record(r, p)
		if err != nil {
			writeError(w, s.opts.Logger, err)
			return
		}
		out.Photos = append(out.Photos, rec)
	}
	writeJSON(w, http.StatusOK, out)
}

func paging(r *http.Request) (offset, limit int) {
	limit = 100
	if n, err := strconv.Atoi(r.URL.Query().Get("limit")); err == nil && n > 0 {
		limit = min(n, 1000)
	}
	if n, err := strconv.Atoi(r.URL.Query().Get("offset")); err == nil && n > 0 {
		offset = n
	}
	if n, err := strconv.Atoi(r.URL.Query().Get("page")); err == nil && n > 1 {
		offset = (n - 1) * limit
	}
	return offset, limit
}

// search answers {"total", "results": [{"id","taken_at","file_name","why","thumb"}]}, newest first.
func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	offset, limit := paging(r)
	if r.URL.Query().Get("limit") == "" {
		limit = 50
	}
	req := search.Request{
		Library: library(r), Query: r.URL.Query().Get("q"), Offset: offset, Limit: limit,
		Facets: r.URL.Query().Get("facets") == "1",
	}
	if r.URL.Query().Get("sort") == "date" {
		req.Sort = search.SortDate
	}
	if s.deps.Usage != nil {
		u, err := s.deps.Usage(r.Context(), library(r))
		if err != nil {
			writeError(w, s.opts.Logger, err)
			return
		}
		req.Usage = u
	}
	res, err := s.deps.Searcher.Search(r.Context(), req)
	if err != nil {
		writeError(w, s.opts.Logger, err)
		return
	}
	type result struct {
		ID       string   `json:"id"`
		TakenAt  string   `json:"taken_at"`
		FileName string   `json:"file_name"`
		Why      []string `json:"why"`
		Thumb    string   `json:"thumb"`
	}
	out := struct {
		Total   int            `json:"total"`
		Results []result       `json:"results"`
		Facets  *search.Facets `json:"facets,omitempty"`
		Parsed  search.Parsed  `json:"parsed"` // how the query was understood (dates, words, filters, typos)
	}{Total: res.Total, Results: []result{}, Facets: res.Facets, Parsed: res.Parsed}
	for _, h := range res.Hits {
		item := result{ID: h.ID, Why: h.Why, Thumb: "/api/photos/" + h.ID + "/thumb/tile"}
		if p, err := s.deps.Catalog.Get(r.Context(), library(r), h.ID); err == nil {
			item.FileName = p.FileName
			if t, off, ok := p.Taken(); ok {
				item.TakenAt = ingest.FormatTaken(t, off)
			}
		}
		out.Results = append(out.Results, item)
	}
	writeJSON(w, http.StatusOK, out)
}

// thumb serves a thumbnail file. Thumbnails are named by content hash and version, so they never change:
// clients may cache them for a year.
func (s *Server) thumb(w http.ResponseWriter, r *http.Request) {
	p, err := s.deps.Catalog.Get(r.Context(), library(r), r.PathValue("id"))
	if err != nil {
		writeError(w, s.opts.Logger, err)
		return
	}
	path, err := s.deps.Files.ThumbPath(p.SHA256, r.PathValue("size"))
	if err != nil {
		writeError(w, s.opts.Logger, err)
		return
	}
	w.Header().Set("Cache-Control", "private, max-age=31536000, immutable") // private: a shared cache must not hand it to another user
	w.Header().Set("Content-Type", "image/jpeg")
	http.ServeFile(w, r, path)
}

// original serves the stored original, as a download named as it was imported.
func (s *Server) original(w http.ResponseWriter, r *http.Request) {
	p, err := s.deps.Catalog.Get(r.Context(), library(r), r.PathValue("id"))
	if err != nil {
		writeError(w, s.opts.Logger, err)
		return
	}
	path, err := s.deps.Files.OriginalPath(p.SHA256, p.Ext)
	if err != nil {
		writeError(w, s.opts.Logger, err)
		return
	}
	w.Header().Set("Content-Type", p.MIME)
	w.Header().Set("Cache-Control", "private, max-age=31536000, immutable")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": p.FileName}))
	http.ServeFile(w, r, path)
}

// timeline answers {"years": [{"year", "count", "offset"}]} newest first (year 0: date unknown, last); offset is
// where the year starts in GET /api/photos's order, so a scrubber jumps with one request.
func (s *Server) timeline(w http.ResponseWriter, r *http.Request) {
	years, err := s.deps.Catalog.Years(r.Context(), library(r))
	if err != nil {
		writeError(w, s.opts.Logger, err)
		return
	}
	type year struct {
		Year   int `json:"year"`
		Count  int `json:"count"`
		Offset int `json:"offset"`
	}
	out := []year{}
	offset := 0
	for _, y := range years {
		out = append(out, year{Year: y.Year, Count: y.Count, Offset: offset})
		offset += y.Count
	}
	writeJSON(w, http.StatusOK, map[string]any{"years": out})
}

// suggest answers {"suggestions": [{"text", "kind", "label", "score"}]} for what the user is typing (q).
func (s *Server) suggest(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query().Get("q")
	if len(q) > 200 {
		writeError(w, s.opts.Logger, fmt.Errorf("%w: q too long", errBadRequest))
		return
	}
	out, err := s.deps.Suggester.Suggest(r.Context(), library(r), q)
	if err != nil {
		writeError(w, s.opts.Logger, err)
		return
	}
	if out == nil {
		out = []search.Suggestion{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"suggestions": out})
}
