package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// ErrShareNotFound is a share link that does not exist in that library (or at all).
var ErrShareNotFound = errors.New("catalog: no such share link")

// Share kinds: what a link shows.
const (
	ShareKindPhoto  = "photo"  // one photo
	ShareKindPhotos = "photos" // a set of photos chosen by the owner
	ShareKindAlbum  = "album"  // an album, as it is when the link is opened
	ShareKindSearch = "search" // a saved search, answered again when the link is opened
)

// Share is a link that shows some of a library's photos to anyone who has it.
type Share struct {
	Library   string
	ID        string // names the link to its owner (list, revoke)
	Token     string // the secret in the link's address
	Kind      string
	Photos    []string // photo and photos
	Target    string   // album: the album id; search: the query
	Title     string
	Password  string // argon2id hash; "" = no password
	Originals bool   // visitors may download the originals (without GPS unless Location)
	Location  bool   // visitors see the places and GPS positions
	Created   time.Time
	Expires   time.Time // zero: never
	Revoked   time.Time // zero: not revoked
	Views     int
}

// Active says whether the link still opens at now.
func (s Share) Active(now time.Time) bool {
	return s.Revoked.IsZero() && (s.Expires.IsZero() || now.Before(s.Expires))
}

const shareColumns = `library, id, token, kind, target, title, password, originals, location, created_at, expires_at,
	revoked_at, views`

// CreateShare records a share link.
func (c *Catalog) CreateShare(ctx context.Context, s Share) error {
	target := s.Target
	if s.Kind == ShareKindPhoto || s.Kind == ShareKindPhotos {
		target = strings.Join(s.Photos, ",")
	}
	_, err := c.w.ExecContext(ctx, `INSERT INTO shares (`+shareColumns+`) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,0)`,
		s.Library, s.ID, s.Token, s.Kind, target, s.Title, s.Password, s.Originals, s.Location,
		s.Created.UTC().Format(time.RFC3339Nano), formatTime(s.Expires), formatTime(s.Revoked))
	if err != nil {
		return fmt.Errorf("catalog: create share: %w", err)
	}
	return nil
}

// Shares returns a library's share links, newest first, revoked ones included.
func (c *Catalog) Shares(ctx context.Context, library string) ([]Share, error) {
	rows, err := c.r.QueryContext(ctx, `SELECT `+shareColumns+` FROM shares WHERE library = ? ORDER BY created_at DESC, id`, library)
	if err != nil {
		return nil, fmt.Errorf("catalog: shares: %w", err)
	}
	defer rows.Close()
	var out []Share
	for rows.Next() {
		s, err := scanShare(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// ShareByToken returns the link with that token, active or not. The links of a disabled account are not found:
// disabling someone stops what they shared as well as their logins.
func (c *Catalog) ShareByToken(ctx context.Context, token string) (Share, error) {
	s, err := scanShare(c.r.QueryRowContext(ctx, `SELECT `+shareColumns+` FROM shares WHERE token = ?
		AND NOT EXISTS (SELECT 1 FROM users WHERE users.library = shares.library AND users.disabled = 1)`, token))
	if errors.Is(err, sql.ErrNoRows) {
		return Share{}, ErrShareNotFound
	}
	return s, err
}

// RevokeShare ends a link of a library; it stays in the list, marked revoked.
func (c *Catalog) RevokeShare(ctx context.Context, library, id string) error {
	res, err := c.w.ExecContext(ctx, `UPDATE shares SET revoked_at = ? WHERE library = ? AND id = ? AND revoked_at = ''`,
		time.Now().UTC().Format(time.RFC3339Nano), library, id)
	if err != nil {
		return fmt.Errorf("catalog: revoke share: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		var one int
		if c.r.QueryRowContext(ctx, `SELECT 1 FROM shares WHERE library = ? AND id = ?`, library, id).Scan(&one) != nil {
			return fmt.Errorf("%w: %s", ErrShareNotFound, id)
		}
	}
	return nil
}

// CountShareView adds one to a link's view count.
func (c *Catalog) CountShareView(ctx context.Context, token string) error {
	if _, err := c.w.ExecContext(ctx, `UPDATE shares SET views = views + 1 WHERE token = ?`, token); err != nil {
		return fmt.Errorf("catalog: count share view: %w", err)
	}
	return nil
}

func scanShare(row scanner) (Share, error) {
	var s Share
	var target, created, expires, revoked string
	err := row.Scan(&s.Library, &s.ID, &s.Token, &s.Kind, &target, &s.Title, &s.Password, &s.Originals, &s.Location,
		&created, &expires, &revoked, &s.Views)
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return Share{}, err
		}
		return Share{}, fmt.Errorf("catalog: read share: %w", err)
	}
	if s.Kind == ShareKindPhoto || s.Kind == ShareKindPhotos {
		if target != "" {
			s.Photos = strings.Split(target, ",")
		}
	} else {
		s.Target = target
	}
	s.Created, _ = time.Parse(time.RFC3339Nano, created)
	s.Expires, _ = time.Parse(time.RFC3339Nano, expires)
	s.Revoked, _ = time.Parse(time.RFC3339Nano, revoked)
	return s, nil
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}
