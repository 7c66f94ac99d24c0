// Command sajin is Sajin's one binary: the server, the importer and the tools around the library.
//
// main reads flags and environment once, opens the data folder and wires the packages together; no other
// package reads configuration. Each subcommand lives in its own file.
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

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// env is the process environment and standard streams, passed in so that run is testable.
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	e := env{getenv: os.Getenv, stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr}
	if err := run(ctx, os.Args[1:], e); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "sajin:", err)
		}
		os.Exit(exitCode(err))
	}
}

// usageError is a mistake in the command line: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func exitCode(err error) int {
	var u usageError
	if errors.As(err, &u) || errors.Is(err, flag.ErrHelp) {
		return 2
	}
	return 1
}

type command struct {
	name, summary string
	run           func(ctx context.Context, args []string, e env) error
}

func commands() []command {
	return []command{
		{"serve", "run the web server and API", runServe},
		{"import", "import photos from files and folders", runImport},
		{"show", "print one photo's record", runShow},
		{"search", "search the library", runSearch},
		{"reindex", "rebuild the search index from the catalog", runReindex},
		{"relabel", "tag every photo again with the current models", runRelabel},
		{"label", "add (+word) or remove (-word) labels of a photo", runLabel},
		{"albums", "list the albums", runAlbums},
		{"models", "fetch or list the vision models (models fetch, models list)", runModels},
		{"user", "manage accounts (user add|list|disable|enable|remove|passwd|token)", runUser},
		{"check", "find and repair what is wrong in the library (check --repair)", runCheck},
		{"export", "write every original with JSON and XMP sidecars to a folder or zip", runExport},
		{"restore", "read a sajin export back into a library", runRestore},
		{"takeout", "import a Google Photos Takeout export (folder or zips)", runTakeout},
		{"backup", "copy the catalog, originals and index consistently, also while serving", runBackup},
		{"version", "print the version", func(_ context.Context, _ []string, e env) error {
			fmt.Fprintln(e.stdout, "sajin", version)
			return nil
		}},
	}
}

func run(ctx context.Context, args []string, e env) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(e.stderr)
		if len(args) == 0 {
			return usageError{"no command given"}
		}
		return nil
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, args[1:], e)
		}
	}
	usage(e.stderr)
	return usageError{fmt.Sprintf("unknown command %q", args[0])}
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Sajin (사진): your photo library, on your own machine.")
	fmt.Fprintln(w, "\nUsage: sajin COMMAND [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'sajin COMMAND -h' for a command's flags. Every flag has an environment fallback (SAJIN_DATA, SAJIN_ADDR).")
}
