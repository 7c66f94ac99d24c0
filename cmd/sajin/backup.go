package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
)

func runBackup(ctx context.Context, args []string, e env) error {
	fset := flag.NewFlagSet("backup", flag.ContinueOnError)
	var c common
	c.register(fset, e)
	fset.Usage = func() {
		fmt.Fprintln(e.stderr, "Usage: sajin backup [flags] OUT\n\nCopies the data folder into OUT while the server may be running: a consistent snapshot of the catalog,\nthen the originals and thumbnails (only what OUT lacks, so a backup repeated into the same folder is quick),\nthen the search index when no server holds it (it is rebuilt from the catalog otherwise). OUT is a data\nfolder: `sajin serve --data OUT` runs on it, or copy it back in place of the old one.")
		fset.PrintDefaults()
	}
	if err := parse(fset, args, e); err != nil {
		return err
	}
	if fset.NArg() != 1 {
		fset.Usage()
		return usageError{"backup: give one output folder"}
	}
	out := fset.Arg(0)
	if same, _ := sameDir(out, c.data); same {
		return usageError{"backup: OUT is the data folder itself"}
	}
	lib, err := openLibrary(ctx, c, c.logger(e.stderr, slog.LevelWarn), false)
	if err != nil {
		return err
	}
	defer lib.Close()
	if err := os.MkdirAll(out, 0o755); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	// The catalog first: every original its rows name is on disk before the row (ingest commits the file first),
	// so copying the originals after the snapshot gives each row its file.
	if err := backupCatalog(ctx, lib, out); err != nil {
		return err
	}
	var copied int
	for _, dir := range []string{"originals", "thumbs"} {
		n, err := copyTree(ctx, filepath.Join(c.data, dir), filepath.Join(out, dir), true)
		if err != nil {
			return fmt.Errorf("backup %s: %w", dir, err)
		}
		copied += n
	}
	index := "copied"
	if lib.index == nil {
		index = "left out (a running server holds it; it is rebuilt from the catalog when the backup is used)"
		os.RemoveAll(filepath.Join(out, "index")) // an older copy would be stale
	} else {
		// This process holds the index's lock: nothing writes to it while it is copied.
		os.RemoveAll(filepath.Join(out, "index"))
		if _, err := copyTree(ctx, filepath.Join(c.data, "index"), filepath.Join(out, "index"), false); err != nil {
			return fmt.Errorf("backup index: %w", err)
		}
	}
	fmt.Fprintf(e.stdout, "backup in %s: catalog snapshot, %d new files, search index %s\n", out, copied, index)
	return nil
}

// backupCatalog writes the snapshot beside its final name and renames it, so OUT/catalog.db is always whole.
func backupCatalog(ctx context.Context, lib *library, out string) error {
	final := filepath.Join(out, "catalog.db")
	tmp := final + ".partial"
	os.Remove(tmp)
	if err := lib.cat.Backup(ctx, tmp); err != nil {
		os.Remove(tmp)
		return err
	}
	for _, side := range []string{"-wal", "-shm"} { // of an older backup opened in place: not of this snapshot
		os.Remove(final + side)
	}
	return os.Rename(tmp, final)
}

// copyTree copies the regular files under src into dst. With immutable (content-addressed files), a file dst
// already has at the same size is not copied again. It returns how many files it copied.
func copyTree(ctx context.Context, src, dst string, immutable bool) (int, error) {
	n := 0
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && p == src {
			return filepath.SkipDir
		}
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if st, err := os.Stat(target); immutable && err == nil && st.Size() == info.Size() {
			return nil
		}
		n++
		return copyFile(p, target)
	})
	return n, err
}

// copyFile copies through a temporary file, so that an interrupted backup never leaves a short file that a later
// one would take for complete.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.CreateTemp(filepath.Dir(dst), ".partial-*")
	if err != nil {
		return err
	}
	defer os.Remove(out.Name()) // fails once renamed
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	return os.Rename(out.Name(), dst)
}

func sameDir(a, b string) (bool, error) {
	sa, err := os.Stat(a)
	if err != nil {
		return false, err
	}
	sb, err := os.Stat(b)
	if err != nil {
		return false, err
	}
	return os.SameFile(sa, sb), nil
}
