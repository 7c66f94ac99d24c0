package main

import (
	"bufio"
	"io"
	"regexp"
	"strconv"
	"strings"
)

// GoBench is one result line of `go test -bench`.
type GoBench struct {
	File  string `json:"file"` // the results file it came from, without ".txt"
	Pkg   string `json:"pkg"`
	Name  string `json:"name"` // as printed, without the -GOMAXPROCS suffix
	Procs int    `json:"procs"`
	N     int64  `json:"n"`
	// Metrics maps each unit to its value: "ns/op", "B/op", "allocs/op", and a benchmark's own ("p50-ms",
	// "photos/s", "cpu-ms/op").
	Metrics map[string]float64 `json:"metrics"`
}

// GoSkip is a benchmark that skipped, with its reason (a missing model or tool).
type GoSkip struct {
	File   string `json:"file"`
	Pkg    string `json:"pkg"`
	Name   string `json:"name"`
	Reason string `json:"reason"`
}

// IndexBuild is what BenchmarkSearch logs about building its index.
type IndexBuild struct {
	Docs     int     `json:"docs"`
	Took     string  `json:"took"`
	DocsPerS float64 `json:"docs_per_s"`
	DiskMB   float64 `json:"disk_mb"`
	Memory   string  `json:"memory"` // VmRSS and VmHWM after the build
}

// goOutput is what one `go test -bench` output holds.
type goOutput struct {
	benches []GoBench
	skips   []GoSkip
	builds  []IndexBuild
	failed  []string // "FAIL" lines: packages or benchmarks that failed
}

var (
	procsSuffix = regexp.MustCompile(`-(\d+)$`)
	indexedLog  = regexp.MustCompile(`indexed (\d+) docs in (\S+): (\d+) docs/s, ([\d.]+) MB on disk; (.*)$`)
)

// parseGoBench reads `go test -bench` output (several packages may follow each other).
func parseGoBench(file string, r io.Reader) (goOutput, error) {
	var out goOutput
	pkg := ""
	var skip *GoSkip // the SKIP whose reason is on the next indented line
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		if skip != nil && strings.HasPrefix(line, "    ") {
			if _, reason, ok := strings.Cut(trimmed, ": "); ok && skip.Reason == "" {
				skip.Reason = reason
			}
			continue
		}
		skip = nil
		switch {
		case strings.HasPrefix(line, "pkg: "):
			pkg = strings.TrimPrefix(line, "pkg: ")
		case strings.HasPrefix(line, "--- SKIP: "):
			name := strings.Fields(strings.TrimPrefix(line, "--- SKIP: "))[0]
			out.skips = append(out.skips, GoSkip{File: file, Pkg: pkg, Name: stripProcs(name)})
			skip = &out.skips[len(out.skips)-1]
		case strings.HasPrefix(line, "--- FAIL: "), strings.HasPrefix(line, "FAIL"):
			out.failed = append(out.failed, trimmed)
		case strings.HasPrefix(line, "Benchmark"):
			if b, ok := parseResult(line); ok {
				b.File, b.Pkg = file, pkg
				out.benches = append(out.benches, b)
			}
		default:
			if m := indexedLog.FindStringSubmatch(trimmed); m != nil {
				docs, _ := strconv.Atoi(m[1])
				rate, _ := strconv.ParseFloat(m[3], 64)
				disk, _ := strconv.ParseFloat(m[4], 64)
				out.builds = append(out.builds, IndexBuild{Docs: docs, Took: m[2], DocsPerS: rate, DiskMB: disk, Memory: m[5]})
			}
		}
	}
	return out, sc.Err()
}

// parseResult parses "BenchmarkX/sub-2   30   123 ns/op   4.5 p50-ms ...".
func parseResult(line string) (GoBench, bool) {
	f := strings.Fields(line)
	if len(f) < 4 || len(f)%2 != 0 {
		return GoBench{}, false
	}
	n, err := strconv.ParseInt(f[1], 10, 64)
	if err != nil {
		return GoBench{}, false
	}
	b := GoBench{Name: stripProcs(f[0]), N: n, Metrics: map[string]float64{}}
	if m := procsSuffix.FindStringSubmatch(f[0]); m != nil {
		b.Procs, _ = strconv.Atoi(m[1])
	}
	for i := 2; i+1 < len(f); i += 2 {
		v, err := strconv.ParseFloat(f[i], 64)
		if err != nil {
			return GoBench{}, false
		}
		b.Metrics[f[i+1]] = v
	}
	return b, true
}

func stripProcs(name string) string { return procsSuffix.ReplaceAllString(name, "") }
