package resumable_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"image"
	"image/jpeg"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"sajin/ingest"
	"sajin/ingest/ingesttest"
	"sajin/ui/resumable"
)

type fixture struct {
	lib *ingesttest.Library
	dir string
	url string
}

func newFixture(t *testing.T, opts resumable.Options) *fixture {
	t.Helper()
	f := &fixture{lib: ingesttest.New(t, ingest.Options{}), dir: t.TempDir()}
	opts.Dir = f.dir
	h, err := resumable.New(f.lib.Pipeline, func(r *http.Request) (string, bool) {
		u := r.Header.Get("X-User")
		return u, u != ""
	}, opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	f.url = srv.URL
	return f
}

func (f *fixture) do(t *testing.T, method, path, user string, body []byte, hdr ...string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest(method, f.url+path, bytes.NewReader(body))
	req.Header.Set("Tus-Resumable", "1.0.0")
	req.Header.Set("X-User", user)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

func (f *fixture) create(t *testing.T, user string, length int, name string) string {
	t.Helper()
	meta := "filename " + base64.StdEncoding.EncodeToString([]byte(name))
	resp := f.do(t, "POST", "/api/uploads", user, nil, "Upload-Length", strconv.Itoa(length), "Upload-Metadata", meta)
	if resp.StatusCode != http.StatusCreated || resp.Header.Get("Location") == "" {
		t.Fatalf("create = %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	return resp.Header.Get("Location")
}

func (f *fixture) offset(t *testing.T, loc, user string) int {
	t.Helper()
	resp := f.do(t, "HEAD", loc, user, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("HEAD = %d", resp.StatusCode)
	}
	n, _ := strconv.Atoi(resp.Header.Get("Upload-Offset"))
	return n
}

func noisyJPEG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	r := rand.New(rand.NewPCG(uint64(w), uint64(h)))
	for i := range img.Pix {
		img.Pix[i] = uint8(r.IntN(256))
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestResumeAfterInterruption sends a file with curl, cuts the connection half-way, resumes from the offset the
// server reports, and checks that the photo arrives whole and once.
func TestResumeAfterInterruption(t *testing.T) {
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("curl missing")
	}
	f := newFixture(t, resumable.Options{})
	data := noisyJPEG(t, 800, 600)
	file := filepath.Join(t.TempDir(), "big.jpg")
	os.WriteFile(file, data, 0o644)
	loc := f.create(t, "me", len(data), "IMG_9000.jpg")

	// curl sends at 100 kB/s and gives up after half a second.
	err := exec.Command("curl", "-s", "-X", "PATCH", "-H", "Tus-Resumable: 1.0.0", "-H", "X-User: me",
		"-H", "Content-Type: application/offset+octet-stream", "-H", "Upload-Offset: 0",
		"--data-binary", "@"+file, "--limit-rate", "100k", "--max-time", "0.5", f.url+loc).Run()
	if err == nil {
		t.Fatal("the throttled upload finished; make the file larger")
	}
	got := 0
	for range 50 { // the server notices the broken connection
		if got = f.offset(t, loc, "me"); got > 0 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if got <= 0 || got >= len(data) {
		t.Fatalf("offset after the interruption = %d, want part of %d", got, len(data))
	}
	if n, _ := f.lib.Catalog.Count(t.Context(), "me"); n != 0 {
		t.Fatalf("an incomplete upload made %d photos", n)
	}
	// Another user cannot see or touch it.
	if resp := f.do(t, "HEAD", loc, "you", nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("HEAD by another user = %d, want 404", resp.StatusCode)
	}
	// A wrong offset is refused.
	if resp := f.do(t, "PATCH", loc, "me", data[:10], "Content-Type", "application/offset+octet-stream",
		"Upload-Offset", "0"); resp.StatusCode != http.StatusConflict {
		t.Errorf("PATCH at a stale offset = %d, want 409", resp.StatusCode)
	}
	// Resume with the rest, again with curl.
	rest := filepath.Join(t.TempDir(), "rest")
	os.WriteFile(rest, data[got:], 0o644)
	out, err := exec.Command("curl", "-s", "-D", "-", "-o", "/dev/null", "-X", "PATCH", "-H", "Tus-Resumable: 1.0.0",
		"-H", "X-User: me", "-H", "Content-Type: application/offset+octet-stream",
		"-H", "Upload-Offset: "+strconv.Itoa(got), "--data-binary", "@"+rest, f.url+loc).Output()
	if err != nil || !bytes.Contains(out, []byte("204")) || !bytes.Contains(out, []byte("Sajin-Status: imported")) {
		t.Fatalf("resumed PATCH: %v\n%s", err, out)
	}
	p, err := f.lib.Catalog.BySHA256(t.Context(), "me", sha(data))
	if err != nil || p.FileName != "IMG_9000.jpg" || p.Bytes != int64(len(data)) {
		t.Fatalf("photo after the resumed upload = %+v, %v", p, err)
	}
	if resp := f.do(t, "HEAD", loc, "me", nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("HEAD of a finished upload = %d, want 404", resp.StatusCode)
	}
	if left, _ := os.ReadDir(f.dir); len(left) != 0 {
		t.Errorf("finished upload left %d files", len(left))
	}
	// The same file again is a duplicate.
	loc = f.create(t, "me", len(data), "copy.jpg")
	resp := f.do(t, "PATCH", loc, "me", data, "Content-Type", "application/offset+octet-stream", "Upload-Offset", "0")
	if resp.StatusCode != http.StatusNoContent || resp.Header.Get("Sajin-Status") != "duplicate" {
		t.Errorf("second upload = %d %s, want 204 duplicate", resp.StatusCode, resp.Header.Get("Sajin-Status"))
	}
}

func TestLimitsAndCleanup(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	f := newFixture(t, resumable.Options{MaxBytes: 1000, MaxTotalBytes: 1500, Now: clock, Expiry: time.Hour})
	if resp := f.do(t, "POST", "/api/uploads", "me", nil, "Upload-Length", "1001"); resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("create over MaxBytes = %d, want 413", resp.StatusCode)
	}
	if resp := f.do(t, "POST", "/api/uploads", "", nil, "Upload-Length", "10"); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("create without a user = %d, want 401", resp.StatusCode)
	}
	if resp := f.do(t, "POST", "/api/uploads", "me", nil); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("create without a length = %d, want 400", resp.StatusCode)
	}
	q := newFixture(t, resumable.Options{Quota: func(*http.Request) (int64, error) { return 500, nil }})
	if resp := q.do(t, "POST", "/api/uploads", "me", nil, "Upload-Length", "600"); resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("create over the quota = %d, want 413", resp.StatusCode)
	}
	a := f.create(t, "me", 1000, "a.jpg")
	if resp := f.do(t, "POST", "/api/uploads", "you", nil, "Upload-Length", "600"); resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("create over MaxTotalBytes = %d, want 413", resp.StatusCode)
	}
	// More than the declared length is refused; what fits is kept.
	resp := f.do(t, "PATCH", a, "me", make([]byte, 1200), "Content-Type", "application/offset+octet-stream", "Upload-Offset", "0")
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("PATCH past the length = %d, want 413", resp.StatusCode)
	}
	// A complete file that is not a photo is rejected, and the upload is gone.
	b := f.create(t, "you", 100, "notes.txt")
	resp = f.do(t, "PATCH", b, "you", bytes.Repeat([]byte("x"), 100), "Content-Type", "application/offset+octet-stream", "Upload-Offset", "0")
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("completing a text file = %d, want 422", resp.StatusCode)
	}
	// Deleting frees the room; an expired upload is removed at the next creation.
	if resp := f.do(t, "DELETE", a, "you", nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("DELETE by another user = %d, want 404", resp.StatusCode)
	}
	if resp := f.do(t, "DELETE", a, "me", nil); resp.StatusCode != http.StatusNoContent {
		t.Errorf("DELETE = %d, want 204", resp.StatusCode)
	}
	c := f.create(t, "me", 1000, "c.jpg")
	now = now.Add(2 * time.Hour)
	f.create(t, "me", 1000, "d.jpg")
	if resp := f.do(t, "HEAD", c, "me", nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("HEAD of an expired upload = %d, want 404", resp.StatusCode)
	}
	if left, _ := os.ReadDir(f.dir); len(left) != 2 {
		t.Errorf("%d files left, want the 2 of the one live upload", len(left))
	}
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
