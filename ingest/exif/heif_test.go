package exif

import (
	"bytes"
	"encoding/binary"
	"testing"

	"sajin/ingest/exif/exiftest"
)

// box returns an ISO BMFF box.
func box(typ string, payload ...[]byte) []byte {
	body := bytes.Join(payload, nil)
	return append(binary.BigEndian.AppendUint32(nil, uint32(8+len(body))), append([]byte(typ), body...)...)
}

func be(n int, v uint64) []byte {
	b := binary.BigEndian.AppendUint64(nil, v)
	return b[8-n:]
}

// heifWithEXIF lays out a HEIF file by the specification (ISO/IEC 23008-12): ftyp, a meta box
// whose iinf names item 7 of type "Exif" and whose iloc (of the given version) locates it, then
// an mdat holding the item: a 32-bit offset, "Exif\0\0", the TIFF.
func heifWithEXIF(tiff []byte, ilocVersion byte, infeVersion byte) []byte {
	ftyp := box("ftyp", []byte("heic"), be(4, 0), []byte("mif1heic"))
	infeID := be(2, 7)
	if infeVersion == 3 {
		infeID = be(4, 7)
	}
	iinf := box("iinf", []byte{0, 0, 0, 0}, be(2, 2),
		box("infe", []byte{infeVersion, 0, 0, 0}, be(len(infeID), 1), be(2, 0), []byte("hvc1")),
		box("infe", []byte{infeVersion, 0, 0, 0}, infeID, be(2, 0), []byte("Exif")))
	item := append(append(be(4, 6), "Exif\x00\x00"...), tiff...)
	iloc := func(off uint64) []byte {
		wide := 2
		if ilocVersion == 2 {
			wide = 4
		}
		p := [][]byte{{ilocVersion, 0, 0, 0}, {0x44, 0x40}, be(wide, 2)}
		for _, it := range []struct{ id, off, n uint64 }{{1, 0, 0}, {7, off, uint64(len(item))}} {
			p = append(p, be(wide, it.id))
			if ilocVersion > 0 {
				p = append(p, be(2, 0)) // construction method 0
			}
			p = append(p, be(2, 0), be(4, 0), be(2, 1), be(4, it.off), be(4, it.n))
		}
		return box("iloc", p...)
	}
	hdlr := box("hdlr", make([]byte, 8), []byte("pict"), make([]byte, 13))
	meta := func(off uint64) []byte { return box("meta", []byte{0, 0, 0, 0}, hdlr, iinf, iloc(off)) }
	head := len(ftyp) + len(meta(0)) + 8
	return bytes.Join([][]byte{ftyp, meta(uint64(head)), box("mdat", item)}, nil)
}

func TestReadHEIF(t *testing.T) {
	tiff := exiftest.TIFF(exiftest.Tags{Make: "Apple", DateTimeOriginal: "2023:05:06 07:08:09",
		OffsetTimeOriginal: "+02:00", Orientation: 6})
	for _, v := range []struct{ iloc, infe byte }{{0, 2}, {1, 2}, {2, 3}} {
		file := heifWithEXIF(tiff, v.iloc, v.infe)
		m, err := Read(bytes.NewReader(file))
		if err != nil || m.Make != "Apple" || m.Orientation != 6 || !m.TakenOffset {
			t.Errorf("iloc v%d, infe v%d: Read = %+v, %v; want Apple, orientation 6, with offset", v.iloc, v.infe, m, err)
		}
		// Every truncation must be safe.
		for n := range len(file) {
			m, _ := Parse(file[:n])
			checkInvariants(t, m)
		}
	}
}
