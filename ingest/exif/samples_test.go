package exif

import (
	"bytes"
	"errors"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// goexifDir returns the directory of the goexif module, whose exif/samples and exif/corrupt
// hold real camera files. Tests that need it are skipped when the go command cannot say.
func goexifDir(tb testing.TB) string {
	tb.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/rwcarlsen/goexif").Output()
	dir := strings.TrimSpace(string(out))
	if err != nil || dir == "" {
		tb.Skipf("goexif module directory not found: %v", err)
	}
	return filepath.Join(dir, "exif")
}

func readFile(t *testing.T, path string) (Meta, error) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return Read(f)
}

func fixed(h, m int) *time.Location { return time.FixedZone("", h*3600+m*60) }

// TestReadSamples checks known values in real camera files shipped with goexif.
func TestReadSamples(t *testing.T) {
	dir := filepath.Join(goexifDir(t), "samples")
	type gps struct{ lat, lon, alt float64 }
	tests := []struct {
		file          string
		make, model   string
		lens          string
		taken         time.Time
		offset        bool
		orientation   int
		gps           *gps
		width, height int
		exposure      string
		iso           int
	}{
		{file: "2006-08-03-16-29-38-sep-2006-08-03-16-29-38a.jpg", make: "Canon", model: "Canon PowerShot SD600",
			taken: time.Date(2006, 8, 3, 16, 29, 38, 0, time.UTC), orientation: 6, width: 2816, height: 2112, exposure: "1/1500"},
		{file: "2007-01-01-12-00-00-sep-2007-01-01-12-00-00a.jpg", make: "EASTMAN KODAK COMPANY",
			model: "KODAK EASYSHARE C713 ZOOM DIGITAL CAMERA", taken: time.Date(2007, 1, 1, 12, 0, 0, 0, time.UTC),
			orientation: 1, width: 1280, height: 960, exposure: "1/112", iso: 200},
		{file: "2011-10-28-17-50-18-sep-2011-10-28-17-50-18a.jpg", make: "Canon", model: "Canon EOS 5D Mark II",
			taken: time.Date(2011, 10, 28, 17, 50, 18, 920e6, time.UTC), orientation: 1, width: 576, height: 864,
			exposure: "1/60", iso: 800},
		// GPS clock 20:38:40 UTC against a camera clock of 13:38:40 gives UTC-7 (Utah in winter).
		{file: "2012-12-19-21-38-40-sep-temple_square1.jpg", make: "HTC", model: "ADR6400L",
			taken: time.Date(2012, 12, 19, 21, 38, 40, 0, fixed(-7, 0)), offset: true, orientation: 1,
			gps: &gps{40.770339, -111.891222, 1334}, width: 3264, height: 1952, iso: 801},
		{file: "2012-12-21-11-15-19-sep-IMG_0001.jpg", make: "Canon", model: "Canon EOS REBEL T4i",
			lens: "EF-S18-55mm f/3.5-5.6 IS II", taken: time.Date(2012, 12, 21, 11, 15, 19, 0, time.UTC),
			orientation: 1, width: 5184, height: 3456, exposure: "1/30", iso: 1600},
		{file: "has-lens-info.jpg", make: "Apple", model: "iPhone 4S", lens: "iPhone 4S back camera 4.28mm f/2.4",
			taken: time.Date(2014, 9, 1, 15, 3, 47, 880e6, time.UTC), orientation: 6,
			gps: &gps{59.332547, 18.064942, 29}, width: 3264, height: 2448, exposure: "1/1284", iso: 50},
		{file: "geodegrees_as_string.jpg", make: "HTC", model: "HTC One_M8",
			taken: time.Date(2014, 4, 26, 19, 9, 19, 0, time.UTC), orientation: 1, gps: &gps{52.842781, 11.182857, 0}, iso: 125},
		{file: "f8-exif.jpg", taken: time.Date(2012, 11, 4, 5, 42, 32, 0, time.UTC), orientation: 8},
		{file: "FailedHash-NoDate-sep-remembory.jpg", make: "Brother", model: "MFC-7840W", orientation: 1,
			width: 1232, height: 1626},
		// A LensModel that starts with a NUL byte.
		{file: "raw.exif", make: "Apple", model: "iPhone 7", lens: "iPhone 7 back camera 3.99mm f/1.8",
			taken: time.Date(2018, 4, 3, 7, 54, 33, 852e6, time.UTC), orientation: 1, width: 4032, height: 3024,
			exposure: "1/15", iso: 80},
		// IFD1 starts on the interoperability IFD's next-IFD field: accepted.
		{file: "2007-07-13-17-02-30-sep-2007-07-13-17-02-30a.jpg", make: "Vivitar", model: "ViviCam X30",
			taken: time.Date(2007, 7, 13, 17, 2, 30, 0, time.UTC), orientation: 1, width: 3648, height: 2736,
			exposure: "1/110", iso: 64},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			m, err := readFile(t, filepath.Join(dir, tt.file))
			if err != nil {
				t.Fatalf("Read = %v, want nil error", err)
			}
			if m.Make != tt.make || m.Model != tt.model || m.Lens != tt.lens {
				t.Errorf("Make, Model, Lens = %q, %q, %q; want %q, %q, %q", m.Make, m.Model, m.Lens, tt.make, tt.model, tt.lens)
			}
			checkTaken(t, m, tt.taken, tt.offset)
			if m.Orientation != tt.orientation {
				t.Errorf("Orientation = %d, want %d", m.Orientation, tt.orientation)
			}
			if m.Width != tt.width || m.Height != tt.height {
				t.Errorf("size = %dx%d, want %dx%d", m.Width, m.Height, tt.width, tt.height)
			}
			if m.ExposureTime != tt.exposure || m.ISO != tt.iso {
				t.Errorf("ExposureTime, ISO = %q, %d; want %q, %d", m.ExposureTime, m.ISO, tt.exposure, tt.iso)
			}
			switch {
			case tt.gps == nil && m.GPS != nil:
				t.Errorf("GPS = %+v, want nil", *m.GPS)
			case tt.gps != nil && (m.GPS == nil || m.GPS.Alt == nil):
				t.Errorf("GPS = %+v, want %+v with altitude", m.GPS, *tt.gps)
			case tt.gps != nil && (math.Abs(m.GPS.Lat-tt.gps.lat) > 1e-6 || math.Abs(m.GPS.Lon-tt.gps.lon) > 1e-6 ||
				math.Abs(*m.GPS.Alt-tt.gps.alt) > 0.5):
				t.Errorf("GPS = %v, %v, %v; want %+v", m.GPS.Lat, m.GPS.Lon, *m.GPS.Alt, *tt.gps)
			}
		})
	}
}

// checkTaken compares a capture time, its offset flag and its zone offset.
func checkTaken(t *testing.T, m Meta, want time.Time, offset bool) {
	t.Helper()
	_, gotOff := m.Taken.Zone()
	_, wantOff := want.Zone()
	if !m.Taken.Equal(want) || gotOff != wantOff || m.TakenOffset != offset {
		t.Errorf("Taken, TakenOffset = %v, %v; want %v, %v", m.Taken, m.TakenOffset, want, offset)
	}
	wantSource := SourceEXIF
	if want.IsZero() {
		wantSource = ""
	}
	if m.TakenSource != wantSource {
		t.Errorf("TakenSource = %q, want %q", m.TakenSource, wantSource)
	}
}

// TestReadAllSamples reads every goexif sample and corrupt file and checks the invariants.
func TestReadAllSamples(t *testing.T) {
	root := goexifDir(t)
	files, _ := filepath.Glob(filepath.Join(root, "samples", "*"))
	corrupt, _ := filepath.Glob(filepath.Join(root, "corrupt", "*"))
	if len(files) < 40 || len(corrupt) != 3 {
		t.Fatalf("found %d samples and %d corrupt files, want 40+ and 3", len(files), len(corrupt))
	}
	for _, f := range append(files, corrupt...) {
		m, err := readFile(t, f)
		isCorrupt := strings.Contains(f, "corrupt")
		if (err != nil) != isCorrupt || (err != nil && !errors.Is(err, ErrCorrupt)) {
			t.Errorf("Read(%s) error = %v, want ErrCorrupt: %v", filepath.Base(f), err, isCorrupt)
		}
		checkInvariants(t, m)
	}
}

// TestReadCorruptSamples checks that goexif's own corrupt files still give their good fields.
func TestReadCorruptSamples(t *testing.T) {
	dir := filepath.Join(goexifDir(t), "corrupt")
	for file, model := range map[string]string{
		"huge_tag_exif.jpg":      "ADR6400L",
		"max_uint32_exif.jpg":    "ADR6400L",
		"infinite_loop_exif.jpg": "",
	} {
		b, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		m, err := Read(bytes.NewReader(b))
		if !errors.Is(err, ErrCorrupt) || m.Model != model || m.Taken.IsZero() {
			t.Errorf("Read(%s) = Model %q, Taken %v, %v; want %q, a time, ErrCorrupt", file, m.Model, m.Taken, err, model)
		}
	}
}

// BenchmarkRead reads a real 22 KB iPhone JPEG with GPS and lens data.
func BenchmarkRead(b *testing.B) {
	data, err := os.ReadFile(filepath.Join(goexifDir(b), "samples", "has-lens-info.jpg"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Read(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}
