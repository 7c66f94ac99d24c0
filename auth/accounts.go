package auth

import (
	"context"
	"errors"
	"fmt"

	"sajin/ingest/catalog"
)

// AdminName is the name of the account made at first start.
const AdminName = "admin"

// EnsureAdmin makes the first account when there is none: an admin named "admin" who owns the library that
// existed before accounts (catalog.DefaultLibrary), with the given password or, when it is "", a random one.
// It returns the password when it made the account (to be shown once) and "" when accounts already existed.
func (a *Auth) EnsureAdmin(ctx context.Context, password string) (created bool, shown string, err error) {
	users, err := a.store.Users(ctx)
	if err != nil || len(users) > 0 {
		return false, "", err
	}
	if password == "" {
		password = NewPassword()
		shown = password
	}
	if _, err := a.addUser(ctx, AdminName, password, true, catalog.DefaultLibrary); err != nil {
		return false, "", err
	}
	return true, shown, nil
}

// AddUser makes an account with a new, empty library of its own.
func (a *Auth) AddUser(ctx context.Context, name, password string, admin bool) (catalog.User, error) {
	return a.addUser(ctx, name, password, admin, "lib-"+NewID())
}

func (a *Auth) addUser(ctx context.Context, name, password string, admin bool, library string) (catalog.User, error) {
	if err := ValidName(name); err != nil {
		return catalog.User{}, err
	}
	if err := ValidPassword(password); err != nil {
		return catalog.User{}, err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return catalog.User{}, err
	}
	u := catalog.User{Name: name, Library: library, Password: hash, Admin: admin, Created: a.opts.Now()}
	if err := a.store.CreateUser(ctx, &u); err != nil {
		return catalog.User{}, err
	}
	return u, nil
}

// Users lists the accounts.
func (a *Auth) Users(ctx context.Context) ([]catalog.User, error) { return a.store.Users(ctx) }

// User returns one account by name.
func (a *Auth) User(ctx context.Context, name string) (catalog.User, error) {
	return a.store.UserByName(ctx, name)
}

// SetPassword gives a user a new password and ends their sessions but the one kept (its hash; "" ends all).
func (a *Auth) SetPassword(ctx context.Context, name, password, keepSession string) error {
	if err := ValidPassword(password); err != nil {
		return err
	}
	u, err := a.store.UserByName(ctx, name)
	if err != nil {
		return err
	}
	if u.Password, err = HashPassword(password); err != nil {
		return err
	}
	if err := a.store.UpdateUser(ctx, u); err != nil {
		return err
	}
	return a.store.DeleteSessions(ctx, u.ID, keepSession)
}

// Update changes a user's flags and quota; nil leaves a field as it is. The last enabled admin cannot lose that.
func (a *Auth) Update(ctx context.Context, name string, admin, disabled *bool, quota *int64) (catalog.User, error) {
	u, err := a.store.UserByName(ctx, name)
	if err != nil {
		return catalog.User{}, err
	}
	if (admin != nil && !*admin) || (disabled != nil && *disabled) {
		if err := a.keepAnAdmin(ctx, u); err != nil {
			return catalog.User{}, err
		}
	}
	if admin != nil {
		u.Admin = *admin
	}
	if disabled != nil {
		u.Disabled = *disabled
	}
	if quota != nil {
		if *quota < 0 {
			return catalog.User{}, fmt.Errorf("quota must be 0 (none) or more bytes")
		}
		u.QuotaBytes = *quota
	}
	return u, a.store.UpdateUser(ctx, u)
}

// Remove deletes an account and its library's catalog rows.
func (a *Auth) Remove(ctx context.Context, name string) error {
	u, err := a.store.UserByName(ctx, name)
	if err != nil {
		return err
	}
	if err := a.keepAnAdmin(ctx, u); err != nil {
		return err
	}
	return a.store.DeleteUser(ctx, u.ID)
}

// keepAnAdmin refuses a change that would leave no enabled admin when u is one.
func (a *Auth) keepAnAdmin(ctx context.Context, u catalog.User) error {
	if !u.Admin || u.Disabled {
		return nil
	}
	users, err := a.store.Users(ctx)
	if err != nil {
		return err
	}
	for _, o := range users {
		if o.ID != u.ID && o.Admin && !o.Disabled {
			return nil
		}
	}
	return ErrLastAdmin
}

// NewAPIToken makes an API token for a user; the token is returned once and only its hash is kept.
func (a *Auth) NewAPIToken(ctx context.Context, u catalog.User, name string) (catalog.Token, string, error) {
	if name == "" || len(name) > 100 {
		return catalog.Token{}, "", errors.New("a token name has 1 to 100 characters")
	}
	secret := "sajin_" + NewToken()
	t := catalog.Token{ID: NewID(), Hash: TokenHash(secret), UserID: u.ID, Name: name, Created: a.opts.Now()}
	if err := a.store.CreateToken(ctx, t); err != nil {
		return catalog.Token{}, "", err
	}
	return t, secret, nil
}

// APITokens lists a user's tokens (without secrets).
func (a *Auth) APITokens(ctx context.Context, u catalog.User) ([]catalog.Token, error) {
	return a.store.Tokens(ctx, u.ID)
}

// RevokeAPIToken deletes one of a user's tokens.
func (a *Auth) RevokeAPIToken(ctx context.Context, u catalog.User, id string) error {
	return a.store.DeleteToken(ctx, u.ID, id)
}
