package exif

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	goexif "github.com/rwcarlsen/goexif/exif"
	"github.com/rwcarlsen/goexif/tiff"
)

// maxSide is the largest pixel dimension believed (a 1-gigapixel panorama is about 45k wide).
const maxSide = 1 << 20

// Altitude range believed, in metres: the deepest sea floor to a high-altitude balloon.
const minAlt, maxAlt = -11_000, 50_000

// cleanText makes an EXIF string safe to store and show: bytes that are not UTF-8 are read as
// Latin-1 (what old cameras write), control characters are dropped, runs of spaces collapse,
// and the result is trimmed and capped at MaxStringLen bytes on a rune boundary.
func cleanText(s string) string {
	if i := strings.IndexByte(s, 0); i >= 0 {
		s = s[:i]
	}
	if len(s) > 4*MaxStringLen {
		s = s[:4*MaxStringLen]
	}
	if !utf8.ValidString(s) {
		rs := make([]rune, len(s))
		for i := range len(s) {
			rs[i] = rune(s[i])
		}
		s = string(rs)
	}
	var b strings.Builder
	space := false
	for _, r := range strings.TrimSpace(s) {
		switch {
		case unicode.IsSpace(r):
			space = true
			continue
		case unicode.IsControl(r) || r == utf8.RuneError || !unicode.IsPrint(r):
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		if b.Len()+utf8.RuneLen(r) > MaxStringLen {
			break
		}
		b.WriteRune(r)
	}
	return b.String()
}

// exposureText formats an exposure time in seconds the way cameras show it: "1/125" below a
// second, "2.5" above. Zero gives "".
func exposureText(v float64) string {
	switch {
	case v <= 0:
		return ""
	case v < 1:
		n := math.Round(1 / v)
		if math.Abs(1/n-v) <= 0.02*v {
			return "1/" + strconv.FormatFloat(n, 'f', -1, 64)
		}
		return strconv.FormatFloat(v, 'g', 2, 64)
	}
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
}

// gps returns the validated position, or nil. A position needs both references (N/S, E/W),
// finite in-range coordinates, and is not exactly 0,0 (the value of an unset receiver).
func (f fields) gps() *GPS {
	latRef, lonRef := f.text(goexif.GPSLatitudeRef), f.text(goexif.GPSLongitudeRef)
	if (latRef != "N" && latRef != "S") || (lonRef != "E" && lonRef != "W") {
		return nil
	}
	lat, lon, err := f.x.LatLong()
	switch {
	case err != nil, math.IsNaN(lat), math.IsNaN(lon),
		math.Abs(lat) > 90, math.Abs(lon) > 180, lat == 0 && lon == 0:
		return nil
	}
	g := &GPS{Lat: lat, Lon: lon}
	alt := f.rat(f.tag(goexif.GPSAltitude, tiff.RatVal), 0)
	if ref, ok := f.int(goexif.GPSAltitudeRef); ok && ref == 1 {
		alt = -alt
	}
	if alt >= minAlt && alt <= maxAlt {
		g.Alt = &alt
	}
	return g
}
