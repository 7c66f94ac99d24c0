package search

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// testNow is the fixed clock of every test: Wednesday 2026-11-25 12:00 UTC.
var testNow = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

func at(y int, m time.Month, d, h, mi, s int) time.Time {
	return time.Date(y, m, d, h, mi, s, 0, time.UTC)
}

// testDocs is a small hand-made library "" plus one photo in library "b" with the same name and date as a02.
func testDocs() []Doc {
	kst := time.FixedZone("KST", 9*3600)
	return []Doc{
		{ID: "a01", Taken: at(2015, 8, 3, 8, 15, 0), Make: "Canon", Model: "Canon EOS 5D Mark IV",
			Lens: "EF24-70mm f/2.8L II USM", FileName: "IMG_20150803_081500.jpg"},
		{ID: "a02", Taken: time.Date(2015, 8, 3, 23, 59, 59, 0, kst), Make: "Apple", Model: "iPhone 6", FileName: "IMG_1234.JPG"},
		{ID: "a03", Taken: at(2015, 8, 4, 0, 0, 0), Make: "Apple", Model: "iPhone 6", FileName: "IMG_1235.JPG"},
		{ID: "a04", Taken: at(2015, 8, 31, 12, 0, 0), Make: "NIKON CORPORATION", Model: "NIKON D750", FileName: "DSC_0001.NEF"},
		{ID: "a05", Taken: at(2015, 9, 1, 0, 0, 0), Make: "NIKON CORPORATION", Model: "NIKON D750", FileName: "DSC_0002.NEF"},
		{ID: "a06", Taken: at(2015, 1, 1, 0, 0, 0), Make: "Canon", Model: "Canon EOS 5D", FileName: "IMG_0001.JPG"},
		{ID: "a07", Taken: at(2014, 12, 31, 23, 59, 59), Make: "Canon", Model: "Canon PowerShot G7 X", FileName: "IMG_9999.JPG"},
		{ID: "a08", Taken: at(2016, 6, 15, 12, 0, 0), Make: "samsung", Model: "SM-G920F", FileName: "20160615_120000.jpg"},
		{ID: "a09", Taken: at(2017, 12, 31, 22, 0, 0), Make: "FUJIFILM", Model: "X-T2", FileName: "DSCF1234.RAF"},
		{ID: "a10", Taken: at(2018, 1, 1, 9, 0, 0), Make: "SONY", Model: "ILCE-7M3", FileName: "DSC00042.ARW"},
		{ID: "a11", Taken: at(2009, 12, 31, 18, 0, 0), FileName: "scan_1999.tif"},
		{ID: "a12", Taken: at(2010, 1, 1, 0, 30, 0), Make: "Panasonic", Model: "DMC-GH5", FileName: "P1000123.JPG"},
		{ID: "a13", Taken: at(2019, 12, 31, 23, 0, 0), Make: "Apple", Model: "iPhone 11 Pro", FileName: "IMG_0420.HEIC"},
		{ID: "a14", Taken: at(2020, 1, 1, 1, 0, 0), Make: "Apple", Model: "iPhone 11 Pro", FileName: "IMG_0421.HEIC"},
		{ID: "a15", Taken: at(2025, 6, 1, 10, 0, 0), Make: "Apple", Model: "iPhone 15", FileName: "IMG_5000.HEIC"},
		{ID: "a16", Taken: at(2026, 11, 24, 10, 0, 0), Make: "Apple", Model: "iPhone 15", FileName: "IMG_5001.HEIC",
			Labels: []string{"강아지", "dog"}, Text: []string{"SALE", "50%"}},
		{ID: "a17", Taken: at(2026, 3, 1, 10, 0, 0), Make: "Google", Model: "Pixel 8", FileName: "PXL_20260301_100000.jpg"},
		{ID: "a18", Make: "Canon", Model: "Canon EOS 5D", FileName: "scan_0001.jpg"},
		{ID: "a19", FileName: "screenshot.png"},
		{ID: "b01", Library: "b", Taken: at(2015, 8, 3, 12, 0, 0), Make: "Canon", Model: "Canon EOS 5D", FileName: "IMG_1234.JPG"},
	}
}

// newTestIndex is an in-memory index holding testDocs.
func newTestIndex(t *testing.T) *Index {
	t.Helper()
	ix, err := Open("", Options{})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { ix.Close() })
	if err := ix.Put(t.Context(), testDocs()...); err != nil {
		t.Fatalf("Put: %v", err)
	}
	return ix
}

func hitIDs(hs []Hit) []string {
	out := make([]string, 0, len(hs))
	for _, h := range hs {
		out = append(out, h.ID)
	}
	return out
}

// sorted returns ids in the order Search must return them: taken descending, unknown last, then id.
func sorted(ids ...string) []string {
	taken := map[string]time.Time{}
	for _, d := range testDocs() {
		taken[d.ID], _ = floating(d.Taken)
	}
	out := slices.Clone(ids)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := taken[out[i]], taken[out[j]]
		if a.Equal(b) || a.IsZero() && b.IsZero() {
			return out[i] < out[j]
		}
		return b.IsZero() || !a.IsZero() && a.After(b)
	})
	return out
}

func TestSearch(t *testing.T) {
	ix := newTestIndex(t)
	y2015 := []string{"a01", "a02", "a03", "a04", "a05", "a06"}
	aug2015 := []string{"a01", "a02", "a03", "a04"}
	aug3 := []string{"a01", "a02"}
	tests := []struct {
		query string
		want  []string
	}{
		{"2015", y2015}, {"2015년", y2015}, {"2015년도", y2015}, {"photos from 2015", y2015},
		{"2015-08", aug2015}, {"2015/08", aug2015}, {"august 2015", aug2015}, {"Aug 2015", aug2015},
		{"2015년 8월", aug2015}, {"2015년8월", aug2015}, {"2015년 8월에 찍은 사진", aug2015},
		{"2015-08-03", aug3}, {"2015/08/03", aug3}, {"20150803", aug3}, {"2015.8.3", aug3},
		{"3 august 2015", aug3}, {"august 3, 2015", aug3}, {"Aug 3rd 2015", aug3}, {"2015년 8월 3일", aug3},
		{"last year", []string{"a15"}}, {"작년", []string{"a15"}}, {"작년에", []string{"a15"}},
		{"this year", []string{"a16", "a17"}}, {"올해", []string{"a16", "a17"}},
		{"yesterday", []string{"a16"}}, {"어제", []string{"a16"}}, {"today", nil},
		{"2015-2017", append(slices.Clone(y2015), "a08", "a09")}, {"2015 to 2017", append(slices.Clone(y2015), "a08", "a09")},
		{"2015년부터 2017년까지", append(slices.Clone(y2015), "a08", "a09")},
		{"before 2010", []string{"a11"}}, {"2010년 이전", []string{"a11", "a12"}},
		{"after 2019", []string{"a14", "a15", "a16", "a17"}}, {"since 2019", []string{"a13", "a14", "a15", "a16", "a17"}},
		{"2015 2016", nil},
		{"canon", []string{"a01", "a06", "a07", "a18"}}, {"CANON", []string{"a01", "a06", "a07", "a18"}},
		{"iphone", []string{"a02", "a03", "a13", "a14", "a15", "a16"}}, {"nikon d750", []string{"a04", "a05"}},
		{"EOS", []string{"a01", "a06", "a18"}}, {"5d", []string{"a01", "a06", "a18"}},
		{"iphone 11", []string{"a13", "a14"}}, {"iphone11", []string{"a13", "a14"}}, {"ilce-7m3", []string{"a10"}},
		{"ef24-70mm", []string{"a01"}}, {"usm", []string{"a01"}},
		{"IMG_1234", []string{"a02"}}, {"img_1234.jpg", []string{"a02"}}, {"IMG_1234.JPG", []string{"a02"}},
		{"1234", []string{"a02", "a09"}}, {"dsc_0001", []string{"a04"}}, {"IMG_20150803_081500.jpg", []string{"a01"}},
		{"screenshot", []string{"a19"}}, {"scan", []string{"a11", "a18"}}, {"heic", []string{"a13", "a14", "a15", "a16"}},
		{"canon 2015", []string{"a01", "a06"}}, {"iphone 2015-08", []string{"a02", "a03"}},
		{"nikon august 2015", []string{"a04"}}, {"2015년 캐논", []string{"a01", "a06"}}, {"canon 2015년 8월 3일", []string{"a01"}},
		{"강아지", []string{"a16"}}, {"dog", []string{"a16"}}, {"sale", []string{"a16"}}, {"dog yesterday", []string{"a16"}},
		{"canon nikon", nil}, {"zebra", nil},
		{"august", aug2015}, {"8월 3일", aug3}, {"3 august", aug3}, {"summer", append(slices.Clone(aug2015), "a08", "a15")},
		{"winter", []string{"a06", "a07", "a09", "a10", "a11", "a12", "a13", "a14"}}, {"winter canon", []string{"a06", "a07"}},
		{"1월 1일", []string{"a06", "a10", "a12", "a14"}}, {"december 31", []string{"a07", "a09", "a11", "a13"}},
		{"christmas", nil}, {"summer 2015", aug2015}, {"작년 여름", []string{"a15"}}, {"winter 2017", []string{"a09", "a10"}},
		{"summer -iphone", []string{"a01", "a04", "a08"}}, {"summer -아이폰", []string{"a01", "a04", "a08"}},
		{"아이폰으로 찍은 사진", []string{"a02", "a03", "a13", "a14", "a15", "a16"}}, {"갤럭시", []string{"a08"}},
		{"camera:니콘", []string{"a04", "a05"}}, {"니콘이랑", []string{"a04", "a05"}},
		{"camera:canon", []string{"a01", "a06", "a07", "a18"}}, {"file:canon", nil}, {"label:dog", []string{"a16"}},
		{"text:dog", nil}, {"lens:usm", []string{"a01"}}, {"file:1234", []string{"a02", "a09"}}, {"camera:1234", nil},
		{"year:2015 camera:nikon", []string{"a04", "a05"}}, {"iphone -img_1234", []string{"a03", "a13", "a14", "a15", "a16"}},
		{"-apple -canon -nikon", []string{"a08", "a09", "a10", "a11", "a12", "a17", "a19"}},
		{"2015 -canon", []string{"a02", "a03", "a04", "a05"}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			res, err := ix.Search(t.Context(), Request{Query: tt.query, Now: testNow})
			if err != nil {
				t.Fatalf("Search: %v", err)
			}
			want := sorted(tt.want...)
			if got := hitIDs(res.Hits); !slices.Equal(got, want) || res.Total != len(want) {
				t.Errorf("Search(%q) = %v (total %d), want %v; parsed %+v", tt.query, got, res.Total, want, res.Parsed)
			}
		})
	}
}

func TestSearchEmptyQueryNewestFirst(t *testing.T) {
	ix := newTestIndex(t)
	res, err := ix.Search(t.Context(), Request{Now: testNow})
	if err != nil {
		t.Fatalf("Search: %v", err)
	}
	var all []string
	for _, d := range testDocs() {
		if d.Library == "" {
			all = append(all, d.ID)
		}
	}
	want := sorted(all...)
	if got := hitIDs(res.Hits); !slices.Equal(got, want) || res.Total != len(want) {
		t.Fatalf("Search(\"\") = %v (total %d), want %v", got, res.Total, want)
	}
	if want[len(want)-2] != "a18" || want[len(want)-1] != "a19" {
		t.Fatalf("unknown dates not last: %v", want)
	}
	if got, want := res.Hits[0].Taken, at(2026, 11, 24, 10, 0, 0); !got.Equal(want) {
		t.Errorf("Hits[0].Taken = %v, want %v", got, want)
	}
	if got := res.Hits[len(res.Hits)-1].Taken; !got.IsZero() {
		t.Errorf("unknown Taken = %v, want zero", got)
	}
}

func TestSearchFloatingTime(t *testing.T) {
	ix := newTestIndex(t)
	res, err := ix.Search(t.Context(), Request{Query: "img_1234"})
	if err != nil || len(res.Hits) != 1 {
		t.Fatalf("Search = %v, %v", res, err)
	}
	// a02 was given as 23:59:59 in KST: its wall clock is kept, not converted to UTC.
	if got, want := res.Hits[0].Taken, at(2015, 8, 3, 23, 59, 59); !got.Equal(want) {
		t.Errorf("Taken = %v, want %v", got, want)
	}
}

func TestSearchPaging(t *testing.T) {
	ix := newTestIndex(t)
	full, err := ix.Search(t.Context(), Request{Limit: 100})
	if err != nil {
		t.Fatalf("Search: %v", err)
	}
	var paged []string
	for off := 0; off < 25; off += 4 {
		res, err := ix.Search(t.Context(), Request{Offset: off, Limit: 4})
		if err != nil {
			t.Fatalf("Search offset %d: %v", off, err)
		}
		if res.Total != full.Total {
			t.Errorf("offset %d: Total = %d, want %d", off, res.Total, full.Total)
		}
		paged = append(paged, hitIDs(res.Hits)...)
	}
	if want := hitIDs(full.Hits); !slices.Equal(paged, want) {
		t.Errorf("pages = %v, want %v", paged, want)
	}
	res, err := ix.Search(t.Context(), Request{})
	if err != nil || len(res.Hits) != 19 {
		t.Errorf("default limit: %d hits, %v; want 19", len(res.Hits), err)
	}
	for _, off := range []int{-5, 1 << 40, math.MaxInt} {
		res, err := ix.Search(t.Context(), Request{Offset: off, Limit: math.MaxInt})
		if wantHits := min(19, max(0, 19-off)); err != nil || len(res.Hits) != wantHits || res.Total != 19 {
			t.Errorf("offset %d: %d hits of %d, %v; want %d of 19", off, len(res.Hits), res.Total, err, wantHits)
		}
	}
}

func TestSearchWhy(t *testing.T) {
	ix := newTestIndex(t)
	tests := []struct {
		query, id string
		want      []string
	}{
		{"canon 2015", "a01", []string{"date:2015", "camera:canon"}},
		{"img_1234.jpg", "a02", []string{"file:img_1234.jpg"}},
		{"1234", "a09", []string{"file:1234"}},
		{"usm", "a01", []string{"lens:usm"}},
		{"camera:canon before:2016", "a01", []string{"date:..2015", "camera:canon"}},
		{"summer nikon", "a04", []string{"yearly:summer", "camera:nikon"}},
		{"2015 아이폰", "a02", []string{"date:2015", "camera:아이폰"}},
		{"label:강아지 sale", "a16", []string{"text:sale", "label:강아지"}}, // terms, then filters
		{"dog sale 어제", "a16", []string{"date:2026-11-24", "label:dog", "text:sale"}},
		{"", "a16", nil},
	}
	for _, tt := range tests {
		res, err := ix.Search(t.Context(), Request{Query: tt.query, Now: testNow})
		if err != nil {
			t.Fatalf("Search(%q): %v", tt.query, err)
		}
		for _, h := range res.Hits {
			if h.ID == tt.id && !slices.Equal(h.Why, tt.want) {
				t.Errorf("Search(%q) %s Why = %q, want %q", tt.query, h.ID, h.Why, tt.want)
			}
		}
	}
}

func TestSearchQueryTooLong(t *testing.T) {
	ix := newTestIndex(t)
	q := strings.Repeat("강아지 ", MaxQueryLen/len("강아지 ")+1)
	if _, err := ix.Search(t.Context(), Request{Query: q}); !errors.Is(err, ErrQueryTooLong) {
		t.Errorf("Search(%d bytes) = %v, want ErrQueryTooLong", len(q), err)
	}
	var words string
	for i := range MaxQueryWords {
		words += fmt.Sprintf("w%d ", i)
	}
	if _, err := ix.Search(t.Context(), Request{Query: words}); err != nil {
		t.Errorf("Search(%d words) = %v, want no error", MaxQueryWords, err)
	}
	if _, err := ix.Search(t.Context(), Request{Query: words + " -e5"}); !errors.Is(err, ErrQueryTooLong) {
		t.Errorf("Search(%d words) = %v, want ErrQueryTooLong", MaxQueryWords+1, err)
	}
}

func TestLibraryIsolation(t *testing.T) {
	ix := newTestIndex(t)
	tests := []struct {
		library, query string
		want           []string
	}{
		{"b", "", []string{"b01"}},
		{"b", "img_1234", []string{"b01"}},
		{"b", "2015-08-03 canon", []string{"b01"}},
		{"", "img_1234", []string{"a02"}},
		{"", "2015-08-03", []string{"a02", "a01"}},
		{"c", "", nil},
		{"lib:b", "", nil},
	}
	for _, tt := range tests {
		res, err := ix.Search(t.Context(), Request{Library: tt.library, Query: tt.query})
		if err != nil {
			t.Fatalf("Search: %v", err)
		}
		if got := hitIDs(res.Hits); !slices.Equal(got, tt.want) {
			t.Errorf("Search(library %q, %q) = %v, want %v", tt.library, tt.query, got, tt.want)
		}
	}
}

func TestPutReplaceAndDelete(t *testing.T) {
	ix := newTestIndex(t)
	ctx := t.Context()
	d := testDocs()[1] // a02, an Apple
	d.Make, d.Model = "Leica", "Q2"
	if err := ix.Put(ctx, d); err != nil {
		t.Fatalf("Put: %v", err)
	}
	find := func(q string) []string {
		res, err := ix.Search(ctx, Request{Query: q})
		if err != nil {
			t.Fatalf("Search(%q): %v", q, err)
		}
		return hitIDs(res.Hits)
	}
	if got := find("leica"); !slices.Equal(got, []string{"a02"}) {
		t.Errorf("after replace, leica = %v, want [a02]", got)
	}
	if got := find("iphone 6"); !slices.Equal(got, []string{"a03"}) {
		t.Errorf("after replace, iphone 6 = %v, want [a03]", got)
	}
	if err := ix.Delete(ctx, "", "a02", "a03", "nope"); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if got := find("img_1234"); len(got) != 0 {
		t.Errorf("after delete, img_1234 = %v, want none", got)
	}
	if n, err := ix.Count(); err != nil || n != 18 {
		t.Errorf("Count = %d, %v; want 18", n, err)
	}
	ids, err := ix.IDs(ctx, "")
	if err != nil || len(ids) != 17 || slices.Contains(ids, "a02") {
		t.Errorf("IDs after replace and delete = %v, %v; want 17 ids without a02", ids, err)
	}
	if err := ix.Put(ctx, Doc{Make: "x"}); !errors.Is(err, ErrInvalidDoc) {
		t.Errorf("Put(empty id) = %v, want ErrInvalidDoc", err)
	}
}

func TestIDs(t *testing.T) {
	ix := newTestIndex(t)
	tests := []struct {
		library string
		want    int
	}{{"", 19}, {"b", 1}, {"c", 0}}
	for _, tt := range tests {
		ids, err := ix.IDs(t.Context(), tt.library)
		if err != nil {
			t.Fatalf("IDs(%q): %v", tt.library, err)
		}
		if len(ids) != tt.want || !slices.IsSorted(ids) {
			t.Errorf("IDs(%q) = %v, want %d sorted ids", tt.library, ids, tt.want)
		}
	}
}

func TestIDsPaging(t *testing.T) {
	ix, err := Open("", Options{})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer ix.Close()
	n := 2*4096 + 7
	docs := make([]Doc, n)
	for i := range docs {
		docs[i] = Doc{ID: fmt.Sprintf("%06x", i), Library: "big"}
	}
	if err := ix.Put(t.Context(), docs...); err != nil {
		t.Fatalf("Put: %v", err)
	}
	ids, err := ix.IDs(t.Context(), "big")
	if err != nil || len(ids) != n || ids[n-1] != docs[n-1].ID {
		t.Fatalf("IDs = %d ids, %v; want %d", len(ids), err, n)
	}
}

func TestReopenFromDisk(t *testing.T) {
	dir := t.TempDir() + "/index"
	ix, err := Open(dir, Options{})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	if err := ix.Put(t.Context(), testDocs()...); err != nil {
		t.Fatalf("Put: %v", err)
	}
	if err := ix.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	ix, err = Open(dir, Options{})
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer ix.Close()
	if n, err := ix.Count(); err != nil || n != uint64(len(testDocs())) {
		t.Errorf("Count = %d, %v; want %d", n, err, len(testDocs()))
	}
	res, err := ix.Search(t.Context(), Request{Query: "canon 2015"})
	if got := hitIDs(res.Hits); err != nil || !slices.Equal(got, []string{"a01", "a06"}) {
		t.Errorf("after reopen, canon 2015 = %v, %v", got, err)
	}
}

func TestMappingChanged(t *testing.T) {
	dir := t.TempDir() + "/index"
	ix, err := Open(dir, Options{})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	if err := ix.Put(t.Context(), testDocs()...); err != nil {
		t.Fatalf("Put: %v", err)
	}
	if err := ix.reader("").bi.SetInternal([]byte(versionKey), []byte("0")); err != nil {
		t.Fatalf("SetInternal: %v", err)
	}
	ix.Close()
	if _, err := Open(dir, Options{}); !errors.Is(err, ErrMappingChanged) {
		t.Fatalf("Open(old version) = %v, want ErrMappingChanged", err)
	}
	ix, err = Create(dir, Options{})
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	defer ix.Close()
	if n, err := ix.Count(); err != nil || n != 0 {
		t.Errorf("after Create, Count = %d, %v; want 0", n, err)
	}
}

func TestOpenEmptyDirectory(t *testing.T) {
	ix, err := Open(t.TempDir(), Options{})
	if err != nil {
		t.Fatalf("Open(empty dir) = %v", err)
	}
	ix.Close()
}

func TestCreateRefusesOtherDirectories(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "photo.jpg"), []byte("not an index"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir, Options{}); err == nil {
		t.Fatalf("Open(non-index dir) succeeded")
	}
	if _, err := Create(dir, Options{}); err == nil || !strings.Contains(err.Error(), "not a search index") {
		t.Fatalf("Create(non-index dir) = %v, want refusal", err)
	}
}

func TestTiesByID(t *testing.T) {
	ix := newTestIndex(t)
	same := at(2020, 5, 5, 5, 5, 5)
	docs := []Doc{{ID: "t3", Library: "t", Taken: same}, {ID: "t1", Library: "t", Taken: same},
		{ID: "t2", Library: "t", Taken: same}, {ID: "t0", Library: "t", Taken: same.Add(-time.Second)}}
	if err := ix.Put(t.Context(), docs...); err != nil {
		t.Fatalf("Put: %v", err)
	}
	res, err := ix.Search(t.Context(), Request{Library: "t"})
	if got, want := hitIDs(res.Hits), []string{"t1", "t2", "t3", "t0"}; err != nil || !slices.Equal(got, want) {
		t.Errorf("Search = %v, %v; want %v", got, err, want)
	}
}

func TestPutCanceled(t *testing.T) {
	ix, err := Open("", Options{})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer ix.Close()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := ix.Put(ctx, testDocs()...); !errors.Is(err, context.Canceled) {
		t.Errorf("Put(canceled) = %v, want context.Canceled", err)
	}
	if _, err := ix.Search(ctx, Request{}); !errors.Is(err, context.Canceled) {
		t.Errorf("Search(canceled) = %v, want context.Canceled", err)
	}
	if _, err := ix.IDs(ctx, ""); !errors.Is(err, context.Canceled) {
		t.Errorf("IDs(canceled) = %v, want context.Canceled", err)
	}
}

// TestConcurrentUse writes and searches from several goroutines at once (run with -race to check).
func TestConcurrentUse(t *testing.T) {
	ix := newTestIndex(t)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := range 4 {
		wg.Go(func() {
			for i := range 50 {
				id := fmt.Sprintf("w%d-%02d", w, i)
				if err := ix.Put(t.Context(), Doc{ID: id, Library: "w", Make: "Canon", Taken: at(2000+i%20, 1, 1, 0, 0, 0)}); err != nil {
					errs <- err
					return
				}
				if i%10 == 9 {
					if err := ix.Delete(t.Context(), "w", id); err != nil {
						errs <- err
						return
					}
				}
			}
		})
		wg.Go(func() {
			for range 20 {
				if _, err := ix.Search(t.Context(), Request{Library: "w", Query: "canon 2010"}); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("concurrent use: %v", err)
	}
	ids, err := ix.IDs(t.Context(), "w")
	if err != nil || len(ids) != 4*45 {
		t.Errorf("IDs(w) = %d ids, %v; want %d", len(ids), err, 4*45)
	}
}

func TestSearchDecomposedKoreanFileName(t *testing.T) {
	ix := newTestIndex(t)
	nfd := "\u110c\u1166\u110c\u116e\u1103\u1169_\u110b\u1167\u1112\u1162\u11bc.jpg" // 제주도_여행.jpg as macOS writes it
	if err := ix.Put(t.Context(), Doc{ID: "k1", Library: "k", FileName: nfd}); err != nil {
		t.Fatalf("Put: %v", err)
	}
	for _, q := range []string{"제주도", "여행", "제주도_여행.jpg", "file:여행"} {
		res, err := ix.Search(t.Context(), Request{Library: "k", Query: q})
		if got := hitIDs(res.Hits); err != nil || !slices.Equal(got, []string{"k1"}) {
			t.Errorf("Search(%q) = %v, %v; want [k1]", q, got, err)
		}
	}
}

func TestOpenLocked(t *testing.T) {
	dir := t.TempDir() + "/index"
	ix, err := Open(dir, Options{})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer ix.Close()
	if _, err := Open(dir, Options{LockTimeout: 50 * time.Millisecond}); !errors.Is(err, ErrLocked) {
		t.Fatalf("second Open = %v, want ErrLocked", err)
	}
}

// TestSameIDTwoLibraries: the same photo (same content, same id) in two libraries is two documents.
func TestSameIDTwoLibraries(t *testing.T) {
	ix, err := Open("", Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ctx := t.Context()
	if err := ix.Put(ctx, Doc{ID: "abc", Library: "mina", Make: "Canon"}, Doc{ID: "abc", Library: "jun", Make: "Nikon"}); err != nil {
		t.Fatal(err)
	}
	for lib, q := range map[string]string{"mina": "canon", "jun": "nikon"} {
		res, err := ix.Search(ctx, Request{Library: lib, Query: q})
		if err != nil || res.Total != 1 || res.Hits[0].ID != "abc" {
			t.Errorf("library %s, %q: %+v %v", lib, q, res.Hits, err)
		}
	}
	if err := ix.Delete(ctx, "mina", "abc"); err != nil {
		t.Fatal(err)
	}
	if res, _ := ix.Search(ctx, Request{Library: "jun", Query: "nikon"}); res.Total != 1 {
		t.Errorf("deleting mina's copy removed jun's")
	}
	if ids, _ := ix.IDs(ctx, "jun"); len(ids) != 1 || ids[0] != "abc" {
		t.Errorf("IDs(jun) = %v", ids)
	}
}
