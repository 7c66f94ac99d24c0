package catalog

import (
	"context"
	"database/sql"
	"fmt"
)

// migrations are applied in order, each once, each in its own transaction. Never edit a released migration:
// add a new one. The index of a migration in this list plus one is its version.
var migrations = []string{
	// 1: photos and the ingest job table.
	`CREATE TABLE photos (
		library      TEXT NOT NULL,
		id           TEXT NOT NULL,
		sha256       TEXT NOT NULL,
		bytes        INTEGER NOT NULL,
		mime         TEXT NOT NULL,
		ext          TEXT NOT NULL,
		width        INTEGER NOT NULL,
		height       INTEGER NOT NULL,
		orientation  INTEGER NOT NULL DEFAULT 1,
		taken_local  TEXT NOT NULL DEFAULT '',   -- wall clock where taken, 2006-01-02T15:04:05, '' = unknown
		taken_offset INTEGER,                    -- seconds east of UTC, NULL = unknown
		taken_source TEXT NOT NULL DEFAULT '',
		lat          REAL,
		lon          REAL,
		make         TEXT NOT NULL DEFAULT '',
		model        TEXT NOT NULL DEFAULT '',
		lens         TEXT NOT NULL DEFAULT '',
		exposure     TEXT NOT NULL DEFAULT '{}', -- JSON: f-number, exposure time, ISO, focal length
		file_name    TEXT NOT NULL DEFAULT '',
		source_path  TEXT NOT NULL DEFAULT '',
		imported_at  TEXT NOT NULL,
		PRIMARY KEY (library, id),
		UNIQUE (library, sha256)
	) STRICT;
	CREATE INDEX photos_taken ON photos (library, taken_local DESC, id);
	CREATE TABLE jobs (
		library    TEXT NOT NULL,
		photo_id   TEXT NOT NULL,
		stage      TEXT NOT NULL,
		state      TEXT NOT NULL DEFAULT 'todo', -- todo | done | failed
		attempts   INTEGER NOT NULL DEFAULT 0,
		error      TEXT NOT NULL DEFAULT '',
		updated_at TEXT NOT NULL,
		PRIMARY KEY (library, photo_id, stage),
		FOREIGN KEY (library, photo_id) REFERENCES photos (library, id) ON DELETE CASCADE
	) STRICT;
	CREATE INDEX jobs_todo ON jobs (stage, state);`,
	// 2: what the vision stage found, and the user's corrections of it.
	`CREATE TABLE labels (
		library  TEXT NOT NULL,
		photo_id TEXT NOT NULL,
		key      TEXT NOT NULL,              -- a key of vision/labels' vocabulary, or a user's own word
		score    REAL NOT NULL,
		source   TEXT NOT NULL,              -- model@version, "rule", or "user"
		boxes    TEXT NOT NULL DEFAULT '[]', -- JSON [[x0,y0,x1,y1],...] in 0..1 of the displayed photo
		state    TEXT NOT NULL DEFAULT 'auto', -- auto | user (added by the user) | removed (by the user)
		PRIMARY KEY (library, photo_id, key),
		FOREIGN KEY (library, photo_id) REFERENCES photos (library, id) ON DELETE CASCADE
	) STRICT;
	CREATE INDEX labels_key ON labels (library, key, state);
	CREATE TABLE faces (
		library   TEXT NOT NULL,
		photo_id  TEXT NOT NULL,
		idx       INTEGER NOT NULL,
		box       TEXT NOT NULL,  -- JSON [x0,y0,x1,y1] in 0..1 of the displayed photo
		score     REAL NOT NULL,
		embedding BLOB NOT NULL,  -- float32 little-endian, L2-normalised
		source    TEXT NOT NULL,
		person_id TEXT,           -- set by people clustering (albums issue)
		PRIMARY KEY (library, photo_id, idx),
		FOREIGN KEY (library, photo_id) REFERENCES photos (library, id) ON DELETE CASCADE
	) STRICT;
	CREATE TABLE texts (
		library  TEXT NOT NULL,
		photo_id TEXT NOT NULL,
		lines    TEXT NOT NULL,   -- JSON [{"text","score","box"}] as read by OCR
		source   TEXT NOT NULL,
		PRIMARY KEY (library, photo_id),
		FOREIGN KEY (library, photo_id) REFERENCES photos (library, id) ON DELETE CASCADE
	) STRICT;`,
	// 3: what the user does (bounded log) and its recency-decayed sums, for ranking and suggestions.
	`CREATE TABLE events (
		library  TEXT NOT NULL,
		at       TEXT NOT NULL,
		kind     TEXT NOT NULL,
		photo_id TEXT NOT NULL DEFAULT '',
		query    TEXT NOT NULL DEFAULT '',
		rank     INTEGER NOT NULL DEFAULT 0,
		key      TEXT NOT NULL DEFAULT ''
	) STRICT;
	CREATE INDEX events_at ON events (library, at);
	CREATE TABLE usage (
		library TEXT NOT NULL,
		subject TEXT NOT NULL, -- photo:<id> | label:<key> | query:<text>
		score   REAL NOT NULL, -- decayed to last_at
		count   INTEGER NOT NULL,
		last_at TEXT NOT NULL,
		PRIMARY KEY (library, subject)
	) STRICT;`,
	// 4: the user's own albums, favourites and named people.
	`CREATE TABLE albums (
		library    TEXT NOT NULL,
		id         TEXT NOT NULL,
		title      TEXT NOT NULL,
		created_at TEXT NOT NULL,
		PRIMARY KEY (library, id)
	) STRICT;
	CREATE TABLE album_photos (
		library  TEXT NOT NULL,
		album_id TEXT NOT NULL,
		photo_id TEXT NOT NULL,
		added_at TEXT NOT NULL,
		PRIMARY KEY (library, album_id, photo_id),
		FOREIGN KEY (library, album_id) REFERENCES albums (library, id) ON DELETE CASCADE,
		FOREIGN KEY (library, photo_id) REFERENCES photos (library, id) ON DELETE CASCADE
	) STRICT;
	CREATE TABLE favourites (
		library  TEXT NOT NULL,
		photo_id TEXT NOT NULL,
		added_at TEXT NOT NULL,
		PRIMARY KEY (library, photo_id),
		FOREIGN KEY (library, photo_id) REFERENCES photos (library, id) ON DELETE CASCADE
	) STRICT;
	CREATE TABLE people (
		library TEXT NOT NULL,
		id      TEXT NOT NULL,
		name    TEXT NOT NULL DEFAULT '',
		PRIMARY KEY (library, id)
	) STRICT;`,
	// 5: the clustering of faces into people, as one document per library (albums.People as JSON).
	`CREATE TABLE people_state (
		library TEXT PRIMARY KEY,
		data    BLOB NOT NULL
	) STRICT;`,
	// 6: a counter that every change to what albums are made of bumps, so derived views (albums) can be cached
	// and rebuilt only when something changed.
	`CREATE TABLE library_version (version INTEGER NOT NULL) STRICT;
	INSERT INTO library_version (version) VALUES (0);
	CREATE TRIGGER photos_insert_version AFTER INSERT ON photos BEGIN UPDATE library_version SET version = version + 1; END;
	CREATE TRIGGER photos_update_version AFTER UPDATE ON photos BEGIN UPDATE library_version SET version = version + 1; END;
	CREATE TRIGGER photos_delete_version AFTER DELETE ON photos BEGIN UPDATE library_version SET version = version + 1; END;
	CREATE TRIGGER labels_insert_version AFTER INSERT ON labels BEGIN UPDATE library_version SET version = version + 1; END;
	CREATE TRIGGER labels_update_version AFTER UPDATE ON labels BEGIN UPDATE library_version SET version = version + 1; END;
	CREATE TRIGGER labels_delete_version AFTER DELETE ON labels BEGIN UPDATE library_version SET version = version + 1; END;
	CREATE TRIGGER faces_insert_version AFTER INSERT ON faces BEGIN UPDATE library_version SET version = version + 1; END;
	CREATE TRIGGER faces_update_version AFTER UPDATE ON faces BEGIN UPDATE library_version SET version = version + 1; END;
	CREATE TRIGGER faces_delete_version AFTER DELETE ON faces BEGIN UPDATE library_version SET version = version + 1; END;
	CREATE TRIGGER people_state_insert_version AFTER INSERT ON people_state BEGIN UPDATE library_version SET version = version + 1; END;
	CREATE TRIGGER people_state_update_version AFTER UPDATE ON people_state BEGIN UPDATE library_version SET version = version + 1; END;
	CREATE TRIGGER people_state_delete_version AFTER DELETE ON people_state BEGIN UPDATE library_version SET version = version + 1; END;
	CREATE TRIGGER albums_insert_version AFTER INSERT ON albums BEGIN UPDATE library_version SET version = version + 1; END;
	CREATE TRIGGER albums_update_version AFTER UPDATE ON albums BEGIN UPDATE library_version SET version = version + 1; END;
	CREATE TRIGGER albums_delete_version AFTER DELETE ON albums BEGIN UPDATE library_version SET version = version + 1; END;
	CREATE TRIGGER album_photos_insert_version AFTER INSERT ON album_photos BEGIN UPDATE library_version SET version = version + 1; END;
	CREATE TRIGGER album_photos_update_version AFTER UPDATE ON album_photos BEGIN UPDATE library_version SET version = version + 1; END;
	CREATE TRIGGER album_photos_delete_version AFTER DELETE ON album_photos BEGIN UPDATE library_version SET version = version + 1; END;
	CREATE TRIGGER favourites_insert_version AFTER INSERT ON favourites BEGIN UPDATE library_version SET version = version + 1; END;
	CREATE TRIGGER favourites_update_version AFTER UPDATE ON favourites BEGIN UPDATE library_version SET version = version + 1; END;
	CREATE TRIGGER favourites_delete_version AFTER DELETE ON favourites BEGIN UPDATE library_version SET version = version + 1; END;`,
	// 7: accounts (each user owns one library), their login sessions and API tokens, and share links.
	`CREATE TABLE users (
		id          INTEGER PRIMARY KEY,
		name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
		library     TEXT NOT NULL UNIQUE,
		password    TEXT NOT NULL,             -- argon2id in PHC form ($argon2id$v=19$m=...,t=...,p=...$salt$hash)
		admin       INTEGER NOT NULL DEFAULT 0,
		disabled    INTEGER NOT NULL DEFAULT 0,
		quota_bytes INTEGER NOT NULL DEFAULT 0, -- 0: no quota
		created_at  TEXT NOT NULL
	) STRICT;
	CREATE TABLE sessions (
		hash       TEXT PRIMARY KEY,           -- SHA-256 of the cookie value; the value itself is never stored
		user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
		csrf       TEXT NOT NULL,
		created_at TEXT NOT NULL,
		expires_at TEXT NOT NULL
	) STRICT;
	CREATE INDEX sessions_user ON sessions (user_id);
	CREATE TABLE api_tokens (
		id         TEXT PRIMARY KEY,
		hash       TEXT NOT NULL UNIQUE,       -- SHA-256 of the token; the token is shown once
		user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
		name       TEXT NOT NULL,
		created_at TEXT NOT NULL,
		last_used  TEXT NOT NULL DEFAULT ''
	) STRICT;
	CREATE TABLE shares (
		library    TEXT NOT NULL,
		id         TEXT NOT NULL,
		token      TEXT NOT NULL UNIQUE,       -- the secret part of the link (256 bits)
		kind       TEXT NOT NULL,              -- photo | photos | album | search
		target     TEXT NOT NULL,              -- photo ids (comma-separated), an album id, or a query
		title      TEXT NOT NULL DEFAULT '',
		password   TEXT NOT NULL DEFAULT '',   -- argon2id, '' = none
		originals  INTEGER NOT NULL DEFAULT 0, -- visitors may download the originals
		location   INTEGER NOT NULL DEFAULT 0, -- visitors see places and GPS
		created_at TEXT NOT NULL,
		expires_at TEXT NOT NULL DEFAULT '',
		revoked_at TEXT NOT NULL DEFAULT '',
		views      INTEGER NOT NULL DEFAULT 0,
		PRIMARY KEY (library, id)
	) STRICT;`,
	// 8: the moving part of a Live Photo (a video beside the still) or a motion photo (a video inside it).
	`CREATE TABLE motion (
		library     TEXT NOT NULL,
		photo_id    TEXT NOT NULL,
		kind        TEXT NOT NULL,              -- live (Apple: a video file beside the still) | embedded (Android)
		video_path  TEXT NOT NULL DEFAULT '',   -- live: where the video was when the still was imported
		video_bytes INTEGER NOT NULL DEFAULT 0, -- embedded: the video's length at the end of the original
		PRIMARY KEY (library, photo_id)
	) STRICT;`,
}

func (c *Catalog) migrate(ctx context.Context) error {
	if _, err := c.w.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("catalog: migrate: %w", err)
	}
	var v int
	err := c.w.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_version`).Scan(&v)
	if err != nil {
		return fmt.Errorf("catalog: read schema version: %w", err)
	}
	if v > len(migrations) {
		return fmt.Errorf("catalog: database schema version %d is newer than this sajin (%d): upgrade sajin", v, len(migrations))
	}
	for i := v; i < len(migrations); i++ {
		err := c.tx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, migrations[i]); err != nil {
				return fmt.Errorf("catalog: migration %d: %w", i+1, err)
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_version (version) VALUES (?)`, i+1)
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}
