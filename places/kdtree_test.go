package places

import (
	"math"
	"math/rand/v2"
	"testing"
)

// randomLatLon returns n positions spread uniformly over the sphere.
func randomLatLon(n int, seed uint64) [][2]float64 {
	r := rand.New(rand.NewPCG(seed, 0))
	out := make([][2]float64, n)
	for i := range out {
		out[i] = [2]float64{math.Asin(2*r.Float64()-1) * 180 / math.Pi, 360*r.Float64() - 180}
	}
	return out
}

func randomPositions(n int, seed uint64) []vec {
	out := make([]vec, n)
	for i, p := range randomLatLon(n, seed) {
		out[i] = toVec(p[0], p[1])
	}
	return out
}

func bruteNearest(pts []vec, q vec) (int, float64) {
	best, best2 := -1, math.Inf(1)
	for i, p := range pts {
		if d := chord2(q, p); d < best2 {
			best, best2 = i, d
		}
	}
	return best, best2
}

func treeOf(pts []vec) *kdtree {
	cp := append([]vec(nil), pts...)
	ids := make([]int32, len(cp))
	for i := range ids {
		ids[i] = int32(i)
	}
	return newKDTree(cp, ids)
}

func TestKDTreeNearest(t *testing.T) {
	tests := []struct {
		name string
		pts  []vec
	}{
		{"empty", nil},
		{"one", randomPositions(1, 3)},
		{"two", randomPositions(2, 4)},
		{"random", randomPositions(5000, 5)},
		{"duplicates", append(randomPositions(50, 6), randomPositions(50, 6)...)},
		{"one meridian", meridian(0, 2000)},
		{"poles and antimeridian", []vec{toVec(90, 0), toVec(-90, 0), toVec(0, 180), toVec(0, -180), toVec(10, 179.99), toVec(10, -179.99)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tree := treeOf(tt.pts)
			for i, q := range randomPositions(500, 7) {
				id, d2 := tree.nearest(q, 4.1)
				wantID, want2 := bruteNearest(tt.pts, q)
				if wantID < 0 {
					if id >= 0 {
						t.Fatalf("query %d: nearest = %d in an empty tree", i, id)
					}
					continue
				}
				if d2 != want2 {
					t.Fatalf("query %d: nearest = %d at %g, want %d at %g", i, id, d2, wantID, want2)
				}
			}
		})
	}
}

func meridian(lon float64, n int) []vec {
	out := make([]vec, n)
	for i := range out {
		out[i] = toVec(-90+180*float64(i)/float64(n-1), lon)
	}
	return out
}

func TestKDTreeWithin(t *testing.T) {
	pts := randomPositions(3000, 8)
	tree := treeOf(pts)
	for i, q := range randomPositions(100, 9) {
		r2 := kmToChord2(500)
		got := map[int32]bool{}
		tree.within(q, r2, func(id int32, _ float64) { got[id] = true })
		want := 0
		for j, p := range pts {
			if chord2(q, p) <= r2 {
				want++
				if !got[int32(j)] {
					t.Fatalf("query %d: within(500 km) missed point %d", i, j)
				}
			}
		}
		if len(got) != want {
			t.Fatalf("query %d: within(500 km) found %d points, want %d", i, len(got), want)
		}
	}
}

func TestDistances(t *testing.T) {
	tests := []struct {
		name                   string
		lat1, lon1, lat2, lon2 float64
		km                     float64
	}{
		{"same point", 37.5, 127, 37.5, 127, 0},
		{"across the antimeridian", 0, 179.5, 0, -179.5, 111.195},
		{"over the pole", 89, 0, 89, 180, 222.39},
		{"antipodes", 0, 0, 0, 180, 20015.11},
		{"Seoul to Busan", 37.5665, 126.9780, 35.1796, 129.0756, 325.0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := chordToKm(chord2(toVec(tt.lat1, tt.lon1), toVec(tt.lat2, tt.lon2)))
			if math.Abs(got-tt.km) > 0.5 {
				t.Errorf("distance(%v,%v to %v,%v) = %.3f km, want %.3f", tt.lat1, tt.lon1, tt.lat2, tt.lon2, got, tt.km)
			}
			if back := chordToKm(kmToChord2(got)); math.Abs(back-got) > 1e-6 {
				t.Errorf("chordToKm(kmToChord2(%v)) = %v", got, back)
			}
		})
	}
}
