package albums

import (
	"cmp"
	"slices"
	"time"
)

// Things makes one album per label category with at least MinThingPhotos photos whose labels of that
// category score MinLabelScore or more, titled with the category's names ("Pets" / "반려동물"), photos newest
// first, the best-scoring photo as cover. It needs opts.Vocabulary.
func Things(photos []Photo, opts Options) []Album {
	opts = opts.withDefaults()
	if opts.Vocabulary == nil {
		return nil
	}
	best := map[string]map[*Photo]float64{} // category -> photo -> its best score in it
	for i := range photos {
		p := &photos[i]
		for _, l := range p.Labels {
			lab, ok := opts.Vocabulary.Label(l.Key)
			if !ok || l.Score < opts.MinLabelScore || opts.skips(lab.Category) {
				continue
			}
			if best[lab.Category] == nil {
				best[lab.Category] = map[*Photo]float64{}
			}
			best[lab.Category][p] = max(best[lab.Category][p], l.Score)
		}
	}
	var out []Album
	for key, scores := range best {
		c, ok := opts.Vocabulary.Category(key)
		if !ok || len(scores) < opts.MinThingPhotos {
			continue
		}
		ps := newestFirst(scores)
		a := Album{ID: "thing-" + slug(key), Kind: KindThing, Title: Title{En: c.En, Ko: c.Ko}}
		setNewest(&a, ps)
		a.Cover = slices.MaxFunc(ps, func(x, y *Photo) int { return cmp.Compare(scores[x], scores[y]) }).ID
		out = append(out, a)
	}
	sortByCount(out)
	return out
}

// newestFirst lists a set of photos newest first by wall-clock time, photos without a time last, ties by id.
func newestFirst[V any](set map[*Photo]V) []*Photo {
	type keyed struct {
		p    *Photo
		wall time.Time
	}
	ks := make([]keyed, 0, len(set))
	for p := range set {
		ks = append(ks, keyed{p, wall(p.Taken)}) // once per photo: wall is too slow for a comparison
	}
	slices.SortFunc(ks, func(a, b keyed) int {
		if az, bz := a.p.Taken.IsZero(), b.p.Taken.IsZero(); az != bz {
			return cmp.Compare(btoi(az), btoi(bz))
		}
		return cmp.Or(b.wall.Compare(a.wall), cmp.Compare(a.p.ID, b.p.ID))
	})
	ps := make([]*Photo, len(ks))
	for i, k := range ks {
		ps[i] = k.p
	}
	return ps
}

// setNewest sets an album's photos (newest first), count, span and a cover.
func setNewest(a *Album, ps []*Photo) {
	a.Count = len(ps)
	a.Photos = make([]string, len(ps))
	for i, p := range ps {
		a.Photos[i] = p.ID
		if !p.Taken.IsZero() {
			if a.To.IsZero() {
				a.To = wall(p.Taken)
			}
			a.From = wall(p.Taken)
		}
	}
	a.Cover = cover(ps, DefaultMinLabelScore)
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
