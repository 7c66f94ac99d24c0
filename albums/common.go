package albums

import (
	"fmt"
	"hash/fnv"
	"strings"
)

// fill sets an album's photos (in the shots' order), count, span and cover.
func fill(a *Album, shots []shot, minScore float64) {
	a.Photos = ids(shots)
	a.Count = len(shots)
	a.From, a.To = shots[0].local, shots[len(shots)-1].local
	ps := make([]*Photo, len(shots))
	for i := range shots {
		ps[i] = shots[i].p
	}
	a.Cover = cover(ps, minScore)
}

// ids lists the shots' photo ids.
func ids(shots []shot) []string {
	out := make([]string, len(shots))
	for i, s := range shots {
		out[i] = s.p.ID
	}
	return out
}

// cover picks an album's cover: the photo with the most faces and labels that count (a face counts twice:
// people make a cover), the one nearest the middle among equals.
func cover(ps []*Photo, minScore float64) string {
	if len(ps) == 0 {
		return ""
	}
	best, bestScore, bestDist := 0, -1, 0
	for i, p := range ps {
		score := 2 * len(p.Faces)
		for _, l := range p.Labels {
			if l.Score >= minScore {
				score++
			}
		}
		dist := abs(2*i - (len(ps) - 1))
		if score > bestScore || score == bestScore && dist < bestDist {
			best, bestScore, bestDist = i, score, dist
		}
	}
	return ps[best].ID
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// uniqueIDs gives albums whose keys collide (two events starting in the same hour) the suffixes -2, -3, ...
// in the order they come.
func uniqueIDs(as []Album) {
	seen := map[string]int{}
	for i := range as {
		id := as[i].ID
		seen[id]++
		if n := seen[id]; n > 1 {
			as[i].ID = fmt.Sprintf("%s-%d", id, n)
		}
	}
}

// slug makes an id part from a name: lower-case ASCII letters and digits joined by '-'. Names with other
// letters ("São Paulo", "서울") get a short hash too, so that two names never share a slug.
func slug(name string) string {
	var b strings.Builder
	lossy, dash := false, false
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		case r == ' ' || r == '-' || r == '/' || r == '\'' || r == '.' || r == ',':
			dash = true
		default:
			lossy, dash = true, true
		}
	}
	if lossy || b.Len() == 0 {
		h := fnv.New32a()
		h.Write([]byte(name))
		if b.Len() > 0 {
			b.WriteByte('-')
		}
		fmt.Fprintf(&b, "%08x", h.Sum32())
	}
	return b.String()
}
