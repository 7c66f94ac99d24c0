package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite testdata/bench.md.golden")

func TestParseGoBench(t *testing.T) {
	f, err := os.Open("testdata/results/go-vision.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out, err := parseGoBench("go-vision", f)
	if err != nil {
		t.Fatal(err)
	}
	if len(out.benches) != 1 {
		t.Fatalf("parseGoBench = %d results, want 1", len(out.benches))
	}
	b := out.benches[0]
	if b.Pkg != "sajin/vision" || b.Name != "BenchmarkTag2048" || b.Procs != 2 || b.N != 10 ||
		b.Metrics["ns/op"] != 2612345678 || b.Metrics["allocs/op"] != 45678 {
		t.Errorf("parseGoBench result = %+v", b)
	}
	want := []GoSkip{{File: "go-vision", Pkg: "sajin/vision/ocr", Name: "BenchmarkDetect", Reason: "ONNX Runtime: not found"}}
	if !slices.Equal(out.skips, want) {
		t.Errorf("parseGoBench skips = %+v, want %+v", out.skips, want)
	}
}

func TestParseResult(t *testing.T) {
	tests := []struct {
		line  string
		ok    bool
		name  string
		procs int
		unit  string
		value float64
	}{
		{"BenchmarkSearch/label+year-2   \t 30\t 541570 ns/op\t 0.5480 p50-ms", true, "BenchmarkSearch/label+year", 2, "p50-ms", 0.548},
		{"BenchmarkStages/orient6-16 10 5 ns/op", true, "BenchmarkStages/orient6", 16, "ns/op", 5},
		{"BenchmarkAdd12MP-2   \t       1\t 297120252 ns/op\t   2.99 MB/s\t 3.363 photos/s", true, "BenchmarkAdd12MP", 2, "photos/s", 3.363},
		{"BenchmarkSearch/label-2  ", false, "", 0, "", 0},     // a name line before logs
		{"BenchmarkX-2 many 5 ns/op", false, "", 0, "", 0},     // not a count
		{"BenchmarkX-2 10 5 ns/op extra", false, "", 0, "", 0}, // unpaired
		{"BenchmarkX-2 10 fast ns/op", false, "", 0, "", 0},    // not a value
	}
	for _, tt := range tests {
		b, ok := parseResult(tt.line)
		if ok != tt.ok || (ok && (b.Name != tt.name || b.Procs != tt.procs || b.Metrics[tt.unit] != tt.value)) {
			t.Errorf("parseResult(%q) = %+v, %v; want %s procs %d %s=%v, %v", tt.line, b, ok, tt.name, tt.procs,
				tt.unit, tt.value, tt.ok)
		}
	}
}

func TestBuckets(t *testing.T) {
	tests := []struct {
		name  string
		start float64
		times []float64
		size  int
		want  int
		ms    []float64
	}{
		{"one by one", 1, []float64{2, 3, 4, 5, 7, 9, 11, 13}, 2, 2, []float64{1000, 1000, 2000, 2000}},
		{"half bucket kept", 0, []float64{1, 2, 3}, 2, 2, []float64{1000, 1000}},
		{"under half dropped", 0, []float64{1, 2, 3, 4, 5}, 4, 4, []float64{1000}},
		// Batches of 2 photos finishing together: buckets of at least 4 batches (8 photos).
		{"batches", 0, []float64{1, 1, 2, 2, 3, 3, 4, 4, 6, 6, 8, 8, 10, 10, 12, 12}, 3, 9, []float64{666.667, 857.143}},
	}
	for _, tt := range tests {
		size, ms := buckets(tt.start, tt.times, tt.size)
		if size != tt.want || !slices.Equal(ms, tt.ms) {
			t.Errorf("%s: buckets = %d, %v; want %d, %v", tt.name, size, ms, tt.want, tt.ms)
		}
	}
}

func TestGrowth(t *testing.T) {
	for _, tt := range []struct {
		b    []float64
		want float64
	}{
		{nil, 0}, {[]float64{2}, 0}, {[]float64{2, 3}, 1.5}, {[]float64{1, 2, 3, 4}, 3.5 / 1.5},
		{[]float64{1, 9, 2, 2, 2, 2, 2, 9, 3}, 3.0 / 2}, {[]float64{0, 1}, 0},
	} {
		if got := growth(tt.b); !near(got, tt.want) {
			t.Errorf("growth(%v) = %v, want %v", tt.b, got, tt.want)
		}
	}
}

func TestStages(t *testing.T) {
	got := stages(1, []float64{3, 2, 4}, map[string][]float64{
		"index":  {9, 10, 10},
		"vision": {5, 6, 8},
	}, 0)
	want := []StageRun{
		{Name: "store", Photos: 3, StartS: 1, EndS: 4, PhotosPerS: 1, MsPerPhoto: 1000},
		{Name: "vision", Photos: 3, StartS: 4, EndS: 8, PhotosPerS: 0.75, MsPerPhoto: 1333.333},
		{Name: "index", Photos: 3, StartS: 8, EndS: 10, PhotosPerS: 1.5, MsPerPhoto: 666.667},
	}
	if len(got) != len(want) {
		t.Fatalf("stages = %+v, want %+v", got, want)
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Name != w.Name || g.Photos != w.Photos || g.StartS != w.StartS || g.EndS != w.EndS ||
			!near(g.PhotosPerS, w.PhotosPerS) || !near(g.MsPerPhoto, w.MsPerPhoto) {
			t.Errorf("stages[%d] = %+v, want %+v", i, g, w)
		}
	}
	// Overlapping stages: a stage that starts before the one before it ends starts at its first photo.
	got = stages(0, []float64{1, 5}, map[string][]float64{"vision": {3, 6}}, 0)
	if got[1].StartS != 3 {
		t.Errorf("overlapping vision starts at %v, want 3", got[1].StartS)
	}
}

func near(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }

func TestParseJobs(t *testing.T) {
	out := "vision|done|2026-11-25T14:00:01.5Z\nindex|failed|2026-11-25T14:00:02.25Z\n\ngarbage\n"
	jobs, err := parseJobs([]byte(out))
	if err != nil {
		t.Fatal(err)
	}
	want := []job{
		{stage: "vision", state: "done", at: time.Date(2026, 11, 25, 14, 0, 1, 5e8, time.UTC)},
		{stage: "index", state: "failed", at: time.Date(2026, 11, 25, 14, 0, 2, 25e7, time.UTC)},
	}
	if len(jobs) != len(want) {
		t.Fatalf("parseJobs = %+v, want %+v", jobs, want)
	}
	for i := range want {
		if jobs[i].stage != want[i].stage || jobs[i].state != want[i].state || !jobs[i].at.Equal(want[i].at) {
			t.Errorf("parseJobs[%d] = %+v, want %+v", i, jobs[i], want[i])
		}
	}
	if _, err := parseJobs([]byte("vision|done|yesterday\n")); err == nil {
		t.Error("parseJobs(bad time) = nil error")
	}
}

func TestFlagValue(t *testing.T) {
	args := []string{"--vision-workers", "2", "-ort-threads=1", "--no-vision"}
	for name, want := range map[string]string{"vision-workers": "2", "ort-threads": "1", "workers": "", "no-vision": ""} {
		if got := flagValue(args, name); got != want {
			t.Errorf("flagValue(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestFormat(t *testing.T) {
	for _, tt := range []struct {
		x    float64
		d    int
		want string
	}{{0, 1, "-"}, {1.25, 1, "1.2"}, {1234.4, 0, "1234"}, {123456.7, 0, "123,457"}, {0.004, 3, "0.004"}} {
		if got := num(tt.x, tt.d); got != tt.want {
			t.Errorf("num(%v, %d) = %q, want %q", tt.x, tt.d, got, tt.want)
		}
	}
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 1000000: "1,000,000", -12345: "-12,345"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestRender renders the canned results folder and compares with the golden Markdown; the JSON must read back
// to the same report.
func TestRender(t *testing.T) {
	r, err := loadResults("testdata/results")
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Pipeline) != 1 || r.Library == nil || len(r.Search) != 2 || len(r.Skipped) != 1 || len(r.Steps) != 2 {
		t.Fatalf("loadResults = %d pipeline runs, library %v, %d search runs, %d skipped, %d steps",
			len(r.Pipeline), r.Library != nil, len(r.Search), len(r.Skipped), len(r.Steps))
	}
	if s := r.Search[0]; s.Docs != 100000 || s.Build == nil || s.Build.DocsPerS != 4082 || len(s.Queries) != 2 ||
		s.Queries[1] != (SearchQuery{Name: "near", Matches: 6504, P50Ms: 19.5, P95Ms: 24.25}) {
		t.Errorf("search run = %+v", s)
	}
	var md bytes.Buffer
	renderMarkdown(&md, r)
	golden := filepath.Join("testdata", "bench.md.golden")
	if *update {
		if err := os.WriteFile(golden, md.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if md.String() != string(want) {
		t.Errorf("renderMarkdown differs from %s (go test ./cmd/benchreport -run TestRender -update):\n%s", golden,
			firstDiff(md.String(), string(want)))
	}
	if l := r.Latency; l == nil || len(l.Phases) != 3 || l.stats("import", "search").P95Ms != 140.25 {
		t.Errorf("loadResults latency = %+v", l)
	}
	for _, s := range []string{"0.50 photos/s end to end", "16.0x short", "1.25x (250 / 200 ms)", "| 24,601 | 10.0 | 14.0 |",
		"skipped", "It took 3 min 32 s", "| search while importing, p95 | 140.2 ms (idle 6.5 ms; while uploading 180.5 ms) | < 100 ms: not met |",
		"| **search**, every query | 300 | 2.1 | 6.5 | 12.2 | 400 | 12.5 | **140.2** | 900.0 | 180.5 | 1 |  |"} {
		if !strings.Contains(md.String(), s) {
			t.Errorf("renderMarkdown lacks %q", s)
		}
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var back Report
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	var md2 bytes.Buffer
	renderMarkdown(&md2, back)
	if md2.String() != md.String() {
		t.Error("the report read back from JSON renders differently")
	}
}

func TestPercentile(t *testing.T) {
	xs := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}
	for _, tt := range []struct {
		xs   []float64
		p    float64
		want float64
	}{{nil, 95, 0}, {[]float64{7}, 50, 7}, {xs, 50, 10}, {xs, 95, 19}, {xs, 100, 20}, {xs[:10], 95, 10}} {
		if got := percentile(tt.xs, tt.p); got != tt.want {
			t.Errorf("percentile(%v, %v) = %v, want %v", tt.xs, tt.p, got, tt.want)
		}
	}
}

// TestLatencyPhases summarises canned samples: per phase in order of appearance, kinds before single queries,
// errors left out of the figures, the most matches kept.
func TestLatencyPhases(t *testing.T) {
	cat := probe{kind: "search", name: `search "cat"`}
	dog := probe{kind: "search", name: `search "강아지"`}
	tile := probe{kind: "tile", name: "tile"}
	samples := []sample{
		{probe: cat, phase: "idle", atS: 0.1, ms: 2, status: 200, matches: 1},
		{probe: tile, phase: "idle", atS: 0.2, ms: 1, status: 200},
		{probe: dog, phase: "idle", atS: 1.1, ms: 4, status: 200},
		{probe: cat, phase: "import", atS: 2, ms: 30, status: 200, matches: 3},
		{probe: dog, phase: "import", atS: 3, ms: 10, status: 200},
		{probe: dog, phase: "import", atS: 4, ms: 5000, status: 0},
		{probe: tile, phase: "import", atS: 5.5, ms: 20, status: 200},
	}
	got := latencyPhases(samples)
	want := []LatencyPhase{
		{Name: "idle", Seconds: 1, Requests: []LatencyStats{
			{Name: "search", Requests: 2, P50Ms: 2, P95Ms: 4, MaxMs: 4, Matches: 1},
			{Name: "tile", Requests: 1, P50Ms: 1, P95Ms: 1, MaxMs: 1},
			{Name: `search "cat"`, Requests: 1, P50Ms: 2, P95Ms: 2, MaxMs: 2, Matches: 1},
			{Name: `search "강아지"`, Requests: 1, P50Ms: 4, P95Ms: 4, MaxMs: 4},
		}},
		{Name: "import", Seconds: 3.5, Requests: []LatencyStats{
			{Name: "search", Requests: 3, Errors: 1, P50Ms: 10, P95Ms: 30, MaxMs: 30, Matches: 3},
			{Name: "tile", Requests: 1, P50Ms: 20, P95Ms: 20, MaxMs: 20},
			{Name: `search "cat"`, Requests: 1, P50Ms: 30, P95Ms: 30, MaxMs: 30, Matches: 3},
			{Name: `search "강아지"`, Requests: 2, Errors: 1, P50Ms: 10, P95Ms: 10, MaxMs: 10},
		}},
	}
	if len(got) != len(want) {
		t.Fatalf("latencyPhases = %+v, want %+v", got, want)
	}
	if w := window(samples, "import", "uploading", 2, 4); len(w) != 3 || w[0].phase != "uploading" || w[2].atS != 4 {
		t.Errorf("window(import, 2 to 4 s) = %+v, want the 3 samples sent from 2 to 4 s", w)
	}
	for i := range want {
		if got[i].Name != want[i].Name || got[i].Seconds != want[i].Seconds ||
			!slices.Equal(got[i].Requests, want[i].Requests) {
			t.Errorf("latencyPhases[%d] = %+v, want %+v", i, got[i], want[i])
		}
	}
}

// firstDiff shows the first line where got and want differ.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range max(len(g), len(w)) {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d:\n got:  %s\n want: %s", i+1, gl, wl)
		}
	}
	return ""
}
