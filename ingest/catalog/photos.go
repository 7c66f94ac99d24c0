package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// localLayout is how a wall-clock capture time is stored: sortable text without a zone.
const localLayout = "2006-01-02T15:04:05"

// Photo is one photo of a library as the catalog records it.
type Photo struct {
	Library     string
	ID          string
	SHA256      string
	Bytes       int64
	MIME        string
	Ext         string // file extension of the stored original, with the dot (".jpg")
	Width       int    // as displayed, after orientation
	Height      int
	Orientation int
	// TakenLocal is the wall-clock time where the photo was taken, as a time.UTC value ("floating"); zero when
	// unknown. TakenOffset is that place's offset from UTC in seconds, nil when the file does not say.
	TakenLocal  time.Time
	TakenOffset *int
	TakenSource string // exif | filename | file_mtime | ""
	Lat, Lon    *float64
	Make        string
	Model       string
	Lens        string
	Exposure    string // JSON object with exposure details, "{}" when none
	FileName    string // base name of the file as imported
	SourcePath  string // where it was imported from (a path, or "upload")
	ImportedAt  time.Time
}

// Taken returns the capture time with its zone when known (ok=false when the date is unknown).
func (p *Photo) Taken() (t time.Time, hasOffset, ok bool) {
	if p.TakenLocal.IsZero() {
		return time.Time{}, false, false
	}
	if p.TakenOffset == nil {
		return p.TakenLocal, false, true
	}
	zone := time.FixedZone("", *p.TakenOffset)
	l := p.TakenLocal
	return time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second(), l.Nanosecond(), zone), true, true
}

const photoColumns = `library, id, sha256, bytes, mime, ext, width, height, orientation, taken_local, taken_offset,
	taken_source, lat, lon, make, model, lens, exposure, file_name, source_path, imported_at`

// Insert records a new photo and enqueues the given pipeline stages for it, in one transaction. A photo whose
// content is already in the library gives ErrExists.
func (c *Catalog) Insert(ctx context.Context, p *Photo, stages ...string) error {
	return c.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO photos (`+photoColumns+`)
			VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
			p.Library, p.ID, p.SHA256, p.Bytes, p.MIME, p.Ext, p.Width, p.Height, p.Orientation,
			formatLocal(p.TakenLocal), p.TakenOffset, p.TakenSource, p.Lat, p.Lon, p.Make, p.Model, p.Lens,
			nonEmpty(p.Exposure, "{}"), p.FileName, p.SourcePath, p.ImportedAt.UTC().Format(time.RFC3339Nano))
		if err != nil {
			if strings.Contains(err.Error(), "UNIQUE constraint failed") {
				return fmt.Errorf("%w: %s", ErrExists, p.SHA256)
			}
			return fmt.Errorf("catalog: insert photo %s: %w", p.ID, err)
		}
		return enqueue(ctx, tx, p.Library, p.ID, stages)
	})
}

// Get returns one photo of a library.
func (c *Catalog) Get(ctx context.Context, library, id string) (*Photo, error) {
	row := c.r.QueryRowContext(ctx, `SELECT `+photoColumns+` FROM photos WHERE library = ? AND id = ?`, library, id)
	return scanPhoto(row, id)
}

// BySHA256 returns the photo of a library with the given content hash.
func (c *Catalog) BySHA256(ctx context.Context, library, sum string) (*Photo, error) {
	row := c.r.QueryRowContext(ctx, `SELECT `+photoColumns+` FROM photos WHERE library = ? AND sha256 = ?`, library, sum)
	return scanPhoto(row, sum)
}

// List returns a page of a library's photos, newest first (unknown dates last).
func (c *Catalog) List(ctx context.Context, library string, offset, limit int) ([]*Photo, error) {
	rows, err := c.r.QueryContext(ctx, `SELECT `+photoColumns+` FROM photos WHERE library = ?
		ORDER BY taken_local = '', taken_local DESC, id LIMIT ? OFFSET ?`, library, limit, offset)
	if err != nil {
		return nil, fmt.Errorf("catalog: list: %w", err)
	}
	return collect(rows)
}

// Each calls fn for every photo of every library, in id order, reading in pages so memory stays flat.
func (c *Catalog) Each(ctx context.Context, fn func(*Photo) error) error {
	return eachPage(fn, func(last *Photo) (*sql.Rows, error) {
		lastLib, lastID := "", ""
		if last != nil {
			lastLib, lastID = last.Library, last.ID
		}
		rows, err := c.r.QueryContext(ctx, `SELECT `+photoColumns+` FROM photos
			WHERE (library, id) > (?, ?) ORDER BY library, id LIMIT ?`, lastLib, lastID, pageSize)
		if err != nil {
			return nil, fmt.Errorf("catalog: each: %w", err)
		}
		return rows, nil
	})
}

// pageSize is how many photos Each and EachOf read at once.
const pageSize = 500

// eachPage calls fn for every photo of the pages query returns, in order. query gets the last photo of the
// previous page (nil for the first) and returns at most pageSize rows after it; a shorter page is the last.
func eachPage(fn func(*Photo) error, query func(last *Photo) (*sql.Rows, error)) error {
	var last *Photo
	for {
		rows, err := query(last)
		if err != nil {
			return err
		}
		page, err := collect(rows)
		if err != nil {
			return err
		}
		for _, p := range page {
			if err := fn(p); err != nil {
				return err
			}
		}
		if len(page) < pageSize {
			return nil
		}
		last = page[len(page)-1]
	}
}

// Count returns how many photos a library holds.
func (c *Catalog) Count(ctx context.Context, library string) (int, error) {
	var n int
	err := c.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM photos WHERE library = ?`, library).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("catalog: count: %w", err)
	}
	return n, nil
}

type scanner interface{ Scan(dest ...any) error }

func scanPhoto(row scanner, key string) (*Photo, error) {
	var p Photo
	var local, imported string
	err := row.Scan(&p.Library, &p.ID, &p.SHA256, &p.Bytes, &p.MIME, &p.Ext, &p.Width, &p.Height, &p.Orientation,
		&local, &p.TakenOffset, &p.TakenSource, &p.Lat, &p.Lon, &p.Make, &p.Model, &p.Lens, &p.Exposure,
		&p.FileName, &p.SourcePath, &imported)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, key)
	}
	if err != nil {
		return nil, fmt.Errorf("catalog: read photo %s: %w", key, err)
	}
	if local != "" {
		if p.TakenLocal, err = time.Parse(localLayout, local); err != nil {
			return nil, fmt.Errorf("catalog: photo %s: bad taken_local %q: %w", p.ID, local, err)
		}
	}
	if p.ImportedAt, err = time.Parse(time.RFC3339Nano, imported); err != nil {
		return nil, fmt.Errorf("catalog: photo %s: bad imported_at %q: %w", p.ID, imported, err)
	}
	return &p, nil
}

func collect(rows *sql.Rows) ([]*Photo, error) {
	defer rows.Close()
	var out []*Photo
	for rows.Next() {
		p, err := scanPhoto(rows, "")
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("catalog: read photos: %w", err)
	}
	return out, nil
}

func formatLocal(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(localLayout)
}

func nonEmpty(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// YearCount is how many photos of a library were taken in a year (0: date unknown).
type YearCount struct {
	Year, Count int
}

// Years counts a library's photos per year, newest first, unknown dates last: List's order, so a year's first
// photo is at the sum of the counts before it.
func (c *Catalog) Years(ctx context.Context, library string) ([]YearCount, error) {
	rows, err := c.r.QueryContext(ctx, `SELECT CAST(COALESCE(NULLIF(substr(taken_local, 1, 4), ''), '0') AS INTEGER) AS y,
		COUNT(*) FROM photos WHERE library = ? GROUP BY y ORDER BY y = 0, y DESC`, library)
	if err != nil {
		return nil, fmt.Errorf("catalog: years: %w", err)
	}
	defer rows.Close()
	var out []YearCount
	for rows.Next() {
		var y YearCount
		if err := rows.Scan(&y.Year, &y.Count); err != nil {
			return nil, fmt.Errorf("catalog: years: %w", err)
		}
		out = append(out, y)
	}
	return out, rows.Err()
}

// Membership says whether a photo is a favourite and which of the user's albums hold it.
func (c *Catalog) Membership(ctx context.Context, library, id string) (favourite bool, albums []string, err error) {
	var one int
	err = c.r.QueryRowContext(ctx, `SELECT 1 FROM favourites WHERE library = ? AND photo_id = ?`, library, id).Scan(&one)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return false, nil, fmt.Errorf("catalog: favourite of %s: %w", id, err)
	}
	favourite = err == nil
	rows, err := c.r.QueryContext(ctx, `SELECT album_id FROM album_photos WHERE library = ? AND photo_id = ? ORDER BY album_id`, library, id)
	if err != nil {
		return false, nil, fmt.Errorf("catalog: albums of %s: %w", id, err)
	}
	defer rows.Close()
	albums = []string{}
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			return false, nil, err
		}
		albums = append(albums, a)
	}
	return favourite, albums, rows.Err()
}

// Total returns how many photos all libraries hold together.
func (c *Catalog) Total(ctx context.Context) (int, error) {
	var n int
	if err := c.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM photos`).Scan(&n); err != nil {
		return 0, fmt.Errorf("catalog: total: %w", err)
	}
	return n, nil
}
