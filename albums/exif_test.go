package albums

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"sajin/ingest/exif"
)

// exifSamples reads the real camera files shipped with goexif (exif/samples) into Photos, as the catalog
// would hold them. The test is skipped when the go command cannot find the module.
func exifSamples(t *testing.T) []Photo {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/rwcarlsen/goexif").Output()
	dir := strings.TrimSpace(string(out))
	if err != nil || dir == "" {
		t.Skipf("goexif module directory not found: %v", err)
	}
	files, err := filepath.Glob(filepath.Join(dir, "exif", "samples", "*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no samples in %s: %v", dir, err)
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var photos []Photo
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		m, err := exif.Parse(b)
		if err != nil {
			continue // the corrupt samples: the catalog would file them without metadata
		}
		m = exif.Resolve(m, filepath.Base(f), time.Time{}, now)
		p := Photo{ID: filepath.Base(f), Taken: wall(m.Taken)}
		if m.TakenOffset {
			_, off := m.Taken.Zone()
			p.Offset = &off
		}
		if m.GPS != nil {
			p.Lat, p.Lon = ptr(m.GPS.Lat), ptr(m.GPS.Lon)
		}
		photos = append(photos, p)
	}
	return photos
}

// TestEXIFTimeline clusters the real samples: scattered single photos over fourteen years from many cameras,
// with two true sessions (f1-f8, eight files of one camera within 30 s; two photos of 28 Oct 2011, 35 min
// apart). The smallest gap between other photos is logged: any EventGap between the two works on them.
func TestEXIFTimeline(t *testing.T) {
	photos := exifSamples(t)
	ix := realPlaces(t)
	shots := shotsOf(photos, newGeoCache(nil))
	var gaps []time.Duration
	for i := 1; i < len(shots); i++ {
		gaps = append(gaps, shots[i].instant.Sub(shots[i-1].instant))
	}
	slices.Sort(gaps)
	t.Logf("%d photos with a time; smallest gaps: %v", len(shots), gaps[:10])

	as := Build(photos, Options{Places: ix, MinEventPhotos: 2})
	want := []struct {
		id    string
		count int
	}{{"event-2012-11-04-05", 8}, {"event-2011-10-28-17", 2}}
	if got := byKind(as, KindEvent, KindTrip); len(got) != len(want) {
		t.Fatalf("Build: %v, want %v", titles(got), want)
	}
	for i, w := range want {
		if a := as[i]; a.ID != w.id || a.Count != w.count {
			t.Errorf("event %d = %s with %d photos, want %s with %d", i, a.ID, a.Count, w.id, w.count)
		}
	}

	singles := byKind(Build(photos, Options{Places: ix, MinEventPhotos: 1}), KindEvent)
	titled := map[string]Title{}
	for _, a := range singles {
		titled[a.Photos[0]] = a.Title
	}
	for file, w := range map[string]Title{
		"2012-12-19-21-38-40-sep-temple_square1.jpg":       {"Salt Lake City, 19 Dec 2012", "솔트레이크시티, 2012년 12월 19일"},
		"has-lens-info.jpg":                                {"Stockholm, 1 Sep 2014", "스톡홀름, 2014년 9월 1일"},
		"2007-01-01-12-00-00-sep-2007-01-01-12-00-00a.jpg": {"1 Jan 2007", "2007년 1월 1일"},
	} {
		if titled[file] != w {
			t.Errorf("title of the event of %s = %v, want %v", file, titled[file], w)
		}
	}
	if n := len(singles); n != 47 {
		t.Errorf("Build with MinEventPhotos 1: %d events, want 47 (55 dated photos, 8 and 2 of them in sessions)", n)
	}
}
