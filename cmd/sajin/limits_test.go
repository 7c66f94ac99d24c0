package main

// Resource limits under attack, through the real server: a file built to keep the JPEG decoder busy (empty
// progressive scans, each a walk over every block of the frame; here 300 scans over 16 megapixels in 34 KB)
// finishes or fails its own upload only; the server keeps answering and takes good photos meanwhile.

import (
	"net/http"
	"os"
	"sync"
	"testing"
	"time"

	"sajin/ingest/exif/exiftest"
	"sajin/internal/hostile"
)

func TestSlowDecodeStaysInItsJob(t *testing.T) {
	data := t.TempDir()
	srv := startServe(t, data)
	client := &http.Client{Timeout: 5 * time.Minute}
	bomb := soakFile{name: "scans.jpg", data: hostile.ManyScansJPEG(4096, 4096, 300)}

	var wg sync.WaitGroup
	var bombCode int
	var bombTime time.Duration
	wg.Go(func() {
		start := time.Now()
		bombCode, _, _ = soakUpload(client, srv.base, bomb, false)
		bombTime = time.Since(start)
	})
	time.Sleep(300 * time.Millisecond) // let the hostile file take its decode slot
	dir := t.TempDir()
	var slowest time.Duration
	for i := range 4 {
		path := photo(t, dir, "ok.jpg", uint64(7700+i), exiftest.Tags{}, 640, 480)
		b := readFile(t, path)
		start := time.Now()
		code, _, err := soakUpload(client, srv.base, soakFile{name: "ok.jpg", data: b, good: true}, false)
		if err != nil || code != http.StatusCreated {
			t.Errorf("good upload while the hostile one decodes: %d %v", code, err)
		}
		slowest = max(slowest, time.Since(start))
		start = time.Now()
		if res, _ := getURL(t, srv.base+"/api/health"); res.StatusCode != 200 || time.Since(start) > 2*time.Second {
			t.Errorf("health while the hostile upload decodes: %d in %v", res.StatusCode, time.Since(start))
		}
	}
	wg.Wait()
	hwm := procKiB(srv.cmd.Process.Pid, "VmHWM")
	t.Logf("hostile %d-byte JPEG (4096x4096, 300 scans): %d after %v; good uploads meanwhile: slowest %v; server peak RSS %d MiB",
		len(bomb.data), bombCode, bombTime.Round(time.Millisecond), slowest.Round(time.Millisecond), hwm/1024)
	if bombCode != http.StatusCreated && bombCode != http.StatusUnprocessableEntity {
		t.Errorf("hostile upload: %d, want 422 (or 201 while no scan limit exists)", bombCode)
	}
	if slowest > 20*time.Second {
		t.Errorf("a good upload took %v while a hostile one decoded", slowest)
	}
	srv.stop(t)
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
