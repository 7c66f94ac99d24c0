package models

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/converted.sha256")

// testCache is the cache `sajin models fetch` filled:
// SAJIN_CACHE, or the user cache dir + "/sajin".
func testCache(t *testing.T) string {
	if c := os.Getenv("SAJIN_CACHE"); c != "" {
		return c
	}
	d, err := os.UserCacheDir()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(d, "sajin")
}

// TestConvertedChecksums converts every default TF.js model from the fetched
// sources and compares the bytes with the sums in testdata/converted.sha256:
// the converter is deterministic, and any change to what it writes shows up
// here (then bump tfjs.ProducerVersion and run with -update). Without the
// sources it skips, or fails when CI is set.
func TestConvertedChecksums(t *testing.T) {
	cache := testCache(t)
	golden := filepath.Join("testdata", "converted.sha256")
	want := map[string]string{}
	if b, err := os.ReadFile(golden); err == nil {
		for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			if f := strings.Fields(line); len(f) == 2 {
				want[f[1]] = f[0]
			}
		}
	}
	got := map[string]string{}
	for _, m := range tfjsModels() {
		onnx, err := convertSource(cache, m)
		if err != nil && errors.Is(err, os.ErrNotExist) {
			msg := fmt.Sprintf("%s sources not in %s (run `sajin models fetch`, or set SAJIN_CACHE): %v", m.name, cache, err)
			if os.Getenv("CI") != "" {
				t.Fatal("CI: " + msg)
			}
			t.Skip(msg)
		}
		if err != nil {
			t.Fatal(err)
		}
		h := sha256.Sum256(onnx)
		got[m.name+".onnx"] = hex.EncodeToString(h[:])
	}
	if *update {
		names := make([]string, 0, len(got))
		for name := range got {
			names = append(names, name)
		}
		sort.Strings(names)
		var lines []string
		for _, name := range names {
			lines = append(lines, got[name]+"  "+name)
		}
		if err := os.WriteFile(golden, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	for name, sum := range got {
		if want[name] != sum {
			t.Errorf("%s: sha256 %s, want %s (converter output changed: bump tfjs.ProducerVersion, run go test -update)", name, sum, want[name])
		}
	}
}
