package places

import (
	"cmp"
	"slices"
	"strings"
)

// SearchLimit is the most places Search returns.
const SearchLimit = 50

// nameKey is one searchable name of a place, folded by fold.
type nameKey struct {
	key string
	id  int32
}

// fold lower-cases a name and trims spaces, so that "jeju city" finds
// "Jeju City". Hangul has no case and is kept as it is.
func fold(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

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
	exact := func(id int32) bool {
		return fold(ix.t.Names[id]) == q || ix.t.KoNames[id] == q
	}
	slices.SortFunc(ids, func(a, b int32) int {
		if ea, eb := exact(a), exact(b); ea != eb {
			if ea {
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
			names = append(names, nameKey{key: ko, id: int32(i)})
		}
	}
	slices.SortFunc(names, func(a, b nameKey) int {
		return cmp.Or(strings.Compare(a.key, b.key), cmp.Compare(a.id, b.id))
	})
	ix.names = names
}
