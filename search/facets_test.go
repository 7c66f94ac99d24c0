package search

import (
	"testing"
	"time"
)

// TestFacetsCacheFollowsChanges: facets kept for a query are counted again once the index changes.
func TestFacetsCacheFollowsChanges(t *testing.T) {
	ix := newFeatureIndex(t)
	ctx := t.Context()
	count := func() int {
		res, err := ix.Search(ctx, Request{Library: "f", Query: "dog", Facets: true, Now: testNow})
		if err != nil {
			t.Fatal(err)
		}
		for _, y := range res.Facets.Years {
			if y.Value == "2020" {
				return y.Count
			}
		}
		return 0
	}
	if n := count(); n != 0 {
		t.Fatalf("2020 dogs = %d, want 0", n)
	}
	if n := count(); n != 0 { // from the cache
		t.Fatalf("2020 dogs again = %d, want 0", n)
	}
	doc := featureDocs(t)[0]
	doc.ID, doc.Taken = "f9", time.Date(2020, 5, 5, 0, 0, 0, 0, time.UTC)
	if err := ix.Put(ctx, doc); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 1 {
		t.Errorf("after a new 2020 dog, 2020 dogs = %d, want 1", n)
	}
	if err := ix.Delete(ctx, "f", "f9"); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 0 {
		t.Errorf("after deleting it, 2020 dogs = %d, want 0", n)
	}
}
