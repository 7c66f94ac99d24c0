package ingest

import (
	"context"
	"errors"

	"sajin/ingest/catalog"
	"sajin/search"
)

// StageIndex is the name of the stage that puts photos into the search index.
const StageIndex = "index"

// Index is what the index stage needs of the search index.
type Index interface {
	Put(ctx context.Context, docs ...search.Doc) error
}

// IndexStage returns the stage that writes photos to the search index, many per batch (one bleve batch is far
// cheaper than many single updates).
func IndexStage(cat *catalog.Catalog, ix Index) Stage {
	return Stage{Name: StageIndex, Batch: 256, Run: func(ctx context.Context, jobs []catalog.Job) []error {
		errs := make([]error, len(jobs))
		docs := make([]search.Doc, 0, len(jobs))
		for i, j := range jobs {
			p, err := cat.Get(ctx, j.Library, j.PhotoID)
			if err != nil {
				errs[i] = err
				continue
			}
			docs = append(docs, DocOf(p))
		}
		if err := ix.Put(ctx, docs...); err != nil {
			for i := range errs {
				errs[i] = errors.Join(errs[i], err)
			}
		}
		return errs
	}}
}

// DocOf is the search document of a photo.
func DocOf(p *catalog.Photo) search.Doc {
	return search.Doc{
		ID: p.ID, Library: p.Library, Taken: p.TakenLocal,
		Make: p.Make, Model: p.Model, Lens: p.Lens, FileName: p.FileName,
	}
}
