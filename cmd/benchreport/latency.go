package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"mime/multipart"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// targetSearchMs is the bound on a search's latency while an import runs (p95).
const targetSearchMs = 100.0

// LatencyRun is the real server's request latency, measured from outside it over HTTP: first on an idle library
// (seeded with a few photos, every job done), then while a bulk import runs through the same server (photos
// uploaded by a few clients at once, until the last photo's last stage is done). During both, each kind of request
// is sent at a steady rate whatever the answers take (open loop: a slow answer does not hold back the next
// request, so the figures include the queueing a user would see).
type LatencyRun struct {
	// Set is the name of the imported folder ("12mp").
	Set string `json:"set"`
	// Seeded is how many photos were in the library before the measurements (the thumbnails asked for are
	// theirs), uploaded from the folder SeedFrom.
	Seeded   int    `json:"seeded"`
	SeedFrom string `json:"seed_from"`
	// Photos is how many files were uploaded during the import, Imported and Rejected what became of them.
	Photos   int     `json:"photos"`
	Imported int     `json:"imported"`
	Rejected int     `json:"rejected"`
	MB       float64 `json:"mb"`
	// Uploaders is how many clients uploaded at once; RatePerS how many requests of each kind were sent a second.
	Uploaders int     `json:"uploaders"`
	RatePerS  float64 `json:"rate_per_s"`
	// Flags are `sajin serve`'s flags beyond --data, --addr and --public; VisionWorkers and ORTThreads their
	// values (0 when not given).
	Flags         []string `json:"flags"`
	VisionWorkers int      `json:"vision_workers"`
	ORTThreads    int      `json:"ort_threads"`
	// UploadS runs from the first upload sent (UploadFromS seconds after the measurements began) to the last one
	// answered, the "uploading" phase's window; ImportS from the first upload sent to the moment no job was left
	// (every stage of every photo done), the "import" phase's window.
	UploadFromS float64 `json:"upload_from_s"`
	UploadS     float64 `json:"upload_s"`
	ImportS     float64 `json:"import_s"`
	// PeakRSSMiB is the server's peak resident memory over the whole run.
	PeakRSSMiB float64        `json:"peak_rss_mib"`
	Phases     []LatencyPhase `json:"phases"`
}

// LatencyPhase is one window of a LatencyRun: "idle", "import", or "uploading" (the start of the import).
type LatencyPhase struct {
	Name     string         `json:"name"`
	Seconds  float64        `json:"seconds"`
	Requests []LatencyStats `json:"requests"`
}

// LatencyStats is one kind of request's latency over a phase, in milliseconds from sending the request to having
// read the whole answer; answers other than 200 are counted in Errors and left out of the figures.
type LatencyStats struct {
	// Name is "search", "fit720", "tile" (every query or photo together), or `search "QUERY"` for one query.
	Name     string  `json:"name"`
	Requests int     `json:"requests"`
	Errors   int     `json:"errors,omitempty"`
	P50Ms    float64 `json:"p50_ms"`
	P95Ms    float64 `json:"p95_ms"`
	MaxMs    float64 `json:"max_ms"`
	// Matches is, for a search, the most results it found in the phase.
	Matches int `json:"matches,omitempty"`
}

// probe is one request the load sends: its kind ("search", "fit720", "tile"), its name in the stats (the kind,
// or the kind and query) and its path.
type probe struct {
	kind, name, path string
}

// sample is one answered probe.
type sample struct {
	probe
	phase   string
	atS     float64 // when it was sent, seconds from the start of the measurements
	ms      float64
	status  int // 0 when no answer came
	matches int // a search's "total"
}

func runLatency(ctx context.Context, args []string, stderr io.Writer) error {
	fs := newFlags("latency", stderr)
	sajin := fs.String("sajin", "bin/sajin", "the sajin binary")
	data := fs.String("data", "bin/bench/data-latency", "data folder, emptied first and removed after")
	seed := fs.String("seed", "testdata/fixtures", "folder of the photos uploaded before the measurements")
	out := fs.String("out", "bin/bench/latency.json", "output file (the samples go beside it, as .samples.tsv)")
	rate := fs.Float64("rate", 10, "requests per second of each kind (search, fit720, tile)")
	idle := fs.Duration("idle", 30*time.Second, "how long to measure the idle server")
	uploaders := fs.Int("uploaders", 2, "clients uploading at once during the import")
	queries := fs.String("queries", "cat|2019|강아지|motorcyle", "search queries, separated by |")
	timeout := fs.Duration("timeout", 20*time.Minute, "give up on an import that takes longer")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: benchreport latency [flags] -- [sajin serve flags] FOLDER")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	pass := fs.Args()
	if len(pass) == 0 || *rate <= 0 || *uploaders < 1 {
		fs.Usage()
		return errors.New("latency: no folder, or a rate or uploaders under 1")
	}
	folder, flags := pass[len(pass)-1], pass[:len(pass)-1]
	files, err := filesIn(folder)
	if err != nil {
		return err
	}
	seeds, err := filesIn(*seed)
	if err != nil {
		return err
	}
	r := LatencyRun{Set: filepath.Base(folder), SeedFrom: *seed, Uploaders: *uploaders, RatePerS: *rate, Flags: flags}
	r.VisionWorkers, _ = strconv.Atoi(flagValue(flags, "vision-workers"))
	r.ORTThreads, _ = strconv.Atoi(flagValue(flags, "ort-threads"))
	if err := resetDirs(*data); err != nil {
		return err
	}
	defer os.RemoveAll(*data)
	srv, err := startServer(ctx, *sajin, *data, flags, strings.TrimSuffix(*out, ".json")+".stderr.txt")
	if err != nil {
		return err
	}
	samples, err := measureLatency(ctx, srv, &r, seeds, files, strings.Split(*queries, "|"), *idle, *timeout)
	if rss, serr := srv.stop(); err == nil {
		r.PeakRSSMiB, err = rss, serr
	}
	if err != nil {
		return err
	}
	// The uploads alone (the store stage: decoding and thumbnails) are a window of their own inside the import.
	r.Phases = latencyPhases(slices.Concat(samples, window(samples, "import", "uploading", r.UploadFromS,
		r.UploadFromS+r.UploadS)))
	if err := writeSamples(strings.TrimSuffix(*out, ".json")+".samples.tsv", samples); err != nil {
		return err
	}
	for _, p := range r.Phases {
		for _, s := range p.Requests {
			if !strings.Contains(s.Name, " ") {
				fmt.Fprintf(stderr, "benchreport: latency %s, %s: p50 %.1f, p95 %.1f, max %.1f ms (%d requests, %d errors)\n",
					p.Name, s.Name, s.P50Ms, s.P95Ms, s.MaxMs, s.Requests, s.Errors)
			}
		}
	}
	return writeJSON(*out, r)
}

// measureLatency seeds the library, measures the idle server, then measures it again during the import of files.
func measureLatency(ctx context.Context, srv *server, r *LatencyRun, seeds, files, queries []string, idle,
	timeout time.Duration) ([]sample, error) {
	var ids []string
	for _, f := range seeds {
		rec, status, err := srv.upload(ctx, f)
		if err != nil {
			return nil, fmt.Errorf("seeding: %w", err)
		}
		if status == http.StatusCreated || status == http.StatusOK {
			ids = append(ids, rec.ID)
		}
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("seeding: no photo of %d was imported", len(seeds))
	}
	r.Seeded = len(ids)
	if err := srv.waitJobs(ctx, timeout); err != nil {
		return nil, fmt.Errorf("seeding: %w", err)
	}
	kinds := probes(queries, ids)
	t0 := time.Now()
	for _, ps := range kinds { // warm up: every probe once, unmeasured
		for _, p := range ps {
			srv.get(ctx, p, t0)
		}
	}
	// The idle phase.
	idleCtx, cancel := context.WithTimeout(ctx, idle)
	samples := fire(idleCtx, srv, kinds, r.RatePerS, "idle", t0)
	cancel()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// The import phase: the load runs until the last job is done.
	loadCtx, stopLoad := context.WithCancel(ctx)
	defer stopLoad()
	loaded := make(chan []sample)
	go func() { loaded <- fire(loadCtx, srv, kinds, r.RatePerS, "import", t0) }()
	start := time.Now()
	r.UploadFromS = round(start.Sub(t0).Seconds(), 3)
	err := srv.uploadAll(ctx, files, r)
	r.UploadS = round(time.Since(start).Seconds(), 3)
	if err == nil {
		err = srv.waitJobs(ctx, timeout)
	}
	r.ImportS = round(time.Since(start).Seconds(), 3)
	stopLoad()
	samples = append(samples, <-loaded...)
	return samples, err
}

// probes are the requests of each kind: the queries, and both thumbnails of every seeded photo.
func probes(queries, ids []string) [][]probe {
	var search, fit, tile []probe
	for _, q := range queries {
		search = append(search, probe{kind: "search", name: fmt.Sprintf("search %q", q),
			path: "/api/search?q=" + url.QueryEscape(q)})
	}
	for _, id := range ids {
		fit = append(fit, probe{kind: "fit720", name: "fit720", path: "/api/photos/" + id + "/thumb/fit720"})
		tile = append(tile, probe{kind: "tile", name: "tile", path: "/api/photos/" + id + "/thumb/tile"})
	}
	return [][]probe{search, fit, tile}
}

// fire sends each kind's probes in turn at rate a second until ctx is done, whatever the answers take (each
// request on its own goroutine; the kinds staggered so that they do not all go at once), and returns every sample
// once the last answer is in.
func fire(ctx context.Context, srv *server, kinds [][]probe, rate float64, phase string, t0 time.Time) []sample {
	var (
		mu  sync.Mutex
		out []sample
		wg  sync.WaitGroup
	)
	every := time.Duration(float64(time.Second) / rate)
	for k, ps := range kinds {
		wg.Go(func() {
			select {
			case <-ctx.Done():
				return
			case <-time.After(every * time.Duration(k) / time.Duration(len(kinds))):
			}
			tick := time.NewTicker(every)
			defer tick.Stop()
			for i := 0; ; i++ {
				wg.Go(func() {
					s := srv.get(context.WithoutCancel(ctx), ps[i%len(ps)], t0)
					s.phase = phase
					mu.Lock()
					out = append(out, s)
					mu.Unlock()
				})
				select {
				case <-ctx.Done():
					return
				case <-tick.C:
				}
			}
		})
	}
	wg.Wait()
	return out
}

// latencyPhases summarises samples per phase (in the order they first appear) and per name, kinds before queries.
func latencyPhases(samples []sample) []LatencyPhase {
	var phases []LatencyPhase
	for _, s := range samples {
		if !slices.ContainsFunc(phases, func(p LatencyPhase) bool { return p.Name == s.phase }) {
			phases = append(phases, LatencyPhase{Name: s.phase})
		}
	}
	for i := range phases {
		p := &phases[i]
		var names []string
		first, last := math.Inf(1), math.Inf(-1)
		for _, s := range samples {
			if s.phase != p.Name {
				continue
			}
			first, last = min(first, s.atS), max(last, s.atS)
			for _, n := range []string{s.kind, s.name} {
				if !slices.Contains(names, n) {
					names = append(names, n)
				}
			}
		}
		p.Seconds = round(last-first, 1)
		slices.SortStableFunc(names, func(a, b string) int { return strings.Count(a, " ") - strings.Count(b, " ") })
		for _, n := range names {
			p.Requests = append(p.Requests, latencyStats(n, p.Name, samples))
		}
	}
	return phases
}

// window copies the samples of phase sent from fromS to toS into a phase named name.
func window(samples []sample, phase, name string, fromS, toS float64) []sample {
	var out []sample
	for _, s := range samples {
		if s.phase == phase && s.atS >= fromS && s.atS <= toS {
			s.phase = name
			out = append(out, s)
		}
	}
	return out
}

// latencyStats summarises the samples of one phase whose kind or name is name.
func latencyStats(name, phase string, samples []sample) LatencyStats {
	st := LatencyStats{Name: name}
	var ms []float64
	for _, s := range samples {
		if s.phase != phase || (s.kind != name && s.name != name) {
			continue
		}
		st.Requests++
		if s.status != http.StatusOK {
			st.Errors++
			continue
		}
		ms = append(ms, s.ms)
		st.Matches = max(st.Matches, s.matches)
	}
	slices.Sort(ms)
	st.P50Ms, st.P95Ms = round(percentile(ms, 50), 2), round(percentile(ms, 95), 2)
	if len(ms) > 0 {
		st.MaxMs = round(ms[len(ms)-1], 2)
	}
	return st
}

// percentile is the nearest-rank p-th percentile of sorted xs: the smallest x with at least p% of xs at or below
// it (0 for none).
func percentile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	k := int(float64(len(sorted))*p/100+0.999999) - 1
	return sorted[min(max(k, 0), len(sorted)-1)]
}

// writeSamples writes every sample as a tab-separated line, to look at the figures over time.
func writeSamples(path string, samples []sample) error {
	slices.SortStableFunc(samples, func(a, b sample) int { return cmpFloat(a.atS, b.atS) })
	var b bytes.Buffer
	b.WriteString("phase\tsent_s\tname\tpath\tstatus\tms\n")
	for _, s := range samples {
		fmt.Fprintf(&b, "%s\t%.3f\t%s\t%s\t%d\t%.2f\n", s.phase, s.atS, s.name, s.path, s.status, s.ms)
	}
	return os.WriteFile(path, b.Bytes(), 0o644)
}

// filesIn lists the regular files directly in dir (hidden ones skipped), in name order.
func filesIn(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if e.Type().IsRegular() && !strings.HasPrefix(e.Name(), ".") {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no files in %s", dir)
	}
	return out, nil
}

// server is a running `sajin serve`.
type server struct {
	cmd    *exec.Cmd
	base   string // http://127.0.0.1:PORT
	data   string
	probes *http.Client // the measured requests
	loads  *http.Client // the uploads
}

// startServer starts `sajin serve --public` on a free port of the loopback with the given flags (uploads are not
// rate-limited: the import is the load) and waits until it answers. Its output goes to errPath.
func startServer(ctx context.Context, sajin, data string, flags []string, errPath string) (*server, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := l.Addr().String()
	l.Close()
	errFile, err := os.Create(errPath)
	if err != nil {
		return nil, err
	}
	defer errFile.Close() // the child has its own copy
	args := slices.Concat([]string{"serve", "--data", data, "--addr", addr, "--public", "--upload-rate", "-1"}, flags)
	cmd := exec.CommandContext(ctx, sajin, args...)
	cmd.Stdout, cmd.Stderr = errFile, errFile
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 30 * time.Second
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{cmd: cmd, base: "http://" + addr, data: data,
		probes: &http.Client{Timeout: time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: 64}},
		loads:  &http.Client{Timeout: 10 * time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: 8}}}
	for deadline := time.Now().Add(2 * time.Minute); ; {
		resp, err := s.probes.Get(s.base + "/api/health")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s, nil
			}
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			s.stop()
			return nil, fmt.Errorf("sajin serve did not answer on %s (see %s)", addr, errPath)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// stop interrupts the server, waits for it and returns its peak RSS in MiB.
func (s *server) stop() (float64, error) {
	s.cmd.Process.Signal(os.Interrupt)
	err := s.cmd.Wait()
	rss := 0.0
	if ps := s.cmd.ProcessState; ps != nil {
		if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
			rss = round(float64(ru.Maxrss)/1024, 1) // kilobytes on Linux
		}
	}
	if err != nil {
		return rss, fmt.Errorf("sajin serve: %w", err)
	}
	return rss, nil
}

// get sends one probe and times it to the end of the answer; t0 is the start of the measurements.
func (s *server) get(ctx context.Context, p probe, t0 time.Time) sample {
	out := sample{probe: p}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.base+p.path, nil)
	if err != nil {
		return out
	}
	t := time.Now()
	out.atS = t.Sub(t0).Seconds()
	resp, err := s.probes.Do(req)
	if err != nil {
		return out
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	out.ms = ms(time.Since(t))
	if err != nil {
		return out
	}
	out.status = resp.StatusCode
	if p.kind == "search" {
		var res struct {
			Total int `json:"total"`
		}
		if json.Unmarshal(body, &res) == nil {
			out.matches = res.Total
		}
	}
	return out
}

// record is what the server answers to an upload, as far as the harness needs it.
type record struct {
	ID string `json:"id"`
}

// upload sends one file to POST /api/photos and returns the answer's record and status.
func (s *server) upload(ctx context.Context, path string) (record, int, error) {
	var rec record
	data, err := os.ReadFile(path)
	if err != nil {
		return rec, 0, err
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile("file", filepath.Base(path))
	if err != nil {
		return rec, 0, err
	}
	fw.Write(data)
	if err := mw.Close(); err != nil {
		return rec, 0, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.base+"/api/photos", &body)
	if err != nil {
		return rec, 0, err
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := s.loads.Do(req)
	if err != nil {
		return rec, 0, fmt.Errorf("upload %s: %w", path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return rec, 0, fmt.Errorf("upload %s: %w", path, err)
	}
	if resp.StatusCode == http.StatusCreated || resp.StatusCode == http.StatusOK {
		err = json.Unmarshal(b, &rec)
	}
	return rec, resp.StatusCode, err
}

// uploadAll uploads files, r.Uploaders at once, and counts them into r.
func (s *server) uploadAll(ctx context.Context, files []string, r *LatencyRun) error {
	var (
		mu       sync.Mutex
		wg       sync.WaitGroup
		firstErr error
		next     = make(chan string)
	)
	for range r.Uploaders {
		wg.Go(func() {
			for f := range next {
				_, status, err := s.upload(ctx, f)
				mu.Lock()
				switch {
				case err != nil:
					firstErr = firstError(firstErr, err)
				case status == http.StatusCreated:
					r.Imported++
				default:
					r.Rejected++
				}
				mu.Unlock()
			}
		})
	}
	for _, f := range files {
		if info, err := os.Stat(f); err == nil {
			r.Photos++
			r.MB += float64(info.Size()) / 1e6
		}
		select {
		case next <- f:
		case <-ctx.Done():
		}
	}
	close(next)
	wg.Wait()
	r.MB = round(r.MB, 1)
	return firstError(firstErr, ctx.Err())
}

// firstError returns the first error that is not nil.
func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// waitJobs waits until the catalog has no job left to do (read with the sqlite3 shell, as finishedJobs does).
func (s *server) waitJobs(ctx context.Context, timeout time.Duration) error {
	db := filepath.Join(s.data, "catalog.db")
	deadline := time.Now().Add(timeout)
	for {
		out, err := exec.CommandContext(ctx, "sqlite3", "-readonly", db,
			"SELECT COUNT(*) FROM jobs WHERE state = 'todo'").Output()
		if err != nil {
			return fmt.Errorf("sqlite3 %s: %w", db, err)
		}
		if strings.TrimSpace(string(out)) == "0" {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("jobs still to do after %s", timeout)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// phase returns the phase of that name, or nil.
func (r *LatencyRun) phase(name string) *LatencyPhase {
	for i := range r.Phases {
		if r.Phases[i].Name == name {
			return &r.Phases[i]
		}
	}
	return nil
}

// stats returns the figures of the named requests in the named phase (zero when missing).
func (r *LatencyRun) stats(phase, name string) LatencyStats {
	if p := r.phase(phase); p != nil {
		for _, s := range p.Requests {
			if s.Name == name {
				return s
			}
		}
	}
	return LatencyStats{}
}
