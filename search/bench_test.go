package search

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

var benchDocs = flag.Int("search.docs", 10000, "size of the generated library in benchmarks")

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
// frequencies, phone-style and camera-style file names, labels on a third of them.
func genDocs(n int, seed uint64) []Doc {
	r := rand.New(rand.NewPCG(seed, 1))
	cams := benchCameras()
	zipf := rand.NewZipf(r, 1.2, 1, uint64(len(cams)-1))
	labels := []string{"dog", "강아지", "cat", "고양이", "beach", "바다", "food", "음식", "mountain", "산"}
	start := at(2006, 1, 1, 0, 0, 0).Unix()
	span := at(2026, 1, 1, 0, 0, 0).Unix() - start
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
		if r.IntN(3) == 0 {
			l := r.IntN(len(labels) / 2)
			d.Labels = []string{labels[2*l], labels[2*l+1]}
		}
		docs[i] = d
	}
	return docs
}

// buildBenchIndex indexes docs in a disk index under dir and reports the build rate.
func buildBenchIndex(b *testing.B, dir string, docs []Doc) *Index {
	ix, err := Open(filepath.Join(dir, "index"), Options{})
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
	b.Logf("indexed %d docs in %v: %.0f docs/s, %.1f MB on disk", len(docs), el.Round(time.Millisecond),
		float64(len(docs))/el.Seconds(), float64(dirSize(dir))/1e6)
	return ix
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
	ix := buildBenchIndex(b, b.TempDir(), docs)
	defer ix.Close()
	now := at(2026, 11, 25, 12, 0, 0)
	cases := []struct {
		name string
		req  Request
	}{
		{"date-month", Request{Query: "2015-08"}},
		{"date-year", Request{Query: "2015"}},
		{"camera-word", Request{Query: "canon"}},
		{"camera-frequent", Request{Query: "iphone"}},
		{"camera+year", Request{Query: "nikon 2019"}},
		{"file-name", Request{Query: docs[len(docs)/2].FileName}},
		{"label-korean", Request{Query: "강아지"}},
		{"yearly-summer", Request{Query: "summer"}},
		{"korean-date+camera", Request{Query: "2019년 8월 아이폰"}},
		{"empty-page1", Request{}},
		{"empty-page20", Request{Offset: 19 * DefaultLimit}},
	}
	for _, c := range cases {
		c.req.Now = now
		b.Run(c.name, func(b *testing.B) {
			var lat []time.Duration
			total := 0
			for b.Loop() {
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

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
