package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"strings"

	"sajin/ingest"
)

// runRelabel re-runs the vision stage on every photo (after a model update), without re-importing anything.
// The user's own label corrections are kept.
func runRelabel(ctx context.Context, args []string, e env) error {
	fs := flag.NewFlagSet("relabel", flag.ContinueOnError)
	var c common
	c.register(fs, e)
	if err := parse(fs, args, e); err != nil {
		return err
	}
	lib, err := openLibrary(ctx, c, c.logger(e.stderr, slog.LevelWarn), true)
	if err != nil {
		return err
	}
	defer lib.Close()
	if lib.tagger == nil {
		return errNoVision
	}
	n, err := lib.cat.EnqueueAll(ctx, ingest.StageVision)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "tagging %d photos again…\n", n)
	if err := drain(ctx, lib, e); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%d photos tagged\n", n)
	return nil
}

// runLabel adds (+word) or removes (-word) labels of one photo: `sajin label ID +dog -cat`. A removed label stays
// removed when the photo is tagged again; an added one stays.
func runLabel(ctx context.Context, args []string, e env) error {
	fs := flag.NewFlagSet("label", flag.ContinueOnError)
	var c common
	c.register(fs, e)
	if err := parse(fs, args, e); err != nil {
		return err
	}
	if fs.NArg() < 2 {
		return usageError{"label: usage: sajin label ID +add -remove ..."}
	}
	lib, err := openLibrary(ctx, c, c.logger(e.stderr, slog.LevelWarn), false)
	if err != nil {
		return err
	}
	defer lib.Close()
	id := strings.ToLower(fs.Arg(0))
	if _, err := lib.cat.Get(ctx, c.library, id); err != nil {
		return err
	}
	for _, arg := range fs.Args()[1:] {
		if len(arg) < 2 || (arg[0] != '+' && arg[0] != '-') {
			return usageError{fmt.Sprintf("label: %q: start with + to add or - to remove", arg)}
		}
		if err := lib.pipeline.SetLabel(ctx, c.library, id, arg[1:], arg[0] == '+'); err != nil {
			return err
		}
	}
	_, err = lib.pipeline.Work(ctx)
	return err
}
