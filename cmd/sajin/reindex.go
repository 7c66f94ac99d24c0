package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"

	"sajin/ingest"
)

func runReindex(ctx context.Context, args []string, e env) error {
	fs := flag.NewFlagSet("reindex", flag.ContinueOnError)
	var c common
	c.register(fs, e)
	if err := parse(fs, args, e); err != nil {
		return err
	}
	lib, err := openLibrary(ctx, c, c.logger(e.stderr, slog.LevelInfo), false)
	if err != nil {
		return err
	}
	defer lib.Close()
	if lib.index == nil {
		return fmt.Errorf("the search index is in use by a running sajin server: stop it, then reindex")
	}
	n, err := lib.cat.EnqueueAll(ctx, ingest.StageIndex)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "reindexing %d photos…\n", n)
	if _, err := lib.pipeline.Work(ctx); err != nil {
		return err
	}
	count, err := lib.index.Count()
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "index holds %d photos\n", count)
	return nil
}
