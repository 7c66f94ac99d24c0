package search

import (
	"slices"
	"testing"

	"sajin/vision/labels"
)

func ptr(f float64) *float64 { return &f }

// featureDocs is a small library "f" with labels (as ingest indexes them: every term of each label), places,
// people, albums, OCR text and positions.
func featureDocs(tb testing.TB) []Doc {
	voc, err := labels.Load()
	if err != nil {
		tb.Fatalf("labels.Load: %v", err)
	}
	terms := func(keys ...string) []string {
		var out []string
		for _, k := range keys {
			out = append(out, voc.Terms(k)...)
		}
		return out
	}
	jeju := []string{"Jeju City", "제주", "Jeju-do", "제주특별자치도", "South Korea", "대한민국", "한국", "Korea"}
	seoul := []string{"Seoul", "서울", "South Korea", "대한민국", "한국", "Korea"}
	return []Doc{
		{ID: "f1", Library: "f", Taken: at(2015, 8, 3, 9, 0, 0), Model: "iPhone 6", Labels: terms("dog"),
			Places: jeju, Lat: ptr(33.4996), Lon: ptr(126.5312), People: []string{"지수"}, Albums: []string{"제주 여행"}},
		{ID: "f2", Library: "f", Taken: at(2016, 5, 1, 9, 0, 0), Model: "iPhone 6", Labels: terms("cat"),
			Places: seoul, Lat: ptr(37.5665), Lon: ptr(126.978)},
		{ID: "f3", Library: "f", Taken: at(2017, 1, 1, 9, 0, 0), Model: "Pixel 8", Labels: terms("dog", "cat"),
			Places: seoul, People: []string{"지수", "Minho Kim"}},
		{ID: "f4", Library: "f", Taken: at(2018, 7, 7, 9, 0, 0), Model: "Pixel 8", Labels: terms("bicycle", "person"),
			Text: []string{"Hallasan trail"}, Places: jeju, Lat: ptr(33.3617), Lon: ptr(126.5292)},
		{ID: "f5", Library: "f", Taken: at(2019, 3, 3, 9, 0, 0), Model: "X-T2", Labels: terms("cup", "screenshot"),
			Albums: []string{"카페"}},
		{ID: "f6", Library: "f", FileName: "bicycle_repair.pdf"},
	}
}

// newFeatureIndex is an in-memory index of featureDocs with the real vocabulary.
func newFeatureIndex(t *testing.T) *Index {
	t.Helper()
	ix, err := Open("", Options{Vocabulary: vocabularyOf(t, "고양시")})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { ix.Close() })
	if err := ix.Put(t.Context(), featureDocs(t)...); err != nil {
		t.Fatalf("Put: %v", err)
	}
	return ix
}

func TestSearchFeatures(t *testing.T) {
	ix := newFeatureIndex(t)
	tests := []struct {
		query string
		want  []string // newest first
	}{
		{"강아지랑 고양이", []string{"f3"}}, {"강아지와 고양이", []string{"f3"}}, {"dog and cat", []string{"f3"}},
		{"강아지", []string{"f3", "f1"}}, {"dogs", []string{"f3", "f1"}}, {"puppies", []string{"f3", "f1"}},
		{"고양이들", []string{"f3", "f2"}}, {"반려동물", []string{"f3", "f2", "f1"}}, {"pets", []string{"f3", "f2", "f1"}},
		{"bicycles", []string{"f4"}}, {"bicycle", []string{"f4", "f6"}}, {"자전거", []string{"f4"}},
		{"teddy bear", nil}, {"dgo", []string{"f3", "f1"}}, {"bycicle", []string{"f4"}}, {"강아자", []string{"f3", "f1"}},
		{"제주에서", []string{"f4", "f1"}}, {"제주도", []string{"f4", "f1"}}, {"jeju", []string{"f4", "f1"}},
		{"한국", []string{"f4", "f3", "f2", "f1"}}, {"place:서울", []string{"f3", "f2"}},
		{"제주에서 강아지", []string{"f1"}}, {"2015년 제주에서 찍은 강아지 사진", []string{"f1"}},
		{"person:지수", []string{"f3", "f1"}}, {"지수랑 고양이", []string{"f3"}}, {"person:minho", []string{"f3"}},
		{"album:여행", []string{"f1"}}, {"album:카페", []string{"f5"}}, {"camera:pixel", []string{"f4", "f3"}},
		{"text:hallasan", []string{"f4"}}, {"label:강아지들", []string{"f3", "f1"}}, {"label:dgo", []string{"f3", "f1"}},
		{"near:33.5,126.5,10", []string{"f1"}}, {"near:33.45,126.53,30", []string{"f4", "f1"}},
		{"near:37.5665,126.978,1 고양이", []string{"f2"}},
		{"dog OR cat", []string{"f3", "f2", "f1"}}, {"강아지 또는 자전거", []string{"f4", "f3", "f1"}},
		{"(dog or bicycle) jeju", []string{"f4", "f1"}}, {"dog NOT cat", []string{"f1"}}, {"dog -고양이", []string{"f1"}},
		{"강아지 고양이 빼고", []string{"f1"}}, {"-label:cat -label:dog", []string{"f5", "f4", "f6"}},
		{"coffee", []string{"f5"}}, {"캡처", []string{"f5"}}, {"year:2019", []string{"f5"}},
	}
	for _, tt := range tests {
		res, err := ix.Search(t.Context(), Request{Library: "f", Query: tt.query, Now: testNow})
		if err != nil {
			t.Fatalf("Search(%q): %v", tt.query, err)
		}
		if got := hitIDs(res.Hits); !slices.Equal(got, tt.want) || res.Total != len(tt.want) {
			t.Errorf("Search(%q) = %v (total %d), want %v; parsed %+v", tt.query, got, res.Total, tt.want, res.Parsed)
		}
	}
}

func TestSearchFeaturesWhy(t *testing.T) {
	ix := newFeatureIndex(t)
	tests := []struct {
		query, id string
		want      []string
		resolved  []Resolved
	}{
		{"dgo", "f1", []string{`label:dog (from "dgo")`}, []Resolved{{"dgo", "dog", "dog", "fuzzy"}}},
		{"bicycles", "f4", []string{`label:bicycle (from "bicycles")`}, []Resolved{{"bicycles", "bicycle", "bicycle", "plural"}}},
		{"강아지랑 제주", "f1", []string{"label:강아지", "place:제주", "album:제주"}, []Resolved{{"강아지", "dog", "강아지", "name"}}},
		{"near:33.5,126.5,10 person:지수", "f1", []string{"near:33.5,126.5,10", "person:지수"}, nil},
		{"dog or cat", "f2", []string{"label:cat"}, []Resolved{{"dog", "dog", "dog", "name"}, {"cat", "cat", "cat", "name"}}},
	}
	for _, tt := range tests {
		res, err := ix.Search(t.Context(), Request{Library: "f", Query: tt.query, Now: testNow})
		if err != nil {
			t.Fatalf("Search(%q): %v", tt.query, err)
		}
		if !slices.Equal(res.Parsed.Resolved, tt.resolved) {
			t.Errorf("Search(%q).Parsed.Resolved = %+v, want %+v", tt.query, res.Parsed.Resolved, tt.resolved)
		}
		found := false
		for _, h := range res.Hits {
			if h.ID == tt.id {
				found = true
				if !slices.Equal(h.Why, tt.want) {
					t.Errorf("Search(%q) %s Why = %q, want %q", tt.query, h.ID, h.Why, tt.want)
				}
			}
		}
		if !found {
			t.Errorf("Search(%q): %s not found", tt.query, tt.id)
		}
	}
}

func TestSearchFacets(t *testing.T) {
	ix := newFeatureIndex(t)
	res, err := ix.Search(t.Context(), Request{Library: "f", Query: "", Facets: true, Now: testNow})
	if err != nil || res.Facets == nil {
		t.Fatalf("Search = %+v, %v", res.Facets, err)
	}
	f := res.Facets
	check := func(name string, got, want []FacetCount) {
		t.Helper()
		if !slices.Equal(got, want) {
			t.Errorf("facet %s = %v, want %v", name, got, want)
		}
	}
	if f.Counted != 6 || f.Partial {
		t.Errorf("Counted = %d, Partial = %v; want 6, false", f.Counted, f.Partial)
	}
	check("years", f.Years, []FacetCount{{"2019", 1}, {"2018", 1}, {"2017", 1}, {"2016", 1}, {"2015", 1}})
	check("cameras", f.Cameras, []FacetCount{{"Pixel 8", 2}, {"iPhone 6", 2}, {"X-T2", 1}})
	check("places", f.Places, []FacetCount{{"Jeju City", 2}, {"Seoul", 2}})
	check("people", f.People, []FacetCount{{"지수", 2}, {"Minho Kim", 1}})
	check("labels", f.Labels[:2], []FacetCount{{"cat", 2}, {"dog", 2}})
	if len(f.Labels) != 6 {
		t.Errorf("labels = %v, want 6 keys", f.Labels)
	}
	res, err = ix.Search(t.Context(), Request{Library: "f", Query: "강아지", Facets: true})
	if err != nil {
		t.Fatalf("Search: %v", err)
	}
	check("dog years", res.Facets.Years, []FacetCount{{"2017", 1}, {"2015", 1}})
	check("dog labels", res.Facets.Labels, []FacetCount{{"dog", 2}, {"cat", 1}})
	res, err = ix.Search(t.Context(), Request{Library: "f", Query: "강아지"})
	if err != nil || res.Facets != nil {
		t.Errorf("no facets asked: %+v, %v", res.Facets, err)
	}
}
