package albums

// PersonAlbums makes one album per person: named people always, unnamed ones with at least MinPersonPhotos
// photos, photos newest first, the photo where they appear with the fewest others as cover. Faces with a
// Person keep it; the others are clustered into opts.People first (Add, in photo order).
func PersonAlbums(photos []Photo, opts Options) []Album {
	opts = opts.withDefaults()
	var fresh []Face
	for _, p := range photos {
		for _, f := range p.Faces {
			if f.Person == "" {
				fresh = append(fresh, f)
			}
		}
	}
	people, assigned := opts.People.Add(fresh, opts.FaceThreshold)
	byPerson := map[string]map[*Photo]bool{}
	for i := range photos {
		p := &photos[i]
		for _, f := range p.Faces {
			id := f.Person
			if id == "" {
				id = assigned[f.ID]
			}
			if id == "" {
				continue
			}
			if byPerson[id] == nil {
				byPerson[id] = map[*Photo]bool{}
			}
			byPerson[id][p] = true
		}
	}
	var out []Album
	for id, set := range byPerson {
		x := Person{ID: id}
		if i := people.index(id); i >= 0 {
			x = people.Persons[i]
		}
		if x.Name == "" && len(set) < opts.MinPersonPhotos {
			continue
		}
		a := Album{ID: "person-" + slug(id), Kind: KindPerson, Title: x.Title()}
		ps := newestFirst(set)
		setNewest(&a, ps)
		a.Cover = portrait(ps)
		out = append(out, a)
	}
	sortByCount(out)
	return out
}

// portrait is the newest photo with the fewest faces.
func portrait(ps []*Photo) string {
	best := ps[0]
	for _, p := range ps[1:] {
		if len(p.Faces) < len(best.Faces) {
			best = p
		}
	}
	return best.ID
}
