package ui

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"sajin/auth"
	"sajin/ingest/catalog"
)

func (s *Server) registerAccounts() {
	s.open("POST /api/login", s.login)
	s.api("POST /api/logout", s.logout)
	s.api("GET /api/session", s.session)
	s.api("PUT /api/password", s.changePassword)
	s.api("GET /api/tokens", s.tokens)
	s.api("POST /api/tokens", s.createToken)
	s.api("DELETE /api/tokens/{id}", s.deleteToken)
	s.adminAPI("GET /api/users", s.users)
	s.adminAPI("POST /api/users", s.addUser)
	s.adminAPI("PATCH /api/users/{name}", s.updateUser)
	s.adminAPI("DELETE /api/users/{name}", s.removeUser)
}

// decode reads a small JSON body into v, answering 400 itself (with the expected shape) when it is not one.
func (s *Server) decode(w http.ResponseWriter, r *http.Request, v any, shape string) bool {
	if err := json.NewDecoder(io.LimitReader(r.Body, 64<<10)).Decode(v); err != nil {
		writeError(w, s.opts.Logger, fmt.Errorf("%w: body must be %s", errBadRequest, shape))
		return false
	}
	return true
}

// userView is an account as the API shows it (never its password hash).
type userView struct {
	Name       string `json:"name"`
	Admin      bool   `json:"admin"`
	Disabled   bool   `json:"disabled"`
	QuotaBytes int64  `json:"quota_bytes"`
	UsedBytes  int64  `json:"used_bytes"`
	Created    string `json:"created_at,omitempty"`
}

func (s *Server) view(r *http.Request, u catalog.User) userView {
	v := userView{Name: u.Name, Admin: u.Admin, Disabled: u.Disabled, QuotaBytes: u.QuotaBytes}
	if !u.Created.IsZero() {
		v.Created = u.Created.UTC().Format(time.RFC3339)
	}
	if s.deps.Storage != nil {
		v.UsedBytes, _ = s.deps.Storage.LibraryBytes(r.Context(), u.Library)
	}
	return v
}

// login checks {"name", "password"} and starts a session: cookies, and {"user", "csrf"} for the page to send
// back in X-Sajin-CSRF. 401 for a wrong name or password, 429 with Retry-After after too many.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Name     string `json:"name"`
		Password string `json:"password"`
	}
	if !s.decode(w, r, &body, `{"name": "...", "password": "..."}`) {
		return
	}
	value, session, u, err := s.deps.Auth.Login(r.Context(), body.Name, body.Password, auth.ClientAddr(r))
	if err != nil {
		writeError(w, s.opts.Logger, err)
		return
	}
	s.deps.Auth.StartSession(w, r, value, session)
	writeJSON(w, http.StatusOK, map[string]any{"user": s.view(r, u), "csrf": session.CSRF})
}

// logout ends the session; 204.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	id, _ := auth.IdentityFrom(r.Context())
	if id.Via == "session" {
		if err := s.deps.Auth.Logout(r.Context(), id.Session); err != nil {
			writeError(w, s.opts.Logger, err)
			return
		}
	}
	s.deps.Auth.EndSession(w, r)
	w.WriteHeader(http.StatusNoContent)
}

// session answers who is logged in: {"user", "csrf", "public"}.
func (s *Server) session(w http.ResponseWriter, r *http.Request) {
	id, _ := auth.IdentityFrom(r.Context())
	writeJSON(w, http.StatusOK, map[string]any{"user": s.view(r, id.User), "csrf": id.CSRF, "public": id.Via == "public"})
}

// changePassword takes {"current", "new"}; the other sessions of the user end. 204.
func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Current string `json:"current"`
		New     string `json:"new"`
	}
	if !s.decode(w, r, &body, `{"current": "...", "new": "..."}`) {
		return
	}
	id, _ := auth.IdentityFrom(r.Context())
	if id.Via == "public" {
		writeError(w, s.opts.Logger, fmt.Errorf("%w: there are no passwords in public mode", errBadRequest))
		return
	}
	if err := auth.ValidPassword(body.New); err != nil {
		writeError(w, s.opts.Logger, err)
		return
	}
	if _, err := s.deps.Auth.CheckPassword(r.Context(), id.User.Name, body.Current, auth.ClientAddr(r)); err != nil {
		writeError(w, s.opts.Logger, err)
		return
	}
	if err := s.deps.Auth.SetPassword(r.Context(), id.User.Name, body.New, id.Session); err != nil {
		writeError(w, s.opts.Logger, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// users answers {"users": [user]} (admins only).
func (s *Server) users(w http.ResponseWriter, r *http.Request) {
	list, err := s.deps.Auth.Users(r.Context())
	if err != nil {
		writeError(w, s.opts.Logger, err)
		return
	}
	out := []userView{}
	for _, u := range list {
		out = append(out, s.view(r, u))
	}
	writeJSON(w, http.StatusOK, map[string]any{"users": out})
}

// addUser makes an account with a library of its own: {"name", "password", "admin", "quota_bytes"}; without a
// password one is made and answered once as "password". 201.
func (s *Server) addUser(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Name       string `json:"name"`
		Password   string `json:"password"`
		Admin      bool   `json:"admin"`
		QuotaBytes int64  `json:"quota_bytes"`
	}
	if !s.decode(w, r, &body, `{"name": "...", "password": "...", "admin": false, "quota_bytes": 0}`) {
		return
	}
	made := ""
	if body.Password == "" {
		body.Password = auth.NewPassword()
		made = body.Password
	}
	u, err := s.deps.Auth.AddUser(r.Context(), body.Name, body.Password, body.Admin)
	if err == nil && body.QuotaBytes != 0 {
		u, err = s.deps.Auth.Update(r.Context(), u.Name, nil, nil, &body.QuotaBytes)
	}
	if err != nil {
		writeError(w, s.opts.Logger, err)
		return
	}
	out := map[string]any{"user": s.view(r, u)}
	if made != "" {
		out["password"] = made
	}
	writeJSON(w, http.StatusCreated, out)
}

// updateUser changes {"disabled", "admin", "quota_bytes", "password"} (each optional) of a user; answers the user.
func (s *Server) updateUser(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Disabled   *bool   `json:"disabled"`
		Admin      *bool   `json:"admin"`
		QuotaBytes *int64  `json:"quota_bytes"`
		Password   *string `json:"password"`
	}
	if !s.decode(w, r, &body, `{"disabled": bool, "admin": bool, "quota_bytes": n, "password": "..."}`) {
		return
	}
	name := r.PathValue("name")
	if body.Password != nil {
		if err := s.deps.Auth.SetPassword(r.Context(), name, *body.Password, ""); err != nil {
			writeError(w, s.opts.Logger, err)
			return
		}
	}
	u, err := s.deps.Auth.Update(r.Context(), name, body.Admin, body.Disabled, body.QuotaBytes)
	if err != nil {
		writeError(w, s.opts.Logger, err)
		return
	}
	writeJSON(w, http.StatusOK, s.view(r, u))
}

// removeUser deletes an account and its library's catalog rows; 204. Admins cannot remove themselves.
func (s *Server) removeUser(w http.ResponseWriter, r *http.Request) {
	id, _ := auth.IdentityFrom(r.Context())
	u, err := s.deps.Auth.User(r.Context(), r.PathValue("name"))
	if err == nil && u.ID == id.User.ID {
		writeError(w, s.opts.Logger, fmt.Errorf("%w: you cannot remove yourself", errBadRequest))
		return
	}
	if err := s.deps.Auth.Remove(r.Context(), r.PathValue("name")); err != nil {
		writeError(w, s.opts.Logger, err)
		return
	}
	// The library's search index goes too (opened and served by this process; the CLI's removal is healed when
	// a library is opened).
	if d, ok := s.deps.Searcher.(interface {
		Drop(ctx context.Context, library string) error
	}); ok {
		if err := d.Drop(r.Context(), u.Library); err != nil {
			s.opts.Logger.Warn("removed user's search index", "err", err)
		}
	}
	w.WriteHeader(http.StatusNoContent)
}

type tokenView struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Created  string `json:"created_at"`
	LastUsed string `json:"last_used,omitempty"`
}

// tokens answers {"tokens": [{"id", "name", "created_at", "last_used"}]}: the caller's API tokens, without secrets.
func (s *Server) tokens(w http.ResponseWriter, r *http.Request) {
	id, _ := auth.IdentityFrom(r.Context())
	list, err := s.deps.Auth.APITokens(r.Context(), id.User)
	if err != nil {
		writeError(w, s.opts.Logger, err)
		return
	}
	out := []tokenView{}
	for _, t := range list {
		v := tokenView{ID: t.ID, Name: t.Name, Created: t.Created.UTC().Format(time.RFC3339)}
		if !t.LastUsed.IsZero() {
			v.LastUsed = t.LastUsed.UTC().Format(time.RFC3339)
		}
		out = append(out, v)
	}
	writeJSON(w, http.StatusOK, map[string]any{"tokens": out})
}

// createToken makes an API token {"name"}: 201 with {"id", "name", "token"}; the token is shown only here.
func (s *Server) createToken(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Name string `json:"name"`
	}
	if !s.decode(w, r, &body, `{"name": "what the token is for"}`) {
		return
	}
	id, _ := auth.IdentityFrom(r.Context())
	if id.Via == "public" {
		writeError(w, s.opts.Logger, fmt.Errorf("%w: public mode needs no tokens", errBadRequest))
		return
	}
	t, secret, err := s.deps.Auth.NewAPIToken(r.Context(), id.User, body.Name)
	if err != nil {
		writeError(w, s.opts.Logger, fmt.Errorf("%w: %w", errBadRequest, err))
		return
	}
	writeJSON(w, http.StatusCreated, map[string]string{"id": t.ID, "name": t.Name, "token": secret})
}

func (s *Server) deleteToken(w http.ResponseWriter, r *http.Request) {
	id, _ := auth.IdentityFrom(r.Context())
	if err := s.deps.Auth.RevokeAPIToken(r.Context(), id.User, r.PathValue("id")); err != nil {
		writeError(w, s.opts.Logger, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
