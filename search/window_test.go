package search

import (
	"slices"
	"testing"
)

// TestWindowedPageMatchesFullSort checks that paging through windows of time gives exactly the pages of the full
// sort, for the whole library and for a word, at several offsets.
func TestWindowedPageMatchesFullSort(t *testing.T) {
	ix, err := Open("", Options{Vocabulary: vocabularyOf(t)})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer ix.Close()
	if err := ix.Put(t.Context(), genDocs(4000, 7)...); err != nil {
		t.Fatalf("Put: %v", err)
	}
	for _, q := range []string{"", "iphone", "korea", "2010-2020", "dog or cat"} {
		p := parse(q, testNow, ix.vocab)
		bq := buildQuery("", p)
		total, err := ix.countMatches(t.Context(), bq)
		if err != nil {
			t.Fatal(err)
		}
		for _, off := range []int{0, 50, 2000, total/2 - 60, total - 10} {
			var full, win Result
			if err := ix.sortedPage(t.Context(), bq, p, off, 50, &full); err != nil {
				t.Fatal(err)
			}
			used, err := ix.windowedPage(t.Context(), bq, p, off, 50, testNow, 100, &win)
			if err != nil {
				t.Fatal(err)
			}
			if used && off+50 > total/2 { // windows reaching a date filter's start give way to the full sort too
				t.Errorf("%q offset %d of %d: windows used = %v", q, off, total, used)
			}
			if used && (!slices.Equal(hitIDs(win.Hits), hitIDs(full.Hits)) || win.Total != full.Total) {
				t.Errorf("%q offset %d: windowed %v (total %d), full sort %v (total %d)", q, off,
					hitIDs(win.Hits), win.Total, hitIDs(full.Hits), full.Total)
			}
		}
	}
}
