// Package labels is Sajin's vocabulary of friendly labels: what a photo can be tagged with, in English and Korean,
// with synonyms and categories, and which object-detector class each label comes from.
//
// The vocabulary is data (vocabulary.tsv, embedded), written and reviewed by people, never generated at run time.
// Keys are stable: the catalog stores them, so a key is never renamed, only added.
package labels

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
)

//go:embed vocabulary.tsv
var vocabularyTSV string

// Label is one entry of the vocabulary.
type Label struct {
	Key      string   // stable id, e.g. "dog"
	En, Ko   string   // display names
	Category string   // category key, e.g. "pet"
	Synonyms []string // other words that find it, in either language
	COCO     int      // COCO-80 class index, or -1 for labels made by rules
}

// Category groups labels ("pet" holds cat and dog); thing albums are made per category.
type Category struct {
	Key      string
	En, Ko   string
	Synonyms []string
}

// Vocabulary is the parsed vocabulary. It is read-only after Load and safe for concurrent use.
type Vocabulary struct {
	labels     []Label
	byKey      map[string]int
	byCOCO     map[int]int
	categories []Category
	catByKey   map[string]int
}

// Load parses the embedded vocabulary.
func Load() (*Vocabulary, error) { return Parse(vocabularyTSV) }

// Parse parses a vocabulary in the TSV format of vocabulary.tsv.
func Parse(tsv string) (*Vocabulary, error) {
	v := &Vocabulary{byKey: map[string]int{}, byCOCO: map[int]int{}, catByKey: map[string]int{}}
	for n, line := range strings.Split(tsv, "\n") {
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		var err error
		if f[0] == "category" {
			err = v.addCategory(f)
		} else {
			err = v.addLabel(f)
		}
		if err != nil {
			return nil, fmt.Errorf("labels: line %d: %w", n+1, err)
		}
	}
	for _, l := range v.labels {
		if _, ok := v.catByKey[l.Category]; !ok {
			return nil, fmt.Errorf("labels: label %q has unknown category %q", l.Key, l.Category)
		}
	}
	return v, nil
}

func (v *Vocabulary) addCategory(f []string) error {
	if len(f) != 5 {
		return fmt.Errorf("category needs 5 fields, has %d", len(f))
	}
	if _, dup := v.catByKey[f[1]]; dup {
		return fmt.Errorf("category %q twice", f[1])
	}
	v.catByKey[f[1]] = len(v.categories)
	v.categories = append(v.categories, Category{Key: f[1], En: f[2], Ko: f[3], Synonyms: splitList(f[4])})
	return nil
}

func (v *Vocabulary) addLabel(f []string) error {
	if len(f) != 6 {
		return fmt.Errorf("label needs 6 fields, has %d", len(f))
	}
	l := Label{Key: f[0], En: f[1], Ko: f[2], Category: f[3], Synonyms: splitList(f[4]), COCO: -1}
	if f[5] != "-" {
		n, err := strconv.Atoi(f[5])
		if err != nil || n < 0 || n > 79 {
			return fmt.Errorf("label %q: bad COCO index %q", l.Key, f[5])
		}
		if _, dup := v.byCOCO[n]; dup {
			return fmt.Errorf("COCO index %d twice", n)
		}
		l.COCO = n
		v.byCOCO[n] = len(v.labels)
	}
	if _, dup := v.byKey[l.Key]; dup {
		return fmt.Errorf("label %q twice", l.Key)
	}
	v.byKey[l.Key] = len(v.labels)
	v.labels = append(v.labels, l)
	return nil
}

func splitList(s string) []string {
	var out []string
	for _, w := range strings.Split(s, ",") {
		if w = strings.TrimSpace(w); w != "" {
			out = append(out, w)
		}
	}
	return out
}

// Label returns the label with a key.
func (v *Vocabulary) Label(key string) (Label, bool) {
	i, ok := v.byKey[key]
	if !ok {
		return Label{}, false
	}
	return v.labels[i], true
}

// COCO returns the label of a COCO-80 class index.
func (v *Vocabulary) COCO(class int) (Label, bool) {
	i, ok := v.byCOCO[class]
	if !ok {
		return Label{}, false
	}
	return v.labels[i], true
}

// Category returns the category with a key.
func (v *Vocabulary) Category(key string) (Category, bool) {
	i, ok := v.catByKey[key]
	if !ok {
		return Category{}, false
	}
	return v.categories[i], true
}

// Labels returns every label, in vocabulary order.
func (v *Vocabulary) Labels() []Label { return append([]Label(nil), v.labels...) }

// Categories returns every category, in vocabulary order.
func (v *Vocabulary) Categories() []Category { return append([]Category(nil), v.categories...) }

// Terms returns every word that should find a label: its names, synonyms, and its category's names and synonyms.
// The search index stores these for each label on a photo.
func (v *Vocabulary) Terms(key string) []string {
	l, ok := v.Label(key)
	if !ok {
		return []string{strings.ReplaceAll(key, "_", " ")} // a user's own label
	}
	out := []string{l.En, l.Ko}
	out = append(out, l.Synonyms...)
	if c, ok := v.Category(l.Category); ok {
		out = append(out, c.En, c.Ko)
		out = append(out, c.Synonyms...)
	}
	return out
}

// Find returns the label a word names: a key, an English or Korean name, or a synonym (case does not matter).
// Synonyms shared by several labels ("fruit", "과일") name the first in vocabulary order.
func (v *Vocabulary) Find(word string) (Label, bool) {
	w := strings.ToLower(strings.TrimSpace(word))
	if l, ok := v.Label(strings.ReplaceAll(w, " ", "_")); ok {
		return l, true
	}
	for _, l := range v.labels {
		if strings.ToLower(l.En) == w || l.Ko == w {
			return l, true
		}
	}
	for _, l := range v.labels {
		for _, s := range l.Synonyms {
			if strings.ToLower(s) == w {
				return l, true
			}
		}
	}
	return Label{}, false
}
