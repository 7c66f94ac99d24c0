package search

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
)

// MaxFacetMatches is the largest number of matches Search counts facets over. Counting costs time in proportion
// to the doc-value chunks the counted matches are spread over (decoding them is 80% of it: 36 ms for 10,000
// matches spread over half of 1M photos), so for a larger result set only its newest matches are counted: those
// since a recent month expected to hold about this many (Facets.Counted says how many; Facets.Partial is set).
// Exact counts over a whole large library are the catalog's to keep up to date (the issue's "keep counts, don't
// recount").
const MaxFacetMatches = 5_000

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

// facets counts the facets of a parsed query over all its matches, or over its newest MaxFacetMatches or so
// when there are more. The counts of a query are kept until the index changes (facetCache).
func (ix *shard) facets(ctx context.Context, library string, p Parsed) (*Facets, error) {
	key, err := json.Marshal(p)
	if err != nil {
		return nil, fmt.Errorf("search: facets: %w", err)
	}
	gen := ix.gen.Load()
	if f, ok := ix.fcache.get(gen, library+"\x00"+string(key)); ok {
		return f, nil
	}
	f, err := ix.countFacets(ctx, library, p)
	if err == nil {
		ix.fcache.put(gen, library+"\x00"+string(key), f)
	}
	return f, err
}

// countFacets counts the facets of a parsed query.
func (ix *shard) countFacets(ctx context.Context, library string, p Parsed) (*Facets, error) {
	f := &Facets{}
	q := ix.query(ctx, library, p)
	total, err := ix.countMatches(ctx, q)
	if err != nil || total == 0 {
		return f, err
	}
	if total > MaxFacetMatches {
		months, dated, err := ix.months()
		if err != nil {
			return nil, err
		}
		if from, ok := windowStart(months, p.To, float64(MaxFacetMatches)*float64(dated)/float64(total)); ok {
			f.Partial = true
			q = and(q, dateQuery(from, time.Time{}))
		}
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

// facetCache keeps the facets of recent queries while the index does not change (the generation of the shard
// stays the same): the web app asks for them again with every page of a query, and counting them costs more
// than the page (README.md).
type facetCache struct {
	mu  sync.Mutex
	gen uint64
	m   map[string]*Facets
}

// facetCacheSize caps the queries kept; past it the cache starts again empty.
const facetCacheSize = 256

// get returns a copy of the facets kept for key at generation gen.
func (c *facetCache) get(gen uint64, key string) (*Facets, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f, ok := c.m[key]
	if !ok || c.gen != gen {
		return nil, false
	}
	cp := *f
	return &cp, true
}

// put keeps the facets of key, counted at generation gen.
func (c *facetCache) put(gen uint64, key string, f *Facets) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen || c.m == nil || len(c.m) >= facetCacheSize {
		if gen < c.gen {
			return // counted before a change that is already seen
		}
		c.gen, c.m = gen, map[string]*Facets{}
	}
	cp := *f
	c.m[key] = &cp
}
