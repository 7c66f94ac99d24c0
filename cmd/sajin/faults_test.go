package main

// Faults while importing, through the real binary: the disk fills up, a file cannot be read, the power goes out
// (SIGKILL) at several steps. Each must leave a consistent catalog and lose no original, and a second run (or
// `sajin check --repair`) must complete the library.

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"sajin/ingest"
	"sajin/ingest/catalog"
	"sajin/ingest/exif/exiftest"
)

// photoFolder writes n distinct JPEGs of w x h into a new folder.
func photoFolder(t *testing.T, n int, seed uint64, w, h int) string {
	t.Helper()
	src := t.TempDir()
	for i := range n {
		photo(t, src, fmt.Sprintf("DSC_%04d.jpg", i), seed+uint64(i), exiftest.Tags{
			DateTimeOriginal: fmt.Sprintf("2020:%02d:%02d 09:30:00", 1+i%12, 1+i%28),
		}, w, h)
	}
	return src
}

// originals maps each original file under data to whether its content matches its name.
func originalsIntact(t *testing.T, data string) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	filepath.WalkDir(filepath.Join(data, "originals"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		out[d.Name()] = strings.HasPrefix(d.Name(), hex.EncodeToString(sum[:]))
		return nil
	})
	return out
}

// consistent fails the test unless every photo of the catalog has its original (intact) and its three
// thumbnails, every original is intact, and (when clean) nothing is left in tmp/. It returns how many photos
// there are.
func consistent(t *testing.T, data string, clean bool) int {
	t.Helper()
	origs := originalsIntact(t, data)
	for name, ok := range origs {
		if !ok {
			t.Errorf("original %s: content does not match its name (half written?)", name)
		}
	}
	if tmp, _ := filepath.Glob(filepath.Join(data, "tmp", "*")); clean && len(tmp) > 0 {
		t.Errorf("temporary files left: %v", tmp)
	}
	cat := openCatalog(t, data)
	defer cat.Close()
	n := 0
	err := cat.Each(t.Context(), func(p *catalog.Photo) error {
		n++
		if !origs[p.SHA256+p.Ext] {
			t.Errorf("photo %s: original missing", p.ID)
		}
		for _, s := range []string{"tile", "fit720", "fit2048"} {
			if _, err := os.Stat(filepath.Join(data, "thumbs", "v1", p.SHA256[:2], p.SHA256+"-"+s+".jpg")); err != nil {
				t.Errorf("photo %s: %v", p.ID, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// needMountNamespace skips the test where a private mount namespace cannot be had (fails it in CI, which must
// run every fault test).
func needMountNamespace(t *testing.T) {
	t.Helper()
	out, err := exec.Command("unshare", "-rm", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt").CombinedOutput()
	if err == nil {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("CI: a tmpfs in a private mount namespace (unshare -rm, util-linux) is needed: %v %s", err, out)
	}
	t.Skipf("no private mount namespace with a tmpfs here (unshare -rm: %v %s)", err, out)
}

// TestImportDiskFull imports into a data folder on a small tmpfs (in a private mount namespace: no root
// needed) that fills up half-way: the import fails with a clear error, everything stored is intact and
// consistent, and once there is space again a second run completes the library.
func TestImportDiskFull(t *testing.T) {
	needMountNamespace(t)
	const n = 16
	src := photoFolder(t, n, 3000, 640, 480)
	data, out := t.TempDir(), t.TempDir()
	// About 60 KB of original and 120 KB of thumbnails per photo: 1.2 MB holds some of them, not all.
	script := `set -u
mount -t tmpfs -o size=1200k tmpfs "$DATA" || exit 99
"$BIN" import --data "$DATA" --json --no-vision --workers 2 "$SRC" > "$OUT/full.json" 2> "$OUT/full.err"
echo $? > "$OUT/full.rc"
mkdir "$OUT/full" && cp -a "$DATA/." "$OUT/full/"
mount -o remount,size=64m tmpfs "$DATA"
"$BIN" import --data "$DATA" --json --no-vision "$SRC" > "$OUT/again.json" 2> "$OUT/again.err"
echo $? > "$OUT/again.rc"
mkdir "$OUT/again" && cp -a "$DATA/." "$OUT/again/"
`
	cmd := exec.Command("unshare", "-rm", "sh", "-c", script)
	cmd.Env = append(os.Environ(), "DATA="+data, "OUT="+out, "BIN="+sajinBin, "SRC="+src, "SAJIN_DATA=")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	read := func(name string) string {
		b, _ := os.ReadFile(filepath.Join(out, name))
		return strings.TrimSpace(string(b))
	}
	var stored []importLine
	for _, l := range importLines(t, []byte(read("full.json"))) {
		// Files in flight when the import stopped may say "rejected: context canceled" (see docs/hostile.md).
		if l.Status == "imported" {
			stored = append(stored, l)
		}
	}
	full := strings.Contains(read("full.err"), "no space left on device") || strings.Contains(read("full.err"), "disk is full")
	if read("full.rc") != "1" || !full || len(stored) >= n {
		t.Fatalf("import on a full disk: exit %s, %d of %d files, stderr %q; want exit 1 saying no space left",
			read("full.rc"), len(stored), n, read("full.err"))
	}
	t.Logf("full disk: %d files stored, then %q", len(stored), read("full.err"))
	if got := consistent(t, filepath.Join(out, "full"), true); got < len(stored) {
		t.Errorf("after the full disk: %d photos in the catalog, %d reported stored", got, len(stored))
	}
	if read("again.rc") != "0" {
		t.Fatalf("import once space returned: exit %s: %s", read("again.rc"), read("again.err"))
	}
	if got := consistent(t, filepath.Join(out, "again"), true); got != n {
		t.Errorf("after the second run: %d photos, want %d", got, n)
	}
	// Nothing stored by the first run was lost or changed.
	after := originalsIntact(t, filepath.Join(out, "again"))
	for name := range originalsIntact(t, filepath.Join(out, "full")) {
		if !after[name] {
			t.Errorf("original %s stored before the disk filled is gone or changed", name)
		}
	}
}

// TestImportUnreadableFile imports a folder with a file nobody may read in the middle: it is rejected with
// the reason, and every other file is imported.
func TestImportUnreadableFile(t *testing.T) {
	src := photoFolder(t, 6, 4000, 200, 150)
	data := t.TempDir()
	locked := filepath.Join(src, "DSC_0003.jpg")
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(sajinBin, "import", "--data", data, "--json", "--no-vision", src)
	cmd.Env = append(os.Environ(), "SAJIN_DATA=")
	if os.Geteuid() == 0 {
		// root reads anything: import as nobody, who may write the data folder and read the other photos.
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
		cmd.Env = append(cmd.Env, "HOME=/nonexistent")
		for _, d := range []string{data, src, filepath.Dir(data), filepath.Dir(src), filepath.Dir(sajinBin)} {
			os.Chmod(d, 0o777)
		}
	}
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	for _, l := range importLines(t, out) {
		want := "imported"
		if l.Path == locked {
			want = "rejected"
			if !strings.Contains(l.Error, "permission denied") {
				t.Errorf("%s: reason %q, want permission denied", l.Path, l.Error)
			}
		}
		if l.Status != want {
			t.Errorf("%s: %s %s, want %s", filepath.Base(l.Path), l.Status, l.Error, want)
		}
	}
	if got := consistent(t, data, true); got != 5 {
		t.Errorf("%d photos, want 5", got)
	}
}

// TestImportKilledAtSteps kills an import with SIGKILL at several points (before the first file is stored,
// after one, in the middle, while indexing), then checks the library, then resumes: after each kill nothing
// stored is damaged, `sajin check --repair` leaves no problem, and the resumed import completes the library.
func TestImportKilledAtSteps(t *testing.T) {
	const n = 24
	src := photoFolder(t, n, 5000, 1024, 768)
	points := []struct {
		name  string
		lines int           // kill after this many stored files...
		after time.Duration // ...or this long after the start
	}{
		{"at start", 0, 150 * time.Millisecond},
		{"after the first file", 1, 0},
		{"half-way", n / 2, 0},
		{"while indexing", n, 0},
	}
	for _, p := range points {
		t.Run(p.name, func(t *testing.T) {
			data := t.TempDir()
			seen := killImport(t, data, src, p.lines, p.after)
			stored := consistent(t, data, false) // a kill leaves spooled files in tmp/
			t.Logf("killed after %d lines; %d photos in the catalog", seen, stored)
			rep, _ := checkJSON(t, data, "--repair")
			if all, left := problemKinds(rep); len(left) > 0 || all[ingest.ProblemOriginalMissing]+all[ingest.ProblemOriginalDamaged] > 0 {
				t.Errorf("check --repair after the kill: %v, left %v", all, left)
			}
			counts := map[string]int{}
			for _, l := range importLines(t, sajin(t, "import", "--data", data, "--json", "--no-vision", src)) {
				counts[l.Status]++
			}
			if counts["imported"]+counts["duplicate"] != n || counts["duplicate"] < stored {
				t.Errorf("resumed import: %v; want %d in all, at least %d already there", counts, n, stored)
			}
			if got := consistent(t, data, true); got != n {
				t.Errorf("%d photos after resuming, want %d", got, n)
			}
			if rep, code := checkJSON(t, data); code != 0 || len(rep.Problems) > 0 || rep.Pending > 0 {
				t.Errorf("check after resuming: %+v exit %d", rep, code)
			}
			if a := searchIDs(t, data, "2020"); a.Total != n {
				t.Errorf("search finds %d photos, want %d", a.Total, n)
			}
		})
	}
}

// killImport starts an import and SIGKILLs it after lines stored files (or after a delay when lines is 0),
// returning how many files it reported.
func killImport(t *testing.T, data, src string, lines int, after time.Duration) int {
	t.Helper()
	cmd := exec.Command(sajinBin, "import", "--data", data, "--json", "--workers", "2", "--no-vision", src)
	cmd.Env = append(os.Environ(), "SAJIN_DATA=")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if lines == 0 {
		time.AfterFunc(after, func() { cmd.Process.Signal(syscall.SIGKILL) })
	}
	sc := bufio.NewScanner(stdout)
	seen := 0
	for sc.Scan() {
		if seen++; seen == lines {
			cmd.Process.Signal(syscall.SIGKILL)
			break
		}
	}
	err = cmd.Wait()
	if status, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !status.Signaled() {
		t.Fatalf("the import ended before it was killed (%v, %d lines)", err, seen)
	}
	return seen
}

// logFile is a log a server writes to a file, read when waitUp reports that it did not start.
type logFile string

func (f logFile) String() string {
	b, _ := os.ReadFile(string(f))
	return string(b)
}

// TestUploadDiskFull fills the disk of a running server with uploads: the upload that does not fit fails with a
// server error (and a JSON body), the server keeps serving, nothing half-written is left, and once there is space
// the same upload succeeds.
func TestUploadDiskFull(t *testing.T) {
	needMountNamespace(t)
	data, out := t.TempDir(), t.TempDir()
	addr := freeTCPAddr(t)
	script := `set -u
mount -t tmpfs -o size=1200k tmpfs "$DATA" || exit 99
"$BIN" serve --data "$DATA" --addr "$ADDR" --no-vision $FLAGS 2> "$OUT/serve.err" & pid=$!
while [ ! -e "$OUT/grow" ]; do sleep 0.05; done
mount -o remount,size=64m tmpfs "$DATA" && touch "$OUT/grown"
while [ ! -e "$OUT/stop" ]; do sleep 0.05; done
kill -TERM $pid; wait $pid; echo $? > "$OUT/serve.rc"
mkdir "$OUT/data" && cp -a "$DATA/." "$OUT/data/"
`
	cmd := exec.Command("unshare", "-rm", "sh", "-c", script)
	cmd.Env = append(os.Environ(), "DATA="+data, "OUT="+out, "BIN="+sajinBin, "ADDR="+addr, "SAJIN_DATA=",
		"FLAGS="+strings.Join(serveFlags(), " "))
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	touch := func(name string) { os.WriteFile(filepath.Join(out, name), nil, 0o644) }
	defer touch("stop")
	defer touch("grow")
	base := "http://" + addr
	waitUp(t, base, logFile(filepath.Join(out, "serve.err")))
	client := &http.Client{Timeout: time.Minute}
	src := photoFolder(t, 30, 6000, 640, 480)
	var stored []string
	var failed soakFile
	for i := range 30 {
		f := soakFile{name: fmt.Sprintf("DSC_%04d.jpg", i), good: true}
		f.data, _ = os.ReadFile(filepath.Join(src, f.name))
		code, id, err := soakUpload(client, base, f, false)
		if err != nil {
			t.Fatal(err)
		}
		if code == http.StatusCreated {
			stored = append(stored, id)
			continue
		}
		if code != http.StatusInsufficientStorage {
			t.Fatalf("upload on a full disk: %d, want 507", code)
		}
		failed = f
		break
	}
	if failed.name == "" {
		t.Fatal("the disk never filled")
	}
	t.Logf("%d uploads stored, then %s failed", len(stored), failed.name)
	if res, err := http.Get(base + "/api/photos?limit=100"); err != nil || res.StatusCode != 200 {
		t.Fatalf("listing on a full disk: %v %v", res, err)
	}
	touch("grow")
	for i := 0; ; i++ {
		if _, err := os.Stat(filepath.Join(out, "grown")); err == nil {
			break
		}
		if i == 100 {
			t.Fatal("the tmpfs did not grow")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if code, _, err := soakUpload(client, base, failed, false); err != nil || code != http.StatusCreated {
		t.Errorf("the same upload once there is space: %d %v, want 201", code, err)
	}
	touch("stop")
	if err := cmd.Wait(); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(out, "serve.rc"))
	if strings.TrimSpace(string(b)) != "0" {
		t.Errorf("server exit status %q after a full disk", b)
	}
	if got := consistent(t, filepath.Join(out, "data"), true); got != len(stored)+1 {
		t.Errorf("%d photos in the catalog, want %d", got, len(stored)+1)
	}
}
