package thumb

import (
	"bytes"
	"encoding/binary"
	"errors"
	"image"
	"image/jpeg"
	"testing"
)

// tiffBuilder lays out a little-endian TIFF-like file: blobs and IFDs appended in the order
// written, so that children are written before the IFDs that point at them.
type tiffBuilder struct{ buf []byte }

func newTIFFBuilder(magic string) *tiffBuilder {
	return &tiffBuilder{buf: append([]byte(magic), 0, 0, 0, 0)}
}

func (t *tiffBuilder) blob(b []byte) uint32 {
	if len(t.buf)%2 == 1 {
		t.buf = append(t.buf, 0)
	}
	off := uint32(len(t.buf))
	t.buf = append(t.buf, b...)
	return off
}

// ifd writes an IFD of entries {tag, type, count, value} and returns its offset.
func (t *tiffBuilder) ifd(next uint32, entries ...[4]uint32) uint32 {
	b := binary.LittleEndian.AppendUint16(nil, uint16(len(entries)))
	for _, e := range entries {
		b = binary.LittleEndian.AppendUint16(b, uint16(e[0]))
		b = binary.LittleEndian.AppendUint16(b, uint16(e[1]))
		b = binary.LittleEndian.AppendUint32(b, e[2])
		b = binary.LittleEndian.AppendUint32(b, e[3])
	}
	return t.blob(binary.LittleEndian.AppendUint32(b, next))
}

func (t *tiffBuilder) bytes(first uint32) []byte {
	binary.LittleEndian.PutUint32(t.buf[4:], first)
	return t.buf
}

func testJPEG(tb testing.TB, w, h int) []byte {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, quadrants(w, h), &jpeg.Options{Quality: 90}); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// losslessJPEG is the start of a lossless (SOF3) JPEG of 4000x3000, as raw sensor data is stored.
var losslessJPEG = []byte{0xff, 0xd8, 0xff, 0xc3, 0, 11, 8, 0x0b, 0xb8, 0x0f, 0xa0, 1, 1, 0x11, 0, 0xff, 0xd9}

// rawFiles builds one small file of each raw kind, each with a 64x48 preview beside smaller
// JPEGs and lossless raw data.
func rawFiles(tb testing.TB) map[string][]byte {
	big, small := testJPEG(tb, 64, 48), testJPEG(tb, 16, 12)
	files := map[string][]byte{}
	n := func(v int) uint32 { return uint32(v) }

	// DNG: IFD0 a small preview in a strip, SubIFDs the raw data and the large preview.
	t := newTIFFBuilder("II*\x00")
	sOff, bOff, rOff := t.blob(small), t.blob(big), t.blob(losslessJPEG)
	rawIFD := t.ifd(0, [4]uint32{254, 4, 1, 0}, [4]uint32{259, 3, 1, 7}, [4]uint32{273, 4, 1, rOff}, [4]uint32{279, 4, 1, n(len(losslessJPEG))})
	prevIFD := t.ifd(0, [4]uint32{254, 4, 1, 1}, [4]uint32{259, 3, 1, 7}, [4]uint32{273, 4, 1, bOff}, [4]uint32{279, 4, 1, n(len(big))})
	subs := t.blob(binary.LittleEndian.AppendUint32(binary.LittleEndian.AppendUint32(nil, rawIFD), prevIFD))
	ifd0 := t.ifd(0, [4]uint32{254, 4, 1, 1}, [4]uint32{259, 3, 1, 7}, [4]uint32{273, 4, 1, sOff}, [4]uint32{279, 4, 1, n(len(small))},
		[4]uint32{330, 4, 2, subs}, [4]uint32{tagDNGVersion, 1, 4, 0x00000401})
	files["dng"] = t.bytes(ifd0)

	// NEF: JPEGInterchangeFormat in IFD0 (small) and in a SubIFD (large).
	t = newTIFFBuilder("II*\x00")
	mk := t.blob([]byte("NIKON CORPORATION\x00"))
	sOff, bOff = t.blob(small), t.blob(big)
	sub := t.ifd(0, [4]uint32{254, 4, 1, 1}, [4]uint32{513, 4, 1, bOff}, [4]uint32{514, 4, 1, n(len(big))})
	ifd0 = t.ifd(0, [4]uint32{254, 4, 1, 1}, [4]uint32{271, 2, 18, mk}, [4]uint32{330, 4, 1, sub},
		[4]uint32{513, 4, 1, sOff}, [4]uint32{514, 4, 1, n(len(small))})
	files["nef"] = t.bytes(ifd0)

	// CR2: the "CR" signature; IFD0 a JPEG strip, IFD1 a thumbnail, IFD3 lossless raw data.
	t = newTIFFBuilder("II*\x00")
	t.buf = append(t.buf, 'C', 'R', 2, 0, 0, 0, 0, 0)
	sOff, bOff, rOff = t.blob(small), t.blob(big), t.blob(losslessJPEG)
	ifd3 := t.ifd(0, [4]uint32{259, 3, 1, 6}, [4]uint32{273, 4, 1, rOff}, [4]uint32{279, 4, 1, n(len(losslessJPEG))})
	ifd1 := t.ifd(ifd3, [4]uint32{513, 4, 1, sOff}, [4]uint32{514, 4, 1, n(len(small))})
	ifd0 = t.ifd(ifd1, [4]uint32{259, 3, 1, 6}, [4]uint32{273, 4, 1, bOff}, [4]uint32{279, 4, 1, n(len(big))})
	files["cr2"] = t.bytes(ifd0)

	// RW2: Panasonic's own magic, the JPEG inside tag 0x2e.
	t = newTIFFBuilder("IIU\x00")
	bOff = t.blob(big)
	files["rw2"] = t.bytes(t.ifd(0, [4]uint32{tagRW2JpgFromRaw, 7, n(len(big)), bOff}))

	// RAF: the header's pointer to the JPEG at byte 84.
	raf := make([]byte, 100)
	copy(raf, "FUJIFILMCCD-RAW 0201FF383501")
	binary.BigEndian.PutUint32(raf[84:], 100)
	binary.BigEndian.PutUint32(raf[88:], n(len(big)))
	files["raf"] = append(raf, big...)

	// ORF: the preview through the Exif IFD, the maker notes and their CameraSettings IFD, with
	// offsets from the maker notes' start.
	mn := []byte("OLYMPUS\x00II\x03\x00")
	le := binary.LittleEndian
	ifdAt := func(entries ...[4]uint32) []byte { // an IFD to append to mn
		e := le.AppendUint16(nil, uint16(len(entries)))
		for _, x := range entries {
			e = le.AppendUint16(le.AppendUint16(e, uint16(x[0])), uint16(x[1]))
			e = le.AppendUint32(le.AppendUint32(e, x[2]), x[3])
		}
		return le.AppendUint32(e, 0)
	}
	settingsAt := uint32(len(mn)) + 2 + 12 + 4 // right after the main maker-note IFD of one entry
	mn = append(mn, ifdAt([4]uint32{0x2020, 13, 1, settingsAt})...)
	jpegAt := settingsAt + 2 + 2*12 + 4
	mn = append(mn, ifdAt([4]uint32{0x101, 4, 1, jpegAt}, [4]uint32{0x102, 4, 1, n(len(big))})...)
	mn = append(mn, big...)
	t = newTIFFBuilder("IIRO")
	mnOff := t.blob(mn)
	exifIFD := t.ifd(0, [4]uint32{tagMakerNote, 7, n(len(mn)), mnOff})
	files["orf"] = t.bytes(t.ifd(0, [4]uint32{tagExifIFD, 4, 1, exifIFD}))

	// CR3: ISO BMFF with the PRVW box inside a uuid box.
	prvw := append(binary.BigEndian.AppendUint32(nil, n(24+len(big))), "PRVW"...)
	prvw = append(prvw, make([]byte, 16)...)
	prvw = append(prvw, big...)
	uuid := append(binary.BigEndian.AppendUint32(nil, n(8+16+8+len(prvw))), "uuid"...)
	uuid = append(append(uuid, make([]byte, 24)...), prvw...)
	files["cr3"] = append([]byte("\x00\x00\x00\x18ftypcrx \x00\x00\x00\x01crx isom"), uuid...)
	return files
}

func TestDecodeRaw(t *testing.T) {
	m := New(Options{})
	for kind, data := range rawFiles(t) {
		t.Run(kind, func(t *testing.T) {
			info, err := m.Probe(bytes.NewReader(data))
			if err != nil || info.Format != kind || info.Width != 64 || info.Height != 48 {
				t.Errorf("Probe = %+v, %v, want %s 64x48", info, err, kind)
			}
			img, info, err := m.Decode(bytes.NewReader(data))
			if err != nil || info.Format != kind || img.Bounds() != image.Rect(0, 0, 64, 48) {
				t.Fatalf("Decode = %v, %+v, %v, want %s 64x48", img, info, err, kind)
			}
			if got := quadrantColours(img); !near(got[0], red, 40) || !near(got[3], yellow, 40) {
				t.Errorf("preview colours = %v, want red ... yellow", got)
			}
		})
	}
}

func TestDecodeRawHostile(t *testing.T) {
	big := testJPEG(t, 64, 48)
	huge := bytes.Clone(big) // the preview's frame header says 65000x65000
	sof := bytes.Index(huge, []byte{0xff, 0xc0})
	binary.BigEndian.PutUint16(huge[sof+5:], 65000)
	binary.BigEndian.PutUint16(huge[sof+7:], 65000)
	loop := newTIFFBuilder("II*\x00")
	first := uint32(len(loop.buf)) // the IFD is written here and points at itself
	loop.ifd(first, [4]uint32{254, 4, 1, 1}, [4]uint32{330, 4, 1, first})
	tooBig := newTIFFBuilder("II*\x00")
	hOff := tooBig.blob(huge)
	m := New(Options{})
	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"IFD loop", loop.bytes(first), ErrUnsupported},
		{"only lossless data", func() []byte {
			t := newTIFFBuilder("II*\x00")
			r := t.blob(losslessJPEG)
			return t.bytes(t.ifd(0, [4]uint32{tagDNGVersion, 1, 4, 1}, [4]uint32{259, 3, 1, 7}, [4]uint32{273, 4, 1, r}, [4]uint32{279, 4, 1, uint32(len(losslessJPEG))}))
		}(), ErrUnsupported},
		{"preview past the end", func() []byte {
			t := newTIFFBuilder("II*\x00")
			return t.bytes(t.ifd(0, [4]uint32{tagDNGVersion, 1, 4, 1}, [4]uint32{513, 4, 1, 1 << 30}, [4]uint32{514, 4, 1, 1 << 20}))
		}(), ErrUnsupported},
		{"preview declaring 65000x65000", func() []byte {
			return tooBig.bytes(tooBig.ifd(0, [4]uint32{tagDNGVersion, 1, 4, 1}, [4]uint32{513, 4, 1, hOff}, [4]uint32{514, 4, 1, uint32(len(tooBig.buf)) - hOff}))
		}(), ErrTooLarge},
		{"truncated preview", func() []byte {
			t := newTIFFBuilder("II*\x00")
			p := t.blob(big[:len(big)/2])
			return t.bytes(t.ifd(0, [4]uint32{tagDNGVersion, 1, 4, 1}, [4]uint32{513, 4, 1, p}, [4]uint32{514, 4, 1, uint32(len(big) / 2)}))
		}(), ErrCorrupt},
		{"raf header only", []byte("FUJIFILMCCD-RAW 0201"), ErrUnsupported},
		{"orf without maker notes", append([]byte("IIRO\x08\x00\x00\x00"), 0, 0, 0, 0, 0, 0), ErrUnsupported},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, _, err := m.Decode(bytes.NewReader(tt.data)); !errors.Is(err, tt.want) {
				t.Errorf("Decode error = %v, want %v", err, tt.want)
			}
		})
	}
}

// FuzzDecodeRaw feeds damaged raw files of every kind to Decode: it must return one of the
// sentinels or an image within the limits, never panic or allocate past them.
func FuzzDecodeRaw(f *testing.F) {
	for _, data := range rawFiles(f) {
		f.Add(data)
	}
	fuzzDecodeWithinLimit(f)
}
