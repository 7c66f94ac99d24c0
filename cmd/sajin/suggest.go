package main

import (
	"context"
	"time"

	"sajin/ingest"
	"sajin/ingest/catalog"
	"sajin/search"
	"sajin/vision/labels"
)

// searchVocabulary gives search the label vocabulary: names, synonyms and category words in both languages, which
// query words are resolved against (plurals, Korean particles, typos).
func searchVocabulary(v *labels.Vocabulary) *search.Vocabulary {
	var out []search.Label
	for _, l := range v.Labels() {
		sl := search.Label{Key: l.Key, En: l.En, Ko: l.Ko, Synonyms: l.Synonyms}
		if c, ok := v.Category(l.Category); ok {
			sl.Category = append([]string{c.En, c.Ko}, c.Synonyms...)
		}
		out = append(out, sl)
	}
	return search.NewVocabulary(out, nil)
}

// suggester completes what the user types in the search box: their own past queries first, then their people's
// and albums' names, labels, ranked by their own use.
type suggester struct {
	cat    *catalog.Catalog
	vocab  *search.Vocabulary
	people *ingest.People
}

func (s suggester) Suggest(ctx context.Context, library, prefix string) ([]search.Suggestion, error) {
	now := time.Now()
	src := search.SuggestSources{Vocabulary: s.vocab, Now: now}
	queries, err := s.cat.UsageOf(ctx, library, "query", now, 200)
	if err != nil {
		return nil, err
	}
	for _, q := range queries {
		src.Queries = append(src.Queries, search.PastQuery{Text: q.Subject, Count: q.Count, Last: q.Last})
	}
	labelUse, err := s.cat.UsageOf(ctx, library, "label", now, 200)
	if err != nil {
		return nil, err
	}
	use := map[string]float64{}
	for _, l := range labelUse {
		use[l.Subject] = l.Score
	}
	src.LabelScore = func(key string) float64 { return use[key] }
	if s.people != nil {
		p, err := s.people.Load(ctx, library)
		if err != nil {
			return nil, err
		}
		for _, x := range p.Persons {
			if x.Name != "" {
				src.People = append(src.People, x.Name)
			}
		}
	}
	albums, err := s.cat.Albums(ctx, library)
	if err != nil {
		return nil, err
	}
	for _, a := range albums {
		src.Albums = append(src.Albums, a.Title)
	}
	return search.Suggest(prefix, src), nil
}
