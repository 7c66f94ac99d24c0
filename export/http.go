package export

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"sajin/ingest/catalog"
)

// MaxIDs is the most photos one selected-ids download may name.
const MaxIDs = 10000

// Handler serves a library as a zip download, streamed as it is written: GET (or POST with a form) with ids=a,b,c
// (repeatable) for selected photos, or without ids for everything. library finds the library of the request's
// user; ok=false answers 401. A failure after the download started aborts the connection, so the client sees a
// broken download rather than a zip that looks complete.
func Handler(x *Exporter, library func(*http.Request) (string, bool)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lib, ok := library(r)
		if !ok {
			httpError(w, http.StatusUnauthorized, "unauthorized", "log in first")
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
		if err := r.ParseForm(); err != nil {
			httpError(w, http.StatusBadRequest, "bad_request", "bad form")
			return
		}
		var ids []string
		for _, v := range r.Form["ids"] {
			for id := range strings.SplitSeq(v, ",") {
				if id = strings.TrimSpace(id); id != "" {
					ids = append(ids, id)
				}
			}
		}
		if len(ids) > MaxIDs {
			httpError(w, http.StatusBadRequest, "bad_request", fmt.Sprintf("at most %d ids", MaxIDs))
			return
		}
		for _, id := range ids { // before the first byte, so that a wrong id is a clean 404
			if _, err := x.Records.Catalog.Get(r.Context(), lib, id); errors.Is(err, catalog.ErrNotFound) {
				httpError(w, http.StatusNotFound, "not_found", "no photo "+id)
				return
			} else if err != nil {
				x.logger().Error("export", "err", err)
				httpError(w, http.StatusInternalServerError, "internal", "internal error; the server log has the details")
				return
			}
		}
		name := "sajin-export-" + x.now().Format("20060102-150405")
		w.Header().Set("Content-Type", "application/zip")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.zip"`)
		w.Header().Set("Cache-Control", "no-store")
		z := NewZip(w, name)
		_, err := x.Export(r.Context(), lib, ids, z)
		if err == nil {
			err = z.Close()
		}
		if err != nil {
			if r.Context().Err() == nil {
				x.logger().Error("export download failed", "library", lib, "err", err)
			}
			panic(http.ErrAbortHandler)
		}
	})
}

func httpError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	fmt.Fprintf(w, `{"error":{"code":%q,"message":%q}}`+"\n", code, msg)
}
