package catalog

import (
	"errors"
	"path/filepath"
	"testing"
	"time"
)

func open(t *testing.T) *Catalog {
	t.Helper()
	c, err := Open(t.Context(), filepath.Join(t.TempDir(), "catalog.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func photo(id string, taken time.Time) *Photo {
	return &Photo{Library: DefaultLibrary, ID: id, SHA256: id + "sum", Bytes: 1, MIME: "image/jpeg", Ext: ".jpg",
		Width: 1, Height: 1, Orientation: 1, TakenLocal: taken, ImportedAt: time.Now()}
}

func TestPhotosAndOrder(t *testing.T) {
	c := open(t)
	ctx := t.Context()
	for id, taken := range map[string]time.Time{
		"a": time.Date(2015, 8, 3, 8, 0, 0, 0, time.UTC), "b": time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC), "c": {},
	} {
		if err := c.Insert(ctx, photo(id, taken), "index"); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Insert(ctx, photo("a", time.Time{})); !errors.Is(err, ErrExists) {
		t.Errorf("second insert of a = %v, want ErrExists", err)
	}
	list, err := c.List(ctx, DefaultLibrary, 0, 10)
	if err != nil || len(list) != 3 || list[0].ID != "b" || list[1].ID != "a" || list[2].ID != "c" {
		t.Errorf("List = %v %v, want b, a, then c (unknown date last)", ids(list), err)
	}
	if _, err := c.Get(ctx, "other", "a"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get from another library = %v, want ErrNotFound", err)
	}
}

func ids(ps []*Photo) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.ID)
	}
	return out
}

func TestJobsChain(t *testing.T) {
	c := open(t)
	ctx := t.Context()
	c.Insert(ctx, photo("a", time.Time{}), "vision")
	jobs, _ := c.Todo(ctx, "vision", 10)
	if len(jobs) != 1 {
		t.Fatalf("vision jobs = %v", jobs)
	}
	if err := c.Finish(ctx, jobs, []error{errors.New("no model")}, "index"); err != nil {
		t.Fatal(err)
	}
	if idx, _ := c.Todo(ctx, "index", 10); len(idx) != 1 {
		t.Errorf("a failed vision job must still queue indexing, got %v", idx)
	}
	if n, _ := c.EnqueueMissing(ctx, "vision"); n != 0 {
		t.Errorf("EnqueueMissing queued %d photos that already had the stage", n)
	}
	c.Insert(ctx, photo("b", time.Time{}))
	if n, _ := c.EnqueueMissing(ctx, "vision"); n != 1 {
		t.Errorf("EnqueueMissing queued %d, want the one photo that never had vision", n)
	}
}

// TestUserCorrectionsSurviveRelabel: a label the user removed stays removed, and one they added stays, when the
// vision stage saves its findings again.
func TestUserCorrectionsSurviveRelabel(t *testing.T) {
	c := open(t)
	ctx := t.Context()
	c.Insert(ctx, photo("a", time.Time{}))
	auto := Vision{Labels: []Label{{Key: "dog", Score: 0.5, Source: "centernet@1"}, {Key: "cat", Score: 0.2, Source: "centernet@1"}}}
	if err := c.SaveVision(ctx, DefaultLibrary, "a", auto); err != nil {
		t.Fatal(err)
	}
	c.SetLabel(ctx, DefaultLibrary, "a", "dog", LabelRemoved)
	c.SetLabel(ctx, DefaultLibrary, "a", "tabby", LabelUser)
	if err := c.SaveVision(ctx, DefaultLibrary, "a", auto); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	ls, _ := c.Labels(ctx, DefaultLibrary, "a")
	for _, l := range ls {
		got[l.Key] = l.State
	}
	want := map[string]string{"dog": LabelRemoved, "cat": LabelAuto, "tabby": LabelUser}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("label %s state %q, want %q (all: %v)", k, got[k], v, got)
		}
	}
}

func TestUsageDecays(t *testing.T) {
	c := open(t)
	ctx := t.Context()
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	c.RecordEvent(ctx, DefaultLibrary, Event{Kind: EventOpen, PhotoID: "old", At: now.Add(-60 * 24 * time.Hour)})
	c.RecordEvent(ctx, DefaultLibrary, Event{Kind: EventOpen, PhotoID: "old", At: now.Add(-60 * 24 * time.Hour)})
	c.RecordEvent(ctx, DefaultLibrary, Event{Kind: EventOpen, PhotoID: "new", At: now.Add(-time.Hour)})
	c.RecordEvent(ctx, DefaultLibrary, Event{Kind: EventClick, PhotoID: "new", Query: "Dog", Rank: 3, At: now})
	u, err := c.UsageOf(ctx, DefaultLibrary, "photo", now, 0)
	if err != nil || len(u) != 2 || u[0].Subject != "new" {
		t.Fatalf("UsageOf = %+v %v, want new first", u, err)
	}
	// Two opens 60 days (two half-lives) ago are worth half an open today.
	if old := u[1].Score; old < 0.49 || old > 0.51 {
		t.Errorf("old score %.3f, want 0.5", old)
	}
	q, _ := c.UsageOf(ctx, DefaultLibrary, "query", now, 10)
	if len(q) != 1 || q[0].Subject != "dog" {
		t.Errorf("queries = %+v, want dog", q)
	}
	if err := c.RecordEvent(ctx, DefaultLibrary, Event{Kind: "nonsense"}); err == nil {
		t.Error("unknown event kind accepted")
	}
}

func TestAlbumsAndFavourites(t *testing.T) {
	c := open(t)
	ctx := t.Context()
	c.Insert(ctx, photo("a", time.Time{}))
	c.Insert(ctx, photo("b", time.Time{}))
	al, err := c.CreateAlbum(ctx, DefaultLibrary, "제주 여행")
	if err != nil {
		t.Fatal(err)
	}
	if err := c.AddToAlbum(ctx, DefaultLibrary, al.ID, "a", "b", "a"); err != nil {
		t.Fatal(err)
	}
	if err := c.AddToAlbum(ctx, DefaultLibrary, al.ID, "nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("adding a missing photo = %v, want ErrNotFound", err)
	}
	if err := c.AddToAlbum(ctx, "other", al.ID, "a"); !errors.Is(err, ErrAlbumNotFound) {
		t.Errorf("adding to another library's album = %v, want ErrAlbumNotFound", err)
	}
	c.RemoveFromAlbum(ctx, DefaultLibrary, al.ID, "b")
	albums, _ := c.Albums(ctx, DefaultLibrary)
	if len(albums) != 1 || albums[0].Title != "제주 여행" || len(albums[0].Photos) != 1 || albums[0].Photos[0] != "a" {
		t.Errorf("Albums = %+v", albums)
	}
	c.SetFavourite(ctx, DefaultLibrary, "b", true)
	c.SetFavourite(ctx, DefaultLibrary, "a", true)
	c.SetFavourite(ctx, DefaultLibrary, "a", false)
	if f, _ := c.Favourites(ctx, DefaultLibrary); len(f) != 1 || f[0] != "b" {
		t.Errorf("Favourites = %v", f)
	}
}

func TestVersionMoves(t *testing.T) {
	c := open(t)
	ctx := t.Context()
	v0, _ := c.Version(ctx)
	c.Insert(ctx, photo("a", time.Time{}))
	v1, _ := c.Version(ctx)
	c.SetLabel(ctx, DefaultLibrary, "a", "dog", LabelUser)
	v2, _ := c.Version(ctx)
	c.RecordEvent(ctx, DefaultLibrary, Event{Kind: EventOpen, PhotoID: "a"})
	v3, _ := c.Version(ctx)
	if !(v0 < v1 && v1 < v2 && v2 == v3) {
		t.Errorf("versions %d %d %d %d: want a change on insert and label, none on a usage event", v0, v1, v2, v3)
	}
}
