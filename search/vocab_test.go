package search

import (
	"slices"
	"testing"

	"sajin/vision/labels"
)

// vocabularyOf builds the search vocabulary from Sajin's label vocabulary, as cmd does.
func vocabularyOf(tb testing.TB, known ...string) *Vocabulary {
	tb.Helper()
	voc, err := labels.Load()
	if err != nil {
		tb.Fatalf("labels.Load: %v", err)
	}
	var ls []Label
	for _, l := range voc.Labels() {
		sl := Label{Key: l.Key, En: l.En, Ko: l.Ko, Synonyms: l.Synonyms}
		if c, ok := voc.Category(l.Category); ok {
			sl.Category = append([]string{c.En, c.Ko}, c.Synonyms...)
		}
		ls = append(ls, sl)
	}
	return NewVocabulary(ls, known)
}

func TestResolve(t *testing.T) {
	v := vocabularyOf(t)
	tests := []struct {
		word              string
		label, match, how string
		typos             bool
	}{
		{"dog", "dog", "dog", "name", false},
		{"강아지", "dog", "강아지", "name", false},
		{"puppy", "dog", "puppy", "synonym", false},
		{"Dogs", "dog", "dogs", "synonym", false},
		{"반려동물", "cat", "반려동물", "category", false},
		{"bicycles", "bicycle", "bicycle", "plural", false},
		{"puppies", "dog", "puppy", "plural", false},
		{"knives", "knife", "knives", "synonym", false},
		{"dgo", "dog", "dog", "fuzzy", true},
		{"elephnat", "elephant", "elephant", "fuzzy", true},
		{"bycicle", "bicycle", "bicycle", "fuzzy", true},
		{"강아자", "dog", "강아지", "fuzzy", true},
		{"dgo", "", "", "", false},                       // typos only when asked
		{"capucino", "cup", "cappuccino", "fuzzy", true}, // a synonym of cup, two edits away
		{"qwertyuiop", "", "", "", true},                 // no vocabulary word within two edits
		{"zz", "", "", "", true},
	}
	for _, tt := range tests {
		r, ok := v.resolve(tt.word)
		if !ok && tt.typos {
			r, ok = v.fuzzyResolve(tt.word, nil)
		}
		if ok != (tt.label != "") || r.Label != tt.label || r.Match != tt.match || r.How != tt.how {
			t.Errorf("resolve(%q) = %+v, %v; want %s/%s/%s", tt.word, r, ok, tt.label, tt.match, tt.how)
		}
	}
}

// TestFuzzyShortWords documents why typos are only tried when a query finds nothing: a real three-letter word
// is often one edit from a label ("sea" -> tea, a synonym of cup).
func TestFuzzyShortWords(t *testing.T) {
	v := vocabularyOf(t)
	if r, ok := v.fuzzyResolve("sea", nil); !ok || r.Label != "cup" {
		t.Errorf("fuzzyResolve(sea) = %+v, %v; want cup (tea)", r, ok)
	}
}

func TestFuzzyPrefersUsedLabels(t *testing.T) {
	v := vocabularyOf(t)
	// "cas" is one edit from "cat" and "car": the label the user uses more wins.
	for _, want := range []string{"cat", "car"} {
		score := func(key string) float64 { return map[string]float64{want: 5}[key] }
		if r, ok := v.fuzzyResolve("cas", score); !ok || r.Label != want {
			t.Errorf("fuzzyResolve(cas) preferring %s = %+v, %v", want, r, ok)
		}
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b  string
		limit int
		want  int
	}{
		{"dog", "dog", 1, 0}, {"dgo", "dog", 1, 1}, {"dog", "dogs", 1, 1}, {"cat", "dog", 2, 3},
		{"elephnat", "elephant", 2, 1}, {"abcdef", "a", 2, 3}, {"", "ab", 2, 2},
	}
	for _, tt := range tests {
		if got := editDistance([]rune(tt.a), []rune(tt.b), tt.limit); got != tt.want {
			t.Errorf("editDistance(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.limit, got, tt.want)
		}
	}
}

func TestKeysOf(t *testing.T) {
	v := vocabularyOf(t)
	terms := func(keys ...string) []string {
		voc, _ := labels.Load()
		var out []string
		for _, k := range keys {
			out = append(out, voc.Terms(k)...)
		}
		return out
	}
	tests := [][]string{{"dog"}, {"cat", "dog"}, {"person", "group"}, {"orange"}, {"orange_colour"},
		{"wine_glass", "cup"}, {"teddy_bear", "bear"}, {"tv", "laptop"}, {"text", "document", "screenshot"}}
	for _, keys := range tests {
		got := v.keysOf(terms(keys...))
		slices.Sort(got)
		want := slices.Sorted(slices.Values(keys))
		if !slices.Equal(got, want) {
			t.Errorf("keysOf(Terms(%v)) = %v", keys, got)
		}
	}
}
