package places

import "math"

// earthRadiusKm is the mean radius of the Earth.
const earthRadiusKm = 6371.0088

// vec is a point on the unit sphere. Working with unit vectors instead of
// latitude and longitude makes the search correct across the antimeridian and
// near the poles without special cases.
type vec [3]float64

func toVec(lat, lon float64) vec {
	la, lo := lat*math.Pi/180, lon*math.Pi/180
	c := math.Cos(la)
	return vec{c * math.Cos(lo), c * math.Sin(lo), math.Sin(la)}
}

func chord2(a, b vec) float64 {
	dx, dy, dz := a[0]-b[0], a[1]-b[1], a[2]-b[2]
	return dx*dx + dy*dy + dz*dz
}

// chordToKm converts a squared chord length between unit vectors into a
// great-circle distance in kilometres.
func chordToKm(c2 float64) float64 {
	h := math.Sqrt(c2) / 2
	if h > 1 {
		h = 1
	}
	return 2 * math.Asin(h) * earthRadiusKm
}

// kmToChord2 is the inverse of chordToKm.
func kmToChord2(km float64) float64 {
	a := km / earthRadiusKm
	if a >= math.Pi {
		return 4
	}
	c := 2 * math.Sin(a/2)
	return c * c
}

// kdtree is an implicit k-d tree: the points of the range [lo,hi) are split
// at mid=(lo+hi)/2 on axis depth%3, lower half before mid, upper half after.
// It holds indices into the place table so that several trees can share it.
type kdtree struct {
	pts []vec
	ids []int32
}

// newKDTree builds a tree over pts (indexed by ids), reordering both.
func newKDTree(pts []vec, ids []int32) *kdtree {
	t := &kdtree{pts: pts, ids: ids}
	t.build(0, len(pts), 0)
	return t
}

func (t *kdtree) build(lo, hi, depth int) {
	if hi-lo <= 1 {
		return
	}
	mid, ax := (lo+hi)/2, depth%3
	t.selectNth(lo, hi, mid, ax)
	t.build(lo, mid, depth+1)
	t.build(mid+1, hi, depth+1)
}

// selectNth reorders [lo,hi) so that the point at mid has the value it would
// have if the range were sorted on axis ax, none before it is larger and none
// after it smaller (quickselect; the middle element as pivot).
func (t *kdtree) selectNth(lo, hi, mid, ax int) {
	hi--
	for lo < hi {
		pivot := t.pts[(lo+hi)/2][ax]
		i, j := lo, hi
		for i <= j {
			for t.pts[i][ax] < pivot {
				i++
			}
			for t.pts[j][ax] > pivot {
				j--
			}
			if i <= j {
				t.swap(i, j)
				i++
				j--
			}
		}
		switch {
		case mid <= j:
			hi = j
		case mid >= i:
			lo = i
		default:
			return
		}
	}
}

func (t *kdtree) swap(i, j int) {
	t.pts[i], t.pts[j] = t.pts[j], t.pts[i]
	t.ids[i], t.ids[j] = t.ids[j], t.ids[i]
}

// nearest returns the id of the point nearest q and its squared chord
// distance, or -1 when the tree is empty or nothing is closer than max2.
func (t *kdtree) nearest(q vec, max2 float64) (int32, float64) {
	best, best2 := int32(-1), max2
	t.walk(q, 0, len(t.pts), 0, &best, &best2)
	return best, best2
}

func (t *kdtree) walk(q vec, lo, hi, depth int, best *int32, best2 *float64) {
	if lo >= hi {
		return
	}
	mid, ax := (lo+hi)/2, depth%3
	p := t.pts[mid]
	if d := chord2(q, p); d < *best2 {
		*best, *best2 = t.ids[mid], d
	}
	diff := q[ax] - p[ax]
	first, secondLo, secondHi := [2]int{lo, mid}, mid+1, hi
	if diff > 0 {
		first, secondLo, secondHi = [2]int{mid + 1, hi}, lo, mid
	}
	t.walk(q, first[0], first[1], depth+1, best, best2)
	if diff*diff < *best2 {
		t.walk(q, secondLo, secondHi, depth+1, best, best2)
	}
}

// within calls fn for every point whose squared chord distance to q is at
// most r2.
func (t *kdtree) within(q vec, r2 float64, fn func(id int32, d2 float64)) {
	t.rangeWalk(q, r2, 0, len(t.pts), 0, fn)
}

func (t *kdtree) rangeWalk(q vec, r2 float64, lo, hi, depth int, fn func(int32, float64)) {
	if lo >= hi {
		return
	}
	mid, ax := (lo+hi)/2, depth%3
	p := t.pts[mid]
	if d := chord2(q, p); d <= r2 {
		fn(t.ids[mid], d)
	}
	diff := q[ax] - p[ax]
	if diff <= 0 || diff*diff <= r2 {
		t.rangeWalk(q, r2, lo, mid, depth+1, fn)
	}
	if diff >= 0 || diff*diff <= r2 {
		t.rangeWalk(q, r2, mid+1, hi, depth+1, fn)
	}
}
