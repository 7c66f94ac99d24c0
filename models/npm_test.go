package models

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeNPM writes a tarball with the given files and an executable standing
// in for npm: it records each call and copies the tarball into its working
// directory, as `npm pack` does. It returns the script, the tarball's sha256
// and the call log.
func fakeNPM(t *testing.T, files map[string]string) (npm, sum, calls string) {
	t.Helper()
	dir := t.TempDir()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for name, body := range files {
		typ := byte(tar.TypeReg)
		if strings.HasSuffix(name, "/") {
			typ = tar.TypeDir
		}
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(body)), Typeflag: typ}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	tgz := filepath.Join(dir, "pkg-1.0.0.tgz")
	if err := os.WriteFile(tgz, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	h := sha256.Sum256(buf.Bytes())
	calls = filepath.Join(dir, "calls")
	npm = filepath.Join(dir, "npm")
	script := fmt.Sprintf("#!/bin/sh\necho \"$@\" >> %q\ncp %q .\n", calls, tgz)
	if err := os.WriteFile(npm, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return npm, hex.EncodeToString(h[:]), calls
}

func callCount(t *testing.T, calls string) int {
	b, err := os.ReadFile(calls)
	if errors.Is(err, os.ErrNotExist) {
		return 0
	}
	if err != nil {
		t.Fatal(err)
	}
	return strings.Count(string(b), "\n")
}

func sumOf(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

func TestFetch(t *testing.T) {
	npm, sum, calls := fakeNPM(t, map[string]string{
		"package/":              "",
		"package/lib/a.so":      "library bytes",
		"package/models/m.json": `{"x":1}`,
		"package/README.md":     "not wanted",
	})
	dir := t.TempDir()
	p := Package{Name: "@scope/pkg", Version: "1.0.0", SHA256: sum}
	files := map[string]string{"package/lib/a.so": "a.so", "package/models/m.json": "models/m.json"}
	opts := FetchOptions{NPM: npm}
	if err := Fetch(t.Context(), p, files, dir, opts); err != nil {
		t.Fatal(err)
	}
	for dest, want := range map[string]string{"a.so": "library bytes", "models/m.json": `{"x":1}`} {
		got, err := os.ReadFile(filepath.Join(dir, dest))
		if err != nil || string(got) != want {
			t.Errorf("%s = %q, %v; want %q", dest, got, err, want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "README.md")); err == nil {
		t.Error("Fetch extracted a file it was not asked for")
	}
	if n := callCount(t, calls); n != 1 {
		t.Fatalf("npm called %d times, want 1", n)
	}
	// Cached: same files, same sums -> npm is not run again.
	if err := Fetch(t.Context(), p, files, dir, opts); err != nil {
		t.Fatal(err)
	}
	if n := callCount(t, calls); n != 1 {
		t.Errorf("npm called %d times after a cached fetch, want 1", n)
	}
	// A modified file is fetched again and restored.
	if err := os.WriteFile(filepath.Join(dir, "a.so"), []byte("tampered"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Fetch(t.Context(), p, files, dir, opts); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "a.so")); string(got) != "library bytes" || callCount(t, calls) != 2 {
		t.Errorf("after tampering: a.so = %q, npm calls %d; want restored and 2 calls", got, callCount(t, calls))
	}
}

func TestFetchRefuses(t *testing.T) {
	npm, sum, _ := fakeNPM(t, map[string]string{"package/a": "aaaa", "package/dir/": ""})
	bad := strings.Repeat("0", 64)
	tests := []struct {
		name  string
		p     Package
		files map[string]string
		opts  FetchOptions
		isErr error
		text  []string
	}{
		{name: "tarball checksum", p: Package{Name: "pkg", Version: "1.0.0", SHA256: bad}, files: map[string]string{"package/a": "a"},
			isErr: ErrChecksum, text: []string{sum, bad}},
		{name: "file checksum", p: Package{Name: "pkg", Version: "1.0.0", SHA256: sum}, files: map[string]string{"package/a": "a"},
			opts: FetchOptions{Want: map[string]string{"a": bad}}, isErr: ErrChecksum, text: []string{sumOf("aaaa"), bad}},
		{name: "missing file", p: Package{Name: "pkg", Version: "1.0.0", SHA256: sum}, files: map[string]string{"package/b": "b"},
			isErr: ErrMissingFile, text: []string{"package/b"}},
		{name: "too large", p: Package{Name: "pkg", Version: "1.0.0", SHA256: sum}, files: map[string]string{"package/a": "a"},
			opts: FetchOptions{MaxFileSize: 3}, isErr: ErrTooLarge},
		{name: "traversal", p: Package{Name: "pkg", Version: "1.0.0", SHA256: sum}, files: map[string]string{"package/a": "../a"},
			text: []string{"leaves"}},
		{name: "absolute", p: Package{Name: "pkg", Version: "1.0.0", SHA256: sum}, files: map[string]string{"package/a": "/tmp/a"},
			text: []string{"leaves"}},
		{name: "not a regular file", p: Package{Name: "pkg", Version: "1.0.0", SHA256: sum}, files: map[string]string{"package/dir": "d"},
			text: []string{"not a regular file"}},
		{name: "unpinned", p: Package{Name: "pkg", Version: "1.0.0"}, files: map[string]string{"package/a": "a"},
			text: []string{"sha256"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			tt.opts.NPM = npm
			err := Fetch(t.Context(), tt.p, tt.files, dir, tt.opts)
			if err == nil || (tt.isErr != nil && !errors.Is(err, tt.isErr)) {
				t.Fatalf("Fetch() = %v, want %v", err, tt.isErr)
			}
			for _, s := range tt.text {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("Fetch() error %q does not mention %q", err, s)
				}
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if e.Name() == "a" || e.Name() == "d" {
					t.Errorf("Fetch() left %s behind after refusing", e.Name())
				}
			}
		})
	}
}

func TestFetchNPMFails(t *testing.T) {
	err := Fetch(t.Context(), Package{Name: "pkg", Version: "1.0.0", SHA256: strings.Repeat("0", 64)},
		map[string]string{"package/a": "a"}, t.TempDir(), FetchOptions{NPM: "/nonexistent/npm"})
	if err == nil || !strings.Contains(err.Error(), "npm pack pkg@1.0.0") {
		t.Fatalf("Fetch() = %v, want an npm pack error", err)
	}
}

func TestLayout(t *testing.T) {
	cache := "/c"
	tests := []struct{ got, want string }{
		{ORTLibraryPath(cache), "/c/onnxruntime/libonnxruntime.so.1.24.3"},
		{SourceDir(cache, HumanPackage()), "/c/src/human-3.3.6"},
		{ModelPath(cache, "blazeface"), "/c/models/blazeface/blazeface.onnx"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("path = %s, want %s", tt.got, tt.want)
		}
	}
}
