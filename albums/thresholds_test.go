package albums

import (
	"fmt"
	"testing"
	"time"
)

// pairScores compares the albums' grouping of photos with the true one, counting pairs of photos: precision
// is the share of pairs put together that belong together, recall the share of pairs that belong together
// that were put together. Photos in no album are each alone.
func pairScores(tl *library, as []Album) (precision, recall float64) {
	pred := map[string]string{}
	for _, a := range as {
		for _, id := range a.Photos {
			pred[id] = a.ID
		}
	}
	pairs := func(m map[string]int) float64 {
		s := 0.0
		for _, n := range m {
			s += float64(n) * float64(n-1) / 2
		}
		return s
	}
	both, byPred, byTruth := map[string]int{}, map[string]int{}, map[string]int{}
	for id, g := range tl.truth {
		p, ok := pred[id]
		if !ok {
			p = "alone " + id
		}
		both[p+"|"+g]++
		byPred[p]++
		byTruth[g]++
	}
	return pairs(both) / pairs(byPred), pairs(both) / pairs(byTruth)
}

// TestThresholdSweep measures the event gap and the away distance on generated years (the figures of the
// package comment: go test ./albums -run Sweep -v) and checks that the defaults are among the best.
func TestThresholdSweep(t *testing.T) {
	ix := realPlaces(t)
	type run struct {
		opts Options
		name string
		long bool
	}
	var runs []run
	for _, long := range []bool{false, true} {
		for _, h := range []int{1, 2, 4, 6, 8, 10, 12, 16, 24} {
			name := fmt.Sprintf("gap %2dh", h)
			if long {
				name = fmt.Sprintf("long days, gap %2dh", h)
			}
			runs = append(runs, run{Options{Places: ix, EventGap: time.Duration(h) * time.Hour}, name, long})
		}
	}
	for _, km := range []float64{30, 50, 100, 200, 400} {
		runs = append(runs, run{Options{Places: ix, AwayKm: km}, fmt.Sprintf("away %3.0fkm", km), false})
	}
	best := map[string]float64{}
	for _, r := range runs {
		var p, rc float64
		trips := 0
		const seeds = 5
		for seed := range uint64(seeds) {
			tl := year2015Days(seed+1, seed%2 == 0, r.long)
			as := byKind(Build(tl.photos, r.opts), KindTrip, KindEvent)
			trips += len(byKind(as, KindTrip))
			pp, rr := pairScores(tl, as)
			p, rc = p+pp/seeds, rc+rr/seeds
		}
		f1 := 2 * p * rc / (p + rc)
		t.Logf("%s: pair precision %.3f recall %.3f F1 %.3f, %.1f trips (4 true)", r.name, p, rc, f1, float64(trips)/seeds)
		if r.long {
			continue // logged for the package comment; days like these have no single right answer
		}
		best[r.name[:4]] = max(best[r.name[:4]], f1)
		if r.opts.EventGap == DefaultEventGap || r.opts.AwayKm == DefaultAwayKm {
			best["default "+r.name[:4]] = f1
		}
	}
	for _, k := range []string{"gap ", "away"} {
		if best["default "+k] < best[k]-0.005 {
			t.Errorf("default %s: F1 %.3f, best %.3f", k, best["default "+k], best[k])
		}
	}
}
