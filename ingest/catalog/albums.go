package catalog

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
)

// ErrAlbumNotFound is returned for an album id the library does not have.
var ErrAlbumNotFound = errors.New("catalog: album not found")

// Album is one of the user's own albums.
type Album struct {
	ID, Title string
	Created   time.Time
	Photos    []string // newest added first
}

// CreateAlbum makes an empty album with a random id.
func (c *Catalog) CreateAlbum(ctx context.Context, library, title string) (Album, error) {
	b := make([]byte, 8)
	rand.Read(b)
	a := Album{ID: "m" + hex.EncodeToString(b), Title: title, Created: time.Now().UTC()}
	_, err := c.w.ExecContext(ctx, `INSERT INTO albums (library, id, title, created_at) VALUES (?, ?, ?, ?)`,
		library, a.ID, title, a.Created.Format(time.RFC3339Nano))
	if err != nil {
		return Album{}, fmt.Errorf("catalog: create album: %w", err)
	}
	return a, nil
}

// DeleteAlbum removes an album (not its photos).
func (c *Catalog) DeleteAlbum(ctx context.Context, library, id string) error {
	res, err := c.w.ExecContext(ctx, `DELETE FROM albums WHERE library = ? AND id = ?`, library, id)
	if err != nil {
		return fmt.Errorf("catalog: delete album: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%w: %s", ErrAlbumNotFound, id)
	}
	return nil
}

// AddToAlbum puts photos in an album (already there: no change). Every photo must exist.
func (c *Catalog) AddToAlbum(ctx context.Context, library, album string, photos ...string) error {
	now := time.Now().UTC().Format(time.RFC3339Nano)
	return c.tx(ctx, func(tx *sql.Tx) error {
		var one int
		if err := tx.QueryRowContext(ctx, `SELECT 1 FROM albums WHERE library = ? AND id = ?`, library, album).Scan(&one); err != nil {
			return fmt.Errorf("%w: %s", ErrAlbumNotFound, album)
		}
		for _, p := range photos {
			if err := tx.QueryRowContext(ctx, `SELECT 1 FROM photos WHERE library = ? AND id = ?`, library, p).Scan(&one); err != nil {
				return fmt.Errorf("%w: %s", ErrNotFound, p)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO album_photos (library, album_id, photo_id, added_at)
				VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`, library, album, p, now); err != nil {
				return fmt.Errorf("catalog: add to album: %w", err)
			}
		}
		return nil
	})
}

// RemoveFromAlbum takes photos out of an album.
func (c *Catalog) RemoveFromAlbum(ctx context.Context, library, album string, photos ...string) error {
	return c.tx(ctx, func(tx *sql.Tx) error {
		for _, p := range photos {
			if _, err := tx.ExecContext(ctx, `DELETE FROM album_photos WHERE library = ? AND album_id = ? AND photo_id = ?`,
				library, album, p); err != nil {
				return fmt.Errorf("catalog: remove from album: %w", err)
			}
		}
		return nil
	})
}

// Albums returns a library's own albums with their photos.
func (c *Catalog) Albums(ctx context.Context, library string) ([]Album, error) {
	rows, err := c.r.QueryContext(ctx, `SELECT a.id, a.title, a.created_at, COALESCE(p.photo_id, '')
		FROM albums a LEFT JOIN album_photos p ON p.library = a.library AND p.album_id = a.id
		WHERE a.library = ? ORDER BY a.created_at DESC, a.id, p.added_at DESC, p.photo_id`, library)
	if err != nil {
		return nil, fmt.Errorf("catalog: albums: %w", err)
	}
	defer rows.Close()
	var out []Album
	for rows.Next() {
		var id, title, created, photo string
		if err := rows.Scan(&id, &title, &created, &photo); err != nil {
			return nil, fmt.Errorf("catalog: read album: %w", err)
		}
		if len(out) == 0 || out[len(out)-1].ID != id {
			t, _ := time.Parse(time.RFC3339Nano, created)
			out = append(out, Album{ID: id, Title: title, Created: t})
		}
		if photo != "" {
			out[len(out)-1].Photos = append(out[len(out)-1].Photos, photo)
		}
	}
	return out, rows.Err()
}

// SetFavourite marks or unmarks a photo as a favourite.
func (c *Catalog) SetFavourite(ctx context.Context, library, id string, on bool) error {
	if _, err := c.Get(ctx, library, id); err != nil {
		return err
	}
	q := `DELETE FROM favourites WHERE library = ? AND photo_id = ?`
	args := []any{library, id}
	if on {
		q = `INSERT INTO favourites (library, photo_id, added_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`
		args = append(args, time.Now().UTC().Format(time.RFC3339Nano))
	}
	if _, err := c.w.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("catalog: favourite: %w", err)
	}
	return nil
}

// Favourites returns a library's favourite photos, newest marked first.
func (c *Catalog) Favourites(ctx context.Context, library string) ([]string, error) {
	rows, err := c.r.QueryContext(ctx, `SELECT photo_id FROM favourites WHERE library = ? ORDER BY added_at DESC`, library)
	if err != nil {
		return nil, fmt.Errorf("catalog: favourites: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// AlbumPhoto is what album making needs of a photo: when, where, what (labels the user did not remove; the
// user's own at score 1) and who (face ids "photo/idx" with their person, if assigned).
type AlbumPhoto struct {
	ID          string
	TakenLocal  time.Time
	TakenOffset *int
	Lat, Lon    *float64
	Labels      map[string]float64
	Faces       []AlbumFace
}

// AlbumFace is one face of an AlbumPhoto.
type AlbumFace struct {
	ID, PersonID string
	Embedding    []float32
}

// AlbumPhotos returns every photo of a library with its labels and faces, in id order.
func (c *Catalog) AlbumPhotos(ctx context.Context, library string, withEmbeddings bool) ([]AlbumPhoto, error) {
	rows, err := c.r.QueryContext(ctx, `SELECT id, taken_local, taken_offset, lat, lon FROM photos WHERE library = ? ORDER BY id`, library)
	if err != nil {
		return nil, fmt.Errorf("catalog: album photos: %w", err)
	}
	var out []AlbumPhoto
	at := map[string]int{}
	for rows.Next() {
		var p AlbumPhoto
		var local string
		if err := rows.Scan(&p.ID, &local, &p.TakenOffset, &p.Lat, &p.Lon); err != nil {
			rows.Close()
			return nil, fmt.Errorf("catalog: album photos: %w", err)
		}
		if local != "" {
			p.TakenLocal, _ = time.Parse(localLayout, local)
		}
		p.Labels = map[string]float64{}
		at[p.ID] = len(out)
		out = append(out, p)
	}
	rows.Close()
	lrows, err := c.r.QueryContext(ctx, `SELECT photo_id, key, CASE state WHEN 'user' THEN 1 ELSE score END
		FROM labels WHERE library = ? AND state != 'removed'`, library)
	if err != nil {
		return nil, fmt.Errorf("catalog: album labels: %w", err)
	}
	for lrows.Next() {
		var id, key string
		var score float64
		if err := lrows.Scan(&id, &key, &score); err == nil {
			if i, ok := at[id]; ok {
				out[i].Labels[key] = score
			}
		}
	}
	lrows.Close()
	emb := "x''"
	if withEmbeddings {
		emb = "embedding"
	}
	frows, err := c.r.QueryContext(ctx, `SELECT photo_id, idx, COALESCE(person_id, ''), `+emb+` FROM faces WHERE library = ?`, library)
	if err != nil {
		return nil, fmt.Errorf("catalog: album faces: %w", err)
	}
	defer frows.Close()
	for frows.Next() {
		var id, person string
		var idx int
		var e []byte
		if err := frows.Scan(&id, &idx, &person, &e); err == nil {
			if i, ok := at[id]; ok {
				out[i].Faces = append(out[i].Faces, AlbumFace{ID: fmt.Sprintf("%s/%d", id, idx), PersonID: person, Embedding: decodeFloats(e)})
			}
		}
	}
	return out, frows.Err()
}

// PeopleState returns a library's stored face clustering (nil when there is none yet).
func (c *Catalog) PeopleState(ctx context.Context, library string) ([]byte, error) {
	var data []byte
	err := c.r.QueryRowContext(ctx, `SELECT data FROM people_state WHERE library = ?`, library).Scan(&data)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("catalog: people: %w", err)
	}
	return data, nil
}

// SavePeople stores a library's face clustering and the person of each face ("photo/idx" -> person id; "" for
// none), in one transaction.
func (c *Catalog) SavePeople(ctx context.Context, library string, state []byte, persons map[string]string) error {
	return c.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO people_state (library, data) VALUES (?, ?)
			ON CONFLICT (library) DO UPDATE SET data = excluded.data`, library, state); err != nil {
			return fmt.Errorf("catalog: save people: %w", err)
		}
		for face, person := range persons {
			i := strings.LastIndexByte(face, '/')
			if i < 0 {
				continue
			}
			_, err := tx.ExecContext(ctx, `UPDATE faces SET person_id = NULLIF(?, '') WHERE library = ? AND photo_id = ? AND idx = ?`,
				person, library, face[:i], face[i+1:])
			if err != nil {
				return fmt.Errorf("catalog: save person of %s: %w", face, err)
			}
		}
		return nil
	})
}

// PhotosOfPeople returns the photos that show any of the given people.
func (c *Catalog) PhotosOfPeople(ctx context.Context, library string, people ...string) ([]string, error) {
	var out []string
	for _, p := range people {
		rows, err := c.r.QueryContext(ctx, `SELECT DISTINCT photo_id FROM faces WHERE library = ? AND person_id = ?`, library, p)
		if err != nil {
			return nil, fmt.Errorf("catalog: photos of %s: %w", p, err)
		}
		for rows.Next() {
			var id string
			rows.Scan(&id)
			out = append(out, id)
		}
		rows.Close()
	}
	return out, nil
}

// AlbumTitles returns the titles of the given albums of a library (unknown ids are skipped).
func (c *Catalog) AlbumTitles(ctx context.Context, library string, ids ...string) ([]string, error) {
	var out []string
	for _, id := range ids {
		var title string
		err := c.r.QueryRowContext(ctx, `SELECT title FROM albums WHERE library = ? AND id = ?`, library, id).Scan(&title)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("catalog: album title: %w", err)
		}
		out = append(out, title)
	}
	return out, nil
}
