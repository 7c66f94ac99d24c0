package ingest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	"sajin/albums"
	"sajin/ingest/catalog"
)

// StagePeople is the name of the stage that assigns each new face to a person.
const StagePeople = "people"

// People keeps each library's clustering of faces into people (albums.People) in the catalog: the people stage
// adds a photo's faces as they are found, and users name and merge people. It is safe for concurrent use; every
// change is a read-modify-write of one library's clustering under one lock.
type People struct {
	cat       *catalog.Catalog
	threshold float32
	mu        sync.Mutex
}

// NewPeople returns the people service of a catalog; threshold 0 means albums.DefaultFaceThreshold.
func NewPeople(cat *catalog.Catalog, threshold float32) *People {
	if threshold <= 0 {
		threshold = albums.DefaultFaceThreshold
	}
	return &People{cat: cat, threshold: threshold}
}

// Load returns a library's clustering.
func (pp *People) Load(ctx context.Context, library string) (albums.People, error) {
	var p albums.People
	data, err := pp.cat.PeopleState(ctx, library)
	if err != nil || data == nil {
		return p, err
	}
	if err := json.Unmarshal(data, &p); err != nil {
		return p, fmt.Errorf("people of %s: %w", library, err)
	}
	return p, nil
}

func (pp *People) save(ctx context.Context, library string, p albums.People, faces map[string]string) error {
	data, err := json.Marshal(p)
	if err != nil {
		return err
	}
	return pp.cat.SavePeople(ctx, library, data, faces)
}

// Stage returns the pipeline stage that clusters the faces of newly tagged photos.
func (pp *People) Stage() Stage {
	return Stage{Name: StagePeople, Batch: 64, Run: func(ctx context.Context, jobs []catalog.Job) []error {
		errs := make([]error, len(jobs))
		byLib := map[string][]int{}
		for i, j := range jobs {
			byLib[j.Library] = append(byLib[j.Library], i)
		}
		for lib, idx := range byLib {
			ids := make([]string, len(idx))
			for k, i := range idx {
				ids[k] = jobs[i].PhotoID
			}
			if err := pp.assign(ctx, lib, ids); err != nil {
				for _, i := range idx {
					errs[i] = err
				}
			}
		}
		return errs
	}}
}

// assign takes photos' old faces out of their people and clusters their current faces.
func (pp *People) assign(ctx context.Context, library string, photos []string) error {
	pp.mu.Lock()
	defer pp.mu.Unlock()
	p, err := pp.Load(ctx, library)
	if err != nil {
		return err
	}
	var old, fresh []albums.Face
	for _, id := range photos {
		faces, err := pp.cat.Faces(ctx, library, id)
		if err != nil {
			return err
		}
		for i, f := range faces {
			fid := fmt.Sprintf("%s/%d", id, i)
			old = append(old, albums.Face{ID: fid, Embedding: f.Embedding})
			fresh = append(fresh, albums.Face{ID: fid, Embedding: f.Embedding})
		}
		// Faces of an earlier run of vision beyond today's count are dropped by Remove's person bookkeeping.
	}
	p = p.Remove(old)
	p, got := p.Add(fresh, pp.threshold)
	return pp.save(ctx, library, p, got)
}

// ErrNoPerson is returned for a person id the library does not have.
var ErrNoPerson = albums.ErrNoPerson

// Name names a person and returns the photos that show them (to be re-indexed under the name).
func (pp *People) Name(ctx context.Context, library, id, name string) ([]string, error) {
	return pp.change(ctx, library, []string{id}, func(p albums.People) (albums.People, map[string]string, error) {
		p, err := p.Name(id, name)
		return p, nil, err
	})
}

// Merge moves every face of person from into person into and returns the photos concerned.
func (pp *People) Merge(ctx context.Context, library, into, from string) ([]string, error) {
	return pp.change(ctx, library, []string{into, from}, func(p albums.People) (albums.People, map[string]string, error) {
		moved := map[string]string{}
		for _, x := range p.Persons {
			if x.ID == from {
				for _, f := range x.Faces {
					moved[f] = into
				}
			}
		}
		p, err := p.Merge(into, from)
		return p, moved, err
	})
}

func (pp *People) change(ctx context.Context, library string, people []string,
	fn func(albums.People) (albums.People, map[string]string, error)) ([]string, error) {
	pp.mu.Lock()
	defer pp.mu.Unlock()
	p, err := pp.Load(ctx, library)
	if err != nil {
		return nil, err
	}
	photos, err := pp.cat.PhotosOfPeople(ctx, library, people...)
	if err != nil {
		return nil, err
	}
	p, faces, err := fn(p)
	if errors.Is(err, albums.ErrNoPerson) {
		return nil, fmt.Errorf("%w: %w", catalog.ErrNotFound, err)
	}
	if err != nil {
		return nil, err
	}
	return photos, pp.save(ctx, library, p, faces)
}

// Split moves the faces of person id found in the given photos to a new person ("these are not her") and returns
// the new person's id.
func (pp *People) Split(ctx context.Context, library, id string, photos []string) (string, error) {
	pp.mu.Lock()
	defer pp.mu.Unlock()
	p, err := pp.Load(ctx, library)
	if err != nil {
		return "", err
	}
	var faces []albums.Face
	for _, photo := range photos {
		fs, err := pp.cat.Faces(ctx, library, photo)
		if err != nil {
			return "", err
		}
		for i, f := range fs {
			if f.PersonID == id {
				faces = append(faces, albums.Face{ID: fmt.Sprintf("%s/%d", photo, i), Embedding: f.Embedding})
			}
		}
	}
	if len(faces) == 0 {
		return "", fmt.Errorf("%w: person %s is not in those photos", catalog.ErrNotFound, id)
	}
	p, created, err := p.Split(id, faces)
	if errors.Is(err, albums.ErrNoPerson) || errors.Is(err, albums.ErrNoFace) {
		return "", fmt.Errorf("%w: %w", catalog.ErrNotFound, err)
	}
	if err != nil {
		return "", err
	}
	moved := map[string]string{}
	for _, f := range faces {
		moved[f.ID] = created
	}
	return created, pp.save(ctx, library, p, moved)
}
