package redact_test

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	stdjpeg "image/jpeg"
	stdpng "image/png"
	"testing"

	"sajin/ingest/exif"
	"sajin/ingest/exif/exiftest"
	"sajin/internal/hostile"
	"sajin/ui/redact"
)

func TestJPEGLosesGPSKeepsTheRest(t *testing.T) {
	for _, little := range []bool{false, true} {
		in := exiftest.JPEG(exiftest.Gray(64, 48), exiftest.Tags{LittleEndian: little, Make: "Canon",
			DateTimeOriginal: "2015:08:03 08:15:00", GPS: &exiftest.GPS{Lat: 37.5665, Lon: 126.978}})
		xmp := append([]byte("http://ns.adobe.com/xap/1.0/\x00"), []byte(`<x:xmpmeta><exif:GPSLatitude>37,33.99N</exif:GPSLatitude></x:xmpmeta>`)...)
		in = exiftest.InsertAPP1(in, segment(0xE1, xmp))
		if m, err := exif.Parse(in); err != nil || m.GPS == nil {
			t.Fatalf("the test photo has no GPS: %+v %v", m, err)
		}
		var out bytes.Buffer
		if err := redact.Location(&out, bytes.NewReader(in), "image/jpeg"); err != nil {
			t.Fatal(err)
		}
		m, err := exif.Parse(out.Bytes())
		if err != nil || m.GPS != nil || m.Make != "Canon" || m.Taken.IsZero() {
			t.Errorf("little endian %v: after redact: GPS %v, make %q, taken %v, err %v; want no GPS, the rest kept", little, m.GPS, m.Make, m.Taken, err)
		}
		if bytes.Contains(out.Bytes(), []byte("GPSLatitude")) {
			t.Error("the XMP with the position is still there")
		}
		if img, err := stdjpeg.Decode(&out); err != nil || img.Bounds().Dx() != 64 {
			t.Errorf("redacted JPEG does not decode: %v", err)
		}
	}
}

func TestPNGLosesMetadata(t *testing.T) {
	var b bytes.Buffer
	stdpng.Encode(&b, image.NewGray(image.Rect(0, 0, 8, 8)))
	in := b.Bytes()
	// Insert an eXIf and an iTXt chunk after IHDR (8 signature + 25 IHDR).
	extra := append(chunk("eXIf", exiftest.TIFF(exiftest.Tags{GPS: &exiftest.GPS{Lat: 1, Lon: 2}})), chunk("iTXt", []byte("XML:com.adobe.xmp\x00\x00\x00\x00\x00GPS"))...)
	in = append(append(append([]byte{}, in[:33]...), extra...), in[33:]...)
	var out bytes.Buffer
	if err := redact.Location(&out, bytes.NewReader(in), "image/png"); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(out.Bytes(), []byte("eXIf")) || bytes.Contains(out.Bytes(), []byte("GPS")) || out.Len() != b.Len() {
		t.Errorf("PNG after redact: %d bytes (original without metadata %d)", out.Len(), b.Len())
	}
	if _, err := stdpng.Decode(&out); err != nil {
		t.Errorf("redacted PNG does not decode: %v", err)
	}
}

func TestRefusesWhatItCannotRead(t *testing.T) {
	for _, c := range []struct{ mime, data string }{
		{"image/jpeg", "not a jpeg"}, {"image/jpeg", "\xff\xd8\xff\xe1\x00\x10Exif\x00\x00MM"}, {"image/png", "\x89PNG\r\n\x1a\n\x00"},
		{"image/heic", "whatever"},
	} {
		if err := redact.Location(&bytes.Buffer{}, bytes.NewReader([]byte(c.data)), c.mime); err == nil {
			t.Errorf("Location(%q, %q) = nil, want an error", c.mime, c.data)
		}
	}
}

func FuzzLocation(f *testing.F) {
	f.Add(exiftest.JPEG(nil, exiftest.Tags{GPS: &exiftest.GPS{Lat: 1, Lon: 2}}))
	f.Add(exiftest.JPEG(nil, exiftest.Tags{LittleEndian: true, GPS: &exiftest.GPS{Lat: 1, Lon: 2}}))
	f.Fuzz(func(t *testing.T, b []byte) {
		redact.Location(&bytes.Buffer{}, bytes.NewReader(b), "image/jpeg")
		redact.Location(&bytes.Buffer{}, bytes.NewReader(b), "image/png")
	})
}

func segment(marker byte, payload []byte) []byte {
	out := []byte{0xFF, marker, 0, 0}
	binary.BigEndian.PutUint16(out[2:], uint16(len(payload)+2))
	return append(out, payload...)
}

func chunk(typ string, data []byte) []byte {
	out := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	out = append(out, typ...)
	out = append(out, data...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(append([]byte(typ), data...)))
}

// TestJPEGDropsWhatFollowsTheImage: the pictures a multi-picture file appends after the main one (gain maps,
// depth maps, previews) carry EXIF and GPS of their own; they are dropped with anything else after the end of the
// image, and a file of several scans (progressive) keeps every one.
func TestJPEGDropsWhatFollowsTheImage(t *testing.T) {
	gps := exiftest.Tags{Make: "Google", GPS: &exiftest.GPS{Lat: 37.5665, Lon: 126.978}}
	main := exiftest.JPEG(exiftest.Gray(64, 48), gps)
	in := append(bytes.Clone(main), exiftest.JPEG(exiftest.Gray(16, 16), gps)...)
	var out bytes.Buffer
	if err := redact.Location(&out, bytes.NewReader(in), "image/jpeg"); err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(out.Bytes(), []byte("Exif\x00\x00")); n != 1 {
		t.Errorf("%d EXIF blocks after redact, want the main picture's only", n)
	}
	if m, err := exif.Parse(out.Bytes()); err != nil || m.GPS != nil || m.Make != "Google" {
		t.Errorf("after redact: %+v %v", m, err)
	}
	if img, err := stdjpeg.Decode(bytes.NewReader(out.Bytes())); err != nil || img.Bounds().Dx() != 64 {
		t.Errorf("redacted JPEG does not decode: %v", err)
	}

	scans := hostile.ManyScansJPEG(16, 16, 5)
	out.Reset()
	if err := redact.Location(&out, bytes.NewReader(scans), "image/jpeg"); err != nil || !bytes.Equal(out.Bytes(), scans) {
		t.Errorf("a JPEG of 5 scans without metadata changed (%d bytes for %d): %v", out.Len(), len(scans), err)
	}
}
