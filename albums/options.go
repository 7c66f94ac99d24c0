package albums

import (
	"slices"
	"time"
)

// Default thresholds; the package comment says how they were chosen.
const (
	DefaultEventGap        = 8 * time.Hour
	DefaultEventKm         = 50
	DefaultMinEventPhotos  = 5
	DefaultAwayKm          = 100
	DefaultMinTripDays     = 2
	DefaultTripGapDays     = 2
	DefaultMinLabelScore   = 0.5
	DefaultMinThingPhotos  = 5
	DefaultMinPlacePhotos  = 3
	DefaultFaceThreshold   = 0.65
	DefaultMinPersonPhotos = 3
)

// Options tunes Build. The zero value is ready to use: every zero threshold takes its default, and nil
// Places, Vocabulary and a zero Now leave out the albums that need them.
type Options struct {
	// Places names positions: titles of events and trips, place albums. Without it, home and trips are found
	// from positions alone and titles carry dates only.
	Places Geocoder
	// Vocabulary gives label categories and their names; without it there are no thing albums.
	Vocabulary Vocabulary
	// Now is the viewer's local wall-clock time (only its date is read) for memories; zero: no memories.
	Now time.Time
	// Home overrides the home position found from the photos (the place with photos on the most days).
	Home *LatLon

	// EventGap: a longer gap between two photos starts a new event (default 8 h: a night).
	EventGap time.Duration
	// EventKm: two consecutive photos farther apart start a new event (default 50 km).
	EventKm float64
	// MinEventPhotos is the fewest photos an event or trip album holds (default 5).
	MinEventPhotos int
	// AwayKm: a day with a photo farther than this from home is a day away (default 100 km).
	AwayKm float64
	// MinTripDays is the fewest calendar days a trip spans (default 2: a weekend); one day away is an event.
	MinTripDays int
	// TripGapDays is the most days without photos inside a trip (default 2).
	TripGapDays int

	// MinLabelScore is the lowest label score that counts (default 0.5).
	MinLabelScore float64
	// MinThingPhotos is the fewest photos a thing album holds (default 5).
	MinThingPhotos int
	// SkipCategories are label categories without thing albums (default: people, covered by person albums,
	// and look, colours and light). Set to an empty non-nil slice to skip none.
	SkipCategories []string

	// MinPlacePhotos is the fewest photos a place album holds (default 3).
	MinPlacePhotos int

	// People holds the persons known so far; faces without a Person join them or start new ones.
	People People
	// FaceThreshold is the lowest cosine similarity for a face to join a person (default 0.65).
	FaceThreshold float32
	// MinPersonPhotos is the fewest photos an unnamed person's album holds (default 3); named people always
	// have an album.
	MinPersonPhotos int
}

// LatLon is a position in degrees.
type LatLon struct{ Lat, Lon float64 }

// withDefaults fills zero fields with their defaults.
func (o Options) withDefaults() Options {
	def := func(v *float64, d float64) {
		if *v <= 0 {
			*v = d
		}
	}
	defInt := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	if o.EventGap <= 0 {
		o.EventGap = DefaultEventGap
	}
	def(&o.EventKm, DefaultEventKm)
	def(&o.AwayKm, DefaultAwayKm)
	def(&o.MinLabelScore, DefaultMinLabelScore)
	defInt(&o.MinEventPhotos, DefaultMinEventPhotos)
	defInt(&o.MinTripDays, DefaultMinTripDays)
	defInt(&o.TripGapDays, DefaultTripGapDays)
	defInt(&o.MinThingPhotos, DefaultMinThingPhotos)
	defInt(&o.MinPlacePhotos, DefaultMinPlacePhotos)
	defInt(&o.MinPersonPhotos, DefaultMinPersonPhotos)
	if o.FaceThreshold <= 0 {
		o.FaceThreshold = DefaultFaceThreshold
	}
	if o.SkipCategories == nil {
		o.SkipCategories = []string{"people", "look"}
	}
	return o
}

// skips reports whether a category has no thing album.
func (o Options) skips(category string) bool {
	return slices.Contains(o.SkipCategories, category)
}
