package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"sajin/export"
)

func runExport(ctx context.Context, args []string, e env) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	var c common
	c.register(fs, e)
	asZip := fs.Bool("zip", false, "write OUT as one zip file instead of a folder")
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "Usage: sajin export [flags] OUT\n\nWrites every original into OUT/YEAR/MONTH/ under its own name, with a JSON and an XMP sidecar per photo\n(dates, places, labels, people, albums, favourite). `sajin restore OUT` reads it back into a library.\nExporting again into the same folder copies only what is new.")
		fs.PrintDefaults()
	}
	if err := parse(fs, args, e); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return usageError{"export: give one output folder (or .zip with --zip)"}
	}
	out := fs.Arg(0)
	lib, err := openLibrary(ctx, c, c.logger(e.stderr, slog.LevelWarn), false)
	if err != nil {
		return err
	}
	defer lib.Close()
	library := c.library // --user resolved to its library by parse
	x := &export.Exporter{Records: lib.records, People: lib.people, Files: lib.store, Logger: lib.log}
	var sum export.Summary
	if *asZip {
		sum, err = exportZip(ctx, x, library, out)
	} else {
		sum, err = exportDir(ctx, x, library, out)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%d photos exported to %s (%.1f MB of originals)\n", sum.Photos, out, float64(sum.Bytes)/1e6)
	return nil
}

func exportDir(ctx context.Context, x *export.Exporter, library, out string) (export.Summary, error) {
	dir, err := export.NewDir(out)
	if err != nil {
		return export.Summary{}, err
	}
	sum, err := x.Export(ctx, library, nil, dir)
	if cerr := dir.Close(); err == nil {
		err = cerr
	}
	return sum, err
}

// exportZip writes the zip beside its final name and renames it when complete, so that a zip of that name is
// never a partial one.
func exportZip(ctx context.Context, x *export.Exporter, library, out string) (export.Summary, error) {
	f, err := os.CreateTemp(filepath.Dir(out), ".sajin-export-*.zip")
	if err != nil {
		return export.Summary{}, err
	}
	defer os.Remove(f.Name()) // fails once renamed
	z := export.NewZip(f, "")
	sum, err := x.Export(ctx, library, nil, z)
	if err == nil {
		err = z.Close()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), out)
	}
	return sum, err
}
