package albums

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"sajin/places"
)

// earthKm is the mean radius of the Earth.
const earthKm = 6371.0

// distanceKm is the great-circle distance between two positions.
func distanceKm(lat1, lon1, lat2, lon2 float64) float64 {
	const rad = math.Pi / 180
	dlat, dlon := (lat2-lat1)*rad, (lon2-lon1)*rad
	a := math.Sin(dlat/2)*math.Sin(dlat/2) +
		math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * earthKm * math.Asin(math.Sqrt(min(1, a)))
}

// spot is a named place as albums show it.
type spot struct {
	Key     string // country code, region and city: the identity of a city
	City    Title
	Country Title
	CC      string
}

// geoCache asks a Geocoder once per cell of 0.01 degree (about 1 km), which keeps a rebuild of 100,000
// photos taken in a few hundred places to a few thousand lookups.
type geoCache struct {
	g     Geocoder
	cells map[[2]int32]*spot
}

func newGeoCache(g Geocoder) *geoCache {
	return &geoCache{g: g, cells: map[[2]int32]*spot{}}
}

// at names a position; nil when there is no geocoder or no place near it.
func (c *geoCache) at(lat, lon float64) *spot {
	if c.g == nil {
		return nil
	}
	k := [2]int32{int32(math.Round(lat * 100)), int32(math.Round(lon * 100))}
	if s, ok := c.cells[k]; ok {
		return s
	}
	var s *spot
	if p, ok := c.g.Nearest(lat, lon); ok {
		s = spotOf(p)
	}
	c.cells[k] = s
	return s
}

// photo names a photo's position; nil without one.
func (c *geoCache) photo(p *Photo) *spot {
	if p.Lat == nil || p.Lon == nil {
		return nil
	}
	return c.at(*p.Lat, *p.Lon)
}

// spotOf turns a place into display names, Korean falling back to English.
func spotOf(p places.Place) *spot {
	city := displayCity(p)
	return &spot{
		Key:     p.CountryCode + "/" + p.Region + "/" + p.City,
		City:    Title{En: city, Ko: cmp.Or(p.Ko.City, city)},
		Country: Title{En: p.Country, Ko: cmp.Or(p.Ko.Country, p.Country)},
		CC:      p.CountryCode,
	}
}

// displayCity is a city's English name as people say it: GeoNames calls some Korean cities "Jeju City"
// and New York "New York City"; titles say "Jeju" and "New York". Other "City" names (Mexico City, Quezon
// City) keep it.
func displayCity(p places.Place) string {
	if p.CountryCode == "KR" || p.City == "New York City" {
		return strings.TrimSuffix(p.City, " City")
	}
	return p.City
}

// placeName names a group of photos after where most of them were taken: the top city when it holds half
// of the named photos, else the top two cities ("Tokyo & Osaka") when they hold three quarters, else the
// top country. It returns nil when no photo is named.
func placeName(spots []*spot) *Title {
	byCity, byCountry := tally(spots, func(s *spot) string { return s.Key }), tally(spots, func(s *spot) string { return s.CC })
	if len(byCity) == 0 {
		return nil
	}
	n := 0
	for _, c := range byCity {
		n += c.n
	}
	top := byCity[0]
	switch {
	case 2*top.n >= n:
		return &top.s.City
	case len(byCity) > 1 && 4*(top.n+byCity[1].n) >= 3*n:
		a, b := top.s.City, byCity[1].s.City
		return &Title{En: a.En + " & " + b.En, Ko: a.Ko + "·" + b.Ko}
	default:
		return &byCountry[0].s.Country
	}
}

// count is one tallied key with an example spot.
type count struct {
	s *spot
	n int
}

// tally counts spots by key, largest first, ties by key.
func tally(spots []*spot, key func(*spot) string) []count {
	m := map[string]*count{}
	var keys []string
	for _, s := range spots {
		if s == nil {
			continue
		}
		k := key(s)
		if m[k] == nil {
			m[k] = &count{s: s}
			keys = append(keys, k)
		}
		m[k].n++
	}
	out := make([]count, 0, len(keys))
	for _, k := range keys {
		out = append(out, *m[k])
	}
	slices.SortFunc(out, func(a, b count) int {
		return cmp.Or(cmp.Compare(b.n, a.n), cmp.Compare(key(a.s), key(b.s)))
	})
	return out
}

// gridKey is the cell of 0.1 degree (about 10 km) that stands for a place when there is no geocoder.
func gridKey(lat, lon float64) string {
	return fmt.Sprintf("%.0f,%.0f", math.Floor(lat*10), math.Floor(lon*10))
}
