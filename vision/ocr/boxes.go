package ocr

import (
	"cmp"
	"math"
	"slices"
)

// probMap is the detector's text probability map, row-major w x h.
type probMap struct {
	w, h int
	p    []float32
}

// dbParams are the DB post-processing knobs, in map pixels.
type dbParams struct {
	thresh    float32 // a pixel is text when its probability exceeds this
	boxThresh float32 // a region is kept when its mean probability reaches this
	unclip    float64 // expand by unclip*area/perimeter on every side
	minSize   float64 // drop regions whose short side is below this
	maxBoxes  int     // keep at most this many regions (largest scores first)
}

// defaultDB returns PaddleOCR's DB defaults.
func defaultDB() dbParams {
	return dbParams{thresh: 0.3, boxThresh: 0.6, unclip: 1.5, minSize: 3, maxBoxes: 1000}
}

type point struct{ x, y float64 }

func (p point) add(q point) point        { return point{p.x + q.x, p.y + q.y} }
func (p point) sub(q point) point        { return point{p.x - q.x, p.y - q.y} }
func (p point) scale(k float64) point    { return point{p.x * k, p.y * k} }
func (p point) dot(q point) float64      { return p.x*q.x + p.y*q.y }
func (p point) cross(q point) float64    { return p.x*q.y - p.y*q.x }
func (p point) dist(q point) float64     { return math.Hypot(p.x-q.x, p.y-q.y) }
func (p point) mul(sx, sy float64) point { return point{p.x * sx, p.y * sy} }

// box is a detected text region: a (possibly rotated) rectangle with its
// corners in reading order (top-left, top-right, bottom-right,
// bottom-left), and the mean probability of the pixels that made it.
type box struct {
	pts   [4]point
	score float32
}

func (b box) w() float64 { return b.pts[0].dist(b.pts[1]) }
func (b box) h() float64 { return b.pts[0].dist(b.pts[3]) }

// bounds returns the axis-aligned extent of the corners.
func (b box) bounds() (x0, y0, x1, y1 float64) {
	x0, y0, x1, y1 = math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, p := range b.pts {
		x0, x1 = min(x0, p.x), max(x1, p.x)
		y0, y1 = min(y0, p.y), max(y1, p.y)
	}
	return x0, y0, x1, y1
}

// region is one connected component: its score and its outline points
// (the first and last pixel of every row, which span its convex hull).
type region struct {
	score float32
	pts   []point
}

// findBoxes runs DB post-processing: threshold, 8-connected components,
// score filter, minimum-area rectangle, unclip and size filter. Boxes are
// in map pixels (pixel centres at whole numbers, as OpenCV's contours),
// ordered by score, best first.
func findBoxes(m probMap, p dbParams) []box {
	var out []box
	for _, r := range components(m, p.thresh) {
		if r.score < p.boxThresh {
			continue
		}
		c, u, hu, hv := minAreaRect(convexHull(r.pts))
		if 2*min(hu, hv) < p.minSize {
			continue
		}
		// The rectangle grows by d on every side: PaddleOCR's polygon
		// offset, whose rounded corners do not change the bounding box.
		d := 4 * hu * hv * p.unclip / (4 * (hu + hv))
		hu, hv = hu+d, hv+d
		if 2*min(hu, hv) < p.minSize+2 {
			continue
		}
		out = append(out, rectBox(c, u, hu, hv, r.score))
	}
	slices.SortStableFunc(out, func(a, b box) int { return cmp.Compare(b.score, a.score) })
	if p.maxBoxes > 0 && len(out) > p.maxBoxes {
		out = out[:p.maxBoxes]
	}
	return out
}

// rectBox makes the corners of the rectangle centred on c with half
// extents hu along the unit vector u and hv across it.
func rectBox(c, u point, hu, hv float64, score float32) box {
	v := point{-u.y, u.x} // u turned a quarter clockwise on screen (y down)
	a, b := u.scale(hu), v.scale(hv)
	return box{score: score, pts: [4]point{
		c.sub(a).sub(b), c.add(a).sub(b), c.add(a).add(b), c.sub(a).add(b),
	}}
}

// components labels the pixels above thresh into 8-connected regions with
// an explicit stack (no recursion).
func components(m probMap, thresh float32) []region {
	seen := make([]bool, len(m.p))
	var regions []region
	var stack, members []int
	for start, v := range m.p {
		if seen[start] || !(v > thresh) {
			continue
		}
		seen[start] = true
		stack = append(stack[:0], start)
		members = members[:0]
		var sum float64
		for len(stack) > 0 {
			i := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			members = append(members, i)
			sum += float64(m.p[i])
			stack = pushNeighbours(m, thresh, seen, i, stack)
		}
		regions = append(regions, region{
			score: float32(sum / float64(len(members))),
			pts:   rowEnds(members, m.w),
		})
	}
	return regions
}

// pushNeighbours marks and pushes the unseen text pixels around pixel i.
func pushNeighbours(m probMap, thresh float32, seen []bool, i int, stack []int) []int {
	x, y := i%m.w, i/m.w
	for ny := max(y-1, 0); ny <= min(y+1, m.h-1); ny++ {
		for nx := max(x-1, 0); nx <= min(x+1, m.w-1); nx++ {
			j := ny*m.w + nx
			if !seen[j] && m.p[j] > thresh {
				seen[j] = true
				stack = append(stack, j)
			}
		}
	}
	return stack
}

// rowEnds returns the leftmost and rightmost pixel of each row of a
// region given as pixel indices in a map w wide.
func rowEnds(members []int, w int) []point {
	y0, y1 := members[0]/w, members[0]/w
	for _, i := range members {
		y0, y1 = min(y0, i/w), max(y1, i/w)
	}
	ends := make([][2]int, y1-y0+1)
	for k := range ends {
		ends[k] = [2]int{w, -1}
	}
	for _, i := range members {
		e := &ends[i/w-y0]
		e[0], e[1] = min(e[0], i%w), max(e[1], i%w)
	}
	pts := make([]point, 0, 2*len(ends))
	for k, e := range ends {
		y := float64(y0 + k)
		pts = append(pts, point{float64(e[0]), y})
		if e[1] != e[0] {
			pts = append(pts, point{float64(e[1]), y})
		}
	}
	return pts
}

// convexHull returns the hull of pts counter-clockwise (Andrew's monotone
// chain). It sorts pts in place.
func convexHull(pts []point) []point {
	slices.SortFunc(pts, func(a, b point) int { return cmp.Or(cmp.Compare(a.x, b.x), cmp.Compare(a.y, b.y)) })
	if len(pts) < 3 {
		return pts
	}
	hull := make([]point, 0, 2*len(pts))
	for pass := 0; pass < 2; pass++ {
		start := len(hull)
		for _, p := range pts {
			for len(hull) >= start+2 && hull[len(hull)-1].sub(hull[len(hull)-2]).cross(p.sub(hull[len(hull)-2])) <= 0 {
				hull = hull[:len(hull)-1]
			}
			hull = append(hull, p)
		}
		hull = hull[:len(hull)-1] // the last point starts the other chain
		slices.Reverse(pts)
	}
	slices.Reverse(pts) // leave pts sorted as documented, ascending
	return hull
}

// minAreaRect returns the smallest rectangle around the hull: its centre
// c, the unit vector u of the side nearest horizontal (pointing right) and
// the half extents along u and across it. A rectangle has the orientation
// of one of the hull's edges, so each edge is tried.
func minAreaRect(hull []point) (c, u point, hu, hv float64) {
	bestArea := math.Inf(1)
	try := func(e point) {
		n := point{-e.y, e.x}
		a0, a1, b0, b1 := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
		for _, p := range hull {
			a, b := p.dot(e), p.dot(n)
			a0, a1, b0, b1 = min(a0, a), max(a1, a), min(b0, b), max(b1, b)
		}
		if area := (a1 - a0) * (b1 - b0); area < bestArea {
			bestArea = area
			c = e.scale((a0 + a1) / 2).add(n.scale((b0 + b1) / 2))
			u, hu, hv = e, (a1-a0)/2, (b1-b0)/2
		}
	}
	try(point{1, 0})
	for i := range hull {
		e := hull[(i+1)%len(hull)].sub(hull[i])
		if l := math.Hypot(e.x, e.y); l > 0 {
			try(e.scale(1 / l))
		}
	}
	if math.Abs(u.x) < math.Abs(u.y) {
		u, hu, hv = point{-u.y, u.x}, hv, hu
	}
	if u.x < 0 {
		u = u.scale(-1)
	}
	return c, u, hu, hv
}

// readingOrder sorts boxes top to bottom, and left to right within a line
// (boxes whose top-left corners are within half the shorter height).
func readingOrder(bs []box) {
	slices.SortStableFunc(bs, func(a, b box) int {
		return cmp.Or(cmp.Compare(a.pts[0].y, b.pts[0].y), cmp.Compare(a.pts[0].x, b.pts[0].x))
	})
	for i := 1; i < len(bs); i++ {
		for j := i; j > 0; j-- {
			a, b := bs[j-1], bs[j]
			if b.pts[0].y-a.pts[0].y >= min(a.h(), b.h())/2 || b.pts[0].x >= a.pts[0].x {
				break
			}
			bs[j-1], bs[j] = b, a
		}
	}
}
