package main

import (
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strings"
)

// renderMarkdown writes the report as docs/bench.md: a summary against the targets, then each
// measurement's table.
func renderMarkdown(w io.Writer, r Report) {
	m := r.Machine
	fmt.Fprintf(w, "# Sajin benchmarks\n\n")
	fmt.Fprintf(w, "Written by `make bench` (scripts/bench.sh, cmd/benchreport); the same figures are in docs/bench.json.\n\n")
	fmt.Fprintf(w, "Measured %s on %s, %d cores", m.Date, orDash(m.CPU), m.Cores)
	if m.MemoryGB > 0 {
		fmt.Fprintf(w, ", %d GB", m.MemoryGB)
	}
	fmt.Fprintf(w, ", %s", m.OS)
	if m.Kernel != "" {
		fmt.Fprintf(w, " (kernel %s)", m.Kernel)
	}
	fmt.Fprintf(w, "; %s, ONNX Runtime %s, %s, exiftool %s.", m.Go, m.ORT, orDash(m.Vips), orDash(m.ExifTool))
	if m.Load != "" {
		fmt.Fprintf(w, " Load average at the start: %s.", m.Load)
	}
	if m.Mode != "" {
		fmt.Fprintf(w, " Run: %s.", m.Mode)
	}
	if len(r.Steps) > 0 {
		total := 0
		var parts []string
		for _, s := range r.Steps {
			total += s.Seconds
			parts = append(parts, fmt.Sprintf("%s %d s", s.Name, s.Seconds))
		}
		fmt.Fprintf(w, " It took %d min %d s: %s.", total/60, total%60, strings.Join(parts, ", "))
	}
	fmt.Fprintf(w, "\n\nOn a machine shared with other work every absolute figure is noisy; the comparisons with libvips and "+
		"exiftool run interleaved in the same process, round by round, so their ratios hold better than the times.\n\n")
	renderSummary(w, r)
	renderPipeline(w, r.Pipeline)
	renderThumbs(w, r.Thumbnails)
	renderEXIF(w, r.EXIF)
	renderSearch(w, r.Search)
	renderLatency(w, r.Latency)
	renderLibrary(w, r.Library)
	renderBenchmarks(w, r)
}

func renderSummary(w io.Writer, r Report) {
	fmt.Fprintf(w, "## Summary\n\n| what | figure | target |\n| --- | --- | --- |\n")
	for _, p := range r.Pipeline {
		target := ""
		if p.Vision && p.PhotosPerS > 0 && p.Name == "12mp" {
			target = fmt.Sprintf(">= %.0f photos/s: %s", targetPhotosPerS, gap(p.PhotosPerS))
		}
		fmt.Fprintf(w, "| %s JPEGs through the whole pipeline (%s) | %s photos/s end to end | %s |\n",
			setName(p.Name), pipelineWhat(p), num(p.PhotosPerS, 2), target)
	}
	for _, p := range r.Pipeline {
		fmt.Fprintf(w, "| peak memory of that import (%s) | %s MiB | |\n", setName(p.Name), num(p.PeakRSSMiB, 0))
	}
	for _, t := range r.Thumbnails {
		fmt.Fprintf(w, "| thumbnails of %s photos, Sajin / vipsthumbnail | %sx (%s / %s ms) | <= %.1fx: %s |\n",
			setName(t.Set), num(t.Ratio, 2), num(t.SajinMs, 0), num(t.VipsMs, 0), targetThumbRatio,
			verdict(t.Ratio <= targetThumbRatio, "met", "not met"))
	}
	for _, e := range r.EXIF {
		fmt.Fprintf(w, "| EXIF of %s photos: Sajin faster than exiftool | %sx per file, %sx against its batch mode | |\n",
			setName(e.Set), num(e.RatioPerFile, 0), num(e.RatioBatch, 0))
	}
	for _, s := range r.Search {
		if q, ok := searchQuery(s, "label"); ok {
			fmt.Fprintf(w, "| search at %s photos, one label newest first, p50 / p95 | %s / %s ms | |\n",
				thousands(s.Docs), num(q.P50Ms, 1), num(q.P95Ms, 1))
		}
		worst := slices.MaxFunc(s.Queries, func(a, b SearchQuery) int { return cmpFloat(a.P95Ms, b.P95Ms) })
		fmt.Fprintf(w, "| search at %s photos, slowest kind of query (%s), p95 | %s ms | |\n",
			thousands(s.Docs), worst.Name, num(worst.P95Ms, 1))
	}
	if l := r.Latency; l != nil {
		busy, idle := l.stats("import", "search"), l.stats("idle", "search")
		fmt.Fprintf(w, "| search while importing, p95 | %s ms (idle %s ms; while uploading %s ms) | < %.0f ms: %s |\n",
			num(busy.P95Ms, 1), num(idle.P95Ms, 1), num(l.stats("uploading", "search").P95Ms, 1), targetSearchMs,
			verdict(busy.P95Ms > 0 && busy.P95Ms < targetSearchMs && busy.Errors == 0, "met", "not met"))
		fit, tile := l.stats("import", "fit720"), l.stats("import", "tile")
		fmt.Fprintf(w, "| thumbnails while importing (720 px / tile), p95 | %s / %s ms (idle %s / %s ms) | |\n",
			num(fit.P95Ms, 1), num(tile.P95Ms, 1), num(l.stats("idle", "fit720").P95Ms, 1),
			num(l.stats("idle", "tile").P95Ms, 1))
	}
	if l := r.Library; l != nil {
		for _, s := range l.Stages {
			if len(s.Buckets) < 2 {
				continue
			}
			g := s.Growth
			fmt.Fprintf(w, "| %s stage: cost per photo at %s photos against the first %s | %sx | no stage slower: %s |\n",
				s.Name, thousands(s.Photos), thousands(s.BucketSize), num(g, 2),
				verdict(g <= flatTolerance, fmt.Sprintf("flat (<= %.2fx)", flatTolerance), "grows"))
		}
	}
	fmt.Fprintln(w)
}

func renderPipeline(w io.Writer, runs []ImportRun) {
	if len(runs) == 0 {
		return
	}
	fmt.Fprintf(w, "## Import, end to end\n\n")
	fmt.Fprintf(w, "`sajin import --json` of a folder of benchmark photos into a fresh data folder, through every stage "+
		"(store: hash, EXIF, decode, three thumbnails, original, catalog row; then vision: objects, faces, text; "+
		"people; index). The photos are real photos from Debian packages (testdata/fixtures) upscaled to camera "+
		"size, with sensor grain so they weigh what a camera's JPEGs weigh, camera EXIF, and one in four stored "+
		"sideways with orientation 6. Start-up is an import of an empty folder with the same flags (opening the "+
		"library, loading the models); it is inside the wall time.\n\n")
	fmt.Fprintf(w, "| photos | files | MB | vision workers x ORT threads | start-up s | wall s | photos/s | after start-up | CPU s per photo | peak RSS MiB | rejected |\n")
	fmt.Fprintf(w, "| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	for _, p := range runs {
		cpu, steady := 0.0, 0.0
		if p.Imported > 0 {
			cpu = p.CPUS / float64(p.Imported)
		}
		if p.WallS > p.StartupS {
			steady = float64(p.Imported) / (p.WallS - p.StartupS)
		}
		fmt.Fprintf(w, "| %s | %d | %s | %s | %s | %s | **%s** | %s | %s | %s | %d |\n", setName(p.Name), p.Photos,
			num(p.MB, 0), workers(p), num(p.StartupS, 1), num(p.WallS, 1), num(p.PhotosPerS, 2), num(steady, 2),
			num(cpu, 2), num(p.PeakRSSMiB, 0), p.Rejected)
	}
	for _, p := range runs {
		if p.Vision && p.Name == "12mp" && p.PhotosPerS > 0 && p.PhotosPerS < targetPhotosPerS {
			fmt.Fprintf(w, "\nThe target of %.0f photos/s is %s ms a photo of wall time; 12 MP photos take %s ms now. %s\n",
				targetPhotosPerS, num(1000/targetPhotosPerS, 0), num(1000/p.PhotosPerS, 0), largestShares(p))
		}
	}
	fmt.Fprintf(w, "\nPer stage, from the same imports: when each photo's JSON line arrived (store) and when the catalog "+
		"recorded each later stage's job done. `share` is the stage's part of the wall time; the gap to the target "+
		"is closed by the stages with the largest share.\n\n")
	fmt.Fprintf(w, "| photos | stage | photos | s | photos/s | ms per photo | share | failed |\n| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	for _, p := range runs {
		fmt.Fprintf(w, "| %s | start-up | | %s | | | %s | |\n", setName(p.Name), num(p.StartupS, 1), pct(p.StartupS, p.WallS))
		for _, s := range p.Stages {
			fmt.Fprintf(w, "| %s | %s | %d | %s | %s | %s | %s | %d |\n", setName(p.Name), s.Name, s.Photos,
				num(s.EndS-s.StartS, 1), num(s.PhotosPerS, 2), num(s.MsPerPhoto, 0), pct(s.EndS-s.StartS, p.WallS),
				p.Failed[s.Name])
		}
	}
	fmt.Fprintln(w)
}

// largestShares names the stages that take most of an import's wall time.
func largestShares(p ImportRun) string {
	stages := slices.Clone(p.Stages)
	slices.SortFunc(stages, func(a, b StageRun) int { return cmpFloat(b.EndS-b.StartS, a.EndS-a.StartS) })
	var parts []string
	for _, s := range stages[:min(2, len(stages))] {
		parts = append(parts, fmt.Sprintf("%s (%s of the wall time, %s ms a photo)", s.Name, pct(s.EndS-s.StartS, p.WallS),
			num(s.MsPerPhoto, 0)))
	}
	if len(parts) == 0 {
		return ""
	}
	return "Most of it goes to " + strings.Join(parts, ", then ") + "."
}

func renderThumbs(w io.Writer, runs []ThumbRun) {
	if len(runs) == 0 {
		return
	}
	fmt.Fprintf(w, "## Thumbnails: Sajin against vipsthumbnail\n\n")
	fmt.Fprintf(w, "The same files, the same three sizes (256 px square centre crop, 720 and 2048 px long side, "+
		"quality 85, upright by EXIF orientation, written to disk), photos one after another. Sajin decodes once "+
		"and derives the three sizes (as the import does); vipsthumbnail runs once per size over the folder, "+
		"each time with shrink-on-load, its start-up left out (the same run on a 16x16 JPEG just before, "+
		"subtracted). Rounds alternate which goes first; medians per photo. Target: Sajin within "+
		"%.1fx of libvips.\n\n", targetThumbRatio)
	fmt.Fprintf(w, "| photos | files | rounds | Sajin ms | vipsthumbnail ms | ratio | Sajin CPU ms | vips CPU ms | CPU ratio | vips tile / 720 / 2048 ms |\n")
	fmt.Fprintf(w, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n")
	for _, t := range runs {
		cpuRatio := 0.0
		if t.VipsCPUMs > 0 {
			cpuRatio = t.SajinCPUMs / t.VipsCPUMs
		}
		fmt.Fprintf(w, "| %s | %d | %d | %s | %s | **%sx** | %s | %s | %sx | %s / %s / %s |\n", setName(t.Set), t.Files,
			t.Rounds, num(t.SajinMs, 0), num(t.VipsMs, 0), num(t.Ratio, 2), num(t.SajinCPUMs, 0), num(t.VipsCPUMs, 0),
			num(cpuRatio, 2),
			num(t.VipsBySize["tile"], 0), num(t.VipsBySize["fit720"], 0), num(t.VipsBySize["fit2048"], 0))
	}
	fmt.Fprintln(w)
}

func renderEXIF(w io.Writer, runs []EXIFRun) {
	if len(runs) == 0 {
		return
	}
	fmt.Fprintf(w, "## EXIF: Sajin against exiftool\n\n")
	fmt.Fprintf(w, "The same files. Sajin: `exif.Read` as the import calls it (open, read the first 128 KiB, parse, "+
		"validate), in process. exiftool: one process per file (`exiftool -j FILE`, as a program shelling out to it "+
		"would), and its batch mode (`exiftool -j` over the folder, per file). exiftool reads every tag, Sajin the "+
		"dozen it keeps. `agree`: files on which both read the same make, model and capture time.\n\n")
	fmt.Fprintf(w, "| photos | files | rounds | Sajin us | exiftool ms, per file | exiftool ms, batch | faster per file | faster in batch | agree |\n")
	fmt.Fprintf(w, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	for _, e := range runs {
		fmt.Fprintf(w, "| %s | %d | %d | %s | %s | %s | %sx | %sx | %d/%d |\n", setName(e.Set), e.Files, e.Rounds,
			num(e.SajinUs, 0), num(e.ExifToolPerFileMs, 1), num(e.ExifToolBatchMs, 1), num(e.RatioPerFile, 0),
			num(e.RatioBatch, 0), e.Agree, e.Files)
	}
	fmt.Fprintln(w)
}

func renderSearch(w io.Writer, runs []SearchRun) {
	if len(runs) == 0 {
		return
	}
	fmt.Fprintf(w, "## Search latency\n\n")
	fmt.Fprintf(w, "`BenchmarkSearch` (search/bench_test.go) on generated libraries: p50 / p95 in ms per kind of query "+
		"(the queries are listed in search/README.md).\n\n")
	fmt.Fprintf(w, "| query |")
	sep := "| --- |"
	for _, s := range runs {
		fmt.Fprintf(w, " %s: matches | p50 | p95 |", thousands(s.Docs))
		sep += " ---: | ---: | ---: |"
	}
	fmt.Fprintf(w, "\n%s\n", sep)
	var names []string
	for _, s := range runs {
		for _, q := range s.Queries {
			if !slices.Contains(names, q.Name) {
				names = append(names, q.Name)
			}
		}
	}
	for _, name := range names {
		fmt.Fprintf(w, "| %s |", name)
		for _, s := range runs {
			if q, ok := searchQuery(s, name); ok {
				fmt.Fprintf(w, " %s | %s | %s |", thousands(int(q.Matches)), num(q.P50Ms, 1), num(q.P95Ms, 1))
			} else {
				fmt.Fprintf(w, " | | |")
			}
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)
	for _, s := range runs {
		if b := s.Build; b != nil {
			fmt.Fprintf(w, "- %s documents indexed in %s (%s docs/s), %s MB on disk; %s.\n", thousands(b.Docs), b.Took,
				thousands(int(b.DocsPerS)), num(b.DiskMB, 0), b.Memory)
		}
	}
	fmt.Fprintln(w)
}

func renderLatency(w io.Writer, l *LatencyRun) {
	if l == nil {
		return
	}
	idle, busy := l.phase("idle"), l.phase("import")
	if idle == nil || busy == nil {
		return
	}
	fmt.Fprintf(w, "## Request latency during an import\n\n")
	fmt.Fprintf(w, "`sajin serve --public %s` on a fresh data folder holding %d photos (%s, every stage "+
		"done). Each kind of request is sent %s times a second, open loop (every request on its own, whatever the "+
		"ones before it take, so that waiting in a queue counts): `GET /api/search?q=` through the queries below, "+
		"and `GET /api/photos/{id}/thumb/fit720` and `/thumb/tile` through the seeded photos. Milliseconds from "+
		"sending a request to the last byte of its answer, over the loopback, the client on the same cores. "+
		"Idle: the seeded server alone, for %s s. Importing: %d photos of %s (%s MB) uploaded by %d clients at once "+
		"(`POST /api/photos`, no upload rate limit) in %s s, and every stage of every photo (vision, people, index) "+
		"done %s s after the first upload (%s photos/s); the server's peak RSS was %s MiB. Target: searches under "+
		"%.0f ms while an import runs (p95). `uploading`: the requests sent "+
		"while the uploads were under way (the store stage: hashing, EXIF, decoding, thumbnails), the first part of "+
		"the import. `matches`: the most results a query found in the phase (imported photos "+
		"become searchable when their index stage runs, near the end of the import, so the last searches of the "+
		"window may not see them yet).\n\n", strings.Join(l.Flags, " "), l.Seeded, orDash(l.SeedFrom),
		num(l.RatePerS, 0),
		num(idle.Seconds, 0), l.Imported, setName(l.Set), num(l.MB, 0), l.Uploaders, num(l.UploadS, 1),
		num(l.ImportS, 1), num(float64(l.Imported)/l.ImportS, 2), num(l.PeakRSSMiB, 0), targetSearchMs)
	fmt.Fprintf(w, "| request | idle: requests | p50 | p95 | max | importing: requests | p50 | p95 | max | uploading: p95 | errors | matches idle / importing |\n")
	fmt.Fprintf(w, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n")
	for _, b := range busy.Requests {
		i := l.stats("idle", b.Name)
		matches := ""
		if strings.HasPrefix(b.Name, "search ") {
			matches = fmt.Sprintf("%d / %d", i.Matches, b.Matches)
		}
		name := b.Name
		if kind, ok := latencyKinds[name]; ok {
			name = kind
		}
		fmt.Fprintf(w, "| %s | %d | %s | %s | %s | %d | %s | **%s** | %s | %s | %d | %s |\n", name, i.Requests,
			num(i.P50Ms, 1), num(i.P95Ms, 1), num(i.MaxMs, 1), b.Requests, num(b.P50Ms, 1), num(b.P95Ms, 1),
			num(b.MaxMs, 1), num(l.stats("uploading", b.Name).P95Ms, 1), i.Errors+b.Errors, matches)
	}
	fmt.Fprintln(w)
}

// latencyKinds names the kinds of request in the latency table; the searches' queries follow them.
var latencyKinds = map[string]string{
	"search": "**search**, every query",
	"fit720": "**thumbnail** fit720 (720 px)",
	"tile":   "**thumbnail** tile (256 px)",
}

// curveRows is at most how many rows the library's cost curve shows in Markdown (the JSON has every bucket).
const curveRows = 12

func renderLibrary(w io.Writer, l *ImportRun) {
	if l == nil {
		return
	}
	fmt.Fprintf(w, "## The cost of a photo as the library grows\n\n")
	fmt.Fprintf(w, "`sajin import --json %s` of a generated library of %s small JPEGs (real photos cropped, EXIF of "+
		"their own) into a fresh data folder (%s): %s photos/s over %s s, peak RSS %s MiB. Milliseconds per photo "+
		"over successive buckets of photos, stage by stage; `growth` is the median of the last three buckets over "+
		"the median of the first three (flat: at most %.2fx).\n\n", strings.Join(l.Flags, " "), thousands(l.Photos),
		orDash(l.Data), num(l.PhotosPerS, 1), num(l.WallS, 0), num(l.PeakRSSMiB, 0), flatTolerance)
	fmt.Fprintf(w, "| stage | photos | bucket | first | median | max | last | growth |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	var curved []StageRun
	for _, s := range l.Stages {
		if len(s.Buckets) == 0 {
			continue
		}
		curved = append(curved, s)
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | **%s** |\n", s.Name, thousands(s.Photos),
			thousands(s.BucketSize), num(s.Buckets[0], 2), num(median(s.Buckets), 2), num(slices.Max(s.Buckets), 2),
			num(s.Buckets[len(s.Buckets)-1], 2), times(s.Growth))
	}
	if len(curved) == 0 {
		fmt.Fprintln(w)
		return
	}
	fmt.Fprintf(w, "\nThe curve: ms per photo in the bucket that ends at (or holds) the n-th photo.\n\n| n |")
	sep := "| ---: |"
	for _, s := range curved {
		fmt.Fprintf(w, " %s |", s.Name)
		sep += " ---: |"
	}
	fmt.Fprintf(w, "\n%s\n", sep)
	for _, n := range curvePoints(l.Photos, curved[0].BucketSize, len(curved[0].Buckets)) {
		fmt.Fprintf(w, "| %s |", thousands(n))
		for _, s := range curved {
			i := min((n-1)/s.BucketSize, len(s.Buckets)-1)
			fmt.Fprintf(w, " %s |", num(s.Buckets[i], 2))
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)
}

// curvePoints are up to curveRows photo counts at the ends of evenly spaced buckets, from the first to the last.
func curvePoints(total, bucket, buckets int) []int {
	if buckets <= 0 {
		return nil
	}
	var out []int
	for i := range min(curveRows, buckets) {
		idx := 0
		if buckets > 1 {
			idx = i * (buckets - 1) / (min(curveRows, buckets) - 1)
		}
		n := min((idx+1)*bucket, total)
		if len(out) == 0 || n > out[len(out)-1] {
			out = append(out, n)
		}
	}
	return out
}

func renderBenchmarks(w io.Writer, r Report) {
	if len(r.Benchmarks) == 0 && len(r.Skipped) == 0 {
		return
	}
	fmt.Fprintf(w, "## Go benchmarks\n\n")
	fmt.Fprintf(w, "Each package's own benchmarks (`go test -bench`), for where the time goes stage by stage. "+
		"`ms/op` is wall time per operation; other columns are the benchmark's own metrics.\n\n")
	fmt.Fprintf(w, "| package | benchmark | runs | ms/op | metrics |\n| --- | --- | ---: | ---: | --- |\n")
	for _, b := range r.Benchmarks {
		if strings.HasPrefix(b.File, "go-search-") && strings.HasPrefix(b.Name, "BenchmarkSearch/") {
			continue // in the search table
		}
		var extra []string
		for _, unit := range slices.Sorted(maps.Keys(b.Metrics)) {
			if unit == "ns/op" {
				continue
			}
			extra = append(extra, fmt.Sprintf("%s %s", metric(b.Metrics[unit]), unit))
		}
		fmt.Fprintf(w, "| %s | %s | %d | %s | %s |\n", strings.TrimPrefix(b.Pkg, "sajin/"), b.Name, b.N,
			metric(b.Metrics["ns/op"]/1e6), strings.Join(extra, ", "))
	}
	for _, s := range r.Skipped {
		fmt.Fprintf(w, "| %s | %s | skipped | | %s |\n", strings.TrimPrefix(s.Pkg, "sajin/"), s.Name, s.Reason)
	}
	fmt.Fprintln(w)
	if len(r.Failed) > 0 {
		fmt.Fprintf(w, "Failures: %s\n\n", strings.Join(r.Failed, "; "))
	}
}

func searchQuery(s SearchRun, name string) (SearchQuery, bool) {
	for _, q := range s.Queries {
		if q.Name == name {
			return q, true
		}
	}
	return SearchQuery{}, false
}

// setName names a photo set for people: "12mp" is "12 MP".
func setName(s string) string {
	if n, ok := strings.CutSuffix(s, "mp"); ok {
		return n + " MP"
	}
	return s
}

func pipelineWhat(p ImportRun) string {
	if !p.Vision {
		return "without vision"
	}
	return "store, EXIF, thumbnails, objects, faces, text, index"
}

func workers(p ImportRun) string {
	if !p.Vision {
		return "vision off"
	}
	w, t := "default", "default"
	if p.VisionWorkers > 0 {
		w = fmt.Sprint(p.VisionWorkers)
	}
	if p.ORTThreads > 0 {
		t = fmt.Sprint(p.ORTThreads)
	}
	return w + " x " + t
}

// gap says how far a throughput is from the target.
func gap(got float64) string {
	if got >= targetPhotosPerS {
		return "met"
	}
	return fmt.Sprintf("%sx short", num(targetPhotosPerS/got, 1))
}

// times formats a ratio as "1.05x", or "-" when there is none.
func times(x float64) string {
	if n := num(x, 2); n != "-" {
		return n + "x"
	}
	return "-"
}

func verdict(ok bool, yes, no string) string {
	if ok {
		return yes
	}
	return no
}

func pct(part, whole float64) string {
	if whole <= 0 {
		return ""
	}
	return fmt.Sprintf("%.0f%%", 100*part/whole)
}

// metric formats a benchmark's metric with as many decimals as its size needs.
func metric(x float64) string {
	switch a := math.Abs(x); {
	case a >= 1000:
		return thousands(int(math.Round(x)))
	case x == math.Trunc(x):
		return fmt.Sprint(int64(x))
	case a >= 10:
		return fmt.Sprintf("%.1f", x)
	}
	return fmt.Sprintf("%.3g", x)
}

// num formats x with d decimals, or "-" for a missing (zero, NaN) figure.
func num(x float64, d int) string {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return "-"
	}
	if d == 0 && x >= 10000 {
		return thousands(int(math.Round(x)))
	}
	return fmt.Sprintf("%.*f", d, x)
}

// thousands formats n with commas: 100,000.
func thousands(n int) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
