package albums

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// bigLibrary generates about n photos over the years from 2010: weekend days at home in Seoul and a trip
// each season (Jeju, Busan, Tokyo, New York, Paris), each photo with up to three labels and, one in three,
// faces of one of 50 known people.
func bigLibrary(n int) []Photo {
	tl := newLibrary(42, true)
	r := tl.r
	dests := []LatLon{jeju, busan, tokyo, newYork, paris}
	offs := []int{9, 9, 9, -5, 1}
	for y := 2010; len(tl.photos) < n; y++ {
		for w := range 52 {
			d := dateOf(time.Date(y, 1, 3+7*w, 0, 0, 0, 0, time.UTC))
			if w%13 == 6 {
				k := r.IntN(len(dests))
				for i := range 5 {
					tl.shoot(date{d.Y, d.M, d.D + i}, 9, 21, dests[k], 0.05, offs[k], 40, "trip")
				}
				continue
			}
			for i := range 2 {
				tl.shoot(date{d.Y, d.M, d.D + i}, 10, 20, seoul, 0.05, 9, 25+r.IntN(30), "home")
			}
		}
	}
	keys := []string{"dog", "cat", "pizza", "cup", "car", "person", "bicycle", "cake", "laptop", "book", "screenshot"}
	for i := range tl.photos {
		p := &tl.photos[i]
		for range r.IntN(4) {
			p.Labels = append(p.Labels, LabelScore{Key: keys[r.IntN(len(keys))], Score: 0.3 + 0.7*r.Float64()})
		}
		if r.IntN(3) == 0 {
			p.Faces = []Face{{ID: fmt.Sprintf("f%d", i), Person: fmt.Sprintf("p%d", 1+r.IntN(50))}}
		}
	}
	return tl.photos[:n]
}

// BenchmarkBuild rebuilds every album of a library of 100,000 photos (go test ./albums -bench Build -run ^$).
func BenchmarkBuild(b *testing.B) {
	photos := bigLibrary(100_000)
	opts := Options{Places: realPlaces(b), Vocabulary: vocabulary(b), Now: time.Date(2025, 8, 3, 12, 0, 0, 0, time.UTC)}
	b.ResetTimer()
	var n int
	for b.Loop() {
		n = len(Build(photos, opts))
	}
	b.ReportMetric(float64(n), "albums")
}

// BenchmarkAddFace assigns one new face among 200 known people with 50,000 faces: the per-photo cost of
// keeping people current.
func BenchmarkAddFace(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	vec := func() []float32 {
		v := make([]float32, 1024)
		for i := range v {
			v[i] = float32(r.NormFloat64())
		}
		return unit(v)
	}
	var faces []Face
	for i := range 200 {
		faces = append(faces, Face{ID: fmt.Sprint("f", i), Embedding: vec()})
	}
	p, _ := People{}.Add(faces, DefaultFaceThreshold)
	for i := range p.Persons {
		for k := range 250 {
			p.Persons[i].Faces = append(p.Persons[i].Faces, fmt.Sprint(p.Persons[i].ID, "-", k))
		}
	}
	f := []Face{{ID: "new", Embedding: vec()}}
	b.ResetTimer()
	for b.Loop() {
		p.Add(f, DefaultFaceThreshold)
	}
}
