package faces

import (
	"image"
	"math"
	"testing"
)

func TestIoU(t *testing.T) {
	tests := []struct {
		name string
		a, b box
		want float64
	}{
		{"same", box{0, 0, 10, 10}, box{0, 0, 10, 10}, 1},
		{"disjoint", box{0, 0, 10, 10}, box{20, 20, 30, 30}, 0},
		{"touching", box{0, 0, 10, 10}, box{10, 0, 20, 10}, 0},
		{"half shifted", box{0, 0, 10, 10}, box{5, 0, 15, 10}, 50.0 / 150},
		{"inside", box{0, 0, 10, 10}, box{2, 2, 7, 7}, 25.0 / 100},
		{"empty", box{0, 0, 0, 0}, box{0, 0, 0, 0}, 0},
		{"reference astronaut", box{170, 57, 280, 167}, box{174, 76, 278, 180}, 9464.0 / 13452},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := iou(tt.a, tt.b); math.Abs(got-tt.want) > 1e-9 {
				t.Errorf("iou(%v, %v) = %v, want %v", tt.a, tt.b, got, tt.want)
			}
			if got := iou(tt.b, tt.a); math.Abs(got-tt.want) > 1e-9 {
				t.Errorf("iou(%v, %v) = %v, want %v (not symmetric)", tt.b, tt.a, got, tt.want)
			}
		})
	}
}

func TestAgree(t *testing.T) {
	tests := []struct {
		name string
		a, b box
		want bool
	}{
		{"overlapping", box{170, 57, 280, 167}, box{174, 76, 278, 180}, true},
		{"centres inside each other", box{0, 0, 100, 100}, box{40, 40, 70, 140}, true},
		{"small box in a corner", box{0, 0, 100, 100}, box{0, 0, 20, 20}, false},
		{"apart", box{0, 0, 10, 10}, box{11, 0, 21, 10}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := agree(tt.a, tt.b); got != tt.want {
				t.Errorf("agree(%v, %v) = %v, want %v", tt.a, tt.b, got, tt.want)
			}
		})
	}
}

func TestWeightedNMS(t *testing.T) {
	a := candidate{Box: box{0, 0, 10, 10}, Score: 0.9}
	a2 := candidate{Box: box{2, 0, 12, 10}, Score: 0.3}
	b := candidate{Box: box{50, 50, 60, 60}, Score: 0.6}
	tests := []struct {
		name string
		in   []candidate
		want []candidate
	}{
		{"none", nil, nil},
		{"one", []candidate{a}, []candidate{a}},
		{"apart, by score", []candidate{b, a}, []candidate{a, b}},
		{"merged with weights", []candidate{a2, b, a}, []candidate{
			{Box: box{0.5, 0, 10.5, 10}, Score: 0.9}, b,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := weightedNMS(tt.in, 0.3)
			if len(got) != len(tt.want) {
				t.Fatalf("weightedNMS = %v, want %v", got, tt.want)
			}
			for i := range got {
				if !near(got[i].Box, tt.want[i].Box, 1e-9) || got[i].Score != tt.want[i].Score {
					t.Errorf("weightedNMS[%d] = %v, want %v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func near(a, b box, tol float64) bool {
	return math.Abs(a.X0-b.X0) <= tol && math.Abs(a.Y0-b.Y0) <= tol &&
		math.Abs(a.X1-b.X1) <= tol && math.Abs(a.Y1-b.Y1) <= tol
}

func TestAnchors(t *testing.T) {
	layers := blazeLayers()
	tests := []struct {
		layer int
		index int
		want  anchor
	}{
		{0, 0, anchor{8, 8}},
		{0, 1, anchor{8, 8}},
		{0, 2, anchor{24, 8}},
		{0, 32, anchor{8, 24}},
		{0, 111, anchor{(7 + 0.5) * 16, (3 + 0.5) * 16}}, // (3*16+7)*2+1
		{0, 511, anchor{248, 248}},
		{1, 0, anchor{16, 16}},
		{1, 5, anchor{16, 16}},
		{1, 6, anchor{48, 16}},
		{1, 383, anchor{240, 240}},
	}
	all := [2][]anchor{layers[0].anchors(), layers[1].anchors()}
	if len(all[0]) != 512 || len(all[1]) != 384 {
		t.Fatalf("anchors: %d + %d, want 512 + 384", len(all[0]), len(all[1]))
	}
	for _, tt := range tests {
		if got := all[tt.layer][tt.index]; got != tt.want {
			t.Errorf("anchors[%d][%d] = %v, want %v", tt.layer, tt.index, got, tt.want)
		}
	}
}

func TestDecode(t *testing.T) {
	anchors := []anchor{{8, 8}, {24, 8}}
	logits := []float32{-3, 2}
	regress := make([]float32, 2*bfRegressLen)
	r := regress[bfRegressLen:]
	copy(r, []float32{1, -2, 20, 10, -5, -3, 5, -3, 0, 0, 0, 4, -9, 0, 9, 0})
	got, err := decode(anchors, logits, regress, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 {
		t.Fatalf("decode kept %d candidates, want 1", len(got))
	}
	c := got[0]
	if want := (box{15, 1, 35, 11}); c.Box != want {
		t.Errorf("box = %v, want %v", c.Box, want)
	}
	if want := 1 / (1 + math.Exp(-2)); math.Abs(c.Score-want) > 1e-12 {
		t.Errorf("score = %v, want %v", c.Score, want)
	}
	if want := [2]float64{19, 5}; c.Points[0] != want {
		t.Errorf("right eye = %v, want %v", c.Points[0], want)
	}
	if want := [2]float64{33, 8}; c.Points[5] != want {
		t.Errorf("left ear = %v, want %v", c.Points[5], want)
	}
	if _, err := decode(anchors, logits[:1], regress, 0.5); err == nil {
		t.Error("decode with too few logits: no error")
	}
}

func TestSigmoid(t *testing.T) {
	tests := []struct {
		in   float32
		want float64
	}{{0, 0.5}, {1000, 1}, {-1000, 0}, {1.85896, 0.865175}}
	for _, tt := range tests {
		if got := sigmoid(tt.in); math.Abs(got-tt.want) > 1e-6 {
			t.Errorf("sigmoid(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestWindows(t *testing.T) {
	tests := []struct {
		name   string
		w, h   int
		levels int
		want   []square
	}{
		{"square photo", 512, 512, 2, []square{{0, 0, 512}}},
		{"landscape, whole only", 548, 342, 1, []square{{0, -103, 548}}},
		{"landscape with tiles", 548, 342, 2, []square{{0, -103, 548}, {0, 0, 342}, {206, 0, 342}}},
		{"portrait with tiles", 300, 700, 2, []square{{-200, 0, 700}, {0, 0, 300}, {0, 200, 300}, {0, 400, 300}}},
		{"small square: no small tiles", 400, 400, 3, []square{{0, 0, 400}}},
		{"square, small tiles", 1024, 1024, 3, []square{{0, 0, 1024},
			{0, 0, 512}, {256, 0, 512}, {512, 0, 512},
			{0, 256, 512}, {256, 256, 512}, {512, 256, 512},
			{0, 512, 512}, {256, 512, 512}, {512, 512, 512}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := windows(tt.w, tt.h, tt.levels)
			if len(got) != len(tt.want) {
				t.Fatalf("windows(%d, %d, %d) = %v, want %v", tt.w, tt.h, tt.levels, got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("windows(%d, %d, %d)[%d] = %v, want %v", tt.w, tt.h, tt.levels, i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestCosine(t *testing.T) {
	tests := []struct {
		name string
		a, b []float32
		want float32
	}{
		{"same", []float32{1, 2, 3}, []float32{2, 4, 6}, 1},
		{"opposite", []float32{1, 0}, []float32{-3, 0}, -1},
		{"orthogonal", []float32{1, 0}, []float32{0, 5}, 0},
		{"zero", []float32{0, 0}, []float32{1, 1}, 0},
		{"lengths differ", []float32{1}, []float32{1, 1}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Cosine(tt.a, tt.b); math.Abs(float64(got-tt.want)) > 1e-6 {
				t.Errorf("Cosine(%v, %v) = %v, want %v", tt.a, tt.b, got, tt.want)
			}
		})
	}
}

func TestNormalise(t *testing.T) {
	got := normalise([]float32{3, 4})
	if math.Abs(float64(got[0])-0.6) > 1e-7 || math.Abs(float64(got[1])-0.8) > 1e-7 {
		t.Errorf("normalise(3, 4) = %v, want [0.6 0.8]", got)
	}
	if got := normalise([]float32{0, 0}); got[0] != 0 || got[1] != 0 {
		t.Errorf("normalise(0, 0) = %v, want zeros", got)
	}
}

func TestExpectedAge(t *testing.T) {
	p := make([]float32, frAgeBins)
	p[20], p[30] = 0.5, 0.5
	if got := expectedAge(p); got != 25 {
		t.Errorf("expectedAge = %v, want 25", got)
	}
}

func TestBoxShrink(t *testing.T) {
	full := image.NewRGBA(image.Rect(0, 0, 7, 5))
	for i := range full.Pix {
		full.Pix[i] = uint8(i * 7 % 251)
	}
	r := image.Rect(1, 1, 6, 5)
	img := full.SubImage(r).(*image.RGBA)
	got := boxShrink(full, r, 2)
	if got.Rect != image.Rect(0, 0, 2, 2) {
		t.Fatalf("boxShrink size = %v, want 2x2", got.Rect)
	}
	for y := range 2 {
		for x := range 2 {
			for c := range 4 {
				sum := 0
				for dy := range 2 {
					for dx := range 2 {
						sum += int(img.Pix[img.PixOffset(r.Min.X+2*x+dx, r.Min.Y+2*y+dy)+c])
					}
				}
				if want := uint8((sum + 2) / 4); got.Pix[got.PixOffset(x, y)+c] != want {
					t.Errorf("boxShrink(%d,%d)[%d] = %d, want %d", x, y, c, got.Pix[got.PixOffset(x, y)+c], want)
				}
			}
		}
	}
}

func TestDedupe(t *testing.T) {
	face := func(x, q float64) confirmed {
		return confirmed{pigo: pigoFace{Box: box{x, 0, x + 10, 10}, Quality: q}}
	}
	got := dedupe([]confirmed{face(0, 20), face(1, 50), face(30, 15)})
	want := []confirmed{face(1, 50), face(30, 15)}
	if len(got) != len(want) {
		t.Fatalf("dedupe kept %d faces, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i].pigo != want[i].pigo {
			t.Errorf("dedupe[%d] = %v, want %v", i, got[i].pigo, want[i].pigo)
		}
	}
}
