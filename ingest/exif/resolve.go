package exif

import "time"

// Plausible capture times: photography begins in 1826 (Niépce); a time more than futureSlack
// after now is a wrong clock. The slack covers time zones and a fast camera clock.
const (
	minYear     = 1826
	futureSlack = 48 * time.Hour
)

// Resolve fills Taken, TakenOffset and TakenSource: the EXIF (or XMP) time when it is plausible, else the
// date in the file name (see DateFromName; floating), else mtime unless it is a placeholder such
// as the Unix epoch (mtime keeps its offset, fixed
// as a time.FixedZone so that no time.Local pointer is stored). A time is plausible when its year
// is at least 1826 and it is not more than 48 hours after now; a zero now disables the second
// check. When nothing is plausible, Taken is zero and TakenSource empty. Other fields are left
// as they are.
func Resolve(m Meta, name string, mtime, now time.Time) Meta {
	if (m.TakenSource == SourceEXIF || m.TakenSource == SourceXMP) && plausible(m.Taken, now) {
		return m
	}
	m.Taken, m.TakenOffset, m.TakenSource = time.Time{}, false, ""
	if t, ok := DateFromName(name); ok && plausible(t, now) {
		m.Taken, m.TakenSource = t, SourceFileName
		return m
	}
	if plausible(mtime, now) && !placeholderTime(mtime) {
		_, off := mtime.Zone()
		m.Taken = mtime.In(time.FixedZone("", off))
		m.TakenOffset, m.TakenSource = true, SourceFileTime
	}
	return m
}

// placeholderTime reports whether a file time is one that copying tools write when they know
// nothing: the Unix epoch, or the earliest time a ZIP or FAT entry can hold (1980-01-01 00:00).
func placeholderTime(t time.Time) bool {
	if t.Unix() <= 0 {
		return true
	}
	y, mo, d := t.Date()
	return y == 1980 && mo == time.January && d == 1 && t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0
}

// plausible reports whether t can be a capture time seen at now. Floating times are compared as
// if they were UTC, which the slack absorbs.
func plausible(t, now time.Time) bool {
	if t.IsZero() || t.Year() < minYear {
		return false
	}
	return now.IsZero() || !t.After(now.Add(futureSlack))
}
