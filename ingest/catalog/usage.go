package catalog

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"
)

// Event kinds: what a user did that says what they care about.
const (
	EventOpen      = "open"      // opened a photo in the viewer
	EventSearch    = "search"    // submitted a search
	EventClick     = "click"     // opened a photo from search results (Query and Rank say which)
	EventShare     = "share"     // shared a photo
	EventFavourite = "favourite" // marked a photo favourite
	EventAlbumAdd  = "album_add" // added a photo to an album
	EventLabel     = "label"     // corrected a label (Key)
	EventPerson    = "person"    // named a person (Key)
)

// eventWeight says how much an event of a kind counts (false for an unknown kind); sharing or keeping a photo
// says more than looking at it.
func eventWeight(kind string) (float64, bool) {
	w, ok := map[string]float64{
		EventOpen: 1, EventSearch: 1, EventClick: 1.5, EventShare: 3, EventFavourite: 3, EventAlbumAdd: 2,
		EventLabel: 1, EventPerson: 2,
	}[kind]
	return w, ok
}

// UsageHalfLife is how fast interest fades: an event counts half as much after this long.
const UsageHalfLife = 30 * 24 * time.Hour

// maxEvents bounds the event log per library; the decayed sums in usage keep what older events said.
const maxEvents = 100_000

// Event is one thing a user did.
type Event struct {
	Kind    string
	PhotoID string
	Query   string
	Rank    int
	Key     string // a label key or person id
	At      time.Time
}

// ValidEvent reports whether kind is a known event kind.
func ValidEvent(kind string) bool { _, ok := eventWeight(kind); return ok }

// RecordEvent logs an event and adds it to the decayed usage sums of its photo, its query and its label.
func (c *Catalog) RecordEvent(ctx context.Context, library string, e Event) error {
	w, ok := eventWeight(e.Kind)
	if !ok {
		return fmt.Errorf("catalog: unknown event kind %q", e.Kind)
	}
	if e.At.IsZero() {
		e.At = time.Now()
	}
	at := e.At.UTC().Format(time.RFC3339Nano)
	e.Query = strings.TrimSpace(e.Query)
	return c.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO events (library, at, kind, photo_id, query, rank, key)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, library, at, e.Kind, e.PhotoID, e.Query, e.Rank, e.Key)
		if err != nil {
			return fmt.Errorf("catalog: record event: %w", err)
		}
		for subject, weight := range subjects(e, w) {
			if err := bump(ctx, tx, library, subject, weight, e.At); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM events WHERE library = ? AND rowid IN (
			SELECT rowid FROM events WHERE library = ? ORDER BY at DESC LIMIT -1 OFFSET ?)`, library, library, maxEvents)
		return err
	})
}

// subjects lists what an event is about, with its weight for each.
func subjects(e Event, w float64) map[string]float64 {
	out := map[string]float64{}
	if e.PhotoID != "" {
		out["photo:"+e.PhotoID] = w
	}
	if e.Query != "" && (e.Kind == EventSearch || e.Kind == EventClick) {
		out["query:"+strings.ToLower(e.Query)] = 1
	}
	if e.Key != "" {
		out["label:"+e.Key] = w
	}
	return out
}

func bump(ctx context.Context, tx *sql.Tx, library, subject string, w float64, at time.Time) error {
	var score float64
	var count int
	var last string
	err := tx.QueryRowContext(ctx, `SELECT score, count, last_at FROM usage WHERE library = ? AND subject = ?`,
		library, subject).Scan(&score, &count, &last)
	if err != nil && err != sql.ErrNoRows {
		return fmt.Errorf("catalog: usage: %w", err)
	}
	if t, perr := time.Parse(time.RFC3339Nano, last); err == nil && perr == nil && at.After(t) {
		score = Decay(score, at.Sub(t))
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO usage (library, subject, score, count, last_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (library, subject) DO UPDATE SET score = excluded.score, count = excluded.count,
			last_at = excluded.last_at`, library, subject, score+w, count+1, at.UTC().Format(time.RFC3339Nano))
	if err != nil {
		return fmt.Errorf("catalog: usage: %w", err)
	}
	return nil
}

// Decay returns what a score is worth after d has passed.
func Decay(score float64, d time.Duration) float64 {
	return score * math.Exp2(-float64(d)/float64(UsageHalfLife))
}

// Usage is one subject's decayed score.
type Usage struct {
	Subject string // without its kind prefix
	Score   float64
	Count   int
	Last    time.Time
}

// UsageOf returns the decayed scores, as of now, of every subject of a kind ("photo", "label", "query") in a
// library, best first, at most limit (0 = all).
func (c *Catalog) UsageOf(ctx context.Context, library, kind string, now time.Time, limit int) ([]Usage, error) {
	q := `SELECT subject, score, count, last_at FROM usage WHERE library = ? AND subject >= ? AND subject < ?
		ORDER BY score DESC`
	args := []any{library, kind + ":", kind + ";"}
	if limit > 0 {
		q += ` LIMIT ?`
		args = append(args, limit*2) // decay can reorder; over-fetch, then sort
	}
	rows, err := c.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("catalog: usage of %s: %w", kind, err)
	}
	defer rows.Close()
	var out []Usage
	for rows.Next() {
		var u Usage
		var last string
		if err := rows.Scan(&u.Subject, &u.Score, &u.Count, &last); err != nil {
			return nil, fmt.Errorf("catalog: read usage: %w", err)
		}
		u.Subject = strings.TrimPrefix(u.Subject, kind+":")
		if u.Last, err = time.Parse(time.RFC3339Nano, last); err == nil && now.After(u.Last) {
			u.Score = Decay(u.Score, now.Sub(u.Last))
		}
		out = append(out, u)
	}
	sortUsage(out)
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, rows.Err()
}

func sortUsage(u []Usage) {
	sort.SliceStable(u, func(i, j int) bool { return u[i].Score > u[j].Score })
}
