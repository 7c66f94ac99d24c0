package ui_test

import (
	"encoding/json"
	"image/jpeg"
	"io"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"testing"

	"sajin/auth"
	"sajin/ingest/exif"
	"sajin/ingest/exif/exiftest"
	"sajin/ui"
)

type link struct {
	ID     string
	URL    string
	Views  int
	Active bool
}

func (u *user) share(body string) link {
	u.t.Helper()
	code, out := u.do("POST", "/api/shares", body)
	var l link
	json.Unmarshal([]byte(out), &l)
	if code != http.StatusCreated || !strings.HasPrefix(l.URL, "/s/") || len(l.URL) < 3+43 {
		u.t.Fatalf("share %s: %d %s", body, code, out)
	}
	return l
}

// visitor opens share links without any account.
func visitor(t *testing.T, base string) *user {
	jar, _ := cookiejar.New(nil)
	return &user{t: t, base: base, c: &http.Client{Jar: jar}}
}

func (u *user) fetch(path string) (*http.Response, []byte) {
	u.t.Helper()
	res, err := u.c.Get(u.base + path)
	if err != nil {
		u.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, b
}

func TestSharePhotosWithoutTheRest(t *testing.T) {
	s := newSite(t, ui.Options{}, auth.Options{})
	alice := s.addUser(t, "alice")
	withGPS := exiftest.JPEG(exiftest.Gray(64, 48), exiftest.Tags{Make: "Canon", DateTimeOriginal: "2015:08:03 08:15:00",
		GPS: &exiftest.GPS{Lat: 33.4996, Lon: 126.5312}})
	_, shared := alice.upload("jeju.jpg", withGPS)
	_, private := alice.upload("private.jpg", exiftest.JPEG(exiftest.Gray(50, 40), exiftest.Tags{}))

	l := alice.share(`{"kind":"photo","photos":["` + shared + `"]}`)
	token := strings.TrimPrefix(l.URL, "/s/")
	v := visitor(t, s.srv.URL)
	res, page := v.fetch(l.URL)
	if res.StatusCode != 200 || !strings.Contains(string(page), "share.js") || res.Header.Get("Referrer-Policy") != "no-referrer" {
		t.Errorf("shared page: %d %q", res.StatusCode, res.Header.Get("Referrer-Policy"))
	}
	res, body := v.fetch("/api/s/" + token)
	if res.StatusCode != 200 || !strings.Contains(string(body), shared) || strings.Contains(string(body), private) ||
		strings.Contains(string(body), "33.4") || strings.Contains(string(body), "Canon") {
		t.Errorf("shared album: %d %s; want the one photo, no GPS, no camera", res.StatusCode, body)
	}
	for _, path := range []string{"/photos/" + private + "/thumb/tile", "/photos/" + private + "/download", "/photos/" + private} {
		if res, _ := v.fetch("/api/s/" + token + path); res.StatusCode != http.StatusNotFound {
			t.Errorf("visitor GET %s of a photo outside the link = %d, want 404", path, res.StatusCode)
		}
	}
	if res, _ := v.fetch("/api/photos/" + shared); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("visitor reaches the API: %d", res.StatusCode)
	}
	if res, b := v.fetch("/api/s/" + token + "/photos/" + shared + "/thumb/tile"); res.StatusCode != 200 || len(b) < 100 {
		t.Errorf("thumbnail through the link: %d", res.StatusCode)
	}
	// Without originals, the download is the 2048 px rendition, which has no EXIF.
	res, b := v.fetch("/api/s/" + token + "/photos/" + shared + "/download")
	if _, err := jpeg.Decode(strings.NewReader(string(b))); res.StatusCode != 200 || err != nil ||
		!strings.Contains(res.Header.Get("Content-Disposition"), "jeju.jpg") {
		t.Errorf("download: %d %v %q", res.StatusCode, err, res.Header.Get("Content-Disposition"))
	}
	if m, _ := exif.Parse(b); m.GPS != nil || m.Make != "" {
		t.Errorf("the rendition carries EXIF: %+v", m)
	}

	// With originals: the original, its GPS removed, the rest kept.
	orig := alice.share(`{"kind":"photos","photos":["` + shared + `"],"originals":true}`)
	_, b = v.fetch("/api/s/" + strings.TrimPrefix(orig.URL, "/s/") + "/photos/" + shared + "/download")
	if m, err := exif.Parse(b); err != nil || m.GPS != nil || m.Make != "Canon" || len(b) != len(withGPS) {
		t.Errorf("original through a link: GPS %v, make %q, %d bytes (uploaded %d), %v", m.GPS, m.Make, len(b), len(withGPS), err)
	}
	// With originals and location: the file as uploaded, and the position in the page.
	full := alice.share(`{"kind":"photo","photos":["` + shared + `"],"originals":true,"location":true}`)
	fullToken := strings.TrimPrefix(full.URL, "/s/")
	if _, b := v.fetch("/api/s/" + fullToken + "/photos/" + shared + "/download"); string(b) != string(withGPS) {
		t.Error("with location allowed, the original is not the uploaded file")
	}
	if _, b := v.fetch("/api/s/" + fullToken); !strings.Contains(string(b), `"gps"`) {
		t.Errorf("with location allowed, no position: %s", b)
	}

	// Views are counted; a revoked link is gone at once.
	code, list := alice.do("GET", "/api/shares", "")
	var links struct{ Shares []link }
	json.Unmarshal([]byte(list), &links)
	if code != 200 || len(links.Shares) != 3 {
		t.Fatalf("links: %d %s", code, list)
	}
	for _, x := range links.Shares {
		if x.ID == l.ID && (x.Views != 1 || !x.Active) {
			t.Errorf("link after one visit: %+v, want 1 view, active", x)
		}
	}
	bob := s.addUser(t, "bob")
	if code, _ := bob.do("DELETE", "/api/shares/"+l.ID, ""); code != http.StatusNotFound {
		t.Errorf("bob revokes alice's link: %d, want 404", code)
	}
	if code, _ := bob.do("POST", "/api/shares", `{"kind":"photo","photos":["`+shared+`"]}`); code != http.StatusNotFound {
		t.Errorf("bob shares alice's photo: %d, want 404", code)
	}
	if code, _ := alice.do("DELETE", "/api/shares/"+l.ID, ""); code != http.StatusNoContent {
		t.Errorf("revoke: %d", code)
	}
	for _, path := range []string{"", "/photos/" + shared + "/thumb/tile", "/photos/" + shared + "/download"} {
		if res, _ := v.fetch("/api/s/" + token + path); res.StatusCode != http.StatusGone {
			t.Errorf("revoked link %s = %d, want 410", path, res.StatusCode)
		}
	}
	if res, _ := v.fetch("/api/s/" + strings.Repeat("A", 43)); res.StatusCode != http.StatusNotFound {
		t.Errorf("a made-up token = %d, want 404", res.StatusCode)
	}
}

func TestShareWithPasswordAndExpiry(t *testing.T) {
	s := newSite(t, ui.Options{}, auth.Options{})
	alice := s.addUser(t, "alice")
	_, id := alice.upload("a.jpg", exiftest.JPEG(exiftest.Gray(64, 48), exiftest.Tags{DateTimeOriginal: "2015:08:03 08:15:00"}))
	s.lib.Pipeline.Work(t.Context())
	l := alice.share(`{"kind":"search","query":"2015","password":"open sesame","expires_in_days":7}`)
	token := strings.TrimPrefix(l.URL, "/s/")
	v := visitor(t, s.srv.URL)
	res, body := v.fetch("/api/s/" + token)
	if res.StatusCode != http.StatusUnauthorized || !strings.Contains(string(body), "password_required") {
		t.Errorf("locked link: %d %s", res.StatusCode, body)
	}
	if res, _ := v.fetch("/api/s/" + token + "/photos/" + id + "/thumb/tile"); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("thumbnail of a locked link: %d", res.StatusCode)
	}
	if code, _ := v.do("POST", "/api/s/"+token+"/unlock", `{"password":"wrong"}`); code != http.StatusUnauthorized {
		t.Errorf("wrong link password = %d", code)
	}
	if code, _ := v.do("POST", "/api/s/"+token+"/unlock", `{"password":"open sesame"}`); code != http.StatusNoContent {
		t.Errorf("unlock = %d", code)
	}
	if res, body := v.fetch("/api/s/" + token); res.StatusCode != 200 || !strings.Contains(string(body), id) {
		t.Errorf("unlocked search link: %d %s", res.StatusCode, body)
	}
	// Another visitor without the cookie is still locked out.
	if res, _ := visitor(t, s.srv.URL).fetch("/api/s/" + token); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("a second visitor without the password: %d", res.StatusCode)
	}
	for _, bad := range []string{`{"kind":"photo","photos":[]}`, `{"kind":"everything"}`, `{"kind":"search","query":""}`,
		`{"kind":"search","query":"x","expires_at":"2001-01-01T00:00:00Z"}`} {
		if code, _ := alice.do("POST", "/api/shares", bad); code != http.StatusBadRequest {
			t.Errorf("share %s = %d, want 400", bad, code)
		}
	}
	for _, secret := range []string{token, "open sesame", alice.csrf, "alice password", "admin password"} {
		if strings.Contains(s.logs.String(), secret) {
			t.Errorf("the log holds the secret %q", secret)
		}
	}
}
