package search

import (
	"context"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Labels carry the score their model gave them (Doc.LabelScores). Among otherwise equal matches of a query that
// names labels, a photo whose label is surer comes first: a 0.95 "dog" before a 0.31 "dog".
//
// Scores are indexed as levels: a label of level L (confLevel) has the terms "key@1" .. "key@L" in the label_conf
// field, so one term finds every photo whose label is at least that sure. The matches of a query are ranked in
// bands, level 4 first down to level 0 (no named label matched at level 1, e.g. the word was found in OCR text or
// in another label's name, "hot dog" for "dog"), and newest first inside a band: a band is the query AND
// "at least this level" AND NOT "at least the next", paged like any query (windows of time, window.go). So the
// cost stays that of a date-ordered search plus one count per band above the page, not a sort of every match
// by score. A hit's own level is read from the term vectors of the page's hits (locate).
//
// A query with several label words ranks by the least sure of them (a photo is as good a "dog cat" as its
// weaker label); words that name no label (a camera, a place, a date) do not change the order.

// confLevels is the number of levels above 0: a score s has level floor(5s), at most 4 (0.2, 0.4, 0.6, 0.8).
const confLevels = 4

// confLevel is the level of a label score; NaN is 0, scores past 1 are level confLevels.
func confLevel(score float64) int {
	if math.IsNaN(score) || score <= 0 {
		return 0
	}
	return min(confLevels, int(score*(confLevels+1)))
}

// confWeight is how much a match of a level counts when ranking by use: (level+1)/(confLevels+1), 0.2 to 1.
func confWeight(level int) float64 { return float64(level+1) / (confLevels + 1) }

// confTerm is the label_conf term of a label key at a level.
func confTerm(key string, level int) string { return key + "@" + strconv.Itoa(level) }

// confTerms are the label_conf terms of a document's labels: a key without a score counts as sure.
func confTerms(keys []string, scores map[string]float64) []string {
	var out []string
	for i, k := range keys {
		if k == "" || slices.Contains(keys[:i], k) {
			continue
		}
		s, ok := scores[k]
		if !ok {
			s = 1
		}
		for l := 1; l <= confLevel(s); l++ {
			out = append(out, confTerm(k, l))
		}
	}
	return out
}

// labelKeys lists the keys of the labels a query word (a free word or a label filter) names.
func (p Parsed) labelKeys(f Filter) []string {
	if f.Kind != "" && f.Kind != "label" {
		return nil
	}
	return p.keys[f.Text]
}

// labelled keeps the clauses that name labels.
func labelled(cs []clause) []clause {
	return slices.DeleteFunc(slices.Clone(cs), func(c clause) bool { return len(c.keys) == 0 })
}

// atLeast matches the photos whose every labelled clause names a label of theirs of at least level.
func atLeast(cs []clause, level int) query.Query {
	qs := make([]query.Query, 0, len(cs))
	for _, c := range cs {
		terms := make([]query.Query, 0, len(c.keys))
		for _, k := range c.keys {
			terms = append(terms, termQuery(fieldLabelConf, confTerm(k, level)))
		}
		if len(terms) == 1 {
			qs = append(qs, terms[0])
		} else {
			qs = append(qs, bleve.NewDisjunctionQuery(terms...))
		}
	}
	if len(qs) == 1 {
		return qs[0]
	}
	return bleve.NewConjunctionQuery(qs...)
}

// anyConf matches any level term of the labelled clauses; added as an optional clause when locating a page's
// hits, it makes their levels readable from term vectors.
func anyConf(cs []clause) query.Query {
	var qs []query.Query
	for _, c := range cs {
		for _, k := range c.keys {
			for l := 1; l <= confLevels; l++ {
				qs = append(qs, termQuery(fieldLabelConf, confTerm(k, l)))
			}
		}
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// hitLevel is a located hit's level: for each labelled clause the highest level of its keys among the hit's
// label_conf terms, and the least of those over the clauses.
func hitLevel(cs []clause, terms map[string]bool) int {
	level := confLevels
	for _, c := range cs {
		best := 0
		for t := range terms {
			k, l, ok := strings.Cut(t, "@")
			n, err := strconv.Atoi(l)
			if ok && err == nil && slices.Contains(c.keys, k) {
				best = max(best, n)
			}
		}
		level = min(level, best)
	}
	return level
}

// band matches q's matches of exactly one level: at least level, not at least level+1.
func band(q query.Query, cs []clause, level int) query.Query {
	b := bleve.NewBooleanQuery()
	b.AddMust(q)
	if level > 0 {
		b.AddMust(atLeast(cs, level))
	}
	if level < confLevels {
		b.AddMustNot(atLeast(cs, level+1))
	}
	return b
}

// rankedPage appends the page [offset, offset+limit) of q to res, surest labels first and newest first inside
// a level, and adds q's total. Without labelled clauses it is the newest-first page. A large result set is
// paged band by band (counting the bands above the page), a small one ranked whole (rankAll).
func (ix *shard) rankedPage(ctx context.Context, q query.Query, p Parsed, offset, limit int,
	res *Result) error {
	cs := labelled(p.clauses())
	if len(cs) == 0 {
		return ix.page(ctx, q, p, offset, limit, res)
	}
	total, err := ix.countMatches(ctx, q)
	if err != nil {
		return err
	}
	res.Total += total
	need := min(offset+limit, total)
	if total <= rankAllMax {
		return ix.rankAll(ctx, q, p, total, offset, limit, res)
	}
	above := 0 // matches in the levels above this one
	for level := confLevels; level >= 0 && above < need; level-- {
		n := total - above
		if level > 0 {
			cum, err := ix.countMatches(ctx, and(q, atLeast(cs, level)))
			if err != nil {
				return err
			}
			n = cum - above
		}
		if n > 0 && offset < above+n {
			bq := q
			if above > 0 || n < total {
				bq = band(q, cs, level)
			}
			var r Result
			from := max(offset, above)
			if err := ix.countedPage(ctx, bq, p, n, from-above, min(need, above+n)-from, &r); err != nil {
				return err
			}
			res.Hits = append(res.Hits, r.Hits...)
		}
		above += n
	}
	return nil
}

// rankAllMax is the largest result set ranked in one piece (rankAll) rather than band by band: up to a few
// hundred matches, one sorted search of them all, with their levels, costs less than the counts of the bands.
const rankAllMax = 500

// rankAll appends the page [offset, offset+limit) of q's total matches to res: all of them newest first, their
// levels read with them, then ordered by level (a stable sort keeps newest first inside a level).
func (ix *shard) rankAll(ctx context.Context, q query.Query, p Parsed, total, offset, limit int, res *Result) error {
	var all Result
	if err := ix.sortedPage(ctx, q, p, 0, total, &all); err != nil {
		return err
	}
	slices.SortStableFunc(all.Hits, func(a, b Hit) int { return b.level - a.level })
	res.Hits = append(res.Hits, all.Hits[min(offset, len(all.Hits)):min(offset+limit, len(all.Hits))]...)
	return nil
}
