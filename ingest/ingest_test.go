package ingest_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/disintegration/imaging"

	"sajin/ingest"
	"sajin/ingest/blob"
	"sajin/ingest/catalog"
	"sajin/ingest/exif/exiftest"
	"sajin/ingest/ingesttest"
	"sajin/ingest/thumb"
	"sajin/internal/hostile"
	"sajin/search"
)

type lib struct{ *ingesttest.Library }

func newLib(t *testing.T, opts ingest.Options) *lib { return &lib{ingesttest.New(t, opts)} }

func (l *lib) add(t *testing.T, name string, data []byte, mtime time.Time) (*catalog.Photo, ingest.Status, error) {
	t.Helper()
	return l.Pipeline.Add(t.Context(), ingest.Source{Name: name, Path: "test/" + name, ModTime: mtime, Body: bytes.NewReader(data)})
}

var mtime = time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)

func TestAddDuplicateAndWork(t *testing.T) {
	l := newLib(t, ingest.Options{})
	data := exiftest.JPEG(exiftest.Gray(64, 48), exiftest.Tags{
		DateTimeOriginal: "2015:08:03 08:15:00", OffsetTimeOriginal: "+09:00", Make: "Canon", Model: "Canon EOS 5D",
		GPS: &exiftest.GPS{Lat: 33.4996, Lon: 126.5312},
	})
	p, status, err := l.add(t, "IMG_0001.JPG", data, mtime)
	if err != nil || status != ingest.Imported {
		t.Fatalf("Add = %v, %v; want imported", status, err)
	}
	again, status, err := l.add(t, "copy.jpg", data, mtime)
	if err != nil || status != ingest.Duplicate || again.ID != p.ID {
		t.Fatalf("second Add = %v, %v, %v; want duplicate of %s", again, status, err, p.ID)
	}
	orig, err := l.Store.OriginalPath(p.SHA256, p.Ext)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile(orig); err != nil || !bytes.Equal(got, data) {
		t.Fatalf("stored original differs from the input (err %v)", err)
	}
	for _, spec := range thumb.DefaultSpecs() {
		path, _ := l.Store.ThumbPath(p.SHA256, spec.Name)
		if _, err := os.Stat(path); err != nil {
			t.Errorf("thumbnail %s: %v", spec.Name, err)
		}
	}
	rec := ingest.NewRecord(p, nil, nil)
	if rec.TakenAt != "2015-08-03T08:15:00+09:00" || rec.TakenAtSource != "exif" {
		t.Errorf("taken = %q (%s), want 2015-08-03T08:15:00+09:00 (exif)", rec.TakenAt, rec.TakenAtSource)
	}
	if rec.GPS == nil || rec.GPS.Lat < 33.49 || rec.GPS.Lat > 33.51 || rec.GPS.Lon < 126.53 || rec.GPS.Lon > 126.54 {
		t.Errorf("gps = %+v, want about 33.4996,126.5312", rec.GPS)
	}
	if n, err := l.Pipeline.Work(t.Context()); err != nil || n != 1 {
		t.Fatalf("Work = %d, %v; want 1 job", n, err)
	}
	for _, q := range []string{"2015-08", "2015년 8월", "canon", "IMG_0001"} {
		res, err := l.Index.Search(t.Context(), search.Request{Library: catalog.DefaultLibrary, Query: q})
		if err != nil || res.Total != 1 {
			t.Errorf("Search(%q) = %d hits, %v; want 1", q, res.Total, err)
		}
	}
}

func TestTakenSources(t *testing.T) {
	l := newLib(t, ingest.Options{})
	cases := []struct {
		name       string
		tags       exiftest.Tags
		want, from string
	}{
		{"a.jpg", exiftest.Tags{DateTimeOriginal: "2015:08:03 08:15:00"}, "2015-08-03T08:15:00", "exif"},
		{"b.jpg", exiftest.Tags{DateTimeOriginal: "2019:12:24 23:59:59", OffsetTimeOriginal: "-05:00"}, "2019-12-24T23:59:59-05:00", "exif"},
		{"IMG_20150803_081500.jpg", exiftest.Tags{Make: "x"}, "2015-08-03T08:15:00", "filename"},
		{"KakaoTalk_20160102_030405123.jpg", exiftest.Tags{Model: "y"}, "2016-01-02T03:04:05", "filename"},
		{"plain.jpg", exiftest.Tags{Model: "z"}, "2020-01-02T03:04:05Z", "file_mtime"},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// Each file needs distinct content, or it would be a duplicate of the previous one.
			img := exiftest.Gray(16+i, 8)
			p, status, err := l.add(t, c.name, exiftest.JPEG(img, c.tags), mtime)
			if err != nil || status != ingest.Imported {
				t.Fatalf("Add = %v, %v", status, err)
			}
			rec := ingest.NewRecord(p, nil, nil)
			if rec.TakenAt != c.want || rec.TakenAtSource != c.from {
				t.Errorf("taken = %q from %q, want %q from %q", rec.TakenAt, rec.TakenAtSource, c.want, c.from)
			}
		})
	}
}

// quadrants is an upright test picture: red, green / blue, white quadrants, wider than tall.
func quadrants() *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, 120, 80))
	for y := range 80 {
		for x := range 120 {
			c := [4]color.NRGBA{{255, 0, 0, 255}, {0, 255, 0, 255}, {0, 0, 255, 255}, {255, 255, 255, 255}}[(y/40)*2+x/60]
			img.SetNRGBA(x, y, c)
		}
	}
	return img
}

// stored returns how a camera stores the upright picture when it writes the given orientation tag.
func stored(up image.Image, orientation int) image.Image {
	switch orientation {
	case 2:
		return imaging.FlipH(up)
	case 3:
		return imaging.Rotate180(up)
	case 4:
		return imaging.FlipV(up)
	case 5:
		return imaging.Transpose(up)
	case 6:
		return imaging.Rotate90(up) // shown after turning 90° clockwise
	case 7:
		return imaging.Transverse(up)
	case 8:
		return imaging.Rotate270(up)
	}
	return up
}

func TestOrientationThumbnails(t *testing.T) {
	l := newLib(t, ingest.Options{})
	up := quadrants()
	for o := 1; o <= 8; o++ {
		data := exiftest.JPEG(stored(up, o), exiftest.Tags{Orientation: o, Model: string(rune('a' + o))})
		p, _, err := l.add(t, "o.jpg", data, mtime)
		if err != nil {
			t.Fatalf("orientation %d: %v", o, err)
		}
		if p.Width != 120 || p.Height != 80 || p.Orientation != o {
			t.Errorf("orientation %d: record %dx%d o=%d, want 120x80 o=%d", o, p.Width, p.Height, p.Orientation, o)
		}
		path, _ := l.Store.ThumbPath(p.SHA256, "fit720")
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		img, err := jpeg.Decode(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if b := img.Bounds(); b.Dx() != 120 || b.Dy() != 80 {
			t.Fatalf("orientation %d: thumbnail %v, want 120x80", o, b)
		}
		for _, pt := range []image.Point{{10, 10}, {110, 10}, {10, 70}, {110, 70}} {
			want := up.At(pt.X, pt.Y).(color.NRGBA)
			r, g, b, _ := img.At(pt.X, pt.Y).RGBA()
			if diff(r>>8, want.R) > 40 || diff(g>>8, want.G) > 40 || diff(b>>8, want.B) > 40 {
				t.Errorf("orientation %d: pixel %v = %d,%d,%d, want %v", o, pt, r>>8, g>>8, b>>8, want)
			}
		}
	}
}

func diff(a uint32, b uint8) uint32 {
	if a > uint32(b) {
		return a - uint32(b)
	}
	return uint32(b) - a
}

func TestRejects(t *testing.T) {
	l := newLib(t, ingest.Options{MaxBytes: 1 << 20})
	good := exiftest.JPEG(exiftest.Gray(256, 256), exiftest.Tags{Model: "m"})
	cases := []struct {
		name string
		data []byte
		is   error
	}{
		{"empty.jpg", nil, blob.ErrEmpty},
		{"truncated.jpg", good[:len(good)/2], thumb.ErrCorrupt},
		{"bomb.png", hostile.PNGBomb(100000, 100000), thumb.ErrTooLarge},
		{"noise.jpg", bytes.Repeat([]byte("not a photo "), 100), thumb.ErrUnsupported},
		{"loop.jpg", exiftest.JPEG(nil, exiftest.Tags{Model: "loop", LoopIFD: true}), nil},
		{"huge.jpg", make([]byte, 2<<20), blob.ErrTooLarge},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, status, err := l.add(t, c.name, c.data, mtime)
			if status != ingest.Rejected || !errors.Is(err, ingest.ErrRejected) {
				t.Fatalf("Add = %v, %v; want rejected", status, err)
			}
			if c.is != nil && !errors.Is(err, c.is) {
				t.Errorf("Add error %v, want it to wrap %v", err, c.is)
			}
			t.Logf("%s: %v", c.name, err)
		})
	}
	if n, _ := l.Catalog.Count(t.Context(), catalog.DefaultLibrary); n != 0 {
		t.Errorf("catalog holds %d photos after only rejects", n)
	}
	left, _ := filepath.Glob(filepath.Join(l.Dir, "tmp", "*"))
	origs, _ := filepath.Glob(filepath.Join(l.Dir, "originals", "*"))
	if len(left)+len(origs) != 0 {
		t.Errorf("rejects left files behind: %v %v", left, origs)
	}
}

func TestStageFailureDoesNotBlock(t *testing.T) {
	l := newLib(t, ingest.Options{})
	var indexed []string
	failing := ingest.Stage{Name: "vision", Run: func(ctx context.Context, jobs []catalog.Job) []error {
		return []error{errors.New("model exploded")}
	}}
	record := ingest.Stage{Name: "index", Run: func(ctx context.Context, jobs []catalog.Job) []error {
		indexed = append(indexed, jobs[0].PhotoID)
		return []error{nil}
	}}
	p := ingest.New(l.Catalog, l.Store, thumb.New(thumb.Options{}), []ingest.Stage{failing, record}, ingest.Options{})
	photo, _, err := p.Add(t.Context(), ingest.Source{Name: "a.jpg", Body: bytes.NewReader(exiftest.JPEG(nil, exiftest.Tags{}))})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Work(t.Context()); err != nil {
		t.Fatal(err)
	}
	if len(indexed) != 1 || indexed[0] != photo.ID {
		t.Errorf("index stage saw %v, want [%s]", indexed, photo.ID)
	}
	stages, _ := l.Catalog.Stages(t.Context(), catalog.DefaultLibrary, photo.ID)
	want := []catalog.StageState{{Stage: "index", State: "done"}, {Stage: "vision", State: "failed", Error: "model exploded"}}
	if len(stages) != 2 || stages[0] != want[0] || stages[1] != want[1] {
		t.Errorf("stages = %+v, want %+v", stages, want)
	}
}
