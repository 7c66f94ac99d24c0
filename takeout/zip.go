package takeout

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
)

// Errors OpenZip returns for archives it refuses.
var (
	ErrUnsafePath = errors.New("takeout: zip entry with an unsafe path")
	ErrZipBomb    = errors.New("takeout: zip would expand beyond the limits")
)

// Limits bound what a zip may expand to; zero values are the defaults.
type Limits struct {
	Entries    int    // default 1,000,000
	TotalBytes uint64 // uncompressed, all entries; default 1 TiB
	Ratio      uint64 // largest uncompressed/compressed ratio of an entry over 1 MiB; default 100
}

func (l Limits) withDefaults() Limits {
	if l.Entries <= 0 {
		l.Entries = 1_000_000
	}
	if l.TotalBytes == 0 {
		l.TotalBytes = 1 << 40
	}
	if l.Ratio == 0 {
		l.Ratio = 100
	}
	return l
}

// OpenZip opens a Takeout zip as a file system after checking every entry: a path that is absolute, climbs out
// ("../"), uses backslashes or NUL refuses the archive (ErrUnsafePath), and so do too many entries, too many bytes
// once expanded, or an entry that expands more than Ratio times (ErrZipBomb). Photos compress little and JSON
// about ten times, so a genuine export is far from these limits. The declared sizes are also what archive/zip
// holds every entry's reader to, so an entry cannot expand beyond what was checked here.
func OpenZip(path string, lim Limits) (fs.FS, io.Closer, error) {
	lim = lim.withDefaults()
	z, err := zip.OpenReader(path)
	if err != nil {
		return nil, nil, fmt.Errorf("takeout: %s: %w", path, err)
	}
	if err := check(z.File, lim); err != nil {
		z.Close()
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	return z, z, nil
}

func check(files []*zip.File, lim Limits) error {
	if len(files) > lim.Entries {
		return fmt.Errorf("%w: %d entries", ErrZipBomb, len(files))
	}
	var total uint64
	for _, f := range files {
		if !safePath(f.Name) {
			return fmt.Errorf("%w: %q", ErrUnsafePath, f.Name)
		}
		size := f.UncompressedSize64
		if size > 1<<20 && (f.CompressedSize64 == 0 || size/f.CompressedSize64 > lim.Ratio) {
			return fmt.Errorf("%w: %s expands from %d to %d bytes", ErrZipBomb, f.Name, f.CompressedSize64, size)
		}
		total += size
		if total > lim.TotalBytes {
			return fmt.Errorf("%w: more than %d bytes", ErrZipBomb, lim.TotalBytes)
		}
	}
	return nil
}

// safePath says whether a zip entry's name stays inside the archive's root.
func safePath(name string) bool {
	name = strings.TrimSuffix(name, "/")
	return name != "" && !strings.ContainsAny(name, "\\\x00") && fs.ValidPath(name) &&
		!(len(name) >= 2 && name[1] == ':') // "C:..."
}
