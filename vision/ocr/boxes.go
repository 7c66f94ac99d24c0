package ocr

import (
	"cmp"
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

// defaultDB are PaddleOCR's DB defaults.
var defaultDB = dbParams{thresh: 0.3, boxThresh: 0.6, unclip: 1.5, minSize: 3, maxBoxes: 1000}

// box is a detected text region: the rectangle x0..x1, y0..y1 (edges, not
// pixel indices) and the mean probability of the pixels that made it.
type box struct {
	x0, y0, x1, y1 float64
	score          float32
}

func (b box) w() float64 { return b.x1 - b.x0 }
func (b box) h() float64 { return b.y1 - b.y0 }

// region accumulates one connected component.
type region struct {
	minX, minY, maxX, maxY int
	sum                    float64
	n                      int
}

// findBoxes runs DB post-processing: threshold, 8-connected components,
// score filter, unclip and size filter. Boxes are axis-aligned, in map
// pixels, ordered by score (best first).
func findBoxes(m probMap, p dbParams) []box {
	var out []box
	for _, r := range components(m, p.thresh) {
		score := float32(r.sum / float64(r.n))
		if score < p.boxThresh {
			continue
		}
		// Like cv2.minAreaRect on the contour points: sides span point
		// centres, so a 1-pixel-wide run has width 0.
		w, h := float64(r.maxX-r.minX), float64(r.maxY-r.minY)
		if min(w, h) < p.minSize {
			continue
		}
		d := 0.0
		if w+h > 0 {
			d = w * h * p.unclip / (2 * (w + h))
		}
		b := box{x0: float64(r.minX) - d, y0: float64(r.minY) - d, x1: float64(r.maxX) + d, y1: float64(r.maxY) + d, score: score}
		if min(b.w(), b.h()) < p.minSize+2 {
			continue
		}
		out = append(out, b)
	}
	slices.SortStableFunc(out, func(a, b box) int { return cmp.Compare(b.score, a.score) })
	if p.maxBoxes > 0 && len(out) > p.maxBoxes {
		out = out[:p.maxBoxes]
	}
	return out
}

// components labels the pixels above thresh into 8-connected regions with
// an explicit stack (no recursion, one label array).
func components(m probMap, thresh float32) []region {
	seen := make([]bool, len(m.p))
	var regions []region
	var stack []int
	for start, v := range m.p {
		if seen[start] || !(v > thresh) {
			continue
		}
		seen[start] = true
		stack = append(stack[:0], start)
		r := region{minX: m.w, minY: m.h, maxX: -1, maxY: -1}
		for len(stack) > 0 {
			i := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			x, y := i%m.w, i/m.w
			r.minX, r.maxX = min(r.minX, x), max(r.maxX, x)
			r.minY, r.maxY = min(r.minY, y), max(r.maxY, y)
			r.sum += float64(m.p[i])
			r.n++
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					nx, ny := x+dx, y+dy
					if nx < 0 || ny < 0 || nx >= m.w || ny >= m.h {
						continue
					}
					j := ny*m.w + nx
					if !seen[j] && m.p[j] > thresh {
						seen[j] = true
						stack = append(stack, j)
					}
				}
			}
		}
		regions = append(regions, r)
	}
	return regions
}

// readingOrder sorts boxes top to bottom, and left to right within a line
// (boxes whose tops are within half the shorter height of each other).
func readingOrder(bs []box) {
	slices.SortStableFunc(bs, func(a, b box) int {
		return cmp.Or(cmp.Compare(a.y0, b.y0), cmp.Compare(a.x0, b.x0))
	})
	for i := 1; i < len(bs); i++ {
		for j := i; j > 0; j-- {
			a, b := bs[j-1], bs[j]
			if b.y0-a.y0 < min(a.h(), b.h())/2 && b.x0 < a.x0 {
				bs[j-1], bs[j] = b, a
				continue
			}
			break
		}
	}
}
