package ingest

import (
	"context"
	"errors"
	"slices"

	"sajin/ingest/catalog"
	"sajin/places"
	"sajin/search"
)

// StageIndex is the name of the stage that puts photos into the search index.
const StageIndex = "index"

// Index is what the index stage needs of the search index.
type Index interface {
	Put(ctx context.Context, docs ...search.Doc) error
}

// Terms lists every word that should find a label (names and synonyms in both languages, its category's names);
// vision/labels' Vocabulary provides it.
type Terms interface {
	Terms(key string) []string
}

// Places names the place at a position (places.Index provides it).
type Places interface {
	Nearest(lat, lon float64) (places.Place, bool)
}

// Describe is what turns a catalog photo into words: the label vocabulary, the place names and the people's
// names. Any may be nil.
type Describe struct {
	Terms  Terms
	Places Places
	People *People
}

// IndexStage returns the stage that writes photos to the search index, many per batch (one bleve batch is far
// cheaper than many single updates).
func IndexStage(cat *catalog.Catalog, ix Index, d Describe) Stage {
	return Stage{Name: StageIndex, Batch: 256, Run: func(ctx context.Context, jobs []catalog.Job) []error {
		errs := make([]error, len(jobs))
		docs := make([]search.Doc, 0, len(jobs))
		names := map[string]map[string]string{} // library -> person id -> name, loaded once per batch
		for i, j := range jobs {
			p, err := cat.Get(ctx, j.Library, j.PhotoID)
			if err != nil {
				errs[i] = err
				continue
			}
			if _, ok := names[j.Library]; !ok {
				if names[j.Library], err = d.personNames(ctx, j.Library); err != nil {
					errs[i] = err
					continue
				}
			}
			doc, err := docOf(ctx, cat, d, p, names[j.Library])
			if err != nil {
				errs[i] = err
				continue
			}
			docs = append(docs, doc)
		}
		if err := ix.Put(ctx, docs...); err != nil {
			for i := range errs {
				errs[i] = errors.Join(errs[i], err)
			}
		}
		return errs
	}}
}

// docOf is the search document of a photo: its metadata, every term of its labels (not those the user
// removed) with their scores, and the words read in it.
func docOf(ctx context.Context, cat *catalog.Catalog, d Describe, p *catalog.Photo, people map[string]string) (search.Doc, error) {
	doc := search.Doc{
		ID: p.ID, Library: p.Library, Taken: p.TakenLocal,
		Make: p.Make, Model: p.Model, Lens: p.Lens, FileName: p.FileName, Lat: p.Lat, Lon: p.Lon,
	}
	faces, err := cat.Faces(ctx, p.Library, p.ID)
	if err != nil {
		return doc, err
	}
	for _, f := range faces {
		if name := people[f.PersonID]; name != "" && !slices.Contains(doc.People, name) {
			doc.People = append(doc.People, name)
		}
	}
	_, albums, err := cat.Membership(ctx, p.Library, p.ID)
	if err != nil {
		return doc, err
	}
	if doc.Albums, err = cat.AlbumTitles(ctx, p.Library, albums...); err != nil {
		return doc, err
	}
	ls, err := cat.Labels(ctx, p.Library, p.ID)
	if err != nil {
		return doc, err
	}
	seen := map[string]bool{}
	for _, l := range ls {
		if l.State == catalog.LabelRemoved {
			continue
		}
		doc.LabelKeys = append(doc.LabelKeys, l.Key)
		if doc.LabelScores == nil {
			doc.LabelScores = map[string]float64{}
		}
		doc.LabelScores[l.Key] = l.Score // the model's score ranks surer labels first; a user's label is 1
		words := []string{l.Key}
		if d.Terms != nil {
			words = d.Terms.Terms(l.Key)
		}
		for _, w := range words {
			if !seen[w] {
				seen[w] = true
				doc.Labels = append(doc.Labels, w)
			}
		}
	}
	lines, err := cat.Text(ctx, p.Library, p.ID)
	if err != nil {
		return doc, err
	}
	for _, l := range lines {
		doc.Text = append(doc.Text, l.Text)
	}
	if place, ok := d.place(p); ok {
		doc.Places = place.Names()
	}
	return doc, nil
}

// place names where a photo was taken, when it has a position and a place is near it.
func (d Describe) place(p *catalog.Photo) (places.Place, bool) {
	if d.Places == nil || p.Lat == nil || p.Lon == nil {
		return places.Place{}, false
	}
	return d.Places.Nearest(*p.Lat, *p.Lon)
}

// personNames maps a library's person ids to their names (named people only).
func (d Describe) personNames(ctx context.Context, library string) (map[string]string, error) {
	out := map[string]string{}
	if d.People == nil {
		return out, nil
	}
	p, err := d.People.Load(ctx, library)
	if err != nil {
		return nil, err
	}
	for _, x := range p.Persons {
		if x.Name != "" {
			out[x.ID] = x.Name
		}
	}
	return out, nil
}
