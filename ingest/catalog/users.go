package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Sentinel errors of accounts.
var (
	ErrUserNotFound  = errors.New("catalog: no such user")
	ErrUserExists    = errors.New("catalog: a user of that name exists")
	ErrNoSession     = errors.New("catalog: no such session")
	ErrTokenNotFound = errors.New("catalog: no such API token")
)

// User is an account. Each user owns exactly one library; every catalog row of that library is theirs.
type User struct {
	ID         int64
	Name       string
	Library    string
	Password   string // the password's argon2id hash, never the password
	Admin      bool
	Disabled   bool
	QuotaBytes int64 // 0: no quota
	Created    time.Time
}

// Session is a login session. Hash is the SHA-256 of the cookie value, so a leaked catalog holds no usable cookie.
type Session struct {
	Hash    string
	UserID  int64
	CSRF    string // the token state-changing requests of this session must carry
	Created time.Time
	Expires time.Time
}

// Token is an API token for scripts. Hash is the SHA-256 of the token, which is shown once when it is made.
type Token struct {
	ID       string
	Hash     string
	UserID   int64
	Name     string
	Created  time.Time
	LastUsed time.Time // zero: never
}

const userColumns = `id, name, library, password, admin, disabled, quota_bytes, created_at`

func scanUser(row scanner, key string) (User, error) {
	var u User
	var created string
	err := row.Scan(&u.ID, &u.Name, &u.Library, &u.Password, &u.Admin, &u.Disabled, &u.QuotaBytes, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, fmt.Errorf("%w: %s", ErrUserNotFound, key)
	}
	if err != nil {
		return User{}, fmt.Errorf("catalog: read user %s: %w", key, err)
	}
	u.Created, _ = time.Parse(time.RFC3339Nano, created)
	return u, nil
}

// CreateUser adds an account; u.ID is set. A name already taken (in any letter case) gives ErrUserExists.
func (c *Catalog) CreateUser(ctx context.Context, u *User) error {
	if u.Created.IsZero() {
		u.Created = time.Now().UTC()
	}
	res, err := c.w.ExecContext(ctx, `INSERT INTO users (name, library, password, admin, disabled, quota_bytes, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, u.Name, u.Library, u.Password, u.Admin, u.Disabled, u.QuotaBytes,
		u.Created.UTC().Format(time.RFC3339Nano))
	if err != nil {
		if strings.Contains(err.Error(), "UNIQUE constraint failed") {
			return fmt.Errorf("%w: %s", ErrUserExists, u.Name)
		}
		return fmt.Errorf("catalog: create user %s: %w", u.Name, err)
	}
	u.ID, err = res.LastInsertId()
	return err
}

// UserByName returns the account of that name (letter case ignored).
func (c *Catalog) UserByName(ctx context.Context, name string) (User, error) {
	return scanUser(c.r.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE name = ?`, name), name)
}

// Users returns every account, oldest first.
func (c *Catalog) Users(ctx context.Context) ([]User, error) {
	rows, err := c.r.QueryContext(ctx, `SELECT `+userColumns+` FROM users ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("catalog: users: %w", err)
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		u, err := scanUser(rows, "")
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// UpdateUser writes an account's password hash, admin and disabled flags and quota (its name and library never
// change). Disabling a user ends their sessions.
func (c *Catalog) UpdateUser(ctx context.Context, u User) error {
	return c.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET password = ?, admin = ?, disabled = ?, quota_bytes = ? WHERE id = ?`,
			u.Password, u.Admin, u.Disabled, u.QuotaBytes, u.ID)
		if err != nil {
			return fmt.Errorf("catalog: update user %s: %w", u.Name, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("%w: %s", ErrUserNotFound, u.Name)
		}
		if u.Disabled {
			if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, u.ID); err != nil {
				return fmt.Errorf("catalog: end sessions of %s: %w", u.Name, err)
			}
		}
		return nil
	})
}

// DeleteUser removes an account with its sessions, tokens, share links and everything its library holds in the
// catalog. Originals and thumbnails stay on disk: they are stored by content and may be another library's too.
func (c *Catalog) DeleteUser(ctx context.Context, id int64) error {
	return c.tx(ctx, func(tx *sql.Tx) error {
		var library string
		if err := tx.QueryRowContext(ctx, `SELECT library FROM users WHERE id = ?`, id).Scan(&library); err != nil {
			return fmt.Errorf("%w: %d", ErrUserNotFound, id)
		}
		for _, table := range []string{"shares", "album_photos", "favourites", "albums", "people", "people_state",
			"events", "usage", "photos"} { // photos last: jobs, labels, faces and texts go with them
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE library = ?`, library); err != nil {
				return fmt.Errorf("catalog: delete library %s (%s): %w", library, table, err)
			}
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM users WHERE id = ?`, id)
		return err
	})
}

// LibraryBytes is the size of the originals a library holds, for its quota.
func (c *Catalog) LibraryBytes(ctx context.Context, library string) (int64, error) {
	var n int64
	err := c.r.QueryRowContext(ctx, `SELECT COALESCE(SUM(bytes), 0) FROM photos WHERE library = ?`, library).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("catalog: library size: %w", err)
	}
	return n, nil
}

// CreateSession records a login session, and forgets the user's sessions that have expired.
func (c *Catalog) CreateSession(ctx context.Context, s Session) error {
	return c.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ? AND expires_at < ?`,
			s.UserID, time.Now().UTC().Format(time.RFC3339Nano)); err != nil {
			return fmt.Errorf("catalog: forget expired sessions: %w", err)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions (hash, user_id, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
			s.Hash, s.UserID, s.CSRF, s.Created.UTC().Format(time.RFC3339Nano), s.Expires.UTC().Format(time.RFC3339Nano))
		if err != nil {
			return fmt.Errorf("catalog: create session: %w", err)
		}
		return nil
	})
}

// SessionUser returns a session that has not expired at now, with its user.
func (c *Catalog) SessionUser(ctx context.Context, hash string, now time.Time) (Session, User, error) {
	var s Session
	var created, expires string
	row := c.r.QueryRowContext(ctx, `SELECT s.hash, s.user_id, s.csrf, s.created_at, s.expires_at, `+prefixed("u.", userColumns)+`
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.hash = ? AND s.expires_at > ?`,
		hash, now.UTC().Format(time.RFC3339Nano))
	var u User
	var uCreated string
	err := row.Scan(&s.Hash, &s.UserID, &s.CSRF, &created, &expires,
		&u.ID, &u.Name, &u.Library, &u.Password, &u.Admin, &u.Disabled, &u.QuotaBytes, &uCreated)
	if errors.Is(err, sql.ErrNoRows) {
		return Session{}, User{}, ErrNoSession
	}
	if err != nil {
		return Session{}, User{}, fmt.Errorf("catalog: read session: %w", err)
	}
	s.Created, _ = time.Parse(time.RFC3339Nano, created)
	s.Expires, _ = time.Parse(time.RFC3339Nano, expires)
	u.Created, _ = time.Parse(time.RFC3339Nano, uCreated)
	return s, u, nil
}

// DeleteSession ends a session.
func (c *Catalog) DeleteSession(ctx context.Context, hash string) error {
	if _, err := c.w.ExecContext(ctx, `DELETE FROM sessions WHERE hash = ?`, hash); err != nil {
		return fmt.Errorf("catalog: delete session: %w", err)
	}
	return nil
}

// DeleteSessions ends every session of a user but the one whose hash is kept ("" ends them all), and every
// session that has expired.
func (c *Catalog) DeleteSessions(ctx context.Context, userID int64, keep string) error {
	_, err := c.w.ExecContext(ctx, `DELETE FROM sessions WHERE (user_id = ? AND hash != ?) OR expires_at < ?`,
		userID, keep, time.Now().UTC().Format(time.RFC3339Nano))
	if err != nil {
		return fmt.Errorf("catalog: delete sessions: %w", err)
	}
	return nil
}

// CreateToken records an API token.
func (c *Catalog) CreateToken(ctx context.Context, t Token) error {
	_, err := c.w.ExecContext(ctx, `INSERT INTO api_tokens (id, hash, user_id, name, created_at) VALUES (?, ?, ?, ?, ?)`,
		t.ID, t.Hash, t.UserID, t.Name, t.Created.UTC().Format(time.RFC3339Nano))
	if err != nil {
		return fmt.Errorf("catalog: create token: %w", err)
	}
	return nil
}

// Tokens returns a user's API tokens (their hashes included), newest first.
func (c *Catalog) Tokens(ctx context.Context, userID int64) ([]Token, error) {
	rows, err := c.r.QueryContext(ctx, `SELECT id, hash, user_id, name, created_at, last_used FROM api_tokens
		WHERE user_id = ? ORDER BY created_at DESC, id`, userID)
	if err != nil {
		return nil, fmt.Errorf("catalog: tokens: %w", err)
	}
	defer rows.Close()
	var out []Token
	for rows.Next() {
		var t Token
		var created, used string
		if err := rows.Scan(&t.ID, &t.Hash, &t.UserID, &t.Name, &created, &used); err != nil {
			return nil, fmt.Errorf("catalog: read token: %w", err)
		}
		t.Created, _ = time.Parse(time.RFC3339Nano, created)
		t.LastUsed, _ = time.Parse(time.RFC3339Nano, used)
		out = append(out, t)
	}
	return out, rows.Err()
}

// DeleteToken revokes one of a user's API tokens.
func (c *Catalog) DeleteToken(ctx context.Context, userID int64, id string) error {
	res, err := c.w.ExecContext(ctx, `DELETE FROM api_tokens WHERE user_id = ? AND id = ?`, userID, id)
	if err != nil {
		return fmt.Errorf("catalog: delete token: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%w: %s", ErrTokenNotFound, id)
	}
	return nil
}

// TokenUser returns the user an API token (by its hash) belongs to, noting when it was used (at most once a
// minute, so a busy script does not write on every request).
func (c *Catalog) TokenUser(ctx context.Context, hash string, now time.Time) (User, error) {
	var id, used string
	row := c.r.QueryRowContext(ctx, `SELECT t.id, t.last_used, `+prefixed("u.", userColumns)+`
		FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.hash = ?`, hash)
	var u User
	var created string
	err := row.Scan(&id, &used, &u.ID, &u.Name, &u.Library, &u.Password, &u.Admin, &u.Disabled, &u.QuotaBytes, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, ErrTokenNotFound
	}
	if err != nil {
		return User{}, fmt.Errorf("catalog: read token: %w", err)
	}
	u.Created, _ = time.Parse(time.RFC3339Nano, created)
	if last, err := time.Parse(time.RFC3339Nano, used); err != nil || now.Sub(last) > time.Minute {
		c.w.ExecContext(ctx, `UPDATE api_tokens SET last_used = ? WHERE id = ?`, now.UTC().Format(time.RFC3339Nano), id)
	}
	return u, nil
}

// prefixed qualifies each of a comma-separated column list with a table alias.
func prefixed(alias, columns string) string {
	parts := strings.Split(columns, ",")
	for i, p := range parts {
		parts[i] = alias + strings.TrimSpace(p)
	}
	return strings.Join(parts, ", ")
}
