package main

import (
	"archive/zip"
	"bytes"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"sajin/auth"
	"sajin/ingest/exif/exiftest"
)

// TestTransfersThroughTheServer checks that the real server mounts phone backup (WebDAV, with a real curl), the
// resumable upload API and the zip export behind its login, each going through the same ingest pipeline.
func TestTransfersThroughTheServer(t *testing.T) {
	curl, err := exec.LookPath("curl")
	if err != nil {
		t.Skip("curl is installed by scripts/deps.sh test")
	}
	data := t.TempDir()
	addr := freeTCPAddr(t)
	srv := exec.Command(sajinBin, "serve", "--data", data, "--addr", addr, "--no-vision")
	srv.Env = append(os.Environ(), "SAJIN_DATA=", "SAJIN_ADMIN_PASSWORD=transfer test password")
	logs := &syncBuffer{}
	srv.Stdout, srv.Stderr = logs, logs
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { srv.Process.Signal(syscall.SIGTERM); srv.Wait() }()
	base := "http://" + addr
	waitUp(t, base, logs)
	src := t.TempDir()
	first := photo(t, src, "IMG_20190704_120000.jpg", 1, exiftest.Tags{Make: "Apple"}, 320, 240)

	// Phone backup: an unauthenticated PUT is refused, an authenticated one is a photo, the same again a duplicate.
	put := func(user string) string {
		args := []string{"-s", "-o", "/dev/null", "-w", "%{http_code}", "-T", first, base + "/dav/DCIM/Camera/IMG_20190704_120000.jpg"}
		if user != "" {
			args = append(args, "-u", user)
		}
		out, err := exec.Command(curl, args...).Output()
		if err != nil {
			t.Fatalf("curl: %v", err)
		}
		return string(out)
	}
	if code := put(""); code != "401" {
		t.Errorf("WebDAV PUT without a login: %s, want 401", code)
	}
	if code := put("admin:transfer test password"); code != "201" {
		t.Fatalf("WebDAV PUT: %s, want 201\n%s", code, logs.String())
	}
	if code := put("admin:transfer test password"); code != "204" {
		t.Errorf("the same file again over WebDAV: %s, want 204 (a duplicate)", code)
	}

	// Resumable upload: created with its length, sent in two parts, the second resuming at the offset HEAD gives.
	s := login(t, base, "admin", "transfer test password")
	second, err := os.ReadFile(photo(t, src, "IMG_20200101_000000.jpg", 2, exiftest.Tags{}, 320, 240))
	if err != nil {
		t.Fatal(err)
	}
	tus := func(method, path string, body []byte, h map[string]string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest(method, base+path, bytes.NewReader(body))
		req.Header.Set("Tus-Resumable", "1.0.0")
		req.Header.Set(auth.CSRFHeader, s.csrf)
		for k, v := range h {
			req.Header.Set(k, v)
		}
		res, err := s.c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	res := tus("POST", "/api/uploads", nil, map[string]string{"Upload-Length": strconv.Itoa(len(second))})
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusCreated || loc == "" {
		t.Fatalf("create upload: %d %q", res.StatusCode, loc)
	}
	half := len(second) / 2
	octets := map[string]string{"Content-Type": "application/offset+octet-stream", "Upload-Offset": "0"}
	if res := tus("PATCH", loc, second[:half], octets); res.StatusCode != http.StatusNoContent {
		t.Fatalf("first part: %d", res.StatusCode)
	}
	res = tus("HEAD", loc, nil, nil)
	if got := res.Header.Get("Upload-Offset"); got != strconv.Itoa(half) {
		t.Fatalf("offset after the first part: %q, want %d", got, half)
	}
	octets["Upload-Offset"] = strconv.Itoa(half)
	if res := tus("PATCH", loc, second[half:], octets); res.StatusCode != http.StatusNoContent {
		t.Fatalf("last part: %d", res.StatusCode)
	}

	// Both are in the library, and the export holds both originals byte for byte.
	deadline := time.Now().Add(30 * time.Second)
	for {
		if _, body := s.do("GET", "/api/photos", ""); strings.Contains(body, `"total":2`) {
			break
		}
		if time.Now().After(deadline) {
			_, body := s.do("GET", "/api/photos", "")
			t.Fatalf("photos after WebDAV and resumable uploads: %s", body)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if res, err := http.Get(base + "/api/export"); err != nil || res.StatusCode != http.StatusUnauthorized {
		t.Errorf("export without a login: %v %v, want 401", res.StatusCode, err)
	}
	req, _ := http.NewRequest("GET", base+"/api/export", nil)
	res, err = s.c.Do(req)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("export: %v %v", res.StatusCode, err)
	}
	zipped, _ := io.ReadAll(res.Body)
	res.Body.Close()
	zr, err := zip.NewReader(bytes.NewReader(zipped), int64(len(zipped)))
	if err != nil {
		t.Fatal(err)
	}
	firstBytes, _ := os.ReadFile(first)
	found := 0
	for _, f := range zr.File {
		if !strings.HasSuffix(f.Name, ".jpg") {
			continue
		}
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		if bytes.Equal(b, firstBytes) || bytes.Equal(b, second) {
			found++
		}
	}
	if found != 2 {
		t.Errorf("the export holds %d of the 2 originals", found)
	}
}
