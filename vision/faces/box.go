package faces

import (
	"image"
	"math"
	"sort"
)

// box is an axis-aligned rectangle in float pixels; X1/Y1 are exclusive.
type box struct {
	X0, Y0, X1, Y1 float64
}

func (b box) width() float64  { return b.X1 - b.X0 }
func (b box) height() float64 { return b.Y1 - b.Y0 }
func (b box) area() float64   { return math.Max(0, b.width()) * math.Max(0, b.height()) }

// centre returns the box centre.
func (b box) centre() (x, y float64) { return (b.X0 + b.X1) / 2, (b.Y0 + b.Y1) / 2 }

// contains reports whether the point lies inside the box.
func (b box) contains(x, y float64) bool {
	return x >= b.X0 && x < b.X1 && y >= b.Y0 && y < b.Y1
}

// scale maps the box by p -> p*s + (dx, dy).
func (b box) scale(s, dx, dy float64) box {
	return box{X0: b.X0*s + dx, Y0: b.Y0*s + dy, X1: b.X1*s + dx, Y1: b.Y1*s + dy}
}

// rect rounds the box to integer pixels.
func (b box) rect() image.Rectangle {
	return image.Rect(int(math.Round(b.X0)), int(math.Round(b.Y0)), int(math.Round(b.X1)), int(math.Round(b.Y1)))
}

// squareBox returns the square of side s centred on (cx, cy).
func squareBox(cx, cy, s float64) box {
	return box{X0: cx - s/2, Y0: cy - s/2, X1: cx + s/2, Y1: cy + s/2}
}

// iou returns the intersection over union of two boxes (0 when both are empty).
func iou(a, b box) float64 {
	in := box{X0: math.Max(a.X0, b.X0), Y0: math.Max(a.Y0, b.Y0), X1: math.Min(a.X1, b.X1), Y1: math.Min(a.Y1, b.Y1)}
	if in.width() <= 0 || in.height() <= 0 {
		return 0
	}
	u := a.area() + b.area() - in.area()
	if u <= 0 {
		return 0
	}
	return in.area() / u
}

// candidate is one BlazeFace detection: a box, its probability and six key
// points (right eye, left eye, nose tip, mouth, right ear, left ear), in the
// coordinates of whatever image the detection refers to.
type candidate struct {
	Box    box
	Score  float64
	Points [6][2]float64
}

// mapped returns the candidate under p -> p*s + (dx, dy).
func (c candidate) mapped(s, dx, dy float64) candidate {
	out := candidate{Box: c.Box.scale(s, dx, dy), Score: c.Score}
	for k, p := range c.Points {
		out.Points[k] = [2]float64{p[0]*s + dx, p[1]*s + dy}
	}
	return out
}

// weightedNMS merges overlapping candidates, MediaPipe style: candidates are
// taken by falling score; every remaining one whose IoU with the best is
// above thresh joins its cluster, and the cluster's box and key points are the
// score-weighted mean of its members, with the best member's score.
func weightedNMS(cands []candidate, thresh float64) []candidate {
	rest := append([]candidate(nil), cands...)
	sort.SliceStable(rest, func(i, j int) bool { return rest[i].Score > rest[j].Score })
	var out []candidate
	for len(rest) > 0 {
		best := rest[0]
		var members, left []candidate
		for _, c := range rest {
			if iou(best.Box, c.Box) > thresh {
				members = append(members, c)
			} else {
				left = append(left, c)
			}
		}
		out = append(out, blend(members, best.Score))
		rest = left
	}
	return out
}

// blend returns the score-weighted mean of the members' boxes and points.
func blend(members []candidate, score float64) candidate {
	var out candidate
	var sum float64
	for _, m := range members {
		w := m.Score
		sum += w
		out.Box.X0 += w * m.Box.X0
		out.Box.Y0 += w * m.Box.Y0
		out.Box.X1 += w * m.Box.X1
		out.Box.Y1 += w * m.Box.Y1
		for k, p := range m.Points {
			out.Points[k][0] += w * p[0]
			out.Points[k][1] += w * p[1]
		}
	}
	if sum <= 0 {
		return members[0]
	}
	out.Box = out.Box.scale(1/sum, 0, 0)
	for k := range out.Points {
		out.Points[k][0] /= sum
		out.Points[k][1] /= sum
	}
	out.Score = score
	return out
}
