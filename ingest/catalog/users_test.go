package catalog

import (
	"errors"
	"testing"
	"time"
)

func TestUsersSessionsTokens(t *testing.T) {
	c := open(t)
	ctx := t.Context()
	u := User{Name: "Mina", Library: "lib-1", Password: "$argon2id$x"}
	if err := c.CreateUser(ctx, &u); err != nil || u.ID == 0 {
		t.Fatalf("CreateUser = %v, id %d", err, u.ID)
	}
	if err := c.CreateUser(ctx, &User{Name: "mina", Library: "lib-2", Password: "x"}); !errors.Is(err, ErrUserExists) {
		t.Errorf("a second mina (other case) = %v, want ErrUserExists", err)
	}
	if got, err := c.UserByName(ctx, "MINA"); err != nil || got.ID != u.ID || got.Library != "lib-1" {
		t.Errorf("UserByName(MINA) = %+v, %v", got, err)
	}
	now := time.Now()
	c.CreateSession(ctx, Session{Hash: "live", UserID: u.ID, CSRF: "c", Created: now, Expires: now.Add(time.Hour)})
	c.CreateSession(ctx, Session{Hash: "old", UserID: u.ID, CSRF: "c", Created: now, Expires: now.Add(-time.Second)})
	if s, got, err := c.SessionUser(ctx, "live", now); err != nil || got.Name != "Mina" || s.CSRF != "c" {
		t.Errorf("SessionUser(live) = %+v %+v %v", s, got, err)
	}
	if _, _, err := c.SessionUser(ctx, "old", now); !errors.Is(err, ErrNoSession) {
		t.Errorf("an expired session = %v, want ErrNoSession", err)
	}
	c.CreateToken(ctx, Token{ID: "t1", Hash: "h1", UserID: u.ID, Name: "script", Created: now})
	if got, err := c.TokenUser(ctx, "h1", now); err != nil || got.ID != u.ID {
		t.Errorf("TokenUser = %+v %v", got, err)
	}
	if list, _ := c.Tokens(ctx, u.ID); len(list) != 1 || list[0].LastUsed.IsZero() {
		t.Errorf("Tokens = %+v, want one, used", list)
	}
	u.Disabled = true
	if err := c.UpdateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.SessionUser(ctx, "live", now); !errors.Is(err, ErrNoSession) {
		t.Errorf("a disabled user's session survives: %v", err)
	}
}

func TestDeleteUserTakesTheLibrary(t *testing.T) {
	c := open(t)
	ctx := t.Context()
	u := User{Name: "jun", Library: "lib-jun", Password: "x"}
	c.CreateUser(ctx, &u)
	p := photo("a", time.Time{})
	p.Library = "lib-jun"
	if err := c.Insert(ctx, p, "index"); err != nil {
		t.Fatal(err)
	}
	keep := photo("b", time.Time{})
	c.Insert(ctx, keep, "index")
	a, _ := c.CreateAlbum(ctx, "lib-jun", "trip")
	c.AddToAlbum(ctx, "lib-jun", a.ID, "a")
	c.CreateShare(ctx, Share{Library: "lib-jun", ID: "s1", Token: "tok", Kind: ShareKindPhoto, Photos: []string{"a"}, Created: time.Now()})
	if n, _ := c.LibraryBytes(ctx, "lib-jun"); n != 1 {
		t.Errorf("LibraryBytes = %d, want 1", n)
	}
	if err := c.DeleteUser(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	if n, _ := c.Count(ctx, "lib-jun"); n != 0 {
		t.Errorf("%d photos left in the removed user's library", n)
	}
	if n, _ := c.Count(ctx, DefaultLibrary); n != 1 {
		t.Errorf("another library lost photos: %d left", n)
	}
	if _, err := c.ShareByToken(ctx, "tok"); !errors.Is(err, ErrShareNotFound) {
		t.Errorf("the removed user's link still exists: %v", err)
	}
}

func TestShares(t *testing.T) {
	c := open(t)
	ctx := t.Context()
	now := time.Now()
	for _, s := range []Share{
		{Library: "l", ID: "p", Token: "tp", Kind: ShareKindPhotos, Photos: []string{"a", "b"}, Created: now, Originals: true},
		{Library: "l", ID: "q", Token: "tq", Kind: ShareKindSearch, Target: "dog", Created: now.Add(time.Second), Expires: now.Add(-time.Minute)},
	} {
		if err := c.CreateShare(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	s, err := c.ShareByToken(ctx, "tp")
	if err != nil || len(s.Photos) != 2 || !s.Originals || !s.Active(now) {
		t.Errorf("ShareByToken(tp) = %+v %v", s, err)
	}
	if q, _ := c.ShareByToken(ctx, "tq"); q.Target != "dog" || q.Active(now) {
		t.Errorf("expired search link = %+v, want inactive", q)
	}
	c.CountShareView(ctx, "tp")
	if err := c.RevokeShare(ctx, "other", "p"); !errors.Is(err, ErrShareNotFound) {
		t.Errorf("revoking from another library = %v, want ErrShareNotFound", err)
	}
	if err := c.RevokeShare(ctx, "l", "p"); err != nil {
		t.Fatal(err)
	}
	list, _ := c.Shares(ctx, "l")
	if len(list) != 2 || list[0].ID != "q" || list[1].Views != 1 || list[1].Active(now) {
		t.Errorf("Shares = %+v", list)
	}

	// A disabled account's links are not found; enabled again, they are.
	u := User{Name: "owner", Library: "l", Password: "x"}
	if err := c.CreateUser(ctx, &u); err != nil {
		t.Fatal(err)
	}
	u.Disabled = true
	if err := c.UpdateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ShareByToken(ctx, "tq"); !errors.Is(err, ErrShareNotFound) {
		t.Errorf("a link of a disabled account = %v, want ErrShareNotFound", err)
	}
	u.Disabled = false
	c.UpdateUser(ctx, u)
	if _, err := c.ShareByToken(ctx, "tq"); err != nil {
		t.Errorf("a link of an account enabled again = %v", err)
	}
}
