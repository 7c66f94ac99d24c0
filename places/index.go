package places

import (
	"bufio"
	"encoding/gob"
	"errors"
	"fmt"
	"os"
	"slices"
	"sync"
)

// FileName is the name of the data file Fetch writes into its directory.
const FileName = "places.gob"

// formatVersion changes whenever the data file's layout or the rules that
// make it (parsing, the join) change; Load refuses other versions and Fetch
// rebuilds them. Changes to the packages or the hand-written names are caught
// by the file's Sources and HandNames.
const formatVersion = 4

// MaxDistanceKm is how far Nearest looks: a position with no place within it
// is not named. Measured on the data: half of all places have another within
// 4.4 km, 99% within 62 km, 99.9% within 168 km, and a position between two
// places is at most half their spacing from one, so 150 km names nearly
// every position on land, while the open sea, the poles and 0,0
// ("null island" in the Gulf of Guinea, where broken GPS tags put photos, 580
// km from the nearest place) stay unnamed rather than misnamed.
const MaxDistanceKm = 150

// ErrFormat is returned by Load for a file that is not a places data file of
// the version this code reads; Fetch rebuilds it.
var ErrFormat = errors.New("places: unknown data file format")

// Place is a named populated place, as returned by Nearest and Search.
type Place struct {
	City        string // e.g. "Jeju City"
	Region      string // first-level division, e.g. "Jeju-do"; may be empty
	Country     string // e.g. "South Korea"
	CountryCode string // ISO 3166-1 alpha-2, e.g. "KR"
	// Ko holds the Korean names; a field is empty where no Korean name is known.
	Ko         struct{ City, Region, Country string }
	Lat, Lon   float64 // the place's position, degrees
	DistanceKm float64 // great-circle distance from the queried position (0 for Search)
	Population int     // 0 when unknown
}

// table is the data file's content, in columns: one entry per place in
// Names, Lat, Lon, Pop, Country, Region and KoNames, in the order of an
// implicit k-d tree over their positions (see kdtree).
type table struct {
	Format    int
	Sources   []string // npm package@version it was built from
	HandNames string   // digest of the hand-written names it was built with (namesDigest)
	Names     []string
	KoNames   []string // "" where unknown
	Lat, Lon  []int32  // 1e-5 degrees
	Pop       []uint32 // 0 where unknown
	Country   []uint16 // index into Countries
	Region    []uint16 // index into Regions; 0 is the empty region
	Countries []nameRec
	Regions   []nameRec
}

// nameRec names a country (Code "KR") or a region (Code "KR.01").
type nameRec struct{ Code, En, Ko string }

// Index answers place queries from a loaded data file. It is safe for
// concurrent use.
type Index struct {
	t      table
	all    *kdtree // every place
	big    *kdtree // places with population >= bigPop
	bigMax float64 // largest reach in big, km

	searchOnce sync.Once
	names      []nameKey // sorted, built on the first Search
}

// Load reads a data file written by Fetch and builds the spatial index. It
// checks the file's version and that its columns agree, so that no file can
// make a lookup panic; it trusts the file to be in tree order (a file in
// another order gives wrong answers).
func Load(path string) (*Index, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("places: load: %w", err)
	}
	defer f.Close()
	var t table
	if err := gob.NewDecoder(bufio.NewReaderSize(f, 1<<20)).Decode(&t); err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrFormat, path, err)
	}
	if err := t.check(); err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrFormat, path, err)
	}
	return newIndex(t), nil
}

// check validates what Load read, so that lookups cannot index out of range.
func (t *table) check() error {
	if t.Format != formatVersion {
		return fmt.Errorf("version %d, want %d", t.Format, formatVersion)
	}
	n := len(t.Names)
	if len(t.KoNames) != n || len(t.Lat) != n || len(t.Lon) != n || len(t.Pop) != n ||
		len(t.Country) != n || len(t.Region) != n {
		return errors.New("columns of different lengths")
	}
	for i := range n {
		if int(t.Country[i]) >= len(t.Countries) || int(t.Region[i]) >= len(t.Regions) {
			return fmt.Errorf("place %d: country or region out of range", i)
		}
	}
	return nil
}

// points returns the unit vectors of the places.
func (t *table) points() []vec {
	pts := make([]vec, len(t.Names))
	for i := range pts {
		pts[i] = toVec(float64(t.Lat[i])/1e5, float64(t.Lon[i])/1e5)
	}
	return pts
}

// newIndex indexes a table that is in tree order (see table.treeOrder).
func newIndex(t table) *Index {
	pts := t.points()
	ids := make([]int32, len(pts))
	var bigPts []vec
	var bigIDs []int32
	ix := &Index{t: t}
	for i := range pts {
		ids[i] = int32(i)
		if t.Pop[i] >= bigPop {
			bigPts, bigIDs = append(bigPts, pts[i]), append(bigIDs, int32(i))
			ix.bigMax = max(ix.bigMax, reachKm(int(t.Pop[i])))
		}
	}
	ix.all, ix.big = &kdtree{pts: pts, ids: ids}, newKDTree(bigPts, bigIDs)
	return ix
}

// Len returns the number of places in the index.
func (ix *Index) Len() int { return len(ix.t.Names) }

// place returns place i without a distance.
func (ix *Index) place(i int32) Place {
	t := &ix.t
	c, r := t.Countries[t.Country[i]], t.Regions[t.Region[i]]
	p := Place{
		City: t.Names[i], Region: r.En, Country: c.En, CountryCode: c.Code,
		Lat: float64(t.Lat[i]) / 1e5, Lon: float64(t.Lon[i]) / 1e5, Population: int(t.Pop[i]),
	}
	p.Ko.City, p.Ko.Region, p.Ko.Country = t.KoNames[i], r.Ko, c.Ko
	return p
}

// validPosition reports whether lat, lon are finite degrees in range.
func validPosition(lat, lon float64) bool {
	return lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180 // false for NaN
}

// Names returns the place's non-empty names, English and Korean, city first,
// then region and country, without repeats: the words to index a photo's
// place under for search ("Jeju City", "제주", "Jeju-do", "제주특별자치도",
// "South Korea", "대한민국").
func (p Place) Names() []string {
	var out []string
	names := []string{p.City, p.Ko.City, p.Region, p.Ko.Region, p.Country, p.Ko.Country}
	for _, n := range append(names, countryAliases(p.CountryCode)...) {
		if n != "" && !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

// countryAliases returns the everyday names people type for a country whose official names differ ("한국" for
// 대한민국, "USA" for United States).
func countryAliases(code string) []string {
	return map[string][]string{
		"KR": {"한국", "Korea", "남한"},
		"KP": {"북한", "North Korea"},
		"US": {"USA", "America", "미국"},
		"GB": {"UK", "England", "영국"},
		"TW": {"대만", "Taiwan"},
		"CN": {"중국", "China"},
		"VN": {"베트남", "Vietnam"},
		"CZ": {"체코", "Czechia"},
		"RU": {"러시아", "Russia"},
	}[code]
}
