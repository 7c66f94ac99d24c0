package search

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"sajin/vision/labels"
)

// clickUsage is a Usage kept the way the catalog is meant to: every event adds 1 to a photo's (and its label's)
// score, and all scores decay by half every halfLife events, so recent use counts most.
type clickUsage struct {
	mu       sync.Mutex
	halfLife float64
	clock    float64
	photos   map[string]float64 // score as of time 0 (scaled by 2^(t/halfLife) when added)
	labels   map[string]float64
}

func newClickUsage(halfLife float64) *clickUsage {
	return &clickUsage{halfLife: halfLife, photos: map[string]float64{}, labels: map[string]float64{}}
}

// click records that the user opened photo id found by a query naming label.
func (u *clickUsage) click(id, label string) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.clock++
	w := math.Exp2(u.clock / u.halfLife)
	u.photos[id] += w
	if label != "" {
		u.labels[label] += w
	}
}

func (u *clickUsage) decayed(v float64) float64 { return v / math.Exp2(u.clock/u.halfLife) }

func (u *clickUsage) Score(id string) float64 {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.decayed(u.photos[id])
}

func (u *clickUsage) LabelScore(key string) float64 {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.decayed(u.labels[key])
}

func (u *clickUsage) Top(n int) []string {
	u.mu.Lock()
	defer u.mu.Unlock()
	ids := make([]string, 0, len(u.photos))
	for id := range u.photos {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b string) int { return cmp.Or(cmp.Compare(u.photos[b], u.photos[a]), cmp.Compare(a, b)) })
	return ids[:min(n, len(ids))]
}

func TestLearningChangesOrder(t *testing.T) {
	ix := newFeatureIndex(t)
	u := newClickUsage(10)
	search := func(q, sort string) []string {
		res, err := ix.Search(t.Context(), Request{Library: "f", Query: q, Usage: u, Sort: sort})
		if err != nil {
			t.Fatalf("Search(%q): %v", q, err)
		}
		return hitIDs(res.Hits)
	}
	steps := []struct {
		click     string // photo clicked before searching
		query     string
		sort      string
		want      []string
		wantTotal int
	}{
		{"", "반려동물", "", []string{"f3", "f2", "f1"}, 3},                 // nothing used yet: newest first
		{"f1", "반려동물", "", []string{"f1", "f3", "f2"}, 3},               // the photo opened comes first
		{"f2", "반려동물", "", []string{"f2", "f1", "f3"}, 3},               // the latest use counts most
		{"f1", "반려동물", "", []string{"f1", "f2", "f3"}, 3},               // f1 twice, once recently
		{"", "반려동물", SortDate, []string{"f3", "f2", "f1"}, 3},           // asked for by date
		{"", "2015", "", []string{"f1"}, 1},                             // dates only: by date
		{"f5", "", "", []string{"f5", "f4", "f3", "f2", "f1", "f6"}, 6}, // no words: newest first
		{"", "dog", "", []string{"f1", "f3"}, 2},                        // f5 is used but is not a dog
	}
	for i, s := range steps {
		if s.click != "" {
			u.click(s.click, "")
		}
		if got := search(s.query, s.sort); !slices.Equal(got, s.want) {
			t.Errorf("step %d: Search(%q, sort %q) = %v, want %v", i, s.query, s.sort, got, s.want)
		}
	}
	// Paging across the used photos and the rest gives every match once.
	u.click("f4", "")
	var paged []string
	for off := 0; off < 8; off += 2 {
		res, err := ix.Search(t.Context(), Request{Library: "f", Query: "korea OR 카페", Usage: u, Offset: off, Limit: 2})
		if err != nil || res.Total != 5 {
			t.Fatalf("page %d: total %d, %v", off, res.Total, err)
		}
		paged = append(paged, hitIDs(res.Hits)...)
	}
	// f1 was opened twice, f4 last, f5 and f2 once before: all match as well (places, an album).
	if want := []string{"f1", "f4", "f5", "f2", "f3"}; !slices.Equal(paged, want) {
		t.Errorf("pages = %v, want %v", paged, want)
	}
}

// mrrLibrary is a generated library for the learning harness: n photos over 20 years, 1-3 labels each drawn from
// the vocabulary with Zipf frequencies (a few labels on many photos, most on few).
func mrrLibrary(tb testing.TB, n int, seed uint64) ([]Doc, map[string][]string) {
	voc, err := labels.Load()
	if err != nil {
		tb.Fatalf("labels.Load: %v", err)
	}
	all := voc.Labels()
	r := rand.New(rand.NewPCG(seed, 2))
	zipf := rand.NewZipf(r, 1.1, 2, uint64(len(all)-1))
	start := at(2006, 1, 1, 0, 0, 0).Unix()
	docs := make([]Doc, n)
	keys := map[string][]string{}
	for i := range docs {
		d := Doc{ID: fmt.Sprintf("p%05d", i), Library: "m",
			Taken: time.Unix(start+r.Int64N(20*365*86400), 0).UTC()}
		for range 1 + r.IntN(3) {
			l := all[zipf.Uint64()]
			if !slices.Contains(d.LabelKeys, l.Key) {
				d.LabelKeys = append(d.LabelKeys, l.Key)
				d.Labels = append(d.Labels, voc.Terms(l.Key)...)
			}
		}
		keys[d.ID] = d.LabelKeys
		docs[i] = d
	}
	return docs, keys
}

// mrrResult is the mean reciprocal rank of the wanted photo over a simulated user's searches.
type mrrResult struct {
	withLearning, without float64
	searches              int
}

// simulateUser replays a reproducible trace: the user has a few favourite photos, revisits them with Zipf
// frequencies, each time searching for one of the photo's labels by its English or Korean name, and clicks the
// wanted photo wherever it is in the first 200 results (reciprocal rank 0 beyond). With learning, each click
// is fed back through Usage.
func simulateUser(tb testing.TB, ix *Index, keys map[string][]string, searches int, seed uint64) mrrResult {
	voc, _ := labels.Load()
	r := rand.New(rand.NewPCG(seed, 3))
	ids := slices.Sorted(func(yield func(string) bool) {
		for id := range keys {
			if !yield(id) {
				return
			}
		}
	})
	favourites := make([]string, 40)
	for i := range favourites {
		favourites[i] = ids[r.IntN(len(ids))]
	}
	zipf := rand.NewZipf(r, 1.3, 1, uint64(len(favourites)-1))
	u := newClickUsage(50)
	var sum [2]float64
	for range searches {
		want := favourites[zipf.Uint64()]
		key := keys[want][r.IntN(len(keys[want]))]
		l, _ := voc.Label(key)
		q := l.En
		if r.IntN(2) == 0 {
			q = l.Ko
		}
		for i, usage := range []Usage{u, nil} {
			res, err := ix.Search(tb.Context(), Request{Library: "m", Query: q, Limit: 200, Usage: usage})
			if err != nil {
				tb.Fatalf("Search(%q): %v", q, err)
			}
			if rank := slices.Index(hitIDs(res.Hits), want); rank >= 0 {
				sum[i] += 1 / float64(rank+1)
			}
		}
		u.click(want, key)
	}
	return mrrResult{withLearning: sum[0] / float64(searches), without: sum[1] / float64(searches), searches: searches}
}

// TestLearningMRR is the learning harness: the simulated user finds the photo they want far higher with
// learning than without. Figures (seeded, reproducible) are in doc.go.
func TestLearningMRR(t *testing.T) {
	if testing.Short() {
		t.Skip("harness")
	}
	docs, keys := mrrLibrary(t, 5000, 1)
	ix, err := Open("", Options{})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer ix.Close()
	if err := ix.Put(t.Context(), docs...); err != nil {
		t.Fatalf("Put: %v", err)
	}
	res := simulateUser(t, ix, keys, 400, 1)
	t.Logf("MRR over %d searches in 5,000 photos: %.3f with learning, %.3f without", res.searches,
		res.withLearning, res.without)
	if res.withLearning < 0.6 || res.withLearning < 3*res.without {
		t.Errorf("MRR with learning %.3f, without %.3f: want >= 0.6 and 3x", res.withLearning, res.without)
	}
}

// BenchmarkLearningMRR reports the harness's MRR figures as metrics.
func BenchmarkLearningMRR(b *testing.B) {
	docs, keys := mrrLibrary(b, 20000, 1)
	ix, err := Open("", Options{})
	if err != nil {
		b.Fatalf("Open: %v", err)
	}
	defer ix.Close()
	if err := ix.Put(b.Context(), docs...); err != nil {
		b.Fatalf("Put: %v", err)
	}
	var res mrrResult
	for b.Loop() {
		res = simulateUser(b, ix, keys, 200, 1)
	}
	b.ReportMetric(res.withLearning, "mrr-learning")
	b.ReportMetric(res.without, "mrr-without")
}
