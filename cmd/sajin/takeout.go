package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"sajin/takeout"
)

func runTakeout(ctx context.Context, args []string, e env) error {
	fset := flag.NewFlagSet("takeout", flag.ContinueOnError)
	var c common
	c.register(fset, e)
	output := addOutputFlags(fset)
	fset.Usage = func() {
		fmt.Fprintln(e.stderr, "Usage: sajin takeout [flags] PATH...\n\nImports a Google Photos Takeout export: its folder, or its zip files (give every zip of a split export\nat once). Dates and places come from the JSON sidecars, albums from the album folders; a photo in\nseveral folders is imported once. See docs/takeout.md for the quirks handled.")
		fset.PrintDefaults()
	}
	if err := parse(fset, args, e); err != nil {
		return err
	}
	if fset.NArg() == 0 {
		fset.Usage()
		return usageError{"takeout: give the export's folder or zip files"}
	}
	parts, closers, err := openTakeout(fset.Args())
	defer func() {
		for _, c := range closers {
			c.Close()
		}
	}()
	if err != nil {
		return err
	}
	lib, err := openLibrary(ctx, c, c.logger(e.stderr, slog.LevelWarn), true)
	if err != nil {
		return err
	}
	defer lib.Close()
	library := c.library // --user resolved to its library by parse
	im := &takeout.Importer{Pipeline: lib.pipeline, Catalog: lib.cat, Logger: lib.log}
	enc := json.NewEncoder(e.stdout)
	var rejected []takeout.Line
	sum, err := im.Import(ctx, library, parts, func(l takeout.Line) {
		if *output.json {
			enc.Encode(l)
		}
		if l.Status == "rejected" {
			rejected = append(rejected, l)
		}
	})
	if err != nil {
		return err
	}
	out, err := output.finish(ctx, lib, e)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%d imported, %d duplicates, %d rejected, %d skipped (videos, trash); dates from sidecars: %d, places: %d, favourites: %d, albums: %d",
		sum.Imported, sum.Duplicates, sum.Rejected, sum.Skipped, sum.Dated, sum.Placed, sum.Favourites, sum.Albums)
	if sum.NoSidecar > 0 {
		fmt.Fprintf(out, "; %d photos without a sidecar kept what their files say", sum.NoSidecar)
	}
	fmt.Fprintln(out)
	for _, l := range rejected {
		fmt.Fprintf(out, "  rejected %s: %s\n", l.Path, l.Error)
	}
	return nil
}

// openTakeout opens each path: a folder as it is, a zip after takeout.OpenZip's checks.
func openTakeout(paths []string) ([]fs.FS, []io.Closer, error) {
	var parts []fs.FS
	var closers []io.Closer
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, closers, fmt.Errorf("takeout: %w", err)
		}
		if st.IsDir() {
			parts = append(parts, os.DirFS(p))
			continue
		}
		if !strings.EqualFold(filepath.Ext(p), ".zip") {
			return nil, closers, usageError{fmt.Sprintf("takeout: %s is neither a folder nor a .zip", p)}
		}
		fsys, c, err := takeout.OpenZip(p, takeout.Limits{})
		if err != nil {
			return nil, closers, err
		}
		parts, closers = append(parts, fsys), append(closers, c)
	}
	return parts, closers, nil
}
