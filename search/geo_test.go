package search

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestGeoCoverMatchesDistance: a position is in a near: circle's cover exactly when it is within the radius,
// except within 7.5% of the radius (25 m for tiny radii) from the edge; far north, across the date line, for radii of 50 m to 2,000 km.
func TestGeoCoverMatchesDistance(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	circles := []Near{{33.55, 126.58, 10}, {37.5665, 126.978, 1}, {0, 179.99, 30}, {80, 0, 50},
		{-33.9, 151.2, 2000}, {48.85, 2.35, 0.05}, {13.75, 100.5, 300}}
	for _, n := range circles {
		cover := geoCover(n.Lat, n.Lon, n.Km)
		if len(cover) == 0 || len(cover) > geoMaxCells+16 {
			t.Fatalf("geoCover(%+v): %d cells", n, len(cover))
		}
		in := map[string]bool{}
		for _, c := range cover {
			in[c] = true
		}
		for range 4000 {
			// positions around the circle, out to twice the radius
			dlat := (r.Float64()*4 - 2) * n.Km / 111.2
			lat := min(90, max(-90, n.Lat+dlat))
			lon := n.Lon + (r.Float64()*4-2)*n.Km/111.2/max(0.01, cosDeg(n.Lat))
			lon = lon - 360*float64(int((lon+180)/360))
			if lon < -180 {
				lon += 360
			}
			d := haversine(n.Lat, n.Lon, lat, lon)
			got := slices.ContainsFunc(geoCells(lat, lon), func(c string) bool { return in[c] })
			if got != (d <= n.Km) && abs64(d-n.Km) > max(0.075*n.Km, 0.025) {
				t.Errorf("near %+v: (%.5f, %.5f) at %.3f km: in cover = %v", n, lat, lon, d, got)
			}
		}
	}
}

func TestSearchNearAcrossCells(t *testing.T) {
	ix, err := Open("", Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	docs := []Doc{
		{ID: "seoul", Lat: ptr(37.5665), Lon: ptr(126.978)},
		{ID: "gangnam", Lat: ptr(37.4979), Lon: ptr(127.0276)}, // 8.8 km from Seoul's centre
		{ID: "incheon", Lat: ptr(37.4563), Lon: ptr(126.7052)}, // 27 km
		{ID: "fiji", Lat: ptr(-17.7), Lon: ptr(179.9)},
		{ID: "fiji-east", Lat: ptr(-17.7), Lon: ptr(-179.95)}, // 15.9 km away, across the date line
		{ID: "nowhere"},
	}
	if err := ix.Put(t.Context(), docs...); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string][]string{
		"near:37.5665,126.978,5":   {"seoul"},
		"near:37.5665,126.978,10":  {"gangnam", "seoul"},
		"near:37.5665,126.978,30":  {"gangnam", "incheon", "seoul"},
		"near:-17.7,179.9,20":      {"fiji", "fiji-east"},
		"near:-17.7,179.9,1":       {"fiji"},
		"near:0,0,100":             nil,
		"near:37.5665,126.978,0.1": {"seoul"},
	} {
		res, err := ix.Search(t.Context(), Request{Query: q, Now: testNow})
		if err != nil {
			t.Fatal(err)
		}
		got := hitIDs(res.Hits)
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("Search(%q) = %v, want %v", q, got, want)
		}
	}
}

func cosDeg(d float64) float64 { return math.Cos(d * math.Pi / 180) }

func abs64(x float64) float64 { return math.Abs(x) }
