package search

import (
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/unicodenorm"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/regexp"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/single"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
)

// mappingVersion names the shape of the index. Bump it whenever newMapping or Doc.fields changes what is indexed:
// Open then reports ErrMappingChanged for indexes built with the old shape, and the caller rebuilds from the
// catalog. TestMappingGolden fails when the mapping changes and this constant does not.
const mappingVersion = "5"

// versionKey is the bleve internal key under which the mapping version is stored.
const versionKey = "sajin.mapping.version"

// Field names in the index. Every field is declared here; the mapping is static (nothing dynamic).
const (
	fieldLibrary  = "library"   // keyword, libraryKey(Doc.Library)
	fieldTaken    = "taken"     // datetime, floating wall clock; absent when unknown; for ranges
	fieldTakenKey = "taken_key" // keyword, takenKeyLayout of taken; doc values: the sort key (one term, not 16)
	fieldMonthDay = "monthday"  // number month*100+day of taken, for parts of every year ("august", "summer")
	fieldMake     = "make"      // parts analyzer
	fieldModel    = "model"     // parts analyzer
	fieldLens     = "lens"      // parts analyzer
	fieldFile     = "file"      // parts analyzer over the file name
	fieldFileName = "file_name" // the whole file name, lower-cased, one token
	fieldLabels   = "labels"    // words analyzer (grows into Korean/English label analysis)
	fieldText     = "text"      // words analyzer (OCR words)
	fieldPlaces   = "places"    // words analyzer (city, region, country in English and Korean)
	fieldPeople   = "people"    // words analyzer (names of the people in the photo)
	fieldAlbums   = "albums"    // words analyzer (names of the albums holding the photo)
	fieldGeoCell  = "geo_cell"  // keyword, the grid cells holding Doc.Lat/Lon at every indexed level, for near: (geo.go)
	// Facet fields: one whole term per value, as written, with doc values, so bleve can count them.
	fieldLabelKey = "label_key" // keyword, Doc.LabelKeys (or the keys found from Doc.Labels)
	// fieldLabelConf holds "key@level" for every level 1..confLevel(score) a label's score reaches (confidence.go),
	// so one term finds the photos whose label is at least that sure; term vectors tell a hit's level.
	fieldLabelConf = "label_conf"
	fieldYear      = "year"   // keyword, the capture year ("2015"); also matches whole years of date ranges
	fieldMonth     = "month"  // keyword, the capture month ("2015-08"), for whole months of date ranges
	fieldPlace     = "place"  // keyword, Doc.Places[0] (the most specific name)
	fieldCamera    = "camera" // keyword, Doc.Model (or Doc.Make when the model is unknown)
	fieldPerson    = "person" // keyword, Doc.People
)

// Analyzer names, stored in the index mapping itself (custom analyzers built from bleve's own parts, so an index
// reopens without any registration code of ours). Every analyzer composes Unicode (NFC: a Korean file name
// written by macOS in decomposed jamo matches the same name typed on a keyboard), then lower-cases.
const (
	// analyzerParts splits on anything that is not a letter or a digit AND at every letter/digit boundary, then
	// lower-cases: "IMG_20150803_081500.JPG" -> img 20150803 081500 jpg; "DSC01234" -> dsc 01234;
	// "Canon EOS 5D Mark IV" -> canon eos 5 d mark iv; "iPhone 12 Pro" -> iphone 12 pro. A query word is analysed
	// the same way and all its parts must match, so "img_1234", "IMG_1234.jpg", "1234" all find IMG_1234.JPG and
	// "5d" finds "EOS 5D". Leading zeros are kept ("1234" does not find DSC01234).
	analyzerParts = "sajin_parts"
	// analyzerWhole keeps the whole value as one lower-cased token (file names: exact match, later prefix).
	analyzerWhole = "sajin_whole"
	// analyzerWords is Unicode word segmentation plus lower-casing, for labels and OCR text in any language.
	// Korean words stay whole (no particle stripping yet: that is the Korean search issue's job).
	analyzerWords = "sajin_words"

	tokenizerParts = "sajin_parts"
	filterNFC      = "sajin_nfc"
	partsPattern   = `[\p{L}\p{M}]+|\p{N}+`
)

// matchField is a field a free query word is matched against, with the "why" kind it reports.
type matchField struct{ field, kind string }

// textFields lists the fields a free query word is matched against.
func textFields() []matchField {
	return []matchField{
		{fieldMake, "camera"},
		{fieldModel, "camera"},
		{fieldLens, "lens"},
		{fieldFile, "file"},
		{fieldFileName, "file"},
		{fieldLabels, "label"},
		{fieldText, "text"},
		{fieldPlaces, "place"},
		{fieldPeople, "person"},
		{fieldAlbums, "album"},
	}
}

// fieldsOfKind lists the fields of one kind ("camera", "lens", "file", "label", "text"); none for unknown kinds.
func fieldsOfKind(kind string) []matchField {
	var out []matchField
	for _, f := range textFields() {
		if f.kind == kind {
			out = append(out, f)
		}
	}
	return out
}

// newMapping builds the static index mapping. Only the declared fields are indexed; nothing is stored (the catalog
// holds the data; hits carry the id and the sort value of taken).
func newMapping() (*mapping.IndexMappingImpl, error) {
	im := bleve.NewIndexMapping()
	if err := addAnalyzers(im); err != nil {
		return nil, err
	}
	dm := bleve.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt(fieldLibrary, textField(keyword.Name, false))
	taken := bleve.NewDateTimeFieldMapping()
	taken.Store = false
	taken.IncludeInAll = false
	taken.DocValues = false // 16 prefix-coded terms per photo: sorting reads taken_key instead
	dm.AddFieldMappingsAt(fieldTaken, taken)
	md := bleve.NewNumericFieldMapping()
	md.Store = false
	md.IncludeInAll = false
	md.DocValues = false
	dm.AddFieldMappingsAt(fieldMonthDay, md)
	for _, f := range []string{fieldMake, fieldModel, fieldLens, fieldFile} {
		dm.AddFieldMappingsAt(f, textField(analyzerParts, true))
	}
	dm.AddFieldMappingsAt(fieldFileName, textField(analyzerWhole, true))
	dm.AddFieldMappingsAt(fieldLabels, textField(analyzerWords, true))
	dm.AddFieldMappingsAt(fieldText, textField(analyzerWords, true))
	dm.AddFieldMappingsAt(fieldPlaces, textField(analyzerWords, true))
	dm.AddFieldMappingsAt(fieldPeople, textField(analyzerWords, true))
	dm.AddFieldMappingsAt(fieldAlbums, textField(analyzerWords, true))
	dm.AddFieldMappingsAt(fieldGeoCell, textField(keyword.Name, false))
	dm.AddFieldMappingsAt(fieldMonth, textField(keyword.Name, false))
	dm.AddFieldMappingsAt(fieldLabelConf, textField(keyword.Name, true))
	for _, f := range []string{fieldTakenKey, fieldLabelKey, fieldYear, fieldPlace, fieldCamera, fieldPerson} {
		fm := textField(keyword.Name, false)
		fm.DocValues = true // facets count doc values
		dm.AddFieldMappingsAt(f, fm)
	}

	for _, p := range dm.Properties {
		p.Dynamic = false // a value that is an object adds no fields either
	}
	im.DefaultMapping = dm
	im.DefaultAnalyzer = analyzerWords
	im.IndexDynamic = false
	im.StoreDynamic = false
	im.DocValuesDynamic = false
	if err := im.Validate(); err != nil {
		return nil, fmt.Errorf("search: invalid mapping: %w", err)
	}
	return im, nil
}

// textField is an indexed, unstored text field without doc values; vectors feed "why it matched".
func textField(analyzer string, vectors bool) *mapping.FieldMapping {
	f := bleve.NewTextFieldMapping()
	f.Analyzer = analyzer
	f.Store = false
	f.IncludeInAll = false
	f.IncludeTermVectors = vectors
	f.DocValues = false
	return f
}

func addAnalyzers(im *mapping.IndexMappingImpl) error {
	err := im.AddCustomTokenizer(tokenizerParts, map[string]any{
		"type":   regexp.Name,
		"regexp": partsPattern,
	})
	if err != nil {
		return fmt.Errorf("search: tokenizer: %w", err)
	}
	err = im.AddCustomTokenFilter(filterNFC, map[string]any{"type": unicodenorm.Name, "form": unicodenorm.NFC})
	if err != nil {
		return fmt.Errorf("search: token filter: %w", err)
	}
	analyzers := []struct{ name, tokenizer string }{
		{analyzerParts, tokenizerParts},
		{analyzerWhole, single.Name},
		{analyzerWords, unicode.Name},
	}
	for _, a := range analyzers {
		err := im.AddCustomAnalyzer(a.name, map[string]any{
			"type":          custom.Name,
			"tokenizer":     a.tokenizer,
			"token_filters": []any{filterNFC, lowercase.Name},
		})
		if err != nil {
			return fmt.Errorf("search: analyzer %s: %w", a.name, err)
		}
	}
	return nil
}
