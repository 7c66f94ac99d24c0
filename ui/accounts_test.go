package ui_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"sajin/auth"
	"sajin/ingest"
	"sajin/ingest/exif/exiftest"
	"sajin/ingest/ingesttest"
	"sajin/ui"
)

// syncBuffer is a log destination tests read while the server writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// site is a server with accounts (no public mode), its library and its log.
type site struct {
	srv  *httptest.Server
	lib  *ingesttest.Library
	auth *auth.Auth
	logs *syncBuffer
}

func newSite(t *testing.T, opts ui.Options, aopts auth.Options) *site {
	t.Helper()
	l := ingesttest.New(t, ingest.Options{})
	logs := &syncBuffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	aopts.Logger, opts.Logger = log, log
	a := auth.New(l.Catalog, aopts)
	d := deps(l, a)
	d.Shares, d.Storage = l.Catalog, l.Catalog
	srv := httptest.NewServer(ui.New(d, opts))
	t.Cleanup(srv.Close)
	if _, _, err := a.EnsureAdmin(t.Context(), "admin password"); err != nil {
		t.Fatal(err)
	}
	return &site{srv: srv, lib: l, auth: a, logs: logs}
}

// user is a logged-in browser: a cookie jar and the session's CSRF token.
type user struct {
	t    *testing.T
	base string
	c    *http.Client
	csrf string
}

func (s *site) login(t *testing.T, name, password string) *user {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	u := &user{t: t, base: s.srv.URL, c: &http.Client{Jar: jar}}
	code, body := u.do("POST", "/api/login", `{"name":"`+name+`","password":"`+password+`"}`)
	if code != http.StatusOK {
		t.Fatalf("login %s: %d %s", name, code, body)
	}
	var out struct{ CSRF string }
	json.Unmarshal([]byte(body), &out)
	u.csrf = out.CSRF
	return u
}

func (s *site) addUser(t *testing.T, name string) *user {
	t.Helper()
	if _, err := s.auth.AddUser(t.Context(), name, name+" password", false); err != nil {
		t.Fatal(err)
	}
	return s.login(t, name, name+" password")
}

// do sends a request with the session (and CSRF token) and returns the status and body.
func (u *user) do(method, path, body string) (int, string) {
	u.t.Helper()
	req, _ := http.NewRequest(method, u.base+path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if u.csrf != "" {
		req.Header.Set(auth.CSRFHeader, u.csrf)
	}
	res, err := u.c.Do(req)
	if err != nil {
		u.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// upload sends a photo as this user: the status and the photo's id.
func (u *user) upload(name string, data []byte) (int, string) {
	u.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", u.base+"/api/photos", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set(auth.CSRFHeader, u.csrf)
	res, err := u.c.Do(req)
	if err != nil {
		u.t.Fatal(err)
	}
	defer res.Body.Close()
	var rec struct{ ID string }
	json.NewDecoder(res.Body).Decode(&rec)
	return res.StatusCode, rec.ID
}

func TestLoginLogoutAndPrivateLibraries(t *testing.T) {
	s := newSite(t, ui.Options{}, auth.Options{})
	if res, _ := get(t, s.srv.URL+"/api/photos"); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("GET /api/photos without a session = %d, want 401", res.StatusCode)
	}
	anon := &user{t: t, base: s.srv.URL, c: &http.Client{}}
	if code, body := anon.do("POST", "/api/login", `{"name":"admin","password":"wrong"}`); code != http.StatusUnauthorized ||
		!strings.Contains(body, "bad_credentials") {
		t.Errorf("wrong password: %d %s", code, body)
	}
	alice, bob := s.addUser(t, "alice"), s.addUser(t, "bob")
	code, id := alice.upload("a.jpg", exiftest.JPEG(exiftest.Gray(40, 30), exiftest.Tags{}))
	if code != http.StatusCreated {
		t.Fatalf("alice's upload: %d", code)
	}
	if code, body := alice.do("GET", "/api/photos", ""); code != 200 || !strings.Contains(body, id) {
		t.Errorf("alice's library: %d %s", code, body)
	}
	if code, body := bob.do("GET", "/api/photos", ""); code != 200 || strings.Contains(body, id) || !strings.Contains(body, `"total":0`) {
		t.Errorf("bob sees alice's photo: %d %s", code, body)
	}
	for _, path := range []string{"/api/photos/" + id, "/api/photos/" + id + "/thumb/tile", "/api/photos/" + id + "/original"} {
		if code, _ := bob.do("GET", path, ""); code != http.StatusNotFound {
			t.Errorf("bob GET %s = %d, want 404", path, code)
		}
	}
	// The same file uploaded by bob is his own copy: alice's stays hers.
	if code, _ := bob.upload("same.jpg", exiftest.JPEG(exiftest.Gray(40, 30), exiftest.Tags{})); code != http.StatusCreated {
		t.Errorf("bob's upload of the same file = %d, want 201 (a new photo in his library)", code)
	}

	if code, body := alice.do("GET", "/api/session", ""); code != 200 || !strings.Contains(body, `"name":"alice"`) || !strings.Contains(body, alice.csrf) {
		t.Errorf("session: %d %s", code, body)
	}
	if code, _ := alice.do("PUT", "/api/password", `{"current":"wrong","new":"a new password"}`); code != http.StatusUnauthorized {
		t.Errorf("password change with a wrong current password = %d, want 401", code)
	}
	if code, _ := alice.do("PUT", "/api/password", `{"current":"alice password","new":"short"}`); code != http.StatusBadRequest {
		t.Errorf("too short a new password = %d, want 400", code)
	}
	other := s.login(t, "alice", "alice password")
	if code, _ := alice.do("PUT", "/api/password", `{"current":"alice password","new":"a new password"}`); code != http.StatusNoContent {
		t.Errorf("password change = %d", code)
	}
	if code, _ := other.do("GET", "/api/photos", ""); code != http.StatusUnauthorized {
		t.Errorf("alice's other session after the change = %d, want 401", code)
	}
	if code, _ := alice.do("GET", "/api/photos", ""); code != 200 {
		t.Errorf("the session that changed the password = %d, want it kept", code)
	}
	if code, _ := alice.do("POST", "/api/logout", ""); code != http.StatusNoContent {
		t.Errorf("logout = %d", code)
	}
	if code, _ := alice.do("GET", "/api/photos", ""); code != http.StatusUnauthorized {
		t.Errorf("after logout = %d, want 401", code)
	}
	s.login(t, "alice", "a new password")
}

func TestAdminManagesUsers(t *testing.T) {
	s := newSite(t, ui.Options{}, auth.Options{})
	admin := s.login(t, "admin", "admin password")
	code, body := admin.do("POST", "/api/users", `{"name":"carol"}`)
	var made struct {
		Password string
		User     struct{ Name string }
	}
	json.Unmarshal([]byte(body), &made)
	if code != http.StatusCreated || made.User.Name != "carol" || len(made.Password) != 20 {
		t.Fatalf("add carol: %d %s", code, body)
	}
	carol := s.login(t, "carol", made.Password)
	for _, c := range []struct{ method, path, body string }{
		{"GET", "/api/users", ""}, {"POST", "/api/users", `{"name":"mallory","password":"12345678"}`},
		{"PATCH", "/api/users/admin", `{"disabled":true}`}, {"DELETE", "/api/users/admin", ""},
	} {
		if code, _ := carol.do(c.method, c.path, c.body); code != http.StatusForbidden {
			t.Errorf("carol %s %s = %d, want 403", c.method, c.path, code)
		}
	}
	if code, _ := admin.do("POST", "/api/users", `{"name":"CAROL","password":"12345678"}`); code != http.StatusConflict {
		t.Errorf("a second carol = %d, want 409", code)
	}
	if code, _ := admin.do("PATCH", "/api/users/carol", `{"disabled":true}`); code != 200 {
		t.Errorf("disable carol = %d", code)
	}
	if code, _ := carol.do("GET", "/api/photos", ""); code != http.StatusUnauthorized {
		t.Errorf("disabled carol's session = %d, want 401", code)
	}
	anon := &user{t: t, base: s.srv.URL, c: &http.Client{}}
	if code, _ := anon.do("POST", "/api/login", `{"name":"carol","password":"`+made.Password+`"}`); code != http.StatusUnauthorized {
		t.Errorf("disabled carol logs in: %d", code)
	}
	if code, _ := admin.do("DELETE", "/api/users/admin", ""); code != http.StatusBadRequest {
		t.Errorf("admin removes themselves = %d, want 400", code)
	}
	if code, _ := admin.do("DELETE", "/api/users/carol", ""); code != http.StatusNoContent {
		t.Errorf("remove carol = %d", code)
	}
	if code, body := admin.do("GET", "/api/users", ""); code != 200 || strings.Contains(body, "carol") {
		t.Errorf("users after removing carol: %d %s", code, body)
	}
}

func TestAPITokens(t *testing.T) {
	s := newSite(t, ui.Options{}, auth.Options{})
	alice := s.addUser(t, "alice")
	code, body := alice.do("POST", "/api/tokens", `{"name":"backup"}`)
	var tok struct{ ID, Token string }
	json.Unmarshal([]byte(body), &tok)
	if code != http.StatusCreated || !strings.HasPrefix(tok.Token, "sajin_") {
		t.Fatalf("make token: %d %s", code, body)
	}
	script := func() int {
		req, _ := http.NewRequest("POST", s.srv.URL+"/api/events", strings.NewReader(`{"kind":"search","query":"x"}`))
		req.Header.Set("Authorization", "Bearer "+tok.Token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if code := script(); code != http.StatusNoContent {
		t.Errorf("a script with the token = %d, want 204 (no CSRF needed)", code)
	}
	if code, body := alice.do("GET", "/api/tokens", ""); code != 200 || !strings.Contains(body, `"backup"`) || strings.Contains(body, tok.Token) {
		t.Errorf("token list: %d %s (must not hold the secret)", code, body)
	}
	if code, _ := alice.do("DELETE", "/api/tokens/"+tok.ID, ""); code != http.StatusNoContent {
		t.Errorf("revoke = %d", code)
	}
	if code := script(); code != http.StatusUnauthorized {
		t.Errorf("a revoked token = %d, want 401", code)
	}
}

func TestLoginThrottledOverHTTP(t *testing.T) {
	s := newSite(t, ui.Options{}, auth.Options{AccountThrottle: &auth.Throttle{Free: 3, Base: 30 * time.Second, Max: time.Hour}})
	anon := &user{t: t, base: s.srv.URL, c: &http.Client{}}
	for range 4 { // three free failures, and a fourth that locks the account
		anon.do("POST", "/api/login", `{"name":"admin","password":"guess"}`)
	}
	req, _ := http.NewRequest("POST", s.srv.URL+"/api/login", strings.NewReader(`{"name":"admin","password":"admin password"}`))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
		t.Errorf("login after 4 failures = %d (Retry-After %q), want 429 with Retry-After even with the right password",
			res.StatusCode, res.Header.Get("Retry-After"))
	}
}

func TestQuotaAndUploadRate(t *testing.T) {
	s := newSite(t, ui.Options{UploadRate: 0.001, UploadBurst: 3}, auth.Options{})
	alice := s.addUser(t, "alice")
	photo := func(i int) []byte { return exiftest.JPEG(exiftest.Gray(30+i, 20), exiftest.Tags{}) }
	first := photo(0)
	quota := int64(len(first)) + 100
	if _, err := s.auth.Update(t.Context(), "alice", nil, nil, &quota); err != nil {
		t.Fatal(err)
	}
	if code, _ := alice.upload("0.jpg", first); code != http.StatusCreated {
		t.Fatalf("first upload = %d", code)
	}
	if code, _ := alice.upload("1.jpg", photo(1)); code != http.StatusInsufficientStorage {
		t.Errorf("upload over the quota = %d, want 507", code)
	}
	if code, body := alice.do("GET", "/api/session", ""); !strings.Contains(body, `"used_bytes"`) || code != 200 {
		t.Errorf("session: %d %s", code, body)
	}
	// Three uploads a burst: the fourth waits.
	bob := s.addUser(t, "bob")
	for i := range 3 {
		if code, _ := bob.upload("b.jpg", photo(10+i)); code != http.StatusCreated {
			t.Errorf("bob's upload %d = %d", i, code)
		}
	}
	req, _ := http.NewRequest("POST", s.srv.URL+"/api/photos", strings.NewReader("x"))
	req.Header.Set(auth.CSRFHeader, bob.csrf)
	res, err := bob.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
		t.Errorf("4th upload at once = %d (Retry-After %q), want 429", res.StatusCode, res.Header.Get("Retry-After"))
	}
}

func TestSecurityHeaders(t *testing.T) {
	s := newSite(t, ui.Options{}, auth.Options{})
	for _, path := range []string{"/", "/app.js", "/api/photos", "/s/" + strings.Repeat("x", 43)} {
		res, _ := get(t, s.srv.URL+path)
		h := res.Header
		csp := h.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") ||
			h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" || h.Get("X-Frame-Options") != "DENY" {
			t.Errorf("GET %s headers: %v", path, h)
		}
	}
	// The CSP forbids inline scripts: the web app must have none (and no inline event handlers).
	for _, page := range []string{"/", "/s/" + strings.Repeat("x", 43)} {
		_, body := get(t, s.srv.URL+page)
		html := string(body)
		for i := strings.Index(html, "<script"); i >= 0; i = strings.Index(html, "<script") {
			tag := html[i : i+strings.Index(html[i:], ">")+1]
			if !strings.Contains(tag, "src=") || !strings.HasPrefix(html[i+len(tag):], "</script>") {
				t.Errorf("%s has an inline script: %s", page, html[i:min(len(html), i+80)])
			}
			html = html[i+len(tag):]
		}
		if strings.Contains(string(body), " onclick=") || strings.Contains(string(body), " onload=") {
			t.Errorf("%s has inline event handlers", page)
		}
	}
}

func TestCrossSiteRequestsRefused(t *testing.T) {
	s := newSite(t, ui.Options{}, auth.Options{})
	alice := s.addUser(t, "alice")
	req, _ := http.NewRequest("POST", s.srv.URL+"/api/events", strings.NewReader(`{"kind":"search","query":"x"}`))
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.Header.Set(auth.CSRFHeader, alice.csrf)
	req.Header.Set("Content-Type", "application/json")
	res, err := alice.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site POST = %d, want 403", res.StatusCode)
	}
	alice.csrf = ""
	if code, _ := alice.do("POST", "/api/events", `{"kind":"search","query":"x"}`); code != http.StatusForbidden {
		t.Errorf("POST without the CSRF header = %d, want 403", code)
	}
}

func TestCookiesOverTLS(t *testing.T) {
	l := ingesttest.New(t, ingest.Options{})
	a := auth.New(l.Catalog, auth.Options{})
	a.EnsureAdmin(t.Context(), "admin password")
	srv := httptest.NewTLSServer(ui.New(deps(l, a), ui.Options{}))
	t.Cleanup(srv.Close)
	res, err := srv.Client().Post(srv.URL+"/api/login", "application/json", strings.NewReader(`{"name":"admin","password":"admin password"}`))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 || len(res.Cookies()) != 2 || res.Header.Get("Strict-Transport-Security") == "" {
		t.Fatalf("login over TLS: %d, cookies %v, HSTS %q", res.StatusCode, res.Cookies(), res.Header.Get("Strict-Transport-Security"))
	}
	for _, c := range res.Cookies() {
		if !c.Secure || c.SameSite != http.SameSiteLaxMode || c.HttpOnly != (c.Name == auth.SessionCookie) {
			t.Errorf("cookie %s: Secure %v, SameSite %v, HttpOnly %v", c.Name, c.Secure, c.SameSite, c.HttpOnly)
		}
	}
}

func TestQuotaLeftForMountedHandlers(t *testing.T) {
	l := ingesttest.New(t, ingest.Options{})
	a := auth.New(l.Catalog, auth.Options{})
	d := deps(l, a)
	d.Storage = l.Catalog
	srv := ui.New(d, ui.Options{})
	u, _ := a.AddUser(t.Context(), "mina", "mina password", false)
	quota := int64(1000)
	srv.Mount("/dav/", a.RequireBasic("Sajin", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		left, err := srv.QuotaLeft(r)
		lib, ok := auth.RequestLibrary(r)
		if err != nil || !ok || lib != u.Library {
			t.Errorf("QuotaLeft = %d, %v; library %q %v", left, err, lib, ok)
		}
		w.Header().Set("Left", strconv.FormatInt(left, 10))
	})))
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	put := func() string {
		req, _ := http.NewRequest("PUT", hs.URL+"/dav/a.jpg", nil)
		req.SetBasicAuth("mina", "mina password")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.Header.Get("Content-Security-Policy") == "" {
			t.Error("a mounted handler's answer lacks the security headers")
		}
		return res.Header.Get("Left")
	}
	if got := put(); got != "-1" {
		t.Errorf("no quota: left %s, want -1", got)
	}
	a.Update(t.Context(), "mina", nil, nil, &quota)
	if got := put(); got != "1000" {
		t.Errorf("quota 1000, nothing stored: left %s", got)
	}
	if res, _ := get(t, hs.URL+"/app.js"); res.StatusCode != 200 {
		t.Errorf("the web app beside a mounted prefix: %d", res.StatusCode)
	}
}
