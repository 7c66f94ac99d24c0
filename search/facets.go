package search

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/blevesearch/bleve/v2"
)

// MaxFacetMatches is the largest result set Search counts facets over. Counting costs time in proportion to the
// number of matches (about a microsecond each on two cores, see bench_test.go), so larger sets get no counts
// (Facets.Skipped): at that size the caller should show counts it keeps up to date itself.
const MaxFacetMatches = 100_000

// Facets are counts over every match of a query, for refining it.
type Facets struct {
	Years   []FacetCount `json:"years,omitempty"`   // every year, newest first
	Labels  []FacetCount `json:"labels,omitempty"`  // label keys, top 20 by count
	Places  []FacetCount `json:"places,omitempty"`  // most specific place names, top 20
	Cameras []FacetCount `json:"cameras,omitempty"` // camera models, top 10
	People  []FacetCount `json:"people,omitempty"`  // people's names, top 20
	// Skipped is true when the query matched more than MaxFacetMatches photos and nothing was counted.
	Skipped bool `json:"skipped,omitempty"`
}

// FacetCount is one value of a facet and how many matches have it.
type FacetCount struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// facetFields are the facets counted: field, how many values, and where the counts go.
func facetFields(f *Facets) []struct {
	field string
	size  int
	dst   *[]FacetCount
} {
	return []struct {
		field string
		size  int
		dst   *[]FacetCount
	}{
		{fieldYear, 300, &f.Years}, {fieldLabelKey, 20, &f.Labels}, {fieldPlace, 20, &f.Places},
		{fieldCamera, 10, &f.Cameras}, {fieldPerson, 20, &f.People},
	}
}

// facets counts the facets of a parsed query over all its matches (total of them), unless there are more than
// MaxFacetMatches.
func (ix *Index) facets(ctx context.Context, library string, p Parsed, total int) (*Facets, error) {
	f := &Facets{}
	if total > MaxFacetMatches {
		f.Skipped = true
		return f, nil
	}
	if total == 0 {
		return f, nil
	}
	br := bleve.NewSearchRequestOptions(buildQuery(library, p), 0, 0, false)
	br.Score = "none"
	fields := facetFields(f)
	for _, ff := range fields {
		br.AddFacet(ff.field, bleve.NewFacetRequest(ff.field, ff.size))
	}
	sr, err := ix.bi.SearchInContext(ctx, br)
	if err != nil {
		return nil, fmt.Errorf("search: facets: %w", err)
	}
	for _, ff := range fields {
		fr := sr.Facets[ff.field]
		if fr == nil || fr.Terms == nil {
			continue
		}
		for _, t := range fr.Terms.Terms() {
			*ff.dst = append(*ff.dst, FacetCount{Value: t.Term, Count: t.Count})
		}
	}
	slices.SortFunc(f.Years, func(a, b FacetCount) int { return cmp.Compare(b.Value, a.Value) })
	return f, nil
}
