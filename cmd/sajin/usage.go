package main

import (
	"context"
	"time"

	"sajin/ingest/catalog"
	"sajin/search"
)

// usageView is what one user does with their photos, read from the catalog's decayed usage sums for one search:
// the most used photos and labels (a few hundred rows, read in well under a millisecond).
type usageView struct {
	photos map[string]float64
	labels map[string]float64
	top    []string
}

var _ search.Usage = (*usageView)(nil)

// loadUsage reads a library's usage as of now.
func loadUsage(cat *catalog.Catalog) func(ctx context.Context, library string) (search.Usage, error) {
	return func(ctx context.Context, library string) (search.Usage, error) {
		now := time.Now()
		photos, err := cat.UsageOf(ctx, library, "photo", now, 500)
		if err != nil {
			return nil, err
		}
		labels, err := cat.UsageOf(ctx, library, "label", now, 200)
		if err != nil {
			return nil, err
		}
		u := &usageView{photos: map[string]float64{}, labels: map[string]float64{}}
		for _, p := range photos {
			u.photos[p.Subject] = p.Score
			u.top = append(u.top, p.Subject)
		}
		for _, l := range labels {
			u.labels[l.Subject] = l.Score
		}
		return u, nil
	}
}

func (u *usageView) Score(id string) float64       { return u.photos[id] }
func (u *usageView) LabelScore(key string) float64 { return u.labels[key] }

func (u *usageView) Top(n int) []string {
	if n < len(u.top) {
		return u.top[:n]
	}
	return u.top
}
