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
	var out []Album
	for id, set := range byPerson(photos, assigned) {
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

// byPerson groups the photos by the people in them: a face's Person, else its id in assigned.
func byPerson(photos []Photo, assigned map[string]string) map[string]map[*Photo]bool {
	out := map[string]map[*Photo]bool{}
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
			if out[id] == nil {
				out[id] = map[*Photo]bool{}
			}
			out[id][p] = true
		}
	}
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
