package ui

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// people answers {"people": [person]}, the most photographed first.
func (s *Server) people(w http.ResponseWriter, r *http.Request) {
	list, err := s.deps.People.List(r.Context(), library(r))
	if err != nil {
		writeError(w, s.opts.Logger, err)
		return
	}
	if list == nil {
		list = []Person{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"people": list})
}

// namePerson names a person: body {"name": "엄마"} ("" removes the name); 204. Search finds their photos by it.
func (s *Server) namePerson(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Name *string `json:"name"`
	}
	if err := json.NewDecoder(io.LimitReader(r.Body, 4096)).Decode(&body); err != nil || body.Name == nil || len(*body.Name) > 100 {
		writeError(w, s.opts.Logger, fmt.Errorf("%w: body must be {\"name\": \"up to 100 characters\"}", errBadRequest))
		return
	}
	if err := s.deps.People.Name(r.Context(), library(r), r.PathValue("id"), strings.TrimSpace(*body.Name)); err != nil {
		writeError(w, s.opts.Logger, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// mergePeople moves every face of another person into this one: body {"from": "p7"}; 204.
func (s *Server) mergePeople(w http.ResponseWriter, r *http.Request) {
	var body struct {
		From string `json:"from"`
	}
	if err := json.NewDecoder(io.LimitReader(r.Body, 4096)).Decode(&body); err != nil || body.From == "" {
		writeError(w, s.opts.Logger, fmt.Errorf("%w: body must be {\"from\": \"person id\"}", errBadRequest))
		return
	}
	if err := s.deps.People.Merge(r.Context(), library(r), r.PathValue("id"), body.From); err != nil {
		writeError(w, s.opts.Logger, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// splitPerson moves this person's faces in the given photos to a new person: body {"photos": [ids]};
// answers {"id": new person id}.
func (s *Server) splitPerson(w http.ResponseWriter, r *http.Request) {
	photos, ok := s.photoList(w, r)
	if !ok {
		return
	}
	id, err := s.deps.People.Split(r.Context(), library(r), r.PathValue("id"), photos)
	if err != nil {
		writeError(w, s.opts.Logger, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"id": id})
}
