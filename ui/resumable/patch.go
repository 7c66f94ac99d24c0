package resumable

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"

	"sajin/ingest"
)

// patch appends the request body at the upload's offset. Whatever arrives is kept, also when the connection
// breaks, so that the client resumes from the offset HEAD reports. The request that completes the upload ingests
// it (a PATCH at the full offset with no body retries an ingest that failed for want of the client).
func (h *Handler) patch(w http.ResponseWriter, r *http.Request, lib, id string) {
	if r.Header.Get("Content-Type") != "application/offset+octet-stream" {
		fail(w, http.StatusUnsupportedMediaType, "bad_request", "Content-Type must be application/offset+octet-stream")
		return
	}
	offset, err := strconv.ParseInt(r.Header.Get("Upload-Offset"), 10, 64)
	if err != nil || offset < 0 {
		fail(w, http.StatusBadRequest, "bad_request", "Upload-Offset must be a number of bytes")
		return
	}
	u, status, msg := h.claim(lib, id, offset)
	if status != 0 {
		fail(w, status, "conflict", msg)
		return
	}
	defer h.release(u)
	n, werr := h.appendBody(u, r.Body, offset)
	h.mu.Lock()
	u.offset += n
	u.Touched = h.opts.Now()
	done := u.offset == u.Length
	h.mu.Unlock()
	w.Header().Set("Upload-Offset", strconv.FormatInt(offset+n, 10))
	if werr != nil {
		if errors.Is(werr, errTooLong) {
			fail(w, http.StatusRequestEntityTooLarge, "too_large", werr.Error())
			return
		}
		h.opts.Logger.Info("resumable: upload interrupted", "upload", id, "offset", offset+n, "err", werr)
		fail(w, http.StatusBadRequest, "interrupted", "upload interrupted: resume from Upload-Offset")
		return
	}
	if !done {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	h.finish(w, r, u)
}

// errTooLong is a PATCH carrying more than the upload's declared length.
var errTooLong = errors.New("more bytes than Upload-Length")

// claim marks an upload busy for one PATCH at the given offset; a non-zero status says why it cannot.
func (h *Handler) claim(lib, id string, offset int64) (*upload, int, string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	u, ok := h.get(lib, id)
	switch {
	case !ok:
		return nil, http.StatusNotFound, "no such upload"
	case u.busy:
		return nil, http.StatusConflict, "another request is sending this upload"
	case u.offset != offset:
		return nil, http.StatusConflict, fmt.Sprintf("Upload-Offset is %d, not %d", u.offset, offset)
	}
	u.busy = true
	return u, 0, ""
}

func (h *Handler) release(u *upload) {
	h.mu.Lock()
	defer h.mu.Unlock()
	u.busy = false
	if u.finished {
		delete(h.uploads, u.ID)
		h.removeFiles(u.ID)
	}
}

// appendBody writes the body at offset, at most up to the upload's length, and syncs what it wrote.
func (h *Handler) appendBody(u *upload, body io.Reader, offset int64) (int64, error) {
	f, err := os.OpenFile(h.partPath(u.ID), os.O_WRONLY, 0)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	if _, err := f.Seek(offset, io.SeekStart); err != nil {
		return 0, err
	}
	room := u.Length - offset
	n, err := io.Copy(f, io.LimitReader(body, room))
	if err == nil && n == room {
		var one [1]byte
		if m, _ := body.Read(one[:]); m > 0 {
			err = errTooLong
		}
	}
	if serr := f.Sync(); err == nil {
		err = serr
	}
	if err != nil && !errors.Is(err, errTooLong) {
		// Keep only whole writes: the file's size is the offset a client resumes from.
		if st, serr := f.Stat(); serr == nil {
			n = st.Size() - offset
		}
	}
	return n, err
}

// finish ingests a complete upload: 204 with Sajin-Status and Sajin-Photo, or 422 for a file that is not a photo
// (the upload is deleted either way).
func (h *Handler) finish(w http.ResponseWriter, r *http.Request, u *upload) {
	if !h.withinQuota(w, r, u.Length) {
		h.mu.Lock()
		u.finished = true
		h.mu.Unlock()
		return
	}
	f, err := os.Open(h.partPath(u.ID))
	if err != nil {
		h.opts.Logger.Error("resumable: open complete upload", "upload", u.ID, "err", err)
		fail(w, http.StatusInternalServerError, "internal", "internal error; the server log has the details")
		return
	}
	defer f.Close()
	photo, status, err := h.imp.Add(r.Context(), ingest.Source{Library: u.Library, Name: u.Name, Path: "upload",
		ModTime: u.ModTime, Body: f})
	switch {
	case errors.Is(err, ingest.ErrRejected):
		h.mu.Lock()
		u.finished = true
		h.mu.Unlock()
		fail(w, http.StatusUnprocessableEntity, "rejected", err.Error())
		return
	case err != nil:
		// Kept: a PATCH with no body at the full offset tries again.
		h.opts.Logger.Error("resumable: ingest", "upload", u.ID, "err", err)
		fail(w, http.StatusInternalServerError, "internal", "internal error; the server log has the details")
		return
	}
	h.mu.Lock()
	u.finished = true
	h.mu.Unlock()
	w.Header().Set("Sajin-Status", string(status))
	w.Header().Set("Sajin-Photo", photo.ID)
	w.WriteHeader(http.StatusNoContent)
}
