package exif

import (
	"strings"
	"time"
)

// maxNameLen bounds the part of a file name DateFromName scans.
const maxNameLen = 255

// Name dates are believed from 1900 to 2099; outside that a run of digits is more likely a
// counter than a date.
const minNameYear, maxNameYear = 1900, 2099

// DateFromName finds a capture date and time in a file name, as cameras, phones and apps write
// them, and returns it as a floating time (time.UTC, no real offset). It understands a date
// written YYYYMMDD or YYYY-MM-DD (with '-', '_' or '.'), optionally followed by a time HHMMSS
// (with up to three digits of milliseconds) or HH.MM.SS (with '.', '-', ':', '_' or ' ', and an
// optional AM/PM), for example:
//
//	IMG_20150803_081500.jpg  PXL_20150803_081500123.jpg  KakaoTalk_20150803_081500123.jpg
//	VID_20150803_081500.mp4  20150803_081500.jpg          Screenshot_20150803-081500_Chrome.jpg
//	Screenshot_2015-08-03-08-15-00.png  signal-2015-08-03-081500.jpg  2015-08-03 08.15.00.jpg
//	photo_2015-08-03_08-15-00.jpg  Screen Shot 2015-08-03 at 8.15.00 AM.png
//	00000IMG_00000_BURST20150803081500123.jpg  IMG-20150803-WA0001.jpg (date only, at midnight)
//
// Directories in name are ignored. The digits must not touch other digits, every field is
// range-checked (20151340 is not a date) and the year must be 1900..2099; a time that is not
// valid leaves the date alone. The first date found wins.
func DateFromName(name string) (t time.Time, ok bool) {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = name[:min(len(name), maxNameLen)]
	for i := range len(name) {
		if !isDigit(name[i]) || (i > 0 && isDigit(name[i-1])) {
			continue
		}
		if t, ok := dateAt(name, i); ok {
			return t, true
		}
	}
	return time.Time{}, false
}

// dateAt parses a date (and time) starting at the run of digits at s[i].
func dateAt(s string, i int) (time.Time, bool) {
	n := runLen(s, i)
	var j int // just after the date
	var y, mo, d int
	switch {
	case n == 8 || (n >= 14 && n <= 17):
		y, mo, d, j = num(s[i:i+4]), num(s[i+4:i+6]), num(s[i+6:i+8]), i+8
	case n == 4 && i+10 <= len(s) && isDateSep(s[i+4]) && runLen(s, i+5) == 2 &&
		isDateSep(s[i+7]) && runLen(s, i+8) == 2:
		y, mo, d, j = num(s[i:i+4]), num(s[i+5:i+7]), num(s[i+8:i+10]), i+10
	default:
		return time.Time{}, false
	}
	if y < minNameYear || y > maxNameYear {
		return time.Time{}, false
	}
	day, ok := makeDate(y, mo, d)
	if !ok {
		return time.Time{}, false
	}
	if n >= 14 { // date and time in one run: all or nothing
		clock, ok := compactClock(s[j : i+n])
		return day.Add(clock), ok
	}
	if clock, ok := clockAt(s, j); ok {
		return day.Add(clock), true
	}
	return day, true
}

// clockAt parses the time of day that follows a date at s[j], after one separator or " at ".
func clockAt(s string, j int) (time.Duration, bool) {
	if j < len(s) && strings.IndexByte("_- T.", s[j]) >= 0 {
		j++
	}
	if rest := s[j:]; len(rest) > 3 && strings.EqualFold(rest[:2], "at") && strings.IndexByte("_- .", rest[2]) >= 0 {
		j += 3
	}
	n := runLen(s, j)
	switch {
	case n >= 6 && n <= 9:
		return compactClock(s[j : j+n])
	case n == 1 || n == 2:
		return spacedClock(s, j, n)
	}
	return 0, false
}

// compactClock parses HHMMSS followed by up to three digits of milliseconds.
func compactClock(s string) (time.Duration, bool) {
	if len(s) < 6 || len(s) > 9 {
		return 0, false
	}
	return clock(num(s[:2]), num(s[2:4]), num(s[4:6]), subsec(s[6:]))
}

// spacedClock parses H.MM.SS or HH.MM.SS (separators '.', '-', ':', '_' or ' ') at s[j], hour n
// digits long, with an optional AM/PM.
func spacedClock(s string, j, n int) (time.Duration, bool) {
	k := j + n
	if k+6 > len(s) || !isTimeSep(s[k]) || runLen(s, k+1) != 2 || !isTimeSep(s[k+3]) || runLen(s, k+4) != 2 {
		return 0, false
	}
	h, m, sec := num(s[j:k]), num(s[k+1:k+3]), num(s[k+4:k+6])
	rest := strings.TrimLeft(s[k+6:], " _")
	if len(rest) >= 2 && (len(rest) == 2 || !isLetter(rest[2])) {
		switch strings.ToUpper(rest[:2]) {
		case "AM", "PM":
			if h < 1 || h > 12 {
				return 0, false
			}
			h %= 12
			if strings.EqualFold(rest[:2], "PM") {
				h += 12
			}
		}
	}
	return clock(h, m, sec, 0)
}

// clock checks a time of day and returns it as a duration since midnight.
func clock(h, m, s int, frac time.Duration) (time.Duration, bool) {
	if h > 23 || m > 59 || s > 59 {
		return 0, false
	}
	return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(s)*time.Second + frac, true
}

func runLen(s string, i int) int {
	n := 0
	for i+n < len(s) && isDigit(s[i+n]) {
		n++
	}
	return n
}

// num parses a run of digits already known to be digits.
func num(s string) int {
	n, _ := digits(s)
	return n
}

func isDigit(c byte) bool   { return c >= '0' && c <= '9' }
func isLetter(c byte) bool  { return c|0x20 >= 'a' && c|0x20 <= 'z' }
func isDateSep(c byte) bool { return c == '-' || c == '_' || c == '.' }
func isTimeSep(c byte) bool { return c == '.' || c == '-' || c == ':' || c == '_' || c == ' ' }
