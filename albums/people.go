package albums

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Person is one person: the faces assigned to them and the sum of those faces' embeddings (the direction of
// the sum is the person's centroid).
type Person struct {
	ID    string    `json:"id"` // "p1", "p2", ...: never reused
	Name  string    `json:"name,omitempty"`
	Faces []string  `json:"faces"`
	Sum   []float32 `json:"sum"`
}

// People is the assignment of faces to persons, which the caller stores. The zero value has no one. Its
// methods are pure: they return a new People and never modify the receiver or its slices.
type People struct {
	Persons []Person `json:"persons"`
	Next    int      `json:"next"` // number of the next new person, from 1
}

// clone copies p's list of persons; a person's slices stay shared until own copies them.
func (p People) clone() People {
	return People{Next: p.Next, Persons: slices.Clone(p.Persons)}
}

// own gives person i of a clone its own slices, so that they can be changed.
func (p People) own(i int) {
	x := &p.Persons[i]
	x.Faces, x.Sum = slices.Clip(slices.Clone(x.Faces)), slices.Clone(x.Sum)
}

// index is the position of a person, -1 when absent.
func (p People) index(id string) int {
	return slices.IndexFunc(p.Persons, func(x Person) bool { return x.ID == id })
}

// Add assigns new faces one by one: a face joins the person whose centroid is most similar to it when the
// cosine similarity is at least threshold, else it starts a new person. Faces with a Person, repeated faces
// and faces without an embedding are skipped; the caller must not pass a face twice across calls (Remove
// it first), which Add does not check, so that its cost does not grow with the library. It returns the new
// assignment and the person of each face (by face ID).
func (p People) Add(faces []Face, threshold float32) (People, map[string]string) {
	out := p.clone()
	known := map[string]bool{}
	norms := make([]float64, len(out.Persons))
	for i, x := range out.Persons {
		norms[i] = norm(x.Sum)
	}
	got := map[string]string{}
	owned := map[int]bool{}
	for _, f := range faces {
		if known[f.ID] || f.Person != "" {
			continue
		}
		e := unit(f.Embedding)
		if e == nil {
			continue
		}
		known[f.ID] = true
		best := out.nearest(e, norms, threshold)
		if best < 0 {
			out.Persons = append(out.Persons, out.newPerson(len(e)))
			norms = append(norms, 0)
			best = len(out.Persons) - 1
			owned[best] = true
		}
		if !owned[best] {
			out.own(best)
			owned[best] = true
		}
		x := &out.Persons[best]
		x.Faces = append(x.Faces, f.ID)
		addTo(x.Sum, e)
		norms[best] = norm(x.Sum)
		got[f.ID] = x.ID
	}
	return out, got
}

// newPerson makes an empty person with the next number, past every "p<number>" id in use (so that an
// assignment stored without Next cannot reuse an id), and advances Next.
func (p *People) newPerson(dim int) Person {
	n := max(p.Next, 1)
	for _, x := range p.Persons {
		if k, err := strconv.Atoi(strings.TrimPrefix(x.ID, "p")); err == nil && k >= n {
			n = k + 1
		}
	}
	p.Next = n + 1
	return Person{ID: "p" + strconv.Itoa(n), Sum: make([]float32, dim)}
}

// nearest is the index of the person most similar to the unit vector e, at least threshold, or -1.
func (p People) nearest(e []float32, norms []float64, threshold float32) int {
	best, bestSim := -1, float64(threshold)
	for i, x := range p.Persons {
		if s := cosineTo(e, x.Sum, norms[i]); s >= bestSim {
			best, bestSim = i, s
		}
	}
	return best
}

// Name names a person ("" removes the name).
func (p People) Name(id, name string) (People, error) {
	i := p.index(id)
	if i < 0 {
		return p, fmt.Errorf("name %q: %w", id, ErrNoPerson)
	}
	out := p.clone()
	out.Persons[i].Name = strings.TrimSpace(name)
	return out, nil
}

// Merge moves every face of person from into person into, which keeps its name (or takes from's when it
// has none), and removes from.
func (p People) Merge(into, from string) (People, error) {
	i, j := p.index(into), p.index(from)
	if i < 0 || j < 0 || i == j {
		return p, fmt.Errorf("merge %q into %q: %w", from, into, ErrNoPerson)
	}
	out := p.clone()
	out.own(i)
	a, b := &out.Persons[i], out.Persons[j]
	a.Faces = append(a.Faces, b.Faces...)
	if a.Name == "" {
		a.Name = b.Name
	}
	if len(a.Sum) == 0 {
		a.Sum = make([]float32, len(b.Sum))
	}
	if len(a.Sum) == len(b.Sum) {
		addTo(a.Sum, b.Sum)
	}
	out.Persons = slices.Delete(out.Persons, j, j+1)
	return out, nil
}

// Split moves faces (which must all belong to person id, with their embeddings) to a new, unnamed person
// and returns the new assignment and the new person's ID.
func (p People) Split(id string, faces []Face) (People, string, error) {
	i := p.index(id)
	if i < 0 {
		return p, "", fmt.Errorf("split %q: %w", id, ErrNoPerson)
	}
	out := p.clone()
	out.own(i)
	src := &out.Persons[i]
	dst := out.newPerson(len(src.Sum))
	for _, f := range faces {
		k := slices.Index(src.Faces, f.ID)
		if k < 0 {
			return p, "", fmt.Errorf("split %q from %q: %w", f.ID, id, ErrNoFace)
		}
		src.Faces = slices.Delete(src.Faces, k, k+1)
		dst.Faces = append(dst.Faces, f.ID)
		if e := unit(f.Embedding); len(e) == len(src.Sum) {
			subFrom(src.Sum, e)
			addTo(dst.Sum, e)
		}
	}
	out.Persons = append(out.Persons, dst)
	return out, dst.ID, nil
}

// Remove takes faces (with their embeddings, as Add was given them) out of their persons, as when their
// photo is deleted or its faces found again; a person left without faces is removed. Faces of no person are
// ignored.
func (p People) Remove(faces []Face) People {
	out := p.clone()
	where := map[string]int{}
	for i, x := range out.Persons {
		for _, f := range x.Faces {
			where[f] = i
		}
	}
	owned := map[int]bool{}
	for _, f := range faces {
		i, ok := where[f.ID]
		if !ok {
			continue
		}
		if !owned[i] {
			out.own(i)
			owned[i] = true
		}
		x := &out.Persons[i]
		x.Faces = slices.DeleteFunc(x.Faces, func(id string) bool { return id == f.ID })
		if e := unit(f.Embedding); len(e) == len(x.Sum) {
			subFrom(x.Sum, e)
		}
	}
	out.Persons = slices.DeleteFunc(out.Persons, func(x Person) bool { return len(x.Faces) == 0 })
	return out
}

// Title is a person's album title: their name, or "Person 3" / "인물 3".
func (x Person) Title() Title {
	if x.Name != "" {
		return Title{En: x.Name, Ko: x.Name}
	}
	n := strings.TrimPrefix(x.ID, "p")
	return Title{En: "Person " + n, Ko: "인물 " + n}
}

// Cosine is the cosine similarity of two embeddings, 0 when their lengths differ or one is zero.
func Cosine(a, b []float32) float64 {
	if len(a) != len(b) {
		return 0
	}
	var dot float64
	for i := range a {
		dot += float64(a[i]) * float64(b[i])
	}
	na, nb := norm(a), norm(b)
	if na == 0 || nb == 0 {
		return 0
	}
	return dot / (na * nb)
}

// cosineTo is the cosine similarity of a unit vector e and a vector s of norm n.
func cosineTo(e, s []float32, n float64) float64 {
	if n == 0 || len(e) != len(s) {
		return -1
	}
	var dot float32
	for i := range e {
		dot += e[i] * s[i]
	}
	return float64(dot) / n
}

func norm(v []float32) float64 {
	var s float64
	for _, x := range v {
		s += float64(x) * float64(x)
	}
	return math.Sqrt(s)
}

// unit returns v scaled to length 1 (a new slice; nil for a zero vector).
func unit(v []float32) []float32 {
	n := norm(v)
	if n == 0 {
		return nil
	}
	out := make([]float32, len(v))
	for i, x := range v {
		out[i] = float32(float64(x) / n)
	}
	return out
}

func addTo(dst, v []float32) {
	for i := range dst {
		dst[i] += v[i]
	}
}

func subFrom(dst, v []float32) {
	for i := range dst {
		dst[i] -= v[i]
	}
}
