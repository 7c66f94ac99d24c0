package takeout

import (
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Meta is what a Takeout JSON sidecar says about a photo.
type Meta struct {
	Title          string `json:"title"`
	PhotoTakenTime struct {
		Timestamp string `json:"timestamp"` // Unix seconds, as a string
	} `json:"photoTakenTime"`
	GeoData     geo  `json:"geoData"`
	GeoDataExif geo  `json:"geoDataExif"`
	Favorited   bool `json:"favorited"`
	People      []struct {
		Name string `json:"name"`
	} `json:"people"`
}

type geo struct {
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
}

// Taken is the capture instant the sidecar gives (ok=false when none).
func (m Meta) Taken() (time.Time, bool) {
	n, err := strconv.ParseInt(strings.TrimSpace(m.PhotoTakenTime.Timestamp), 10, 64)
	if err != nil || n <= 0 {
		return time.Time{}, false
	}
	return time.Unix(n, 0).UTC(), true
}

// Position is the sidecar's position: geoData, else geoDataExif; 0,0 is Google's "none".
func (m Meta) Position() (lat, lon float64, ok bool) {
	for _, g := range []geo{m.GeoData, m.GeoDataExif} {
		if (g.Latitude != 0 || g.Longitude != 0) && g.Latitude >= -90 && g.Latitude <= 90 &&
			g.Longitude >= -180 && g.Longitude <= 180 {
			return g.Latitude, g.Longitude, true
		}
	}
	return 0, 0, false
}

// truncated is the length to which Takeout cuts a sidecar's name before ".json" (51 characters in all); a name
// of at least this many characters that is a prefix of what it should be is taken as cut.
const truncated = 46

// supplemental is the infix of newer exports' sidecar names ("IMG.jpg.supplemental-metadata.json").
const supplemental = ".supplemental-metadata"

// editedSuffixes mark the copies Google Photos' editor saves beside the original, in the languages seen in
// exports; such a copy has no sidecar of its own and takes its original's.
var editedSuffixes = []string{"-edited", "-bearbeitet", "-modifié", "-editado", "-modificato", "-bewerkt",
	"-redigerad", "-muokattu", "-edytowane", "-편집됨", "-編集済み"}

// counter is the "(1)" Google adds to the second file of a name: "IMG(1).jpg", whose sidecar is "IMG.jpg(1).json".
var counter = regexp.MustCompile(`^(.*)\((\d+)\)(\.[^.()]*)?$`)

// match finds the sidecar of a photo among the JSON files of its folder (names without the folder). It returns
// "" when none fits. Names are tried from the most to the least certain: exact, supplemental-metadata, cut
// names, then the sidecars' titles (titles maps a title to its sidecar when only one sidecar has it).
func match(photo string, jsons map[string]bool, titles map[string]string) string {
	type try struct{ base, n string }
	tries := []try{{photo, ""}}
	for _, name := range []string{photo, unedited(photo)} {
		if name == "" {
			continue
		}
		if name != photo {
			tries = append(tries, try{name, ""})
		}
		if base, n := splitCounter(name); n != "" {
			tries = append(tries, try{base, n})
		}
	}
	for _, t := range tries {
		if j := bestByName(t.base, t.n, jsons); j != "" {
			return j
		}
	}
	for _, name := range []string{photo, unedited(photo)} {
		if j, ok := titles[name]; ok && name != "" {
			return j
		}
	}
	return ""
}

// splitCounter takes the "(1)" out of "IMG(1).jpg": "IMG.jpg", "(1)".
func splitCounter(name string) (string, string) {
	m := counter.FindStringSubmatch(name)
	if m == nil {
		return name, ""
	}
	return m[1] + m[3], "(" + m[2] + ")"
}

// unedited is the original's name of an edited copy ("IMG-edited.jpg" -> "IMG.jpg"), "" for any other name.
func unedited(name string) string {
	ext := path.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	for _, s := range editedSuffixes {
		if base, ok := strings.CutSuffix(stem, s); ok && base != "" {
			return base + ext
		}
	}
	return ""
}

// bestByName finds the sidecar named for base with the counter n ("" or "(1)"): the longest fitting name wins.
func bestByName(base, n string, jsons map[string]bool) string {
	for _, exact := range []string{base + n + ".json", base + supplemental + n + ".json"} {
		if jsons[exact] {
			return exact
		}
	}
	best, bestLen := "", 0
	full := base + supplemental
	for j := range jsons {
		s, ok := strings.CutSuffix(j, n+".json")
		if !ok || len(s) < bestLen {
			continue
		}
		// A cut name: a prefix of "IMG.jpg.supplemental-metadata" longer than "IMG.jpg" (newer exports cut the
		// infix), or a long prefix of either (older exports cut the photo's own name).
		if strings.HasPrefix(full, s) && (len(s) > len(base) || len(s) >= truncated) {
			best, bestLen = j, len(s)
		}
	}
	return best
}
