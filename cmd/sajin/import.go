package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"sajin/ingest"
)

// importLine is one line of `sajin import --json`.
type importLine struct {
	Path   string `json:"path"`
	Status string `json:"status"`
	ID     string `json:"id,omitempty"`
	Error  string `json:"error,omitempty"`
}

func runImport(ctx context.Context, args []string, e env) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	var c common
	c.register(fs, e)
	out := addOutputFlags(fs)
	workers := fs.Int("workers", runtime.NumCPU(), "files imported at once")
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "Usage: sajin import [flags] PATH...\n\nImports files and folders (recursively). Running it again skips what is already in and finishes what an interrupted run left.")
		fs.PrintDefaults()
	}
	if err := parse(fs, args, e); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return usageError{"import: no files or folders given"}
	}
	files, skipped, err := collect(fs.Args())
	if err != nil {
		return err
	}
	files, videos := splitVideos(files)
	lib, err := openLibrary(ctx, c, c.logger(e.stderr, slog.LevelWarn), true)
	if err != nil {
		return err
	}
	defer lib.Close()

	bar := newProgress(e.stderr, "importing", len(files))
	sum := summary{skipped: skipped}
	var mu sync.Mutex
	enc := json.NewEncoder(e.stdout)
	for _, line := range videos.lines() {
		sum.add(line)
		if *out.json {
			if err := enc.Encode(line); err != nil {
				return err
			}
		}
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(max(*workers, 1))
	for _, path := range files {
		g.Go(func() error {
			line, err := importOne(gctx, lib.pipeline, c.library, path)
			if err == nil && line.ID != "" {
				err = keepLivePair(gctx, lib.cat, c.library, line.ID, videos.live[path])
			}
			if err != nil {
				return fmt.Errorf("%s: %w", path, err)
			}
			mu.Lock()
			defer mu.Unlock()
			sum.add(line)
			bar.step(filepath.Base(path))
			if *out.json {
				return enc.Encode(line)
			}
			return nil
		})
	}
	err = g.Wait()
	bar.done()
	if err != nil {
		return err
	}
	w, err := out.finish(ctx, lib, e)
	if err != nil {
		return err
	}
	sum.print(w)
	return nil
}

// outputFlags are the flags import and takeout share: how lines are printed and whether to wait for the later
// stages.
type outputFlags struct {
	json, noWait *bool
}

func addOutputFlags(fs *flag.FlagSet) outputFlags {
	return outputFlags{
		json:   fs.Bool("json", false, "print one JSON object per file on stdout"),
		noWait: fs.Bool("no-wait", false, "return once files are stored; later stages finish on the next run or in the server"),
	}
}

// finish runs the later stages unless --no-wait, and returns where the summary goes: stderr when stdout carries
// the JSON lines.
func (o outputFlags) finish(ctx context.Context, lib *library, e env) (io.Writer, error) {
	if !*o.noWait {
		if err := drain(ctx, lib, e); err != nil {
			return nil, err
		}
	}
	if *o.json {
		return e.stderr, nil
	}
	return e.stdout, nil
}

// importOne imports one file. An error return is a failure of Sajin's own storage; a bad file is a "rejected" line.
func importOne(ctx context.Context, p *ingest.Pipeline, library, path string) (importLine, error) {
	line := importLine{Path: path}
	f, err := os.Open(path)
	if err != nil {
		line.Status, line.Error = string(ingest.Rejected), "cannot read: "+errText(err)
		return line, nil
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		line.Status, line.Error = string(ingest.Rejected), "cannot read: "+errText(err)
		return line, nil
	}
	sidecar, err := readSidecar(path)
	if err != nil {
		line.Status, line.Error = string(ingest.Rejected), "cannot read its XMP sidecar: "+errText(err)
		return line, nil
	}
	photo, status, err := p.Add(ctx, ingest.Source{
		Library: library, Name: filepath.Base(path), Path: path, ModTime: st.ModTime(), Body: f, Bulk: true,
		XMP: sidecar,
	})
	line.Status = string(status)
	switch {
	case err != nil && ctx.Err() != nil:
		return line, ctx.Err() // interrupted (Ctrl-C, or the import stopped on another file): no verdict on this one
	case errors.Is(err, ingest.ErrRejected):
		line.Status, line.Error = string(ingest.Rejected), strings.TrimPrefix(err.Error(), "rejected: ")
	case err != nil:
		return line, err
	default:
		line.ID = photo.ID
	}
	return line, nil
}

// drain runs the later pipeline stages until every photo is fully processed, with a progress bar per stage.
func drain(ctx context.Context, lib *library, e env) error {
	n, err := lib.cat.Pending(ctx)
	if err != nil || n == 0 {
		return err
	}
	var bar *progress
	current, since := "", time.Now()
	_, err = lib.pipeline.WorkProgress(ctx, func(stage string, done int) {
		if stage != current {
			if bar != nil {
				bar.done()
			}
			bar, current = newProgress(e.stderr, stageLabel(stage), n), stage
			bar.start = since // the stage began when the previous one ended, before its first batch finished
		}
		since = time.Now()
		for range done {
			bar.step("")
		}
	})
	if bar != nil {
		bar.done()
	}
	return err
}

func stageLabel(stage string) string {
	switch stage {
	case "vision":
		return "tagging "
	case "index":
		return "indexing"
	}
	return stage
}

// collect expands the command line into files: folders recursively (photo extensions only, hidden entries
// skipped), files as given. It returns the files sorted and how many folder entries it skipped.
func collect(paths []string) ([]string, int, error) {
	var files []string
	skipped := 0
	for _, root := range paths {
		st, err := os.Stat(root)
		if err != nil {
			return nil, 0, fmt.Errorf("import: %w", err)
		}
		if !st.IsDir() {
			files = append(files, root)
			continue
		}
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				skipped++ // an unreadable folder: count it, keep walking
				return nil
			}
			hidden := strings.HasPrefix(d.Name(), ".") && path != root
			switch {
			case d.IsDir() && hidden:
				return filepath.SkipDir
			case d.IsDir():
				return nil
			case hidden || !d.Type().IsRegular():
				skipped++
				return nil
			case strings.EqualFold(filepath.Ext(path), ".xmp"):
				return nil // a sidecar: read with its photo
			case !isPhoto(path) && !isVideo(path):
				skipped++
				return nil
			}
			files = append(files, path)
			return nil
		})
		if err != nil {
			return nil, 0, fmt.Errorf("import: %w", err)
		}
	}
	sort.Strings(files)
	return files, skipped, nil
}

// summary counts what an import did.
type summary struct {
	imported, duplicates, skipped, videos int
	rejected                              []importLine
}

func (s *summary) add(l importLine) {
	switch ingest.Status(l.Status) {
	case ingest.Imported:
		s.imported++
	case ingest.Duplicate:
		s.duplicates++
	case statusSkipped:
		s.videos++
	default:
		s.rejected = append(s.rejected, l)
	}
}

func (s *summary) print(w io.Writer) {
	fmt.Fprintf(w, "%d imported, %d duplicates, %d rejected", s.imported, s.duplicates, len(s.rejected))
	if s.videos > 0 {
		fmt.Fprintf(w, ", %d videos skipped (not imported yet; Live Photos keep their still)", s.videos)
	}
	if s.skipped > 0 {
		fmt.Fprintf(w, ", %d other files skipped", s.skipped)
	}
	fmt.Fprintln(w)
	for _, l := range s.rejected {
		fmt.Fprintf(w, "  rejected %s: %s\n", l.Path, l.Error)
	}
}

func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
