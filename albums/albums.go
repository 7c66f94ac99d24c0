package albums

import (
	"cmp"
	"errors"
	"slices"
	"time"

	"sajin/places"
	"sajin/vision/labels"
)

// Kind says how an album was made.
type Kind string

// The kinds of album Build makes.
const (
	KindEvent  Kind = "event"  // photos close in time and space, outside any trip
	KindTrip   Kind = "trip"   // days away from home, with the days inside it
	KindThing  Kind = "thing"  // one label category (Pets, Food & drink, ...)
	KindPlace  Kind = "place"  // one city, or one country with several cities
	KindPerson Kind = "person" // one person's faces
	KindMemory Kind = "memory" // on this day, and this month, years ago
)

// Errors the people functions return, for callers to branch on.
var (
	ErrNoPerson = errors.New("albums: no such person")
	ErrNoFace   = errors.New("albums: face not in that person")
)

// Photo is what Build needs to know of one photo. Every field but ID may be empty.
type Photo struct {
	ID string
	// Taken is the wall-clock time the photo was taken, as the camera showed it: only its date and clock
	// fields are read, never its location ("floating" time, as the catalog's TakenLocal). Zero when unknown.
	Taken time.Time
	// Offset is the place's offset from UTC in seconds, nil when unknown.
	Offset   *int
	Lat, Lon *float64
	Labels   []LabelScore
	Faces    []Face
}

// LabelScore is one label of a photo: a vocabulary key and the score it was given (1 for the user's own).
type LabelScore struct {
	Key   string
	Score float64
}

// Face is one face found in a photo. Person is the id of the person it was assigned to (see People), empty when
// not yet assigned; Build then clusters it by its Embedding.
type Face struct {
	ID        string
	Person    string
	Embedding []float32
}

// Title is an album's title in English and Korean.
type Title struct {
	En string `json:"en"`
	Ko string `json:"ko"`
}

// Album is one album Build made. ID is derived from the kind and a key, not from the photos, so adding photos
// keeps it: "trip-2015-08-03" (first day), "event-2015-08-03-10" (date and hour of the first photo),
// "thing-pet", "place-kr-jeju-do-jeju-city", "place-jp", "person-p3", "memory-day-2015-08-03",
// "memory-month-2015-08". Only a photo earlier than a trip's first day or an event's first photo moves it.
type Album struct {
	ID     string    `json:"id"`
	Kind   Kind      `json:"kind"`
	Title  Title     `json:"title"`
	Cover  string    `json:"cover"`
	Count  int       `json:"count"`
	From   time.Time `json:"from"` // wall-clock time of the earliest photo (floating, as Photo.Taken)
	To     time.Time `json:"to"`   // wall-clock time of the latest photo
	Photos []string  `json:"photos"`
	// Days are a trip's days, in order, each with its own title; nil for other kinds.
	Days []Day `json:"days,omitempty"`
}

// Day is one calendar day of a trip.
type Day struct {
	Date   time.Time `json:"date"` // midnight of the local date, floating
	Title  Title     `json:"title"`
	Photos []string  `json:"photos"`
}

// Geocoder names the place at a position; *places.Index is one.
type Geocoder interface {
	Nearest(lat, lon float64) (places.Place, bool)
}

// Vocabulary gives the names and categories of label keys; *labels.Vocabulary is one.
type Vocabulary interface {
	Label(key string) (labels.Label, bool)
	Category(key string) (labels.Category, bool)
}

// Build makes every automatic album of a library from its photos. The photos may come in any order: the
// result does not depend on it (faces without a Person are clustered in the order of photo ids). Albums come
// in kind order (memories, trips and events, people, things, places); trips, events and memories newest
// first, the others largest first.
func Build(photos []Photo, opts Options) []Album {
	opts = opts.withDefaults()
	sorted := slices.Clone(photos)
	slices.SortFunc(sorted, func(a, b Photo) int { return cmp.Compare(a.ID, b.ID) })
	geo := newGeoCache(opts.Places)
	var out []Album
	out = append(out, Memories(sorted, opts.Now)...)
	out = append(out, timeline(sorted, geo, opts)...)
	out = append(out, PersonAlbums(sorted, opts)...)
	out = append(out, Things(sorted, opts)...)
	out = append(out, placeAlbums(sorted, geo, opts)...)
	return out
}

// sortByCount orders albums largest first, then by ID.
func sortByCount(as []Album) {
	slices.SortFunc(as, func(a, b Album) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.ID, b.ID))
	})
}

// sortNewest orders albums by their first photo's time, newest first, then by ID.
func sortNewest(as []Album) {
	slices.SortFunc(as, func(a, b Album) int {
		return cmp.Or(b.From.Compare(a.From), cmp.Compare(a.ID, b.ID))
	})
}
