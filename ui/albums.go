package ui

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"sajin/ingest/catalog"
)

// albums answers {"albums": [album without its photo list]}: every album, Sajin's and the user's.
func (s *Server) albums(w http.ResponseWriter, r *http.Request) {
	all, err := s.deps.Albums.All(r.Context(), library(r))
	if err != nil {
		writeError(w, s.opts.Logger, err)
		return
	}
	kind := r.URL.Query().Get("kind")
	out := []Album{}
	for _, a := range all {
		if kind != "" && a.Kind != kind {
			continue
		}
		if r.URL.Query().Get("photos") != "1" {
			a.Photos = []string{}
		}
		out = append(out, a)
	}
	writeJSON(w, http.StatusOK, map[string]any{"albums": out})
}

// album answers one album with its photo ids.
func (s *Server) album(w http.ResponseWriter, r *http.Request) {
	all, err := s.deps.Albums.All(r.Context(), library(r))
	if err != nil {
		writeError(w, s.opts.Logger, err)
		return
	}
	for _, a := range all {
		if a.ID == r.PathValue("id") {
			writeJSON(w, http.StatusOK, a)
			return
		}
	}
	writeError(w, s.opts.Logger, fmt.Errorf("%w: %s", catalog.ErrAlbumNotFound, r.PathValue("id")))
}

// createAlbum makes a manual album: body {"title": "...", "photos": [ids]} (photos optional); 201 with it.
func (s *Server) createAlbum(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Title  string   `json:"title"`
		Photos []string `json:"photos"`
	}
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&body); err != nil ||
		strings.TrimSpace(body.Title) == "" || len(body.Title) > 200 {
		writeError(w, s.opts.Logger, fmt.Errorf("%w: body must be {\"title\": \"1 to 200 characters\", \"photos\": [...]}", errBadRequest))
		return
	}
	for _, id := range body.Photos { // every photo must be the caller's before anything is made
		if _, err := s.deps.Catalog.Get(r.Context(), library(r), id); err != nil {
			writeError(w, s.opts.Logger, err)
			return
		}
	}
	a, err := s.deps.Albums.Create(r.Context(), library(r), strings.TrimSpace(body.Title))
	if err == nil && len(body.Photos) > 0 {
		err = s.deps.Albums.Add(r.Context(), library(r), a.ID, body.Photos...)
		a.Photos, a.Count = body.Photos, len(body.Photos)
	}
	if err != nil {
		writeError(w, s.opts.Logger, err)
		return
	}
	writeJSON(w, http.StatusCreated, a)
}

func (s *Server) deleteAlbum(w http.ResponseWriter, r *http.Request) {
	if err := s.deps.Albums.Delete(r.Context(), library(r), r.PathValue("id")); err != nil {
		writeError(w, s.opts.Logger, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// addToAlbum adds photos: body {"photos": [ids]}; 204.
func (s *Server) addToAlbum(w http.ResponseWriter, r *http.Request) {
	photos, ok := s.photoList(w, r)
	if !ok {
		return
	}
	if err := s.deps.Albums.Add(r.Context(), library(r), r.PathValue("id"), photos...); err != nil {
		writeError(w, s.opts.Logger, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// removeFromAlbum takes a photo out of one of the caller's albums; 204, or 404 when either is not theirs.
func (s *Server) removeFromAlbum(w http.ResponseWriter, r *http.Request) {
	if _, err := s.findAlbum(r.Context(), library(r), r.PathValue("id")); err != nil {
		writeError(w, s.opts.Logger, err)
		return
	}
	if _, err := s.deps.Catalog.Get(r.Context(), library(r), r.PathValue("photo")); err != nil {
		writeError(w, s.opts.Logger, err)
		return
	}
	if err := s.deps.Albums.Remove(r.Context(), library(r), r.PathValue("id"), r.PathValue("photo")); err != nil {
		writeError(w, s.opts.Logger, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// favourite marks (PUT) or unmarks (DELETE) a photo as a favourite; 204.
func (s *Server) favourite(on bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := s.deps.Albums.SetFavourite(r.Context(), library(r), r.PathValue("id"), on); err != nil {
			writeError(w, s.opts.Logger, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}
}

// photoList reads a body {"photos": [ids]} with at least one id, answering 400 itself when it is not one.
func (s *Server) photoList(w http.ResponseWriter, r *http.Request) ([]string, bool) {
	var body struct {
		Photos []string `json:"photos"`
	}
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&body); err != nil || len(body.Photos) == 0 {
		writeError(w, s.opts.Logger, fmt.Errorf("%w: body must be {\"photos\": [ids]}", errBadRequest))
		return nil, false
	}
	return body.Photos, true
}
