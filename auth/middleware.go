package auth

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"strconv"
	"strings"

	"sajin/ingest/catalog"
)

// Cookie and header names.
const (
	SessionCookie = "sajin_session" // HttpOnly: the session's secret
	CSRFCookie    = "sajin_csrf"    // readable by the page's script, which echoes it in CSRFHeader
	CSRFHeader    = "X-Sajin-CSRF"
)

// Require lets a request through when it proves who it is by a session cookie (state-changing requests must also
// carry the session's CSRF token in the X-Sajin-CSRF header) or by "Authorization: Bearer <API token>"; otherwise it
// answers 401. In public mode every request is the public user's. Cross-origin browser requests that change state
// are refused in every mode.
func (a *Auth) Require(next http.Handler) http.Handler {
	return a.crossOrigin(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, status, err := a.identify(r)
		if err != nil {
			writeError(w, status, err)
			return
		}
		if id.Via == "session" && !safeMethod(r.Method) &&
			subtle.ConstantTimeCompare([]byte(r.Header.Get(CSRFHeader)), []byte(id.CSRF)) != 1 {
			writeError(w, http.StatusForbidden, errors.New("missing or wrong "+CSRFHeader+" header"))
			return
		}
		next.ServeHTTP(w, r.WithContext(WithIdentity(r.Context(), id)))
	}))
}

// RequireBasic is Require for clients that cannot log in through a page, such as WebDAV backup apps: HTTP Basic
// with a user name and either the password or an API token of that user, or a Bearer token. Passwords tried here
// are throttled as logins are. It answers 401 with a Basic challenge for realm.
func (a *Auth) RequireBasic(realm string, next http.Handler) http.Handler {
	return a.crossOrigin(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, status, err := a.identifyBasic(r)
		if err != nil {
			if status == http.StatusUnauthorized {
				w.Header().Set("WWW-Authenticate", `Basic realm="`+strings.ReplaceAll(realm, `"`, "")+`", charset="UTF-8"`)
			}
			writeError(w, status, err)
			return
		}
		next.ServeHTTP(w, r.WithContext(WithIdentity(r.Context(), id)))
	}))
}

var errNoLogin = errors.New("log in first (POST /api/login), or send Authorization: Bearer <API token>")

// identify finds who a request comes from: public mode, a Bearer token or a session cookie.
func (a *Auth) identify(r *http.Request) (Identity, int, error) {
	if a.opts.Public {
		return Identity{User: a.opts.PublicUser, Via: "public"}, 0, nil
	}
	if tok, ok := bearer(r); ok {
		return a.tokenIdentity(r, tok)
	}
	c, err := r.Cookie(SessionCookie)
	if err != nil || c.Value == "" {
		return Identity{}, http.StatusUnauthorized, errNoLogin
	}
	s, u, err := a.store.SessionUser(r.Context(), TokenHash(c.Value), a.opts.Now())
	switch {
	case errors.Is(err, catalog.ErrNoSession):
		return Identity{}, http.StatusUnauthorized, errors.New("the session has ended: log in again")
	case err != nil:
		a.opts.Logger.Error("session lookup failed", "err", err)
		return Identity{}, http.StatusInternalServerError, errors.New("internal error")
	case u.Disabled:
		return Identity{}, http.StatusUnauthorized, errors.New("this account is disabled")
	}
	return Identity{User: u, Via: "session", Session: s.Hash, CSRF: s.CSRF}, 0, nil
}

func (a *Auth) identifyBasic(r *http.Request) (Identity, int, error) {
	if a.opts.Public {
		return Identity{User: a.opts.PublicUser, Via: "public"}, 0, nil
	}
	if tok, ok := bearer(r); ok {
		return a.tokenIdentity(r, tok)
	}
	name, secret, ok := r.BasicAuth()
	if !ok {
		return Identity{}, http.StatusUnauthorized, errors.New("send a user name and password or API token (HTTP Basic)")
	}
	if strings.HasPrefix(secret, "sajin_") {
		id, status, err := a.tokenIdentity(r, secret)
		if err == nil && !strings.EqualFold(id.User.Name, name) {
			return Identity{}, http.StatusUnauthorized, errors.New("that token is not this user's")
		}
		return id, status, err
	}
	u, err := a.CheckPassword(r.Context(), name, secret, ClientAddr(r))
	var thr *ThrottledError
	switch {
	case errors.As(err, &thr):
		return Identity{}, http.StatusTooManyRequests, err
	case errors.Is(err, ErrBadCredentials):
		return Identity{}, http.StatusUnauthorized, err
	case err != nil:
		return Identity{}, http.StatusInternalServerError, errors.New("internal error")
	}
	return Identity{User: u, Via: "basic"}, 0, nil
}

// tokenIdentity checks an API token; wrong tokens count against the client's address like wrong passwords.
func (a *Auth) tokenIdentity(r *http.Request, tok string) (Identity, int, error) {
	addr := ClientAddr(r)
	now := a.opts.Now()
	if wait := a.opts.AddressThrottle.Wait(addr, now); wait > 0 {
		return Identity{}, http.StatusTooManyRequests, &ThrottledError{RetryAfter: wait}
	}
	u, err := a.store.TokenUser(r.Context(), TokenHash(tok), now)
	if errors.Is(err, catalog.ErrTokenNotFound) || (err == nil && u.Disabled) {
		a.opts.AddressThrottle.Fail(addr, now)
		return Identity{}, http.StatusUnauthorized, errors.New("unknown or revoked API token")
	}
	if err != nil {
		a.opts.Logger.Error("token lookup failed", "err", err)
		return Identity{}, http.StatusInternalServerError, errors.New("internal error")
	}
	return Identity{User: u, Via: "token"}, 0, nil
}

func bearer(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:]), true
	}
	return "", false
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// crossOrigin refuses state-changing requests a browser sends from another site (Sec-Fetch-Site, Origin), so no
// page elsewhere can make a logged-in browser change anything, in public mode too.
func (a *Auth) crossOrigin(next http.Handler) http.Handler {
	p := http.NewCrossOriginProtection()
	p.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusForbidden, errors.New("cross-origin request refused"))
	}))
	return p.Handler(next)
}

// CrossOrigin is the cross-origin refusal of Require alone, for endpoints open to everyone (login, share links).
func (a *Auth) CrossOrigin(next http.Handler) http.Handler { return a.crossOrigin(next) }

// SecureCookie says whether cookies set in answer to r are marked Secure: over TLS, or always with
// Options.SecureCookies (behind a proxy that terminates TLS).
func (a *Auth) SecureCookie(r *http.Request) bool { return r.TLS != nil || a.opts.SecureCookies }

// StartSession sets the cookies of a session opened by Login: the secret one HttpOnly, the CSRF one readable by the
// page; both SameSite=Lax, and Secure over TLS.
func (a *Auth) StartSession(w http.ResponseWriter, r *http.Request, value string, s catalog.Session) {
	secure := a.SecureCookie(r)
	maxAge := int(a.opts.SessionTTL.Seconds())
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: value, Path: "/", MaxAge: maxAge, HttpOnly: true,
		Secure: secure, SameSite: http.SameSiteLaxMode})
	http.SetCookie(w, &http.Cookie{Name: CSRFCookie, Value: s.CSRF, Path: "/", MaxAge: maxAge,
		Secure: secure, SameSite: http.SameSiteLaxMode})
}

// EndSession clears the session cookies.
func (a *Auth) EndSession(w http.ResponseWriter, r *http.Request) {
	secure := a.SecureCookie(r)
	for _, name := range []string{SessionCookie, CSRFCookie} {
		http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1, HttpOnly: name == SessionCookie,
			Secure: secure, SameSite: http.SameSiteLaxMode})
	}
}

// ClientAddr is the address a request came from, without the port. Proxies' X-Forwarded-For is not trusted.
func ClientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// writeError answers in the API's error form, {"error": {"code", "message"}}.
func writeError(w http.ResponseWriter, status int, err error) {
	code := map[int]string{http.StatusUnauthorized: "unauthorized", http.StatusForbidden: "forbidden",
		http.StatusTooManyRequests: "throttled"}[status]
	if code == "" {
		code = "internal"
	}
	var thr *ThrottledError
	if errors.As(err, &thr) {
		w.Header().Set("Retry-After", strconv.Itoa(int(thr.RetryAfter.Seconds()+0.999)))
	}
	var body struct {
		Error struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	body.Error.Code, body.Error.Message = code, err.Error()
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(body)
}
