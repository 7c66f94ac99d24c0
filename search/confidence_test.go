package search

import (
	"cmp"
	"slices"
	"testing"

	"sajin/vision/labels"
)

// scoredDocs is a library "s" of dogs of different scores, a hot dog, a dog read in a sign, and a cat.
func scoredDocs(tb testing.TB) []Doc {
	voc, err := labels.Load()
	if err != nil {
		tb.Fatalf("labels.Load: %v", err)
	}
	doc := func(id string, day int, scores map[string]float64, text ...string) Doc {
		d := Doc{ID: id, Library: "s", Taken: at(2020, 5, day, 12, 0, 0), LabelScores: scores, Text: text}
		for _, k := range slices.Sorted(func(yield func(string) bool) {
			for k := range scores {
				if !yield(k) {
					return
				}
			}
		}) {
			d.LabelKeys = append(d.LabelKeys, k)
			d.Labels = append(d.Labels, voc.Terms(k)...)
		}
		return d
	}
	user := doc("user", 1, nil)
	user.LabelKeys, user.Labels = []string{"dog"}, voc.Terms("dog") // a label the user added: no score, sure
	return []Doc{
		doc("low", 20, map[string]float64{"dog": 0.31}), // newest, least sure
		doc("high", 10, map[string]float64{"dog": 0.95}),
		doc("mid", 15, map[string]float64{"dog": 0.62}),
		doc("hotdog", 25, map[string]float64{"hot_dog": 0.9}), // "dog" in another label's name
		doc("sign", 28, nil, "DOG CAFE"),                      // "dog" read by OCR
		doc("cat", 27, map[string]float64{"cat": 0.9}),
		doc("dogcat", 5, map[string]float64{"dog": 0.9, "cat": 0.35}),
		user,
	}
}

// TestLabelScoresRank: a 0.31 dog ranks below a 0.95 dog among otherwise equal matches, whatever their dates;
// labels found only by a word of another label's name or in OCR text come last; Sort: date still orders by date.
func TestLabelScoresRank(t *testing.T) {
	ix, err := Open("", Options{Vocabulary: vocabularyOf(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Put(t.Context(), scoredDocs(t)...); err != nil {
		t.Fatal(err)
	}
	dogs := []string{"high", "dogcat", "user", "mid", "low", "sign", "hotdog"}
	tests := []struct {
		query, sort string
		want        []string
	}{
		{"dog", "", dogs}, // level 4 newest first (high 05-10, dogcat 05-05, user 05-01), 3, 1, then level 0
		{"강아지", "", []string{"high", "dogcat", "user", "mid", "low"}},
		{"label:dog", "", []string{"high", "dogcat", "user", "mid", "low", "hotdog"}},
		{"dogs", "", []string{"high", "dogcat", "user", "mid", "low"}},          // a synonym of dog, not in "hot dog"
		{"dgo", "", []string{"high", "dogcat", "user", "mid", "low", "hotdog"}}, // a typo resolved ranks too
		{"dog", SortDate, []string{"sign", "hotdog", "low", "mid", "high", "dogcat", "user"}},
		{"dog cat", "", []string{"dogcat"}},
		{"dog or cat", "", []string{"cat", "high", "dogcat", "user", "mid", "low", "sign", "hotdog"}},
		{"2020-05 dog", "", dogs}, // a date does not change the order
	}
	for _, tt := range tests {
		res, err := ix.Search(t.Context(), Request{Library: "s", Query: tt.query, Sort: tt.sort, Now: testNow})
		if err != nil {
			t.Fatalf("Search(%q): %v", tt.query, err)
		}
		if got := hitIDs(res.Hits); !slices.Equal(got, tt.want) || res.Total != len(tt.want) {
			t.Errorf("Search(%q, sort %q) = %v (total %d), want %v", tt.query, tt.sort, got, res.Total, tt.want)
		}
		for off := range tt.want { // every page of one is the same order
			page, err := ix.Search(t.Context(), Request{Library: "s", Query: tt.query, Sort: tt.sort, Now: testNow,
				Offset: off, Limit: 1})
			if err != nil || len(page.Hits) != 1 || page.Hits[0].ID != tt.want[off] || page.Total != len(tt.want) {
				t.Errorf("Search(%q, offset %d, limit 1) = %v (total %d) %v, want %s", tt.query, off,
					hitIDs(page.Hits), page.Total, err, tt.want[off])
			}
		}
	}
}

// TestLabelScoresBlendWithUse: learning still ranks on top of the scores. A photo the user opens a lot comes
// first even with a 0.31 label; among photos used alike, the surer label first.
func TestLabelScoresBlendWithUse(t *testing.T) {
	ix, err := Open("", Options{Vocabulary: vocabularyOf(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Put(t.Context(), scoredDocs(t)...); err != nil {
		t.Fatal(err)
	}
	u := newClickUsage(500)
	for range 10 {
		u.click("low", "dog")
	}
	u.click("mid", "dog")
	u.click("high", "dog")
	res, err := ix.Search(t.Context(), Request{Library: "s", Query: "dog", Usage: u, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"low", "high", "mid", "dogcat", "user", "sign", "hotdog"}
	if got := hitIDs(res.Hits); !slices.Equal(got, want) {
		t.Errorf("Search(dog, used) = %v, want %v", got, want)
	}
}

// TestRankedPagesMatchFullOrder checks band paging against the order computed from the documents themselves:
// least sure label level descending, then newest first, then by id, at offsets inside and across bands.
func TestRankedPagesMatchFullOrder(t *testing.T) {
	docs := genDocs(3000, 11)
	ix, err := Open("", Options{Vocabulary: vocabularyOf(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Put(t.Context(), docs...); err != nil {
		t.Fatal(err)
	}
	s := ix.reader("")
	paths := map[bool]bool{} // band by band, ranked whole
	defer func() {
		if !paths[true] || !paths[false] {
			t.Errorf("queries ranked band by band, whole: %v; want both", paths)
		}
	}()
	for _, q := range []string{"person", "dog or cat", "car 2010-2020"} {
		p := parse(q, testNow, s.vocab)
		s.resolveWords(&p, nil, false)
		var all Result
		if err := s.page(t.Context(), s.query(t.Context(), "", p), p, 0, MaxLimit, &all); err != nil {
			t.Fatal(err)
		}
		level := map[string]int{}
		for _, d := range docs {
			level[d.ID] = expectedLevel(d, p.clauses())
		}
		want := hitIDs(all.Hits)
		slices.SortStableFunc(want, func(a, b string) int { return cmp.Compare(level[b], level[a]) })
		paths[len(want) > rankAllMax] = true
		if len(want) < 100 || level[want[0]] == level[want[len(want)-1]] {
			t.Fatalf("%q: %d matches, levels %d..%d: not a test of bands", q, len(want), level[want[0]],
				level[want[len(want)-1]])
		}
		for _, off := range []int{0, 37, len(want) / 3, len(want) / 2, len(want) - 20} {
			res, err := ix.Search(t.Context(), Request{Query: q, Now: testNow, Offset: off, Limit: 40})
			if err != nil {
				t.Fatal(err)
			}
			end := min(off+40, len(want))
			if got := hitIDs(res.Hits); !slices.Equal(got, want[off:end]) || res.Total != len(want) {
				t.Errorf("%q offset %d: %v (total %d), want %v (total %d)", q, off, got, res.Total, want[off:end],
					len(want))
			}
			for _, h := range res.Hits {
				if h.level != level[h.ID] {
					t.Errorf("%q: hit %s level %d, want %d", q, h.ID, h.level, level[h.ID])
				}
			}
		}
	}
}

// expectedLevel is a document's level for the labelled clauses of a query: for each, the best level among the
// labels it names; the least of those.
func expectedLevel(d Doc, cs []clause) int {
	level := confLevels
	for _, c := range labelled(cs) {
		best := 0
		for _, k := range c.keys {
			if slices.Contains(d.LabelKeys, k) {
				s, ok := d.LabelScores[k]
				if !ok {
					s = 1
				}
				best = max(best, confLevel(s))
			}
		}
		level = min(level, best)
	}
	return level
}

func TestConfLevel(t *testing.T) {
	tests := []struct {
		score float64
		want  int
	}{{-1, 0}, {0, 0}, {0.19, 0}, {0.2, 1}, {0.31, 1}, {0.4, 2}, {0.62, 3}, {0.79, 3}, {0.8, 4}, {0.95, 4}, {1, 4}, {7, 4}}
	for _, tt := range tests {
		if got := confLevel(tt.score); got != tt.want {
			t.Errorf("confLevel(%v) = %d, want %d", tt.score, got, tt.want)
		}
	}
	got := confTerms([]string{"dog", "cat", "dog", "user"}, map[string]float64{"dog": 0.45, "cat": 0.1})
	if want := []string{"dog@1", "dog@2", "user@1", "user@2", "user@3", "user@4"}; !slices.Equal(got, want) {
		t.Errorf("confTerms = %v, want %v", got, want)
	}
}
