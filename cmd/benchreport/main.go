// Command benchreport is the harness behind `make bench` (scripts/bench.sh): it makes the benchmark photos from
// the real development photos, measures Sajin against libvips and exiftool side by side on the same files, times
// imports through the real `sajin` binary, and renders docs/bench.md and docs/bench.json from those measurements
// and from `go test -bench` output.
//
// Each subcommand writes one JSON file of measurements into the results folder (bin/bench); `render` reads the
// folder, so every step can be rerun on its own. Configuration comes from flags only: scripts/bench.sh turns its
// environment knobs into flags.
//
// Limits: the figures are wall-clock time on whatever machine runs it. The comparisons (thumbnails, EXIF) are
// interleaved round by round so that their ratios hold on a shared, noisy machine; absolute figures do not.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "benchreport:", err)
		}
		os.Exit(1)
	}
}

type command struct {
	name, summary string
	run           func(ctx context.Context, args []string, stderr io.Writer) error
}

func commands() []command {
	return []command{
		{"photos", "make the 12 and 24 MP benchmark JPEGs from the fixtures", runPhotos},
		{"library", "make a library of many small JPEGs for the import cost curve", runLibrary},
		{"machine", "record the machine, the tools' versions and the date", runMachine},
		{"thumbs", "Sajin's thumbnails against vipsthumbnail, interleaved", runThumbs},
		{"exif", "Sajin's EXIF reader against exiftool, interleaved", runEXIF},
		{"import", "time `sajin import` of a folder into a fresh data folder", runImportBench},
		{"latency", "request latency of `sajin serve`, idle and during an import", runLatency},
		{"render", "write docs/bench.md and docs/bench.json from the results folder", runRender},
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		for _, c := range commands() {
			if c.name == args[0] {
				return c.run(ctx, args[1:], stderr)
			}
		}
	}
	fmt.Fprintln(stdout, "Usage: benchreport COMMAND [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(stdout, "  %-8s %s\n", c.name, c.summary)
	}
	if len(args) == 0 {
		return flag.ErrHelp
	}
	return fmt.Errorf("unknown command %q", args[0])
}

// newFlags returns a flag set for a subcommand whose errors and usage go to stderr.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}
