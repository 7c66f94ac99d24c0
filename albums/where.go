package albums

import "strings"

// PlaceAlbums makes one album per city with at least MinPlacePhotos photos, titled with the city's names
// ("Jeju" / "제주"), and one per country that has two city albums or more ("Japan" / "일본"), photos newest
// first. It needs opts.Places.
func PlaceAlbums(photos []Photo, opts Options) []Album {
	opts = opts.withDefaults()
	return placeAlbums(photos, newGeoCache(opts.Places), opts)
}

// placeGroup is the photos of one city or country.
type placeGroup struct {
	s      *spot
	photos map[*Photo]bool
	cities int // of a country: its cities with an album
}

// placeAlbums is PlaceAlbums with a shared geocoder cache.
func placeAlbums(photos []Photo, geo *geoCache, opts Options) []Album {
	if geo.g == nil {
		return nil
	}
	cities, countries := groupPlaces(photos, geo)
	var out []Album
	for k, g := range cities {
		if len(g.photos) < opts.MinPlacePhotos {
			continue
		}
		countries[g.s.CC].cities++
		a := Album{ID: "place-" + slug(k), Kind: KindPlace, Title: g.s.City}
		setNewest(&a, newestFirst(g.photos))
		out = append(out, a)
	}
	for cc, g := range countries {
		if g.cities < 2 {
			continue
		}
		a := Album{ID: "place-" + strings.ToLower(cc), Kind: KindPlace, Title: g.s.Country}
		setNewest(&a, newestFirst(g.photos))
		out = append(out, a)
	}
	sortByCount(out)
	return out
}

// groupPlaces groups the photos with a named position by city and by country.
func groupPlaces(photos []Photo, geo *geoCache) (cities, countries map[string]*placeGroup) {
	cities, countries = map[string]*placeGroup{}, map[string]*placeGroup{}
	add := func(m map[string]*placeGroup, k string, s *spot, p *Photo) {
		g := m[k]
		if g == nil {
			g = &placeGroup{s: s, photos: map[*Photo]bool{}}
			m[k] = g
		}
		g.photos[p] = true
	}
	for i := range photos {
		p := &photos[i]
		if s := geo.photo(p); s != nil {
			add(cities, s.Key, s, p)
			add(countries, s.CC, s, p)
		}
	}
	return cities, countries
}
