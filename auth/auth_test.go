package auth_test

import (
	"bytes"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sajin/auth"
	"sajin/ingest/catalog"
)

func TestPasswordHash(t *testing.T) {
	h, err := auth.HashPassword("correct horse")
	if err != nil || !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("HashPassword = %q, %v", h, err)
	}
	if h2, _ := auth.HashPassword("correct horse"); h2 == h {
		t.Error("two hashes of one password are equal: no salt")
	}
	for _, c := range []struct {
		pw   string
		want bool
	}{{"correct horse", true}, {"correct hors", false}, {"", false}} {
		if ok, err := auth.VerifyPassword(h, c.pw); ok != c.want || err != nil {
			t.Errorf("VerifyPassword(%q) = %v, %v, want %v", c.pw, ok, err, c.want)
		}
	}
	for _, bad := range []string{"", "plain", "$argon2id$v=19$m=99999999,t=2,p=1$AAAA$AAAA", "$bcrypt$x$y$z$w"} {
		if _, err := auth.VerifyPassword(bad, "x"); !errors.Is(err, auth.ErrBadHash) {
			t.Errorf("VerifyPassword(%q) err = %v, want ErrBadHash", bad, err)
		}
	}
}

func TestTokens(t *testing.T) {
	a, b := auth.NewToken(), auth.NewToken()
	if len(a) != 43 || a == b {
		t.Errorf("NewToken = %q, %q: want 43 characters (256 bits), different", a, b)
	}
	if p := auth.NewPassword(); len(p) != 20 {
		t.Errorf("NewPassword = %q, want 20 characters", p)
	}
	if auth.TokenHash(a) == a || len(auth.TokenHash(a)) != 64 {
		t.Errorf("TokenHash(%q) = %q", a, auth.TokenHash(a))
	}
}

func TestThrottleBacksOff(t *testing.T) {
	th := &auth.Throttle{Free: 3, Base: time.Second, Max: 8 * time.Second}
	now := time.Unix(1e9, 0)
	var got []time.Duration
	for range 7 {
		got = append(got, th.Fail("bob", now))
	}
	want := []time.Duration{0, 0, 0, 1 * time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("delays = %v, want %v", got, want)
		}
	}
	if w := th.Wait("bob", now.Add(3*time.Second)); w != 5*time.Second {
		t.Errorf("Wait = %v, want 5s", w)
	}
	if w := th.Wait("alice", now); w != 0 {
		t.Errorf("another key waits %v", w)
	}
	th.Reset("bob")
	if w := th.Wait("bob", now); w != 0 {
		t.Errorf("after Reset, Wait = %v", w)
	}
	small := &auth.Throttle{Free: 0, Base: time.Second, Max: time.Second, Keys: 10}
	for i := range 1000 {
		small.Fail(string(rune('a'+i%26))+strings.Repeat("x", i), now)
	}
	if small.Wait("a", now) != 0 { // the oldest keys were dropped to stay within Keys
		t.Error("the throttle kept every key")
	}
}

func TestLimiter(t *testing.T) {
	l := &auth.Limiter{Rate: 2, Burst: 3}
	now := time.Unix(1e9, 0)
	for i := range 3 {
		if ok, _ := l.Allow("u", now); !ok {
			t.Fatalf("request %d of the burst refused", i)
		}
	}
	ok, wait := l.Allow("u", now)
	if ok || wait != 500*time.Millisecond {
		t.Errorf("4th at once = %v, %v; want refused, 500ms", ok, wait)
	}
	if ok, _ := l.Allow("v", now); !ok {
		t.Error("another user is limited too")
	}
	if ok, _ := l.Allow("u", now.Add(500*time.Millisecond)); !ok {
		t.Error("refused after the refill time")
	}
}

type fixture struct {
	a    *auth.Auth
	cat  *catalog.Catalog
	logs *bytes.Buffer
	srv  *httptest.Server
}

func newFixture(t *testing.T, opts auth.Options) *fixture {
	t.Helper()
	cat, err := catalog.Open(t.Context(), filepath.Join(t.TempDir(), "catalog.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cat.Close() })
	f := &fixture{cat: cat, logs: &bytes.Buffer{}}
	opts.Logger = slog.New(slog.NewTextHandler(f.logs, nil))
	f.a = auth.New(cat, opts)
	mux := http.NewServeMux()
	who := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lib, _ := auth.LibraryFrom(r.Context())
		id, _ := auth.IdentityFrom(r.Context())
		w.Write([]byte(id.User.Name + " " + lib + " " + id.Via))
	})
	mux.Handle("/api/", f.a.Require(who))
	mux.Handle("/dav/", f.a.RequireBasic("Sajin", who))
	mux.HandleFunc("POST /login", func(w http.ResponseWriter, r *http.Request) {
		value, s, _, err := f.a.Login(r.Context(), r.FormValue("name"), r.FormValue("password"), auth.ClientAddr(r))
		if err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		f.a.StartSession(w, r, value, s)
	})
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fixture) do(t *testing.T, method, path string, header http.Header, cookies ...*http.Cookie) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, f.srv.URL+path, nil)
	for k, v := range header {
		req.Header[k] = v
	}
	for _, c := range cookies {
		req.AddCookie(c)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(res.Body)
	return res.StatusCode, b.String()
}

func TestSessionsTokensAndBasic(t *testing.T) {
	f := newFixture(t, auth.Options{})
	ctx := t.Context()
	created, shown, err := f.a.EnsureAdmin(ctx, "")
	if err != nil || !created || len(shown) != 20 {
		t.Fatalf("EnsureAdmin = %v %q %v", created, shown, err)
	}
	if again, _, _ := f.a.EnsureAdmin(ctx, ""); again {
		t.Error("EnsureAdmin made a second admin")
	}
	bob, err := f.a.AddUser(ctx, "bob", "bobs password", false)
	if err != nil || bob.Library == catalog.DefaultLibrary || !strings.HasPrefix(bob.Library, "lib-") {
		t.Fatalf("AddUser = %+v, %v", bob, err)
	}
	if _, err := f.a.AddUser(ctx, "BOB", "another one", false); !errors.Is(err, catalog.ErrUserExists) {
		t.Errorf("second bob: %v, want ErrUserExists", err)
	}
	if _, err := f.a.AddUser(ctx, "a b", "long enough", false); !errors.Is(err, auth.ErrBadName) {
		t.Errorf("name with a space: %v", err)
	}

	if code, _ := f.do(t, "GET", "/api/x", nil); code != http.StatusUnauthorized {
		t.Errorf("no session: %d, want 401", code)
	}
	res, err := http.PostForm(f.srv.URL+"/login", map[string][]string{"name": {"bob"}, "password": {"bobs password"}})
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("login: %v %v", res.StatusCode, err)
	}
	var session, csrf *http.Cookie
	for _, c := range res.Cookies() {
		switch c.Name {
		case auth.SessionCookie:
			session = c
		case auth.CSRFCookie:
			csrf = c
		}
	}
	if session == nil || !session.HttpOnly || session.SameSite != http.SameSiteLaxMode || csrf == nil || csrf.HttpOnly {
		t.Fatalf("cookies = %+v", res.Cookies())
	}
	if code, body := f.do(t, "GET", "/api/x", nil, session); code != 200 || body != "bob "+bob.Library+" session" {
		t.Errorf("with session: %d %q", code, body)
	}
	if code, _ := f.do(t, "POST", "/api/x", nil, session); code != http.StatusForbidden {
		t.Errorf("POST without CSRF header: %d, want 403", code)
	}
	if code, _ := f.do(t, "POST", "/api/x", http.Header{auth.CSRFHeader: {"wrong"}}, session); code != http.StatusForbidden {
		t.Errorf("POST with a wrong CSRF header: %d, want 403", code)
	}
	if code, _ := f.do(t, "POST", "/api/x", http.Header{auth.CSRFHeader: {csrf.Value}}, session); code != 200 {
		t.Errorf("POST with the CSRF header: %d", code)
	}
	cross := http.Header{auth.CSRFHeader: {csrf.Value}, "Sec-Fetch-Site": {"cross-site"}, "Origin": {"https://evil.example"}}
	if code, _ := f.do(t, "POST", "/api/x", cross, session); code != http.StatusForbidden {
		t.Errorf("cross-site POST: %d, want 403", code)
	}

	_, secret, err := f.a.NewAPIToken(ctx, bob, "backup script")
	if err != nil {
		t.Fatal(err)
	}
	if code, body := f.do(t, "POST", "/api/x", http.Header{"Authorization": {"Bearer " + secret}}); code != 200 || !strings.HasSuffix(body, "token") {
		t.Errorf("bearer token: %d %q", code, body)
	}
	basic := func(user, pw string) http.Header {
		r, _ := http.NewRequest("GET", "/", nil)
		r.SetBasicAuth(user, pw)
		return r.Header
	}
	if code, body := f.do(t, "PUT", "/dav/a.jpg", basic("bob", "bobs password")); code != 200 || !strings.HasSuffix(body, "basic") {
		t.Errorf("basic with password: %d %q", code, body)
	}
	if code, _ := f.do(t, "PUT", "/dav/a.jpg", basic("bob", secret)); code != 200 {
		t.Errorf("basic with token: %d", code)
	}
	if code, _ := f.do(t, "PUT", "/dav/a.jpg", basic("admin", secret)); code != http.StatusUnauthorized {
		t.Errorf("basic with another user's token: %d, want 401", code)
	}
	if code, _ := f.do(t, "PUT", "/dav/a.jpg", nil); code != http.StatusUnauthorized {
		t.Errorf("dav without credentials: %d", code)
	}

	// Disabling bob ends his session and refuses his token.
	yes := true
	if _, err := f.a.Update(ctx, "bob", nil, &yes, nil); err != nil {
		t.Fatal(err)
	}
	if code, _ := f.do(t, "GET", "/api/x", nil, session); code != http.StatusUnauthorized {
		t.Errorf("disabled user's session: %d", code)
	}
	if code, _ := f.do(t, "GET", "/api/x", http.Header{"Authorization": {"Bearer " + secret}}); code != http.StatusUnauthorized {
		t.Errorf("disabled user's token: %d", code)
	}
	if _, err := f.a.Update(ctx, "admin", nil, &yes, nil); !errors.Is(err, auth.ErrLastAdmin) {
		t.Errorf("disabling the last admin: %v", err)
	}
	if err := f.a.Remove(ctx, "admin"); !errors.Is(err, auth.ErrLastAdmin) {
		t.Errorf("removing the last admin: %v", err)
	}
	for _, secretText := range []string{shown, secret, session.Value, csrf.Value, "bobs password"} {
		if strings.Contains(f.logs.String(), secretText) {
			t.Errorf("the log holds a secret: %q\n%s", secretText, f.logs)
		}
	}
}

func TestLoginThrottled(t *testing.T) {
	f := newFixture(t, auth.Options{
		AccountThrottle: &auth.Throttle{Free: 3, Base: time.Minute, Max: time.Hour},
		AddressThrottle: &auth.Throttle{Free: 6, Base: time.Minute, Max: time.Hour},
	})
	ctx := t.Context()
	f.a.AddUser(ctx, "carol", "carols password", false)
	f.a.AddUser(ctx, "dave", "daves password", false)
	for i := range 3 {
		if _, _, _, err := f.a.Login(ctx, "carol", "guess", "10.0.0.1"); !errors.Is(err, auth.ErrBadCredentials) {
			t.Fatalf("failure %d: %v", i, err)
		}
	}
	_, _, _, err := f.a.Login(ctx, "carol", "guess", "10.0.0.1")
	var thr *auth.ThrottledError
	if !errors.As(err, &thr) || thr.RetryAfter != time.Minute {
		t.Fatalf("4th failure: %v, want throttled for a minute", err)
	}
	// Locked: even the right password waits, from any address.
	if _, _, _, err := f.a.Login(ctx, "carol", "carols password", "10.0.0.2"); !errors.Is(err, auth.ErrThrottled) {
		t.Errorf("right password while locked: %v", err)
	}
	// Another account from the same address still works until the address has failed too often.
	if _, _, _, err := f.a.Login(ctx, "dave", "daves password", "10.0.0.1"); err != nil {
		t.Errorf("dave: %v", err)
	}
	for range 2 {
		f.a.Login(ctx, "dave", "guess", "10.0.0.1")
	}
	if _, _, _, err := f.a.Login(ctx, "nobody", "guess", "10.0.0.1"); !errors.Is(err, auth.ErrThrottled) {
		t.Errorf("7th failure from one address: %v, want throttled", err)
	}
	if _, _, _, err := f.a.Login(ctx, "dave", "daves password", "10.0.0.3"); err != nil {
		t.Errorf("dave from another address: %v", err)
	}
}

func TestPublicMode(t *testing.T) {
	f := newFixture(t, auth.Options{Public: true})
	if code, body := f.do(t, "POST", "/api/x", nil); code != 200 || body != "admin default public" {
		t.Errorf("public: %d %q", code, body)
	}
	cross := http.Header{"Sec-Fetch-Site": {"cross-site"}, "Origin": {"https://evil.example"}}
	if code, _ := f.do(t, "POST", "/api/x", cross); code != http.StatusForbidden {
		t.Errorf("cross-site POST in public mode: %d, want 403", code)
	}
}
