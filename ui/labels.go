package ui

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
)

// addLabel adds a user's label to a photo: body {"label": "강아지"}; answers the updated record.
func (s *Server) addLabel(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Label string `json:"label"`
	}
	if err := json.NewDecoder(io.LimitReader(r.Body, 4096)).Decode(&body); err != nil {
		writeError(w, s.opts.Logger, fmt.Errorf("%w: body must be {\"label\": \"...\"}", errBadRequest))
		return
	}
	s.setLabel(w, r, body.Label, true)
}

// removeLabel removes a label from a photo; it stays removed when the photo is tagged again.
func (s *Server) removeLabel(w http.ResponseWriter, r *http.Request) {
	s.setLabel(w, r, r.PathValue("key"), false)
}

func (s *Server) setLabel(w http.ResponseWriter, r *http.Request, key string, add bool) {
	id := r.PathValue("id")
	if err := s.deps.Importer.SetLabel(r.Context(), library(r), id, key, add); err != nil {
		writeError(w, s.opts.Logger, err)
		return
	}
	p, err := s.deps.Catalog.Get(r.Context(), library(r), id)
	if err != nil {
		writeError(w, s.opts.Logger, err)
		return
	}
	s.writeRecord(w, r, http.StatusOK, p)
}
