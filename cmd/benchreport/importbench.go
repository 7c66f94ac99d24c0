package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// ImportRun is one `sajin import --json` of a folder into a fresh data folder, timed from outside the process:
// when each file's JSON line arrives (the store stage: spool and hash, EXIF, decode and three thumbnails, the
// original and the catalog row), and, read from the catalog afterwards, when each later stage finished each
// photo (the jobs table keeps every job's finishing time). Nothing in the binary is changed for it.
type ImportRun struct {
	Name       string   `json:"name"`
	Photos     int      `json:"photos"` // files in the folder
	Imported   int      `json:"imported"`
	Duplicates int      `json:"duplicates"`
	Rejected   int      `json:"rejected"`
	MB         float64  `json:"mb"` // size of the files, 10^6 bytes
	Flags      []string `json:"flags"`
	Data       string   `json:"data"` // the data folder
	// VisionWorkers and ORTThreads are the flags' values, 0 when not given (then sajin's defaults apply);
	// Vision is false with --no-vision.
	VisionWorkers int  `json:"vision_workers"`
	ORTThreads    int  `json:"ort_threads"`
	Vision        bool `json:"vision"`
	// StartupS is the wall time of an import of an empty folder with the same flags into another fresh data
	// folder: opening the library and loading the models.
	StartupS float64 `json:"startup_s"`
	// WallS is the whole import, start to exit; PhotosPerS is Imported / WallS.
	WallS      float64 `json:"wall_s"`
	PhotosPerS float64 `json:"photos_per_s"`
	// CPUS is the process's user + system time; PeakRSSMiB its peak resident memory (VmHWM).
	CPUS       float64        `json:"cpu_s"`
	PeakRSSMiB float64        `json:"peak_rss_mib"`
	Stages     []StageRun     `json:"stages"`
	Failed     map[string]int `json:"failed,omitempty"` // failed jobs per stage
}

// StageRun is one pipeline stage of an import. Its window runs from the end of the stage before it (or its own
// first photo, when stages overlap) to its last photo; for the store stage, from the end of start-up.
type StageRun struct {
	Name       string  `json:"name"`
	Photos     int     `json:"photos"`
	StartS     float64 `json:"start_s"`
	EndS       float64 `json:"end_s"`
	PhotosPerS float64 `json:"photos_per_s"`
	MsPerPhoto float64 `json:"ms_per_photo"`
	// BucketSize and Buckets give the cost curve: milliseconds per photo over each successive BucketSize photos
	// (at least four of the stage's batches, so a bucket is not mostly one batch's rounding).
	BucketSize int       `json:"bucket_size,omitempty"`
	Buckets    []float64 `json:"buckets_ms,omitempty"`
	// Growth is the median of the last three buckets over the median of the first three (fewer with under six
	// buckets, so that the ends never share one); 0 with under two buckets.
	Growth float64 `json:"growth,omitempty"`
}

// importLine is one line of `sajin import --json`.
type importLine struct {
	Path   string `json:"path"`
	Status string `json:"status"`
}

func runImportBench(ctx context.Context, args []string, stderr io.Writer) error {
	fs := newFlags("import", stderr)
	sajin := fs.String("sajin", "bin/sajin", "the sajin binary")
	data := fs.String("data", "bin/bench/data", "data folder, emptied first and removed after")
	name := fs.String("name", "", "name of the run in the report (default: the folder's name)")
	out := fs.String("out", "", "output file (default bin/bench/import-NAME.json)")
	bucket := fs.Int("bucket", 0, "photos per bucket of the cost curve; 0 for none")
	keep := fs.Bool("keep", false, "keep the data folder")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: benchreport import [flags] -- [sajin import flags] FOLDER")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	pass := fs.Args()
	if len(pass) == 0 {
		fs.Usage()
		return fmt.Errorf("import: no folder")
	}
	folder := pass[len(pass)-1]
	if *name == "" {
		*name = filepath.Base(folder)
	}
	if *out == "" {
		*out = filepath.Join("bin", "bench", "import-"+*name+".json")
	}
	r, err := timeImport(ctx, *sajin, *data, pass, *bucket, *out)
	if !*keep {
		os.RemoveAll(*data)
	}
	if err != nil {
		return err
	}
	r.Name, r.Data = *name, *data
	fmt.Fprintf(stderr, "benchreport: import of %s: %d photos in %.1fs, %.2f photos/s, peak RSS %.0f MiB\n",
		r.Name, r.Imported, r.WallS, r.PhotosPerS, r.PeakRSSMiB)
	return writeJSON(*out, r)
}

// timeImport runs the start-up import and the real one, and reads the stage timings back from the catalog.
func timeImport(ctx context.Context, sajin, data string, pass []string, bucket int, out string) (ImportRun, error) {
	folder := pass[len(pass)-1]
	flags := pass[:len(pass)-1]
	r := ImportRun{Flags: flags, Vision: !slices.Contains(flags, "--no-vision") && !slices.Contains(flags, "-no-vision")}
	r.VisionWorkers, _ = strconv.Atoi(flagValue(flags, "vision-workers"))
	r.ORTThreads, _ = strconv.Atoi(flagValue(flags, "ort-threads"))
	files, size, err := folderSize(folder)
	if err != nil {
		return r, err
	}
	r.Photos, r.MB = files, round(float64(size)/1e6, 1)

	if r.StartupS, err = startup(ctx, sajin, data+"-startup", flags); err != nil {
		return r, err
	}
	if err := resetDirs(data); err != nil {
		return r, err
	}
	stored, err := runTimed(ctx, sajin, data, pass, &r, strings.TrimSuffix(out, ".json")+".stderr.txt")
	if err != nil {
		return r, err
	}
	jobs, err := finishedJobs(ctx, filepath.Join(data, "catalog.db"))
	if err != nil {
		return r, err
	}
	r.Failed = map[string]int{}
	events := map[string][]float64{}
	for _, j := range jobs {
		events[j.stage] = append(events[j.stage], j.at.Sub(stored.start).Seconds())
		if j.state == "failed" {
			r.Failed[j.stage]++
		}
	}
	r.Stages = stages(r.StartupS, stored.times, events, bucket)
	return r, nil
}

// startup times an import of an empty folder with the given flags into the fresh data folder dir, removed after:
// opening a library and loading the models.
func startup(ctx context.Context, sajin, dir string, flags []string) (float64, error) {
	defer os.RemoveAll(dir)
	empty := filepath.Join(dir, "empty")
	if err := resetDirs(dir, empty); err != nil {
		return 0, err
	}
	t0 := time.Now()
	cmd := exec.CommandContext(ctx, sajin, slices.Concat([]string{"import", "--json", "--data", dir}, flags, []string{empty})...)
	if msg, err := cmd.CombinedOutput(); err != nil {
		return 0, fmt.Errorf("sajin import (start-up): %w: %s", err, msg)
	}
	return round(time.Since(t0).Seconds(), 3), nil
}

// storeTimes is when each file's JSON line arrived, in seconds from the process start.
type storeTimes struct {
	start time.Time
	times []float64
}

// runTimed runs the import, timestamping each JSON line, and fills r's counts, wall and CPU time and peak RSS.
// The process's stderr (progress, warnings, summary) goes to errPath.
func runTimed(ctx context.Context, sajin, data string, pass []string, r *ImportRun, errPath string) (storeTimes, error) {
	var st storeTimes
	errFile, err := os.Create(errPath)
	if err != nil {
		return st, err
	}
	defer errFile.Close()
	cmd := exec.CommandContext(ctx, sajin, slices.Concat([]string{"import", "--json", "--data", data}, pass)...)
	cmd.Stderr = errFile
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return st, err
	}
	st.start = time.Now()
	if err := cmd.Start(); err != nil {
		return st, err
	}
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		at := time.Since(st.start).Seconds()
		var l importLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			continue
		}
		st.times = append(st.times, at)
		switch l.Status {
		case "imported":
			r.Imported++
		case "duplicate":
			r.Duplicates++
		default:
			r.Rejected++
		}
	}
	err = cmd.Wait()
	r.WallS = round(time.Since(st.start).Seconds(), 3)
	if err != nil {
		return st, fmt.Errorf("sajin import: %w (see %s)", err, errPath)
	}
	r.PhotosPerS = round(float64(r.Imported)/r.WallS, 3)
	ps := cmd.ProcessState
	r.CPUS = round((ps.UserTime() + ps.SystemTime()).Seconds(), 3)
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		r.PeakRSSMiB = round(float64(ru.Maxrss)/1024, 1) // kilobytes on Linux
	}
	return st, nil
}

// job is a finished job of the catalog.
type job struct {
	stage, state string
	at           time.Time
}

// finishedJobs reads every finished job's stage, state and time from the catalog with the sqlite3 shell (the
// catalog package has no such query, and SQLite is its alone to import).
func finishedJobs(ctx context.Context, db string) ([]job, error) {
	out, err := exec.CommandContext(ctx, "sqlite3", "-readonly", db,
		"SELECT stage, state, updated_at FROM jobs WHERE state != 'todo'").Output()
	if err != nil {
		return nil, fmt.Errorf("sqlite3 %s: %w", db, err)
	}
	return parseJobs(out)
}

// parseJobs parses sqlite3's "stage|state|time" lines.
func parseJobs(out []byte) ([]job, error) {
	var jobs []job
	for line := range strings.Lines(string(out)) {
		parts := strings.Split(strings.TrimSpace(line), "|")
		if len(parts) != 3 {
			continue
		}
		at, err := time.Parse(time.RFC3339Nano, parts[2])
		if err != nil {
			return nil, fmt.Errorf("job time %q: %w", parts[2], err)
		}
		jobs = append(jobs, job{stage: parts[0], state: parts[1], at: at})
	}
	return jobs, nil
}

// stages turns event times (seconds from the start) into stage windows: the store stage first, then the
// catalog's stages in the order they started.
func stages(startup float64, store []float64, events map[string][]float64, bucket int) []StageRun {
	type evs struct {
		name  string
		times []float64
	}
	all := []evs{{"store", slices.Sorted(slices.Values(store))}}
	var later []evs
	for name, ts := range events {
		later = append(later, evs{name, slices.Sorted(slices.Values(ts))})
	}
	slices.SortFunc(later, func(a, b evs) int {
		if c := cmpFloat(a.times[0], b.times[0]); c != 0 {
			return c
		}
		return strings.Compare(a.name, b.name)
	})
	all = append(all, later...)
	var out []StageRun
	prevEnd := startup
	for _, e := range all {
		if len(e.times) == 0 {
			continue
		}
		s := StageRun{Name: e.name, Photos: len(e.times), StartS: round(min(prevEnd, e.times[0]), 3),
			EndS: round(e.times[len(e.times)-1], 3)}
		if d := s.EndS - s.StartS; d > 0 {
			s.PhotosPerS = round(float64(s.Photos)/d, 3)
			s.MsPerPhoto = round(d*1000/float64(s.Photos), 3)
		}
		if bucket > 0 {
			s.BucketSize, s.Buckets = buckets(s.StartS, e.times, bucket)
			s.Growth = round(growth(s.Buckets), 3)
		}
		out = append(out, s)
		prevEnd = s.EndS
	}
	return out
}

// buckets cuts sorted event times into buckets of at least size photos (more when the stage finishes photos in
// batches: at least four batches a bucket) and returns each full or half-full bucket's milliseconds per photo.
func buckets(start float64, times []float64, size int) (int, []float64) {
	batch, run := 1, 1
	for i := 1; i < len(times); i++ {
		if times[i] == times[i-1] {
			run++
			batch = max(batch, run)
		} else {
			run = 1
		}
	}
	if batch > 1 && 4*batch > size {
		size *= (4*batch + size - 1) / size
	}
	var out []float64
	for from := 0; from < len(times); from += size {
		to := min(from+size, len(times))
		if to-from < size/2 {
			break
		}
		t0 := start
		if from > 0 {
			t0 = times[from-1]
		}
		out = append(out, round((times[to-1]-t0)*1000/float64(to-from), 3))
	}
	return size, out
}

// growth: see StageRun.Growth.
func growth(b []float64) float64 {
	k := min(3, len(b)/2)
	if k == 0 {
		return 0
	}
	first := median(b[:k])
	if first == 0 {
		return 0
	}
	return median(b[len(b)-k:]) / first
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// flagValue returns the value of --name or -name in args ("--name=v" or "--name v"), or "".
func flagValue(args []string, name string) string {
	for i, a := range args {
		a = strings.TrimLeft(a, "-")
		if v, ok := strings.CutPrefix(a, name+"="); ok {
			return v
		}
		if a == name && i+1 < len(args) {
			return args[i+1]
		}
	}
	return ""
}

// folderSize counts the files of a folder, recursively (hidden ones skipped, as the import does), and their bytes.
func folderSize(dir string) (files int, size int64, err error) {
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if strings.HasPrefix(d.Name(), ".") && path != dir {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() {
			info, err := d.Info()
			if err != nil {
				return err
			}
			files++
			size += info.Size()
		}
		return nil
	})
	return files, size, err
}

// resetDirs empties and recreates each folder.
func resetDirs(dirs ...string) error {
	for _, d := range dirs {
		if err := os.RemoveAll(d); err != nil {
			return err
		}
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	return nil
}
