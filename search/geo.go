package search

import (
	"math"
	"strconv"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Positions are indexed as the cells of a grid that holds them, at every size, and near: is answered by the
// cells that cover its circle. Bleve's geo distance query reads every candidate's position from doc values to
// check its distance (27 ms of a 31 ms near: over 65,000 matches in 1M photos); with cells, the cells inside
// the circle match by their terms alone and only the cells on its edge are refined, down to cells of at most
// 1/16 of the radius (or the finest level, 19 m), where a cell counts when its centre is in the circle. So a
// photo up to about 7% of the radius (or 25 m) outside may match, and one as far inside may not: for "photos near
// here" that is no difference. A 10 km circle takes about 130 cells.
//
// Level k divides latitudes into 2^k rows and longitudes into 2^k columns (level 20: 19 m by 38 m at the
// equator); the levels geoMinLevel..geoMaxLevel are indexed, as "k/row/column" terms of the geo_cell field.
const (
	geoMinLevel = 2
	geoMaxLevel = 20
	geoStep     = 1 // levels indexed: every one (a cover then needs about half the cells of every other one)
	// geoMaxCells caps the terms of one near: query; past it, edge cells are not refined further.
	geoMaxCells = 1024
	earthKm     = 6371.0
)

// geoCells are the cell terms of a position, one per indexed level.
func geoCells(lat, lon float64) []string {
	out := make([]string, 0, (geoMaxLevel-geoMinLevel)/geoStep+1)
	for k := geoMinLevel; k <= geoMaxLevel; k += geoStep {
		row, col := geoCell(lat, lon, k)
		out = append(out, cellTerm(k, row, col))
	}
	return out
}

// geoCell is the row and column of a position at level k.
func geoCell(lat, lon float64, k int) (int, int) {
	n := 1 << k
	row := min(n-1, max(0, int((lat+90)/180*float64(n))))
	col := min(n-1, max(0, int((lon+180)/360*float64(n))))
	return row, col
}

func cellTerm(k, row, col int) string {
	return strconv.Itoa(k) + "/" + strconv.Itoa(row) + "/" + strconv.Itoa(col)
}

// cell is one cell of the grid and its bounds in degrees.
type cell struct {
	k, row, col            int
	lat0, lat1, lon0, lon1 float64
}

func newCell(k, row, col int) cell {
	n := float64(int(1) << k)
	return cell{k: k, row: row, col: col,
		lat0: float64(row)/n*180 - 90, lat1: float64(row+1)/n*180 - 90,
		lon0: float64(col)/n*360 - 180, lon1: float64(col+1)/n*360 - 180}
}

// haversine is the distance in km between two positions.
func haversine(lat1, lon1, lat2, lon2 float64) float64 {
	rad := math.Pi / 180
	dlat, dlon := (lat2-lat1)*rad, (lon2-lon1)*rad
	a := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * earthKm * math.Asin(math.Min(1, math.Sqrt(a)))
}

// nearest is the distance from a position to the closest point of the cell (0 inside it).
func (c cell) nearest(lat, lon float64) float64 {
	clat := min(max(lat, c.lat0), c.lat1)
	clon := lon
	if lon < c.lon0 || lon > c.lon1 { // the nearer edge, the other way round the globe included
		if angle(lon, c.lon0) < angle(lon, c.lon1) {
			clon = c.lon0
		} else {
			clon = c.lon1
		}
	}
	return haversine(lat, lon, clat, clon)
}

// farthest is the distance from a position to the cell's farthest corner.
func (c cell) farthest(lat, lon float64) float64 {
	return max(haversine(lat, lon, c.lat0, c.lon0), haversine(lat, lon, c.lat0, c.lon1),
		haversine(lat, lon, c.lat1, c.lon0), haversine(lat, lon, c.lat1, c.lon1))
}

// angle is the difference of two longitudes, round the shorter way, in degrees.
func angle(a, b float64) float64 {
	d := math.Mod(math.Abs(a-b), 360)
	return min(d, 360-d)
}

// geoCover lists the cell terms that cover the circle of km around a position: cells inside it whole, and the
// cells on its edge refined down to 1/16 of the radius (or the finest level), those counted by their centre.
func geoCover(lat, lon, km float64) []string {
	finest := geoMinLevel
	for finest < geoMaxLevel && math.Pi*earthKm/float64(int(1)<<finest) > km/16 {
		finest += geoStep
	}
	var out []string
	var visit func(c cell)
	visit = func(c cell) {
		if c.nearest(lat, lon) > km {
			return
		}
		inside := c.farthest(lat, lon) <= km
		if !inside && c.k < finest && len(out) < geoMaxCells {
			f := 1 << geoStep
			for r := range f {
				for q := range f {
					visit(newCell(c.k+geoStep, c.row*f+r, c.col*f+q))
				}
			}
			return
		}
		if inside || haversine(lat, lon, (c.lat0+c.lat1)/2, (c.lon0+c.lon1)/2) <= km {
			out = append(out, cellTerm(c.k, c.row, c.col))
		}
	}
	n := 1 << geoMinLevel
	for row := range n {
		for col := range n {
			visit(newCell(geoMinLevel, row, col))
		}
	}
	return out
}

// nearQuery matches the photos whose cells cover the circle (none when it covers nothing).
func nearQuery(n Near) query.Query {
	cells := geoCover(n.Lat, n.Lon, n.Km)
	if len(cells) == 0 {
		return bleve.NewMatchNoneQuery()
	}
	qs := make([]query.Query, len(cells))
	for i, c := range cells {
		qs[i] = termQuery(fieldGeoCell, c)
	}
	if len(qs) == 1 {
		return qs[0]
	}
	return bleve.NewDisjunctionQuery(qs...)
}
