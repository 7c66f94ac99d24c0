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
	if levels >= 3 && short/2 >= bfSize {
		out = append(out, tiles(fw, fh, short/2, short*3/8)...)
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
