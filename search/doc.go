// Package search indexes photo documents in bleve and turns what a user types into one search box into an index
// query: words in Korean and English, dates, filters and boolean operators; it ranks the answer by what the user
// uses, counts facets, and suggests completions.
//
// It is the only importer of bleve: callers see Doc, Request, Result, Hit, Parsed, Facets and Suggestion, never
// bleve's types. The catalog is the source of truth; the index holds only what searching needs (no stored
// fields) and can be rebuilt from the catalog at any time. Each library has a bleve index of its own in the
// index folder (libraries.go), so a search never reads another library's photos. The mapping is static and
// versioned: Open reports ErrMappingChanged when the folder was made with another mapping version, and Create
// rebuilds it empty.
//
// # Queries
//
// Parse splits a query into a date range (English and Korean forms: "2015-08", "august 2015", "2015년 8월",
// "last year", "작년", "2015-2017", "before 2010", "year:2019", "summer 2018", "작년 여름", "christmas 2019", ...),
// parts of every year ("august", "8월 3일", "summer", "겨울"), free words, field filters (label:, place:, person:,
// text:, album:, camera:, lens:, file:, near:lat,lon,km), OR groups ("dog OR cat", "강아지 또는 고양이"; OR binds
// tighter than the implicit AND, so parentheses are optional: "(dog or cat) jeju") and excluded words
// ("-screenshot", "NOT screenshot", "스크린샷 빼고"). Conjunctions (and, 랑, 하고, 와, 과) mean AND.
//
// Korean particles and endings are stripped from words by a small suffix table (hangul.go: "강아지랑" ->
// 강아지, "제주에서" -> 제주, "고양이들" -> 고양이), never from a word the vocabulary knows, never to nothing, and
// only when the particle agrees with the stem's last sound; the typed form still matches too (Parsed.Forms).
// Every word must match in at least one of camera make/model, lens, file name, labels, OCR text, places, people
// or albums (a filter: in its fields only).
//
// Words are resolved against the label vocabulary (Options.Vocabulary, vocab.go): names, synonyms and category
// words in both languages match as they are indexed; English plurals ("bicycles") find the singular; and when a
// query finds nothing, words within one edit (3-5 letters; two from 6; one in jamo for Korean words of three
// syllables) of a vocabulary word are tried ("dgo" -> dog, "강아자" -> 강아지). Result.Parsed.Resolved and each
// hit's Why say what was understood: `label:dog (from "dgo")`.
//
// # Order
//
// Results are newest first (unknown dates last, ties by id), except that when the query names labels, the
// photos whose labels are surer come first: the models' scores are indexed as five levels, and the matches are
// paged level by level, newest first inside a level (confidence.go). With words and a Request.Usage, the matches
// among the user's most used photos come first, ordered by how well the words matched times the label level's
// weight times (1 + usage), and then the rest as above (rank.go). Request.Sort = SortDate forces date order.
// Large result sets are paged through recent windows of time instead of sorting every match (window.go).
// near: is answered from grid cells indexed with each position (geo.go).
//
// # Limits
//
// No lunar holidays (설날, 추석). Typo matching covers label words, not places or people. Facets over more than
// MaxFacetMatches matches count only the newest of them. Label scores count in five levels (0.2 wide), not
// exactly. near: is exact to about 7% of its radius at the circle's edge. Figures (speed at 100k and 1M photos, learning MRR)
// are in README.md beside this file.
package search
