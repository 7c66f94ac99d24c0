package main

import (
	"context"
	"sort"
	"sync"
	"time"

	"sajin/ingest"
	"sajin/ingest/catalog"
	"sajin/places"
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
	places *places.Index // nil: no place suggestions
	cache  *placeNames
}

// placeNames caches the names of the places a library's photos were taken at, until the catalog changes.
type placeNames struct {
	mu      sync.Mutex
	version int64
	names   map[string][]string // library -> names
}

// placesOf returns the distinct names (city, region, country in both languages) of where a library's photos were
// taken, most photographed first.
func (s suggester) placesOf(ctx context.Context, library string) ([]string, error) {
	if s.places == nil || s.cache == nil {
		return nil, nil
	}
	v, err := s.cat.Version(ctx)
	if err != nil {
		return nil, err
	}
	s.cache.mu.Lock()
	defer s.cache.mu.Unlock()
	if s.cache.names != nil && s.cache.version == v {
		if n, ok := s.cache.names[library]; ok {
			return n, nil
		}
	} else {
		s.cache.names, s.cache.version = map[string][]string{}, v
	}
	photos, err := s.cat.AlbumPhotos(ctx, library, false)
	if err != nil {
		return nil, err
	}
	count := map[string]int{}
	for _, p := range photos {
		if p.Lat == nil || p.Lon == nil {
			continue
		}
		if pl, ok := s.places.Nearest(*p.Lat, *p.Lon); ok {
			for _, n := range pl.Names() {
				count[n]++
			}
		}
	}
	names := make([]string, 0, len(count))
	for n := range count {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		return count[names[i]] > count[names[j]] || count[names[i]] == count[names[j]] && names[i] < names[j]
	})
	s.cache.names[library] = names
	return names, nil
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
	if src.Places, err = s.placesOf(ctx, library); err != nil {
		return nil, err
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
