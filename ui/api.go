package ui

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"sajin/ingest"
	"sajin/ingest/blob"
	"sajin/ingest/catalog"
	"sajin/search"
)

var (
	errInternal   = errors.New("internal error")
	errBadRequest = errors.New("bad request")
)

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
	switch {
	case errors.Is(err, catalog.ErrNotFound), errors.Is(err, blob.ErrBadName), errors.Is(err, catalog.ErrAlbumNotFound):
		status, code = http.StatusNotFound, "not_found"
	case errors.As(err, &maxErr), errors.Is(err, blob.ErrTooLarge):
		status, code = http.StatusRequestEntityTooLarge, "too_large"
	case errors.Is(err, ingest.ErrRejected):
		status, code = http.StatusUnprocessableEntity, "rejected"
	case errors.Is(err, errBadRequest), errors.Is(err, search.ErrQueryTooLong):
		status, code = http.StatusBadRequest, "bad_request"
	}
	msg := err.Error()
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
		photo, status, err := s.deps.Importer.Add(r.Context(), ingest.Source{
			Library: s.opts.Library, Name: filepath.Base(part.FileName()), Path: "upload", ModTime: modTime, Body: part,
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

// uploadErr turns a body that broke off or ran over the limit into the right client error.
func uploadErr(err error) error {
	var maxErr *http.MaxBytesError
	if errors.As(err, &maxErr) || errors.Is(err, ingest.ErrRejected) {
		return err
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(err.Error(), "multipart") {
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
	p, err := s.deps.Catalog.Get(r.Context(), s.opts.Library, r.PathValue("id"))
	if err != nil {
		writeError(w, s.opts.Logger, err)
		return
	}
	s.writeRecord(w, r, http.StatusOK, p)
}

// list answers a page of the library, newest first: {"total", "photos": [records]}.
func (s *Server) list(w http.ResponseWriter, r *http.Request) {
	offset, limit := paging(r)
	photos, err := s.deps.Catalog.List(r.Context(), s.opts.Library, offset, limit)
	if err != nil {
		writeError(w, s.opts.Logger, err)
		return
	}
	total, err := s.deps.Catalog.Count(r.Context(), s.opts.Library)
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
		Library: s.opts.Library, Query: r.URL.Query().Get("q"), Offset: offset, Limit: limit,
		Facets: r.URL.Query().Get("facets") == "1",
	}
	if r.URL.Query().Get("sort") == "date" {
		req.Sort = search.SortDate
	}
	if s.deps.Usage != nil {
		u, err := s.deps.Usage(r.Context(), s.opts.Library)
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
		if p, err := s.deps.Catalog.Get(r.Context(), s.opts.Library, h.ID); err == nil {
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
	p, err := s.deps.Catalog.Get(r.Context(), s.opts.Library, r.PathValue("id"))
	if err != nil {
		writeError(w, s.opts.Logger, err)
		return
	}
	path, err := s.deps.Files.ThumbPath(p.SHA256, r.PathValue("size"))
	if err != nil {
		writeError(w, s.opts.Logger, err)
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Header().Set("Content-Type", "image/jpeg")
	http.ServeFile(w, r, path)
}

// original serves the stored original, as a download named as it was imported.
func (s *Server) original(w http.ResponseWriter, r *http.Request) {
	p, err := s.deps.Catalog.Get(r.Context(), s.opts.Library, r.PathValue("id"))
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
	years, err := s.deps.Catalog.Years(r.Context(), s.opts.Library)
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
	out, err := s.deps.Suggester.Suggest(r.Context(), s.opts.Library, q)
	if err != nil {
		writeError(w, s.opts.Logger, err)
		return
	}
	if out == nil {
		out = []search.Suggestion{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"suggestions": out})
}
