package search

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"

	"sajin/vision/labels"
)

var (
	benchDocs   = flag.Int("search.docs", 10000, "size of the generated library in benchmarks")
	benchChrono = flag.Bool("search.chrono", false, "index the generated library in capture-time order (as a reindex by taken_at would)")
	benchLibs   = flag.Int("search.libraries", 1, "spread the generated library over this many libraries, each an index of its own (every query searches the first)")
	benchIndex  = flag.String("search.index", "", "keep the generated index in this folder and reuse it on the next run when it holds -search.docs documents of the current mapping (for profiling queries)")
)

// benchCameras are the cameras of the generated library, the first ones most frequent.
func benchCameras() [][2]string {
	return [][2]string{
		{"Apple", "iPhone 11 Pro"}, {"Apple", "iPhone 13"}, {"samsung", "SM-G991N"}, {"Apple", "iPhone 6"},
		{"Canon", "Canon EOS 5D Mark IV"}, {"Google", "Pixel 8"}, {"NIKON CORPORATION", "NIKON D750"},
		{"SONY", "ILCE-7M3"}, {"FUJIFILM", "X-T2"}, {"Panasonic", "DMC-GH5"}, {"OLYMPUS", "E-M10"},
		{"LG Electronics", "LM-G900N"}, {"Canon", "Canon PowerShot G7 X"}, {"Leica", "Q2"}, {"DJI", "FC3170"},
	}
}

// genDocs makes n photo documents: 20 years of capture times (2006-2025, 3% unknown), cameras with Zipf-like
// frequencies, phone-style and camera-style file names, 0-3 labels from the vocabulary with Zipf frequencies
// (indexed with every term, as ingest does) with scores uniform in [0.3, 1), places with Zipf frequencies on 60%
// and a position on those.
func genDocs(n int, seed uint64) []Doc {
	r := rand.New(rand.NewPCG(seed, 1))
	cams := benchCameras()
	zipf := rand.NewZipf(r, 1.2, 1, uint64(len(cams)-1))
	voc, err := labels.Load()
	if err != nil {
		panic(err)
	}
	all := voc.Labels()
	terms := make([][]string, len(all))
	for i, l := range all {
		terms[i] = voc.Terms(l.Key)
	}
	labelZipf := rand.NewZipf(r, 1.1, 2, uint64(len(all)-1))
	places := benchPlaces()
	placeZipf := rand.NewZipf(r, 1.2, 1, uint64(len(places)-1))
	start := at(2006, 1, 1, 0, 0, 0).Unix()
	span := at(2026, 1, 1, 0, 0, 0).Unix() - start
	scores := rand.New(rand.NewPCG(seed, 3)) // its own stream: the documents are those of the runs before scores
	docs := make([]Doc, n)
	for i := range docs {
		c := cams[zipf.Uint64()]
		taken := time.Unix(start+r.Int64N(span), 0).UTC()
		name := fmt.Sprintf("IMG_%s.jpg", taken.Format("20060102_150405"))
		if c[0] != "Apple" && c[0] != "samsung" && c[0] != "Google" {
			name = fmt.Sprintf("DSC%05d.JPG", i%100000)
		}
		if r.IntN(100) < 3 {
			taken = time.Time{}
		}
		d := Doc{ID: fmt.Sprintf("%016x", r.Uint64()), Taken: taken, Make: c[0], Model: c[1], FileName: name}
		for range r.IntN(4) {
			k := labelZipf.Uint64()
			if !slices.Contains(d.LabelKeys, all[k].Key) {
				d.LabelKeys = append(d.LabelKeys, all[k].Key)
				d.Labels = append(d.Labels, terms[k]...)
				if d.LabelScores == nil {
					d.LabelScores = map[string]float64{}
				}
				d.LabelScores[all[k].Key] = 0.3 + 0.7*scores.Float64() // above a detector's threshold
			}
		}
		if r.IntN(10) < 6 {
			p := places[placeZipf.Uint64()]
			d.Places = p.names
			lat, lon := p.lat+r.Float64()*0.1, p.lon+r.Float64()*0.1
			d.Lat, d.Lon = &lat, &lon
		}
		docs[i] = d
	}
	return docs
}

// benchPlace is a place of the generated library.
type benchPlace struct {
	names    []string
	lat, lon float64
}

func benchPlaces() []benchPlace {
	kr := []string{"South Korea", "대한민국", "한국", "Korea"}
	return []benchPlace{
		{append([]string{"Seoul", "서울"}, kr...), 37.56, 126.97},
		{append([]string{"Busan", "부산", "Busan", "부산광역시"}, kr...), 35.17, 129.07},
		{append([]string{"Jeju City", "제주", "Jeju-do", "제주특별자치도"}, kr...), 33.5, 126.53},
		{append([]string{"Gangneung", "강릉", "Gangwon-do", "강원특별자치도"}, kr...), 37.75, 128.87},
		{[]string{"Tokyo", "도쿄", "Japan", "일본"}, 35.68, 139.69},
		{[]string{"Osaka", "오사카", "Japan", "일본"}, 34.69, 135.5},
		{[]string{"Paris", "파리", "France", "프랑스"}, 48.85, 2.35},
		{[]string{"New York City", "뉴욕", "United States", "미국", "USA"}, 40.71, -74.0},
		{[]string{"Da Nang", "다낭", "Vietnam", "베트남"}, 16.05, 108.2},
		{[]string{"Bangkok", "방콕", "Thailand", "태국"}, 13.75, 100.5},
	}
}

// buildBenchIndex indexes docs in a disk index under dir and reports the build rate.
func buildBenchIndex(b *testing.B, dir string, docs []Doc) *Index {
	ix, err := Open(filepath.Join(dir, "index"), Options{Vocabulary: vocabularyOf(b)})
	if err != nil {
		b.Fatalf("Open: %v", err)
	}
	startT := time.Now()
	for chunk := range slices.Chunk(docs, 5000) {
		if err := ix.Put(b.Context(), chunk...); err != nil {
			b.Fatalf("Put: %v", err)
		}
	}
	el := time.Since(startT)
	for _, s := range ix.libs {
		adv, err := s.bi.Advanced()
		if err != nil {
			b.Fatalf("Advanced: %v", err)
		}
		if sc, ok := adv.(*scorch.Scorch); ok { // measure the steady state, not the merges after a bulk load
			if err := sc.ForceMerge(b.Context(), &mergeplan.SingleSegmentMergePlanOptions); err != nil {
				b.Fatalf("ForceMerge: %v", err)
			}
		}
	}
	b.Logf("indexed %d docs in %v: %.0f docs/s, %.1f MB on disk; %s", len(docs), el.Round(time.Millisecond),
		float64(len(docs))/el.Seconds(), float64(dirSize(dir))/1e6, rss())
	return ix
}

// benchIndexOf is buildBenchIndex in a temporary folder, or in -search.index, reusing the index there when it
// has the current mapping and as many documents as docs (the caller must pass the same flags as the run that
// built it: the order, -search.chrono, is not checked).
func benchIndexOf(b *testing.B, docs []Doc) *Index {
	if *benchIndex == "" {
		return buildBenchIndex(b, b.TempDir(), docs)
	}
	ix, err := Open(filepath.Join(*benchIndex, "index"), Options{Vocabulary: vocabularyOf(b)})
	if err == nil {
		if n, err := ix.Count(); err == nil && int(n) == len(docs) {
			b.Logf("reusing the index in %s: %d docs, %.1f MB", *benchIndex, n, float64(dirSize(*benchIndex))/1e6)
			return ix
		}
		ix.Close()
	}
	if err := removeIndex(filepath.Join(*benchIndex, "index")); err != nil { // a bleve index only
		b.Fatal(err)
	}
	return buildBenchIndex(b, *benchIndex, docs)
}

// rss reports the process's resident memory now and at its peak (Linux; "" elsewhere).
func rss() string {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return ""
	}
	var out []string
	for _, line := range strings.Split(string(status), "\n") {
		if strings.HasPrefix(line, "VmRSS") || strings.HasPrefix(line, "VmHWM") {
			out = append(out, strings.Join(strings.Fields(line), " "))
		}
	}
	return strings.Join(out, ", ")
}

func dirSize(dir string) int64 {
	var n int64
	filepath.Walk(dir, func(_ string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			n += fi.Size()
		}
		return nil
	})
	return n
}

// BenchmarkIndexBuild measures how fast a generated library is indexed from scratch (docs/s).
func BenchmarkIndexBuild(b *testing.B) {
	docs := genDocs(*benchDocs, 1)
	for b.Loop() {
		b.StopTimer()
		dir := b.TempDir()
		b.StartTimer()
		ix := buildBenchIndex(b, dir, docs)
		b.StopTimer()
		ix.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(len(docs))*float64(b.N)/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkSearch measures query latency on one generated library, reporting p50 and p95 per query kind.
func BenchmarkSearch(b *testing.B) {
	docs := genDocs(*benchDocs, 1)
	if *benchChrono {
		slices.SortStableFunc(docs, func(a, b Doc) int { return a.Taken.Compare(b.Taken) })
	}
	for i := range docs { // the searched library is "", the others share the index
		if n := max(*benchLibs, 1); i%n != 0 {
			docs[i].Library = fmt.Sprintf("other%d", i%n)
		}
	}
	ix := benchIndexOf(b, docs)
	defer ix.Close()
	now := at(2026, 11, 25, 12, 0, 0)
	cases := []struct {
		name string
		req  Request
		cold bool // every run counts its facets (as after a change to the index), none from the cache
	}{
		{name: "label", req: Request{Query: "dog"}},
		{name: "label-rare", req: Request{Query: "giraffe"}},
		{name: "label+year", req: Request{Query: "dog 2019"}},
		{name: "label+month", req: Request{Query: "dog 2019-08"}},
		{name: "korean", req: Request{Query: "2019년 제주에서 찍은 강아지 사진"}},
		{name: "korean-label", req: Request{Query: "고양이들"}},
		{name: "fuzzy", req: Request{Query: "dgo"}},
		{name: "or", req: Request{Query: "dog OR cat"}},
		{name: "near", req: Request{Query: "near:33.55,126.58,10"}},
		{name: "faceted-label", req: Request{Query: "cat", Facets: true}},
		{name: "faceted-label-cold", req: Request{Query: "cat", Facets: true}, cold: true},
		{name: "faceted-all", req: Request{Facets: true}},
		{name: "faceted-all-cold", req: Request{Facets: true}, cold: true},
		{name: "used-label", req: Request{Query: "dog", Usage: benchUsage(docs)}},
		{name: "date-month", req: Request{Query: "2015-08"}},
		{name: "date-year", req: Request{Query: "2015"}},
		{name: "camera-word", req: Request{Query: "canon"}},
		{name: "file-name", req: Request{Query: docs[len(docs)/2/max(*benchLibs, 1)*max(*benchLibs, 1)].FileName}},
		{name: "empty-page1", req: Request{}},
		{name: "empty-page20", req: Request{Offset: 19 * DefaultLimit}},
	}
	if *benchIndex != "" { // an index reopened from disk: read its files once, as a freshly built one was
		for _, c := range cases {
			c.req.Now = now
			if _, err := ix.Search(b.Context(), c.req); err != nil {
				b.Fatalf("Search: %v", err)
			}
		}
	}
	for _, c := range cases {
		c.req.Now = now
		b.Run(c.name, func(b *testing.B) {
			var lat []time.Duration
			total := 0
			for b.Loop() {
				if c.cold {
					ix.reader("").gen.Add(1)
				}
				t0 := time.Now()
				res, err := ix.Search(b.Context(), c.req)
				lat = append(lat, time.Since(t0))
				if err != nil {
					b.Fatalf("Search: %v", err)
				}
				total = res.Total
			}
			slices.Sort(lat)
			b.ReportMetric(ms(lat[len(lat)/2]), "p50-ms")
			b.ReportMetric(ms(lat[len(lat)*95/100]), "p95-ms")
			b.ReportMetric(float64(total), "matches")
			b.Logf("%s", rss())
		})
	}
}

// BenchmarkIDs measures listing every id of a library (start-up healing).
func BenchmarkIDs(b *testing.B) {
	docs := genDocs(*benchDocs, 1)
	ix := buildBenchIndex(b, b.TempDir(), docs)
	defer ix.Close()
	for b.Loop() {
		ids, err := ix.IDs(b.Context(), "")
		if err != nil || len(ids) != len(docs) {
			b.Fatalf("IDs = %d, %v; want %d", len(ids), err, len(docs))
		}
	}
}

// benchUsage is a Usage over 2,000 photos of docs the user has opened.
func benchUsage(docs []Doc) Usage {
	u := newClickUsage(500)
	for i := range 2000 {
		u.click(docs[i*7%len(docs)].ID, "")
	}
	return u
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
