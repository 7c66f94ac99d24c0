package ocr

import (
	"math"
	"testing"
)

// paint sets the probability p on the pixels of m inside the rectangle
// x0..x1, y0..y1 (inclusive) turned by angle degrees about its centre.
func paint(m probMap, x0, y0, x1, y1 int, angle float64, p float32) {
	cx, cy := float64(x0+x1)/2, float64(y0+y1)/2
	sin, cos := math.Sincos(angle * math.Pi / 180)
	hw, hh := float64(x1-x0)/2+0.5, float64(y1-y0)/2+0.5
	for y := range m.h {
		for x := range m.w {
			dx, dy := float64(x)-cx, float64(y)-cy
			u, v := dx*cos+dy*sin, -dx*sin+dy*cos
			if math.Abs(u) <= hw && math.Abs(v) <= hh {
				m.p[y*m.w+x] = p
			}
		}
	}
}

func newMap(w, h int) probMap { return probMap{w: w, h: h, p: make([]float32, w*h)} }

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func TestFindBoxesRectangle(t *testing.T) {
	m := newMap(100, 40)
	paint(m, 20, 10, 59, 17, 0, 0.9)
	got := findBoxes(m, defaultDB())
	if len(got) != 1 {
		t.Fatalf("findBoxes = %d boxes, want 1", len(got))
	}
	// Points span 39 x 7; unclip d = 39*7*1.5 / (2*(39+7)).
	d := 39.0 * 7 * 1.5 / 92
	x0, y0, x1, y1 := got[0].bounds()
	want := [4]float64{20 - d, 10 - d, 59 + d, 17 + d}
	for k, v := range [4]float64{x0, y0, x1, y1} {
		if !near(v, want[k], 1e-9) {
			t.Fatalf("findBoxes bounds = %.3f %.3f %.3f %.3f, want %.3f", x0, y0, x1, y1, want)
		}
	}
	if !near(float64(got[0].score), 0.9, 1e-6) {
		t.Errorf("score = %v, want 0.9", got[0].score)
	}
	if p := got[0].pts[0]; !near(p.x, want[0], 1e-9) || !near(p.y, want[1], 1e-9) {
		t.Errorf("first corner = %v, want the top-left", p)
	}
}

func TestFindBoxesFilters(t *testing.T) {
	tests := []struct {
		name string
		draw func(m probMap)
		want int
	}{
		{"empty", func(probMap) {}, 0},
		{"two lines", func(m probMap) {
			paint(m, 10, 5, 80, 12, 0, 0.8)
			paint(m, 10, 25, 60, 32, 0, 0.95)
		}, 2},
		{"diagonal touch joins", func(m probMap) {
			paint(m, 10, 10, 19, 15, 0, 0.9)
			paint(m, 20, 16, 29, 21, 0, 0.9)
		}, 1},
		{"above thresh, below box score", func(m probMap) { paint(m, 10, 5, 80, 12, 0, 0.5) }, 0},
		{"too thin", func(m probMap) { paint(m, 10, 5, 80, 6, 0, 0.9) }, 0},
		{"at the threshold is not text", func(m probMap) { paint(m, 10, 5, 80, 12, 0, 0.3) }, 0},
		{"NaN is not text", func(m probMap) { paint(m, 10, 5, 80, 12, 0, float32(math.NaN())) }, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newMap(100, 40)
			tt.draw(m)
			if got := findBoxes(m, defaultDB()); len(got) != tt.want {
				t.Errorf("findBoxes = %d boxes, want %d", len(got), tt.want)
			}
		})
	}
}

func TestFindBoxesRotated(t *testing.T) {
	for _, angle := range []float64{-30, -10, 0, 15, 30} {
		m := newMap(200, 200)
		paint(m, 40, 90, 159, 109, angle, 0.9) // 120 x 20 before turning
		got := findBoxes(m, defaultDB())
		if len(got) != 1 {
			t.Fatalf("angle %v: findBoxes = %d boxes, want 1", angle, len(got))
		}
		b := got[0]
		top := b.pts[1].sub(b.pts[0])
		gotAngle := math.Atan2(top.y, top.x) * 180 / math.Pi
		if !near(gotAngle, angle, 2) {
			t.Errorf("angle %v: top edge at %.1f degrees", angle, gotAngle)
		}
		// 119 x 19 between pixel centres, grown by d on each side.
		d := 119.0 * 19 * 1.5 / (2 * (119 + 19))
		if !near(b.w(), 119+2*d, 3) || !near(b.h(), 19+2*d, 3) {
			t.Errorf("angle %v: box %.1f x %.1f, want %.1f x %.1f", angle, b.w(), b.h(), 119+2*d, 19+2*d)
		}
	}
}

func TestConvexHullAndMinAreaRect(t *testing.T) {
	pts := []point{{0, 0}, {4, 0}, {4, 2}, {0, 2}, {2, 1}, {1, 1}, {4, 1}}
	hull := convexHull(pts)
	if len(hull) != 4 {
		t.Fatalf("convexHull = %v, want the 4 corners", hull)
	}
	c, u, hu, hv := minAreaRect(hull)
	if c != (point{2, 1}) || u != (point{1, 0}) || hu != 2 || hv != 1 {
		t.Errorf("minAreaRect = %v %v %v %v, want {2 1} {1 0} 2 1", c, u, hu, hv)
	}
	// A vertical bar keeps u pointing right and reports it tall.
	_, u, hu, hv = minAreaRect(convexHull([]point{{0, 0}, {1, 0}, {1, 6}, {0, 6}}))
	if u != (point{1, 0}) || hu != 0.5 || hv != 3 {
		t.Errorf("minAreaRect(vertical) = %v %v %v, want {1 0} 0.5 3", u, hu, hv)
	}
	for _, few := range [][]point{nil, {{3, 3}}, {{0, 0}, {5, 0}}} {
		_, _, hu, hv := minAreaRect(convexHull(few))
		if hu < 0 || hv != 0 {
			t.Errorf("minAreaRect(%v) = %v x %v, want a flat rectangle", few, hu, hv)
		}
	}
}

func TestReadingOrder(t *testing.T) {
	rect := func(x, y, w, h float64) box {
		return box{pts: [4]point{{x, y}, {x + w, y}, {x + w, y + h}, {x, y + h}}}
	}
	bs := []box{
		rect(0, 100, 50, 20), // third line
		rect(60, 3, 50, 20),  // first line, right (a little lower)
		rect(0, 0, 50, 20),   // first line, left
		rect(0, 50, 50, 20),  // second line
	}
	readingOrder(bs)
	want := []point{{0, 0}, {60, 3}, {0, 50}, {0, 100}}
	for i, b := range bs {
		if b.pts[0] != want[i] {
			t.Fatalf("readingOrder: box %d at %v, want %v", i, b.pts[0], want[i])
		}
	}
}
