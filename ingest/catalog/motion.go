package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Kinds of Motion.
const (
	MotionLive     = "live"     // an Apple Live Photo: a video file with the same name beside the still
	MotionEmbedded = "embedded" // an Android motion photo: an MP4 appended to the still's own file
)

// Motion is the moving part of a photo: videos are not imported yet, but the pairing is kept so
// that a later version can import them without a new scan of the user's folders.
type Motion struct {
	Kind string
	// VideoPath is, for a Live Photo, the path the video had when the still was imported.
	VideoPath string
	// VideoBytes is, for a motion photo, the length of the video at the end of the original file.
	VideoBytes int64
}

// SetMotion records the moving part of photo id, replacing what was recorded.
func (c *Catalog) SetMotion(ctx context.Context, library, id string, m Motion) error {
	if m.Kind != MotionLive && m.Kind != MotionEmbedded {
		return fmt.Errorf("catalog: bad motion kind %q", m.Kind)
	}
	_, err := c.w.ExecContext(ctx, `INSERT INTO motion (library, photo_id, kind, video_path, video_bytes)
		VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (library, photo_id) DO UPDATE SET kind = excluded.kind, video_path = excluded.video_path,
			video_bytes = excluded.video_bytes`, library, id, m.Kind, m.VideoPath, m.VideoBytes)
	if err != nil {
		return fmt.Errorf("catalog: set motion of %s: %w", id, err)
	}
	return nil
}

// Motion returns the moving part of photo id; ok is false for a still photo.
func (c *Catalog) Motion(ctx context.Context, library, id string) (m Motion, ok bool, err error) {
	err = c.r.QueryRowContext(ctx, `SELECT kind, video_path, video_bytes FROM motion WHERE library = ? AND photo_id = ?`,
		library, id).Scan(&m.Kind, &m.VideoPath, &m.VideoBytes)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return Motion{}, false, nil
	case err != nil:
		return Motion{}, false, fmt.Errorf("catalog: motion of %s: %w", id, err)
	}
	return m, true, nil
}
