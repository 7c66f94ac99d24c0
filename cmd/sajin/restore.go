package main

import (
	"archive/zip"
	"context"
	"flag"
	"fmt"
	"io/fs"
	"log/slog"
	"os"

	"sajin/export"
)

func runRestore(ctx context.Context, args []string, e env) error {
	fset := flag.NewFlagSet("restore", flag.ContinueOnError)
	var c common
	c.register(fset, e)
	retag := fset.Bool("retag", false, "tag the photos again with this sajin's models instead of keeping the exported labels, faces and text")
	fset.Usage = func() {
		fmt.Fprintln(e.stderr, "Usage: sajin restore [flags] EXPORT\n\nReads a `sajin export` (its folder or zip) into the library: the same photos, dates, places, labels,\nalbums, favourites and people's names. Photos already in the library are not copied again.")
		fset.PrintDefaults()
	}
	if err := parse(fset, args, e); err != nil {
		return err
	}
	if fset.NArg() != 1 {
		fset.Usage()
		return usageError{"restore: give one export folder or zip"}
	}
	src, closeSrc, err := openExport(fset.Arg(0))
	if err != nil {
		return err
	}
	defer closeSrc()
	lib, err := openLibrary(ctx, c, c.logger(e.stderr, slog.LevelWarn), true)
	if err != nil {
		return err
	}
	defer lib.Close()
	library := c.library // --user resolved to its library by parse
	r := &export.Restorer{Pipeline: lib.pipeline, Catalog: lib.cat, People: lib.people, Logger: lib.log, Retag: *retag}
	sum, err := r.Restore(ctx, library, src)
	if err != nil {
		return err
	}
	if err := drain(ctx, lib, e); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%d restored, %d already there, %d rejected, %d people named\n",
		sum.Imported, sum.Duplicates, sum.Rejected, sum.Named)
	for _, p := range sum.Problems {
		fmt.Fprintln(e.stdout, "  "+p)
	}
	return nil
}

// openExport opens an export folder or zip as a file system rooted at its manifest.
func openExport(path string) (fs.FS, func(), error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, nil, err
	}
	fsys, done := fs.FS(os.DirFS(path)), func() {}
	if !st.IsDir() {
		z, err := zip.OpenReader(path)
		if err != nil {
			return nil, nil, fmt.Errorf("restore: %s: %w", path, err)
		}
		fsys, done = z, func() { z.Close() }
	}
	root, err := export.Root(fsys)
	if err != nil {
		done()
		return nil, nil, fmt.Errorf("restore: %s: %w", path, err)
	}
	return root, done, nil
}
