package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"sajin/ingest"
	"sajin/ingest/catalog"
	"sajin/search"
)

// errProblemsLeft makes `sajin check` exit with status 1 when it leaves problems unrepaired.
var errProblemsLeft = errors.New("problems found")

func runCheck(ctx context.Context, args []string, e env) error {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	var c common
	c.register(fs, e)
	repair := fs.Bool("repair", false, "repair what can be repaired (thumbnails, index, stages, leftovers); originals are never changed")
	removeUnref := fs.Bool("remove-unreferenced", false, "remove originals no photo refers to (by default --repair imports them again)")
	quick := fs.Bool("quick", false, "do not read every byte: skip hashing originals and decoding thumbnails")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "Usage: sajin check [flags]\n\nChecks the catalog, originals, thumbnails, search index and job table against each other. Exit status 1 when problems are left.")
		fs.PrintDefaults()
	}
	if err := parse(fs, args, e); err != nil {
		return err
	}
	log := c.logger(e.stderr, slog.LevelWarn)
	// Opening the library removes temporary files and rebuilds an unreadable index: see them first.
	before := leftoversAtOpen(c.data)
	lib, err := openLibrary(ctx, c, log, *repair)
	if err != nil {
		return err
	}
	defer func() { lib.Close() }()
	total, err := lib.cat.Total(ctx)
	if err != nil {
		return err
	}
	opts := ingest.CheckOptions{Repair: *repair, RemoveUnreferenced: *removeUnref, Quick: *quick, AdoptLibrary: c.library}
	bar := newProgress(e.stderr, "checking", total)
	opts.Progress = bar.step
	if lib.index != nil {
		// Holding the index means no server runs here: files in tmp/ and originals not yet recorded are a
		// crash's leftovers, whatever their age.
		opts.Index, opts.TempAge = lib.index, -1
	}
	rep, err := lib.pipeline.Check(ctx, opts)
	bar.done()
	if err != nil {
		return err
	}
	rep.Problems = append(append([]ingest.Problem{}, before...), rep.Problems...)
	if lib.index == nil {
		rep.Skipped = append(rep.Skipped, "index: in use by a running sajin server (it heals its index at start)")
	}
	if *repair {
		if lib, err = rebuildUnreadable(ctx, c, log, lib, rep); err != nil {
			return err
		}
		if err := drain(ctx, lib, e); err != nil {
			return err
		}
		if rep.Pending, err = lib.cat.Pending(ctx); err != nil {
			return err
		}
	}
	if *asJSON {
		json.NewEncoder(e.stdout).Encode(rep)
	} else {
		printReport(e.stdout, rep, *repair)
	}
	if n := rep.Unrepaired(); n > 0 {
		return fmt.Errorf("%w: %d not repaired", errProblemsLeft, n)
	}
	return nil
}

// leftoversAtOpen reports what opening a library repairs by itself: temporary files a crash left (the store
// removes them) and an index that cannot be opened (it is moved aside and rebuilt from the catalog).
func leftoversAtOpen(data string) []ingest.Problem {
	var out []ingest.Problem
	tmp, _ := filepath.Glob(filepath.Join(data, "tmp", "*"))
	for _, f := range tmp {
		out = append(out, ingest.Problem{Kind: ingest.ProblemTempFile, Path: f, Repaired: true,
			Detail: "left by an interrupted import or upload; removed when the library was opened"})
	}
	path := indexPath(data)
	if _, err := os.Stat(path); err != nil {
		return out
	}
	ix, err := probeIndex(path)
	switch {
	case err == nil:
		ix.Close()
	case errors.Is(err, search.ErrLocked), errors.Is(err, search.ErrMappingChanged):
	default:
		out = append(out, ingest.Problem{Kind: ingest.ProblemIndexUnreadable, Path: path, Repaired: true,
			Detail: err.Error() + "; moved aside and rebuilt from the catalog when the library was opened"})
	}
	return out
}

// probeIndex opens the index the way openLibrary will, turning a panic of a damaged index into an error.
func probeIndex(path string) (ix *search.Index, err error) {
	defer func() {
		if r := recover(); r != nil {
			ix, err = nil, fmt.Errorf("opening the index: %v", r)
		}
	}()
	return search.Open(path, search.Options{})
}

func indexPath(data string) string { return filepath.Join(data, "index", "photos.bleve") }

// rebuildUnreadable rebuilds the search index from the catalog when the check could not read it, and returns
// the library opened again.
func rebuildUnreadable(ctx context.Context, c common, log *slog.Logger, lib *library, rep *ingest.CheckReport) (*library, error) {
	var bad []*ingest.Problem
	for i := range rep.Problems {
		if p := &rep.Problems[i]; p.Kind == ingest.ProblemIndexUnreadable && !p.Repaired {
			bad = append(bad, p)
		}
	}
	if len(bad) == 0 {
		return lib, nil
	}
	lib.Close()
	err := moveAside(indexPath(c.data))
	if err == nil {
		lib, err = openLibrary(ctx, c, log, true)
	}
	if err != nil {
		return nil, err
	}
	for _, p := range bad {
		p.Repaired = true
	}
	return lib, nil
}

// moveAside renames a broken index to photos.bleve.broken (replacing an older one), so nothing is deleted that
// someone may want to look at, and the next open creates a fresh index.
func moveAside(path string) error {
	old := path + ".broken"
	if err := os.RemoveAll(old); err != nil {
		return fmt.Errorf("index: %w", err)
	}
	if err := os.Rename(path, old); err != nil {
		return fmt.Errorf("index: move the broken index aside: %w", err)
	}
	return nil
}

// recreateBroken is openIndex's answer to an index that exists but cannot be opened (truncated or damaged
// files): it is derived data, so it is moved aside and rebuilt from the catalog, and the library opens.
func recreateBroken(ctx context.Context, path string, opts search.Options, cat *catalog.Catalog, log *slog.Logger, cause error) (*search.Index, bool, error) {
	log.Warn("the search index cannot be read: rebuilding it from the catalog", "err", cause, "moved_to", path+".broken")
	if err := moveAside(path); err != nil {
		return nil, false, errors.Join(cause, err)
	}
	ix, err := search.Create(path, opts)
	if err != nil {
		return nil, false, err
	}
	if _, err := cat.EnqueueAll(ctx, ingest.StageIndex); err != nil {
		ix.Close()
		return nil, false, err
	}
	return ix, true, nil
}

// printReport writes the report for people: counts by kind, then the problems (the first 50).
func printReport(w io.Writer, rep *ingest.CheckReport, repair bool) {
	counts := map[string][2]int{}
	for _, p := range rep.Problems {
		n := counts[p.Kind]
		n[0]++
		if p.Repaired {
			n[1]++
		}
		counts[p.Kind] = n
	}
	kinds := make([]string, 0, len(counts))
	for k := range counts {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	fmt.Fprintf(w, "%d photos checked, %d problems, %d repaired, %d jobs pending\n",
		rep.Photos, len(rep.Problems), len(rep.Problems)-rep.Unrepaired(), rep.Pending)
	for _, k := range kinds {
		fmt.Fprintf(w, "  %-22s %d (%d repaired)\n", k, counts[k][0], counts[k][1])
	}
	for i, p := range rep.Problems {
		if i == 50 {
			fmt.Fprintf(w, "  … and %d more (sajin check --json lists them all)\n", len(rep.Problems)-50)
			break
		}
		state := "found"
		if p.Repaired {
			state = "repaired"
		} else if p.RepairError != "" {
			state = "not repaired: " + p.RepairError
		}
		what := strings.Join(strings.Fields(p.Kind+" "+p.PhotoID+" "+p.Path), " ")
		if detail := strings.Join(strings.Fields(p.Detail), " "); detail != "" {
			what += ": " + detail
		}
		fmt.Fprintf(w, "  %s (%s)\n", what, state)
	}
	for _, s := range rep.Skipped {
		fmt.Fprintf(w, "  not checked: %s\n", s)
	}
	if !repair && rep.Unrepaired() > 0 {
		fmt.Fprintln(w, "run `sajin check --repair` to repair what can be repaired")
	}
}
