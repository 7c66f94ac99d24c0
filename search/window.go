package search

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Sorting by date in bleve costs time in proportion to the number of matches: every match's capture time is
// read from doc values and its external id loaded before the top of the heap is known (99 ms for one label in
// 1M photos, 431 ms for the whole library; see the table). Counting matches costs far less. So a page
// of a large result set is found in a window of recent time that holds it: the matches are counted, and only
// those taken since the start of a recent month are sorted, the month chosen from the library's own number of
// photos per month (the month field's term dictionary: a few hundred terms with their counts, read in
// microseconds) so that the window is expected to hold twice the page; it is widened four-fold until it holds
// offset+limit matches. Every match inside a window is newer than every match outside it, so the page is exactly
// the page of the full sort. The last step is the full sort (dates unknown sort last).
//
// Windows start from the library's newest photos, not from today: a library whose last photo is months old
// would otherwise sort a wide window to get past the empty months. For the whole library the counts are exact,
// so page 20 sorts about one month of photos.
const (
	// windowMinMatches is the size of result set below which the full sort is cheaper than counting first. The
	// sort's cost is the doc-value chunks its matches are spread over (about 25 µs per chunk of 1,024 photos),
	// so even a few thousand matches spread over every year cost as much as sorting the whole library: 25 ms for
	// 5,800 matches in 1M photos, where a window holding the page costs 1-2 ms.
	windowMinMatches = 1_000
	// windowSlack is how many times the page a window is expected to hold, for matches spread unevenly.
	windowSlack = 2
)

// monthCount is the number of photos (all libraries) taken in one month.
type monthCount struct {
	start time.Time // the first instant of the month
	n     int
}

// months lists the index's photos per capture month, newest first, and their sum (photos of unknown date are
// in none). Deleted documents may still be counted until their segments merge: the counts guide windows, they
// never decide a page.
func (ix *shard) months() ([]monthCount, int, error) {
	adv, err := ix.bi.Advanced()
	if err != nil {
		return nil, 0, fmt.Errorf("search: months: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, 0, fmt.Errorf("search: months: %w", err)
	}
	defer r.Close()
	fd, err := r.FieldDict(fieldMonth)
	if err != nil {
		return nil, 0, fmt.Errorf("search: months: %w", err)
	}
	defer fd.Close()
	var out []monthCount
	sum := 0
	for {
		e, err := fd.Next()
		if err != nil {
			return nil, 0, fmt.Errorf("search: months: %w", err)
		}
		if e == nil {
			break
		}
		if t, err := time.Parse("2006-01", e.Term); err == nil {
			out = append(out, monthCount{start: t, n: int(e.Count)})
			sum += int(e.Count)
		}
	}
	slices.Reverse(out) // the dictionary is in ascending order
	return out, sum, nil
}

// windowStart is the start of the latest month from which the photos taken before to (zero: no end) number at
// least want; false when all of them do not.
func windowStart(months []monthCount, to time.Time, want float64) (time.Time, bool) {
	sum := 0
	for _, m := range months {
		if !to.IsZero() && !m.start.Before(to) {
			continue
		}
		sum += m.n
		if float64(sum) >= want {
			return m.start, true
		}
	}
	return time.Time{}, false
}

// countMatches counts q's matches without scoring or sorting (everything: the number of documents).
func (ix *shard) countMatches(ctx context.Context, q query.Query) (int, error) {
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
// of the matches when there are at least minMatches (total is the number of q's matches; -1 counts them). It reports false when the caller should run the full sort
// instead.
func (ix *shard) windowedPage(ctx context.Context, q query.Query, p Parsed, total, offset, limit int,
	minMatches int, res *Result) (bool, error) {
	if total < 0 {
		n, err := ix.countMatches(ctx, q)
		if err != nil {
			return false, err
		}
		total = n
	}
	need := offset + limit
	if total < minMatches || need > total/2 {
		return false, nil
	}
	months, dated, err := ix.months()
	if err != nil {
		return false, err
	}
	want := float64(need) * float64(dated) / float64(total) // photos of the library per match needed
	if _, all := q.(*query.MatchAllQuery); !all {
		want *= windowSlack
	}
	for ; ; want *= 4 {
		from, ok := windowStart(months, p.To, want)
		if !ok || !p.From.IsZero() && !from.After(p.From) {
			return false, nil
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
}
