package ui

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	"sajin/ingest/catalog"
)

// event records what the user did, so that ranking and suggestions learn what they care about:
// body {"kind": "open|search|click|share|favourite|album_add|label|person", "photo_id", "query", "rank", "key"};
// answers 204.
func (s *Server) event(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Kind    string `json:"kind"`
		PhotoID string `json:"photo_id"`
		Query   string `json:"query"`
		Rank    int    `json:"rank"`
		Key     string `json:"key"`
	}
	if err := json.NewDecoder(io.LimitReader(r.Body, 8192)).Decode(&body); err != nil || !catalog.ValidEvent(body.Kind) {
		writeError(w, s.opts.Logger, fmt.Errorf("%w: body must be {\"kind\": one of open, search, click, share, favourite, album_add, label, person, ...}", errBadRequest))
		return
	}
	if body.PhotoID != "" {
		if _, err := s.deps.Catalog.Get(r.Context(), library(r), body.PhotoID); err != nil {
			writeError(w, s.opts.Logger, err)
			return
		}
	}
	if len(body.Query) > 500 || len(body.Key) > 100 {
		writeError(w, s.opts.Logger, fmt.Errorf("%w: query or key too long", errBadRequest))
		return
	}
	err := s.deps.Catalog.RecordEvent(r.Context(), library(r), catalog.Event{
		Kind: body.Kind, PhotoID: body.PhotoID, Query: body.Query, Rank: body.Rank, Key: body.Key,
	})
	if err != nil {
		writeError(w, s.opts.Logger, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
