package thumb

import (
	"bytes"
	"encoding/binary"
	"errors"
	"runtime"
	"testing"

	"golang.org/x/image/tiff"

	"sajin/ingest/thumb/turbojpeg"
)

func TestJPEGProgressive(t *testing.T) {
	base := encodeJPEG(t, quadrants(32, 16), 90)
	sof := bytes.Index(base, []byte{0xff, 0xc0})
	prog := bytes.Clone(base)
	prog[sof+1] = 0xc2
	// An APP1 segment whose payload holds a fake SOF2 must be skipped whole.
	app := append([]byte{0xff, 0xd8, 0xff, 0xe1, 0, 6, 0xff, 0xc2, 0, 0}, base[2:]...)
	tests := []struct {
		name             string
		head             []byte
		wantProg, wantOK bool
	}{
		{"baseline", base, false, true},
		{"progressive", prog, true, true},
		{"fake SOF2 inside APP1", app, false, true},
		{"cut before SOF", base[:sof], false, false},
		{"fill bytes and RST", append([]byte{0xff, 0xd8, 0xff, 0xff, 0xff, 0xd0}, base[2:]...), false, true},
		{"garbage", []byte{0xff, 0xd8, 1, 2, 3, 4, 5}, false, false},
		{"empty", nil, false, false},
	}
	for _, tt := range tests {
		if p, ok := jpegProgressive(tt.head); p != tt.wantProg || ok != tt.wantOK {
			t.Errorf("jpegProgressive(%s) = %v, %v, want %v, %v", tt.name, p, ok, tt.wantProg, tt.wantOK)
		}
	}
}

// patchTIFFTag replaces the tag and value of IFD0 entry i of a little-endian
// TIFF.
func patchTIFFTag(b []byte, i int, tag, typ uint16, value uint32) []byte {
	b = bytes.Clone(b)
	e := binary.LittleEndian.Uint32(b[4:]) + 2 + 12*uint32(i)
	binary.LittleEndian.PutUint16(b[e:], tag)
	binary.LittleEndian.PutUint16(b[e+2:], typ)
	binary.LittleEndian.PutUint32(b[e+4:], 1)
	binary.LittleEndian.PutUint32(b[e+8:], value)
	return b
}

func TestRawTIFF(t *testing.T) {
	var buf bytes.Buffer
	if err := tiff.Encode(&buf, quadrants(16, 16), nil); err != nil {
		t.Fatal(err)
	}
	plain := buf.Bytes()
	n := int(binary.LittleEndian.Uint16(plain[binary.LittleEndian.Uint32(plain[4:]):]))
	cr2 := bytes.Clone(plain)
	copy(cr2[8:], "CR")
	tests := []struct {
		name string
		data []byte
		want bool
	}{
		{"plain", plain, false},
		{"CR2 signature", cr2, true},
		{"DNGVersion", patchTIFFTag(plain, n-1, tagDNGVersion, 1, 0x00000401), true},
		{"NewSubfileType preview (LONG)", patchTIFFTag(plain, n-1, tagNewSubfileType, 4, 1), true},
		{"NewSubfileType preview (SHORT)", patchTIFFTag(plain, n-1, tagNewSubfileType, 3, 1), true},
		{"NewSubfileType page", patchTIFFTag(plain, n-1, tagNewSubfileType, 4, 2), false},
		{"IFD offset past end", append([]byte("II*\x00\xff\xff\x00\x00"), 0, 0), false},
		{"short", []byte("II*\x00"), false},
	}
	for _, tt := range tests {
		if got := rawTIFF(tt.data); got != tt.want {
			t.Errorf("rawTIFF(%s) = %v, want %v", tt.name, got, tt.want)
		}
	}
	m := New(Options{})
	if _, _, err := m.Decode(bytes.NewReader(cr2)); !errors.Is(err, ErrUnsupported) {
		t.Errorf("Decode(CR2) error = %v, want %v", err, ErrUnsupported)
	}
	if _, err := m.Probe(bytes.NewReader(cr2)); !errors.Is(err, ErrUnsupported) {
		t.Errorf("Probe(CR2) error = %v, want %v", err, ErrUnsupported)
	}
}

// TestMemoryEstimate checks the estimate against what Thumbnails really
// allocates (a JPEG, and a PNG whose Go decoder works at full size), and that
// a progressive JPEG costs more.
func TestMemoryEstimate(t *testing.T) {
	m := New(Options{})
	jpg := encodeJPEG(t, photoLike(2000, 1500, 4), 90)
	for _, tt := range []struct {
		name string
		data []byte
	}{
		{"2000x1500 JPEG", jpg},
		{"1200x900 PNG", encodePNG(t, photoLike(1200, 900, 4))},
	} {
		info, err := m.Probe(bytes.NewReader(tt.data))
		if err != nil {
			t.Fatal(err)
		}
		est := m.MemoryEstimate(info)
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		if _, _, err := m.Thumbnails(t.Context(), bytes.NewReader(tt.data), 6); err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&after)
		alloc := int64(after.TotalAlloc-before.TotalAlloc) - 2*int64(len(tt.data)) // input buffers are not counted
		if est < alloc || est > 4*alloc {
			t.Errorf("MemoryEstimate(%s) = %d, Thumbnails allocated %d; want between 1x and 4x", tt.name, est, alloc)
		}
		t.Logf("MemoryEstimate(%s) = %d, Thumbnails allocated %d", tt.name, est, alloc)
	}

	info, err := m.Probe(bytes.NewReader(jpg))
	if err != nil {
		t.Fatal(err)
	}
	sof := bytes.Index(jpg, []byte{0xff, 0xc0})
	prog := bytes.Clone(jpg) // Probe stops at the scan, which it never decodes
	prog[sof+1] = 0xc2
	pinfo, err := m.Probe(bytes.NewReader(prog))
	if err != nil {
		t.Fatal(err)
	}
	perSample := int64(2) // libjpeg's coefficients
	if !turbojpeg.Available {
		perSample = 4 // image/jpeg's
	}
	if pest, want := m.MemoryEstimate(pinfo), m.MemoryEstimate(info)+2000*1500*3*perSample; pest != want {
		t.Errorf("MemoryEstimate(progressive) = %d, want %d", pest, want)
	}
}
