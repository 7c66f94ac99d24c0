package export_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"sajin/export"
	"sajin/ingest"
	"sajin/ingest/catalog"
	"sajin/ingest/exif/exiftest"
	"sajin/ingest/ingesttest"
	"sajin/vision"
)

// lib is a complete library in a temporary folder (see ingesttest), with the people stage and, when a tagger is
// given, the vision stage.
type lib struct{ *ingesttest.Library }

func newLib(t *testing.T, tagger ingest.Tagger) *lib {
	t.Helper()
	return &lib{ingesttest.NewWith(t, ingest.Options{}, ingesttest.Config{Tagger: tagger, People: true})}
}

func (l *lib) exporter() *export.Exporter {
	return &export.Exporter{Records: l.Records(), People: l.People, Files: l.Store}
}

func (l *lib) restorer(retag bool) *export.Restorer {
	return &export.Restorer{Pipeline: l.Pipeline, Catalog: l.Catalog, People: l.People, Retag: retag}
}

// tagger is a stand-in for the vision models: it labels every photo "dog", and sees one face whose embedding is
// the photo's dominant colour channel, so that reddish photos show one person and bluish ones another.
type tagger struct{}

func (tagger) Tag(_ context.Context, img image.Image, _ vision.Hints) (vision.Result, error) {
	b := img.Bounds()
	r, _, bl, _ := img.At(b.Min.X+b.Dx()/2, b.Min.Y+b.Dy()/2).RGBA()
	emb := []float32{1, 0, 0, 0}
	if bl > r {
		emb = []float32{0, 1, 0, 0}
	}
	face := image.Rect(b.Dx()/4, b.Dy()/4, b.Dx()/2, b.Dy()/2)
	return vision.Result{
		Labels: []vision.Label{{Key: "dog", Score: 0.8, Source: "fake@1", Boxes: []image.Rectangle{face}},
			{Key: "cat", Score: 0.4, Source: "fake@1"}},
		Faces: []vision.Face{{Box: face, Score: 0.9, Embedding: emb}},
		Text:  []vision.Line{{Text: "hello", Score: 0.9, Box: face}},
	}, nil
}

// jpegFile makes a distinct JPEG of the given colour with the given EXIF.
func jpegFile(t *testing.T, c color.RGBA, seed int, tags exiftest.Tags) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 96, 64))
	for y := range 64 {
		for x := range 96 {
			img.Set(x, y, color.RGBA{c.R, c.G + uint8(seed*7), c.B, 255})
		}
	}
	img.Set(0, 0, color.RGBA{uint8(seed), 0, 0, 255})
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return exiftest.InsertAPP1(buf.Bytes(), exiftest.APP1(tags))
}

var (
	red  = color.RGBA{220, 30, 20, 255}
	blue = color.RGBA{20, 30, 220, 255}
)

// fill imports five photos, corrects labels, makes albums and a favourite, names a person, and returns the ids.
func fill(t *testing.T, l *lib) []string {
	t.Helper()
	ctx := t.Context()
	files := []struct {
		name string
		data []byte
	}{
		{"IMG_0001.JPG", jpegFile(t, red, 1, exiftest.Tags{DateTimeOriginal: "2015:08:03 08:15:00", OffsetTimeOriginal: "+09:00",
			GPS: &exiftest.GPS{Lat: 33.4996, Lon: 126.5312}})},
		{"IMG_0002.JPG", jpegFile(t, red, 2, exiftest.Tags{DateTimeOriginal: "2015:08:04 10:00:00"})},
		{"IMG_0001.jpg", jpegFile(t, blue, 3, exiftest.Tags{DateTimeOriginal: "2015:08:05 11:00:00"})}, // same name, same month
		{"KakaoTalk_20190102_101010.jpg", jpegFile(t, blue, 4, exiftest.Tags{})},                       // date from the name
		{"nodate.jpg", jpegFile(t, blue, 5, exiftest.Tags{})},
	}
	var ids []string
	for _, f := range files {
		p, st, err := l.Pipeline.Add(ctx, ingest.Source{Name: f.name, Path: "test", Body: bytes.NewReader(f.data)})
		if err != nil || st != ingest.Imported {
			t.Fatalf("Add(%s) = %v, %v", f.name, st, err)
		}
		ids = append(ids, p.ID)
	}
	if _, err := l.Pipeline.Work(ctx); err != nil {
		t.Fatal(err)
	}
	// The capture time of the undated photo set by hand (as a Takeout import does), which the file cannot say.
	off := 0
	must(t, l.Catalog.SetTaken(ctx, catalog.DefaultLibrary, ids[4], time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC), &off, "takeout"))
	must(t, l.Pipeline.SetLabel(ctx, catalog.DefaultLibrary, ids[0], "제주 여행", true))
	must(t, l.Pipeline.SetLabel(ctx, catalog.DefaultLibrary, ids[1], "cat", false))
	must(t, l.Catalog.SetFavourite(ctx, catalog.DefaultLibrary, ids[2], true))
	trip, err := l.Catalog.CreateAlbum(ctx, catalog.DefaultLibrary, "Jeju 2015")
	must(t, err)
	must(t, l.Catalog.AddToAlbum(ctx, catalog.DefaultLibrary, trip.ID, ids[0], ids[1]))
	_, err = l.Catalog.CreateAlbum(ctx, catalog.DefaultLibrary, "Empty")
	must(t, err)
	faces, err := l.Catalog.Faces(ctx, catalog.DefaultLibrary, ids[0])
	must(t, err)
	if len(faces) != 1 || faces[0].PersonID == "" {
		t.Fatalf("faces of the first photo = %+v, want one with a person", faces)
	}
	_, err = l.People.Name(ctx, catalog.DefaultLibrary, faces[0].PersonID, "Alice")
	must(t, err)
	if _, err := l.Pipeline.Work(ctx); err != nil {
		t.Fatal(err)
	}
	return ids
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// snapshot is what must survive an export and a restore, photo by photo (keyed by content hash).
func snapshot(t *testing.T, l *lib) map[string]string {
	t.Helper()
	ctx := t.Context()
	out := map[string]string{}
	albums, err := l.Catalog.Albums(ctx, catalog.DefaultLibrary)
	must(t, err)
	titles := map[string]string{}
	var allTitles []string
	for _, a := range albums {
		titles[a.ID] = a.Title
		allTitles = append(allTitles, a.Title)
	}
	slices.Sort(allTitles)
	out["albums"] = strings.Join(allTitles, ",")
	people, err := l.People.Load(ctx, catalog.DefaultLibrary)
	must(t, err)
	names := map[string]string{}
	for _, x := range people.Persons {
		names[x.ID] = x.Name
	}
	err = l.Catalog.EachOf(ctx, catalog.DefaultLibrary, func(p *catalog.Photo) error {
		rec, err := l.Records().Record(ctx, p, nil)
		if err != nil {
			return err
		}
		var ls, fs, as []string
		all, err := l.Catalog.Labels(ctx, p.Library, p.ID)
		if err != nil {
			return err
		}
		for _, lb := range all {
			ls = append(ls, fmt.Sprintf("%s/%s/%.2f/%s", lb.Key, lb.State, lb.Score, lb.Source))
		}
		for _, f := range rec.Faces {
			fs = append(fs, fmt.Sprintf("%v=%s", f.Box, names[f.PersonID]))
		}
		for _, a := range rec.Albums {
			as = append(as, titles[a])
		}
		slices.Sort(as)
		out[p.SHA256] = fmt.Sprintf("id=%s name=%s taken=%s/%s gps=%v fav=%v labels=%v faces=%v albums=%v text=%v",
			p.ID, p.FileName, rec.TakenAt, rec.TakenAtSource, rec.GPS, rec.Favourite, ls, fs, as, rec.Text)
		return nil
	})
	must(t, err)
	return out
}

func TestExportRestoreGivesTheSameLibrary(t *testing.T) {
	src := newLib(t, tagger{})
	ids := fill(t, src)
	want := snapshot(t, src)
	out := t.TempDir()
	dir, err := export.NewDir(out)
	must(t, err)
	sum, err := src.exporter().Export(t.Context(), catalog.DefaultLibrary, nil, dir)
	must(t, err)
	must(t, dir.Close())
	if sum.Photos != len(ids) {
		t.Fatalf("Export wrote %d photos, want %d", sum.Photos, len(ids))
	}
	for _, f := range []string{"2015/08/IMG_0001.JPG", "2015/08/IMG_0001.JPG.json", "2015/08/IMG_0001.JPG.xmp",
		"2015/08/IMG_0001 (" + ids[2] + ").jpg", "2019/01/KakaoTalk_20190102_101010.jpg", "2001/02/nodate.jpg",
		export.ManifestName} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("export lacks %s: %v", f, err)
		}
	}
	xmp, _ := os.ReadFile(filepath.Join(out, "2015/08/IMG_0001.JPG.xmp"))
	if err := xml.Unmarshal(xmp, new(struct{ XMLName xml.Name })); err != nil {
		t.Errorf("XMP sidecar is not well-formed XML: %v", err)
	}
	for _, s := range []string{`xmp:CreateDate="2015-08-03T08:15:00+09:00"`, "<mwg-rs:Name>Alice</mwg-rs:Name>",
		"<rdf:li>제주 여행</rdf:li>", "Albums|Jeju 2015", `exif:GPSLatitude="33,29.976000N"`} {
		if !strings.Contains(string(xmp), s) {
			t.Errorf("XMP lacks %s:\n%s", s, xmp)
		}
	}

	for _, tc := range []struct {
		name   string
		tagger ingest.Tagger
		retag  bool
	}{
		{"tags from the sidecars, no vision models", nil, false},
		{"tagged again", tagger{}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dst := newLib(t, tc.tagger)
			rsum, err := dst.restorer(tc.retag).Restore(t.Context(), catalog.DefaultLibrary, os.DirFS(out))
			must(t, err)
			if rsum.Imported != len(ids) || rsum.Named != 1 || len(rsum.Problems) > 0 {
				t.Errorf("Restore = %+v, want %d imported, 1 named, no problems", rsum, len(ids))
			}
			if _, err := dst.Pipeline.Work(t.Context()); err != nil {
				t.Fatal(err)
			}
			got := snapshot(t, dst)
			for k, w := range want {
				if got[k] != w {
					t.Errorf("after restore, %s:\n got %s\nwant %s", k, got[k], w)
				}
			}
			if len(got) != len(want) {
				t.Errorf("restored library has %d entries, want %d", len(got), len(want))
			}
			// Restoring again adds nothing.
			again, err := dst.restorer(tc.retag).Restore(t.Context(), catalog.DefaultLibrary, os.DirFS(out))
			must(t, err)
			if again.Imported != 0 || again.Duplicates != len(ids) {
				t.Errorf("second Restore = %+v, want only duplicates", again)
			}
		})
	}
}

func TestHandlerZip(t *testing.T) {
	src := newLib(t, tagger{})
	ids := fill(t, src)
	h := export.Handler(src.exporter(), func(r *http.Request) (string, bool) {
		return catalog.DefaultLibrary, r.Header.Get("X-User") != ""
	})
	srv := httptest.NewServer(h)
	defer srv.Close()
	get := func(query string, user bool) *http.Response {
		req, _ := http.NewRequest("GET", srv.URL+"/?"+query, nil)
		if user {
			req.Header.Set("X-User", "me")
		}
		resp, err := http.DefaultClient.Do(req)
		must(t, err)
		return resp
	}
	if resp := get("", false); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("without a user: %d, want 401", resp.StatusCode)
	}
	if resp := get("ids=ffffffffffffffff", true); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown id: %d, want 404", resp.StatusCode)
	}
	resp := get("ids="+ids[0]+","+ids[3], true)
	body, err := io.ReadAll(resp.Body)
	must(t, err)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/zip" {
		t.Fatalf("selected ids: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	must(t, err)
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name[strings.IndexByte(f.Name, '/')+1:])
	}
	slices.Sort(names)
	wantNames := []string{"2015/08/IMG_0001.JPG", "2015/08/IMG_0001.JPG.json", "2015/08/IMG_0001.JPG.xmp",
		"2019/01/KakaoTalk_20190102_101010.jpg", "2019/01/KakaoTalk_20190102_101010.jpg.json",
		"2019/01/KakaoTalk_20190102_101010.jpg.xmp", export.ManifestName}
	if !slices.Equal(names, wantNames) {
		t.Errorf("zip holds %v, want %v", names, wantNames)
	}
	// The zip restores like a folder.
	dst := newLib(t, nil)
	sub, err := export.Root(zr)
	must(t, err)
	rsum, err := dst.restorer(false).Restore(t.Context(), catalog.DefaultLibrary, sub)
	must(t, err)
	if rsum.Imported != 2 {
		t.Errorf("Restore of the zip = %+v, want 2 imported", rsum)
	}
}
