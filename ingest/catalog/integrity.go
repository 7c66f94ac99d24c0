package catalog

import (
	"context"
	"fmt"
)

// Integrity runs SQLite's integrity check over the catalog file (quick_check when quick: it skips comparing
// indexes with their tables) and returns what it found wrong; nil means the file is sound. At most 100 findings
// are returned.
func (c *Catalog) Integrity(ctx context.Context, quick bool) ([]string, error) {
	pragma := "integrity_check"
	if quick {
		pragma = "quick_check"
	}
	rows, err := c.r.QueryContext(ctx, `PRAGMA `+pragma+`(100)`)
	if err != nil {
		return nil, fmt.Errorf("catalog: %s: %w", pragma, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var msg string
		if err := rows.Scan(&msg); err != nil {
			return nil, fmt.Errorf("catalog: %s: %w", pragma, err)
		}
		if msg != "ok" {
			out = append(out, msg)
		}
	}
	if err := rows.Err(); err != nil {
		return out, fmt.Errorf("catalog: %s: %w", pragma, err)
	}
	return out, nil
}
