package places

import (
	"math"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
)

func TestNearest(t *testing.T) {
	ix := realIndex(t)
	tests := []struct {
		name      string
		lat, lon  float64
		city, ko  string
		cc        string
		region    string // English, "" = not checked
		koRegion  string // "" = not checked
		koCountry string // "" = not checked
	}{
		{"Seoul City Hall", 37.5665, 126.9780, "Seoul", "서울", "KR", "Seoul", "서울특별시", "대한민국"},
		{"Gangnam station, inside Seoul's reach", 37.4979, 127.0276, "Seoul", "서울", "KR", "", "", ""},
		{"Seongnam, next to Seoul", 37.4386, 127.1378, "Seongnam-si", "성남", "KR", "Gyeonggi-do", "경기도", ""},
		{"Jeju", 33.4996, 126.5312, "Jeju City", "제주", "KR", "Jeju-do", "제주특별자치도", "대한민국"},
		{"Seogwipo", 33.2541, 126.5600, "Seogwipo", "서귀포", "KR", "", "제주특별자치도", ""},
		{"Busan City Hall", 35.1796, 129.0756, "Busan", "부산", "KR", "Busan", "부산광역시", ""},
		{"Gyeongju", 35.8562, 129.2247, "Gyeongju", "경주", "KR", "", "경상북도", ""},
		{"Gangneung", 37.7519, 128.8761, "Gangneung", "강릉", "KR", "", "강원특별자치도", ""},
		{"Tokyo", 35.6762, 139.6503, "Tokyo", "도쿄", "JP", "Tokyo", "도쿄도", "일본"},
		{"Osaka", 34.6937, 135.5023, "Osaka", "오사카", "JP", "", "", ""},
		{"Paris", 48.8566, 2.3522, "Paris", "파리", "FR", "Île-de-France", "", "프랑스"},
		{"New York", 40.7128, -74.0060, "New York City", "뉴욕", "US", "New York", "", "미국"},
		{"Honolulu", 21.3069, -157.8583, "Honolulu", "호놀룰루", "US", "Hawaii", "하와이", ""},
		{"Suva, Fiji", -18.1416, 178.4419, "Suva", "수바", "FJ", "", "", "피지"},
		{"Longyearbyen, 78°N", 78.2232, 15.6267, "Longyearbyen", "롱위에아르뷔엔", "SJ", "", "", ""},
		{"Ushuaia, 55°S", -54.8019, -68.3030, "Ushuaia", "우수아이아", "AR", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ok := ix.Nearest(tt.lat, tt.lon)
			if !ok {
				t.Fatalf("Nearest(%v, %v) = not found, want %s", tt.lat, tt.lon, tt.city)
			}
			got := [...]string{p.City, p.Ko.City, p.CountryCode}
			if want := [...]string{tt.city, tt.ko, tt.cc}; got != want {
				t.Errorf("Nearest(%v, %v) = %q (%.1f km), want %q", tt.lat, tt.lon, got, p.DistanceKm, want)
			}
			for _, c := range []struct{ got, want string }{
				{p.Region, tt.region}, {p.Ko.Region, tt.koRegion}, {p.Ko.Country, tt.koCountry},
			} {
				if c.want != "" && c.got != c.want {
					t.Errorf("Nearest(%v, %v) = %+v, want region/country %q", tt.lat, tt.lon, p, c.want)
				}
			}
			if p.DistanceKm > 20 {
				t.Errorf("Nearest(%v, %v).DistanceKm = %.1f, want < 20", tt.lat, tt.lon, p.DistanceKm)
			}
		})
	}
}

func TestNearestNotFound(t *testing.T) {
	ix := realIndex(t)
	tests := []struct {
		name     string
		lat, lon float64
	}{
		{"null island 0,0", 0, 0},
		{"north pole", 90, 0},
		{"north pole, other longitude", 90, -135},
		{"south pole", -90, 0},
		{"middle of the Pacific", 20, -140},
		{"Pacific at the antimeridian", 30, 180},
		{"South Atlantic", -40, -20},
		{"NaN", math.NaN(), 0},
		{"latitude out of range", 91, 0},
		{"longitude out of range", 0, 181},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if p, ok := ix.Nearest(tt.lat, tt.lon); ok {
				t.Errorf("Nearest(%v, %v) = %s, %s (%.0f km), want not found", tt.lat, tt.lon, p.City, p.Country, p.DistanceKm)
			}
		})
	}
}

// TestAntimeridian checks positions whose nearest place is on the other side
// of longitude ±180.
func TestAntimeridian(t *testing.T) {
	ix := realIndex(t)
	tests := []struct {
		name     string
		lat, lon float64
		cc       string
		eastOf   bool // the place is at positive longitude (across from a negative query)
		maxKm    float64
	}{
		{"Fiji, Suva side", -18.1, 178.4, "FJ", true, 5},
		{"Fiji, east of 180", -16.8, -179.9, "FJ", true, 100},
		{"Fiji, Taveuni strait", -16.85, -179.99, "FJ", true, 100},
		{"Chukotka, west of 180", 65.0, -179.5, "RU", true, 150},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ok := ix.Nearest(tt.lat, tt.lon)
			if !ok || p.CountryCode != tt.cc || (p.Lon > 0) != tt.eastOf || p.DistanceKm > tt.maxKm {
				t.Errorf("Nearest(%v, %v) = %+v, %v; want a %s place at lon>0=%v within %v km",
					tt.lat, tt.lon, p, ok, tt.cc, tt.eastOf, tt.maxKm)
			}
			want := greatCircleKm(tt.lat, tt.lon, p.Lat, p.Lon)
			if math.Abs(p.DistanceKm-want) > 0.01 {
				t.Errorf("Nearest(%v, %v).DistanceKm = %.3f, want %.3f (haversine)", tt.lat, tt.lon, p.DistanceKm, want)
			}
		})
	}
}

// greatCircleKm is the haversine formula, independent of the index's vectors.
func greatCircleKm(lat1, lon1, lat2, lon2 float64) float64 {
	r := math.Pi / 180
	dlat, dlon := (lat2-lat1)*r, (lon2-lon1)*r
	a := math.Pow(math.Sin(dlat/2), 2) + math.Cos(lat1*r)*math.Cos(lat2*r)*math.Pow(math.Sin(dlon/2), 2)
	return 2 * earthRadiusKm * math.Asin(math.Sqrt(a))
}

func TestSearch(t *testing.T) {
	ix := realIndex(t)
	tests := []struct {
		query    string
		city, cc string // first result
	}{
		{"제주", "Jeju City", "KR"},
		{"Jeju", "Jeju City", "KR"},
		{"jeju city", "Jeju City", "KR"},
		{"Paris", "Paris", "FR"},
		{"파리", "Paris", "FR"},
		{"서울", "Seoul", "KR"},
		{"도쿄", "Tokyo", "JP"},
		{"호놀룰루", "Honolulu", "US"},
		{"런던", "London", "GB"},
		{"London", "London", "GB"},
		{"  New York City ", "New York City", "US"},
		{"Zurich", "Zürich", "CH"},
		{"취리히", "Zürich", "CH"},
		{"hoi an", "Hoi An", "VN"},
		{"광주", "Gwangju", "KR"},
		{"남원", "Namwon", "KR"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			got := ix.Search(tt.query)
			if len(got) == 0 || got[0].City != tt.city || got[0].CountryCode != tt.cc {
				t.Fatalf("Search(%q) = %v, want %s, %s first", tt.query, got, tt.city, tt.cc)
			}
			if len(got) > SearchLimit {
				t.Errorf("Search(%q) returned %d places, want at most %d", tt.query, len(got), SearchLimit)
			}
		})
	}
	if got := ix.Search(""); got != nil {
		t.Errorf("Search(\"\") = %v, want nil", got)
	}
	if got := ix.Search("Xyzzyqq"); len(got) != 0 {
		t.Errorf("Search(\"Xyzzyqq\") = %v, want none", got)
	}
}

// TestKoreanTablesMatchData checks that every hand-written key names a place
// or a region in the data, so that a misspelt key cannot go unnoticed.
func TestKoreanTablesMatchData(t *testing.T) {
	ix := realIndex(t)
	keys := map[string]bool{}
	for i, n := range ix.t.Names {
		c, r := ix.t.Countries[ix.t.Country[i]], ix.t.Regions[ix.t.Region[i]]
		keys[c.Code+"/"+n], keys[r.Code+"/"+n] = true, true
	}
	renamed := enCities()
	for k, en := range renamed { // the data holds these under their new names
		if prefix, _, _ := strings.Cut(k, "/"); keys[prefix+"/"+en] {
			keys[k] = true
		}
	}
	for _, table := range []map[string]string{koCities(), renamed} {
		for k := range table {
			if !keys[k] {
				t.Errorf("hand-written key %q names no place in the data", k)
			}
		}
	}
	regions := map[string]bool{}
	for _, r := range ix.t.Regions {
		regions[r.Code] = true
	}
	for k := range koRegions() {
		if !regions[k] {
			t.Errorf("koRegions key %q names no region in the data", k)
		}
	}
}

// TestTreeMatchesBruteForce compares the k-d tree with a linear scan on
// random positions over the real data.
func TestTreeMatchesBruteForce(t *testing.T) {
	ix := realIndex(t)
	pts := make([]vec, ix.Len())
	for i := range pts {
		pts[i] = toVec(float64(ix.t.Lat[i])/1e5, float64(ix.t.Lon[i])/1e5)
	}
	for i, q := range randomPositions(300, 1) {
		id, d2 := ix.all.nearest(q, 4)
		wantID, want2 := bruteNearest(pts, q)
		if d2 != want2 {
			t.Errorf("query %d: tree found %d at %g, brute force %d at %g", i, id, d2, wantID, want2)
		}
	}
}

// BenchmarkNearest measures lookups where photos are taken (within about
// 10 km of a place, in proportion to where places are) and anywhere on Earth
// (mostly sea, where the search ends at MaxDistanceKm).
func BenchmarkNearest(b *testing.B) {
	ix := realIndex(b)
	r := rand.New(rand.NewPCG(10, 0))
	var near [][2]float64
	for range 4096 {
		i := r.IntN(ix.Len())
		lat := float64(ix.t.Lat[i])/1e5 + (r.Float64()-0.5)*0.2
		lon := float64(ix.t.Lon[i])/1e5 + (r.Float64()-0.5)*0.2
		near = append(near, [2]float64{max(-90, min(90, lat)), math.Remainder(lon, 360)})
	}
	for _, bm := range []struct {
		name string
		qs   [][2]float64
	}{{"near places", near}, {"anywhere", randomLatLon(4096, 2)}} {
		b.Run(bm.name, func(b *testing.B) {
			i := 0
			for b.Loop() {
				q := bm.qs[i%len(bm.qs)]
				ix.Nearest(q[0], q[1])
				i++
			}
		})
	}
}

func BenchmarkSearch(b *testing.B) {
	ix := realIndex(b)
	ix.Search("warm up the name index")
	for b.Loop() {
		ix.Search("제주")
		ix.Search("Paris")
	}
}

func BenchmarkLoad(b *testing.B) {
	path := Path(Dir(cacheDir(b)))
	realIndex(b) // skips or fails when the data is missing
	var before, after runtime.MemStats
	for b.Loop() {
		runtime.GC()
		runtime.ReadMemStats(&before)
		ix, err := Load(path)
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "heapMiB")
		runtime.KeepAlive(ix)
	}
}
