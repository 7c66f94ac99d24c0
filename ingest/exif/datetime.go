package exif

import (
	"time"

	goexif "github.com/rwcarlsen/goexif/exif"
	"github.com/rwcarlsen/goexif/tiff"
)

// Offsets believed: UTC-12:00 to UTC+14:00 are the zones in use; allow a little slack.
const maxOffset = 14 * time.Hour

// gpsSlack is how far the camera clock and the GPS clock may disagree, after removing a whole
// number of quarter hours, for the difference to be taken as the UTC offset. GPS time is the time
// of the last fix, which may be stale; a tight slack keeps a stale fix from inventing an offset.
const gpsSlack = time.Minute

// exifDate pairs a date field with its sub-second field and the index of its offset tag in
// tiffData.offsets.
type exifDate struct {
	date, subsec goexif.FieldName
	offset       int
}

// taken returns the capture time and whether it carries a real offset: the first valid date
// field, in the zone of its offset tag, else in the zone implied by the GPS clock, else floating;
// with no valid date field, the GPS clock itself.
func (f fields) taken(offsets [3]string) (time.Time, bool) {
	gpsT, gpsOK := f.gpsTime()
	dates := [...]exifDate{ // in order of preference
		{goexif.DateTimeOriginal, goexif.SubSecTimeOriginal, 1},
		{goexif.DateTimeDigitized, goexif.SubSecTimeDigitized, 2},
		{goexif.DateTime, goexif.SubSecTime, 0},
	}
	for _, d := range dates {
		t, ok := parseEXIFTime(f.text(d.date))
		if !ok {
			continue
		}
		t = t.Add(subsec(f.text(d.subsec)))
		if zone, ok := parseOffset(offsets[d.offset]); ok {
			return inZone(t, zone), true
		}
		if gpsOK {
			if zone, ok := zoneFromGPS(t, gpsT); ok {
				return inZone(t, zone), true
			}
		}
		return t, false
	}
	if gpsOK {
		return gpsT, true
	}
	return time.Time{}, false
}

// inZone re-reads the floating wall-clock time t as a wall-clock time in zone.
func inZone(t time.Time, zone *time.Location) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), zone)
}

// zoneFromGPS derives the camera's UTC offset from its wall clock and the GPS clock.
func zoneFromGPS(wall, gps time.Time) (*time.Location, bool) {
	diff := wall.Sub(gps)
	off := diff.Round(15 * time.Minute)
	if off < -maxOffset || off > maxOffset || (diff-off).Abs() > gpsSlack {
		return nil, false
	}
	return time.FixedZone("", int(off/time.Second)), true
}

// gpsTime returns the UTC time of the GPS fix from GPSDateStamp and GPSTimeStamp.
func (f fields) gpsTime() (time.Time, bool) {
	day, ok := parseDate(f.text(goexif.GPSDateStamp))
	if !ok {
		return time.Time{}, false
	}
	tag := f.tag(goexif.GPSTimeStamp, tiff.RatVal)
	h, m, s := f.rat(tag, 0), f.rat(tag, 1), f.rat(tag, 2)
	if !(h >= 0 && h < 24 && m >= 0 && m < 60 && s >= 0 && s < 61) {
		return time.Time{}, false
	}
	d := time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(s*float64(time.Second))
	return day.Add(d), true
}

// parseEXIFTime parses "2006:01:02 15:04:05" as a floating time (in time.UTC). It also accepts
// '-', '/' or '.' between date parts, 'T' before the time, and a fraction after the seconds,
// which some writers produce. Every field is range-checked; "0000:00:00 00:00:00" is invalid.
func parseEXIFTime(s string) (time.Time, bool) {
	if len(s) < 19 {
		return time.Time{}, false
	}
	day, ok := parseDate(s[:10])
	if !ok || (s[10] != ' ' && s[10] != 'T') || s[13] != ':' || s[16] != ':' {
		return time.Time{}, false
	}
	h, ok1 := digits(s[11:13])
	m, ok2 := digits(s[14:16])
	sec, ok3 := digits(s[17:19])
	if !ok1 || !ok2 || !ok3 || h > 23 || m > 59 || sec > 59 {
		return time.Time{}, false
	}
	frac := time.Duration(0)
	if rest := s[19:]; rest != "" {
		if rest[0] != '.' {
			return time.Time{}, false
		}
		frac = subsec(rest[1:])
	}
	return day.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute +
		time.Duration(sec)*time.Second + frac), true
}

// parseDate parses "2006:01:02" (or with '-', '/', '.') as midnight UTC.
func parseDate(s string) (time.Time, bool) {
	if len(s) != 10 || s[4] != s[7] || (s[4] != ':' && s[4] != '-' && s[4] != '/' && s[4] != '.') {
		return time.Time{}, false
	}
	y, ok1 := digits(s[:4])
	mo, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return time.Time{}, false
	}
	return makeDate(y, mo, d)
}

// makeDate returns the date at midnight UTC when y-mo-d is a real calendar day from 1826 (the
// first photograph) on. The lower bound also keeps a valid date from being the zero time.Time.
func makeDate(y, mo, d int) (time.Time, bool) {
	if y < minYear || mo < 1 || mo > 12 || d < 1 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d { // normalised, so the day did not exist (e.g. February 30)
		return time.Time{}, false
	}
	return t, true
}

// subsec reads a SubSecTime value ("123" is 0.123 s), ignoring what follows the digits and any
// digit past nanoseconds.
func subsec(s string) time.Duration {
	var d time.Duration
	scale := time.Duration(100 * time.Millisecond)
	for i := 0; i < len(s) && scale > 0; i++ {
		if s[i] < '0' || s[i] > '9' {
			break
		}
		d += time.Duration(s[i]-'0') * scale
		scale /= 10
	}
	return d
}

// parseOffset parses an OffsetTime value, "+09:00", "-03:30" or "Z"; it accepts "+0900" too.
func parseOffset(s string) (*time.Location, bool) {
	if s == "Z" {
		return time.FixedZone("", 0), true
	}
	if len(s) == 5 {
		s = s[:3] + ":" + s[3:]
	}
	if len(s) != 6 || (s[0] != '+' && s[0] != '-') || s[3] != ':' {
		return nil, false
	}
	h, ok1 := digits(s[1:3])
	m, ok2 := digits(s[4:6])
	off := time.Duration(h)*time.Hour + time.Duration(m)*time.Minute
	if !ok1 || !ok2 || m > 59 || off > maxOffset {
		return nil, false
	}
	if s[0] == '-' {
		off = -off
	}
	return time.FixedZone("", int(off/time.Second)), true
}

// digits parses a short all-digit string.
func digits(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	n := 0
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}
