package dav_test

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"sajin/ingest"
	"sajin/ingest/catalog"
	"sajin/ingest/exif/exiftest"
	"sajin/ingest/ingesttest"
	"sajin/ui/dav"
)

// server serves a test library over WebDAV for the user "me" (HTTP Basic, any password) and counts PUTs.
type server struct {
	lib  *ingesttest.Library
	url  string
	puts atomic.Int64
}

func newServer(t *testing.T, opts dav.Options) *server {
	t.Helper()
	s := &server{lib: ingesttest.New(t, ingest.Options{})}
	h := dav.New(s.lib.Pipeline, s.lib.Catalog, s.lib.Store, func(r *http.Request) (string, bool) {
		user, _, ok := r.BasicAuth()
		return catalog.DefaultLibrary, ok && user == "me"
	}, opts)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPut {
			s.puts.Add(1)
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	s.url = srv.URL + "/dav"
	return s
}

func (s *server) count(t *testing.T) int {
	t.Helper()
	n, err := s.lib.Catalog.Count(t.Context(), catalog.DefaultLibrary)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// noisyJPEG is a JPEG of about w*h/2 bytes (noise does not compress) with the given EXIF date.
func noisyJPEG(t *testing.T, seed uint64, w, h int, date string) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	r := rand.New(rand.NewPCG(seed, 2))
	for i := range img.Pix {
		img.Pix[i] = uint8(r.IntN(256))
	}
	img.Set(0, 0, color.RGBA{uint8(seed), 0, 0, 255})
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return exiftest.InsertAPP1(buf.Bytes(), exiftest.APP1(exiftest.Tags{DateTimeOriginal: date}))
}

func tool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s missing (scripts/deps.sh test installs it)", name)
		}
		t.Skipf("%s missing: run scripts/deps.sh test", name)
	}
}

// rclone runs the real rclone against the server's WebDAV endpoint, as a backup app would use it.
func (s *server) rclone(t *testing.T, args ...string) string {
	t.Helper()
	base := []string{"--config", "/dev/null", "--webdav-url", s.url, "--webdav-vendor", "other",
		"--webdav-user", "me", "--webdav-pass", "gGwIRxMBcTAE3tfqiGvywg01y01eIA", "--low-level-retries", "1", "--retries", "1"}
	out, err := exec.Command("rclone", append(base, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("rclone %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func curl(t *testing.T, args ...string) string {
	t.Helper()
	out, _ := exec.Command("curl", append([]string{"-s", "-u", "me:secret", "-o", "/dev/null", "-w", "%{http_code}"}, args...)...).Output()
	return string(out)
}

func TestRcloneBackup(t *testing.T) {
	tool(t, "rclone")
	s := newServer(t, dav.Options{Prefix: "/dav"})
	phone := t.TempDir()
	os.WriteFile(filepath.Join(phone, "IMG_0001.jpg"), noisyJPEG(t, 1, 64, 48, "2015:08:03 08:15:00"), 0o644)
	os.WriteFile(filepath.Join(phone, "IMG_0002.jpg"), noisyJPEG(t, 2, 64, 48, "2016:01:02 10:00:00"), 0o644)

	s.rclone(t, "copy", phone, ":webdav:DCIM/Camera")
	if got := s.count(t); got != 2 {
		t.Fatalf("after the first backup the library has %d photos, want 2", got)
	}
	if got := s.rclone(t, "lsf", ":webdav:DCIM/Camera"); got != "IMG_0001.jpg\nIMG_0002.jpg\n" {
		t.Errorf("listing of the uploaded folder = %q", got)
	}
	all := strings.Fields(s.rclone(t, "lsf", "-R", "--files-only", ":webdav:"))
	for _, want := range []string{"2015/08/IMG_0001.jpg", "2016/01/IMG_0002.jpg", "DCIM/Camera/IMG_0001.jpg"} {
		if !slices.Contains(all, want) {
			t.Errorf("recursive listing %v lacks %s", all, want)
		}
	}
	// A second backup sees everything there and sends nothing.
	before := s.puts.Load()
	s.rclone(t, "copy", phone, ":webdav:DCIM/Camera")
	if sent := s.puts.Load() - before; sent != 0 {
		t.Errorf("second backup sent %d files, want 0", sent)
	}
	// What the server holds is the file as sent.
	got := s.rclone(t, "cat", ":webdav:2015/08/IMG_0001.jpg")
	want, _ := os.ReadFile(filepath.Join(phone, "IMG_0001.jpg"))
	if got != string(want) {
		t.Errorf("GET of the original returned %d bytes, want the %d sent", len(got), len(want))
	}
	// A new phone backing up the same photos elsewhere adds no copy.
	s.rclone(t, "copy", phone, ":webdav:OtherPhone")
	if got := s.count(t); got != 2 {
		t.Errorf("after a backup of the same files elsewhere the library has %d photos, want 2", got)
	}
	if got := s.rclone(t, "lsf", ":webdav:OtherPhone"); got != "IMG_0001.jpg\nIMG_0002.jpg\n" {
		t.Errorf("listing of the second phone's folder = %q", got)
	}
	// Apps that upload under a temporary name rename the file when it is complete.
	os.WriteFile(filepath.Join(phone, "IMG_0003.jpg.part"), noisyJPEG(t, 3, 64, 48, "2017:05:05 05:05:05"), 0o644)
	s.rclone(t, "copyto", filepath.Join(phone, "IMG_0003.jpg.part"), ":webdav:DCIM/Camera/IMG_0003.jpg.part")
	s.rclone(t, "moveto", ":webdav:DCIM/Camera/IMG_0003.jpg.part", ":webdav:DCIM/Camera/IMG_0003.jpg")
	if got := s.rclone(t, "lsf", ":webdav:DCIM/Camera"); got != "IMG_0001.jpg\nIMG_0002.jpg\nIMG_0003.jpg\n" {
		t.Errorf("after a rename the folder lists %q", got)
	}
	// Freeing space on the phone never deletes from the library.
	if code := curl(t, "-X", "DELETE", s.url+"/DCIM/Camera/IMG_0001.jpg"); code != "405" && code != "403" {
		t.Errorf("DELETE of a photo = %s, want 403 or 405", code)
	}
	if got := s.count(t); got != 3 {
		t.Errorf("after a DELETE the library has %d photos, want 3", got)
	}
	if code := curl(t, s.url+"/", "-X", "PROPFIND", "-H", "Depth: 1", "-u", "other:x"); code != "401" {
		t.Errorf("PROPFIND as another user = %s, want 401", code)
	}
}

func TestInterruptedUploadIsRetried(t *testing.T) {
	tool(t, "curl")
	s := newServer(t, dav.Options{Prefix: "/dav"})
	dir := t.TempDir()
	big := filepath.Join(dir, "IMG_1000.jpg")
	data := noisyJPEG(t, 9, 800, 600, "2020:02:02 02:02:02") // about 600 kB
	os.WriteFile(big, data, 0o644)

	// curl gives up after half a second at 100 kB/s: the server gets part of the file, then the connection ends.
	cmd := exec.Command("curl", "-s", "-u", "me:secret", "-T", big, "--limit-rate", "100k", "--max-time", "0.5",
		s.url+"/DCIM/Camera/IMG_1000.jpg")
	if err := cmd.Run(); err == nil {
		t.Fatal("the throttled upload finished; make the file larger")
	}
	if got := s.count(t); got != 0 {
		t.Fatalf("after an interrupted upload the library has %d photos, want 0", got)
	}
	if code := curl(t, "-X", "PROPFIND", "-H", "Depth: 0", s.url+"/DCIM/Camera/IMG_1000.jpg"); code != "404" {
		t.Errorf("PROPFIND of the interrupted file = %s, want 404", code)
	}
	// The retry succeeds.
	if code := curl(t, "-T", big, s.url+"/DCIM/Camera/IMG_1000.jpg"); code != "201" {
		t.Fatalf("retried upload = %s, want 201", code)
	}
	if code := curl(t, "-X", "PROPFIND", "-H", "Depth: 0", s.url+"/DCIM/Camera/IMG_1000.jpg"); code != "207" {
		t.Errorf("PROPFIND of the uploaded file = %s, want 207", code)
	}
	// A listing of the whole tree in one request is refused (RFC 4918's propfind-finite-depth).
	for _, depth := range []string{"Depth: infinity", "X-No-Depth: 1"} {
		if code := curl(t, "-X", "PROPFIND", "-H", depth, s.url+"/"); code != "403" {
			t.Errorf("PROPFIND with %q = %s, want 403", depth, code)
		}
	}
	// The same file again is a duplicate, not a copy.
	if code := curl(t, "-T", big, s.url+"/DCIM/Camera/IMG_1000.jpg"); code != "204" {
		t.Errorf("second upload = %s, want 204", code)
	}
	if got := s.count(t); got != 1 {
		t.Errorf("library has %d photos, want 1", got)
	}
	// Not a photo: refused, nothing stored.
	txt := filepath.Join(dir, "notes.txt")
	os.WriteFile(txt, []byte("not a photo"), 0o644)
	if code := curl(t, "-T", txt, s.url+"/DCIM/notes.txt"); code != "415" {
		t.Errorf("upload of a text file = %s, want 415", code)
	}
	// A LOCK before the first PUT (Finder, Windows) creates nothing; the PUT brings the photo.
	lock := `<?xml version="1.0"?><D:lockinfo xmlns:D="DAV:"><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype></D:lockinfo>`
	if code := curl(t, "-X", "LOCK", "-H", "Content-Type: application/xml", "--data", lock, s.url+"/DCIM/IMG_2000.jpg"); code != "201" {
		t.Errorf("LOCK of a new file = %s, want 201", code)
	}
	if got := s.count(t); got != 1 {
		t.Errorf("after a LOCK the library has %d photos, want 1", got)
	}
	// Folders: MKCOL, then it lists; an empty one can be removed.
	if code := curl(t, "-X", "MKCOL", s.url+"/Backup"); code != "201" {
		t.Errorf("MKCOL = %s, want 201", code)
	}
	if code := curl(t, "-X", "PROPFIND", "-H", "Depth: 1", s.url+"/Backup/"); code != "207" {
		t.Errorf("PROPFIND of a new folder = %s, want 207", code)
	}
	if code := curl(t, "-X", "DELETE", s.url+"/Backup/"); code != "204" {
		t.Errorf("DELETE of an empty folder = %s, want 204", code)
	}
}

func TestQuota(t *testing.T) {
	tool(t, "curl")
	s := newServer(t, dav.Options{Prefix: "/dav", Quota: func(*http.Request) (int64, error) { return 5000, nil }})
	dir := t.TempDir()
	small, big := filepath.Join(dir, "small.jpg"), filepath.Join(dir, "big.jpg")
	os.WriteFile(small, noisyJPEG(t, 1, 32, 24, "2015:08:03 08:15:00"), 0o644)
	os.WriteFile(big, noisyJPEG(t, 2, 200, 150, "2015:08:03 08:15:00"), 0o644)
	if code := curl(t, "-T", big, s.url+"/big.jpg"); code != "507" {
		t.Errorf("PUT over the quota = %s, want 507", code)
	}
	// Sent without a length (chunked), it is cut off when it passes the quota.
	if code := curl(t, "-T", big, "-H", "Transfer-Encoding: chunked", s.url+"/big.jpg"); code != "507" {
		t.Errorf("chunked PUT over the quota = %s, want 507", code)
	}
	if code := curl(t, "-T", small, s.url+"/small.jpg"); code != "201" {
		t.Errorf("PUT within the quota = %s, want 201", code)
	}
	if got := s.count(t); got != 1 {
		t.Errorf("library has %d photos, want 1", got)
	}
}
