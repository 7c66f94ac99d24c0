package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"strings"
)

func runShow(ctx context.Context, args []string, e env) error {
	fs := flag.NewFlagSet("show", flag.ContinueOnError)
	var c common
	c.register(fs, e)
	asJSON := fs.Bool("json", false, "print the record as JSON")
	if err := parse(fs, args, e); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError{"show: give exactly one photo id"}
	}
	lib, err := openLibrary(ctx, c, c.logger(e.stderr, slog.LevelWarn), false)
	if err != nil {
		return err
	}
	defer lib.Close()
	p, err := lib.cat.Get(ctx, c.library, strings.ToLower(fs.Arg(0)))
	if err != nil {
		return err
	}
	rec, err := lib.records.Record(ctx, p, lib.thumbPaths(p))
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rec)
	}
	w := e.stdout
	fmt.Fprintf(w, "%s  %s  %dx%d  %s\n", rec.ID, rec.FileName, rec.Width, rec.Height, rec.MIME)
	fmt.Fprintf(w, "taken    %s (%s)\n", orDash(rec.TakenAt), orDash(rec.TakenAtSource))
	fmt.Fprintf(w, "camera   %s\n", orDash(strings.TrimSpace(rec.Make+" "+rec.Model+" "+rec.Lens)))
	if rec.GPS != nil {
		fmt.Fprintf(w, "place    %.6f, %.6f\n", rec.GPS.Lat, rec.GPS.Lon)
	}
	for _, l := range rec.Labels {
		fmt.Fprintf(w, "label    %s / %s  %.2f  (%s)\n", l.En, l.Ko, l.Score, l.Source)
	}
	if len(rec.Faces) > 0 {
		fmt.Fprintf(w, "faces    %d\n", len(rec.Faces))
	}
	if len(rec.Text) > 0 {
		fmt.Fprintf(w, "text     %s\n", strings.Join(rec.Text, " / "))
	}
	fmt.Fprintf(w, "sha256   %s (%d bytes)\n", rec.SHA256, rec.Bytes)
	for name, path := range rec.Thumbs {
		fmt.Fprintf(w, "thumb    %-8s %s\n", name, path)
	}
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
