package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"sajin/ingest/exif/exiftest"
)

// keep is what must survive an export and restore, from `sajin show --json`.
type keep struct {
	SHA256        string `json:"sha256"`
	FileName      string `json:"file_name"`
	TakenAt       string `json:"taken_at"`
	TakenAtSource string `json:"taken_at_source"`
	GPS           any    `json:"gps"`
	Labels        []struct {
		Key, Source string
	} `json:"labels"`
}

func show(t *testing.T, data, id string) keep {
	t.Helper()
	var k keep
	if err := json.Unmarshal(sajin(t, "show", "--data", data, "--json", id), &k); err != nil {
		t.Fatal(err)
	}
	return k
}

// TestExportRestore runs the commands a user leaving one machine for another would: export to a folder and to a
// zip, restore each into an empty data folder, and compare the photos. (Albums, favourites and people are
// covered by the export package's test, which can make them.)
func TestExportRestore(t *testing.T) {
	src, data := t.TempDir(), t.TempDir()
	photo(t, src, "IMG_0001.JPG", 1, exiftest.Tags{DateTimeOriginal: "2015:08:03 08:15:00", OffsetTimeOriginal: "+09:00",
		GPS: &exiftest.GPS{Lat: 37.5665, Lon: 126.9780}}, 120, 90)
	photo(t, src, "KakaoTalk_20190101_120000123.jpg", 2, exiftest.Tags{}, 120, 90)
	lines := importLines(t, sajin(t, "import", "--data", data, "--json", "--no-vision", src))
	if len(lines) != 2 {
		t.Fatalf("import: %+v", lines)
	}
	sajin(t, "label", "--data", data, lines[0].ID, "+여행")
	out := filepath.Join(t.TempDir(), "export")
	zipOut := filepath.Join(t.TempDir(), "export.zip")
	sajin(t, "export", "--data", data, out)
	sajin(t, "export", "--data", data, "--zip", zipOut)
	if _, err := zip.OpenReader(zipOut); err != nil {
		t.Fatalf("export --zip: %v", err)
	}
	for _, from := range []string{out, zipOut} {
		restored := t.TempDir()
		report := string(sajin(t, "restore", "--data", restored, "--no-vision", from))
		if !strings.HasPrefix(report, "2 restored, 0 already there") {
			t.Errorf("restore %s: %s", from, report)
		}
		for _, l := range lines {
			got, want := show(t, restored, l.ID), show(t, data, l.ID)
			gj, _ := json.Marshal(got)
			wj, _ := json.Marshal(want)
			if !bytes.Equal(gj, wj) {
				t.Errorf("restored from %s:\n got %s\nwant %s", filepath.Base(from), gj, wj)
			}
		}
	}
}

// TestBackupWhileServing backs up a data folder while the server runs and takes uploads, then serves the backup.
func TestBackupWhileServing(t *testing.T) {
	src, data := t.TempDir(), t.TempDir()
	for i, name := range []string{"IMG_20150803_081500.jpg", "IMG_20160101_000000.jpg"} {
		photo(t, src, name, uint64(40+i), exiftest.Tags{}, 160, 120)
	}
	sajin(t, "import", "--data", data, "--no-vision", src)
	addr := freeTCPAddr(t)
	srv := exec.Command(sajinBin, "serve", "--data", data, "--addr", addr, "--no-vision")
	var logs bytes.Buffer
	srv.Stderr = &logs
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	defer srv.Process.Kill()
	waitUp(t, "http://"+addr, &logs)
	// Writes go on during the backup: imports from the command line beside the server.
	var more []string
	for i, name := range []string{"IMG_20200101_101010.jpg", "IMG_20200102_101010.jpg", "IMG_20200103_101010.jpg"} {
		more = append(more, photo(t, src, "more/"+name, uint64(50+i), exiftest.Tags{}, 160, 120))
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, p := range more {
			exec.Command(sajinBin, "import", "--data", data, "--no-vision", "--no-wait", p).Run()
		}
	}()
	backup := filepath.Join(t.TempDir(), "backup")
	report := string(sajin(t, "backup", "--data", data, backup))
	<-done
	if !strings.Contains(report, "left out") {
		t.Errorf("backup while serving should leave the locked index out: %s", report)
	}
	srv.Process.Signal(syscall.SIGTERM)
	srv.Wait()
	// The backup is a data folder: the search index is rebuilt from its catalog, and every photo it lists has
	// its original.
	all := searchIDs(t, backup, "")
	if all.Total < 2 || all.Total > 5 {
		t.Fatalf("backup holds %d photos, want 2 to 5", all.Total)
	}
	if a := searchIDs(t, backup, "2015"); a.Total != 1 {
		t.Errorf("search 2015 in the backup: %d results", a.Total)
	}
	sajin(t, "export", "--data", backup, filepath.Join(t.TempDir(), "x")) // reads every original
	// A second backup, with no server, copies the index too and only what is new.
	report = string(sajin(t, "backup", "--data", data, backup))
	if !strings.Contains(report, "search index copied") {
		t.Errorf("second backup: %s", report)
	}
	if a := searchIDs(t, backup, ""); a.Total != 5 {
		t.Errorf("second backup holds %d photos, want 5", a.Total)
	}
}

// TestTakeoutZip imports a small Takeout zip (the takeout package tests the quirks one by one).
func TestTakeoutZip(t *testing.T) {
	src, data := t.TempDir(), t.TempDir()
	img, _ := os.ReadFile(photo(t, src, "x.jpg", 60, exiftest.Tags{}, 120, 90))
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range map[string][]byte{
		"Takeout/Google Photos/Photos from 2012/IMG_0042.jpg":      img,
		"Takeout/Google Photos/Photos from 2012/IMG_0042.jpg.json": []byte(`{"title":"IMG_0042.jpg","photoTakenTime":{"timestamp":"1339243200"},"geoData":{"latitude":37.5665,"longitude":126.978}}`),
		"Takeout/Google Photos/Seoul/IMG_0042.jpg":                 img,
		"Takeout/Google Photos/Seoul/metadata.json":                []byte(`{"title":"Seoul"}`),
	} {
		w, _ := zw.Create(name)
		w.Write(body)
	}
	zw.Close()
	zipPath := filepath.Join(src, "takeout-001.zip")
	os.WriteFile(zipPath, buf.Bytes(), 0o644)
	report := string(sajin(t, "takeout", "--data", data, "--no-vision", zipPath))
	if !strings.HasPrefix(report, "1 imported, 1 duplicates, 0 rejected") || !strings.Contains(report, "albums: 1") {
		t.Errorf("takeout: %s", report)
	}
	if a := searchIDs(t, data, "2012"); a.Total != 1 {
		t.Errorf("search 2012 after takeout: %d results", a.Total)
	}
}
