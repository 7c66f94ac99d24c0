package takeout

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sajin/ingest"
	"sajin/ingest/catalog"
	"sajin/ingest/exif/exiftest"
	"sajin/ingest/ingesttest"
)

func TestMatch(t *testing.T) {
	long := "Screenshot_20160102-101010_a_long_messaging_app_name.jpg" // 56 characters
	jsons := map[string]bool{
		"IMG_0001.jpg.json":    true,
		"IMG_0001.jpg(1).json": true,
		"IMG_0002.JPG.json":    true,
		"PXL_20230101_101010.jpg.supplemental-metadata.json": true,
		"PXL_20230102_101010123.jpg.supplemental-metad.json": true,
		"PXL_20230103.jpg.supplemental-metadata(1).json":     true,
		long[:46] + ".json":        true,
		"Party (2).jpg.json":       true,
		"original_title_only.json": true,
		"IMG_20200101_120000_BURST001_COVER.jpg.supplemen.json": true,
	}
	titles := map[string]string{"renamed by google.jpg": "original_title_only.json"}
	for _, tc := range []struct{ photo, want string }{
		{"IMG_0001.jpg", "IMG_0001.jpg.json"},
		{"IMG_0001(1).jpg", "IMG_0001.jpg(1).json"},
		{"IMG_0002-edited.JPG", "IMG_0002.JPG.json"},
		{"IMG_0002-bearbeitet.JPG", "IMG_0002.JPG.json"},
		{"PXL_20230101_101010.jpg", "PXL_20230101_101010.jpg.supplemental-metadata.json"},
		{"PXL_20230102_101010123.jpg", "PXL_20230102_101010123.jpg.supplemental-metad.json"},
		{"PXL_20230103(1).jpg", "PXL_20230103.jpg.supplemental-metadata(1).json"},
		{long, long[:46] + ".json"},
		{"Party (2).jpg", "Party (2).jpg.json"},
		{"renamed by google.jpg", "original_title_only.json"},
		{"IMG_20200101_120000_BURST001_COVER.jpg", "IMG_20200101_120000_BURST001_COVER.jpg.supplemen.json"},
		{"IMG_9999.jpg", ""},
		{"IMG_0001(2).jpg", ""},
	} {
		if got := match(tc.photo, jsons, titles); got != tc.want {
			t.Errorf("match(%q) = %q, want %q", tc.photo, got, tc.want)
		}
	}
}

// export is a generated Takeout export: file path -> content.
type export map[string][]byte

func jpegOf(t *testing.T, seed int, tags exiftest.Tags) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 48, 32))
	for i := range img.Pix {
		img.Pix[i] = uint8(i*seed + seed)
	}
	img.Set(0, 0, color.RGBA{uint8(seed), 1, 2, 255})
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return exiftest.InsertAPP1(buf.Bytes(), exiftest.APP1(tags))
}

func sidecar(title string, taken time.Time, lat, lon float64, fav bool) []byte {
	return fmt.Appendf(nil, `{"title": %q, "description": "", "imageViews": "3",
  "creationTime": {"timestamp": "1700000000", "formatted": "14 Nov 2023, 22:13:20 UTC"},
  "photoTakenTime": {"timestamp": "%d", "formatted": "whatever"},
  "geoData": {"latitude": %v, "longitude": %v, "altitude": 0.0, "latitudeSpan": 0.0, "longitudeSpan": 0.0},
  "geoDataExif": {"latitude": 0.0, "longitude": 0.0, "altitude": 0.0, "latitudeSpan": 0.0, "longitudeSpan": 0.0},
  "favorited": %v, "url": "https://photos.google.com/photo/x"}`, title, taken.Unix(), lat, lon, fav)
}

func makeExport(t *testing.T) export {
	const gp = "Takeout/Google Photos/"
	long := "Screenshot_20160102-101010_a_long_messaging_app_name.jpg"
	jeju := time.Date(2015, 8, 3, 8, 35, 0, 0, time.UTC)
	one := jpegOf(t, 1, exiftest.Tags{})
	return export{
		gp + "Photos from 2015/IMG_0001.jpg":                        one,
		gp + "Photos from 2015/IMG_0001.jpg.json":                   sidecar("IMG_0001.jpg", jeju, 33.4996, 126.5312, true),
		gp + "Photos from 2015/IMG_0001(1).jpg":                     jpegOf(t, 2, exiftest.Tags{}),
		gp + "Photos from 2015/IMG_0001.jpg(1).json":                sidecar("IMG_0001.jpg", jeju.Add(time.Hour), 0, 0, false),
		gp + "Photos from 2015/IMG_0002.jpg":                        jpegOf(t, 3, exiftest.Tags{}),
		gp + "Photos from 2015/IMG_0002-edited.jpg":                 jpegOf(t, 4, exiftest.Tags{}),
		gp + "Photos from 2015/IMG_0002.jpg.json":                   sidecar("IMG_0002.jpg", jeju.Add(2*time.Hour), 0, 0, false),
		gp + "Photos from 2016/" + long:                             jpegOf(t, 5, exiftest.Tags{}),
		gp + "Photos from 2016/" + long[:46] + ".json":              sidecar(long, time.Date(2016, 1, 2, 1, 10, 10, 0, time.UTC), 0, 0, false),
		gp + "Photos from 2016/exif.jpg":                            jpegOf(t, 6, exiftest.Tags{DateTimeOriginal: "2016:05:05 05:05:05"}),
		gp + "Photos from 2016/exif.jpg.supplemental-metadata.json": sidecar("exif.jpg", time.Date(2016, 5, 4, 20, 5, 5, 0, time.UTC), 0, 0, false),
		gp + "Jeju trip/IMG_0001.jpg":                               one, // the same photo in an album folder
		gp + "Jeju trip/IMG_0001.jpg.json":                          sidecar("IMG_0001.jpg", jeju, 33.4996, 126.5312, true),
		gp + "Jeju trip/metadata.json":                              []byte(`{"title": "Jeju trip 2015", "description": "", "access": "protected"}`),
		gp + "Jeju trip/VID_0001.mp4":                               []byte("not really a video"),
		gp + "Trash/IMG_0666.jpg":                                   jpegOf(t, 7, exiftest.Tags{}),
		gp + "print-subscriptions.json":                             []byte(`[]`),
		"Takeout/archive_browser.html":                              []byte("<html></html>"),
	}
}

func (e export) writeDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range e {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// writeZips writes the export as two zips, as Google splits large exports: photos in one, sidecars in the other.
func (e export) writeZips(t *testing.T) []string {
	t.Helper()
	dir := t.TempDir()
	var paths []string
	for i, keep := range []func(string) bool{
		func(n string) bool { return !strings.HasSuffix(n, ".json") },
		func(n string) bool { return strings.HasSuffix(n, ".json") },
	} {
		files := map[string][]byte{}
		for n, d := range e {
			if keep(n) {
				files[n] = d
			}
		}
		paths = append(paths, writeZip(t, filepath.Join(dir, fmt.Sprintf("takeout-00%d.zip", i+1)), files))
	}
	return paths
}

func writeZip(t *testing.T, path string, files map[string][]byte) string {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for n, d := range files {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(d)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestImport(t *testing.T) {
	e := makeExport(t)
	dirFS := os.DirFS(e.writeDir(t))
	var zipParts []fs.FS
	for _, p := range e.writeZips(t) {
		fsys, c, err := OpenZip(p, Limits{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		zipParts = append(zipParts, fsys)
	}
	for name, parts := range map[string][]fs.FS{"folder": {dirFS}, "split zips": zipParts} {
		t.Run(name, func(t *testing.T) {
			lib := ingesttest.New(t, ingest.Options{})
			im := &Importer{Pipeline: lib.Pipeline, Catalog: lib.Catalog}
			var lines []Line
			sum, err := im.Import(t.Context(), catalog.DefaultLibrary, parts, func(l Line) { lines = append(lines, l) })
			if err != nil {
				t.Fatal(err)
			}
			want := Summary{Imported: 6, Duplicates: 1, Skipped: 2, Dated: 4, Placed: 1, Favourites: 2, Albums: 1}
			if sum != want {
				t.Errorf("Import = %+v, want %+v\n%v", sum, want, lines)
			}
			check := func(name, taken string, gps bool) {
				t.Helper()
				var p *catalog.Photo
				err := lib.Catalog.EachOf(t.Context(), catalog.DefaultLibrary, func(x *catalog.Photo) error {
					if x.FileName == name {
						p = x
					}
					return nil
				})
				if err != nil || p == nil {
					t.Fatalf("no photo %s (%v)", name, err)
				}
				tk, off, _ := p.Taken()
				got := ingest.FormatTaken(tk, off)
				if got != taken || (p.Lat != nil) != gps {
					t.Errorf("%s: taken %s (%s), gps %v; want %s, gps %v", name, got, p.TakenSource, p.Lat != nil, taken, gps)
				}
			}
			check("IMG_0001.jpg", "2015-08-03T08:35:00Z", true)
			check("IMG_0001(1).jpg", "2015-08-03T09:35:00Z", false)
			check("IMG_0002.jpg", "2015-08-03T10:35:00Z", false)
			check("IMG_0002-edited.jpg", "2015-08-03T10:35:00Z", false)
			check("Screenshot_20160102-101010_a_long_messaging_app_name.jpg", "2016-01-02T10:10:10", false) // its name's date, the same moment
			check("exif.jpg", "2016-05-05T05:05:05", false)
			albums, _ := lib.Catalog.Albums(t.Context(), catalog.DefaultLibrary)
			if len(albums) != 1 || albums[0].Title != "Jeju trip 2015" || len(albums[0].Photos) != 1 {
				t.Errorf("albums = %+v, want Jeju trip 2015 with one photo", albums)
			}
			favs, _ := lib.Catalog.Favourites(t.Context(), catalog.DefaultLibrary)
			if len(favs) != 1 {
				t.Errorf("favourites = %v, want the one photo", favs)
			}
			// Importing again adds nothing.
			again, err := im.Import(t.Context(), catalog.DefaultLibrary, parts, nil)
			if err != nil || again.Imported != 0 || again.Duplicates != 7 {
				t.Errorf("second Import = %+v, %v; want 7 duplicates", again, err)
			}
		})
	}
}

func TestHostileZips(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name  string
		files map[string][]byte
		want  error
	}{
		{"traversal", map[string][]byte{"../../etc/evil.jpg": {1}}, ErrUnsafePath},
		{"absolute", map[string][]byte{"/etc/evil.jpg": {1}}, ErrUnsafePath},
		{"backslash", map[string][]byte{`..\evil.jpg`: {1}}, ErrUnsafePath},
		{"drive", map[string][]byte{`C:/evil.jpg`: {1}}, ErrUnsafePath},
		{"bomb", map[string][]byte{"Takeout/zeros.jpg": make([]byte, 16<<20)}, ErrZipBomb},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := writeZip(t, filepath.Join(dir, tc.name+".zip"), tc.files)
			if _, _, err := OpenZip(p, Limits{}); !errors.Is(err, tc.want) {
				t.Errorf("OpenZip(%s) = %v, want %v", tc.name, err, tc.want)
			}
		})
	}
	// Too many bytes in all, each entry harmless.
	p := writeZip(t, filepath.Join(dir, "big.zip"), map[string][]byte{"a.jpg": make([]byte, 1000), "b.jpg": make([]byte, 1000)})
	if _, _, err := OpenZip(p, Limits{TotalBytes: 1500}); !errors.Is(err, ErrZipBomb) {
		t.Errorf("OpenZip over TotalBytes = %v, want ErrZipBomb", err)
	}
}
