package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// The targets.
const (
	targetPhotosPerS = 8.0  // 12 MP JPEGs through the whole pipeline, on this machine's cores
	targetThumbRatio = 1.3  // Sajin's thumbnails against libvips
	flatTolerance    = 1.25 // a stage is flat when its last buckets cost at most this much more than its first
)

// Report is everything `make bench` measured: docs/bench.json, rendered as docs/bench.md.
type Report struct {
	Machine    Machine     `json:"machine"`
	Pipeline   []ImportRun `json:"pipeline"`
	Library    *ImportRun  `json:"library,omitempty"`
	Thumbnails []ThumbRun  `json:"thumbnails"`
	EXIF       []EXIFRun   `json:"exif"`
	Search     []SearchRun `json:"search"`
	Latency    *LatencyRun `json:"latency,omitempty"`
	Benchmarks []GoBench   `json:"benchmarks"`
	Skipped    []GoSkip    `json:"skipped,omitempty"`
	Failed     []string    `json:"failed,omitempty"`
	Steps      []Step      `json:"steps,omitempty"`
}

// Step is how long one step of scripts/bench.sh took.
type Step struct {
	Name    string `json:"name"`
	Seconds int    `json:"seconds"`
}

// SearchRun is BenchmarkSearch on one generated library size.
type SearchRun struct {
	Docs    int           `json:"docs"`
	Build   *IndexBuild   `json:"build,omitempty"`
	Queries []SearchQuery `json:"queries"`
}

// SearchQuery is one kind of query's latency.
type SearchQuery struct {
	Name    string  `json:"name"`
	Matches float64 `json:"matches"`
	P50Ms   float64 `json:"p50_ms"`
	P95Ms   float64 `json:"p95_ms"`
}

func runRender(ctx context.Context, args []string, stderr io.Writer) error {
	fs := newFlags("render", stderr)
	in := fs.String("in", "bin/bench", "results folder")
	md := fs.String("md", "docs/bench.md", "Markdown output")
	js := fs.String("json", "docs/bench.json", "JSON output")
	if err := fs.Parse(args); err != nil {
		return err
	}
	r, err := loadResults(*in)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	renderMarkdown(&buf, r)
	if err := os.WriteFile(*md, buf.Bytes(), 0o644); err != nil {
		return err
	}
	if err := writeJSON(*js, r); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "benchreport: wrote %s and %s\n", *md, *js)
	return nil
}

// loadResults reads a results folder: machine.json, import-*.json (import-library.json is the cost curve),
// thumbs.json, exif.json, latency.json and go-*.txt (go-search-DOCS.txt for the search latencies). A missing file leaves its
// part of the report empty.
func loadResults(dir string) (Report, error) {
	var r Report
	if err := readJSON(filepath.Join(dir, "machine.json"), &r.Machine); err != nil && !os.IsNotExist(err) {
		return r, err
	}
	steps, err := readSteps(filepath.Join(dir, "steps.tsv"))
	if err != nil {
		return r, err
	}
	r.Steps = steps
	imports, _ := filepath.Glob(filepath.Join(dir, "import-*.json"))
	slices.Sort(imports)
	for _, p := range imports {
		var run ImportRun
		if err := readJSON(p, &run); err != nil {
			return r, fmt.Errorf("%s: %w", p, err)
		}
		if run.Name == "library" {
			r.Library = &run
		} else {
			r.Pipeline = append(r.Pipeline, run)
		}
	}
	for name, v := range map[string]any{"thumbs.json": &r.Thumbnails, "exif.json": &r.EXIF} {
		if err := readJSON(filepath.Join(dir, name), v); err != nil && !os.IsNotExist(err) {
			return r, fmt.Errorf("%s: %w", name, err)
		}
	}
	var lat LatencyRun
	if err := readJSON(filepath.Join(dir, "latency.json"), &lat); err == nil {
		r.Latency = &lat
	} else if !os.IsNotExist(err) {
		return r, fmt.Errorf("latency.json: %w", err)
	}
	outs, _ := filepath.Glob(filepath.Join(dir, "go-*.txt"))
	slices.SortStableFunc(outs, func(a, b string) int { return cmpFloat(goFileRank(a), goFileRank(b)) }) // Glob sorts by name
	for _, p := range outs {
		f, err := os.Open(p)
		if err != nil {
			return r, err
		}
		file := strings.TrimSuffix(filepath.Base(p), ".txt")
		out, err := parseGoBench(file, f)
		f.Close()
		if err != nil {
			return r, fmt.Errorf("%s: %w", p, err)
		}
		r.Benchmarks = append(r.Benchmarks, out.benches...)
		r.Skipped = append(r.Skipped, out.skips...)
		r.Failed = append(r.Failed, out.failed...)
		if docs, ok := strings.CutPrefix(file, "go-search-"); ok {
			if s, ok := searchRun(docs, out); ok {
				r.Search = append(r.Search, s)
			}
		}
	}
	slices.SortFunc(r.Search, func(a, b SearchRun) int { return a.Docs - b.Docs })
	return r, nil
}

// searchRun collects BenchmarkSearch's p50/p95 metrics from one output.
func searchRun(docs string, out goOutput) (SearchRun, bool) {
	n, err := strconv.Atoi(docs)
	if err != nil {
		return SearchRun{}, false
	}
	s := SearchRun{Docs: n}
	for _, b := range out.benches {
		q, ok := strings.CutPrefix(b.Name, "BenchmarkSearch/")
		if !ok {
			continue
		}
		s.Queries = append(s.Queries, SearchQuery{Name: q, Matches: b.Metrics["matches"], P50Ms: b.Metrics["p50-ms"],
			P95Ms: b.Metrics["p95-ms"]})
	}
	for _, b := range out.builds {
		if b.Docs == n {
			s.Build = &b
		}
	}
	return s, len(s.Queries) > 0
}

// readSteps reads scripts/bench.sh's "name TAB seconds" lines; a missing file is no steps.
func readSteps(path string) ([]Step, error) {
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var steps []Step
	for line := range strings.Lines(string(b)) {
		name, secs, ok := strings.Cut(strings.TrimSpace(line), "\t")
		n, err := strconv.Atoi(secs)
		if !ok || err != nil {
			return nil, fmt.Errorf("%s: bad line %q", path, line)
		}
		steps = append(steps, Step{Name: name, Seconds: n})
	}
	return steps, nil
}

// goFileOrder is the order of the pipeline, in which the packages' benchmarks are listed; others follow by name.
var goFileOrder = []string{"go-ingest", "go-thumb", "go-exif", "go-vision", "go-objects", "go-faces", "go-ocr", "go-onnx"}

// goFileRank places a go-*.txt file in goFileOrder; every other file ranks after them.
func goFileRank(path string) float64 {
	name := strings.TrimSuffix(filepath.Base(path), ".txt")
	if i := slices.Index(goFileOrder, name); i >= 0 {
		return float64(i)
	}
	return float64(len(goFileOrder))
}
