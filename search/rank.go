package search

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Usage is what one user does with their photos, as the caller measures it from usage events (opens, shares,
// favourites, result clicks, album adds), decayed with time so that recent use counts most. Scores are >= 0;
// 0 means unused. Implementations must be safe for concurrent use.
type Usage interface {
	// Score is a photo's usage score.
	Score(id string) float64
	// LabelScore is a label's usage score (searches for it, clicks on photos found by it); it breaks ties
	// between labels a mistyped word may mean and ranks suggestions.
	LabelScore(key string) float64
	// Top lists up to n ids of the photos with the highest Score, best first.
	Top(n int) []string
}

// maxUsed is how many of the user's most used photos (Usage.Top) can be lifted above the other matches.
const maxUsed = 500

// runByUse answers a query with words in two parts: the matches among the user's most used photos, ordered by
// how well the words matched times (1 + usage), then every other match, surest labels first and newest first
// (confidence.go). A page may span both.
//
// Only Usage.Top(maxUsed) photos are lifted, so the cost is one more bleve query over at most maxUsed ids, and
// the rest keeps the order (and the cost) of a date-ordered search.
func (ix *shard) runByUse(ctx context.Context, req Request, p Parsed) (Result, error) {
	res := Result{Parsed: p}
	top := req.Usage.Top(maxUsed)
	base := ix.query(ctx, req.Library, p)
	if len(top) == 0 {
		err := ix.rankedPage(ctx, base, p, min(max(req.Offset, 0), maxOffset), pageLimit(req.Limit), &res)
		return res, err
	}
	keys := make([]string, len(top))
	for i, id := range top {
		keys[i] = docKey(req.Library, id)
	}
	ids := bleve.NewDocIDQuery(keys)
	var used Result
	if err := ix.sortedPage(ctx, bleve.NewConjunctionQuery(base, ids), p, 0, len(keys), &used); err != nil {
		return res, err
	}
	rankByUse(used.Hits, req.Usage)
	offset, limit := min(max(req.Offset, 0), maxOffset), pageLimit(req.Limit)
	res.Total = used.Total
	res.Hits = used.Hits[min(offset, len(used.Hits)):min(offset+limit, len(used.Hits))]
	rest := bleve.NewBooleanQuery()
	rest.AddMust(base)
	rest.AddMustNot(usedQuery(req.Library, used.Hits))
	err := ix.rankedPage(ctx, rest, p, max(0, offset-len(used.Hits)), limit-len(res.Hits), &res)
	return res, err
}

// usedQuery matches the documents of hits (none when there are none).
func usedQuery(library string, hits []Hit) query.Query {
	keys := make([]string, len(hits))
	for i, h := range hits {
		keys[i] = docKey(library, h.ID)
	}
	return bleve.NewDocIDQuery(keys)
}

// rankByUse orders hits by matchWeight * confWeight * (1 + usage), then newest first, then by id, and records
// the usage: a photo used often comes first even when its label is less sure, and among photos used alike the
// surer label first.
func rankByUse(hits []Hit, u Usage) {
	rank := make(map[string]float64, len(hits))
	for i := range hits {
		hits[i].Usage = max(u.Score(hits[i].ID), 0)
		rank[hits[i].ID] = matchWeight(hits[i].Why) * confWeight(hits[i].level) * (1 + hits[i].Usage)
	}
	slices.SortStableFunc(hits, func(a, b Hit) int {
		if c := cmp.Compare(rank[b.ID], rank[a.ID]); c != 0 {
			return c
		}
		if c := b.Taken.Compare(a.Taken); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
}

// matchWeight is how well a hit's words matched, from what they matched in: what the photo shows or where it
// was taken (labels, text, places, people, albums) counts 1, a camera, lens or file name 0.5. Bleve's own score
// is not used: it varies with how many labels a photo has, which says nothing about how well it matches.
func matchWeight(why []string) float64 {
	w := 0.5
	for _, r := range why {
		kind, _, _ := strings.Cut(r, ":")
		switch kind {
		case "label", "text", "place", "person", "album":
			return 1
		}
	}
	return w
}
