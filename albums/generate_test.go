package albums

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// Positions of the generated timeline.
var (
	seoul    = LatLon{37.5665, 126.9780}
	gimpo    = LatLon{37.5583, 126.7906}
	incheon  = LatLon{37.4602, 126.4407} // the airport, 45 km from Seoul's centre: still home
	jeju     = LatLon{33.4996, 126.5312}
	seogwipo = LatLon{33.2541, 126.5601}
	busan    = LatLon{35.1796, 129.0756}
	daejeon  = LatLon{36.3504, 127.3845}
	tokyo    = LatLon{35.6762, 139.6503}
	newYork  = LatLon{40.7128, -74.0060}
	paris    = LatLon{48.8566, 2.3522}
)

// library is a generated library with the group each photo truly belongs to.
type library struct {
	r      *rand.Rand
	photos []Photo
	truth  map[string]string // photo id -> group ("home 2015-01-03", "trip jeju", "day daejeon")
	offset bool              // whether photos carry their UTC offset
}

func newLibrary(seed uint64, offset bool) *library {
	return &library{r: rand.New(rand.NewPCG(seed, 1)), truth: map[string]string{}, offset: offset}
}

// shoot adds n photos on one date between the hours from and to (local time, may pass 24), within jitter
// degrees of a position, in a zone offset hours from UTC, all in group.
func (tl *library) shoot(d date, from, to float64, at LatLon, jitter float64, offsetH int, n int, group string) {
	for range n {
		h := from + tl.r.Float64()*(to-from)
		t := d.time().Add(time.Duration(h * float64(time.Hour))).Truncate(time.Second)
		p := Photo{
			ID:    fmt.Sprintf("p%05d", len(tl.photos)),
			Taken: t,
			Lat:   ptr(at.Lat + (tl.r.Float64()*2-1)*jitter),
			Lon:   ptr(at.Lon + (tl.r.Float64()*2-1)*jitter),
		}
		if tl.offset {
			p.Offset = ptr(offsetH * 3600)
		}
		tl.photos = append(tl.photos, p)
		tl.truth[p.ID] = group
	}
}

// year2015 is the test library: photos at home in Seoul every weekend day of 2015, a week in Jeju (3-9 Aug,
// two days in Seogwipo), a weekend in Busan (17-18 Oct), Tokyo (19-23 Nov, nothing on the 21st), New York
// (10-15 Dec, UTC-5, flying home over the date line to Incheon on the 16th) and a day trip to Daejeon (14 Jun).
func year2015(seed uint64, offset bool) *library { return year2015Days(seed, offset, false) }

// year2015Days is year2015 with, when long is set, days at home of one to four bursts of photos anywhere
// between 7:00 and 24:00 instead of photos spread between 10:00 and 20:00.
func year2015Days(seed uint64, offset, long bool) *library {
	tl := newLibrary(seed, offset)
	away := map[date]bool{}
	trip := func(from date, days int, group string, f func(d date, i int)) {
		for i := range days {
			d := date{from.Y, from.M, from.D + i}
			away[d] = true
			f(d, i)
		}
	}
	trip(date{2015, 8, 3}, 7, "trip jeju", func(d date, i int) {
		at := jeju
		if i == 2 || i == 3 {
			at = seogwipo
		}
		if i == 0 {
			tl.shoot(d, 7, 8, gimpo, 0.005, 9, 2, "trip jeju")
			tl.shoot(d, 11, 21, at, 0.03, 9, 8, "trip jeju")
			return
		}
		tl.shoot(d, 9, 21, at, 0.03, 9, 10+tl.r.IntN(10), "trip jeju")
	})
	trip(date{2015, 10, 17}, 2, "trip busan", func(d date, _ int) { tl.shoot(d, 10, 20, busan, 0.03, 9, 8, "trip busan") })
	trip(date{2015, 11, 19}, 5, "trip tokyo", func(d date, i int) {
		if i != 2 {
			tl.shoot(d, 9, 22, tokyo, 0.05, 9, 12, "trip tokyo")
		}
	})
	trip(date{2015, 12, 10}, 6, "trip new york", func(d date, i int) {
		tl.shoot(d, 9, 12, newYork, 0.05, -5, 12, "trip new york")
	})
	tl.shoot(date{2015, 6, 14}, 10, 18, daejeon, 0.02, 9, 7, "day daejeon")
	away[date{2015, 6, 14}] = true
	tl.shoot(date{2015, 12, 16}, 17, 18, incheon, 0.01, 9, 1, "home 2015-12-16")
	for d := (date{2015, 1, 1}); d.Y == 2015; d = dateOf(d.time().AddDate(0, 0, 1)) {
		wd := d.time().Weekday()
		if away[d] || wd != time.Saturday && wd != time.Sunday {
			continue
		}
		if !long {
			tl.shoot(d, 10, 20, seoul, 0.05, 9, 5+tl.r.IntN(8), "home "+d.String())
			continue
		}
		for range 1 + tl.r.IntN(4) {
			h := 7 + tl.r.Float64()*16.5
			tl.shoot(d, h, h+0.5, seoul, 0.05, 9, 2+tl.r.IntN(4), "home "+d.String())
		}
	}
	return tl
}
