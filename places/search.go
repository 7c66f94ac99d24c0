package places

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// SearchLimit is the most places Search returns.
const SearchLimit = 50

// nameKey is one searchable name of a place, folded by fold.
type nameKey struct {
	key string
	id  int32
}

// fold lower-cases a name, trims spaces and strips the accents of Latin
// letters, so that "zurich" finds "Zürich", "hagatna" "Hagåtña" and "hoi an"
// "Hội An". Other scripts, Hangul among them, are kept as they are.
func fold(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	ascii := true
	for i := range len(s) {
		ascii = ascii && s[i] < utf8.RuneSelf
	}
	if ascii {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if r >= 0x0370 && r < 0x1E00 || r >= 0x1F00 { // not Latin
			b.WriteRune(r)
			continue
		}
		for _, d := range norm.NFD.String(string(r)) {
			if !unicode.Is(unicode.Mn, d) {
				b.WriteString(unaccented(d))
			}
		}
	}
	return b.String()
}

// unaccented spells the Latin letters that Unicode does not decompose.
func unaccented(r rune) string {
	switch r {
	case 'ø':
		return "o"
	case 'ł':
		return "l"
	case 'đ':
		return "d"
	case 'ħ':
		return "h"
	case 'ı':
		return "i"
	case 'ß':
		return "ss"
	case 'æ':
		return "ae"
	case 'œ':
		return "oe"
	}
	return string(r)
}

// Search finds places by name, in English or Korean: places whose name is
// name come first, then places whose name starts with it; within each, the
// most populous first. It returns at most SearchLimit places, and nothing
// for an empty name. Only city names are searched, not regions or countries.
func (ix *Index) Search(name string) []Place {
	q := fold(name)
	if q == "" {
		return nil
	}
	ix.searchOnce.Do(ix.buildNames)
	lo, _ := slices.BinarySearchFunc(ix.names, q, func(k nameKey, q string) int { return strings.Compare(k.key, q) })
	seen := map[int32]bool{}
	var ids []int32
	for _, k := range ix.names[lo:] {
		if !strings.HasPrefix(k.key, q) {
			break
		}
		if !seen[k.id] {
			seen[k.id] = true
			ids = append(ids, k.id)
		}
	}
	exact := make(map[int32]bool, len(ids))
	for _, id := range ids {
		exact[id] = fold(ix.t.Names[id]) == q || fold(ix.t.KoNames[id]) == q
	}
	slices.SortFunc(ids, func(a, b int32) int {
		if exact[a] != exact[b] {
			if exact[a] {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(ix.t.Pop[b], ix.t.Pop[a]), cmp.Compare(a, b))
	})
	out := make([]Place, 0, min(len(ids), SearchLimit))
	for _, id := range ids[:min(len(ids), SearchLimit)] {
		out = append(out, ix.place(id))
	}
	return out
}

// buildNames fills ix.names with every place's English and Korean names.
func (ix *Index) buildNames() {
	names := make([]nameKey, 0, len(ix.t.Names)+len(ix.t.Names)/32)
	for i, n := range ix.t.Names {
		names = append(names, nameKey{key: fold(n), id: int32(i)})
		if ko := ix.t.KoNames[i]; ko != "" {
			names = append(names, nameKey{key: fold(ko), id: int32(i)})
		}
	}
	slices.SortFunc(names, func(a, b nameKey) int {
		return cmp.Or(strings.Compare(a.key, b.key), cmp.Compare(a.id, b.id))
	})
	ix.names = names
}
