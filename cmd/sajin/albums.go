package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"time"

	"sajin/albums"
	"sajin/ingest/catalog"
	"sajin/places"
	"sajin/ui"
	"sajin/vision/labels"
)

// albumService serves albums to the API and the CLI: the user's own albums and favourites from the catalog,
// and the albums Sajin makes itself.
type albumService struct {
	cat    *catalog.Catalog
	places *places.Index // nil without the places data
	vocab  *labels.Vocabulary
}

var _ ui.Albums = albumService{}

// maxClusteredFaces bounds the faces clustered into people on each request. People are clustered from scratch
// here; past this many faces the assignment must be kept in the catalog and updated per photo (albums.People
// is made for that), which is the next step of the albums issue.
const maxClusteredFaces = 5000

// All returns every album of a library: favourites first, then the user's own, then Sajin's.
func (s albumService) All(ctx context.Context, library string) ([]ui.Album, error) {
	var out []ui.Album
	favs, err := s.cat.Favourites(ctx, library)
	if err != nil {
		return nil, err
	}
	if len(favs) > 0 {
		out = append(out, ui.Album{ID: "favourites", Kind: "favourites", Title: ui.Title{En: "Favourites", Ko: "즐겨찾기"},
			Cover: favs[0], Count: len(favs), Photos: favs})
	}
	own, err := s.cat.Albums(ctx, library)
	if err != nil {
		return nil, err
	}
	for _, a := range own {
		out = append(out, manual(a))
	}
	auto, err := s.auto(ctx, library)
	return append(out, auto...), err
}

// auto builds the albums Sajin makes: events and trips, things, places, people, memories.
func (s albumService) auto(ctx context.Context, library string) ([]ui.Album, error) {
	photos, err := s.cat.AlbumPhotos(ctx, library, true)
	if err != nil {
		return nil, err
	}
	in := make([]albums.Photo, len(photos))
	var faces []albums.Face
	for i, p := range photos {
		in[i] = albums.Photo{ID: p.ID, Taken: p.TakenLocal, Offset: p.TakenOffset, Lat: p.Lat, Lon: p.Lon}
		for k, score := range p.Labels {
			in[i].Labels = append(in[i].Labels, albums.LabelScore{Key: k, Score: score})
		}
		for _, f := range p.Faces {
			faces = append(faces, albums.Face{ID: f.ID, Person: f.PersonID, Embedding: f.Embedding})
		}
	}
	opts := albums.Options{Now: time.Now()}
	if s.vocab != nil { // never a typed nil in an interface
		opts.Vocabulary = s.vocab
	}
	if s.places != nil {
		opts.Places = s.places
	}
	if len(faces) <= maxClusteredFaces {
		people, got := albums.People{}.Add(faces, albums.DefaultFaceThreshold)
		opts.People = people
		for i := range in {
			for _, f := range photos[i].Faces {
				in[i].Faces = append(in[i].Faces, albums.Face{ID: f.ID, Person: got[f.ID]})
			}
		}
	}
	var out []ui.Album
	for _, a := range albums.Build(in, opts) {
		out = append(out, ui.Album{ID: a.ID, Kind: string(a.Kind), Title: ui.Title(a.Title), Cover: a.Cover,
			Count: a.Count, From: floating(a.From), To: floating(a.To), Photos: a.Photos})
	}
	return out, nil
}

// floating formats an album's wall-clock bound without an offset ("" when unknown).
func floating(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02T15:04:05")
}

func manual(a catalog.Album) ui.Album {
	al := ui.Album{ID: a.ID, Kind: "manual", Title: ui.Title{En: a.Title, Ko: a.Title}, Count: len(a.Photos),
		Photos: a.Photos, From: a.Created.Format(time.RFC3339)}
	if al.Photos == nil {
		al.Photos = []string{}
	}
	if len(a.Photos) > 0 {
		al.Cover = a.Photos[0]
	}
	return al
}

func (s albumService) Create(ctx context.Context, library, title string) (ui.Album, error) {
	a, err := s.cat.CreateAlbum(ctx, library, title)
	return manual(a), err
}

func (s albumService) Delete(ctx context.Context, library, id string) error {
	return s.cat.DeleteAlbum(ctx, library, id)
}

func (s albumService) Add(ctx context.Context, library, album string, photos ...string) error {
	if err := s.cat.AddToAlbum(ctx, library, album, photos...); err != nil {
		return err
	}
	for _, p := range photos {
		s.cat.RecordEvent(ctx, library, catalog.Event{Kind: catalog.EventAlbumAdd, PhotoID: p})
	}
	return nil
}

func (s albumService) Remove(ctx context.Context, library, album string, photos ...string) error {
	return s.cat.RemoveFromAlbum(ctx, library, album, photos...)
}

func (s albumService) SetFavourite(ctx context.Context, library, photo string, on bool) error {
	if err := s.cat.SetFavourite(ctx, library, photo, on); err != nil {
		return err
	}
	if on {
		return s.cat.RecordEvent(ctx, library, catalog.Event{Kind: catalog.EventFavourite, PhotoID: photo})
	}
	return nil
}

// runAlbums prints the albums: `sajin albums --json`.
func runAlbums(ctx context.Context, args []string, e env) error {
	fs := flag.NewFlagSet("albums", flag.ContinueOnError)
	var c common
	c.register(fs, e)
	asJSON := fs.Bool("json", false, "print as JSON")
	if err := parse(fs, args, e); err != nil {
		return err
	}
	lib, err := openLibrary(ctx, c, c.logger(e.stderr, slog.LevelWarn), false)
	if err != nil {
		return err
	}
	defer lib.Close()
	all, err := lib.albums().All(ctx, c.library)
	if err != nil {
		return err
	}
	if all == nil {
		all = []ui.Album{}
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(map[string]any{"albums": all})
	}
	for _, a := range all {
		fmt.Fprintf(e.stdout, "%-10s %-28s %-28s %d photos\n", a.Kind, a.Title.En, a.Title.Ko, a.Count)
	}
	return nil
}
