package albums

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

// labelled makes n photos a day apart from 1 Jan 2020, each with the given labels.
func labelled(prefix string, n int, ls ...LabelScore) []Photo {
	var out []Photo
	for i := range n {
		out = append(out, Photo{
			ID:     fmt.Sprintf("%s%02d", prefix, i),
			Taken:  time.Date(2020, 1, 1+i, 12, 0, 0, 0, time.UTC),
			Labels: ls,
		})
	}
	return out
}

func TestThings(t *testing.T) {
	v := vocabulary(t)
	var photos []Photo
	photos = append(photos, labelled("dog", 4, LabelScore{"dog", 0.9})...)
	photos = append(photos, labelled("cat", 2, LabelScore{"cat", 0.8})...)
	photos = append(photos, labelled("weak", 3, LabelScore{"cat", 0.3})...)       // below the score threshold
	photos = append(photos, labelled("pizza", 5, LabelScore{"pizza", 0.7})...)    // food: 5, enough
	photos = append(photos, labelled("person", 9, LabelScore{"person", 0.99})...) // people: skipped
	photos = append(photos, labelled("car", 4, LabelScore{"car", 0.9})...)        // vehicles: 4, too few
	photos[0].Labels = []LabelScore{{"dog", 0.6}, {"cat", 0.95}}                  // the best-scoring pet
	got := Things(photos, Options{Vocabulary: v})
	want := []struct {
		id    string
		title Title
		count int
		first string
		cover string
	}{
		{"thing-pet", Title{"Pets", "반려동물"}, 6, "dog03", "dog00"},
		{"thing-food", Title{"Food & drink", "음식"}, 5, "pizza04", "pizza04"},
	}
	if len(got) != len(want) {
		t.Fatalf("Things: %v, want %d albums", titles(got), len(want))
	}
	for i, w := range want {
		a := got[i]
		if a.ID != w.id || a.Title != w.title || a.Count != w.count || a.Photos[0] != w.first || a.Cover != w.cover {
			t.Errorf("Things[%d] = %s %v %d photos from %s, cover %s; want %s %v %d from %s, cover %s", i, a.ID, a.Title,
				a.Count, a.Photos[0], a.Cover, w.id, w.title, w.count, w.first, w.cover)
		}
	}
	if got := Things(photos, Options{}); got != nil {
		t.Errorf("Things without a vocabulary = %v, want nil", titles(got))
	}
}

func TestPlaceAlbums(t *testing.T) {
	ix := realPlaces(t)
	osaka := LatLon{34.6937, 135.5023}
	var photos []Photo
	n := 0
	at := func(p LatLon, count int) {
		for range count {
			photos = append(photos, Photo{ID: fmt.Sprintf("p%03d", n), Taken: time.Date(2020, 1, 1, n, 0, 0, 0, time.UTC),
				Lat: ptr(p.Lat), Lon: ptr(p.Lon)})
			n++
		}
	}
	at(seoul, 6)
	at(jeju, 5)
	at(busan, 3)
	at(tokyo, 4)
	at(osaka, 3)
	at(paris, 3)
	at(newYork, 2) // too few
	got := PlaceAlbums(photos, Options{Places: ix})
	want := []struct {
		id    string
		title Title
		count int
	}{
		{"place-kr", Title{"South Korea", "대한민국"}, 14},
		{"place-jp", Title{"Japan", "일본"}, 7},
		{"place-kr-seoul-seoul", Title{"Seoul", "서울"}, 6},
		{"place-kr-jeju-do-jeju-city", Title{"Jeju", "제주"}, 5},
		{"place-jp-tokyo-tokyo", Title{"Tokyo", "도쿄"}, 4},
		{"place-fr-le-de-france-paris-", Title{"Paris", "파리"}, 3},
		{"place-jp-osaka-osaka", Title{"Osaka", "오사카"}, 3},
		{"place-kr-busan-busan", Title{"Busan", "부산"}, 3},
	}
	if len(got) != len(want) {
		t.Fatalf("PlaceAlbums: %v, want %d albums", titles(got), len(want))
	}
	for i, w := range want {
		a := got[i]
		idOK := a.ID == w.id || w.id[len(w.id)-1] == '-' && len(a.ID) == len(w.id)+8 && a.ID[:len(w.id)] == w.id
		if !idOK || a.Title != w.title || a.Count != w.count {
			t.Errorf("PlaceAlbums[%d] = %s %v %d, want %s %v %d", i, a.ID, a.Title, a.Count, w.id, w.title, w.count)
		}
	}
}

func TestMemories(t *testing.T) {
	now := time.Date(2025, 8, 3, 9, 0, 0, 0, time.UTC)
	photos := []Photo{
		{ID: "a", Taken: time.Date(2024, 8, 3, 10, 0, 0, 0, time.UTC)},
		{ID: "b", Taken: time.Date(2024, 8, 3, 9, 0, 0, 0, time.UTC)},
		{ID: "c", Taken: time.Date(2022, 8, 3, 23, 0, 0, 0, time.UTC)},
		{ID: "d", Taken: time.Date(2022, 8, 20, 9, 0, 0, 0, time.UTC)},
		{ID: "e", Taken: time.Date(2025, 8, 3, 8, 0, 0, 0, time.UTC)}, // today: not a memory yet
		{ID: "f", Taken: time.Date(2024, 8, 4, 0, 30, 0, 0, time.UTC)},
		{ID: "g", Taken: time.Date(2020, 7, 3, 9, 0, 0, 0, time.UTC)}, // another month
		{ID: "h"},
	}
	got := Memories(photos, now)
	want := []struct {
		id     string
		title  Title
		photos []string
	}{
		{"memory-day-2024-08-03", Title{"1 year ago", "1년 전"}, []string{"b", "a"}},
		{"memory-month-2024-08", Title{"This month, 1 year ago", "1년 전 이번 달"}, []string{"b", "a", "f"}},
		{"memory-day-2022-08-03", Title{"3 years ago", "3년 전"}, []string{"c"}},
		{"memory-month-2022-08", Title{"This month, 3 years ago", "3년 전 이번 달"}, []string{"c", "d"}},
	}
	if len(got) != len(want) {
		t.Fatalf("Memories: %v, want %d albums", titles(got), len(want))
	}
	for i, w := range want {
		if a := got[i]; a.ID != w.id || a.Title != w.title || !slices.Equal(a.Photos, w.photos) || a.Kind != KindMemory {
			t.Errorf("Memories[%d] = %s %v %v, want %s %v %v", i, a.ID, a.Title, a.Photos, w.id, w.title, w.photos)
		}
	}
	if got := Memories(photos, time.Time{}); got != nil {
		t.Errorf("Memories at zero time = %v, want nil", titles(got))
	}
}
