package search

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"time"
)

// SuggestSources are what Suggest completes from, all passed in by the caller: the label vocabulary, the names
// of the library's places, people and albums, and the user's own past queries and label usage.
type SuggestSources struct {
	Vocabulary *Vocabulary
	Places     []string
	People     []string
	Albums     []string
	Queries    []PastQuery
	// LabelScore is the user's usage score of a label (Usage.LabelScore); nil ranks labels by name.
	LabelScore func(key string) float64
	// Now dates the past queries' recency; zero means time.Now().
	Now time.Time
	// Limit caps the suggestions; 0 means 10.
	Limit int
}

// PastQuery is a query the user ran: how often and when last.
type PastQuery struct {
	Text  string
	Count int
	Last  time.Time
}

// Suggestion is one completion of what the user is typing.
type Suggestion struct {
	Text  string  `json:"text"`            // the whole query to offer, the typed words before the last kept
	Kind  string  `json:"kind"`            // "query", "person", "album", "label", "place"
	Label string  `json:"label,omitempty"` // the label key, for Kind "label"
	Score float64 `json:"score"`           // higher first
}

// queryHalfLife is how fast a past query's weight fades: it halves every 30 days.
const queryHalfLife = 30 * 24 * time.Hour

// Kind tiers: the user's own past queries first, then names of their own people and albums, labels, places.
const (
	tierQuery  = 4
	tierPerson = 3
	tierAlbum  = 2
	tierLabel  = 1
	tierPlace  = 0
)

// Suggest completes the last word of prefix (or the whole of it, for past queries), in English and Korean: a
// Hangul prefix matches on its letters, so an unfinished syllable counts ("고야" finds 고양이, "달" finds 닭).
// Past queries rank by count and recency, first; then people, albums, labels (by the user's label score) and
// places. Within a kind, shorter and then alphabetically earlier completions come first. It is a pure function.
func Suggest(prefix string, src SuggestSources) []Suggestion {
	prefix = fold(prefix)
	if prefix == "" {
		return nil
	}
	head, last := "", prefix
	if i := strings.LastIndexByte(prefix, ' '); i >= 0 {
		head, last = prefix[:i+1], prefix[i+1:]
	}
	now := cmp.Or(src.Now, time.Now())
	var out []Suggestion
	add := func(s Suggestion) {
		if !slices.ContainsFunc(out, func(o Suggestion) bool { return o.Text == s.Text }) {
			out = append(out, s)
		}
	}
	for _, q := range src.Queries {
		if completes(prefix, fold(q.Text)) && fold(q.Text) != prefix {
			age := max(now.Sub(q.Last), 0)
			w := float64(max(q.Count, 1)) * math.Exp2(-float64(age)/float64(queryHalfLife))
			add(Suggestion{Text: fold(q.Text), Kind: "query", Score: tierQuery + w/(1+w)})
		}
	}
	if last == "" {
		return top(out, src.Limit)
	}
	names := []struct {
		kind  string
		tier  float64
		names []string
	}{{"person", tierPerson, src.People}, {"album", tierAlbum, src.Albums}, {"place", tierPlace, src.Places}}
	for _, n := range names {
		for _, name := range n.names {
			if completes(last, fold(name)) {
				add(Suggestion{Text: head + name, Kind: n.kind, Score: n.tier + lengthBonus(name)})
			}
		}
	}
	for _, s := range labelSuggestions(head, last, src) {
		add(s)
	}
	return top(out, src.Limit)
}

// labelSuggestions completes last with label names and synonyms, one suggestion per label.
func labelSuggestions(head, last string, src SuggestSources) []Suggestion {
	v := src.Vocabulary
	if v == nil {
		return nil
	}
	var out []Suggestion
	seen := map[string]bool{}
	for _, l := range v.labels {
		for _, w := range append([]string{l.Ko, l.En}, l.Synonyms...) {
			if seen[l.Key] || !completes(last, fold(w)) {
				continue
			}
			seen[l.Key] = true
			score := tierLabel + lengthBonus(w)
			if src.LabelScore != nil {
				u := max(src.LabelScore(l.Key), 0)
				score = tierLabel + 0.5 + 0.49*u/(1+u)
				if u == 0 {
					score = tierLabel + lengthBonus(w)
				}
			}
			out = append(out, Suggestion{Text: head + w, Kind: "label", Label: l.Key, Score: score})
		}
	}
	return out
}

// completes reports whether typed is the start of name, or of one of its words; Hangul is compared in letters.
func completes(typed, name string) bool {
	if typed == "" || name == typed {
		return name != "" && name == typed
	}
	t := jamo(typed)
	if strings.HasPrefix(jamo(name), t) {
		return true
	}
	for _, w := range strings.Fields(name)[1:] {
		if strings.HasPrefix(jamo(w), t) {
			return true
		}
	}
	return false
}

// lengthBonus ranks shorter names first within a tier (under 0.5, so it never crosses tiers).
func lengthBonus(name string) float64 { return 0.49 / float64(1+len([]rune(name))) }

// top orders suggestions by score, then text, and keeps limit of them (10 when limit is 0).
func top(s []Suggestion, limit int) []Suggestion {
	slices.SortStableFunc(s, func(a, b Suggestion) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.Text, b.Text))
	})
	if limit <= 0 {
		limit = 10
	}
	return s[:min(limit, len(s))]
}
