package faces

import "math"

// windows returns the squares BlazeFace looks at in a w x h image: level 1
// is the whole image, centred and padded to a square; level 2 adds square
// tiles of the shorter side along the longer one (when the image is not
// nearly square); level 3 adds tiles of half the shorter side, a quarter
// overlapping, when those are still at least BlazeFace's input size (tiles
// that would be enlarged show BlazeFace nothing new).
func windows(w, h, levels int) []square {
	fw, fh := float64(w), float64(h)
	long, short := math.Max(fw, fh), math.Min(fw, fh)
	out := []square{{X0: (fw - long) / 2, Y0: (fh - long) / 2, Side: long}}
	if levels >= 2 && long > short*1.2 {
		out = append(out, tiles(fw, fh, short, short)...)
	}
	if levels >= 3 {
		out = append(out, fine(fw, fh)...)
	}
	return out
}

// fine returns level 3's tiles of a w x h image: squares of half the shorter
// side, a quarter overlapping, when those still hold BlazeFace's input size
// (none otherwise).
func fine(w, h float64) []square {
	short := math.Min(w, h)
	if short/2 < bfSize {
		return nil
	}
	return tiles(w, h, short/2, short*3/8)
}

// hintScore is the BlazeFace probability at which a candidate of the larger
// windows makes level 3 look closer. Group photos of 4000x3000 with faces of
// 90-150 pixels (TestFindGroupPhoto's kind) had a candidate of 0.25-0.48 at
// each face in the larger windows and gave level 3 exactly the faces that all
// of its tiles gave; at 0.15 one face in 30 of 90 pixels was lost. On the 14
// fixtures shrunk or enlarged to 2048 pixels, level 3 runs 4.8 of its 9-12
// tiles on average at 0.1 (2.8 at 0.15), 0 to 10.
const hintScore = 0.1

// hintSide bounds the candidates that make level 3 look closer: a face wider
// than this share of a tile is seen well enough by the larger windows.
const hintSide = 0.25

// guided returns the tiles that hold a small candidate's centre, for each candidate
// the tile whose centre is nearest to it, in the order of tiles.
func guided(tiles []square, cands []candidate) []square {
	want := make([]bool, len(tiles))
	for _, c := range cands {
		if len(tiles) == 0 || math.Max(c.Box.width(), c.Box.height()) > tiles[0].Side*hintSide {
			continue
		}
		cx, cy := c.Box.centre()
		best, dist := -1, math.Inf(1)
		for i, t := range tiles {
			if cx < t.X0 || cy < t.Y0 || cx >= t.X0+t.Side || cy >= t.Y0+t.Side {
				continue
			}
			if d := math.Hypot(t.X0+t.Side/2-cx, t.Y0+t.Side/2-cy); d < dist {
				best, dist = i, d
			}
		}
		if best >= 0 {
			want[best] = true
		}
	}
	var out []square
	for i, t := range tiles {
		if want[i] {
			out = append(out, t)
		}
	}
	return out
}

// tiles covers a w x h image with squares of the given side, at most step
// apart in each direction, spread evenly.
func tiles(w, h, side, step float64) []square {
	xs, ys := spread(w, side, step), spread(h, side, step)
	out := make([]square, 0, len(xs)*len(ys))
	for _, y := range ys {
		for _, x := range xs {
			out = append(out, square{X0: x, Y0: y, Side: side})
		}
	}
	return out
}

// spread returns the starts of windows of size side that cover 0..length
// with starts at most step apart, evenly spaced.
func spread(length, side, step float64) []float64 {
	if length <= side {
		return []float64{(length - side) / 2}
	}
	n := int(math.Ceil((length-side)/step)) + 1
	out := make([]float64, n)
	for i := range out {
		out[i] = float64(i) * (length - side) / float64(n-1)
	}
	return out
}
