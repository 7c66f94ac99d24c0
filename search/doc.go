// Package search indexes photo documents in bleve and turns what a user types into one search box into an index
// query whose hits come back newest first.
//
// It is the only importer of bleve: callers see Doc, Request, Result, Hit and Parsed, never bleve's types. The
// catalog is the source of truth; the index holds only what searching needs (no stored fields) and can be rebuilt
// from the catalog at any time. The mapping is static and versioned: Open reports ErrMappingChanged when an index
// was built with another mapping version, and Create rebuilds it empty.
//
// A query is split by Parse into a date range (English and Korean forms: "2015-08", "august 2015", "2015년 8월",
// "last year", "작년", "2015-2017", "before 2010", "year:2019", "summer 2018", "작년 여름", "christmas 2019", ...),
// parts of every year ("august", "8월 3일", "summer", "겨울"), free words, field filters ("camera:canon",
// "label:강아지", "file:", "lens:", "text:") and excluded words ("-screenshot"). Every word must match (AND) in at
// least one of camera make/model, lens, file name, labels or OCR text (a filter: in its fields only); the date
// range filters on the capture time. Korean names of camera makers match their EXIF names ("아이폰" finds
// "iPhone"; see aliases.go). How text is split into matchable parts is documented in mapping.go.
//
// Limits of this version: results are always ordered by capture time (newest first, unknown dates last, ties by
// id), so scores only say how well a hit matched. There is no fuzzy or prefix matching, no Korean particle
// stripping beyond date words and camera names, no OR, no facets, no lunar holidays (설날, 추석). Sorting by a
// field in bleve costs time proportional to the number of matches; see the benchmarks in bench_test.go.
package search
