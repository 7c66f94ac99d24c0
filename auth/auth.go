// Package auth is who is asking: accounts with argon2id passwords, login sessions in cookies, API tokens for
// scripts, CSRF protection, login throttling, and the HTTP middleware that puts the caller's user and library in
// the request's context.
//
// Every account owns one library. A handler behind Require or RequireBasic finds the library it may touch with
// LibraryFrom(r.Context()) and never takes a library from the request. Secrets (passwords, cookies, tokens) are
// only ever stored hashed and never logged. The package does not know HTTP routes: ui mounts the login endpoints.
//
// Public mode (Options.Public) serves one library without login, for a trusted machine; it is never the default.
package auth

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"
	"unicode"

	"sajin/ingest/catalog"
)

// Errors callers branch on.
var (
	ErrBadCredentials = errors.New("wrong name or password")
	ErrThrottled      = errors.New("too many failed attempts: wait before trying again")
	ErrBadName        = errors.New("a user name is 1 to 64 letters, digits, '.', '-' or '_'")
	ErrWeakPassword   = errors.New("a password has 8 to 1024 characters")
	ErrLastAdmin      = errors.New("the last admin cannot be removed, disabled or made a user")
)

// ThrottledError says how long to wait; errors.Is(err, ErrThrottled) holds.
type ThrottledError struct{ RetryAfter time.Duration }

func (e *ThrottledError) Error() string {
	return fmt.Sprintf("%v (%d s)", ErrThrottled, int(e.RetryAfter.Seconds()+0.999))
}
func (e *ThrottledError) Unwrap() error { return ErrThrottled }

// Store keeps accounts, sessions and API tokens: *catalog.Catalog.
type Store interface {
	CreateUser(ctx context.Context, u *catalog.User) error
	UserByName(ctx context.Context, name string) (catalog.User, error)
	Users(ctx context.Context) ([]catalog.User, error)
	UpdateUser(ctx context.Context, u catalog.User) error
	DeleteUser(ctx context.Context, id int64) error
	CreateSession(ctx context.Context, s catalog.Session) error
	SessionUser(ctx context.Context, hash string, now time.Time) (catalog.Session, catalog.User, error)
	DeleteSession(ctx context.Context, hash string) error
	DeleteSessions(ctx context.Context, userID int64, keep string) error
	CreateToken(ctx context.Context, t catalog.Token) error
	Tokens(ctx context.Context, userID int64) ([]catalog.Token, error)
	DeleteToken(ctx context.Context, userID int64, id string) error
	TokenUser(ctx context.Context, hash string, now time.Time) (catalog.User, error)
}

// Options configures Auth; zero values are sensible.
type Options struct {
	Logger *slog.Logger
	// Public serves PublicUser's library to everyone without login: single-user mode on a trusted machine.
	Public     bool
	PublicUser catalog.User // default: library catalog.DefaultLibrary, name "admin", admin
	SessionTTL time.Duration
	// SecureCookies marks cookies Secure even on plain HTTP (behind a proxy that terminates TLS). They are
	// always Secure when the request came over TLS.
	SecureCookies bool
	// AccountThrottle and AddressThrottle slow down password guessing per account name and per client address.
	AccountThrottle *Throttle
	AddressThrottle *Throttle
	Now             func() time.Time
}

// Auth authenticates requests and manages accounts. It is safe for concurrent use.
type Auth struct {
	store Store
	opts  Options
	hash  chan struct{} // bounds concurrent argon2id runs (19 MiB each)
}

// New returns an Auth over a store.
func New(store Store, opts Options) *Auth {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.SessionTTL <= 0 {
		opts.SessionTTL = 30 * 24 * time.Hour
	}
	if opts.AccountThrottle == nil {
		opts.AccountThrottle = &Throttle{Free: 5, Base: time.Second, Max: 15 * time.Minute}
	}
	if opts.AddressThrottle == nil {
		opts.AddressThrottle = &Throttle{Free: 20, Base: time.Second, Max: 15 * time.Minute}
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.PublicUser.Library == "" {
		opts.PublicUser = catalog.User{Name: "admin", Library: catalog.DefaultLibrary, Admin: true}
	}
	return &Auth{store: store, opts: opts, hash: make(chan struct{}, 2)}
}

// Public says whether the server runs without login.
func (a *Auth) Public() bool { return a.opts.Public }

// Identity is who a request comes from and how they proved it.
type Identity struct {
	User    catalog.User
	Via     string // session | token | basic | public
	Session string // the session's hash (Via session)
	CSRF    string // the session's CSRF token (Via session)
}

type identityKey struct{}

// WithIdentity returns ctx carrying id (for handlers mounted behind the middleware, and tests).
func WithIdentity(ctx context.Context, id Identity) context.Context {
	return context.WithValue(ctx, identityKey{}, id)
}

// IdentityFrom returns the identity the middleware put in ctx.
func IdentityFrom(ctx context.Context) (Identity, bool) {
	id, ok := ctx.Value(identityKey{}).(Identity)
	return id, ok
}

// LibraryFrom returns the library the authenticated caller owns: the only library a handler may read or change.
func LibraryFrom(ctx context.Context) (string, bool) {
	id, ok := IdentityFrom(ctx)
	if !ok || id.User.Library == "" {
		return "", false
	}
	return id.User.Library, true
}

// RequestLibrary is LibraryFrom(r.Context()), in the form handlers mounted beside the API take (ui/dav,
// ui/resumable): ok=false means the request did not pass through Require or RequireBasic.
func RequestLibrary(r *http.Request) (string, bool) { return LibraryFrom(r.Context()) }

// Login checks a name and password from address addr and opens a session; it returns the session's cookie value,
// which is not stored anywhere. Failures are throttled per name and per address.
func (a *Auth) Login(ctx context.Context, name, password, addr string) (string, catalog.Session, catalog.User, error) {
	u, err := a.CheckPassword(ctx, name, password, addr)
	if err != nil {
		return "", catalog.Session{}, catalog.User{}, err
	}
	value := NewToken()
	now := a.opts.Now()
	s := catalog.Session{Hash: TokenHash(value), UserID: u.ID, CSRF: NewToken(), Created: now, Expires: now.Add(a.opts.SessionTTL)}
	if err := a.store.CreateSession(ctx, s); err != nil {
		return "", catalog.Session{}, catalog.User{}, err
	}
	a.opts.Logger.Info("login", "user", u.Name, "addr", addr)
	return value, s, u, nil
}

// CheckPassword returns the enabled user with that name and password. Each failure counts against the name and
// the address; while either is locked it answers a *ThrottledError without looking at the password.
func (a *Auth) CheckPassword(ctx context.Context, name, password, addr string) (catalog.User, error) {
	now := a.opts.Now()
	nameKey := strings.ToLower(name)
	if wait := max(a.opts.AccountThrottle.Wait(nameKey, now), a.opts.AddressThrottle.Wait(addr, now)); wait > 0 {
		return catalog.User{}, &ThrottledError{RetryAfter: wait}
	}
	u, err := a.store.UserByName(ctx, name)
	hash := u.Password
	if err != nil {
		if !errors.Is(err, catalog.ErrUserNotFound) {
			return catalog.User{}, err
		}
		hash = dummyHash
	}
	ok, verr := a.verify(ctx, hash, password)
	if err == nil && verr == nil && ok && !u.Disabled {
		a.opts.AccountThrottle.Reset(nameKey)
		return u, nil
	}
	wait := max(a.opts.AccountThrottle.Fail(nameKey, now), a.opts.AddressThrottle.Fail(addr, now))
	who := u.Name
	if err != nil {
		who = "(no such account)" // what was typed may be a password typed into the wrong box: never logged
	}
	a.opts.Logger.Warn("login failed", "user", who, "addr", addr, "locked_for", wait)
	if wait > 0 {
		return catalog.User{}, &ThrottledError{RetryAfter: wait}
	}
	return catalog.User{}, ErrBadCredentials
}

// verify runs VerifyPassword with at most two running at once, so a flood of logins cannot take all memory.
func (a *Auth) verify(ctx context.Context, hash, password string) (bool, error) {
	select {
	case a.hash <- struct{}{}:
	case <-ctx.Done():
		return false, ctx.Err()
	}
	defer func() { <-a.hash }()
	return VerifyPassword(hash, password)
}

// Logout ends the session with that hash.
func (a *Auth) Logout(ctx context.Context, sessionHash string) error {
	return a.store.DeleteSession(ctx, sessionHash)
}

// ValidName checks a new user name.
func ValidName(name string) error {
	if name == "" || len(name) > 64 {
		return ErrBadName
	}
	for _, r := range name {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '.' && r != '-' && r != '_' {
			return ErrBadName
		}
	}
	return nil
}

// ValidPassword checks a new password.
func ValidPassword(p string) error {
	if len([]rune(p)) < 8 || len(p) > 1024 {
		return ErrWeakPassword
	}
	return nil
}

// CheckSecret checks a password against a hash made by HashPassword for something other than an account (a share
// link's password), throttled per key and per address as logins are.
func (a *Auth) CheckSecret(ctx context.Context, key, hash, password, addr string) error {
	now := a.opts.Now()
	if wait := max(a.opts.AccountThrottle.Wait(key, now), a.opts.AddressThrottle.Wait(addr, now)); wait > 0 {
		return &ThrottledError{RetryAfter: wait}
	}
	ok, err := a.verify(ctx, hash, password)
	if err == nil && ok {
		a.opts.AccountThrottle.Reset(key)
		return nil
	}
	if wait := max(a.opts.AccountThrottle.Fail(key, now), a.opts.AddressThrottle.Fail(addr, now)); wait > 0 {
		return &ThrottledError{RetryAfter: wait}
	}
	return ErrBadCredentials
}
