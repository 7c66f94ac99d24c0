package albums

import (
	"cmp"
	"fmt"
	"slices"
	"time"
)

// shot is a photo with a known time, placed on the timeline.
type shot struct {
	p        *Photo
	local    time.Time // wall clock, floating
	instant  time.Time // local minus the offset, or minus the library's usual offset when unknown
	day      date
	gps      bool
	lat, lon float64
	spot     *spot
}

// shotsOf puts the photos with a time on the timeline, in order of the instants they were taken.
func shotsOf(photos []Photo, geo *geoCache) []shot {
	usual := usualOffset(photos)
	out := make([]shot, 0, len(photos))
	for i := range photos {
		p := &photos[i]
		if p.Taken.IsZero() {
			continue
		}
		t := p.Taken
		local := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
		off := usual
		if p.Offset != nil {
			off = *p.Offset
		}
		s := shot{p: p, local: local, instant: local.Add(-time.Duration(off) * time.Second), day: dateOf(local)}
		if p.Lat != nil && p.Lon != nil {
			s.gps, s.lat, s.lon, s.spot = true, *p.Lat, *p.Lon, geo.photo(p)
		}
		out = append(out, s)
	}
	slices.SortStableFunc(out, func(a, b shot) int {
		return cmp.Or(a.instant.Compare(b.instant), cmp.Compare(a.p.ID, b.p.ID))
	})
	return out
}

// usualOffset is the most common UTC offset among photos that have one (0 when none does). Photos without an
// offset are assumed to share it, which is right for photos taken at home, where most photos are.
func usualOffset(photos []Photo) int {
	n := map[int]int{}
	best, bestN := 0, 0
	for i := range photos {
		if o := photos[i].Offset; o != nil {
			n[*o]++
			if c := n[*o]; c > bestN || c == bestN && *o < best {
				best, bestN = *o, c
			}
		}
	}
	return best
}

// timeline makes the trip and event albums, newest first.
func timeline(photos []Photo, geo *geoCache, opts Options) []Album {
	shots := shotsOf(photos, geo)
	if len(shots) == 0 {
		return nil
	}
	home, hasHome := findHome(shots, opts)
	days := daysOf(shots, home, hasHome, opts.AwayKm)
	trips, inTrip := findTrips(days, opts)
	var out []Album
	for _, t := range trips {
		out = append(out, tripAlbum(t, home, opts))
	}
	out = append(out, events(shots, inTrip, opts)...)
	uniqueIDs(out)
	sortNewest(out)
	return out
}

// findHome is opts.Home, or the place with photos on the most days (ties: more photos, then key): a city
// named by the geocoder, or a cell of 0.1 degree without one. Its position is the mean of those photos'.
func findHome(shots []shot, opts Options) (LatLon, bool) {
	if opts.Home != nil {
		return *opts.Home, true
	}
	type stat struct {
		days, photos   int
		last           date
		sumLat, sumLon float64
	}
	m := map[string]*stat{}
	for _, s := range shots {
		if !s.gps {
			continue
		}
		k := gridKey(s.lat, s.lon)
		if s.spot != nil {
			k = s.spot.Key
		}
		st := m[k]
		if st == nil {
			st = &stat{}
			m[k] = st
		}
		if st.photos == 0 || st.last != s.day {
			st.days++
			st.last = s.day
		}
		st.photos++
		st.sumLat += s.lat
		st.sumLon += s.lon
	}
	var best *stat
	var bestKey string
	for k, st := range m {
		if best == nil || cmp.Or(cmp.Compare(st.days, best.days), cmp.Compare(st.photos, best.photos),
			cmp.Compare(bestKey, k)) > 0 {
			best, bestKey = st, k
		}
	}
	if best == nil {
		return LatLon{}, false
	}
	return LatLon{Lat: best.sumLat / float64(best.photos), Lon: best.sumLon / float64(best.photos)}, true
}

// where a day was spent.
type where int

const (
	unknown where = iota // no photo with a position
	atHome               // positions, all within AwayKm of home
	away                 // a position farther than AwayKm from home
)

// day is a run of consecutive shots on one local date.
type day struct {
	d     date
	shots []shot
	where where
}

// daysOf cuts the timeline into days by local date. Flying east over the date line can repeat a date; each
// run is its own day.
func daysOf(shots []shot, home LatLon, hasHome bool, awayKm float64) []day {
	var out []day
	for i, s := range shots {
		if i == 0 || s.day != shots[i-1].day {
			out = append(out, day{d: s.day})
		}
		d := &out[len(out)-1]
		d.shots = append(d.shots, s)
		if !s.gps || !hasHome {
			continue
		}
		if distanceKm(home.Lat, home.Lon, s.lat, s.lon) > awayKm {
			d.where = away
		} else if d.where == unknown {
			d.where = atHome
		}
	}
	return out
}

// findTrips finds runs of days away: a trip starts on a day away and goes on through days away or without
// positions, with at most TripGapDays days without photos between two, until a day at home. It is a trip
// when it spans MinTripDays and holds MinEventPhotos; inTrip marks its photos.
func findTrips(days []day, opts Options) ([][]day, map[*Photo]bool) {
	var trips [][]day
	inTrip := map[*Photo]bool{}
	for i := 0; i < len(days); {
		if days[i].where != away {
			i++
			continue
		}
		last := i
		for k := i + 1; k < len(days) && days[k].where != atHome; k++ {
			if days[k].d.ordinal()-days[k-1].d.ordinal() > opts.TripGapDays+1 {
				break
			}
			if days[k].where == away {
				last = k
			}
		}
		t := days[i : last+1]
		if span(t) >= opts.MinTripDays && countShots(t) >= opts.MinEventPhotos {
			trips = append(trips, t)
			for _, d := range t {
				for _, s := range d.shots {
					inTrip[s.p] = true
				}
			}
		}
		i = last + 1
	}
	return trips, inTrip
}

// span is the number of calendar days from a trip's first date to its last.
func span(days []day) int {
	return days[len(days)-1].d.ordinal() - days[0].d.ordinal() + 1
}

func countShots(days []day) int {
	n := 0
	for _, d := range days {
		n += len(d.shots)
	}
	return n
}

// tripAlbum titles a trip after where its photos away from home were taken and the months it spans; each
// day after that day's place.
func tripAlbum(days []day, home LatLon, opts Options) Album {
	var all []shot
	var spots []*spot
	a := Album{Kind: KindTrip}
	for _, d := range days {
		all = append(all, d.shots...)
		daySpots := awaySpots(d.shots, home, opts.AwayKm)
		spots = append(spots, daySpots...)
		a.Days = append(a.Days, Day{
			Date: d.d.time(), Title: withPlace(placeName(daySpots), dayTitle(d.d)), Photos: ids(d.shots),
		})
	}
	first, last := days[0].d, days[len(days)-1].d
	a.ID = "trip-" + first.String()
	a.Title = withPlace(placeName(spots), monthTitle(first, last))
	fill(&a, all, opts.MinLabelScore)
	return a
}

// awaySpots are the named places of the shots farther than awayKm from home, or of all shots when none is.
func awaySpots(shots []shot, home LatLon, awayKm float64) []*spot {
	var far, all []*spot
	for _, s := range shots {
		if s.spot == nil {
			continue
		}
		all = append(all, s.spot)
		if distanceKm(home.Lat, home.Lon, s.lat, s.lon) > awayKm {
			far = append(far, s.spot)
		}
	}
	if len(far) > 0 {
		return far
	}
	return all
}

// events cuts the shots outside trips into events: a gap longer than EventGap, a move farther than EventKm
// between two photos with positions, or a trip in between starts a new one.
func events(shots []shot, inTrip map[*Photo]bool, opts Options) []Album {
	var out []Album
	var cur []shot
	flush := func() {
		if len(cur) >= opts.MinEventPhotos {
			out = append(out, eventAlbum(cur, opts))
		}
		cur = nil
	}
	var prevGPS *shot
	for i := range shots {
		s := &shots[i]
		if inTrip[s.p] {
			flush()
			prevGPS = nil
			continue
		}
		if n := len(cur); n > 0 && (s.instant.Sub(cur[n-1].instant) > opts.EventGap ||
			s.gps && prevGPS != nil && distanceKm(prevGPS.lat, prevGPS.lon, s.lat, s.lon) > opts.EventKm) {
			flush()
			prevGPS = nil
		}
		cur = append(cur, *s)
		if s.gps {
			prevGPS = s
		}
	}
	flush()
	return out
}

// eventAlbum titles an event after its place and its dates: "Seoul, 3 Aug 2015".
func eventAlbum(shots []shot, opts Options) Album {
	var spots []*spot
	for _, s := range shots {
		spots = append(spots, s.spot)
	}
	first, last := shots[0].day, shots[len(shots)-1].day
	if last.ordinal() < first.ordinal() {
		first, last = last, first
	}
	a := Album{
		Kind:  KindEvent,
		ID:    fmt.Sprintf("event-%s-%02d", shots[0].day, shots[0].local.Hour()),
		Title: withPlace(placeName(spots), rangeTitle(first, last)),
	}
	fill(&a, shots, opts.MinLabelScore)
	return a
}
