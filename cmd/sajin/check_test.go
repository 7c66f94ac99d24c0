package main

// Tests of `sajin check` through the real binary: damage a library the ways disks and crashes do, check finds
// each, --repair fixes what can be fixed, nothing else changes, and the server works on the result.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"sajin/ingest"
	"sajin/ingest/catalog"
	"sajin/ingest/exif/exiftest"
	"sajin/search"
)

// run runs the binary and returns its stdout, stderr and exit status, without judging them.
func runSajin(t *testing.T, args ...string) (stdout, stderr []byte, code int) {
	t.Helper()
	cmd := exec.Command(sajinBin, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	cmd.Env = append(os.Environ(), "SAJIN_DATA=")
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		code = exit.ExitCode()
	case err != nil:
		t.Fatalf("sajin %s: %v", strings.Join(args, " "), err)
	}
	return out.Bytes(), errb.Bytes(), code
}

// check runs `sajin check --json` with extra flags and returns its report and exit status.
func checkJSON(t *testing.T, data string, flags ...string) (ingest.CheckReport, int) {
	t.Helper()
	args := append([]string{"check", "--data", data, "--json", "--no-vision"}, flags...)
	out, stderr, code := runSajin(t, args...)
	var rep ingest.CheckReport
	if err := json.Unmarshal(out, &rep); err != nil {
		t.Fatalf("sajin %s: %v (exit %d)\nstdout: %s\nstderr: %s", strings.Join(args, " "), err, code, out, stderr)
	}
	return rep, code
}

// kinds counts a report's problems by kind, and those left unrepaired.
func problemKinds(rep ingest.CheckReport) (all, left map[string]int) {
	all, left = map[string]int{}, map[string]int{}
	for _, p := range rep.Problems {
		all[p.Kind]++
		if !p.Repaired {
			left[p.Kind]++
		}
	}
	return all, left
}

// library imports n small generated photos into a new data folder and returns it with their ids.
func smallLibrary(t *testing.T, n int, seed uint64) (data string, ids []string) {
	t.Helper()
	src, data := t.TempDir(), t.TempDir()
	for i := range n {
		photo(t, src, fmt.Sprintf("IMG_%04d.jpg", i), seed+uint64(i), exiftest.Tags{
			DateTimeOriginal: fmt.Sprintf("2019:05:%02d 12:00:00", 1+i),
		}, 320, 240)
	}
	for _, l := range importLines(t, sajin(t, "import", "--data", data, "--json", "--no-vision", src)) {
		if l.Status != "imported" {
			t.Fatalf("%s: %s %s", l.Path, l.Status, l.Error)
		}
		ids = append(ids, l.ID)
	}
	return data, ids
}

// openCatalog opens a library's catalog for a test to look at or damage (no sajin may be running).
func openCatalog(t *testing.T, data string) *catalog.Catalog {
	t.Helper()
	cat, err := catalog.Open(t.Context(), filepath.Join(data, "catalog.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cat.Close() })
	return cat
}

func photoFiles(t *testing.T, data, id string) (original string, thumbs map[string]string) {
	t.Helper()
	cat := openCatalog(t, data)
	p, err := cat.Get(t.Context(), catalog.DefaultLibrary, id)
	if err != nil {
		t.Fatal(err)
	}
	cat.Close()
	original = filepath.Join(data, "originals", p.SHA256[:2], p.SHA256[2:4], p.SHA256+p.Ext)
	thumbs = map[string]string{}
	for _, s := range []string{"tile", "fit720", "fit2048"} {
		thumbs[s] = filepath.Join(data, "thumbs", "v1", p.SHA256[:2], p.SHA256+"-"+s+".jpg")
	}
	return original, thumbs
}

func flipByte(t *testing.T, path string) {
	t.Helper()
	os.Chmod(path, 0o644) // originals are stored read-only
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	at := st.Size() / 2
	b := make([]byte, 1)
	if _, err := f.ReadAt(b, at); err != nil {
		t.Fatal(err)
	}
	b[0] ^= 0x5a
	if _, err := f.WriteAt(b, at); err != nil {
		t.Fatal(err)
	}
}

func TestCheckFindsAndRepairs(t *testing.T) {
	data, ids := smallLibrary(t, 8, 500)
	if rep, code := checkJSON(t, data); code != 0 || len(rep.Problems) != 0 || rep.Photos != 8 {
		t.Fatalf("check of a sound library = %+v, exit %d; want 8 photos, no problems, exit 0", rep, code)
	}

	// The damage, one kind per photo.
	orig0, thumbs0 := photoFiles(t, data, ids[0])
	_, thumbs1 := photoFiles(t, data, ids[1])
	orig2, _ := photoFiles(t, data, ids[2])
	os.Truncate(thumbs0["fit720"], 300) // a thumbnail cut short
	os.Remove(thumbs1["tile"])          // a thumbnail gone
	flipByte(t, orig2)                  // an original whose content changed
	orig6, _ := photoFiles(t, data, ids[6])
	moved := filepath.Join(data, "originals", "moved-by-hand.jpg") // an original moved away
	if err := os.Rename(orig6, moved); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(thumbs0["fit2048"], []byte("not a jpeg"), 0o644) // a thumbnail overwritten
	tmp := filepath.Join(data, "tmp", "in-crashed")
	os.WriteFile(tmp, []byte("half an upload"), 0o644)
	old := time.Now().Add(-2 * time.Hour)
	os.Chtimes(tmp, old, old)
	// An import killed between storing an original and recording it: a photo of another library's folder,
	// copied in with its thumbnails.
	other, otherIDs := smallLibrary(t, 1, 900)
	otherOrig, otherThumbs := photoFiles(t, other, otherIDs[0])
	unref := filepath.Join(data, strings.TrimPrefix(otherOrig, other))
	copyInto(t, otherOrig, unref)
	orphanThumb := filepath.Join(data, strings.TrimPrefix(otherThumbs["tile"], other))
	copyInto(t, otherThumbs["tile"], orphanThumb)
	// The index loses two photos and holds two of none; a stage failed.
	ix, err := search.Open(filepath.Join(data, "index", "photos.bleve"), search.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Delete(t.Context(), catalog.DefaultLibrary, ids[3], ids[4]); err != nil {
		t.Fatal(err)
	}
	// Two entries of no photo keep the count, so that opening the library does not heal the index first.
	err = ix.Put(t.Context(), search.Doc{ID: "00000000deadbeef", Library: catalog.DefaultLibrary},
		search.Doc{ID: "00000000deadbee2", Library: catalog.DefaultLibrary})
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	cat := openCatalog(t, data)
	job := catalog.Job{Library: catalog.DefaultLibrary, PhotoID: ids[5], Stage: ingest.StageIndex}
	if err := cat.Finish(t.Context(), []catalog.Job{job}, []error{errors.New("disk on fire")}, ""); err != nil {
		t.Fatal(err)
	}
	cat.Close()

	want := map[string]int{
		ingest.ProblemThumbDamaged: 2, ingest.ProblemThumbMissing: 1, ingest.ProblemOriginalDamaged: 1,
		ingest.ProblemUnreferenced: 1, ingest.ProblemOrphanThumb: 1, ingest.ProblemIndexMissing: 2,
		ingest.ProblemIndexOrphan: 2, ingest.ProblemStageFailed: 1, ingest.ProblemTempFile: 1,
		ingest.ProblemOriginalMissing: 1, ingest.ProblemStray: 1,
	}
	rep, code := checkJSON(t, data)
	all, _ := problemKinds(rep)
	if code != 1 || !sameCounts(all, want) {
		t.Errorf("check = %v (exit %d)\nwant %v (exit 1)", all, code, want)
	}
	if _, err := os.Stat(tmp); err == nil {
		t.Errorf("the old temporary file is still there")
	}

	// Repair: everything but the changed original is fixed; the original is left exactly as it is.
	before, _ := os.ReadFile(orig2)
	rep, code = checkJSON(t, data, "--repair")
	all, left := problemKinds(rep)
	if code != 1 || !sameCounts(left, map[string]int{ingest.ProblemOriginalDamaged: 1}) {
		t.Errorf("check --repair = %v, left %v (exit %d); want only the damaged original left (exit 1)", all, left, code)
	}
	if after, _ := os.ReadFile(orig2); !bytes.Equal(before, after) {
		t.Errorf("check --repair changed a damaged original")
	}
	if _, err := os.Stat(orig6); err != nil {
		t.Errorf("the original moved away was not moved back: %v", err)
	}
	if _, err := os.Stat(orig0); err != nil {
		t.Errorf("original of the photo with damaged thumbnails: %v", err)
	}
	rep, code = checkJSON(t, data)
	if all, _ := problemKinds(rep); code != 1 || !sameCounts(all, map[string]int{ingest.ProblemOriginalDamaged: 1}) {
		t.Errorf("check after repair = %v (exit %d); want only the damaged original", all, code)
	}
	// The unreferenced original was imported, so the library has one more photo, all of them found.
	if a := searchIDs(t, data, ""); a.Total != 9 || rep.Photos != 9 {
		t.Errorf("after repair: search finds %d photos, check saw %d; want 9 (8 and the recovered one)", a.Total, rep.Photos)
	}
	for name, path := range thumbs0 {
		if b, err := os.ReadFile(path); err != nil || len(b) < 500 {
			t.Errorf("thumbnail %s after repair: %d bytes, %v", name, len(b), err)
		}
	}

	// The server works on the repaired library.
	srv := startServe(t, data)
	res, body := getURL(t, srv.base+"/api/photos/"+ids[0]+"/thumb/fit720")
	if res.StatusCode != 200 || !bytes.HasPrefix(body, []byte("\xff\xd8")) {
		t.Errorf("thumbnail after repair: %d, %d bytes", res.StatusCode, len(body))
	}
	srv.stop(t)
}

// TestCheckBrokenIndexAtStart damages the search index's files and a thumbnail; the server starts anyway (it
// rebuilds the index from the catalog), serves every photo, and check repairs the thumbnail.
func TestCheckBrokenIndexAtStart(t *testing.T) {
	data, ids := smallLibrary(t, 5, 700)
	var segs []string // bleve's segments and bolt files, wherever the index keeps them
	filepath.WalkDir(filepath.Join(data, "index"), func(path string, d fs.DirEntry, err error) error {
		if err == nil && (filepath.Ext(path) == ".zap" || filepath.Ext(path) == ".bolt") {
			segs = append(segs, path)
		}
		return err
	})
	if len(segs) == 0 {
		t.Fatal("no index files")
	}
	for _, f := range segs {
		os.Truncate(f, 100)
	}
	_, thumbs := photoFiles(t, data, ids[0])
	os.Truncate(thumbs["tile"], 200)

	srv := startServe(t, data)
	var list struct{ Total int }
	for i := 0; ; i++ {
		res, body := getURL(t, srv.base+"/api/search?q=2019")
		json.Unmarshal(body, &list)
		if res.StatusCode == 200 && list.Total == 5 {
			break
		}
		if i == 100 {
			t.Fatalf("search on a server started with a broken index: %d %s\n%s", res.StatusCode, body, srv.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	if res, _ := getURL(t, srv.base+"/api/photos/"+ids[0]+"/thumb/tile"); res.StatusCode != 200 {
		t.Errorf("damaged thumbnail: %d, want served as it is", res.StatusCode)
	}
	// Beside the running server, check finds the thumbnail and leaves the index (locked) alone.
	rep, code := checkJSON(t, data)
	if all, _ := problemKinds(rep); code != 1 || all[ingest.ProblemThumbDamaged] != 1 || len(rep.Skipped) != 1 {
		t.Errorf("check beside the server = %v, skipped %q, exit %d; want the tile, the index skipped", all, rep.Skipped, code)
	}
	srv.stop(t)

	rep, code = checkJSON(t, data, "--repair")
	if all, left := problemKinds(rep); code != 0 || all[ingest.ProblemThumbDamaged] != 1 || len(left) != 0 {
		t.Errorf("check --repair = %v, left %v, exit %d; want the tile repaired", all, left, code)
	}
	if _, err := os.Stat(filepath.Join(data, "index", "photos.bleve.broken")); err != nil {
		t.Errorf("the broken index was not kept aside: %v", err)
	}
	if rep, code := checkJSON(t, data); code != 0 || len(rep.Problems) != 0 {
		t.Errorf("check after repair = %+v, exit %d", rep.Problems, code)
	}
}

func sameCounts(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func copyInto(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o444); err != nil {
		t.Fatal(err)
	}
}

// serveProc is a running `sajin serve`; its log is the syncBuffer.
type serveProc struct {
	base string
	cmd  *exec.Cmd
	syncBuffer
}

var serveFlags = sync.OnceValue(func() []string {
	help, _ := exec.Command(sajinBin, "serve", "-h").CombinedOutput()
	var flags []string
	if bytes.Contains(help, []byte("-public")) { // accounts: serve without logging in, as before them
		flags = append(flags, "--public")
	}
	if bytes.Contains(help, []byte("-upload-rate")) { // the tests upload faster than a person does
		flags = append(flags, "--upload-rate=-1")
	}
	return flags
})

// startServer starts `sajin serve --no-vision` on a free port and waits until it answers.
func startServe(t *testing.T, data string, extra ...string) *serveProc {
	t.Helper()
	addr := freeTCPAddr(t)
	args := append([]string{"serve", "--data", data, "--addr", addr, "--no-vision"}, serveFlags()...)
	s := &serveProc{base: "http://" + addr}
	s.cmd = exec.Command(sajinBin, append(args, extra...)...)
	s.cmd.Env = append(os.Environ(), "SAJIN_DATA=")
	s.cmd.Stderr = &s.syncBuffer
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.cmd.Process.Kill(); s.cmd.Wait() })
	waitUp(t, s.base, &s.syncBuffer)
	return s
}

// stop stops the server with SIGTERM and fails the test unless it exits cleanly.
func (s *serveProc) stop(t *testing.T) {
	t.Helper()
	s.cmd.Process.Signal(os.Interrupt)
	if err := s.cmd.Wait(); err != nil {
		t.Errorf("server did not stop cleanly: %v\n%s", err, s.String())
	}
}

func freeTCPAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func getURL(t *testing.T, url string) (*http.Response, []byte) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, b
}
