package albums

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestBuild makes every kind from one generated year and checks the order of kinds, that ids are unique and
// that the result does not depend on the order of the photos.
func TestBuild(t *testing.T) {
	tl := year2015(3, true)
	for i := range tl.photos {
		p := &tl.photos[i]
		if i%4 == 0 {
			p.Labels = []LabelScore{{"dog", 0.9}}
		}
		if i%5 == 0 {
			p.Faces = []Face{{ID: p.ID + "-f", Person: "p1"}}
		}
	}
	opts := Options{Places: realPlaces(t), Vocabulary: vocabulary(t), Now: time.Date(2016, 8, 5, 9, 0, 0, 0, time.UTC)}
	as := Build(tl.photos, opts)
	rank := map[Kind]int{KindMemory: 0, KindTrip: 1, KindEvent: 1, KindPerson: 2, KindThing: 3, KindPlace: 4}
	seen := map[string]bool{}
	kinds := map[Kind]int{}
	for i, a := range as {
		if i > 0 && rank[a.Kind] < rank[as[i-1].Kind] {
			t.Errorf("album %d (%s) after a %s", i, a.ID, as[i-1].Kind)
		}
		if seen[a.ID] || !strings.HasPrefix(a.ID, string(a.Kind)+"-") {
			t.Errorf("album id %q repeated or not of kind %s", a.ID, a.Kind)
		}
		seen[a.ID] = true
		kinds[a.Kind]++
		if a.Count != len(a.Photos) || !slices.Contains(a.Photos, a.Cover) || a.Title.En == "" || a.Title.Ko == "" {
			t.Errorf("album %s: count %d of %d photos, cover %q, title %v", a.ID, a.Count, len(a.Photos), a.Cover, a.Title)
		}
	}
	for _, k := range []Kind{KindMemory, KindTrip, KindEvent, KindPerson, KindThing, KindPlace} {
		if kinds[k] == 0 {
			t.Errorf("Build made no %s album: %v", k, kinds)
		}
	}
	rev := slices.Clone(tl.photos)
	slices.Reverse(rev)
	a, _ := json.Marshal(as)
	b, _ := json.Marshal(Build(rev, opts))
	if string(a) != string(b) {
		t.Error("Build of the photos reversed differs")
	}
	t.Logf("as JSON: %.300s", a)
}
