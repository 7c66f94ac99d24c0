package albums

import (
	"cmp"
	"fmt"
	"slices"
	"time"
)

// wall is a time's wall clock as a floating time.
func wall(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
}

// Memories makes the albums of "on this day" (photos of now's month and day in earlier years, one album per
// year: "1 year ago" / "1년 전") and "this month, years ago" (photos of now's month in earlier years, one album
// per year), newest first. now is the viewer's local time; only its date is read. A zero now makes none.
// Their IDs carry the date or month of their photos ("memory-day-2015-08-03", "memory-month-2015-08"), so an
// album keeps its id from one year's showing to the next while its title ages.
func Memories(photos []Photo, now time.Time) []Album {
	if now.IsZero() {
		return nil
	}
	today := dateOf(now)
	byDay, byMonth := map[int][]shot{}, map[int][]shot{}
	for i := range photos {
		p := &photos[i]
		if p.Taken.IsZero() {
			continue
		}
		s := shot{p: p, local: wall(p.Taken)}
		d := dateOf(s.local)
		if d.Y >= today.Y || d.M != today.M {
			continue
		}
		byMonth[d.Y] = append(byMonth[d.Y], s)
		if d.D == today.D {
			byDay[d.Y] = append(byDay[d.Y], s)
		}
	}
	var out []Album
	for y, shots := range byDay {
		id := "memory-day-" + date{y, today.M, today.D}.String()
		out = append(out, memory(id, yearsAgo(today.Y-y), shots))
	}
	for y, shots := range byMonth {
		n := today.Y - y
		t := Title{En: "This month, " + yearsAgo(n).En, Ko: fmt.Sprintf("%d년 전 이번 달", n)}
		out = append(out, memory(fmt.Sprintf("memory-month-%04d-%02d", y, today.M), t, shots))
	}
	sortNewest(out)
	return out
}

// memory makes one memory album, its photos in the order they were taken.
func memory(id string, t Title, shots []shot) Album {
	slices.SortFunc(shots, func(a, b shot) int {
		return cmp.Or(a.local.Compare(b.local), cmp.Compare(a.p.ID, b.p.ID))
	})
	a := Album{ID: id, Kind: KindMemory, Title: t}
	fill(&a, shots, DefaultMinLabelScore)
	return a
}
