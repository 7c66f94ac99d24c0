package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"sajin/auth"
	"sajin/ingest"
	"sajin/ingest/exif/exiftest"
	"sajin/ingest/ingesttest"
	"sajin/ui"
)

// TestAlbumAPI makes a manual album, adds and removes photos, marks a favourite, through the real handler on a
// real catalog.
func TestAlbumAPI(t *testing.T) {
	l := ingesttest.New(t, ingest.Options{})
	srv := testServer(t, l, func(d *ui.Deps) { d.Albums = albumService{cat: l.Catalog} })
	var ids []string
	for i := range 2 {
		p, _, err := l.Pipeline.Add(t.Context(), ingest.Source{Name: "a.jpg", Body: bytes.NewReader(exiftest.JPEG(exiftest.Gray(20+i, 10), exiftest.Tags{}))})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, p.ID)
	}
	do := func(method, path, body string) (int, string) {
		req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	code, body := do("POST", "/api/albums", `{"title":"제주 여행","photos":["`+ids[0]+`","`+ids[1]+`"]}`)
	if code != http.StatusCreated {
		t.Fatalf("create album: %d %s", code, body)
	}
	var a ui.Album
	json.Unmarshal([]byte(body), &a)
	if code, _ := do("DELETE", "/api/albums/"+a.ID+"/photos/"+ids[1], ""); code != http.StatusNoContent {
		t.Errorf("remove photo: %d", code)
	}
	if code, _ := do("PUT", "/api/photos/"+ids[1]+"/favourite", ""); code != http.StatusNoContent {
		t.Errorf("favourite: %d", code)
	}
	code, body = do("GET", "/api/albums?photos=1", "")
	var list struct{ Albums []ui.Album }
	json.Unmarshal([]byte(body), &list)
	if code != 200 || len(list.Albums) != 2 || list.Albums[0].Kind != "favourites" || list.Albums[0].Photos[0] != ids[1] ||
		list.Albums[1].Title.Ko != "제주 여행" || list.Albums[1].Count != 1 || list.Albums[1].Photos[0] != ids[0] {
		t.Errorf("albums: %d %s", code, body)
	}
	if code, _ := do("POST", "/api/albums/"+a.ID+"/photos", `{"photos":["0000000000000000"]}`); code != http.StatusNotFound {
		t.Errorf("adding a missing photo: %d, want 404", code)
	}
	if code, _ := do("GET", "/api/albums/nope", ""); code != http.StatusNotFound {
		t.Errorf("missing album: %d, want 404", code)
	}
}

// testServer serves a test library through the real handler; with sets the optional parts.
func testServer(t *testing.T, l *ingesttest.Library, with func(*ui.Deps)) *httptest.Server {
	t.Helper()
	d := ui.Deps{Importer: l.Pipeline, Catalog: l.Catalog, Records: l.Records(), Searcher: l.Index, Files: l.Store,
		Auth: auth.New(l.Catalog, auth.Options{Public: true})}
	with(&d)
	srv := httptest.NewServer(ui.New(d, ui.Options{}))
	t.Cleanup(srv.Close)
	return srv
}
