package exif

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image/png"
	"math"
	"runtime"
	"testing"
	"testing/iotest"
	"time"
	"unicode/utf8"

	"sajin/ingest/exif/exiftest"
)

// checkInvariants checks what Read promises for every input.
func checkInvariants(t testing.TB, m Meta) {
	t.Helper()
	if m.Orientation < 1 || m.Orientation > 8 {
		t.Errorf("Orientation = %d, want 1..8", m.Orientation)
	}
	if g := m.GPS; g != nil {
		if !(math.Abs(g.Lat) <= 90 && math.Abs(g.Lon) <= 180) || (g.Lat == 0 && g.Lon == 0) {
			t.Errorf("GPS = %v, %v; want a valid position", g.Lat, g.Lon)
		}
		if g.Alt != nil && !(*g.Alt >= minAlt && *g.Alt <= maxAlt) {
			t.Errorf("GPS.Alt = %v, want %d..%d", *g.Alt, minAlt, maxAlt)
		}
	}
	for _, s := range []string{m.Make, m.Model, m.Lens, m.ExposureTime} {
		if len(s) > MaxStringLen || !utf8.ValidString(s) || bytes.ContainsAny([]byte(s), "\x00\n\r\t") {
			t.Errorf("string %q is not clean", s)
		}
	}
	if m.Taken.IsZero() != (m.TakenSource == "") || (m.Taken.IsZero() && m.TakenOffset) {
		t.Errorf("Taken, TakenOffset, TakenSource = %v, %v, %q: inconsistent", m.Taken, m.TakenOffset, m.TakenSource)
	}
	if m.Width < 0 || m.Height < 0 || m.Width > maxSide || m.Height > maxSide || m.ISO < 0 ||
		!(m.FNumber >= 0) || !(m.FocalLength >= 0) {
		t.Errorf("numbers out of range: %+v", m)
	}
}

func readJPEG(t *testing.T, tags exiftest.Tags) (Meta, error) {
	t.Helper()
	m, err := Read(bytes.NewReader(exiftest.JPEG(nil, tags)))
	checkInvariants(t, m)
	return m, err
}

func TestReadDates(t *testing.T) {
	const dto = "2015:08:03 08:15:00"
	floating := time.Date(2015, 8, 3, 8, 15, 0, 0, time.UTC)
	tests := []struct {
		name   string
		tags   exiftest.Tags
		want   time.Time
		offset bool
	}{
		{"original only", exiftest.Tags{DateTimeOriginal: dto}, floating, false},
		{"original with offset", exiftest.Tags{DateTimeOriginal: dto, OffsetTimeOriginal: "+09:00"},
			time.Date(2015, 8, 3, 8, 15, 0, 0, fixed(9, 0)), true},
		{"negative half-hour offset", exiftest.Tags{DateTimeOriginal: dto, OffsetTimeOriginal: "-03:30"},
			time.Date(2015, 8, 3, 8, 15, 0, 0, fixed(-3, -30)), true},
		{"offset of another field ignored", exiftest.Tags{DateTimeOriginal: dto, OffsetTime: "+02:00"}, floating, false},
		{"offset out of range", exiftest.Tags{DateTimeOriginal: dto, OffsetTimeOriginal: "+25:00"}, floating, false},
		{"blank offset", exiftest.Tags{DateTimeOriginal: dto, OffsetTimeOriginal: "   :  "}, floating, false},
		{"subseconds", exiftest.Tags{DateTimeOriginal: dto, SubSecTimeOriginal: "123"},
			floating.Add(123 * time.Millisecond), false},
		{"zero original falls back to digitized",
			exiftest.Tags{DateTimeOriginal: "0000:00:00 00:00:00", DateTimeDigitized: "2015:08:03 09:00:00"},
			time.Date(2015, 8, 3, 9, 0, 0, 0, time.UTC), false},
		{"DateTime with OffsetTime", exiftest.Tags{DateTime: dto, OffsetTime: "+01:00"},
			time.Date(2015, 8, 3, 8, 15, 0, 0, fixed(1, 0)), true},
		{"February 30", exiftest.Tags{DateTimeOriginal: "2015:02:30 08:15:00"}, time.Time{}, false},
		{"hour 24", exiftest.Tags{DateTimeOriginal: "2015:08:03 24:00:00"}, time.Time{}, false},
		{"blank", exiftest.Tags{DateTimeOriginal: "    :  :     :  :  "}, time.Time{}, false},
		{"dashes", exiftest.Tags{DateTimeOriginal: "2015-08-03 08:15:00"}, floating, false},
		{"offset from GPS clock", exiftest.Tags{DateTimeOriginal: dto,
			GPS: &exiftest.GPS{Lat: 37.5, Lon: 127, DateStamp: "2015:08:02", TimeStamp: "23:15:20"}},
			time.Date(2015, 8, 3, 8, 15, 0, 0, fixed(9, 0)), true},
		{"stale GPS clock", exiftest.Tags{DateTimeOriginal: dto,
			GPS: &exiftest.GPS{Lat: 37.5, Lon: 127, DateStamp: "2015:08:02", TimeStamp: "23:08:00"}}, floating, false},
		{"GPS clock only", exiftest.Tags{GPS: &exiftest.GPS{Lat: 37.5, Lon: 127, DateStamp: "2015:08:02", TimeStamp: "23:15:00"}},
			time.Date(2015, 8, 2, 23, 15, 0, 0, time.UTC), true},
		{"no date", exiftest.Tags{Make: "Canon"}, time.Time{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := readJPEG(t, tt.tags)
			if err != nil {
				t.Fatalf("Read = %v", err)
			}
			checkTaken(t, m, tt.want, tt.offset)
		})
	}
}

func TestReadOrientation(t *testing.T) {
	for v := range 10 {
		want := v
		if v < 1 || v > 8 {
			want = 1
		}
		tags := exiftest.Tags{IFD0: []exiftest.Entry{exiftest.Short(exiftest.TagOrientation, int64(v))}}
		m, err := readJPEG(t, tags)
		if err != nil || m.Orientation != want {
			t.Errorf("orientation %d: Read = %d, %v; want %d", v, m.Orientation, err, want)
		}
	}
	for name, e := range map[string]exiftest.Entry{
		"65535": exiftest.Short(exiftest.TagOrientation, 65535),
		"ASCII": exiftest.ASCII(exiftest.TagOrientation, "6"),
		"empty": {Tag: exiftest.TagOrientation, Type: exiftest.TypeShort},
	} {
		m, err := readJPEG(t, exiftest.Tags{IFD0: []exiftest.Entry{e}})
		if err != nil || m.Orientation != 1 {
			t.Errorf("orientation %s: Read = %d, %v; want 1, nil", name, m.Orientation, err)
		}
	}
}

func TestReadGPS(t *testing.T) {
	alt, below := 1334.4, -20.0
	tests := []struct {
		name     string
		gps      exiftest.GPS
		lat, lon float64 // 0, 0 for nil
		alt      *float64
	}{
		{"north east", exiftest.GPS{Lat: 37.5665, Lon: 126.978, Alt: &alt}, 37.5665, 126.978, &alt},
		{"south west", exiftest.GPS{Lat: -33.8568, Lon: -70.6483, Alt: &below}, -33.8568, -70.6483, &below},
		{"no altitude", exiftest.GPS{Lat: 1, Lon: 2}, 1, 2, nil},
		{"NaN latitude", exiftest.GPS{Lat: math.NaN(), Lon: 2}, 0, 0, nil},
		{"infinite longitude", exiftest.GPS{Lat: 1, Lon: math.Inf(1)}, 0, 0, nil},
		{"latitude 100", exiftest.GPS{Lat: 100, Lon: 2}, 0, 0, nil},
		{"longitude 181", exiftest.GPS{Lat: 1, Lon: 181}, 0, 0, nil},
		{"null island", exiftest.GPS{Lat: 0, Lon: 0}, 0, 0, nil},
		{"no reference", exiftest.GPS{Lat: 1, Lon: 2, NoRef: true}, 0, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := readJPEG(t, exiftest.Tags{GPS: &tt.gps})
			if err != nil {
				t.Fatalf("Read = %v", err)
			}
			if tt.lat == 0 && tt.lon == 0 {
				if m.GPS != nil {
					t.Errorf("GPS = %+v, want nil", *m.GPS)
				}
				return
			}
			if m.GPS == nil || math.Abs(m.GPS.Lat-tt.lat) > 1e-6 || math.Abs(m.GPS.Lon-tt.lon) > 1e-6 {
				t.Fatalf("GPS = %+v, want %v, %v", m.GPS, tt.lat, tt.lon)
			}
			if (m.GPS.Alt == nil) != (tt.alt == nil) || (tt.alt != nil && math.Abs(*m.GPS.Alt-*tt.alt) > 0.01) {
				t.Errorf("GPS.Alt = %v, want %v", m.GPS.Alt, tt.alt)
			}
		})
	}
	// A bad reference letter drops the position.
	bad := exiftest.Tags{GPS: &exiftest.GPS{Lat: 1, Lon: 2},
		GPSIFD: []exiftest.Entry{exiftest.ASCII(exiftest.TagGPSLatitudeRef, "X")}}
	if m, _ := readJPEG(t, bad); m.GPS != nil {
		t.Errorf("latitude ref X: GPS = %+v, want nil", *m.GPS)
	}
}

func TestReadStrings(t *testing.T) {
	long := string(bytes.Repeat([]byte("é"), 200))
	tests := []struct {
		name       string
		tags       exiftest.Tags
		make, lens string
	}{
		{"padded", exiftest.Tags{Make: "  Canon\x01  EOS\t ", LensModel: "EF 50mm"}, "Canon EOS", "EF 50mm"},
		{"Latin-1", exiftest.Tags{Make: "Cam\xe9ra"}, "Caméra", ""},
		{"capped", exiftest.Tags{Make: long}, long[:MaxStringLen], ""},
		{"lens make only", exiftest.Tags{LensMake: "Sigma"}, "", "Sigma"},
		{"lens model wins", exiftest.Tags{LensMake: "Sigma", LensModel: "35mm F1.4 DG HSM | A"}, "", "35mm F1.4 DG HSM | A"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := readJPEG(t, tt.tags)
			if err != nil || m.Make != tt.make || m.Lens != tt.lens {
				t.Errorf("Read = Make %q, Lens %q, %v; want %q, %q", m.Make, m.Lens, err, tt.make, tt.lens)
			}
		})
	}
}

func TestReadExposure(t *testing.T) {
	tags := exiftest.Tags{Width: 4000, Height: 3000, Exif: []exiftest.Entry{
		exiftest.Rational(0x829A, 1, 250),   // ExposureTime
		exiftest.Rational(0x829D, 28, 10),   // FNumber
		exiftest.Short(0x8827, 400),         // ISOSpeedRatings
		exiftest.Rational(0x920A, 1050, 10), // FocalLength
	}}
	m, err := readJPEG(t, tags)
	if err != nil || m.ExposureTime != "1/250" || m.FNumber != 2.8 || m.ISO != 400 || m.FocalLength != 105 ||
		m.Width != 4000 || m.Height != 3000 {
		t.Errorf("Read = %+v, %v; want 1/250 f/2.8 ISO 400 105mm 4000x3000", m, err)
	}
	for in, want := range map[float64]string{0: "", 1.0 / 8000: "1/8000", 0.3: "0.3", 2.5: "2.5", 30: "30"} {
		if got := exposureText(in); got != want {
			t.Errorf("exposureText(%v) = %q, want %q", in, got, want)
		}
	}
}

// TestReadNoEXIF checks that files without EXIF give orientation 1 and no error.
func TestReadNoEXIF(t *testing.T) {
	var pngBuf bytes.Buffer
	if err := png.Encode(&pngBuf, exiftest.Gray(4, 4)); err != nil {
		t.Fatal(err)
	}
	plain := exiftest.JPEG(nil, exiftest.Tags{})
	for name, b := range map[string][]byte{
		"empty": nil, "text": []byte("hello"), "png": pngBuf.Bytes(),
		"jpeg without APP1": append([]byte{0xFF, 0xD8}, plain[2+len(exiftest.APP1(exiftest.Tags{})):]...),
		"XMP only":          exiftest.InsertAPP1(plain[:2], append([]byte{0xFF, 0xE1, 0, 10}, "http://n"...)),
	} {
		m, err := Read(bytes.NewReader(b))
		if err != nil || m != (Meta{Orientation: 1}) {
			t.Errorf("Read(%s) = %+v, %v; want orientation 1 only", name, m, err)
		}
	}
}

func TestReadReaderError(t *testing.T) {
	boom := errors.New("boom")
	m, err := Read(iotest.ErrReader(boom))
	if !errors.Is(err, boom) || errors.Is(err, ErrCorrupt) || m.Orientation != 1 {
		t.Errorf("Read(failing reader) = %+v, %v; want the reader's error", m, err)
	}
}

// TestReadContainers checks EXIF found in containers other than a plain JPEG.
func TestReadContainers(t *testing.T) {
	tags := exiftest.Tags{Make: "Canon", LittleEndian: true}
	tiff := exiftest.TIFF(tags)
	jpg := exiftest.JPEG(nil, tags)
	xmp := append([]byte{0xFF, 0xE1, 0, 30}, "http://ns.adobe.com/xap/1.0/\x00"[:28]...)
	bigAPP2 := append([]byte{0xFF, 0xE2, 0xFF, 0xFF}, make([]byte, 0xFFFD)...)
	for name, b := range map[string][]byte{
		"tiff":                    tiff,
		"raw exif":                append([]byte("Exif\x00\x00"), tiff...),
		"png":                     pngWithEXIF(t, tiff),
		"webp":                    webpWithEXIF(tiff),
		"jpeg, XMP first":         exiftest.InsertAPP1(jpg, xmp),
		"jpeg, 64 KiB APP2 first": exiftest.InsertAPP1(jpg, bigAPP2),
	} {
		m, err := Read(bytes.NewReader(b))
		if err != nil || m.Make != "Canon" {
			t.Errorf("Read(%s) = Make %q, %v; want Canon", name, m.Make, err)
		}
	}
}

// pngWithEXIF returns a PNG with an eXIf chunk after IHDR.
func pngWithEXIF(t testing.TB, tiff []byte) []byte {
	var buf bytes.Buffer
	if err := png.Encode(&buf, exiftest.Gray(4, 4)); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	const ihdrEnd = 8 + 8 + 13 + 4
	chunk := binary.BigEndian.AppendUint32(nil, uint32(len(tiff)))
	chunk = append(chunk, "eXIf"...)
	chunk = append(chunk, tiff...)
	chunk = binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(chunk[4:]))
	return append(append(append([]byte{}, b[:ihdrEnd]...), chunk...), b[ihdrEnd:]...)
}

// webpWithEXIF returns a RIFF WebP container holding only an EXIF chunk.
func webpWithEXIF(tiff []byte) []byte {
	body := append([]byte("WEBPEXIF"), binary.LittleEndian.AppendUint32(nil, uint32(len(tiff)))...)
	body = append(body, tiff...)
	if len(tiff)%2 == 1 {
		body = append(body, 0)
	}
	return append(binary.LittleEndian.AppendUint32([]byte("RIFF"), uint32(len(body))), body...)
}

// TestReadHostile feeds hand-made hostile files and checks that Read returns quickly, within a
// small allocation budget, with ErrCorrupt where the structure is damaged and the sound fields
// kept.
func TestReadHostile(t *testing.T) {
	base := exiftest.Tags{Make: "Canon", DateTimeOriginal: "2015:08:03 08:15:00"}
	with := func(f func(*exiftest.Tags)) []byte {
		tags := base
		f(&tags)
		return exiftest.JPEG(nil, tags)
	}
	badHeader := exiftest.TIFF(base)
	binary.BigEndian.PutUint32(badHeader[4:], 1<<30)
	tests := []struct {
		name    string
		file    []byte
		corrupt bool
		make    string
		loop    bool
	}{
		{"IFD loop", with(func(t *exiftest.Tags) { t.LoopIFD = true }), true, "Canon", true},
		{"Exif IFD pointing at IFD0", with(func(t *exiftest.Tags) {
			t.IFD0 = []exiftest.Entry{exiftest.Long(exiftest.TagExifIFD, exiftest.IFD0Offset)}
		}), true, "Canon", true},
		{"Exif pointer of type ASCII", with(func(t *exiftest.Tags) {
			t.IFD0 = []exiftest.Entry{exiftest.ASCII(exiftest.TagExifIFD, "abcdef")}
		}), true, "Canon", false},
		// 0x20000001 rationals: 8*count wraps to 8 in 32 bits, and goexif would then allocate
		// 0x20000001 slices (12 GiB).
		{"wrapping count", with(func(t *exiftest.Tags) {
			t.IFD0 = []exiftest.Entry{{Tag: exiftest.TagModel, Type: exiftest.TypeRational, Count: 0x20000001, Offset: 8}}
		}), true, "Canon", false},
		{"count MaxUint32", with(func(t *exiftest.Tags) {
			t.IFD0 = []exiftest.Entry{{Tag: exiftest.TagModel, Type: exiftest.TypeShort, Count: 1<<32 - 1, Offset: 8}}
		}), true, "Canon", false},
		{"value past the end", with(func(t *exiftest.Tags) {
			t.IFD0 = []exiftest.Entry{{Tag: exiftest.TagModel, Type: exiftest.TypeASCII, Count: 100, Offset: 60000}}
		}), true, "Canon", false},
		{"unknown type", with(func(t *exiftest.Tags) {
			t.IFD0 = []exiftest.Entry{{Tag: exiftest.TagModel, Type: 13, Bytes: []byte{1, 2, 3, 4}}}
		}), false, "Canon", false},
		// 1000 entries sharing one 30 KB value: goexif would decode each (240 MB in all).
		{"shared large value", with(func(t *exiftest.Tags) {
			big := exiftest.Undefined(0x927C, make([]byte, 30000)) // MakerNote, stored once
			t.Exif = []exiftest.Entry{big}
			for i := range 1000 {
				t.IFD0 = append(t.IFD0, exiftest.Entry{Tag: uint16(0x1000 + i), Type: exiftest.TypeByte, Count: 30000, Offset: 200})
			}
		}), false, "Canon", false},
		{"IFD0 past the end", append([]byte("Exif\x00\x00"), badHeader...), true, "", false},
		{"truncated segment", with(func(*exiftest.Tags) {})[:40], true, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var m Meta
			var err error
			alloc, elapsed := measure(func() { m, err = Read(bytes.NewReader(tt.file)) })
			t.Logf("allocated %d bytes in %v", alloc, elapsed)
			if alloc > 4<<20 || elapsed > time.Second {
				t.Errorf("Read allocated %d bytes in %v; want < 4 MiB, < 1 s", alloc, elapsed)
			}
			if errors.Is(err, ErrCorrupt) != tt.corrupt || (err != nil && !tt.corrupt) {
				t.Errorf("Read error = %v, want ErrCorrupt: %v", err, tt.corrupt)
			}
			if errors.Is(err, ErrLoop) != tt.loop {
				t.Errorf("Read error = %v, want ErrLoop: %v", err, tt.loop)
			}
			if m.Make != tt.make {
				t.Errorf("Make = %q, want %q", m.Make, tt.make)
			}
			checkInvariants(t, m)
		})
	}
}

// measure returns the bytes allocated and the time taken by f.
func measure(f func()) (uint64, time.Duration) {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	f()
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc, elapsed
}

// TestReadEveryTruncation cuts a full JPEG at every length: Read must not panic, and either
// succeed or report ErrCorrupt.
func TestReadEveryTruncation(t *testing.T) {
	alt := 10.0
	full := exiftest.JPEG(nil, exiftest.Tags{Make: "Canon", Model: "EOS", DateTimeOriginal: "2015:08:03 08:15:00",
		OffsetTimeOriginal: "+09:00", Orientation: 6, LensModel: "EF", GPS: &exiftest.GPS{Lat: 1, Lon: 2, Alt: &alt}})
	app1 := len(exiftest.APP1(exiftest.Tags{}))
	for n := range len(full) {
		m, err := Read(bytes.NewReader(full[:n]))
		if err != nil && !errors.Is(err, ErrCorrupt) {
			t.Fatalf("Read(first %d bytes) error = %v, want nil or ErrCorrupt", n, err)
		}
		checkInvariants(t, m)
		if n > 2*app1+400 && (err != nil || m.Orientation != 6) {
			t.Fatalf("Read(first %d bytes, EXIF complete) = %+v, %v", n, m, err)
		}
	}
}

// TestParseDoesNotModify checks that Parse works on a copy of its input.
func TestParseDoesNotModify(t *testing.T) {
	b := exiftest.JPEG(nil, exiftest.Tags{LoopIFD: true, IFD0: []exiftest.Entry{{Tag: 1, Type: 99, Count: 5}}})
	orig := bytes.Clone(b)
	if _, err := Parse(b); !errors.Is(err, ErrCorrupt) {
		t.Errorf("Parse = %v, want ErrCorrupt", err)
	}
	if !bytes.Equal(b, orig) {
		t.Error("Parse modified its input")
	}
}

func FuzzRead(f *testing.F) {
	alt := 5.0
	for _, tags := range []exiftest.Tags{
		{Make: "Canon", DateTimeOriginal: "2015:08:03 08:15:00", OffsetTimeOriginal: "+09:00", Orientation: 6,
			GPS: &exiftest.GPS{Lat: 1, Lon: 2, Alt: &alt, DateStamp: "2015:08:03", TimeStamp: "01:02:03"}},
		{LittleEndian: true, LoopIFD: true, Model: "x"},
		{IFD0: []exiftest.Entry{{Tag: exiftest.TagModel, Type: exiftest.TypeRational, Count: 0x20000001, Offset: 8}}},
	} {
		tiff := exiftest.TIFF(tags)
		f.Add(exiftest.JPEG(exiftest.Gray(1, 1), tags))
		f.Add(tiff)
		f.Add(pngWithEXIF(f, tiff))
		f.Add(webpWithEXIF(tiff))
		f.Add(heifWithEXIF(tiff, 1, 2))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := Parse(b)
		if err != nil && !errors.Is(err, ErrCorrupt) {
			t.Fatalf("Parse error = %v, want nil or ErrCorrupt", err)
		}
		checkInvariants(t, m)
	})
}
