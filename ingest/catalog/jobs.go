package catalog

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Job states.
const (
	JobTodo   = "todo"
	JobDone   = "done"
	JobFailed = "failed"
)

// Job is one pipeline stage still to run for one photo.
type Job struct {
	Library  string
	PhotoID  string
	Stage    string
	Attempts int
}

func enqueue(ctx context.Context, tx *sql.Tx, library, id string, stages []string) error {
	now := time.Now().UTC().Format(time.RFC3339Nano)
	for _, s := range stages {
		_, err := tx.ExecContext(ctx, `INSERT INTO jobs (library, photo_id, stage, state, updated_at)
			VALUES (?, ?, ?, 'todo', ?)
			ON CONFLICT (library, photo_id, stage) DO UPDATE SET state = 'todo', error = '', updated_at = excluded.updated_at`,
			library, id, s, now)
		if err != nil {
			return fmt.Errorf("catalog: enqueue %s for %s: %w", s, id, err)
		}
	}
	return nil
}

// Enqueue marks stages to be (re)done for a photo.
func (c *Catalog) Enqueue(ctx context.Context, library, id string, stages ...string) error {
	return c.tx(ctx, func(tx *sql.Tx) error { return enqueue(ctx, tx, library, id, stages) })
}

// EnqueueAll marks a stage to be (re)done for every photo of every library, as `sajin reindex` does.
func (c *Catalog) EnqueueAll(ctx context.Context, stage string) (int64, error) {
	now := time.Now().UTC().Format(time.RFC3339Nano)
	res, err := c.w.ExecContext(ctx, `INSERT INTO jobs (library, photo_id, stage, state, updated_at)
		SELECT library, id, ?, 'todo', ? FROM photos WHERE true
		ON CONFLICT (library, photo_id, stage) DO UPDATE SET state = 'todo', attempts = 0, error = '',
			updated_at = excluded.updated_at`, stage, now)
	if err != nil {
		return 0, fmt.Errorf("catalog: enqueue %s for all: %w", stage, err)
	}
	return res.RowsAffected()
}

// Todo returns up to limit jobs of a stage that are still to do, oldest first.
func (c *Catalog) Todo(ctx context.Context, stage string, limit int) ([]Job, error) {
	// Among jobs queued together (a reindex queues every photo at once) the oldest photos go first: bleve
	// answers date-ordered queries several times faster from an index built in capture-time order.
	rows, err := c.r.QueryContext(ctx, `SELECT j.library, j.photo_id, j.stage, j.attempts FROM jobs j
		JOIN photos p ON p.library = j.library AND p.id = j.photo_id
		WHERE j.stage = ? AND j.state = 'todo' ORDER BY j.updated_at, p.taken_local, j.photo_id LIMIT ?`, stage, limit)
	if err != nil {
		return nil, fmt.Errorf("catalog: jobs to do: %w", err)
	}
	defer rows.Close()
	var out []Job
	for rows.Next() {
		var j Job
		if err := rows.Scan(&j.Library, &j.PhotoID, &j.Stage, &j.Attempts); err != nil {
			return nil, fmt.Errorf("catalog: read job: %w", err)
		}
		out = append(out, j)
	}
	return out, rows.Err()
}

// Finish records the outcome of jobs: done when errs[i] is nil, failed with the error's text otherwise, and, when
// next is not empty, enqueues that stage for each photo in the same transaction (also after a failure: a photo whose
// vision failed must still be indexed by date). A failed job is not retried automatically; a re-run of the stage
// (`sajin reindex`, `sajin relabel`) puts it back.
func (c *Catalog) Finish(ctx context.Context, jobs []Job, errs []error, next string) error {
	now := time.Now().UTC().Format(time.RFC3339Nano)
	return c.tx(ctx, func(tx *sql.Tx) error {
		for i, j := range jobs {
			state, msg := JobDone, ""
			if i < len(errs) && errs[i] != nil {
				state, msg = JobFailed, errs[i].Error()
			}
			_, err := tx.ExecContext(ctx, `UPDATE jobs SET state = ?, error = ?, attempts = attempts + 1, updated_at = ?
				WHERE library = ? AND photo_id = ? AND stage = ?`, state, msg, now, j.Library, j.PhotoID, j.Stage)
			if err != nil {
				return fmt.Errorf("catalog: finish %s of %s: %w", j.Stage, j.PhotoID, err)
			}
			if next != "" {
				if err := enqueue(ctx, tx, j.Library, j.PhotoID, []string{next}); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// StageState is the state of one stage of one photo.
type StageState struct {
	Stage, State, Error string
}

// Stages returns the pipeline state of a photo, stage by stage.
func (c *Catalog) Stages(ctx context.Context, library, id string) ([]StageState, error) {
	rows, err := c.r.QueryContext(ctx, `SELECT stage, state, error FROM jobs WHERE library = ? AND photo_id = ?
		ORDER BY stage`, library, id)
	if err != nil {
		return nil, fmt.Errorf("catalog: stages of %s: %w", id, err)
	}
	defer rows.Close()
	var out []StageState
	for rows.Next() {
		var s StageState
		if err := rows.Scan(&s.Stage, &s.State, &s.Error); err != nil {
			return nil, fmt.Errorf("catalog: read stage: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// Pending counts jobs still to do, over all stages.
func (c *Catalog) Pending(ctx context.Context) (int, error) {
	var n int
	if err := c.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM jobs WHERE state = 'todo'`).Scan(&n); err != nil {
		return 0, fmt.Errorf("catalog: pending jobs: %w", err)
	}
	return n, nil
}

// EnqueueMissing queues a stage for every photo that has never had it (photos imported while the stage did not
// exist or was off); the pipeline queues the stages after it as each finishes. It returns how many were queued.
func (c *Catalog) EnqueueMissing(ctx context.Context, stage string) (int64, error) {
	var n int64
	err := c.tx(ctx, func(tx *sql.Tx) error {
		now := time.Now().UTC().Format(time.RFC3339Nano)
		res, err := tx.ExecContext(ctx, `INSERT INTO jobs (library, photo_id, stage, state, updated_at)
			SELECT p.library, p.id, ?, 'todo', ? FROM photos p WHERE NOT EXISTS (
				SELECT 1 FROM jobs j WHERE j.library = p.library AND j.photo_id = p.id AND j.stage = ?)`, stage, now, stage)
		if err != nil {
			return fmt.Errorf("catalog: enqueue missing %s: %w", stage, err)
		}
		n, _ = res.RowsAffected()
		return nil
	})
	return n, err
}
