package catalog

import (
	"context"
	"database/sql"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
)

// Label states.
const (
	LabelAuto    = "auto"    // found by a model or a rule; replaced when vision runs again
	LabelUser    = "user"    // added by the user; kept across re-runs
	LabelRemoved = "removed" // removed by the user; kept so that a re-run does not bring it back
)

// Box is a rectangle in 0..1 of the displayed photo: x0, y0, x1, y1.
type Box [4]float64

// Label is one tag of a photo.
type Label struct {
	Key    string
	Score  float64
	Source string
	Boxes  []Box
	State  string
}

// Face is one face found in a photo.
type Face struct {
	Box       Box
	Score     float64
	Embedding []float32
	Source    string
	PersonID  string
}

// TextLine is one line of text read in a photo.
type TextLine struct {
	Text  string  `json:"text"`
	Score float64 `json:"score"`
	Box   Box     `json:"box"`
}

// Vision is everything the vision stage found in one photo.
type Vision struct {
	Labels     []Label
	Faces      []Face
	Text       []TextLine
	TextSource string
}

// SaveVision replaces what the vision stage found for a photo, in one transaction. The user's own labels and
// removals are kept: an automatic label the user removed stays removed.
func (c *Catalog) SaveVision(ctx context.Context, library, id string, v Vision) error {
	return c.tx(ctx, func(tx *sql.Tx) error {
		for _, q := range []string{
			`DELETE FROM labels WHERE library = ? AND photo_id = ? AND state = 'auto'`,
			`DELETE FROM faces WHERE library = ? AND photo_id = ?`,
			`DELETE FROM texts WHERE library = ? AND photo_id = ?`,
		} {
			if _, err := tx.ExecContext(ctx, q, library, id); err != nil {
				return fmt.Errorf("catalog: save vision of %s: %w", id, err)
			}
		}
		for _, l := range v.Labels {
			boxes, _ := json.Marshal(nonNil(l.Boxes))
			_, err := tx.ExecContext(ctx, `INSERT INTO labels (library, photo_id, key, score, source, boxes, state)
				VALUES (?, ?, ?, ?, ?, ?, 'auto') ON CONFLICT DO NOTHING`, library, id, l.Key, l.Score, l.Source, string(boxes))
			if err != nil {
				return fmt.Errorf("catalog: save label %s of %s: %w", l.Key, id, err)
			}
		}
		for i, f := range v.Faces {
			box, _ := json.Marshal(f.Box)
			_, err := tx.ExecContext(ctx, `INSERT INTO faces (library, photo_id, idx, box, score, embedding, source)
				VALUES (?, ?, ?, ?, ?, ?, ?)`, library, id, i, string(box), f.Score, encodeFloats(f.Embedding), f.Source)
			if err != nil {
				return fmt.Errorf("catalog: save face of %s: %w", id, err)
			}
		}
		if len(v.Text) > 0 {
			lines, _ := json.Marshal(v.Text)
			_, err := tx.ExecContext(ctx, `INSERT INTO texts (library, photo_id, lines, source) VALUES (?, ?, ?, ?)`,
				library, id, string(lines), v.TextSource)
			if err != nil {
				return fmt.Errorf("catalog: save text of %s: %w", id, err)
			}
		}
		return nil
	})
}

func nonNil(b []Box) []Box {
	if b == nil {
		return []Box{}
	}
	return b
}

// SetLabel records a user's correction: state LabelUser adds the label, LabelRemoved removes it (and keeps it
// removed when vision runs again).
func (c *Catalog) SetLabel(ctx context.Context, library, id, key, state string) error {
	if state != LabelUser && state != LabelRemoved {
		return fmt.Errorf("catalog: bad label state %q", state)
	}
	_, err := c.w.ExecContext(ctx, `INSERT INTO labels (library, photo_id, key, score, source, state)
		VALUES (?, ?, ?, 1, 'user', ?)
		ON CONFLICT (library, photo_id, key) DO UPDATE SET state = excluded.state,
			score = CASE WHEN excluded.state = 'user' THEN 1 ELSE score END,
			source = CASE WHEN excluded.state = 'user' THEN 'user' ELSE source END`, library, id, key, state)
	if err != nil {
		return fmt.Errorf("catalog: set label %s of %s: %w", key, id, err)
	}
	return nil
}

// Labels returns a photo's labels in every state, best score first.
func (c *Catalog) Labels(ctx context.Context, library, id string) ([]Label, error) {
	rows, err := c.r.QueryContext(ctx, `SELECT key, score, source, boxes, state FROM labels
		WHERE library = ? AND photo_id = ? ORDER BY score DESC, key`, library, id)
	if err != nil {
		return nil, fmt.Errorf("catalog: labels of %s: %w", id, err)
	}
	defer rows.Close()
	var out []Label
	for rows.Next() {
		var l Label
		var boxes string
		if err := rows.Scan(&l.Key, &l.Score, &l.Source, &boxes, &l.State); err != nil {
			return nil, fmt.Errorf("catalog: read label: %w", err)
		}
		if err := json.Unmarshal([]byte(boxes), &l.Boxes); err != nil {
			return nil, fmt.Errorf("catalog: label %s of %s: bad boxes: %w", l.Key, id, err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// Faces returns a photo's faces.
func (c *Catalog) Faces(ctx context.Context, library, id string) ([]Face, error) {
	rows, err := c.r.QueryContext(ctx, `SELECT box, score, embedding, source, COALESCE(person_id, '') FROM faces
		WHERE library = ? AND photo_id = ? ORDER BY idx`, library, id)
	if err != nil {
		return nil, fmt.Errorf("catalog: faces of %s: %w", id, err)
	}
	defer rows.Close()
	var out []Face
	for rows.Next() {
		var f Face
		var box string
		var emb []byte
		if err := rows.Scan(&box, &f.Score, &emb, &f.Source, &f.PersonID); err != nil {
			return nil, fmt.Errorf("catalog: read face: %w", err)
		}
		if err := json.Unmarshal([]byte(box), &f.Box); err != nil {
			return nil, fmt.Errorf("catalog: face of %s: bad box: %w", id, err)
		}
		f.Embedding = decodeFloats(emb)
		out = append(out, f)
	}
	return out, rows.Err()
}

// Text returns the lines of text read in a photo.
func (c *Catalog) Text(ctx context.Context, library, id string) ([]TextLine, error) {
	var lines string
	err := c.r.QueryRowContext(ctx, `SELECT lines FROM texts WHERE library = ? AND photo_id = ?`, library, id).Scan(&lines)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("catalog: text of %s: %w", id, err)
	}
	var out []TextLine
	if err := json.Unmarshal([]byte(lines), &out); err != nil {
		return nil, fmt.Errorf("catalog: text of %s: %w", id, err)
	}
	return out, nil
}

func encodeFloats(v []float32) []byte {
	b := make([]byte, 4*len(v))
	for i, f := range v {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(f))
	}
	return b
}

func decodeFloats(b []byte) []float32 {
	v := make([]float32, len(b)/4)
	for i := range v {
		v[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return v
}
