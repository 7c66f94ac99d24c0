package search

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Page sizes of Search.
const (
	DefaultLimit = 50
	MaxLimit     = 1000
)

// Limits on a query: its length in bytes (a few hundred Korean characters) and its number of words, filters and
// excluded words together (each word becomes a query on every text field).
const (
	MaxQueryLen   = 2048
	MaxQueryWords = 32
)

// ErrQueryTooLong reports a query longer than MaxQueryLen or with more than MaxQueryWords words; it is the
// caller's mistake (HTTP 400).
var ErrQueryTooLong = errors.New("search: query too long")

// maxOffset caps Request.Offset: bleve adds offset and limit as ints, and an offset past every match only needs to
// return no hits.
const maxOffset = 1 << 40

// Request is one search.
type Request struct {
	Library string // the library searched; hits of other libraries never appear
	Query   string // what the user typed; "" lists the whole library
	Offset  int    // hits skipped, for paging
	Limit   int    // hits returned: 0 means DefaultLimit, more than MaxLimit means MaxLimit
	// Now anchors relative dates ("last year", "어제"); zero means time.Now(). Its location is the user's.
	Now time.Time
}

// Result is the answer to a Request.
type Result struct {
	Total  int    `json:"total"`  // number of matching photos in the library, all pages
	Hits   []Hit  `json:"hits"`   // the requested page, newest first
	Parsed Parsed `json:"parsed"` // how the query was understood
}

// Hit is one matching photo.
type Hit struct {
	ID    string    `json:"id"`
	Taken time.Time `json:"taken,omitzero"` // floating wall clock (UTC value); zero when unknown
	Score float64   `json:"score"`          // how well the words matched (0 without words); does not affect order
	Why   []string  `json:"why,omitempty"`  // what matched: "date:2015-08", "yearly:summer", "camera:canon"
}

// Search parses req.Query, runs it in req.Library, and returns hits newest first (by Taken; unknown dates last),
// ties by id. An empty query returns every photo of the library, newest first.
func (ix *Index) Search(ctx context.Context, req Request) (Result, error) {
	if len(req.Query) > MaxQueryLen {
		return Result{}, fmt.Errorf("search: %d bytes: %w", len(req.Query), ErrQueryTooLong)
	}
	now := req.Now
	if now.IsZero() {
		now = time.Now()
	}
	p := Parse(req.Query, now)
	res := Result{Parsed: p}
	if n := len(p.clauses()) + len(p.Not); n > MaxQueryWords {
		return res, fmt.Errorf("search: %d words: %w", n, ErrQueryTooLong)
	}
	if p.Empty() {
		return res, nil
	}
	sr, err := ix.bi.SearchInContext(ctx, searchRequest(req, p))
	if err != nil {
		return res, fmt.Errorf("search: %q: %w", req.Query, err)
	}
	res.Total = int(sr.Total)
	words := ix.queryParts(p.clauses())
	for _, h := range sr.Hits {
		res.Hits = append(res.Hits, Hit{ID: photoID(h.ID), Taken: sortTime(h), Score: h.Score, Why: why(p, words, h)})
	}
	return res, nil
}

// searchRequest is the bleve request for one page of a parsed query, newest first.
func searchRequest(req Request, p Parsed) *bleve.SearchRequest {
	limit := req.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	br := bleve.NewSearchRequestOptions(buildQuery(req.Library, p), min(limit, MaxLimit),
		min(max(req.Offset, 0), maxOffset), false)
	br.SortByCustom(newestFirst())
	if len(p.clauses()) == 0 {
		br.Score = "none" // nothing to score: skip it
	} else {
		br.IncludeLocations = true // term positions tell why a hit matched
	}
	return br
}

// newestFirst orders by capture time descending, unknown dates last, then by id.
func newestFirst() bsearch.SortOrder {
	return bsearch.SortOrder{
		&bsearch.SortField{Field: fieldTaken, Desc: true, Type: bsearch.SortFieldAsDate,
			Missing: bsearch.SortFieldMissingLast},
		&bsearch.SortDocID{},
	}
}

// sortTime decodes the capture time from a hit's first sort value.
func sortTime(h *bsearch.DocumentMatch) time.Time {
	if len(h.DecodedSort) == 0 {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, h.DecodedSort[0])
	if err != nil {
		return time.Time{} // a missing value sorts as a sentinel term, not a time
	}
	return t
}

// libraryQuery matches every document of one library.
func libraryQuery(library string) query.Query {
	q := bleve.NewTermQuery(libraryKey(library))
	q.SetField(fieldLibrary)
	return q
}

// clause is one word that must match (itself or one of its aliases), and the fields it may match in.
type clause struct {
	text   string
	words  []string // text and its aliases
	fields []matchField
}

// clauses lists the words that must match: free terms in every text field, filters in their kind's fields.
func (p Parsed) clauses() []clause {
	var out []clause
	for _, t := range p.Terms {
		out = append(out, clause{t, withAliases(t), textFields()})
	}
	for _, f := range p.Filters {
		out = append(out, clause{f.Text, withAliases(f.Text), fieldsOfKind(f.Kind)})
	}
	return out
}

// buildQuery is the bleve query of a parsed query: library AND date range AND every word AND NOT any excluded word.
func buildQuery(library string, p Parsed) query.Query {
	must := []query.Query{libraryQuery(library)}
	if p.HasDate() {
		must = append(must, dateQuery(p.From, p.To))
	}
	for _, y := range p.Yearly {
		must = append(must, yearlyQuery(y))
	}
	for _, c := range p.clauses() {
		must = append(must, wordQuery(c.words, c.fields))
	}
	if len(p.Not) == 0 {
		if len(must) == 1 {
			return must[0]
		}
		return bleve.NewConjunctionQuery(must...)
	}
	b := bleve.NewBooleanQuery()
	b.AddMust(must...)
	for _, n := range p.Not {
		b.AddMustNot(wordQuery(withAliases(n), textFields()))
	}
	return b
}

// dateQuery is [from, to) on the capture time; a zero end is open.
func dateQuery(from, to time.Time) query.Query {
	incl, excl := true, false
	q := bleve.NewDateRangeInclusiveQuery(from, to, &incl, &excl)
	q.SetField(fieldTaken)
	return q
}

// yearlyQuery matches capture days in a part of every year, in two ranges when it wraps past New Year.
func yearlyQuery(y Yearly) query.Query {
	if y.To <= y.From {
		return bleve.NewDisjunctionQuery(monthDayQuery(y.From, 1300), monthDayQuery(100, y.To))
	}
	return monthDayQuery(y.From, y.To)
}

// monthDayQuery is [from, to) on the month*100+day field.
func monthDayQuery(from, to int) query.Query {
	lo, hi := float64(from), float64(to)
	incl, excl := true, false
	q := bleve.NewNumericRangeInclusiveQuery(&lo, &hi, &incl, &excl)
	q.SetField(fieldMonthDay)
	return q
}

// wordQuery matches any of words in any of fields: all of a word's analysed parts must occur in the same field.
func wordQuery(words []string, fields []matchField) query.Query {
	var alts []query.Query
	for _, word := range words {
		alts = append(alts, fieldQueries(word, fields)...)
	}
	return bleve.NewDisjunctionQuery(alts...)
}

// fieldQueries matches one word in each of fields.
func fieldQueries(word string, fields []matchField) []query.Query {
	var alts []query.Query
	for _, f := range fields {
		if f.field == fieldFileName {
			q := bleve.NewTermQuery(word)
			q.SetField(f.field)
			alts = append(alts, q)
			continue
		}
		q := bleve.NewMatchQuery(word)
		q.SetField(f.field)
		q.SetOperator(query.MatchQueryOperatorAnd)
		alts = append(alts, q)
	}
	return alts
}

// queryParts analyses each word of each clause with the analyzer of each of its fields, for explaining matches:
// word -> field -> terms.
func (ix *Index) queryParts(cs []clause) map[string]map[string][]string {
	out := map[string]map[string][]string{}
	m := ix.bi.Mapping()
	for _, c := range cs {
		for _, w := range c.words {
			if out[w] == nil {
				out[w] = map[string][]string{}
			}
			for _, f := range c.fields {
				out[w][f.field] = []string{w}
				if a := m.AnalyzerNamed(m.AnalyzerNameForPath(f.field)); a != nil && f.field != fieldFileName {
					out[w][f.field] = tokenTerms(a.Analyze([]byte(w)))
				}
			}
		}
	}
	return out
}

func tokenTerms(ts analysis.TokenStream) []string {
	out := make([]string, 0, len(ts))
	for _, tok := range ts {
		out = append(out, string(tok.Term))
	}
	return out
}

// why lists what made h match: the date filter, then each word with the kind of field it was found in.
func why(p Parsed, parts map[string]map[string][]string, h *bsearch.DocumentMatch) []string {
	var out []string
	if p.HasDate() {
		out = append(out, "date:"+p.Date)
	}
	for _, y := range p.Yearly {
		out = append(out, "yearly:"+y.Label)
	}
	for _, c := range p.clauses() {
		for _, f := range c.fields {
			if !anyMatched(c.words, f.field, parts, h) {
				continue
			}
			if r := f.kind + ":" + c.text; !slices.Contains(out, r) {
				out = append(out, r)
			}
		}
	}
	return out
}

// anyMatched reports whether all analysed parts of one of words occur in field of h.
func anyMatched(words []string, field string, parts map[string]map[string][]string, h *bsearch.DocumentMatch) bool {
	locs := h.Locations[field]
	if locs == nil {
		return false
	}
	for _, w := range words {
		if allIn(parts[w][field], locs) {
			return true
		}
	}
	return false
}

func allIn(terms []string, locs bsearch.TermLocationMap) bool {
	for _, t := range terms {
		if _, ok := locs[strings.ToLower(t)]; !ok {
			return false
		}
	}
	return len(terms) > 0
}
