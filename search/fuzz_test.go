package search

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// fuzzSeeds are queries people type, in both languages, and odd inputs that once broke a parser: the seed corpus
// of FuzzParse and FuzzSearch (`go test ./search -run '^$' -fuzz FuzzSearch -fuzztime 1m`).
func fuzzSeeds() []string {
	return []string{
		// dates
		"2015", "2015-08-03", "20150803", "august 3, 2015", "3 aug 2015", "2015년 8월 3일", "2015년8월3일에",
		"작년에 찍은 사진", "before 2010", "between 2015 and", "2015-2017", "2015~", "~2017", "from 2015-08 to",
		"지난 달", "작년 여름", "올겨울", "christmas", "christmas 2019", "8월 3일", "last summer", "summer 2018",
		"어제", "yesterday", "last year", "after:2019", "since:2020-03", "until:2021", "year:2015-2017", "before:",
		"2015년도부터", "밤", "night", "지난주 토요일",
		// words, Korean particles, typos, plurals
		"dog", "dogs", "강아지", "강아지랑 고양이", "고양이들", "2019년 제주에서 찍은 강아지 사진", "제주도에서 찍은 바다",
		"dgo", "capucino", "강아자", "bicycles", "엄마", "아이폰으로 찍은 사진", "canon 5d", "img_1234.jpg",
		"IMG_20150803_081500.jpg", "사진 보여줘",
		// filters and operators
		"camera:canon -screenshot", "label:강아지", "label:dog year:2019", "lens:24-70", "person:지수",
		"album:제주 여행", "place:jeju", "text:sale", "file:IMG_0001.JPG", "near:33.55,126.58,10",
		"near:37.56,126.97,5 dog", "near:91,200,1", "near:1e308,1,1", "dog OR cat", "(dog or cat) jeju",
		"강아지 또는 고양이", "스크린샷 빼고", "NOT screenshot", "not", "or or or", "-", "--dog", "| dog",
		// odd bytes and widths
		"", " ", "９월", "\xff2015", "2015년년", "\x00", "ＤＯＧ", "강아지", "🐶 2019", strings.Repeat("가", 300),
	}
}

// FuzzParse checks the parser's invariants: dates within bounds, parts of every year valid, terms lower-case
// words without spaces or commas, the same answer twice.
func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		p := Parse(q, testNow)
		if p.HasDate() {
			if p.From.IsZero() && p.To.IsZero() {
				t.Fatalf("Parse(%q): date %q without bounds", q, p.Date)
			}
			if !p.From.IsZero() && p.From.Year() < minYear || !p.To.IsZero() && p.To.Year() > maxYear+1 {
				t.Fatalf("Parse(%q): range [%v, %v) outside years", q, p.From, p.To)
			}
		}
		for _, y := range p.Yearly {
			if y.From < 101 || y.From > 1231 || y.To < 101 || y.To > 1231 || y.Label == "" {
				t.Fatalf("Parse(%q): bad yearly %v", q, y)
			}
		}
		for _, term := range p.Terms {
			if term == "" || strings.ContainsFunc(term, func(r rune) bool { return r == ' ' || r == ',' }) {
				t.Fatalf("Parse(%q): bad term %q", q, term)
			}
			if utf8.ValidString(q) && term != strings.ToLower(term) {
				t.Fatalf("Parse(%q): term %q not lower-case", q, term)
			}
		}
		if p.Near != nil && !validLatLon(p.Near.Lat, p.Near.Lon) {
			t.Fatalf("Parse(%q): near %+v off the globe", q, *p.Near)
		}
		if again := Parse(q, testNow); again.Date != p.Date || !slices.Equal(again.Terms, p.Terms) {
			t.Fatalf("Parse(%q) not deterministic", q)
		}
	})
}

// FuzzSearch runs any query through the whole search (parse, vocabulary, bleve query, ranking, facets) over a
// small index of two libraries: it never fails except for a query too long, never answers a photo of the other
// library, and its total and pages agree.
func FuzzSearch(f *testing.F) {
	for _, s := range fuzzSeeds() {
		f.Add(s)
	}
	ix, err := Open("", Options{Vocabulary: vocabularyOf(f)})
	if err != nil {
		f.Fatal(err)
	}
	defer ix.Close()
	docs := append(testDocs(), featureDocs(f)...)
	if err := ix.Put(f.Context(), docs...); err != nil {
		f.Fatal(err)
	}
	in := map[string]map[string]bool{} // library -> its ids
	for _, d := range docs {
		if in[d.Library] == nil {
			in[d.Library] = map[string]bool{}
		}
		in[d.Library][d.ID] = true
	}
	f.Fuzz(func(t *testing.T, q string) {
		for _, lib := range []string{"", "f"} {
			res, err := ix.Search(t.Context(), Request{Library: lib, Query: q, Now: testNow, Limit: 5, Facets: true})
			if errors.Is(err, ErrQueryTooLong) {
				return
			}
			if err != nil {
				t.Fatalf("Search(%q in %q): %v", q, lib, err)
			}
			if len(res.Hits) > 5 || len(res.Hits) > res.Total {
				t.Fatalf("Search(%q in %q): %d hits of %d", q, lib, len(res.Hits), res.Total)
			}
			for _, h := range res.Hits {
				if !in[lib][h.ID] {
					t.Fatalf("Search(%q in %q) answered %s of another library", q, lib, h.ID)
				}
			}
		}
	})
}
