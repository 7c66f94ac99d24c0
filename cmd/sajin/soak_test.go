package main

// The soak test: 50 uploaders at once against the real server for a while, with good photos, broken and hostile
// files, and uploads cut off half-way. The server's memory stays bounded, every good photo is in the library at
// the end, and `sajin check` finds nothing wrong.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"sajin/ingest/exif/exiftest"
	"sajin/internal/hostile"
)

// soakFile is one file the uploaders send, and the statuses it may get.
type soakFile struct {
	name string
	data []byte
	good bool
}

// soakFiles makes the mix: good photos of a few sizes, and every kind of bad file.
func soakFiles(t *testing.T, good int) []soakFile {
	t.Helper()
	dir := t.TempDir()
	var files []soakFile
	for i := range good {
		w, h := 320, 240
		if i%10 == 0 {
			w, h = 1600, 1200
		}
		path := photo(t, dir, fmt.Sprintf("IMG_%04d.jpg", i), uint64(9000+i), exiftest.Tags{
			DateTimeOriginal: fmt.Sprintf("2021:%02d:%02d 10:00:00", 1+i%12, 1+i%28),
		}, w, h)
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, soakFile{name: filepath.Base(path), data: b, good: true})
	}
	ok := files[1].data
	bad := map[string][]byte{
		"empty.jpg":     {},
		"truncated.jpg": ok[:len(ok)/2],
		"random.jpg":    bytes.Repeat([]byte{0xff, 0xd8, 0xff, 0x00, 0x13}, 2000),
		"bomb.png":      hostile.PNGBomb(100000, 100000),
		"wide.png":      hostile.PNGBomb(1<<30, 1),
		"loop.jpg":      exiftest.JPEG(nil, exiftest.Tags{LoopIFD: true, Model: "loop"}),
		"text.jpg":      []byte("this is not a photo"),
	}
	for name, b := range bad {
		files = append(files, soakFile{name: name, data: b})
	}
	return files
}

func soakDuration(t *testing.T) time.Duration {
	if s := os.Getenv("SAJIN_SOAK"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil {
			t.Fatalf("SAJIN_SOAK=%q: %v", s, err)
		}
		return d
	}
	if testing.Short() {
		t.Skip("soak test in -short mode")
	}
	return 20 * time.Second
}

// TestSoakUploads runs for SAJIN_SOAK (default 20s): 50 uploaders, a fifth of the sends bad files, one in
// twenty cut off half-way.
func TestSoakUploads(t *testing.T) {
	dur := soakDuration(t)
	const uploaders = 50
	files := soakFiles(t, 120)
	data := t.TempDir()
	srv := startServe(t, data)
	pid := srv.cmd.Process.Pid

	var (
		mu       sync.Mutex
		goodIDs  = map[string]string{} // file name -> id
		statuses = map[string]int{}
		failures atomic.Int64
		sent     atomic.Int64
	)
	fail := func(format string, args ...any) {
		if failures.Add(1) <= 10 {
			t.Errorf(format, args...)
		}
	}
	ctx, cancel := context.WithTimeout(t.Context(), dur)
	defer cancel()
	var peak atomic.Int64
	go func() {
		for ctx.Err() == nil {
			peak.Store(max(peak.Load(), procKiB(pid, "VmRSS")))
			time.Sleep(200 * time.Millisecond)
		}
	}()
	var wg sync.WaitGroup
	for u := range uploaders {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(u), 7))
			client := &http.Client{Timeout: 2 * time.Minute}
			for ctx.Err() == nil {
				f := files[r.IntN(len(files))]
				if r.IntN(5) == 0 { // a fifth of the sends are bad files
					f = files[120+r.IntN(len(files)-120)]
				}
				cut := r.IntN(20) == 0
				code, id, err := soakUpload(client, srv.base, f, cut)
				sent.Add(1)
				mu.Lock()
				statuses[fmt.Sprintf("%s %d", map[bool]string{true: "good", false: "bad"}[f.good], code)]++
				mu.Unlock()
				switch {
				case code == http.StatusTooManyRequests: // the per-user upload limit: come back later
					time.Sleep(time.Duration(100+r.IntN(400)) * time.Millisecond)
				case cut:
				case err != nil:
					fail("upload %s: %v", f.name, err)
				case f.good && code != http.StatusCreated && code != http.StatusOK:
					fail("upload %s: %d, want 201 or 200", f.name, code)
				case f.good:
					mu.Lock()
					if old, ok := goodIDs[f.name]; ok && old != id {
						fail("upload %s: id %s, earlier %s", f.name, id, old)
					}
					goodIDs[f.name] = id
					mu.Unlock()
				case code != http.StatusUnprocessableEntity:
					fail("upload %s: %d, want 422", f.name, code)
				}
			}
		})
	}
	wg.Wait()
	hwm := procKiB(pid, "VmHWM")
	t.Logf("%v, %d uploaders: %d uploads (%.0f/s), %d distinct good photos; statuses %v; server RSS peak %d MiB (VmHWM)",
		dur, uploaders, sent.Load(), float64(sent.Load())/dur.Seconds(), len(goodIDs), statuses, hwm/1024)
	if hwm > 600*1024 {
		t.Errorf("server peak RSS %d MiB, want under 600 MiB", hwm/1024)
	}

	// Every good photo uploaded is in the library, once, and found.
	var list struct{ Total int }
	_, body := getURL(t, srv.base+"/api/photos?limit=1")
	json.Unmarshal(body, &list)
	if list.Total != len(goodIDs) {
		t.Errorf("library holds %d photos, %d distinct good ones were uploaded", list.Total, len(goodIDs))
	}
	for name, id := range goodIDs {
		if res, _ := getURL(t, srv.base+"/api/photos/"+id); res.StatusCode != 200 {
			t.Errorf("%s (%s): %d", name, id, res.StatusCode)
		}
	}
	for i := 0; ; i++ {
		var s struct{ Total int }
		_, body := getURL(t, srv.base+"/api/search?q=2021")
		json.Unmarshal(body, &s)
		if s.Total == len(goodIDs) {
			break
		}
		if i == 300 {
			t.Fatalf("search finds %d of %d photos", s.Total, len(goodIDs))
		}
		time.Sleep(100 * time.Millisecond)
	}
	srv.stop(t)
	if rep, code := checkJSON(t, data, "--quick"); code != 0 || len(rep.Problems) > 0 {
		t.Errorf("check after the soak: %+v, exit %d", rep.Problems, code)
	}
}

// soakUpload sends one file; with cut the body stops half-way and the connection is dropped.
func soakUpload(client *http.Client, base string, f soakFile, cut bool) (int, string, error) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", f.name)
	fw.Write(f.data)
	mw.Close()
	var r io.Reader = &body
	if cut {
		r = io.MultiReader(io.LimitReader(&body, int64(body.Len()/2)), errReader{})
	}
	req, err := http.NewRequest("POST", base+"/api/photos", r)
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if !cut {
		req.ContentLength = int64(body.Len())
	}
	res, err := client.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer res.Body.Close()
	var rec struct{ ID string }
	b, _ := io.ReadAll(res.Body)
	json.Unmarshal(b, &rec)
	return res.StatusCode, rec.ID, nil
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, io.ErrUnexpectedEOF }

// procKiB reads a field of /proc/PID/status ("VmRSS", "VmHWM") in KiB; 0 when it cannot.
func procKiB(pid int, field string) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return n
		}
	}
	return 0
}
