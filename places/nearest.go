package places

import "math"

// bigPop is the population from which a place can take over positions that
// are nearer to a smaller place (see Nearest). Below it a place's reach would
// be under a kilometre, less than the spacing of places in towns.
const bigPop = 20000

// reachKm is the radius of the area a place of population pop is taken to
// cover: 0.006 km times the square root of the population (a density-free
// rule of thumb: 19 km for Seoul's 10.3 million, 3.8 km for Jeju City's
// 408,000, 0.85 km for a town of 20,000).
func reachKm(pop int) float64 { return 0.006 * math.Sqrt(float64(pop)) }

// Nearest names the place at lat, lon (degrees, WGS 84, as in EXIF). It
// reports false for positions out of range and for positions with no place
// within MaxDistanceKm. See NearestWithin for how the place is chosen.
func (ix *Index) Nearest(lat, lon float64) (Place, bool) {
	return ix.NearestWithin(lat, lon, MaxDistanceKm)
}

// NearestWithin is Nearest with another distance limit, in kilometres.
//
// The answer is the nearest place, unless the position lies within the reach
// of a place with more people (see reachKm): then it is the large place whose
// reach covers the position most centrally (the smallest distance/reach). So
// a photo taken in a neighbourhood of Seoul that GeoNames lists on its own
// (Yongsan-dong) is named Seoul, while one taken in the middle of Seongnam,
// next to Seoul, stays Seongnam.
func (ix *Index) NearestWithin(lat, lon, maxKm float64) (Place, bool) {
	if !validPosition(lat, lon) || maxKm <= 0 {
		return Place{}, false
	}
	q := toVec(lat, lon)
	id, d2 := ix.all.nearest(q, kmToChord2(maxKm))
	if id < 0 {
		return Place{}, false
	}
	if big, bd2, ok := ix.covering(q); ok && big != id && ix.t.Pop[big] > ix.t.Pop[id] {
		id, d2 = big, bd2
	}
	p := ix.place(id)
	p.DistanceKm = chordToKm(d2)
	return p, true
}

// covering returns the large place whose reach covers q most centrally.
func (ix *Index) covering(q vec) (id int32, d2 float64, ok bool) {
	best := math.Inf(1)
	ix.big.within(q, kmToChord2(ix.bigMax), func(i int32, c2 float64) {
		r := reachKm(int(ix.t.Pop[i]))
		if s := chordToKm(c2) / r; s <= 1 && s < best {
			best, id, d2, ok = s, i, c2, true
		}
	})
	return id, d2, ok
}
