package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/jpeg"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"syscall"
	"time"

	"sajin/ingest/exif"
	"sajin/ingest/thumb"
)

// ThumbRun compares Sajin's thumbnails with vipsthumbnail's on one folder of photos: the same three sizes (256 px
// square centre crop, 720 and 2048 px long side, JPEG quality 85, upright by EXIF orientation, written to disk),
// photos one after another, rounds interleaved (the order of the two alternates each round). Times are per photo,
// medians over the rounds.
type ThumbRun struct {
	Set    string `json:"set"`
	Files  int    `json:"files"`
	Rounds int    `json:"rounds"`
	// SajinMs and VipsMs are wall-clock milliseconds per photo; Ratio is SajinMs / VipsMs (the target:
	// at most 1.3).
	SajinMs float64 `json:"sajin_ms"`
	VipsMs  float64 `json:"vips_ms"`
	Ratio   float64 `json:"ratio"`
	// SajinCPUMs and VipsCPUMs are CPU milliseconds per photo (user + system, every thread).
	SajinCPUMs float64 `json:"sajin_cpu_ms"`
	VipsCPUMs  float64 `json:"vips_cpu_ms"`
	// VipsBySize is vipsthumbnail's wall-clock milliseconds per photo for each size: it makes one size per run,
	// each from the original (with shrink-on-load), where Sajin derives all three from one decode. vipsthumbnail's
	// start-up is left out of every vips figure (see vipsThumbs).
	VipsBySize map[string]float64 `json:"vips_by_size_ms"`
	// SajinRoundsMs and VipsRoundsMs are each round's figure, to see the noise.
	SajinRoundsMs []float64 `json:"sajin_rounds_ms"`
	VipsRoundsMs  []float64 `json:"vips_rounds_ms"`
}

func runThumbs(ctx context.Context, args []string, stderr io.Writer) error {
	fs := newFlags("thumbs", stderr)
	out := fs.String("out", "bin/bench/thumbs.json", "output file")
	rounds := fs.Int("rounds", 5, "interleaved rounds")
	if err := fs.Parse(args); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "benchthumbs")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	var runs []ThumbRun
	for _, dir := range fs.Args() {
		r, err := thumbsSideBySide(ctx, dir, *rounds, tmp)
		if err != nil {
			return err
		}
		fmt.Fprintf(stderr, "benchreport: thumbnails of %s: Sajin %.0f ms, vipsthumbnail %.0f ms per photo (%.2fx)\n",
			r.Set, r.SajinMs, r.VipsMs, r.Ratio)
		runs = append(runs, r)
	}
	return writeJSON(*out, runs)
}

// vipsSizes are vipsthumbnail's arguments for Sajin's three sizes (thumb.DefaultSpecs).
var vipsSizes = []struct{ name, size, crop string }{
	{"tile", "256x256", "centre"},
	{"fit720", "720", ""},
	{"fit2048", "2048", ""},
}

func thumbsSideBySide(ctx context.Context, dir string, rounds int, tmp string) (ThumbRun, error) {
	files, err := jpegsIn(dir)
	if err != nil {
		return ThumbRun{}, err
	}
	r := ThumbRun{Set: filepath.Base(dir), Files: len(files), Rounds: rounds, VipsBySize: map[string]float64{}}
	m := thumb.New(thumb.Options{})
	// Warm up both (page cache, heap, shared libraries) on the first photo, unmeasured.
	if _, err := sajinThumbs(ctx, m, files[:1], tmp); err != nil {
		return r, err
	}
	tiny, err := writeTiny(tmp)
	if err != nil {
		return r, err
	}
	if _, _, err := vipsThumbs(ctx, files[:1], tmp, tiny); err != nil {
		return r, err
	}
	var sajinCPU, vipsCPU []float64
	bySize := map[string][]float64{}
	n := float64(len(files))
	for round := range rounds {
		ours := func() error {
			t := startClock()
			if _, err := sajinThumbs(ctx, m, files, tmp); err != nil {
				return err
			}
			wall, cpu := t.stop()
			r.SajinRoundsMs = append(r.SajinRoundsMs, ms(wall)/n)
			sajinCPU = append(sajinCPU, ms(cpu)/n)
			return nil
		}
		theirs := func() error {
			wall, cpu, err := vipsThumbs(ctx, files, tmp, tiny)
			if err != nil {
				return err
			}
			total := 0.0
			for name, d := range wall {
				bySize[name] = append(bySize[name], ms(d)/n)
				total += ms(d) / n
			}
			r.VipsRoundsMs = append(r.VipsRoundsMs, total)
			vipsCPU = append(vipsCPU, ms(cpu)/n)
			return nil
		}
		first, second := ours, theirs
		if round%2 == 1 {
			first, second = theirs, ours
		}
		if err := first(); err != nil {
			return r, err
		}
		if err := second(); err != nil {
			return r, err
		}
	}
	r.SajinMs, r.VipsMs = round(median(r.SajinRoundsMs), 2), round(median(r.VipsRoundsMs), 2)
	r.SajinCPUMs, r.VipsCPUMs = round(median(sajinCPU), 2), round(median(vipsCPU), 2)
	r.Ratio = round(r.SajinMs/r.VipsMs, 3)
	for name, v := range bySize {
		r.VipsBySize[name] = round(median(v), 2)
	}
	r.SajinRoundsMs, r.VipsRoundsMs = roundAll(r.SajinRoundsMs, 2), roundAll(r.VipsRoundsMs, 2)
	return r, nil
}

// sajinThumbs makes the three thumbnails of each file as the import does (ingest's process and decodeAndRender:
// EXIF for the orientation, then thumb.Maker.Thumbnails) and writes them under out. Keep it in step with ingest
// when the decode path changes.
func sajinThumbs(ctx context.Context, m *thumb.Maker, files []string, out string) (int, error) {
	written := 0
	for _, path := range files {
		f, err := os.Open(path)
		if err != nil {
			return written, err
		}
		meta, _ := exif.Read(f)
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			f.Close()
			return written, err
		}
		_, thumbs, err := m.Thumbnails(ctx, f, meta.Orientation)
		f.Close()
		if err != nil {
			return written, fmt.Errorf("%s: %w", path, err)
		}
		for _, t := range thumbs {
			name := filepath.Join(out, fmt.Sprintf("sajin-%s-%s.jpg", filepath.Base(path), t.Spec.Name))
			if err := os.WriteFile(name, t.JPEG, 0o644); err != nil {
				return written, err
			}
			written++
		}
	}
	return written, nil
}

// vipsThumbs runs vipsthumbnail once per size over all files and returns each size's wall-clock time and the
// total CPU time of the runs, net of start-up: each run is preceded by the same run on a tiny JPEG, whose time is
// subtracted (vipsthumbnail's start-up, 50 to 300 ms on a busy machine, would otherwise weigh on a small folder).
func vipsThumbs(ctx context.Context, files []string, out, tiny string) (map[string]time.Duration, time.Duration, error) {
	wall := map[string]time.Duration{}
	var cpu time.Duration
	for _, s := range vipsSizes {
		args := []string{"-s", s.size}
		if s.crop != "" {
			args = append(args, "-m", s.crop)
		}
		args = append(args, "-o", filepath.Join(out, "vips-%s-"+s.name+".jpg[Q=85,strip]"))
		startWall, startCPU, err := vipsRun(ctx, append(args, tiny))
		if err != nil {
			return nil, 0, err
		}
		w, c, err := vipsRun(ctx, append(args, files...))
		if err != nil {
			return nil, 0, err
		}
		wall[s.name] = max(w-startWall, 0)
		cpu += max(c-startCPU, 0)
	}
	return wall, cpu, nil
}

// vipsRun runs vipsthumbnail with args and returns its wall-clock and CPU time.
func vipsRun(ctx context.Context, args []string) (wall, cpu time.Duration, err error) {
	cmd := exec.CommandContext(ctx, "vipsthumbnail", args...)
	t0 := time.Now()
	msg, err := cmd.CombinedOutput()
	if err != nil {
		return 0, 0, fmt.Errorf("vipsthumbnail: %w: %s", err, msg)
	}
	return time.Since(t0), cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), nil
}

// writeTiny writes a 16x16 JPEG into dir and returns its path: the file whose thumbnails cost only start-up.
func writeTiny(dir string) (string, error) {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, image.NewGray(image.Rect(0, 0, 16, 16)), nil); err != nil {
		return "", err
	}
	path := filepath.Join(dir, "tiny.jpg")
	return path, os.WriteFile(path, buf.Bytes(), 0o644)
}

// EXIFRun compares Sajin's EXIF reader with exiftool on one folder of photos.
type EXIFRun struct {
	Set    string `json:"set"`
	Files  int    `json:"files"`
	Rounds int    `json:"rounds"`
	// SajinUs is microseconds per file for exif.Read as the import calls it (open, read the prefix, parse,
	// validate), in process.
	SajinUs float64 `json:"sajin_us"`
	// ExifToolPerFileMs is milliseconds per file with one `exiftool -j FILE` process per file (as a program
	// shelling out to it would); ExifToolBatchMs with one `exiftool -j` over the whole folder, per file.
	ExifToolPerFileMs float64 `json:"exiftool_per_file_ms"`
	ExifToolBatchMs   float64 `json:"exiftool_batch_ms"`
	// RatioPerFile and RatioBatch are how many times faster Sajin is (exiftool's time / Sajin's).
	RatioPerFile float64 `json:"ratio_per_file"`
	RatioBatch   float64 `json:"ratio_batch"`
	// Agree counts the files on which both read the same make, model and capture time.
	Agree int `json:"agree"`
}

func runEXIF(ctx context.Context, args []string, stderr io.Writer) error {
	fs := newFlags("exif", stderr)
	out := fs.String("out", "bin/bench/exif.json", "output file")
	rounds := fs.Int("rounds", 5, "interleaved rounds")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var runs []EXIFRun
	for _, dir := range fs.Args() {
		r, err := exifSideBySide(ctx, dir, *rounds)
		if err != nil {
			return err
		}
		fmt.Fprintf(stderr, "benchreport: EXIF of %s: Sajin %.0f us, exiftool %.0f ms per file (%.0f ms in batch); %d/%d agree\n",
			r.Set, r.SajinUs, r.ExifToolPerFileMs, r.ExifToolBatchMs, r.Agree, r.Files)
		runs = append(runs, r)
	}
	return writeJSON(*out, runs)
}

func exifSideBySide(ctx context.Context, dir string, rounds int) (EXIFRun, error) {
	files, err := jpegsIn(dir)
	if err != nil {
		return EXIFRun{}, err
	}
	r := EXIFRun{Set: filepath.Base(dir), Files: len(files), Rounds: rounds}
	n := float64(len(files))
	const passes = 20 // Sajin's read is tens of microseconds: repeat it for a measurable time
	var ours, perFile, batch []float64
	var tags []exifToolTags
	for round := range rounds {
		steps := []func() error{
			func() error {
				t0 := time.Now()
				for range passes {
					if _, err := sajinEXIF(files); err != nil {
						return err
					}
				}
				ours = append(ours, float64(time.Since(t0).Microseconds())/n/passes)
				return nil
			},
			func() error {
				t0 := time.Now()
				for _, f := range files {
					if _, err := exifTool(ctx, f); err != nil {
						return err
					}
				}
				perFile = append(perFile, ms(time.Since(t0))/n)
				return nil
			},
			func() error {
				t0 := time.Now()
				var err error
				if tags, err = exifTool(ctx, files...); err != nil {
					return err
				}
				batch = append(batch, ms(time.Since(t0))/n)
				return nil
			},
		}
		if round%2 == 1 {
			slices.Reverse(steps)
		}
		for _, step := range steps {
			if err := step(); err != nil {
				return r, err
			}
		}
	}
	r.SajinUs, r.ExifToolPerFileMs, r.ExifToolBatchMs = round(median(ours), 2), round(median(perFile), 3), round(median(batch), 3)
	r.RatioPerFile = round(r.ExifToolPerFileMs*1000/r.SajinUs, 1)
	r.RatioBatch = round(r.ExifToolBatchMs*1000/r.SajinUs, 1)
	metas, err := sajinEXIF(files)
	if err != nil {
		return r, err
	}
	r.Agree = agreeing(files, metas, tags)
	return r, nil
}

// sajinEXIF reads each file's metadata as the import does.
func sajinEXIF(files []string) ([]exif.Meta, error) {
	metas := make([]exif.Meta, len(files))
	for i, path := range files {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		metas[i], _ = exif.Read(f) // a damaged EXIF still gives what could be read, as in the import
		f.Close()
	}
	return metas, nil
}

// exifToolTags is the part of exiftool's JSON the agreement check compares.
type exifToolTags struct {
	SourceFile       string
	Make, Model      string
	DateTimeOriginal string
}

// exifTool runs one exiftool process over files and parses its JSON.
func exifTool(ctx context.Context, files ...string) ([]exifToolTags, error) {
	out, err := exec.CommandContext(ctx, "exiftool", append([]string{"-j", "-q"}, files...)...).Output()
	if err != nil {
		return nil, fmt.Errorf("exiftool: %w", err)
	}
	var tags []exifToolTags
	if err := json.Unmarshal(out, &tags); err != nil {
		return nil, fmt.Errorf("exiftool output: %w", err)
	}
	return tags, nil
}

// agreeing counts the files whose make, model and capture time Sajin and exiftool read alike.
func agreeing(files []string, metas []exif.Meta, tags []exifToolTags) int {
	byFile := map[string]exifToolTags{}
	for _, t := range tags {
		byFile[t.SourceFile] = t
	}
	n := 0
	for i, f := range files {
		t, ok := byFile[f]
		m := metas[i]
		if ok && t.Make == m.Make && t.Model == m.Model && !m.Taken.IsZero() &&
			t.DateTimeOriginal == m.Taken.Format(exifLayout) {
			n++
		}
	}
	return n
}

// exifLayout is EXIF's date layout.
const exifLayout = "2006:01:02 15:04:05"

// jpegsIn lists the JPEGs of dir in name order.
func jpegsIn(dir string) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.jpg"))
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no JPEGs in %s (run benchreport photos)", dir)
	}
	slices.Sort(files)
	return files, nil
}

// clock measures wall-clock and this process's CPU time.
type clock struct {
	wall time.Time
	cpu  time.Duration
}

func startClock() clock { return clock{wall: time.Now(), cpu: processCPU()} }

func (c clock) stop() (wall, cpu time.Duration) {
	return time.Since(c.wall), processCPU() - c.cpu
}

// processCPU is the user and system time this process has used, every thread.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// median of xs (0 for none); xs is not modified.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(xs))
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// roundAll rounds every x to d decimals.
func roundAll(xs []float64, d int) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = round(x, d)
	}
	return out
}

// round rounds x to d decimals, for short JSON.
func round(x float64, d int) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'f', d, 64), 64)
	return v
}
