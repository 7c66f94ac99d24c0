package search

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Label is one entry of the label vocabulary as search needs it; cmd builds the list from sajin/vision/labels.
type Label struct {
	Key      string   // stable key stored in the catalog, e.g. "dog"
	En, Ko   string   // display names
	Synonyms []string // other words that find it, in either language
	Category []string // its category's names and synonyms ("Pets", "반려동물", "pets")
}

// Vocabulary is what query words are resolved against: label names, synonyms and category words in English and
// Korean, and other known words (place, people and album names) that particle stripping must leave whole. It is
// read-only after NewVocabulary and safe for concurrent use.
type Vocabulary struct {
	labels []Label
	byWord map[string][]vocabWord // folded word -> the labels it names, in vocabulary order
	known  map[string]bool        // every folded word above, every token of them, and the extra words
	fuzzy  []vocabWord            // words typos are matched against: English words and Korean names
}

// vocabWord is one word of the vocabulary and what it names.
type vocabWord struct {
	word  string
	label int    // index into labels
	how   string // "name", "synonym" or "category"
}

// NewVocabulary indexes labels and the extra known words (place, people and album names: never stripped of what
// looks like a Korean particle, so "고양시" stays whole). Words are matched case-insensitively.
func NewVocabulary(labels []Label, known []string) *Vocabulary {
	v := &Vocabulary{labels: labels, byWord: map[string][]vocabWord{}, known: map[string]bool{}}
	for i, l := range labels {
		v.add(l.En, i, "name")
		v.add(l.Ko, i, "name")
		v.add(strings.ReplaceAll(l.Key, "_", " "), i, "name")
		for _, s := range l.Synonyms {
			v.add(s, i, "synonym")
		}
		for _, c := range l.Category {
			v.add(c, i, "category")
		}
	}
	for _, w := range known {
		v.known[fold(w)] = true
	}
	return v
}

// add files one word of label i.
func (v *Vocabulary) add(word string, i int, how string) {
	w := fold(word)
	if w == "" {
		return
	}
	for _, e := range v.byWord[w] {
		if e.label == i {
			return
		}
	}
	e := vocabWord{word: w, label: i, how: how}
	v.byWord[w] = append(v.byWord[w], e)
	v.known[w] = true
	for _, tok := range strings.Fields(w) {
		v.known[tok] = true
	}
	if how != "category" && !strings.Contains(w, " ") && (isASCIIWord(w) || how == "name") {
		v.fuzzy = append(v.fuzzy, e)
	}
}

// fold is the form words are compared in: NFC, lower case, trimmed.
func fold(w string) string { return strings.ToLower(strings.TrimSpace(norm.NFC.String(w))) }

func isASCIIWord(w string) bool {
	for _, r := range w {
		if r > unicode.MaxASCII || !unicode.IsLetter(r) {
			return false
		}
	}
	return w != ""
}

// Known reports whether w is a word of the vocabulary (a whole name, synonym or category word, or one word of
// them) or one of the extra known words. A nil Vocabulary knows nothing.
func (v *Vocabulary) Known(w string) bool { return v != nil && v.known[fold(w)] }

// keysOf lists the keys of the labels whose English name is among words (a document's label terms).
func (v *Vocabulary) keysOf(words []string) []string {
	have := map[string]bool{}
	for _, w := range words {
		have[fold(w)] = true
	}
	var keys []string
	for _, l := range v.labels {
		if have[fold(l.En)] {
			keys = append(keys, l.Key)
		}
	}
	return keys
}

// Resolved says how a query word was understood against the vocabulary.
type Resolved struct {
	Word  string `json:"word"`  // the query word (after particle stripping)
	Label string `json:"label"` // key of the label it names (the first one, when several share the word)
	Match string `json:"match"` // the vocabulary word searched for in labels
	// How is "name", "synonym", "category" (a category word: every label of it matches), "plural" ("bicycles"
	// -> bicycle) or "fuzzy" (a typo: "dgo" -> dog; only tried when the query finds nothing without it).
	How string `json:"how"`
}

// resolve finds the label word names exactly, or through its English singular.
func (v *Vocabulary) resolve(word string) (Resolved, bool) {
	if v == nil {
		return Resolved{}, false
	}
	w := fold(word)
	if es := v.byWord[w]; len(es) > 0 {
		return Resolved{Word: word, Label: v.labels[es[0].label].Key, Match: w, How: es[0].how}, true
	}
	for _, s := range singulars(w) {
		if es := v.byWord[s]; len(es) > 0 {
			return Resolved{Word: word, Label: v.labels[es[0].label].Key, Match: s, How: "plural"}, true
		}
	}
	return Resolved{}, false
}

// singulars are the English singular forms a plural word may have: "dogs" -> dog, "boxes" -> box,
// "puppies" -> puppy, "knives" -> knife.
func singulars(w string) []string {
	if !isASCIIWord(w) || len(w) < 4 {
		return nil
	}
	var out []string
	if s, ok := strings.CutSuffix(w, "ies"); ok {
		out = append(out, s+"y")
	}
	if s, ok := strings.CutSuffix(w, "ves"); ok {
		out = append(out, s+"fe", s+"f")
	}
	if s, ok := strings.CutSuffix(w, "es"); ok {
		out = append(out, s)
	}
	if s, ok := strings.CutSuffix(w, "s"); ok && !strings.HasSuffix(w, "ss") {
		out = append(out, s)
	}
	return out
}

// maxTypos is how many edits a typo may have: none under 3 letters, 1 up to 5, 2 from 6. Korean words are
// compared in jamo (a syllable is 2-3 letters), and need 3 syllables for one edit.
func maxTypos(w string) int {
	if isASCIIWord(w) {
		switch n := len(w); {
		case n < 3:
			return 0
		case n <= 5:
			return 1
		}
		return 2
	}
	if isHangulWord(w) && len([]rune(w)) >= 3 {
		return 1
	}
	return 0
}

// fuzzyResolve finds the label a mistyped word most likely names: the vocabulary word fewest edits away
// (transpositions count as one), preferring names to synonyms, then the label score, then vocabulary order.
func (v *Vocabulary) fuzzyResolve(word string, labelScore func(string) float64) (Resolved, bool) {
	w := fold(word)
	limit := maxTypos(w)
	if v == nil || limit == 0 || v.known[w] {
		return Resolved{}, false
	}
	a := []rune(jamo(w))
	best, bestD, bestS := -1, limit+1, 0.0
	for i, e := range v.fuzzy {
		d := editDistance(a, []rune(jamo(e.word)), limit)
		if d > limit {
			continue
		}
		s := 0.0
		if labelScore != nil {
			s = labelScore(v.labels[e.label].Key)
		}
		if e.how == "name" {
			s += 1e9
		}
		if d < bestD || d == bestD && s > bestS {
			best, bestD, bestS = i, d, s
		}
	}
	if best < 0 {
		return Resolved{}, false
	}
	e := v.fuzzy[best]
	return Resolved{Word: word, Label: v.labels[e.label].Key, Match: e.word, How: "fuzzy"}, true
}

// keysNamed lists the keys of the labels a folded vocabulary word names (a category word names several), in
// vocabulary order; none for a nil Vocabulary.
func (v *Vocabulary) keysNamed(w string) []string {
	if v == nil {
		return nil
	}
	var keys []string
	for _, e := range v.byWord[w] {
		keys = append(keys, v.labels[e.label].Key)
	}
	return keys
}

// editDistance is the optimal-string-alignment distance of a and b (insertions, deletions, substitutions and
// swaps of neighbours), or limit+1 as soon as it is known to exceed limit.
func editDistance(a, b []rune, limit int) int {
	if abs(len(a)-len(b)) > limit {
		return limit + 1
	}
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
