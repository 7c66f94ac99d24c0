// Package blob keeps Sajin's files on local disk: originals addressed by their SHA-256, stored once and never
// modified, and thumbnails derived from them.
//
// Every write is atomic: data goes to a temporary file in the store's own tmp folder (same file system), is
// fsynced, then renamed into place, so a crash leaves either the whole file or none of it. Temporary files left by
// a crash are removed when the store is opened. File names are built only from hex digests and fixed spec names,
// which are checked, so no caller-supplied text ever becomes part of a path.
package blob

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
)

// Sentinel errors.
var (
	ErrTooLarge = errors.New("blob: file too large")
	ErrEmpty    = errors.New("blob: file is empty")
	ErrBadName  = errors.New("blob: bad blob name")
)

// ThumbVersion is part of every thumbnail path; bump it when thumbnails must be regenerated.
const ThumbVersion = "v1"

var (
	hexSum   = regexp.MustCompile(`^[0-9a-f]{64}$`)
	specName = regexp.MustCompile(`^[a-z0-9]{1,16}$`)
	extName  = regexp.MustCompile(`^\.[a-z0-9]{1,8}$`)
)

// Store is a folder of originals and thumbnails.
type Store struct {
	dir string
}

// Open opens the store in dir, creating its folders, and removes temporary files a crash left behind when no
// other process uses the store.
func Open(dir string) (*Store, error) {
	for _, sub := range []string{"originals", "thumbs", "tmp"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return nil, fmt.Errorf("blob: %w", err)
		}
	}
	s := &Store{dir: dir}
	if !claimTemp(dir) {
		return s, nil // another process (a server) uses the store: its temporary files are its own
	}
	left, err := filepath.Glob(filepath.Join(dir, "tmp", "*"))
	if err != nil {
		return nil, fmt.Errorf("blob: %w", err)
	}
	for _, f := range left {
		os.Remove(f)
	}
	return s, nil
}

// Spooled is an incoming file written to temporary storage and hashed; Commit keeps it, Remove drops it.
type Spooled struct {
	Path   string
	SHA256 string
	Size   int64
}

// Spool copies r to a temporary file while hashing it, refusing more than maxBytes (0 = no limit) and empty input.
func (s *Store) Spool(ctx context.Context, r io.Reader, maxBytes int64) (*Spooled, error) {
	f, err := os.CreateTemp(filepath.Join(s.dir, "tmp"), "in-*")
	if err != nil {
		return nil, fmt.Errorf("blob: spool: %w", err)
	}
	sp := &Spooled{Path: f.Name()}
	fail := func(err error) (*Spooled, error) {
		f.Close()
		os.Remove(sp.Path)
		return nil, err
	}
	h := sha256.New()
	src := io.Reader(ctxReader{ctx, r})
	if maxBytes > 0 {
		src = io.LimitReader(src, maxBytes+1)
	}
	n, err := io.Copy(io.MultiWriter(f, h), src)
	if err != nil {
		return fail(fmt.Errorf("blob: spool: %w", err))
	}
	if maxBytes > 0 && n > maxBytes {
		return fail(fmt.Errorf("%w: more than %d bytes", ErrTooLarge, maxBytes))
	}
	if n == 0 {
		return fail(ErrEmpty)
	}
	if err := f.Sync(); err != nil {
		return fail(fmt.Errorf("blob: spool: %w", err))
	}
	if err := f.Close(); err != nil {
		return fail(fmt.Errorf("blob: spool: %w", err))
	}
	sp.SHA256, sp.Size = hex.EncodeToString(h.Sum(nil)), n
	return sp, nil
}

// Remove deletes the temporary file.
func (sp *Spooled) Remove() { os.Remove(sp.Path) }

// Commit moves a spooled file into the originals as sha256+ext. If that original already exists (the same
// content imported before, or a crash after the move), the temporary file is dropped and the stored one kept.
func (s *Store) Commit(sp *Spooled, ext string) (string, error) {
	dst, err := s.OriginalPath(sp.SHA256, ext)
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(dst); err == nil {
		sp.Remove()
		return dst, nil
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return "", fmt.Errorf("blob: %w", err)
	}
	if err := os.Chmod(sp.Path, 0o444); err != nil {
		return "", fmt.Errorf("blob: %w", err)
	}
	if err := os.Rename(sp.Path, dst); err != nil {
		return "", fmt.Errorf("blob: store original: %w", err)
	}
	return dst, syncDir(filepath.Dir(dst))
}

// OriginalPath is where the original with this hash and extension lives.
func (s *Store) OriginalPath(sum, ext string) (string, error) {
	if !hexSum.MatchString(sum) || !extName.MatchString(ext) {
		return "", fmt.Errorf("%w: %q%q", ErrBadName, sum, ext)
	}
	return filepath.Join(s.dir, "originals", sum[:2], sum[2:4], sum+ext), nil
}

// ThumbPath is where the thumbnail of a spec for the original with this hash lives.
func (s *Store) ThumbPath(sum, spec string) (string, error) {
	if !hexSum.MatchString(sum) || !specName.MatchString(spec) {
		return "", fmt.Errorf("%w: %q/%q", ErrBadName, sum, spec)
	}
	return filepath.Join(s.dir, "thumbs", ThumbVersion, sum[:2], sum+"-"+spec+".jpg"), nil
}

// PutThumb writes a thumbnail atomically.
func (s *Store) PutThumb(sum, spec string, data []byte) error {
	dst, err := s.ThumbPath(sum, spec)
	if err != nil {
		return err
	}
	return s.writeAtomic(dst, data)
}

func (s *Store) writeAtomic(dst string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return fmt.Errorf("blob: %w", err)
	}
	f, err := os.CreateTemp(filepath.Join(s.dir, "tmp"), "w-*")
	if err != nil {
		return fmt.Errorf("blob: %w", err)
	}
	_, werr := f.Write(data)
	serr := f.Sync()
	cerr := f.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("blob: write %s: %w", filepath.Base(dst), err)
	}
	if err := os.Rename(f.Name(), dst); err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("blob: write %s: %w", filepath.Base(dst), err)
	}
	return nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("blob: sync %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("blob: sync %s: %w", dir, err)
	}
	return nil
}

// ctxReader stops a copy when its context is cancelled.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
