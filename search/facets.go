package search

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/blevesearch/bleve/v2"
)

// MaxFacetMatches is the largest number of matches Search counts facets over. Counting costs time in proportion
// to the matches counted (1-5 µs each for the five facets on two cores, see doc.go), so for a larger result set
// only its newest matches are counted: those in a recent window of time expected to hold about this many
// (Facets.Counted says how many; Facets.Partial is set). Exact counts over a whole large library are the
// catalog's to keep up to date (the "keep counts, don't recount").
const MaxFacetMatches = 10_000

// Facets are counts over every match of a query, for refining it.
type Facets struct {
	Years   []FacetCount `json:"years,omitempty"`   // every year, newest first
	Labels  []FacetCount `json:"labels,omitempty"`  // label keys, top 20 by count
	Places  []FacetCount `json:"places,omitempty"`  // most specific place names, top 20
	Cameras []FacetCount `json:"cameras,omitempty"` // camera models, top 10
	People  []FacetCount `json:"people,omitempty"`  // people's names, top 20
	// Counted is how many matches the counts are over; Partial is set when that is only the newest of them
	// (the query matched more than MaxFacetMatches photos).
	Counted int  `json:"counted"`
	Partial bool `json:"partial,omitempty"`
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

// facets counts the facets of a parsed query over all its matches (total of them), or over its newest
// MaxFacetMatches or so when there are more.
func (ix *Index) facets(ctx context.Context, library string, p Parsed, total int, now time.Time) (*Facets, error) {
	f := &Facets{}
	if total == 0 {
		return f, nil
	}
	q := ix.query(ctx, library, p)
	if total > MaxFacetMatches {
		f.Partial = true
		anchor := now.UTC().AddDate(0, 0, 1)
		if !p.To.IsZero() && p.To.Before(anchor) {
			anchor = p.To
		}
		span := time.Duration(float64(windowYears*365*24*time.Hour) * MaxFacetMatches / float64(total))
		q = and(q, dateQuery(anchor.Add(-span), time.Time{}))
	}
	br := bleve.NewSearchRequestOptions(q, 0, 0, false)
	br.Score = "none"
	fields := facetFields(f)
	for _, ff := range fields {
		br.AddFacet(ff.field, bleve.NewFacetRequest(ff.field, ff.size))
	}
	sr, err := ix.bi.SearchInContext(ctx, br)
	if err != nil {
		return nil, fmt.Errorf("search: facets: %w", err)
	}
	f.Counted = int(sr.Total)
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
