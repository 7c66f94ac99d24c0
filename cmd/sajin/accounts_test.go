package main

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"sajin/auth"
	"sajin/ingest"
	"sajin/ingest/catalog"
	"sajin/ingest/exif/exiftest"
	"sajin/ingest/ingesttest"
	"sajin/ui"
)

// session is a logged-in client of a test server.
type session struct {
	t    *testing.T
	base string
	c    *http.Client
	csrf string
}

func login(t *testing.T, base, name, password string) *session {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	s := &session{t: t, base: base, c: &http.Client{Jar: jar}}
	code, body := s.do("POST", "/api/login", `{"name":"`+name+`","password":"`+password+`"}`)
	if code != http.StatusOK {
		t.Fatalf("login %s: %d %s", name, code, body)
	}
	var out struct{ CSRF string }
	json.Unmarshal([]byte(body), &out)
	s.csrf = out.CSRF
	return s
}

func (s *session) do(method, path, body string) (int, string) {
	s.t.Helper()
	req, _ := http.NewRequest(method, s.base+path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if s.csrf != "" {
		req.Header.Set(auth.CSRFHeader, s.csrf)
	}
	res, err := s.c.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func (s *session) upload(name string, data []byte) (int, string) {
	s.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", s.base+"/api/photos", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set(auth.CSRFHeader, s.csrf)
	res, err := s.c.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	var rec struct{ ID string }
	json.NewDecoder(res.Body).Decode(&rec)
	return res.StatusCode, rec.ID
}

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

// TestEveryRouteIsPrivate walks every route the server registers as user B, with user A's photo, album, share
// and token ids in the path and the body: each answers 404 or 403 and changes nothing of A's; routes without ids
// answer B's own data, in which nothing of A's appears. Then every route but login and share links answers 401
// without a session. A route added later without a case here fails the test.
func TestEveryRouteIsPrivate(t *testing.T) {
	l := ingesttest.New(t, ingest.Options{})
	logs := &syncBuffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	a := auth.New(l.Catalog, auth.Options{Logger: log})
	if _, _, err := a.EnsureAdmin(t.Context(), "admin password"); err != nil {
		t.Fatal(err)
	}
	people := ingest.NewPeople(l.Catalog, 0)
	srv := ui.New(ui.Deps{Importer: l.Pipeline, Catalog: l.Catalog, Records: l.Records(), Searcher: l.Index, Files: l.Store,
		Albums: albumService{cat: l.Catalog, people: people}, People: peopleService{people: people, pipeline: l.Pipeline, cat: l.Catalog},
		Usage: loadUsage(l.Catalog), Suggester: suggester{cat: l.Catalog, people: people}, Auth: a, Shares: l.Catalog, Storage: l.Catalog},
		ui.Options{Logger: log})
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	for _, name := range []string{"alice", "bob"} {
		if _, err := a.AddUser(t.Context(), name, name+" password", false); err != nil {
			t.Fatal(err)
		}
	}
	alice, bob := login(t, hs.URL, "alice", "alice password"), login(t, hs.URL, "bob", "bob password")

	// Alice's things.
	code, photo := alice.upload("alice-secret.jpg", exiftest.JPEG(exiftest.Gray(40, 30), exiftest.Tags{Make: "AliceCam"}))
	if code != http.StatusCreated {
		t.Fatalf("alice's upload: %d", code)
	}
	l.Pipeline.Work(t.Context())
	// A face in alice's photo, clustered into a person of hers.
	aliceUser, _ := a.User(t.Context(), "alice")
	embedding := make([]float32, 128)
	embedding[0] = 1
	if err := l.Catalog.SaveVision(t.Context(), aliceUser.Library, photo, catalog.Vision{Faces: []catalog.Face{
		{Box: catalog.Box{0.1, 0.1, 0.5, 0.5}, Score: 0.9, Embedding: embedding, Source: "test"}}}); err != nil {
		t.Fatal(err)
	}
	if errs := people.Stage().Run(t.Context(), []catalog.Job{{Library: aliceUser.Library, PhotoID: photo, Stage: ingest.StagePeople}}); errs[0] != nil {
		t.Fatal(errs[0])
	}
	var ppl struct{ People []struct{ ID string } }
	_, pb := alice.do("GET", "/api/people", "")
	json.Unmarshal([]byte(pb), &ppl)
	if len(ppl.People) != 1 {
		t.Fatalf("alice's people: %s", pb)
	}
	person := ppl.People[0].ID
	var album, share, token struct{ ID, URL, Token string }
	for _, c := range []struct {
		path, body string
		into       any
	}{
		{"/api/albums", `{"title":"Alice album","photos":["` + photo + `"]}`, &album},
		{"/api/shares", `{"kind":"photo","photos":["` + photo + `"]}`, &share},
		{"/api/tokens", `{"name":"alice script"}`, &token},
		{"/api/photos/" + photo + "/labels", `{"label":"dog"}`, nil},
		{"/api/photos/" + photo + "/favourite", ``, nil},
	} {
		method := "POST"
		if strings.HasSuffix(c.path, "favourite") {
			method = "PUT"
		}
		code, body := alice.do(method, c.path, c.body)
		if code >= 300 {
			t.Fatalf("alice %s %s: %d %s", method, c.path, code, body)
		}
		if c.into != nil {
			json.Unmarshal([]byte(body), c.into)
		}
	}
	aliceState := func() string {
		var parts []string
		for _, path := range []string{"/api/photos/" + photo, "/api/albums?photos=1", "/api/shares", "/api/tokens", "/api/people"} {
			_, b := alice.do("GET", path, "")
			parts = append(parts, regexp.MustCompile(`"(views|last_used)":[^,}]*`).ReplaceAllString(b, ""))
		}
		return strings.Join(parts, "\n")
	}
	before := aliceState()
	secrets := []string{photo, person, album.ID, share.ID, strings.TrimPrefix(share.URL, "/s/"), token.ID, "alice-secret", "AliceCam", "Alice album"}

	// Bob's walk. Route parameters take Alice's ids; bodies name Alice's photo.
	params := map[string]string{"{photo}": photo, "{key}": "dog", "{size}": "tile", "{name}": "alice"}
	idFor := map[string]string{"/api/photos/": photo, "/api/albums/": album.ID, "/api/people/": person, "/api/shares/": share.ID, "/api/tokens/": token.ID}
	bodies := map[string]string{
		"POST /api/albums":                `{"title":"x","photos":["` + photo + `"]}`,
		"POST /api/albums/{id}/photos":    `{"photos":["` + photo + `"]}`,
		"POST /api/events":                `{"kind":"open","photo_id":"` + photo + `"}`,
		"POST /api/shares":                `{"kind":"photos","photos":["` + photo + `"]}`,
		"POST /api/photos/{id}/labels":    `{"label":"cat"}`,
		"PUT /api/people/{id}":            `{"name":"x"}`,
		"POST /api/people/{id}/merge":     `{"from":"` + person + `"}`,
		"POST /api/people/{id}/split":     `{"photos":["` + photo + `"]}`,
		"POST /api/tokens":                `{"name":"bob script"}`,
		"PUT /api/password":               `{"current":"wrong","new":"whatever password"}`,
		"POST /api/users":                 `{"name":"mallory","password":"12345678"}`,
		"PATCH /api/users/{name}":         `{"disabled":true}`,
		"POST /api/s/{token}/unlock":      `{"password":"x"}`,
		"POST /api/photos/{id}/favourite": ``,
	}
	// Routes without an id: what bob may do with his own library.
	own := map[string]int{
		"GET /api/photos": 200, "GET /api/timeline": 200, "GET /api/search": 200, "GET /api/suggest": 200,
		"GET /api/albums": 200, "GET /api/people": 200, "GET /api/shares": 200, "GET /api/tokens": 200,
		"GET /api/session": 200, "GET /api/health": 200, "POST /api/tokens": 201, "PUT /api/password": 401,
		"POST /api/albums": 404, "POST /api/events": 404, "POST /api/shares": 404, "POST /api/logout": 204,
	}
	var last string
	for _, r := range srv.Routes() {
		if r.Open {
			continue // login and share links prove nothing but a token: tested in ui's share tests
		}
		method, path, _ := strings.Cut(r.Pattern, " ")
		if r.Pattern == "POST /api/logout" {
			last = r.Pattern
			continue
		}
		if r.Pattern == "POST /api/photos" {
			if code, _ := bob.upload("bob.jpg", exiftest.JPEG(exiftest.Gray(41, 30), exiftest.Tags{})); code != http.StatusCreated {
				t.Errorf("bob's own upload = %d", code)
			}
			continue
		}
		filled := path
		for prefix, id := range idFor {
			if strings.HasPrefix(filled, prefix+"{id}") {
				filled = strings.Replace(filled, "{id}", id, 1)
			}
		}
		for k, v := range params {
			filled = strings.ReplaceAll(filled, k, v)
		}
		if strings.Contains(filled, "{") {
			t.Errorf("%s: no value for a parameter of this route; add one to the test", r.Pattern)
			continue
		}
		took := filled != path // the route takes one of alice's ids
		if method == "GET" && (filled == "/api/search" || filled == "/api/suggest") {
			filled += "?q=alice"
		}
		code, body := bob.do(method, filled, bodies[r.Pattern])
		want, listed := own[r.Pattern]
		switch {
		case r.Admin:
			if code != http.StatusForbidden {
				t.Errorf("bob %s %s = %d, want 403 (admins only)", method, filled, code)
			}
		case took:
			if code != http.StatusNotFound && code != http.StatusForbidden {
				t.Errorf("bob %s %s = %d %s, want 404 or 403", method, filled, code, body)
			}
		case !listed:
			t.Errorf("%s: a route without ids that this test does not know; add what bob may expect", r.Pattern)
		case code != want:
			t.Errorf("bob %s %s = %d %s, want %d", method, filled, code, body, want)
		}
		for _, s := range secrets {
			if strings.Contains(body, s) && !strings.Contains(filled+bodies[r.Pattern], s) { // echoing bob's own request is no leak
				t.Errorf("bob %s %s: the answer holds alice's %q: %s", method, filled, s, body)
			}
		}
	}
	if after := aliceState(); after != before {
		t.Errorf("bob's walk changed alice's things:\nbefore %s\nafter  %s", before, after)
	}
	if code, _ := bob.do("POST", strings.TrimPrefix(last, "POST "), ""); code != http.StatusNoContent {
		t.Errorf("bob's logout = %d", code)
	}

	// Nobody: every route but the open ones answers 401.
	for _, r := range srv.Routes() {
		if r.Open {
			continue
		}
		method, path, _ := strings.Cut(r.Pattern, " ")
		req, _ := http.NewRequest(method, hs.URL+strings.NewReplacer("{id}", photo, "{photo}", photo, "{key}", "dog",
			"{size}", "tile", "{name}", "alice").Replace(path), strings.NewReader("{}"))
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusUnauthorized {
			t.Errorf("%s without a session = %d, want 401", r.Pattern, res.StatusCode)
		}
	}
	for _, s := range []string{"alice password", "bob password", "admin password", alice.csrf, bob.csrf, share.URL[3:]} {
		if strings.Contains(logs.String(), s) {
			t.Errorf("the server log holds a secret %q", s)
		}
	}
}

// TestAccountsWithTheBinary runs the real binary: the first admin made by `sajin user`, users added from the
// command line, an import into a user's library with --user while the server runs, login, disabling, and a
// server log free of passwords, cookies and tokens.
func TestAccountsWithTheBinary(t *testing.T) {
	data := t.TempDir()
	run := func(stdin string, env []string, args ...string) (string, string) {
		t.Helper()
		cmd := exec.Command(sajinBin, args...)
		cmd.Env = append(append(os.Environ(), "SAJIN_DATA=", "SAJIN_ADMIN_PASSWORD="), env...)
		cmd.Stdin = strings.NewReader(stdin)
		var out, errs bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errs
		if err := cmd.Run(); err != nil {
			t.Fatalf("sajin %s: %v\n%s", strings.Join(args, " "), err, errs.String())
		}
		return out.String(), errs.String()
	}
	out, banner := run("bob's password 1\n", nil, "user", "add", "--data", data, "--password-stdin", "bob")
	m := regexp.MustCompile(`password: (\S{20})`).FindStringSubmatch(banner)
	if m == nil || !strings.Contains(out, "added bob") {
		t.Fatalf("first `sajin user` run: stdout %q, stderr %q: want the admin's password shown once", out, banner)
	}
	adminPassword := m[1]
	if _, again := run("", nil, "user", "list", "--data", data); strings.Contains(again, "password") {
		t.Errorf("the admin's password is shown a second time: %s", again)
	}
	out, _ = run("", nil, "user", "list", "--data", data, "--json")
	if strings.Count(out, "\n") != 2 || !strings.Contains(out, `{"admin":true,`) || !strings.Contains(out, `"name":"admin"`) || strings.Contains(out, "argon2") {
		t.Errorf("user list: %s", out)
	}

	addr := freeTCPAddr(t)
	srv := exec.Command(sajinBin, "serve", "--data", data, "--addr", addr, "--no-vision", "-v")
	srv.Env = append(os.Environ(), "SAJIN_DATA=")
	logs := &syncBuffer{}
	srv.Stdout, srv.Stderr = logs, logs
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	defer srv.Process.Kill()
	base := "http://" + addr
	waitUp(t, base, logs)
	if res, err := http.Get(base + "/api/photos"); err != nil || res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("GET /api/photos without login: %v %v", res.StatusCode, err)
	}
	admin := login(t, base, "admin", adminPassword)
	bob := login(t, base, "bob", "bob's password 1")
	src := t.TempDir()
	path := photo(t, src, "IMG_20150803_081500.jpg", 7, exiftest.Tags{Make: "Canon"}, 320, 240)
	if lines := importLines(t, sajin(t, "import", "--data", data, "--user", "bob", "--json", "--no-vision", path)); len(lines) != 1 || lines[0].Status != "imported" {
		t.Fatalf("import --user bob: %+v", lines)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		_, body := bob.do("GET", "/api/search?q=2015", "")
		if strings.Contains(body, "IMG_20150803_081500.jpg") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("bob's imported photo never showed in his search: %s", body)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if _, body := admin.do("GET", "/api/photos", ""); !strings.Contains(body, `"total":0`) {
		t.Errorf("the admin sees bob's photo: %s", body)
	}
	_, tokBody := bob.do("POST", "/api/tokens", `{"name":"phone"}`)
	_, shareBody := bob.do("POST", "/api/shares", `{"kind":"search","query":"2015","password":"link password"}`)
	run("", nil, "user", "disable", "--data", data, "bob")
	if code, _ := bob.do("GET", "/api/photos", ""); code != http.StatusUnauthorized {
		t.Errorf("bob's session after `sajin user disable bob` = %d, want 401", code)
	}
	srv.Process.Signal(syscall.SIGTERM)
	srv.Wait()
	if a := searchIDs(t, data, "2015"); a.Total != 0 {
		t.Errorf("`sajin search` as the admin finds bob's photo")
	}
	if out := sajin(t, "search", "--data", data, "--user", "bob", "2015"); !strings.Contains(string(out), "IMG_20150803_081500.jpg") {
		t.Errorf("`sajin search --user bob` does not find his photo: %s", out)
	}
	var tok struct{ Token string }
	var sh struct{ URL string }
	json.Unmarshal([]byte(tokBody), &tok)
	json.Unmarshal([]byte(shareBody), &sh)
	if tok.Token == "" || sh.URL == "" {
		t.Fatalf("token %s, share %s", tokBody, shareBody)
	}
	for _, s := range []string{adminPassword, "bob's password 1", "link password", admin.csrf, bob.csrf, tok.Token, strings.TrimPrefix(sh.URL, "/s/")} {
		if strings.Contains(logs.String(), s) {
			t.Errorf("the server's log holds the secret %q", s)
		}
	}
	if !strings.Contains(logs.String(), "login") {
		t.Errorf("the log does not record logins (it should, without secrets): %s", logs.String())
	}

	// Removing bob removes his library's search index too, at the next opening of the data folder.
	indexes := func() []string {
		dirs, _ := filepath.Glob(filepath.Join(data, "index", "photos.bleve", "lib-*"))
		return dirs
	}
	if len(indexes()) != 1 {
		t.Fatalf("search indexes before removing bob: %q, want his only", indexes())
	}
	run("", nil, "user", "remove", "--data", data, "bob")
	sajin(t, "search", "--data", data, "2015")
	if left := indexes(); len(left) != 0 {
		t.Errorf("search indexes after removing bob: %q, want none", left)
	}
}

// waitUp waits for a server started by a test to answer.
func waitUp(t *testing.T, base string, logs interface{ String() string }) {
	t.Helper()
	for i := 0; ; i++ {
		if res, err := http.Get(base + "/api/health"); err == nil {
			res.Body.Close()
			return
		}
		if i == 200 {
			t.Fatalf("server did not start: %s", logs.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}
