package search

import (
	"slices"
	"testing"
	"time"
)

func suggestTexts(ss []Suggestion) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.Kind + ":" + s.Text
	}
	return out
}

func TestSuggest(t *testing.T) {
	src := SuggestSources{
		Vocabulary: vocabularyOf(t),
		Places:     []string{"제주", "Jeju City", "고양", "Seoul", "서울"},
		People:     []string{"지수", "Minho Kim", "고모"},
		Albums:     []string{"제주 여행", "Dog days"},
		Queries: []PastQuery{
			{Text: "고양이 2019", Count: 3, Last: testNow.Add(-24 * time.Hour)},
			{Text: "고양이 겨울", Count: 3, Last: testNow.Add(-90 * 24 * time.Hour)},
			{Text: "dog beach", Count: 1, Last: testNow.Add(-time.Hour)},
		},
		Now:   testNow,
		Limit: 5,
	}
	tests := []struct {
		prefix string
		want   []string
	}{
		{"고야", []string{"query:고양이 2019", "query:고양이 겨울", "label:고양이", "place:고양"}},
		{"고", []string{"query:고양이 2019", "query:고양이 겨울", "person:고모", "label:곰", "label:공"}},
		{"제", []string{"album:제주 여행", "place:제주"}},
		{"do", []string{"query:dog beach", "album:Dog days", "label:dog", "label:donut", "label:hot dog"}},
		{"강아지 고야", []string{"label:강아지 고양이", "place:강아지 고양"}},
		{"minho", []string{"person:Minho Kim"}},
		{"kim", []string{"person:Minho Kim"}},
		{"sEo", []string{"place:Seoul"}},
		{"", nil},
		{"zzz", nil},
	}
	for _, tt := range tests {
		if got := suggestTexts(Suggest(tt.prefix, src)); !slices.Equal(got, tt.want) {
			t.Errorf("Suggest(%q) = %q, want %q", tt.prefix, got, tt.want)
		}
	}
}

func TestSuggestLabelUsage(t *testing.T) {
	src := SuggestSources{Vocabulary: vocabularyOf(t), Limit: 3}
	got := suggestTexts(Suggest("ca", src))
	if want := []string{"label:car", "label:cat", "label:cake"}; !slices.Equal(got, want) {
		t.Errorf("Suggest(ca) = %q, want %q", got, want)
	}
	src.LabelScore = func(key string) float64 { return map[string]float64{"cake": 2}[key] }
	if got := suggestTexts(Suggest("ca", src)); got[0] != "label:cake" {
		t.Errorf("Suggest(ca) with cake used = %q, want cake first", got)
	}
}
