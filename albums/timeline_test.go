package albums

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// byKind keeps the albums of some kinds.
func byKind(as []Album, kinds ...Kind) []Album {
	var out []Album
	for _, a := range as {
		if slices.Contains(kinds, a.Kind) {
			out = append(out, a)
		}
	}
	return out
}

// groupsOf lists the true groups of an album's photos.
func groupsOf(tl *library, a Album) []string {
	var gs []string
	for _, id := range a.Photos {
		if g := tl.truth[id]; !slices.Contains(gs, g) {
			gs = append(gs, g)
		}
	}
	return gs
}

// TestTrips finds the known trips of a generated year, with their days and titles, with and without UTC
// offsets on the photos.
func TestTrips(t *testing.T) {
	ix := realPlaces(t)
	type want struct {
		id     string
		title  Title
		group  string
		days   int
		day0   Title
		fromTo string
	}
	wants := []want{
		{id: "trip-2015-12-10", title: Title{"New York, December 2015", "뉴욕, 2015년 12월"}, group: "trip new york",
			days: 6, day0: Title{"New York, 10 Dec 2015", "뉴욕, 2015년 12월 10일"}, fromTo: "2015-12-10 2015-12-15"},
		{id: "trip-2015-11-19", title: Title{"Tokyo, November 2015", "도쿄, 2015년 11월"}, group: "trip tokyo",
			days: 4, day0: Title{"Tokyo, 19 Nov 2015", "도쿄, 2015년 11월 19일"}, fromTo: "2015-11-19 2015-11-23"},
		{id: "trip-2015-10-17", title: Title{"Busan, October 2015", "부산, 2015년 10월"}, group: "trip busan",
			days: 2, day0: Title{"Busan, 17 Oct 2015", "부산, 2015년 10월 17일"}, fromTo: "2015-10-17 2015-10-18"},
		{id: "trip-2015-08-03", title: Title{"Jeju, August 2015", "제주, 2015년 8월"}, group: "trip jeju",
			days: 7, day0: Title{"Jeju, 3 Aug 2015", "제주, 2015년 8월 3일"}, fromTo: "2015-08-03 2015-08-09"},
	}
	for _, offset := range []bool{true, false} {
		t.Run(fmt.Sprintf("offset=%v", offset), func(t *testing.T) {
			tl := year2015(1, offset)
			trips := byKind(Build(tl.photos, Options{Places: ix}), KindTrip)
			if len(trips) != len(wants) {
				t.Fatalf("Build: %d trips, want %d: %v", len(trips), len(wants), titles(trips))
			}
			for i, w := range wants {
				a := trips[i]
				fromTo := a.From.Format(time.DateOnly) + " " + a.To.Format(time.DateOnly)
				if a.ID != w.id || a.Title != w.title || len(a.Days) != w.days || a.Days[0].Title != w.day0 ||
					fromTo != w.fromTo {
					t.Errorf("trip %d = %s %v, %d days (first %v), %s; want %s %v, %d days (first %v), %s", i, a.ID,
						a.Title, len(a.Days), a.Days[0].Title, fromTo, w.id, w.title, w.days, w.day0, w.fromTo)
				}
				if gs := groupsOf(tl, a); len(gs) != 1 || gs[0] != w.group || a.Count != countGroup(tl, w.group) {
					t.Errorf("trip %s holds %d photos of %v, want the %d of %q", a.ID, a.Count, gs,
						countGroup(tl, w.group), w.group)
				}
			}
		})
	}
}

func titles(as []Album) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.ID+" "+a.Title.En)
	}
	return out
}

func countGroup(tl *library, g string) int {
	n := 0
	for _, x := range tl.truth {
		if x == g {
			n++
		}
	}
	return n
}

// TestEvents checks that every day at home is one event, titled with its place and date, and that the day
// trip to Daejeon is an event, not a trip.
func TestEvents(t *testing.T) {
	tl := year2015(1, true)
	evs := byKind(Build(tl.photos, Options{Places: realPlaces(t)}), KindEvent)
	days := map[string]bool{}
	for _, g := range tl.truth {
		if strings.HasPrefix(g, "home ") && countGroup(tl, g) >= DefaultMinEventPhotos || g == "day daejeon" {
			days[g] = true
		}
	}
	if len(evs) != len(days) {
		t.Errorf("Build: %d events, want %d", len(evs), len(days))
	}
	for _, a := range evs {
		gs := groupsOf(tl, a)
		if len(gs) != 1 || a.Count != countGroup(tl, gs[0]) {
			t.Errorf("event %s %q holds %d photos of %v", a.ID, a.Title.En, a.Count, gs)
			continue
		}
		d := dateOf(a.From)
		place := Title{"Seoul", "서울"}
		if gs[0] == "day daejeon" {
			place = Title{"Daejeon", "대전"}
		}
		if want := withPlace(&place, dayTitle(d)); a.Title != want {
			t.Errorf("event %s title = %v, want %v", a.ID, a.Title, want)
		}
	}
}

// TestEventIDsStable checks that album ids do not change when photos are added to them.
func TestEventIDsStable(t *testing.T) {
	tl := year2015(1, true)
	before := Build(tl.photos, Options{})
	more := year2015(2, true) // the same days, other photos
	for i := range more.photos {
		more.photos[i].ID = "extra-" + more.photos[i].ID
	}
	after := Build(append(slices.Clone(tl.photos), more.photos...), Options{})
	idsOf := func(as []Album) map[string]bool {
		m := map[string]bool{}
		for _, a := range as {
			if a.Kind == KindTrip {
				m[a.ID] = true
			}
		}
		return m
	}
	b, a := idsOf(before), idsOf(after)
	for id := range b {
		if !a[id] {
			t.Errorf("trip %s gone after adding photos; now %v", id, a)
		}
	}
}
