package ingest_test

import (
	"slices"
	"testing"

	"sajin/ingest"
	"sajin/ingest/catalog"
	"sajin/ingest/exif/exiftest"
	"sajin/search"
	"sajin/vision/labels"
)

// TestIndexLabelScores: the index stage carries each label's score from the catalog to the index, so a newer
// photo with a 0.31 dog ranks below an older one with a 0.95 dog, a dog the user removed is not found, and date
// order is still there when asked for.
func TestIndexLabelScores(t *testing.T) {
	l := newLib(t, ingest.Options{})
	ctx := t.Context()
	photos := map[string]struct {
		taken string
		label catalog.Label
	}{
		"old.jpg":     {"2015:08:03 08:15:00", catalog.Label{Key: "dog", Score: 0.95, Source: "centernet@1"}},
		"new.jpg":     {"2019:05:01 10:00:00", catalog.Label{Key: "dog", Score: 0.31, Source: "centernet@1"}},
		"removed.jpg": {"2020:01:01 10:00:00", catalog.Label{Key: "dog", Score: 0.9, Source: "centernet@1"}},
	}
	ids := map[string]string{}
	var jobs []catalog.Job
	i := 0
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for n := range photos {
			if !yield(n) {
				return
			}
		}
	}) {
		i++
		p, _, err := l.add(t, name, exiftest.JPEG(exiftest.Gray(16+i, 8), exiftest.Tags{DateTimeOriginal: photos[name].taken}), mtime)
		if err != nil {
			t.Fatalf("Add(%s): %v", name, err)
		}
		ids[name] = p.ID
		err = l.Catalog.SaveVision(ctx, p.Library, p.ID, catalog.Vision{Labels: []catalog.Label{photos[name].label}})
		if err != nil {
			t.Fatal(err)
		}
		jobs = append(jobs, catalog.Job{Library: p.Library, PhotoID: p.ID, Stage: ingest.StageIndex})
	}
	if err := l.Catalog.SetLabel(ctx, catalog.DefaultLibrary, ids["removed.jpg"], "dog", catalog.LabelRemoved); err != nil {
		t.Fatal(err)
	}
	vocab, err := labels.Load()
	if err != nil {
		t.Fatal(err)
	}
	ix, err := search.Open("", search.Options{Vocabulary: searchVocabulary(vocab)})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for i, err := range ingest.IndexStage(l.Catalog, ix, ingest.Describe{Terms: vocab}).Run(ctx, jobs) {
		if err != nil {
			t.Fatalf("index %s: %v", jobs[i].PhotoID, err)
		}
	}
	for _, tt := range []struct {
		query, sort string
		want        []string
	}{
		{"dog", "", []string{ids["old.jpg"], ids["new.jpg"]}},
		{"강아지", "", []string{ids["old.jpg"], ids["new.jpg"]}},
		{"dog", search.SortDate, []string{ids["new.jpg"], ids["old.jpg"]}},
	} {
		res, err := ix.Search(ctx, search.Request{Library: catalog.DefaultLibrary, Query: tt.query, Sort: tt.sort})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, h := range res.Hits {
			got = append(got, h.ID)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Search(%q, sort %q) = %v, want %v", tt.query, tt.sort, got, tt.want)
		}
	}
}

// searchVocabulary is the search vocabulary of the label vocabulary, as cmd/sajin builds it.
func searchVocabulary(v *labels.Vocabulary) *search.Vocabulary {
	var out []search.Label
	for _, l := range v.Labels() {
		sl := search.Label{Key: l.Key, En: l.En, Ko: l.Ko, Synonyms: l.Synonyms}
		if c, ok := v.Category(l.Category); ok {
			sl.Category = append([]string{c.En, c.Ko}, c.Synonyms...)
		}
		out = append(out, sl)
	}
	return search.NewVocabulary(out, nil)
}
