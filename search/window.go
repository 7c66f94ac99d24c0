package search

import (
	"context"
	"fmt"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Sorting by date in bleve costs time in proportion to the number of matches: every match's capture time is
// read from doc values and its external id loaded before the top of the heap is known (99 ms for one label in
// 1M photos, 431 ms for the whole library; see the table). Counting matches costs far less. So a page
// of a large result set is found in a window of recent time that holds it: the matches are counted, a window
// [anchor - span, ...) expected to hold twice the page is sorted, and the window is widened four-fold until it
// holds offset+limit matches. Every match inside a window is newer than every match outside it, so the page is
// exactly the page of the full sort. The last step is the full sort (dates unknown sort last).
const (
	// windowMinMatches is the size of result set below which the full sort is cheaper than counting first.
	windowMinMatches = 20_000
	// windowMinSpan is the smallest window tried.
	windowMinSpan = 7 * 24 * time.Hour
	// windowYears is the time the windows assume matches are spread over (the generated libraries hold 20
	// years; a wrong guess costs only a wider or an extra window).
	windowYears = 20
)

// countMatches counts q's matches without scoring or sorting (everything: the number of documents).
func (ix *Index) countMatches(ctx context.Context, q query.Query) (int, error) {
	if _, ok := q.(*query.MatchAllQuery); ok {
		n, err := ix.bi.DocCount()
		if err != nil {
			return 0, fmt.Errorf("search: count: %w", err)
		}
		return int(n), nil
	}
	br := bleve.NewSearchRequestOptions(q, 0, 0, false)
	br.Score = "none"
	sr, err := ix.bi.SearchInContext(ctx, br)
	if err != nil {
		return 0, fmt.Errorf("search: count: %w", err)
	}
	return int(sr.Total), nil
}

// and is q AND r; r alone when q matches everything (a conjunction would walk every document).
func and(q, r query.Query) query.Query {
	if _, ok := q.(*query.MatchAllQuery); ok {
		return r
	}
	return bleve.NewConjunctionQuery(q, r)
}

// windowedPage appends the page [offset, offset+limit) of q newest first to res, sorting only a recent window
// of the matches when there are at least minMatches. It reports false when the caller should run the full sort
// instead.
func (ix *Index) windowedPage(ctx context.Context, q query.Query, p Parsed, offset, limit int, now time.Time,
	minMatches int, res *Result) (bool, error) {
	total, err := ix.countMatches(ctx, q)
	if err != nil {
		return false, err
	}
	need := offset + limit
	if total < minMatches || need > total/2 {
		return false, nil
	}
	anchor := now.UTC().AddDate(0, 0, 1)
	if !p.To.IsZero() && p.To.Before(anchor) {
		anchor = p.To
	}
	full := time.Duration(windowYears) * 365 * 24 * time.Hour
	span := max(windowMinSpan, time.Duration(float64(full)*2*float64(need)/float64(total)))
	for ; span < full*2; span *= 4 {
		from := anchor.Add(-span)
		if !p.From.IsZero() && !from.After(p.From) {
			break
		}
		var w Result
		wq := and(q, dateQuery(from, time.Time{}))
		if err := ix.sortedPage(ctx, wq, p, offset, limit, &w); err != nil {
			return false, err
		}
		if w.Total >= need {
			res.Total += total
			res.Hits = append(res.Hits, w.Hits...)
			return true, nil
		}
	}
	return false, nil
}
