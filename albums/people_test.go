package albums

import (
	"encoding/json"
	"errors"
	"math/rand/v2"
	"os"
	"slices"
	"testing"
)

// realFace is a face embedding from a real photo, with the person it shows.
type realFace struct {
	ID        string    `json:"id"`
	Person    string    `json:"person"`
	Embedding []float32 `json:"embedding"`
}

// loadFaces reads testdata/faces_augmented.json (see its "source" field): three people, nine faces each.
func loadFaces(t testing.TB) []realFace {
	t.Helper()
	b, err := os.ReadFile("testdata/faces_augmented.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct{ Faces []realFace }
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	return f.Faces
}

// TestReferenceEmbeddings checks the two figures FaceRes's reference outputs give: the same face mirrored
// and two people.
func TestReferenceEmbeddings(t *testing.T) {
	b, err := os.ReadFile("testdata/faceres_embeddings.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct{ Faces map[string][]float32 }
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		a, b     string
		min, max float64
	}{
		{"astronaut", "astronaut_mirrored", 0.9, 1},
		{"astronaut", "messi", 0.2, 0.5},
	}
	for _, tt := range tests {
		c := Cosine(f.Faces[tt.a], f.Faces[tt.b])
		t.Logf("cosine(%s, %s) = %.3f", tt.a, tt.b, c)
		if c < tt.min || c > tt.max {
			t.Errorf("Cosine(%s, %s) = %.3f, want %.2f..%.2f", tt.a, tt.b, c, tt.min, tt.max)
		}
	}
	p, got := People{}.Add([]Face{
		{ID: "a", Embedding: f.Faces["astronaut"]}, {ID: "m", Embedding: f.Faces["astronaut_mirrored"]},
		{ID: "x", Embedding: f.Faces["messi"]},
	}, DefaultFaceThreshold)
	if got["a"] != got["m"] || got["a"] == got["x"] || len(p.Persons) != 2 {
		t.Errorf("Add: %v, %d persons; want a and m together, x alone", got, len(p.Persons))
	}
}

// clusterScores runs Add over faces in an order and compares the persons with the truth, counting pairs.
func clusterScores(faces []realFace, threshold float32) (precision, recall float64, persons int) {
	in := make([]Face, len(faces))
	truth := map[string]string{}
	for i, f := range faces {
		in[i] = Face{ID: f.ID, Embedding: f.Embedding}
		truth[f.ID] = f.Person
	}
	p, got := People{}.Add(in, threshold)
	var both, pred, real float64
	for i := range faces {
		for j := i + 1; j < len(faces); j++ {
			a, b := faces[i].ID, faces[j].ID
			sp, st := got[a] == got[b], truth[a] == truth[b]
			if sp && st {
				both++
			}
			if sp {
				pred++
			}
			if st {
				real++
			}
		}
	}
	if pred == 0 {
		return 1, both / real, len(p.Persons)
	}
	return both / pred, both / real, len(p.Persons)
}

// TestFaceThresholdSweep measures the join threshold on real faces under ordinary changes of light, size,
// blur and angle, in 20 orders each (go test ./albums -run FaceThreshold -v), and checks that the default
// never puts two people together.
func TestFaceThresholdSweep(t *testing.T) {
	faces := loadFaces(t)
	r := rand.New(rand.NewPCG(7, 7))
	for _, th := range []float32{0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8} {
		var p, rc, n, worst float64 = 0, 0, 0, 1
		const orders = 20
		for range orders {
			r.Shuffle(len(faces), func(i, j int) { faces[i], faces[j] = faces[j], faces[i] })
			pp, rr, k := clusterScores(faces, th)
			p, rc, n, worst = p+pp/orders, rc+rr/orders, n+float64(k)/orders, min(worst, pp)
		}
		t.Logf("threshold %.2f: pair precision %.3f (worst order %.3f), recall %.3f, %.1f persons (3 true)",
			th, p, worst, rc, n)
		if th == DefaultFaceThreshold && worst < 1 {
			t.Errorf("threshold %.2f put two people together (precision %.3f)", th, worst)
		}
	}
}

func TestPeopleEdits(t *testing.T) {
	e := func(i int) []float32 { v := make([]float32, 4); v[i] = 1; return v }
	p, got := People{}.Add([]Face{{ID: "f1", Embedding: e(0)}, {ID: "f2", Embedding: e(0)}, {ID: "f3", Embedding: e(1)}}, 0.6)
	if got["f1"] != "p1" || got["f2"] != "p1" || got["f3"] != "p2" || p.Next != 3 {
		t.Fatalf("Add = %v, next %d; want f1, f2 in p1, f3 in p2, next 3", got, p.Next)
	}
	named, err := p.Name("p2", " Minsu ")
	if err != nil || named.Persons[1].Name != "Minsu" || p.Persons[1].Name != "" {
		t.Fatalf("Name = %+v, %v; want p2 named Minsu and the receiver unchanged", named.Persons, err)
	}
	if got := named.Persons[1].Title(); got != (Title{"Minsu", "Minsu"}) {
		t.Errorf("Title of a named person = %v", got)
	}
	if got := named.Persons[0].Title(); got != (Title{"Person 1", "인물 1"}) {
		t.Errorf("Title of p1 = %v, want Person 1 / 인물 1", got)
	}
	merged, err := named.Merge("p1", "p2")
	if err != nil || len(merged.Persons) != 1 || merged.Persons[0].Name != "Minsu" ||
		!slices.Equal(merged.Persons[0].Faces, []string{"f1", "f2", "f3"}) || len(named.Persons) != 2 {
		t.Fatalf("Merge = %+v, %v", merged.Persons, err)
	}
	split, id, err := merged.Split("p1", []Face{{ID: "f3", Embedding: e(1)}})
	if err != nil || id != "p3" || len(split.Persons) != 2 || !slices.Equal(split.Persons[1].Faces, []string{"f3"}) ||
		len(merged.Persons[0].Faces) != 3 {
		t.Fatalf("Split = %+v, %s, %v", split.Persons, id, err)
	}
	// After the split, a face like f3 joins p3 again, one like f1 joins p1.
	before, _ := json.Marshal(split)
	_, again := split.Add([]Face{{ID: "f4", Embedding: e(1)}, {ID: "f5", Embedding: e(0)}}, 0.6)
	if again["f4"] != "p3" || again["f5"] != "p1" {
		t.Errorf("Add after Split = %v, want f4 in p3, f5 in p1", again)
	}
	if after, _ := json.Marshal(split); string(after) != string(before) {
		t.Errorf("Add changed its receiver: %s, was %s", after, before)
	}
	removed := split.Remove([]Face{{ID: "f3", Embedding: e(1)}, {ID: "f1", Embedding: e(0)}, {ID: "nobody"}})
	if len(removed.Persons) != 1 || !slices.Equal(removed.Persons[0].Faces, []string{"f2"}) ||
		Cosine(removed.Persons[0].Sum, e(0)) < 0.999 || len(split.Persons) != 2 {
		t.Errorf("Remove = %+v", removed.Persons)
	}
	errs := []struct {
		name string
		err  error
		want error
	}{
		{"name", second(p.Name("p9", "x")), ErrNoPerson},
		{"merge", second(p.Merge("p1", "p1")), ErrNoPerson},
		{"split person", third(p.Split("p9", nil)), ErrNoPerson},
		{"split face", third(p.Split("p1", []Face{{ID: "f3"}})), ErrNoFace},
	}
	for _, tt := range errs {
		if !errors.Is(tt.err, tt.want) {
			t.Errorf("%s: error %v, want %v", tt.name, tt.err, tt.want)
		}
	}
}

func second[A, B any](_ A, b B) B        { return b }
func third[A, B, C any](_ A, _ B, c C) C { return c }

// TestPersonAlbums clusters real faces inside Build and titles the people.
func TestPersonAlbums(t *testing.T) {
	faces := loadFaces(t)
	var photos []Photo
	for i, f := range faces {
		photos = append(photos, Photo{ID: f.ID, Faces: []Face{{ID: f.ID, Embedding: f.Embedding}}})
		if i == 0 {
			photos[0].Faces[0].Person = "p7" // assigned earlier, and named
		}
	}
	known := People{Persons: []Person{{ID: "p7", Name: "엄마", Faces: []string{faces[0].ID}, Sum: faces[0].Embedding}}, Next: 8}
	as := PersonAlbums(photos, Options{People: known})
	var got []string
	for _, a := range as {
		got = append(got, a.Title.En+"/"+a.Title.Ko)
	}
	t.Logf("person albums: %v", got)
	mom := func(a Album) bool { return a.Title == Title{"엄마", "엄마"} && a.ID == "person-p7" }
	if len(as) < 3 || !slices.ContainsFunc(as, mom) {
		t.Errorf("PersonAlbums = %v, want 엄마 and at least two more", got)
	}
}

func TestNewPersonID(t *testing.T) {
	tests := []struct {
		name string
		p    People
		want string
	}{
		{"empty", People{}, "p1"},
		{"next", People{Next: 5}, "p5"},
		{"stored without next", People{Persons: []Person{{ID: "p3"}, {ID: "p1"}}}, "p4"},
		{"next past ids", People{Persons: []Person{{ID: "p3"}}, Next: 9}, "p9"},
	}
	for _, tt := range tests {
		_, got := tt.p.Add([]Face{{ID: "new", Embedding: []float32{1, 0}}}, 0.65)
		if got["new"] != tt.want {
			t.Errorf("%s: Add gave %q, want %q", tt.name, got["new"], tt.want)
		}
	}
	if _, got := (People{}).Add([]Face{{ID: "zero", Embedding: []float32{0, 0}}}, 0.65); len(got) != 0 {
		t.Errorf("Add of a zero embedding = %v, want nothing", got)
	}
}
