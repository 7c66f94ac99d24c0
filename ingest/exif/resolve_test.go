package exif

import (
	"testing"
	"time"
)

func TestResolve(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	exifTime := time.Date(2015, 8, 3, 8, 15, 0, 0, fixed(9, 0))
	nameTime := time.Date(2014, 1, 2, 3, 4, 5, 0, time.UTC)
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skipf("no zone database: %v", err)
	}
	mtime := time.Date(2013, 7, 1, 12, 0, 0, 0, ny)
	fromEXIF := Meta{Orientation: 6, Taken: exifTime, TakenOffset: true, TakenSource: SourceEXIF}
	tests := []struct {
		name   string
		m      Meta
		file   string
		mtime  time.Time
		want   time.Time
		offset bool
		source Source
	}{
		{"EXIF wins", fromEXIF, "IMG_20140102_030405.jpg", mtime, exifTime, true, SourceEXIF},
		{"file name next", Meta{Orientation: 1}, "IMG_20140102_030405.jpg", mtime, nameTime, false, SourceFileName},
		{"mtime last", Meta{Orientation: 1}, "IMG_1234.jpg", mtime, mtime, true, SourceFileTime},
		{"EXIF in the future", Meta{Taken: now.Add(72 * time.Hour), TakenSource: SourceEXIF}, "x.jpg", mtime, mtime, true, SourceFileTime},
		{"EXIF within the slack", Meta{Taken: now.Add(24 * time.Hour), TakenSource: SourceEXIF}, "x.jpg", mtime,
			now.Add(24 * time.Hour), false, SourceEXIF},
		{"EXIF before photography", Meta{Taken: time.Date(1825, 12, 31, 0, 0, 0, 0, time.UTC), TakenSource: SourceEXIF},
			"IMG_20140102_030405.jpg", mtime, nameTime, false, SourceFileName},
		{"name in the future", Meta{}, "IMG_20990102_030405.jpg", mtime, mtime, true, SourceFileTime},
		{"epoch mtime", Meta{}, "x.jpg", time.Unix(0, 0), time.Time{}, false, ""},
		{"DOS zero mtime", Meta{}, "x.jpg", time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC), time.Time{}, false, ""},
		{"nothing", Meta{}, "x.jpg", time.Time{}, time.Time{}, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Resolve(tt.m, tt.file, tt.mtime, now)
			_, gotOff := got.Taken.Zone()
			_, wantOff := tt.want.Zone()
			if !got.Taken.Equal(tt.want) || gotOff != wantOff || got.TakenOffset != tt.offset || got.TakenSource != tt.source {
				t.Errorf("Resolve = %v, %v, %q; want %v, %v, %q", got.Taken, got.TakenOffset, got.TakenSource,
					tt.want, tt.offset, tt.source)
			}
			if got.Orientation != tt.m.Orientation {
				t.Errorf("Resolve changed Orientation to %d", got.Orientation)
			}
		})
	}
	// The mtime's zone is kept as a fixed offset, not as the location it came in.
	got := Resolve(Meta{}, "x.jpg", mtime, now)
	if name, off := got.Taken.Zone(); off != -4*3600 || got.Taken.Location() == ny || name != "" {
		t.Errorf("Resolve mtime zone = %q %d, %v; want a fixed -04:00", name, off, got.Taken.Location())
	}
	// A zero now disables the future check.
	if got := Resolve(Meta{}, "IMG_20990102_030405.jpg", time.Time{}, time.Time{}); got.TakenSource != SourceFileName {
		t.Errorf("Resolve with zero now = %q, want %q", got.TakenSource, SourceFileName)
	}
}
