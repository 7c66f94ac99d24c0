package ui_test

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"sajin/auth"
	"sajin/ingest"
	"sajin/ingest/exif/exiftest"
	"sajin/ingest/ingesttest"
	"sajin/internal/hostile"
	"sajin/ui"
)

func newServer(t *testing.T, opts ui.Options) (*httptest.Server, *ingesttest.Library) {
	t.Helper()
	l := ingesttest.New(t, ingest.Options{})
	srv := httptest.NewServer(ui.New(deps(l, auth.New(l.Catalog, auth.Options{Public: true})), opts))
	t.Cleanup(srv.Close)
	return srv, l
}

// deps wires a test library into a server's dependencies, with a for accounts.
func deps(l *ingesttest.Library, a *auth.Auth) ui.Deps {
	return ui.Deps{Importer: l.Pipeline, Catalog: l.Catalog, Records: l.Records(), Searcher: l.Index, Files: l.Store, Auth: a}
}

func upload(t *testing.T, url, name string, data []byte) (int, map[string]any) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	res, err := http.Post(url+"/api/photos", mw.FormDataContentType(), &body)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		t.Fatalf("upload %s: status %d, body not JSON: %v", name, res.StatusCode, err)
	}
	return res.StatusCode, out
}

func get(t *testing.T, url string) (*http.Response, []byte) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, b
}

func TestUploadDuplicateThumbSearch(t *testing.T) {
	srv, l := newServer(t, ui.Options{})
	data := exiftest.JPEG(exiftest.Gray(640, 480), exiftest.Tags{DateTimeOriginal: "2015:08:03 08:15:00", Make: "Canon"})
	code, rec := upload(t, srv.URL, "IMG_0001.JPG", data)
	if code != http.StatusCreated || rec["taken_at"] != "2015-08-03T08:15:00" || rec["width"] != 640.0 {
		t.Fatalf("upload = %d %v", code, rec)
	}
	id := rec["id"].(string)
	if code, again := upload(t, srv.URL, "copy.jpg", data); code != http.StatusOK || again["id"] != id {
		t.Errorf("duplicate upload = %d %v, want 200 with id %s", code, again, id)
	}

	res, body := get(t, srv.URL+"/api/photos/"+id+"/thumb/tile")
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/jpeg" ||
		!strings.Contains(res.Header.Get("Cache-Control"), "immutable") || len(body) < 100 {
		t.Errorf("thumb: %d %v, %d bytes", res.StatusCode, res.Header, len(body))
	}
	res, body = get(t, srv.URL+"/api/photos/"+id+"/original")
	if res.StatusCode != 200 || !bytes.Equal(body, data) {
		t.Errorf("original: %d, %d bytes; want the uploaded bytes", res.StatusCode, len(body))
	}

	if _, err := l.Pipeline.Work(t.Context()); err != nil {
		t.Fatal(err)
	}
	_, body = get(t, srv.URL+"/api/search?q=2015%EB%85%84+8%EC%9B%94") // 2015년 8월
	var found struct {
		Total   int                   `json:"total"`
		Results []struct{ ID string } `json:"results"`
	}
	if err := json.Unmarshal(body, &found); err != nil || found.Total != 1 || found.Results[0].ID != id {
		t.Errorf("search = %s (%v)", body, err)
	}
	_, body = get(t, srv.URL+"/api/photos")
	if !strings.Contains(string(body), `"total":1`) {
		t.Errorf("list = %s", body)
	}
}

func TestBadRequestsKeepServing(t *testing.T) {
	srv, _ := newServer(t, ui.Options{MaxUploadBytes: 64 << 10})
	good := exiftest.JPEG(exiftest.Gray(64, 64), exiftest.Tags{})
	cases := []struct {
		name string
		data []byte
		code int
	}{
		{"truncated.jpg", good[:len(good)/2], http.StatusUnprocessableEntity},
		{"bomb.png", hostile.PNGBomb(100000, 100000), http.StatusUnprocessableEntity},
		{"empty.jpg", nil, http.StatusUnprocessableEntity},
		{"big.jpg", make([]byte, 200<<10), http.StatusRequestEntityTooLarge},
	}
	for _, c := range cases {
		code, body := upload(t, srv.URL, c.name, c.data)
		errObj, _ := body["error"].(map[string]any)
		if code != c.code || errObj == nil || errObj["message"] == "" {
			t.Errorf("%s: %d %v, want %d with an error message", c.name, code, body, c.code)
		}
	}
	for _, path := range []string{"/api/photos/0123456789abcdef", "/api/photos/../../etc/passwd", "/api/photos/x/thumb/..%2f..%2fcatalog.db"} {
		if res, _ := get(t, srv.URL+path); res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", path, res.StatusCode)
		}
	}
	res, err := http.Post(srv.URL+"/api/photos", "text/plain", strings.NewReader("hello"))
	if err != nil || res.StatusCode != http.StatusBadRequest {
		t.Errorf("non-multipart upload = %v %v, want 400", res.StatusCode, err)
	}
	if code, _ := upload(t, srv.URL, "ok.jpg", good); code != http.StatusCreated {
		t.Errorf("good upload after bad ones = %d, want 201", code)
	}
	if res, body := get(t, srv.URL+"/"); res.StatusCode != 200 || !strings.Contains(string(body), "Sajin") {
		t.Errorf("web page: %d", res.StatusCode)
	}
}

func TestLabelCorrections(t *testing.T) {
	srv, l := newServer(t, ui.Options{})
	_, rec := upload(t, srv.URL, "a.jpg", exiftest.JPEG(exiftest.Gray(64, 48), exiftest.Tags{}))
	id := rec["id"].(string)
	res, err := http.Post(srv.URL+"/api/photos/"+id+"/labels", "application/json", strings.NewReader(`{"label":"강아지"}`))
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("add label: %v %v", res.StatusCode, err)
	}
	res.Body.Close()
	l.Pipeline.Work(t.Context())
	_, body := get(t, srv.URL+"/api/search?q=puppy") // a synonym of the label 강아지 became
	if !strings.Contains(string(body), id) {
		t.Errorf("search for the added label: %s", body)
	}
	if _, rec := get(t, srv.URL+"/api/photos/"+id); !strings.Contains(string(rec), `"ko":"강아지"`) {
		t.Errorf("the word 강아지 did not become the label dog: %s", rec)
	}
	req, _ := http.NewRequest(http.MethodDelete, srv.URL+"/api/photos/"+id+"/labels/dog", nil)
	res, err = http.DefaultClient.Do(req)
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("remove label: %v %v", res.StatusCode, err)
	}
	res.Body.Close()
	l.Pipeline.Work(t.Context())
	_, body = get(t, srv.URL+"/api/search?q=%EA%B0%95%EC%95%84%EC%A7%80")
	if strings.Contains(string(body), id) {
		t.Errorf("search still finds the removed label: %s", body)
	}
	_, body = get(t, srv.URL+"/api/photos/"+id)
	if strings.Contains(string(body), `"key":"dog"`) {
		t.Errorf("record still shows the removed label: %s", body)
	}
}

func TestEvents(t *testing.T) {
	srv, l := newServer(t, ui.Options{})
	_, rec := upload(t, srv.URL, "a.jpg", exiftest.JPEG(exiftest.Gray(32, 32), exiftest.Tags{}))
	id := rec["id"].(string)
	post := func(body string) int {
		res, err := http.Post(srv.URL+"/api/events", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if code := post(`{"kind":"open","photo_id":"` + id + `"}`); code != http.StatusNoContent {
		t.Errorf("open event = %d", code)
	}
	if code := post(`{"kind":"click","photo_id":"` + id + `","query":"강아지","rank":2}`); code != http.StatusNoContent {
		t.Errorf("click event = %d", code)
	}
	for _, bad := range []string{`{"kind":"hack"}`, `not json`, `{"kind":"open","photo_id":"0000000000000000"}`} {
		if code := post(bad); code != http.StatusBadRequest && code != http.StatusNotFound {
			t.Errorf("event %s = %d, want 400 or 404", bad, code)
		}
	}
	u, _ := l.Catalog.UsageOf(t.Context(), "default", "photo", time.Now(), 0)
	if len(u) != 1 || u[0].Subject != id || u[0].Count != 2 {
		t.Errorf("usage = %+v", u)
	}
}

func TestTimeline(t *testing.T) {
	srv, _ := newServer(t, ui.Options{})
	for i, d := range []string{"2015:08:03 10:00:00", "2015:09:01 10:00:00", "2019:01:01 10:00:00"} {
		upload(t, srv.URL, "a.jpg", exiftest.JPEG(exiftest.Gray(20+i, 10), exiftest.Tags{DateTimeOriginal: d}))
	}
	_, body := get(t, srv.URL+"/api/timeline")
	want := `{"years":[{"year":2019,"count":1,"offset":0},{"year":2015,"count":2,"offset":1}]}`
	if strings.TrimSpace(string(body)) != want {
		t.Errorf("timeline = %s, want %s", body, want)
	}
}

func TestWebAssetsRevalidate(t *testing.T) {
	srv, _ := newServer(t, ui.Options{})
	res, _ := get(t, srv.URL+"/app.js")
	tag := res.Header.Get("ETag")
	if res.StatusCode != 200 || tag == "" {
		t.Fatalf("app.js: %d, ETag %q", res.StatusCode, tag)
	}
	req, _ := http.NewRequest("GET", srv.URL+"/app.js", nil)
	req.Header.Set("If-None-Match", tag)
	again, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	again.Body.Close()
	if again.StatusCode != http.StatusNotModified {
		t.Errorf("revalidation = %d, want 304", again.StatusCode)
	}
}
