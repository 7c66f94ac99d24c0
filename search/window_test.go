package search

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
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
	s := ix.reader("")
	for _, q := range []string{"", "iphone", "korea", "2010-2020", "dog or cat"} {
		p := parse(q, testNow, s.vocab)
		bq := buildQuery("", p)
		total, err := s.countMatches(t.Context(), bq)
		if err != nil {
			t.Fatal(err)
		}
		for _, off := range []int{0, 50, 2000, total/2 - 60, total - 10} {
			var full, win Result
			if err := s.sortedPage(t.Context(), bq, p, off, 50, &full); err != nil {
				t.Fatal(err)
			}
			used, err := s.windowedPage(t.Context(), bq, p, -1, off, 50, 100, &win)
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

// TestDateQueryMatchesNumeric checks that date ranges split into year and month terms match exactly what one
// numeric range matches.
func TestDateQueryMatchesNumeric(t *testing.T) {
	ix, err := Open("", Options{})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer ix.Close()
	if err := ix.Put(t.Context(), genDocs(3000, 9)...); err != nil {
		t.Fatalf("Put: %v", err)
	}
	r := rand.New(rand.NewPCG(1, 1))
	someDay := func() time.Time {
		switch r.IntN(4) {
		case 0:
			return time.Time{}
		case 1:
			return day(2004+r.IntN(24), time.January, 1)
		case 2:
			return day(2004+r.IntN(24), time.Month(1+r.IntN(12)), 1)
		}
		return time.Unix(at(2004, 1, 1, 0, 0, 0).Unix()+r.Int64N(24*365*86400), 0).UTC()
	}
	for range 200 {
		from, to := someDay(), someDay()
		if from.IsZero() && to.IsZero() {
			continue
		}
		lib := libraryQuery("")
		got, err := ix.reader("").countMatches(t.Context(), bleve.NewConjunctionQuery(lib, dateQuery(from, to)))
		if err != nil {
			t.Fatal(err)
		}
		want, err := ix.reader("").countMatches(t.Context(), bleve.NewConjunctionQuery(lib, numericDateQuery(from, to)))
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("dateQuery(%v, %v) matches %d, numeric range %d", from, to, got, want)
		}
	}
}

func TestSortKey(t *testing.T) {
	times := []time.Time{at(2261, 12, 31, 23, 59, 59), at(2015, 8, 3, 8, 15, 1), at(2015, 8, 3, 8, 15, 0),
		at(1970, 1, 1, 0, 0, 0), at(1678, 1, 1, 0, 0, 0), {}}
	var keys []string
	for _, tm := range times {
		for _, id := range []string{"0a", "a0", "b", "ff"} { // ascending ids
			keys = append(keys, sortKey(tm, id))
		}
		if got := sortKeyTime(sortKey(tm, "x")); !got.Equal(tm) {
			t.Errorf("sortKeyTime(sortKey(%v)) = %v", tm, got)
		}
	}
	if !slices.IsSortedFunc(keys, func(a, b string) int { return -strings.Compare(a, b) }) {
		t.Errorf("sort keys not in descending order: %q", keys)
	}
}

// TestOnlyLibraryAfterDelete checks that leaving out the library term never leaks another library's photos,
// deleted documents included.
func TestOnlyLibraryAfterDelete(t *testing.T) {
	for _, dir := range []string{"", t.TempDir() + "/index"} {
		ix, err := Open(dir, Options{})
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		ctx := t.Context()
		docs := []Doc{{ID: "x1", Library: "x", Make: "canon"}, {ID: "x2", Library: "x", Make: "canon"},
			{ID: "y1", Library: "y", Make: "canon"}}
		if err := ix.Put(ctx, docs...); err != nil {
			t.Fatal(err)
		}
		if err := ix.Delete(ctx, "x", "x2"); err != nil {
			t.Fatal(err)
		}
		for lib, want := range map[string][]string{"x": {"x1"}, "y": {"y1"}} {
			res, err := ix.Search(ctx, Request{Library: lib, Query: "canon"})
			if got := hitIDs(res.Hits); err != nil || !slices.Equal(got, want) {
				t.Errorf("%q: Search(%s, canon) = %v, %v; want %v", dir, lib, got, err, want)
			}
		}
		if err := ix.Delete(ctx, "y", "y1"); err != nil {
			t.Fatal(err)
		}
		x, y := ix.reader("x"), ix.reader("y")
		if !x.onlyLibrary(ctx, "x") || y.onlyLibrary(ctx, "y") {
			t.Errorf("%q: onlyLibrary(x), onlyLibrary(y) = %v, %v; want true, false (empty)", dir,
				x.onlyLibrary(ctx, "x"), y.onlyLibrary(ctx, "y"))
		}
		ix.Close()
	}
}
