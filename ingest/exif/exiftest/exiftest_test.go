package exiftest

import (
	"bytes"
	"image/jpeg"
	"math"
	"testing"

	goexif "github.com/rwcarlsen/goexif/exif"
)

// TestJPEGRoundTrip checks the builder's output with an independent reader (goexif) and the
// standard JPEG decoder.
func TestJPEGRoundTrip(t *testing.T) {
	alt := -12.5
	for _, little := range []bool{false, true} {
		tags := Tags{
			LittleEndian:     little,
			Make:             "Canon",
			Model:            "EOS 5D",
			DateTimeOriginal: "2015:08:03 08:15:00",
			Orientation:      6,
			LensModel:        "EF24-105mm f/4L IS USM",
			GPS:              &GPS{Lat: -33.8568, Lon: 151.2153, Alt: &alt},
		}
		b := JPEG(nil, tags)
		if _, err := jpeg.Decode(bytes.NewReader(b)); err != nil {
			t.Fatalf("jpeg.Decode: %v", err)
		}
		x, err := goexif.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("goexif.Decode(little=%v): %v", little, err)
		}
		for name, want := range map[goexif.FieldName]string{
			goexif.Make: "Canon", goexif.Model: "EOS 5D", goexif.DateTimeOriginal: "2015:08:03 08:15:00",
			goexif.LensModel: "EF24-105mm f/4L IS USM",
		} {
			tag, err := x.Get(name)
			if err != nil {
				t.Fatalf("Get(%s): %v", name, err)
			}
			if got, _ := tag.StringVal(); got != want {
				t.Errorf("%s = %q, want %q", name, got, want)
			}
		}
		o, err := x.Get(goexif.Orientation)
		if err != nil {
			t.Fatal(err)
		}
		if v, _ := o.Int(0); v != 6 {
			t.Errorf("Orientation = %d, want 6", v)
		}
		lat, lon, err := x.LatLong()
		if err != nil || math.Abs(lat+33.8568) > 1e-6 || math.Abs(lon-151.2153) > 1e-6 {
			t.Errorf("LatLong() = %v, %v, %v; want -33.8568, 151.2153", lat, lon, err)
		}
	}
}

// TestRawEntryOverrides checks that raw entries replace generated ones and that LoopIFD writes
// a two-IFD cycle.
func TestRawEntryOverrides(t *testing.T) {
	b := TIFF(Tags{Make: "A", IFD0: []Entry{ASCII(TagMake, "B")}, LoopIFD: true})
	// IFD0: count 1, one entry, next offset.
	if got := b[8:10]; !bytes.Equal(got, []byte{0, 1}) {
		t.Fatalf("IFD0 count = %v, want [0 1]", got)
	}
	if got := b[8+2+8 : 8+2+12]; !bytes.Equal(got, []byte{'B', 0, 0, 0}) {
		t.Errorf("Make value = %q, want \"B\\0\\0\\0\"", got)
	}
	next := int(b[22])<<24 | int(b[23])<<16 | int(b[24])<<8 | int(b[25])
	if next != 26 || len(b) < next+6 {
		t.Fatalf("IFD0 next = %d, len %d; want 26", next, len(b))
	}
	if got := b[next+2 : next+6]; !bytes.Equal(got, []byte{0, 0, 0, IFD0Offset}) {
		t.Errorf("IFD1 next = %v, want IFD0", got)
	}
}
