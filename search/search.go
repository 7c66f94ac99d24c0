package search

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

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

// SortDate is the Request.Sort that orders every result newest first, whatever the query.
const SortDate = "date"

// Request is one search.
type Request struct {
	Library string // the library searched; hits of other libraries never appear
	Query   string // what the user typed; "" lists the whole library
	Offset  int    // hits skipped, for paging
	Limit   int    // hits returned: 0 means DefaultLimit, more than MaxLimit means MaxLimit
	// Now anchors relative dates ("last year", "어제"); zero means time.Now(). Its location is the user's.
	Now time.Time
	// Sort is "" (the photos this user uses first when the query has words and Usage is set, then the surest
	// labels first when the query names labels, then newest first) or SortDate (newest first, always).
	Sort string
	// Usage is what this user does with photos and labels; nil ranks by date only. See rank.go.
	Usage Usage
	// Facets asks for counts by year, label, place, camera and person over all matches (Result.Facets).
	Facets bool
}

// Result is the answer to a Request.
type Result struct {
	Total  int     `json:"total"`            // number of matching photos in the library, all pages
	Hits   []Hit   `json:"hits"`             // the requested page
	Parsed Parsed  `json:"parsed"`           // how the query was understood
	Facets *Facets `json:"facets,omitempty"` // counts over every match, when Request.Facets asked for them
}

// Hit is one matching photo.
type Hit struct {
	ID    string    `json:"id"`
	Taken time.Time `json:"taken,omitzero"` // floating wall clock (UTC value), to the second; zero when unknown
	Score float64   `json:"score"`          // how well the words matched (0 without words)
	// Usage is the user's usage score of the photo when it was ranked by use (0 otherwise).
	Usage float64  `json:"usage,omitempty"`
	Why   []string `json:"why,omitempty"` // what matched: "date:2015-08", "camera:canon", `label:dog (from "dgo")`
	// level is how sure the labels the query named are on this photo (confLevel of the least sure; confLevels
	// when the query names none).
	level int
}

// Search parses req.Query, runs it in the shard's library, and returns one page of hits: newest first (by
// Taken; unknown dates last; ties by id), except that the photos whose named labels are surer come first
// (confidence.go) and, with words and a Usage, the photos the user has used before those (rank.go). An empty query returns every photo of the library, newest first. When nothing matches and a
// word may be a typo of a label ("dgo"), the query is run again with the label it is closest to.
func (ix *shard) Search(ctx context.Context, req Request) (Result, error) {
	if len(req.Query) > MaxQueryLen {
		return Result{}, fmt.Errorf("search: %d bytes: %w", len(req.Query), ErrQueryTooLong)
	}
	now := req.Now
	if now.IsZero() {
		now = time.Now()
	}
	p := parse(req.Query, now, ix.vocab)
	ix.resolveWords(&p, req.Usage, false)
	if n := p.wordCount(); n > MaxQueryWords {
		return Result{Parsed: p}, fmt.Errorf("search: %d words: %w", n, ErrQueryTooLong)
	}
	if p.Empty() {
		return Result{Parsed: p}, nil
	}
	var facets *Facets
	var ferr error
	var wg sync.WaitGroup
	if req.Facets { // on another core: counting facets costs as much as the page
		wg.Go(func() { facets, ferr = ix.facets(ctx, req.Library, p) })
	}
	res, err := ix.run(ctx, req, p)
	wg.Wait()
	if err == nil && res.Total == 0 && ix.resolveWords(&p, req.Usage, true) {
		res, err = ix.run(ctx, req, p)
		if err == nil && req.Facets {
			facets, ferr = ix.facets(ctx, req.Library, p)
		}
	}
	if err == nil && req.Facets {
		res.Facets, err = facets, ferr
	}
	return res, err
}

// run answers one parsed query: by use then date, or by date only.
func (ix *shard) run(ctx context.Context, req Request, p Parsed) (Result, error) {
	if req.Usage != nil && req.Sort != SortDate && p.HasWords() {
		return ix.runByUse(ctx, req, p)
	}
	res := Result{Parsed: p}
	limit, offset := pageLimit(req.Limit), min(max(req.Offset, 0), maxOffset)
	q := ix.query(ctx, req.Library, p)
	if req.Sort == SortDate {
		return res, ix.page(ctx, q, p, offset, limit, &res)
	}
	return res, ix.rankedPage(ctx, q, p, offset, limit, &res)
}

// pageLimit is the number of hits a page holds.
func pageLimit(limit int) int {
	if limit <= 0 {
		return DefaultLimit
	}
	return min(limit, MaxLimit)
}

// page runs q newest first and appends the hits of [offset, offset+limit) to res, adding their total. Large
// result sets are paged through recent windows of time (window.go).
func (ix *shard) page(ctx context.Context, q query.Query, p Parsed, offset, limit int,
	res *Result) error {
	return ix.countedPage(ctx, q, p, -1, offset, limit, res)
}

// countedPage is page for a query whose number of matches is known (total; -1 when it is not).
func (ix *shard) countedPage(ctx context.Context, q query.Query, p Parsed, total, offset, limit int,
	res *Result) error {
	done, err := ix.windowedPage(ctx, q, p, total, offset, limit, windowMinMatches, res)
	if err != nil || done {
		return err
	}
	return ix.sortedPage(ctx, q, p, offset, limit, res)
}

// sortedPage runs q sorted newest first in bleve and appends the hits of [offset, offset+limit) to res, adding
// their total.
func (ix *shard) sortedPage(ctx context.Context, q query.Query, p Parsed, offset, limit int, res *Result) error {
	sr, err := ix.bi.SearchInContext(ctx, searchRequest(q, p, offset, limit))
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	res.Total += int(sr.Total)
	located, err := ix.locate(ctx, q, p, sr.Hits)
	if err != nil {
		return err
	}
	cs := p.clauses()
	words := ix.queryParts(cs)
	labelled := labelled(cs)
	for _, h := range sr.Hits {
		hit := Hit{ID: photoID(h.ID), Taken: sortTime(h), Score: h.Score, level: confLevels}
		if l := located[h.ID]; l != nil {
			hit.Score, hit.Why = l.Score, why(p, cs, words, l)
			hit.level = hitLevel(labelled, termSet(l.Locations[fieldLabelConf]))
		} else {
			hit.Why = why(p, cs, words, h)
		}
		res.Hits = append(res.Hits, hit)
	}
	return nil
}

// locate runs q again over the documents of hits only, with term locations (which words matched where): asking
// for locations in the main query would decode them for every match, not just for one page.
func (ix *shard) locate(ctx context.Context, q query.Query, p Parsed, hits bsearch.DocumentMatchCollection) (
	map[string]*bsearch.DocumentMatch, error) {
	if !p.HasWords() || len(hits) == 0 {
		return nil, nil
	}
	keys := make([]string, len(hits))
	for i, h := range hits {
		keys[i] = h.ID
	}
	lq := bleve.NewBooleanQuery()
	lq.AddMust(q, bleve.NewDocIDQuery(keys))
	if cs := labelled(p.clauses()); len(cs) > 0 {
		lq.AddShould(anyConf(cs)) // optional: only for the hits' label levels
	}
	br := bleve.NewSearchRequestOptions(lq, len(keys), 0, false)
	br.IncludeLocations = true
	sr, err := ix.bi.SearchInContext(ctx, br)
	if err != nil {
		return nil, fmt.Errorf("search: locate: %w", err)
	}
	out := make(map[string]*bsearch.DocumentMatch, len(sr.Hits))
	for _, h := range sr.Hits {
		out[h.ID] = h
	}
	return out, nil
}

// searchRequest is the bleve request for one page of a query, newest first.
func searchRequest(q query.Query, p Parsed, offset, limit int) *bleve.SearchRequest {
	br := bleve.NewSearchRequestOptions(q, limit, offset, false)
	br.SortByCustom(newestFirst())
	if !p.HasWords() {
		br.Score = "none" // nothing to score: skip it
	}
	return br
}

// resolveWords fills p.Resolved with the words that name a label: free words and label filters, exactly or as
// an English plural; with typos, also words the vocabulary finds only by fuzzy match. It reports whether typos
// added any.
func (ix *shard) resolveWords(p *Parsed, u Usage, typos bool) bool {
	var words []string
	for _, f := range p.Filters {
		if f.Kind == "label" {
			words = append(words, f.Text)
		}
	}
	for _, g := range p.Any {
		for _, f := range g {
			if f.Kind == "" || f.Kind == "label" {
				words = append(words, f.Text)
			}
		}
	}
	var labelScore func(string) float64
	if u != nil {
		labelScore = u.LabelScore
	}
	added := false
	for _, w := range append(slices.Clone(p.Terms), words...) {
		if slices.ContainsFunc(p.Resolved, func(r Resolved) bool { return r.Word == w }) {
			continue
		}
		r, ok := ix.vocab.resolve(w)
		if !ok && typos {
			r, ok = ix.vocab.fuzzyResolve(w, labelScore)
			added = added || ok
		}
		if ok {
			p.Resolved = append(p.Resolved, r)
			if p.keys == nil {
				p.keys = map[string][]string{}
			}
			p.keys[r.Word] = ix.vocab.keysNamed(r.Match)
		}
	}
	return added
}

// newestFirst orders by capture time descending, unknown dates last, then by id.
func newestFirst() bsearch.SortOrder {
	return bsearch.SortOrder{
		&bsearch.SortField{Field: fieldTakenKey, Desc: true, Type: bsearch.SortFieldAsString,
			Missing: bsearch.SortFieldMissingLast},
	}
}

// sortTime decodes the capture time from a hit's first sort value.
func sortTime(h *bsearch.DocumentMatch) time.Time {
	if len(h.DecodedSort) == 0 {
		return time.Time{}
	}
	return sortKeyTime(h.DecodedSort[0])
}

// libraryQuery matches every document of one library.
func libraryQuery(library string) query.Query {
	q := bleve.NewTermQuery(libraryKey(library))
	q.SetField(fieldLibrary)
	return q
}

// clause is one word (or OR group of words) that must match: any one of its alternatives.
type clause struct {
	text string // as reported: the word, or the group's words joined by "|"
	alts []alt
	keys []string // the labels it names (any one of them), for ranking by their scores (confidence.go)
}

// alt is one form of a query word and the fields it may match in.
type alt struct {
	text   string // the query word this form stands for
	word   string // what is searched: the word, another typed form, an alias, or a vocabulary word
	fields []matchField
	why    string // reported when it matches; "" reports the field's kind and text
	phrase bool   // a vocabulary word of several words, matched as a phrase ("teddy bear")
}

// clauses lists what must match: free terms in every text field, filters in their kind's fields, OR groups.
func (p Parsed) clauses() []clause {
	var out []clause
	for _, t := range p.Terms {
		out = append(out, clause{text: t, alts: p.alts(Filter{Text: t}), keys: p.labelKeys(Filter{Text: t})})
	}
	for _, f := range p.Filters {
		out = append(out, clause{text: f.Text, alts: p.alts(f), keys: p.labelKeys(f)})
	}
	for _, g := range p.Any {
		c := clause{}
		for i, f := range g {
			if i > 0 {
				c.text += "|"
			}
			c.text += f.Text
			c.alts = append(c.alts, p.alts(f)...)
			for _, k := range p.labelKeys(f) {
				if !slices.Contains(c.keys, k) {
					c.keys = append(c.keys, k)
				}
			}
		}
		out = append(out, c)
	}
	return out
}

// alts are the forms of one word: as typed (and its other typed forms and aliases) in the fields of its kind,
// and the vocabulary word it resolved to, in labels.
func (p Parsed) alts(f Filter) []alt {
	fields := textFields()
	if f.Kind != "" {
		fields = fieldsOfKind(f.Kind)
	}
	var out []alt
	for _, w := range append([]string{f.Text}, p.Forms[f.Text]...) {
		for _, a := range withAliases(w) {
			out = append(out, alt{text: f.Text, word: a, fields: fields})
		}
	}
	if f.Kind != "" && f.Kind != "label" {
		return out
	}
	for _, r := range p.Resolved {
		if r.Word == f.Text && r.Match != f.Text {
			out = append(out, alt{text: f.Text, word: r.Match, fields: fieldsOfKind("label"), phrase: isPhrase(r.Match),
				why: fmt.Sprintf("label:%s (from %q)", r.Label, f.Text)})
		}
	}
	return out
}

// isPhrase reports whether a vocabulary word has several parts ("teddy bear", "t-shirt") and must be matched as
// a phrase. A phrase query reads every candidate's term positions (40 of 54 ms of "dgo" in 1M photos), so a
// word of one part is matched as a term.
func isPhrase(w string) bool {
	return strings.ContainsFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// wordCount is how many words a query has: each word of every clause and every excluded word.
func (p Parsed) wordCount() int {
	n := len(p.Terms) + len(p.Filters) + len(p.Not)
	for _, g := range p.Any {
		n += len(g)
	}
	return n
}

// query is the bleve query of a parsed query in a library. When every document of the index is the library's
// (the common case: one library per index), the library term is left out: intersecting with a posting list of
// every document costs a skip per match.
func (ix *shard) query(ctx context.Context, library string, p Parsed) query.Query {
	if !ix.onlyLibrary(ctx, library) {
		return buildQuery(library, p)
	}
	q := buildQuery(library, p)
	if _, ok := q.(*query.TermQuery); ok { // the library alone: everything
		return bleve.NewMatchAllQuery()
	}
	if c, ok := q.(*query.ConjunctionQuery); ok && len(c.Conjuncts) > 1 {
		return bleve.NewConjunctionQuery(c.Conjuncts[1:]...)
	}
	if b, ok := q.(*query.BooleanQuery); ok {
		if c, ok := b.Must.(*query.ConjunctionQuery); ok && len(c.Conjuncts) > 1 {
			b.Must = bleve.NewConjunctionQuery(c.Conjuncts[1:]...)
		}
	}
	return q
}

// onlyLibrary reports whether every document of the index belongs to library (false when unsure).
func (ix *shard) onlyLibrary(ctx context.Context, library string) bool {
	adv, err := ix.bi.Advanced()
	if err != nil {
		return false
	}
	r, err := adv.Reader()
	if err != nil {
		return false
	}
	defer r.Close()
	tfr, err := r.TermFieldReader(ctx, []byte(libraryKey(library)), fieldLibrary, false, false, false)
	if err != nil {
		return false
	}
	defer tfr.Close()
	all, err := r.DocCount()
	return err == nil && all > 0 && tfr.Count() == all
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
	if p.Near != nil {
		must = append(must, nearQuery(*p.Near))
	}
	for _, c := range p.clauses() {
		must = append(must, altQuery(c.alts))
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
		f, ok := cutFilter(n)
		if !ok {
			f = Filter{Text: n}
		}
		b.AddMustNot(altQuery(p.alts(f)))
	}
	return b
}

// dateQuery is [from, to) on the capture time; a zero end is open. A numeric range over a year of photos is a
// union of dozens of prefix-coded terms and costs time in proportion to the photos in it, so whole years and
// months are matched by one term each of the year and month fields, and only partial months at the edges by a
// numeric range. An open end past a start runs as whole periods for two years, then a numeric range.
func dateQuery(from, to time.Time) query.Query {
	if from.IsZero() {
		return numericDateQuery(from, to)
	}
	var parts []query.Query
	end := to
	if to.IsZero() {
		end = day(from.Year()+2, 1, 1)
		parts = append(parts, numericDateQuery(end, time.Time{}))
	}
	periods, ok := datePeriods(from, end)
	if !ok {
		return numericDateQuery(from, to)
	}
	parts = append(parts, periods...)
	if len(parts) == 1 {
		return parts[0]
	}
	return bleve.NewDisjunctionQuery(parts...)
}

// maxDatePeriods caps the terms datePeriods makes; longer ranges run as one numeric range.
const maxDatePeriods = 48

// datePeriods splits [from, to) into a numeric range up to the first whole month, whole years and months as
// terms, and a numeric range after the last whole month. It reports false when that takes too many terms.
func datePeriods(from, to time.Time) ([]query.Query, bool) {
	if !from.Before(to) {
		return []query.Query{numericDateQuery(from, to)}, true
	}
	var out []query.Query
	m := day(from.Year(), from.Month(), 1)
	if !m.Equal(from) {
		m = m.AddDate(0, 1, 0)
		out = append(out, numericDateQuery(from, minTime(m, to)))
	}
	for m.AddDate(0, 1, 0).Compare(to) <= 0 {
		if len(out) > maxDatePeriods {
			return nil, false
		}
		if m.Month() == time.January && m.AddDate(1, 0, 0).Compare(to) <= 0 {
			out = append(out, termQuery(fieldYear, strconv.Itoa(m.Year())))
			m = m.AddDate(1, 0, 0)
			continue
		}
		out = append(out, termQuery(fieldMonth, m.Format("2006-01")))
		m = m.AddDate(0, 1, 0)
	}
	if m.Before(to) {
		out = append(out, numericDateQuery(m, to))
	}
	return out, true
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// termQuery matches one term of one field.
func termQuery(field, term string) query.Query {
	q := bleve.NewTermQuery(term)
	q.SetField(field)
	return q
}

// numericDateQuery is [from, to) on the datetime field; a zero end is open.
func numericDateQuery(from, to time.Time) query.Query {
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

// altQuery matches any of the alternatives: all of a word's analysed parts must occur in the same field.
func altQuery(alts []alt) query.Query {
	var qs []query.Query
	for _, a := range alts {
		for _, f := range a.fields {
			qs = append(qs, fieldQuery(a.word, f.field, a.phrase))
		}
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// fieldQuery matches one word in one field.
func fieldQuery(word, field string, phrase bool) query.Query {
	switch {
	case field == fieldFileName:
		q := bleve.NewTermQuery(word)
		q.SetField(field)
		return q
	case phrase:
		q := bleve.NewMatchPhraseQuery(word)
		q.SetField(field)
		return q
	}
	q := bleve.NewMatchQuery(word)
	q.SetField(field)
	q.SetOperator(query.MatchQueryOperatorAnd)
	return q
}

// queryParts analyses each searched word with the analyzer of each of its fields, for explaining matches:
// word -> field -> terms.
func (ix *shard) queryParts(cs []clause) map[string]map[string][]string {
	out := map[string]map[string][]string{}
	m := ix.bi.Mapping()
	for _, c := range cs {
		for _, a := range c.alts {
			if out[a.word] == nil {
				out[a.word] = map[string][]string{}
			}
			for _, f := range a.fields {
				out[a.word][f.field] = []string{a.word}
				if an := m.AnalyzerNamed(m.AnalyzerNameForPath(f.field)); an != nil && f.field != fieldFileName {
					out[a.word][f.field] = tokenTerms(an.Analyze([]byte(a.word)))
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
func why(p Parsed, cs []clause, parts map[string]map[string][]string, h *bsearch.DocumentMatch) []string {
	var out []string
	if p.HasDate() {
		out = append(out, "date:"+p.Date)
	}
	for _, y := range p.Yearly {
		out = append(out, "yearly:"+y.Label)
	}
	if p.Near != nil {
		out = append(out, fmt.Sprintf("near:%g,%g,%g", p.Near.Lat, p.Near.Lon, p.Near.Km))
	}
	for _, c := range cs {
		for _, a := range c.alts {
			for _, f := range a.fields {
				if !allIn(parts[a.word][f.field], h.Locations[f.field]) {
					continue
				}
				r := cmp.Or(a.why, f.kind+":"+a.text)
				if !slices.Contains(out, r) {
					out = append(out, r)
				}
			}
		}
	}
	return out
}

// termSet is the set of terms of a field's locations.
func termSet(locs bsearch.TermLocationMap) map[string]bool {
	out := make(map[string]bool, len(locs))
	for t := range locs {
		out[t] = true
	}
	return out
}

func allIn(terms []string, locs bsearch.TermLocationMap) bool {
	for _, t := range terms {
		if _, ok := locs[strings.ToLower(t)]; !ok {
			return false
		}
	}
	return len(terms) > 0
}
