package catalog

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"os"
	"strings"
	"time"
)

// Queries for taking a library out (export, WebDAV listings, backups) and putting one back (restore of an
// export, Google Photos Takeout), where what a file says about itself is overridden by what came with it.

// SetTaken replaces a photo's capture time: local is the wall-clock time (zero for unknown), offset the seconds
// east of UTC (nil when unknown), source where it came from ("exif", "takeout", ...).
func (c *Catalog) SetTaken(ctx context.Context, library, id string, local time.Time, offset *int, source string) error {
	res, err := c.w.ExecContext(ctx, `UPDATE photos SET taken_local = ?, taken_offset = ?, taken_source = ?
		WHERE library = ? AND id = ?`, formatLocal(local), offset, source, library, id)
	if err != nil {
		return fmt.Errorf("catalog: set taken of %s: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	return nil
}

// SetPosition replaces a photo's GPS position (decimal degrees).
func (c *Catalog) SetPosition(ctx context.Context, library, id string, lat, lon float64) error {
	if lat < -90 || lat > 90 || lon < -180 || lon > 180 {
		return fmt.Errorf("catalog: position %v,%v of %s is out of range", lat, lon, id)
	}
	res, err := c.w.ExecContext(ctx, `UPDATE photos SET lat = ?, lon = ? WHERE library = ? AND id = ?`, lat, lon, library, id)
	if err != nil {
		return fmt.Errorf("catalog: set position of %s: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	return nil
}

// Months returns the months ("2015-08") in which a library's photos were taken, newest first.
func (c *Catalog) Months(ctx context.Context, library string) ([]string, error) {
	rows, err := c.r.QueryContext(ctx, `SELECT DISTINCT substr(taken_local, 1, 7) AS m FROM photos
		WHERE library = ? AND taken_local != '' ORDER BY m DESC`, library)
	if err != nil {
		return nil, fmt.Errorf("catalog: months: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var m string
		if err := rows.Scan(&m); err != nil {
			return nil, fmt.Errorf("catalog: months: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// InMonth returns a library's photos taken in a month ("2015-08"; "" for the photos of unknown date), in id
// order.
func (c *Catalog) InMonth(ctx context.Context, library, month string) ([]*Photo, error) {
	q, args := `taken_local = ''`, []any{library}
	if month != "" {
		if len(month) != 7 || month[4] != '-' {
			return nil, fmt.Errorf("catalog: bad month %q", month)
		}
		// '~' sorts after every character of a stored time ("2015-08-03T08:15:00").
		q, args = `taken_local >= ? AND taken_local < ?`, append(args, month, month+"~")
	}
	rows, err := c.r.QueryContext(ctx, `SELECT `+photoColumns+` FROM photos WHERE library = ? AND `+q+` ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("catalog: photos of %q: %w", month, err)
	}
	return collect(rows)
}

// BySourcePrefix returns a library's photos whose source path starts with prefix (the files a WebDAV client
// uploaded into one folder), in id order.
func (c *Catalog) BySourcePrefix(ctx context.Context, library, prefix string) ([]*Photo, error) {
	rows, err := c.r.QueryContext(ctx, `SELECT `+photoColumns+` FROM photos WHERE library = ?
		AND substr(source_path, 1, ?) = ? ORDER BY id`, library, len(prefix), prefix)
	if err != nil {
		return nil, fmt.Errorf("catalog: photos from %s: %w", prefix, err)
	}
	return collect(rows)
}

// EachOf calls fn for every photo of one library, in id order, reading in pages so memory stays flat.
func (c *Catalog) EachOf(ctx context.Context, library string, fn func(*Photo) error) error {
	return eachPage(fn, func(last *Photo) (*sql.Rows, error) {
		lastID := ""
		if last != nil {
			lastID = last.ID
		}
		rows, err := c.r.QueryContext(ctx, `SELECT `+photoColumns+` FROM photos
			WHERE library = ? AND id > ? ORDER BY id LIMIT ?`, library, lastID, pageSize)
		if err != nil {
			return nil, fmt.Errorf("catalog: each of %s: %w", library, err)
		}
		return rows, nil
	})
}

// Backup writes a consistent copy of the whole catalog to path (which must not exist) with VACUUM INTO: it reads
// one snapshot, so writers go on while it runs and the copy holds every transaction committed before it began.
func (c *Catalog) Backup(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("catalog: backup: %s already exists", path)
	}
	if strings.ContainsRune(path, 0) {
		return fmt.Errorf("catalog: backup: bad path")
	}
	conn, err := c.r.Conn(ctx)
	if err != nil {
		return fmt.Errorf("catalog: backup: %w", err)
	}
	defer conn.Close()
	// A reader connection, so that writers go on; SQLite counts VACUUM INTO as a write under query_only, which is
	// lifted for the one statement and put back before the connection returns to the pool (a connection where it
	// cannot be put back is thrown away).
	if _, err := conn.ExecContext(ctx, `PRAGMA query_only = 0`); err != nil {
		return fmt.Errorf("catalog: backup: %w", err)
	}
	defer func() {
		if _, err := conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA query_only = 1`); err != nil {
			conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}()
	if _, err := conn.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		return fmt.Errorf("catalog: backup to %s: %w", path, err)
	}
	return nil
}

// SetSource replaces the file name a photo is known by and where it came from (a WebDAV client renaming what it
// uploaded, or uploading again under another path what the library already had).
func (c *Catalog) SetSource(ctx context.Context, library, id, fileName, sourcePath string) error {
	res, err := c.w.ExecContext(ctx, `UPDATE photos SET file_name = ?, source_path = ? WHERE library = ? AND id = ?`,
		fileName, sourcePath, library, id)
	if err != nil {
		return fmt.Errorf("catalog: set source of %s: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	return nil
}
