package ui

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"sajin/auth"
	"sajin/ingest"
	"sajin/ingest/catalog"
	"sajin/search"
	"sajin/ui/redact"
)

// Share links: the owner's endpoints (/api/shares) are behind login; the visitor's (/api/s/{token}/...) are open
// and show only the photos of the link, with no id, place or camera of the owner's beyond them. A visitor's
// request proves nothing but the token (and, for a link with a password, a cookie derived from it), so every
// request checks again that the link is active and the photo is one of the link's.

func (s *Server) registerShares() {
	s.api("POST /api/shares", s.createShare)
	s.api("GET /api/shares", s.listShares)
	s.api("DELETE /api/shares/{id}", s.revokeShare)
	s.open("GET /api/s/{token}", s.sharedAlbum)
	s.open("POST /api/s/{token}/unlock", s.unlockShare)
	s.open("GET /api/s/{token}/photos/{id}", s.sharedPhoto)
	s.open("GET /api/s/{token}/photos/{id}/thumb/{size}", s.sharedThumb)
	s.open("GET /api/s/{token}/photos/{id}/download", s.sharedDownload)
}

// shareView is a link as its owner sees it.
type shareView struct {
	ID          string   `json:"id"`
	URL         string   `json:"url"` // the path of the shared page: /s/{token}
	Kind        string   `json:"kind"`
	Title       string   `json:"title"`
	Photos      []string `json:"photos,omitempty"`
	Album       string   `json:"album,omitempty"`
	Query       string   `json:"query,omitempty"`
	Created     string   `json:"created_at"`
	Expires     string   `json:"expires_at,omitempty"`
	HasPassword bool     `json:"has_password"`
	Originals   bool     `json:"originals"`
	Location    bool     `json:"location"`
	Views       int      `json:"views"`
	Active      bool     `json:"active"`
	Revoked     bool     `json:"revoked"`
}

func viewShare(sh catalog.Share) shareView {
	v := shareView{ID: sh.ID, URL: "/s/" + sh.Token, Kind: sh.Kind, Title: sh.Title, Photos: sh.Photos,
		Created: sh.Created.UTC().Format(time.RFC3339), HasPassword: sh.Password != "", Originals: sh.Originals,
		Location: sh.Location, Views: sh.Views, Active: sh.Active(time.Now()), Revoked: !sh.Revoked.IsZero()}
	switch sh.Kind {
	case catalog.ShareKindAlbum:
		v.Album = sh.Target
	case catalog.ShareKindSearch:
		v.Query = sh.Target
	}
	if !sh.Expires.IsZero() {
		v.Expires = sh.Expires.UTC().Format(time.RFC3339)
	}
	return v
}

// createShare makes a link: {"kind": "photo|photos|album|search", "photos": [ids], "album": id, "query": text,
// "title", "expires_at" (RFC 3339) or "expires_in_days", "password", "originals", "location"}; 201 with the link.
func (s *Server) createShare(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Kind          string   `json:"kind"`
		Photos        []string `json:"photos"`
		Album         string   `json:"album"`
		Query         string   `json:"query"`
		Title         string   `json:"title"`
		ExpiresAt     string   `json:"expires_at"`
		ExpiresInDays float64  `json:"expires_in_days"`
		Password      string   `json:"password"`
		Originals     bool     `json:"originals"`
		Location      bool     `json:"location"`
	}
	if !s.decode(w, r, &body, `{"kind": "photo|photos|album|search", "photos"|"album"|"query", ...}`) {
		return
	}
	lib := library(r)
	sh := catalog.Share{Library: lib, ID: auth.NewID(), Token: auth.NewToken(), Kind: body.Kind,
		Title: strings.TrimSpace(body.Title), Originals: body.Originals, Location: body.Location, Created: time.Now()}
	if err := s.shareTarget(r.Context(), &sh, body.Photos, body.Album, body.Query); err != nil {
		writeError(w, s.opts.Logger, err)
		return
	}
	switch {
	case body.ExpiresAt != "":
		t, err := time.Parse(time.RFC3339, body.ExpiresAt)
		if err != nil || !t.After(time.Now()) {
			writeError(w, s.opts.Logger, fmt.Errorf("%w: expires_at must be a future RFC 3339 time", errBadRequest))
			return
		}
		sh.Expires = t
	case body.ExpiresInDays > 0:
		sh.Expires = time.Now().Add(time.Duration(body.ExpiresInDays * float64(24*time.Hour)))
	}
	if len(sh.Title) > 200 {
		writeError(w, s.opts.Logger, fmt.Errorf("%w: title over 200 characters", errBadRequest))
		return
	}
	if body.Password != "" {
		if len(body.Password) > 1024 {
			writeError(w, s.opts.Logger, fmt.Errorf("%w: password too long", errBadRequest))
			return
		}
		hash, err := auth.HashPassword(body.Password)
		if err != nil {
			writeError(w, s.opts.Logger, err)
			return
		}
		sh.Password = hash
	}
	if err := s.deps.Shares.CreateShare(r.Context(), sh); err != nil {
		writeError(w, s.opts.Logger, err)
		return
	}
	writeJSON(w, http.StatusCreated, viewShare(sh))
}

// shareTarget checks that what a new link shows is the caller's, and fills it in with a default title.
func (s *Server) shareTarget(ctx context.Context, sh *catalog.Share, photos []string, album, query string) error {
	switch sh.Kind {
	case catalog.ShareKindPhoto, catalog.ShareKindPhotos:
		if len(photos) == 0 || len(photos) > 10000 || (sh.Kind == catalog.ShareKindPhoto && len(photos) != 1) {
			return fmt.Errorf("%w: a photo link needs \"photos\": [one id]; a photos link 1 to 10000 ids", errBadRequest)
		}
		for _, id := range photos {
			p, err := s.deps.Catalog.Get(ctx, sh.Library, id)
			if err != nil {
				return err
			}
			if sh.Title == "" && sh.Kind == catalog.ShareKindPhoto {
				sh.Title = p.FileName
			}
		}
		sh.Photos = slices.Compact(photos)
	case catalog.ShareKindAlbum:
		a, err := s.findAlbum(ctx, sh.Library, album)
		if err != nil {
			return err
		}
		sh.Target = a.ID
		if sh.Title == "" {
			sh.Title = a.Title.En
		}
	case catalog.ShareKindSearch:
		if q := strings.TrimSpace(query); q == "" || len(q) > 500 {
			return fmt.Errorf("%w: a search link needs \"query\" (up to 500 bytes)", errBadRequest)
		}
		sh.Target = strings.TrimSpace(query)
		if sh.Title == "" {
			sh.Title = sh.Target
		}
	default:
		return fmt.Errorf("%w: kind must be photo, photos, album or search", errBadRequest)
	}
	return nil
}

// findAlbum returns one album of a library (ErrAlbumNotFound when there is none of that id).
func (s *Server) findAlbum(ctx context.Context, library, id string) (Album, error) {
	if s.deps.Albums == nil {
		return Album{}, fmt.Errorf("%w: %s", catalog.ErrAlbumNotFound, id)
	}
	all, err := s.deps.Albums.All(ctx, library)
	if err != nil {
		return Album{}, err
	}
	for _, a := range all {
		if a.ID == id {
			return a, nil
		}
	}
	return Album{}, fmt.Errorf("%w: %s", catalog.ErrAlbumNotFound, id)
}

// listShares answers {"shares": [link]}: the caller's links, newest first, with their view counts.
func (s *Server) listShares(w http.ResponseWriter, r *http.Request) {
	list, err := s.deps.Shares.Shares(r.Context(), library(r))
	if err != nil {
		writeError(w, s.opts.Logger, err)
		return
	}
	out := []shareView{}
	for _, sh := range list {
		out = append(out, viewShare(sh))
	}
	writeJSON(w, http.StatusOK, map[string]any{"shares": out})
}

// revokeShare ends a link at once; 204.
func (s *Server) revokeShare(w http.ResponseWriter, r *http.Request) {
	if err := s.deps.Shares.RevokeShare(r.Context(), library(r), r.PathValue("id")); err != nil {
		writeError(w, s.opts.Logger, err)
		return
	}
	s.shared.forget()
	w.WriteHeader(http.StatusNoContent)
}

// shareCache keeps the photo ids of recently opened links for a minute, so a page of thumbnails of a saved
// search runs the search once, not once per thumbnail.
type shareCache struct {
	mu sync.Mutex
	m  map[string]sharedSet
}

type sharedSet struct {
	ids []string
	at  time.Time
}

func (c *shareCache) forget() {
	c.mu.Lock()
	c.m = nil
	c.mu.Unlock()
}

// sharedIDs returns the photos a link shows now, newest first for albums and searches.
func (s *Server) sharedIDs(ctx context.Context, sh catalog.Share) ([]string, error) {
	s.shared.mu.Lock()
	if c, ok := s.shared.m[sh.Token]; ok && time.Since(c.at) < time.Minute {
		s.shared.mu.Unlock()
		return c.ids, nil
	}
	s.shared.mu.Unlock()
	var ids []string
	switch sh.Kind {
	case catalog.ShareKindPhoto, catalog.ShareKindPhotos:
		for _, id := range sh.Photos {
			if _, err := s.deps.Catalog.Get(ctx, sh.Library, id); err == nil {
				ids = append(ids, id) // photos deleted since are left out
			}
		}
	case catalog.ShareKindAlbum:
		a, err := s.findAlbum(ctx, sh.Library, sh.Target)
		if err != nil {
			return nil, err
		}
		ids = a.Photos
	case catalog.ShareKindSearch:
		res, err := s.deps.Searcher.Search(ctx, search.Request{Library: sh.Library, Query: sh.Target, Limit: 1000, Sort: search.SortDate})
		if err != nil {
			return nil, err
		}
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
	}
	s.shared.mu.Lock()
	if s.shared.m == nil || len(s.shared.m) > 1000 {
		s.shared.m = map[string]sharedSet{}
	}
	s.shared.m[sh.Token] = sharedSet{ids: ids, at: time.Now()}
	s.shared.mu.Unlock()
	return ids, nil
}

// activeShare finds the link of the request's token and checks that it is active and, when it has a password,
// unlocked by this visitor.
func (s *Server) activeShare(r *http.Request) (catalog.Share, error) {
	token := r.PathValue("token")
	if len(token) < 20 || len(token) > 100 {
		return catalog.Share{}, catalog.ErrShareNotFound
	}
	sh, err := s.deps.Shares.ShareByToken(r.Context(), token)
	if err != nil {
		return catalog.Share{}, err
	}
	if !sh.Active(time.Now()) {
		return catalog.Share{}, errGone
	}
	if sh.Password != "" {
		c, err := r.Cookie(shareCookie)
		if err != nil || !hmac.Equal([]byte(c.Value), []byte(unlockValue(sh))) {
			return catalog.Share{}, errPassword
		}
	}
	return sh, nil
}

const shareCookie = "sajin_share"

// unlockValue is what the unlock cookie of a link with a password holds: an HMAC of the token keyed by the
// password's hash, so it cannot be made without the password and stops working when the link changes.
func unlockValue(sh catalog.Share) string {
	m := hmac.New(sha256.New, []byte(sh.Password))
	m.Write([]byte(sh.Token))
	return hex.EncodeToString(m.Sum(nil))
}

// unlockShare checks a link's password {"password"} and sets the cookie that opens it; 204. Wrong passwords are
// throttled per link and per address.
func (s *Server) unlockShare(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Password string `json:"password"`
	}
	if !s.decode(w, r, &body, `{"password": "..."}`) {
		return
	}
	sh, err := s.deps.Shares.ShareByToken(r.Context(), r.PathValue("token"))
	if err != nil {
		writeError(w, s.opts.Logger, err)
		return
	}
	if !sh.Active(time.Now()) {
		writeError(w, s.opts.Logger, errGone)
		return
	}
	if sh.Password != "" {
		if err := s.deps.Auth.CheckSecret(r.Context(), "share:"+sh.ID, sh.Password, body.Password, auth.ClientAddr(r)); err != nil {
			writeError(w, s.opts.Logger, err)
			return
		}
		http.SetCookie(w, &http.Cookie{Name: shareCookie, Value: unlockValue(sh), Path: "/api/s/" + sh.Token,
			HttpOnly: true, Secure: s.deps.Auth.SecureCookie(r), SameSite: http.SameSiteLaxMode})
	}
	w.WriteHeader(http.StatusNoContent)
}

// sharedPhotoView is what a visitor learns of a photo: its date and size, and its place only when the owner
// allowed it. No camera, no file path, no labels or people.
type sharedPhotoView struct {
	ID      string         `json:"id"`
	TakenAt string         `json:"taken_at,omitempty"`
	Width   int            `json:"width"`
	Height  int            `json:"height"`
	Name    string         `json:"file_name"`
	Place   *ingest.Place  `json:"place,omitempty"`
	GPS     *ingest.LatLon `json:"gps,omitempty"`
	Thumbs  sharedThumbs   `json:"thumbs"`
}

type sharedThumbs struct {
	Tile   string `json:"tile"`
	Fit720 string `json:"fit720"`
	Fit    string `json:"fit2048"`
}

func (s *Server) sharedView(r *http.Request, sh catalog.Share, p *catalog.Photo) sharedPhotoView {
	base := "/api/s/" + sh.Token + "/photos/" + p.ID
	v := sharedPhotoView{ID: p.ID, Width: p.Width, Height: p.Height, Name: p.FileName,
		Thumbs: sharedThumbs{Tile: base + "/thumb/tile", Fit720: base + "/thumb/fit720", Fit: base + "/thumb/fit2048"}}
	if t, off, ok := p.Taken(); ok {
		v.TakenAt = ingest.FormatTaken(t, off)
	}
	if sh.Location {
		if rec, err := s.deps.Records.Record(r.Context(), p, nil); err == nil {
			v.Place, v.GPS = rec.Place, rec.GPS
		}
	}
	return v
}

// sharedAlbum answers the link's page: {"title", "kind", "count", "originals", "location", "photos": [photo]};
// each answer counts as a view. 401 password_required for a locked link, 410 for an expired or revoked one.
func (s *Server) sharedAlbum(w http.ResponseWriter, r *http.Request) {
	sh, err := s.activeShare(r)
	if err != nil {
		writeError(w, s.opts.Logger, err)
		return
	}
	ids, err := s.sharedIDs(r.Context(), sh)
	if err != nil {
		writeError(w, s.opts.Logger, err)
		return
	}
	photos := []sharedPhotoView{}
	for _, id := range ids {
		if p, err := s.deps.Catalog.Get(r.Context(), sh.Library, id); err == nil {
			photos = append(photos, s.sharedView(r, sh, p))
		}
	}
	if err := s.deps.Shares.CountShareView(r.Context(), sh.Token); err != nil {
		s.opts.Logger.Warn("share view not counted", "share", sh.ID, "err", err)
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, map[string]any{"title": sh.Title, "kind": sh.Kind, "count": len(photos),
		"originals": sh.Originals, "location": sh.Location, "photos": photos})
}

// sharedPhotoOf returns a photo of the request's link; any photo outside it is not found.
func (s *Server) sharedPhotoOf(r *http.Request) (catalog.Share, *catalog.Photo, error) {
	sh, err := s.activeShare(r)
	if err != nil {
		return sh, nil, err
	}
	ids, err := s.sharedIDs(r.Context(), sh)
	if err != nil {
		return sh, nil, err
	}
	id := r.PathValue("id")
	if !slices.Contains(ids, id) {
		return sh, nil, fmt.Errorf("%w: %s", catalog.ErrNotFound, id)
	}
	p, err := s.deps.Catalog.Get(r.Context(), sh.Library, id)
	return sh, p, err
}

func (s *Server) sharedPhoto(w http.ResponseWriter, r *http.Request) {
	sh, p, err := s.sharedPhotoOf(r)
	if err != nil {
		writeError(w, s.opts.Logger, err)
		return
	}
	writeJSON(w, http.StatusOK, s.sharedView(r, sh, p))
}

// sharedThumb serves a thumbnail of a photo of the link. Thumbnails carry no EXIF. They may be cached privately
// only for an hour: a revoked link must stop showing.
func (s *Server) sharedThumb(w http.ResponseWriter, r *http.Request) {
	_, p, err := s.sharedPhotoOf(r)
	if err != nil {
		writeError(w, s.opts.Logger, err)
		return
	}
	file, err := s.deps.Files.ThumbPath(p.SHA256, r.PathValue("size"))
	if err != nil {
		writeError(w, s.opts.Logger, err)
		return
	}
	w.Header().Set("Cache-Control", "private, max-age=3600")
	w.Header().Set("Content-Type", "image/jpeg")
	http.ServeFile(w, r, file)
}

// sharedDownload gives a visitor the photo: the original when the owner allowed originals (its GPS, XMP and
// Photoshop blocks removed unless they allowed the location too), otherwise the 2048 px rendition, which has no
// metadata at all. An original whose format cannot be redacted falls back to the rendition.
func (s *Server) sharedDownload(w http.ResponseWriter, r *http.Request) {
	sh, p, err := s.sharedPhotoOf(r)
	if err != nil {
		writeError(w, s.opts.Logger, err)
		return
	}
	name := p.FileName
	if name == "" {
		name = p.ID + p.Ext
	}
	file, err := s.deps.Files.OriginalPath(p.SHA256, p.Ext)
	if err != nil {
		writeError(w, s.opts.Logger, err)
		return
	}
	if sh.Originals && (sh.Location || redactable(file, p.MIME)) {
		w.Header().Set("Content-Type", p.MIME)
		w.Header().Set("Cache-Control", "private, no-store")
		w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
		if sh.Location {
			http.ServeFile(w, r, file)
			return
		}
		f, err := os.Open(file)
		if err != nil {
			writeError(w, s.opts.Logger, err)
			return
		}
		defer f.Close()
		if err := redact.Location(w, f, p.MIME); err != nil {
			s.opts.Logger.Warn("shared original cut off", "share", sh.ID, "photo", p.ID, "err", err)
		}
		return
	}
	file, err = s.deps.Files.ThumbPath(p.SHA256, "fit2048")
	if err != nil {
		writeError(w, s.opts.Logger, err)
		return
	}
	name = strings.TrimSuffix(name, path.Ext(name)) + ".jpg"
	w.Header().Set("Content-Type", "image/jpeg")
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	http.ServeFile(w, r, file)
}

// redactable says whether redact can copy this original without its location: a first pass over the file, so
// that a file it cannot read falls back to the rendition before any byte is sent.
func redactable(file, mimeType string) bool {
	if !redact.Supported(mimeType) {
		return false
	}
	f, err := os.Open(file)
	if err != nil {
		return false
	}
	defer f.Close()
	return redact.Location(io.Discard, f, mimeType) == nil
}

// sharePage serves the page of a share link (share.html); the page asks /api/s/{token} for the rest.
func sharePage(web fs.FS) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, err := fs.ReadFile(web, "share.html")
		if err != nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		w.Write(b)
	})
}
