package exif

import (
	"testing"
	"time"
)

func TestDateFromName(t *testing.T) {
	at := func(y, mo, d, h, mi, s, ms int) time.Time {
		return time.Date(y, time.Month(mo), d, h, mi, s, ms*1e6, time.UTC)
	}
	full := at(2015, 8, 3, 8, 15, 0, 0)
	ms := at(2015, 8, 3, 8, 15, 0, 123)
	day := at(2015, 8, 3, 0, 0, 0, 0)
	tests := []struct {
		name string
		want time.Time // zero: no date
	}{
		{"IMG_20150803_081500.jpg", full},
		{"IMG_20150803_081500_HDR.jpg", full},
		{"IMG_20150803_081500~2.jpg", full},
		{"MVIMG_20150803_081500.jpg", full},
		{"VID_20150803_081500.mp4", full},
		{"KakaoTalk_20150803_081500123.jpg", ms},
		{"PXL_20150803_081500123.jpg", ms},
		{"PXL_20150803_081500123.MP.jpg", ms},
		{"00000IMG_00000_BURST20150803081500123_COVER.jpg", ms},
		{"20150803_081500.jpg", full},
		{"20150803_081500(0).jpg", full},
		{"Screenshot_2015-08-03-08-15-00.png", full},
		{"Screenshot_20150803-081500.png", full},
		{"Screenshot_20150803-081500_Chrome.jpg", full},
		{"2015-08-03 08.15.00.jpg", full},
		{"2015-08-03 08.15.00-1.jpg", full},
		{"signal-2015-08-03-081500.jpg", full},
		{"signal-2015-08-03-081500_001.jpeg", full},
		{"photo_2015-08-03_08-15-00.jpg", full},
		{"2015_08_03_08_15_00.jpg", full},
		{"2015-08-03T08:15:00.jpg", full},
		{"WhatsApp Image 2015-08-03 at 08.15.00.jpeg", full},
		{"Screen Shot 2015-08-03 at 8.15.00 AM.png", full},
		{"Screen Shot 2015-08-03 at 8.15.00 PM.png", at(2015, 8, 3, 20, 15, 0, 0)},
		{"Screenshot 2015-08-03 at 12.05.09 AM.png", at(2015, 8, 3, 0, 5, 9, 0)},
		{"IMG-20150803-WA0001.jpg", day},
		{"VID-20150803-WA0001.mp4", day},
		{"2015-08-03.jpg", day},
		{"IMG_20150803_1234.jpg", day},
		{"IMG_20150803_256000.jpg", day}, // not a time: the date stands
		{"DCIM/Camera/IMG_20150803_081500.jpg", full},
		{`C:\Users\me\IMG_20150803_081500.jpg`, full},
		{"trip 20160229 x.jpg", at(2016, 2, 29, 0, 0, 0, 0)},
		// Not dates.
		{"2015/IMG_1234.jpg", time.Time{}},
		{"IMG_1234.jpg", time.Time{}},
		{"DSC_0001.JPG", time.Time{}},
		{"P1010001.JPG", time.Time{}},
		{"IMG_20151340_081500.jpg", time.Time{}},
		{"IMG_20150230.jpg", time.Time{}},
		{"IMG_20150003.jpg", time.Time{}},
		{"IMG_20150800.jpg", time.Time{}},
		{"IMG_20150803081599.jpg", time.Time{}}, // one run: date and time stand or fall together
		{"18000803_081500.jpg", time.Time{}},
		{"21000803_081500.jpg", time.Time{}},
		{"120150803.jpg", time.Time{}},
		{"201508031.jpg", time.Time{}},
		{"1438589700000.jpg", time.Time{}},
		{"2015-8-3.jpg", time.Time{}},
		{"2015-08-031.jpg", time.Time{}},
		{"", time.Time{}},
	}
	for _, tt := range tests {
		got, ok := DateFromName(tt.name)
		if ok != !tt.want.IsZero() || !got.Equal(tt.want) || (ok && got.Location() != time.UTC) {
			t.Errorf("DateFromName(%q) = %v, %v; want %v, %v", tt.name, got, ok, tt.want, !tt.want.IsZero())
		}
	}
}

func FuzzDateFromName(f *testing.F) {
	for _, s := range []string{"IMG_20150803_081500.jpg", "Screen Shot 2015-08-03 at 8.15.00 PM.png",
		"PXL_20150803_081500123.jpg", "IMG-20150803-WA0001.jpg", "2015-08-03 08.15.00.jpg", "IMG_1234.jpg"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		got, ok := DateFromName(name)
		if !ok {
			if !got.IsZero() {
				t.Fatalf("DateFromName(%q) = %v, false; want zero time", name, got)
			}
			return
		}
		if got.Location() != time.UTC || got.Year() < minNameYear || got.Year() > maxNameYear {
			t.Fatalf("DateFromName(%q) = %v; want a UTC time in %d..%d", name, got, minNameYear, maxNameYear)
		}
	})
}
