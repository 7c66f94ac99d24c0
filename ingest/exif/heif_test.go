package exif

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"
	"time"

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
	return heifWithEXIFAfter(tiff, ilocVersion, infeVersion, 0)
}

// heifWithEXIFAfter is heifWithEXIF with pad bytes of image data in the mdat before the Exif item.
func heifWithEXIFAfter(tiff []byte, ilocVersion byte, infeVersion byte, pad int) []byte {
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
	head := len(ftyp) + len(meta(0)) + 8 + pad
	return bytes.Join([][]byte{ftyp, meta(uint64(head)), box("mdat", make([]byte, pad), item)}, nil)
}

func TestReadHEIF(t *testing.T) {
	tiff := exiftest.TIFF(exiftest.Tags{Make: "Apple", DateTimeOriginal: "2023:05:06 07:08:09",
		OffsetTimeOriginal: "+02:00", Orientation: 6})
	for _, v := range []struct{ iloc, infe byte }{{0, 2}, {1, 2}, {2, 3}} {
		file := heifWithEXIF(tiff, v.iloc, v.infe)
		m, err := Read(bytes.NewReader(file))
		// Orientation 6 in a HEIF file's EXIF is not applied: irot turns HEIF pixels (see Meta).
		if err != nil || m.Make != "Apple" || m.Orientation != 1 || !m.TakenOffset {
			t.Errorf("iloc v%d, infe v%d: Read = %+v, %v; want Apple, orientation 1, with offset", v.iloc, v.infe, m, err)
		}
		// Every truncation must be safe.
		for n := range len(file) {
			m, _ := Parse(file[:n])
			checkInvariants(t, m)
		}
	}
}

// TestReadHEIFFile reads a HEIC written by libheif's heif-enc from a JPEG with EXIF, with an irot
// box added as an iPhone writes it (testdata/heif/README.md).
func TestReadHEIFFile(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "heif", "exif-irot270.heic"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := Read(f)
	if err != nil {
		t.Fatal(err)
	}
	want := time.Date(2015, 8, 3, 8, 15, 0, 0, time.FixedZone("", 9*3600))
	if !m.Taken.Equal(want) || !m.TakenOffset || m.Make != "Apple" || m.Model != "iPhone 12" || m.Orientation != 1 {
		t.Errorf("Read = %+v, want Apple iPhone 12 taken %v, orientation 1", m, want)
	}
	if m.GPS == nil || m.GPS.Lat < 33.49 || m.GPS.Lat > 33.51 || m.GPS.Lon < 126.53 || m.GPS.Lon > 126.54 {
		t.Errorf("GPS = %+v, want 33.4996, 126.5312", m.GPS)
	}
}

// TestReadRawContainers reads EXIF from raw files whose containers are not plain TIFF.
func TestReadRawContainers(t *testing.T) {
	tiff := exiftest.TIFF(exiftest.Tags{Make: "Panasonic", DateTimeOriginal: "2019:01:02 03:04:05", Orientation: 8, LittleEndian: true})
	rw2 := bytes.Clone(tiff)
	copy(rw2[2:4], []byte{0x55, 0})
	orf := bytes.Clone(tiff)
	copy(orf[2:4], "RO")
	jpg := exiftest.JPEG(exiftest.Gray(8, 8), exiftest.Tags{Make: "FUJIFILM", DateTimeOriginal: "2019:01:02 03:04:05", Orientation: 8})
	raf := make([]byte, 100)
	copy(raf, "FUJIFILMCCD-RAW 0201FF383501")
	binary.BigEndian.PutUint32(raf[84:], 100)
	binary.BigEndian.PutUint32(raf[88:], uint32(len(jpg)))
	raf = append(raf, jpg...)
	for name, file := range map[string][]byte{"rw2": rw2, "orf": orf, "raf": raf} {
		m, err := Parse(file)
		if err != nil || m.Orientation != 8 || m.Taken.Year() != 2019 {
			t.Errorf("%s: Parse = %+v, %v; want orientation 8, taken in 2019", name, m, err)
		}
		for n := range len(file) {
			m, _ := Parse(file[:n])
			checkInvariants(t, m)
		}
	}
}

// TestReadHEIFItemFarOut reads an Exif item that lies past PrefixSize, as some phones write it at
// the end of the file: Read finds it through an io.ReaderAt; Parse, holding only the prefix, cannot.
func TestReadHEIFItemFarOut(t *testing.T) {
	tiff := exiftest.TIFF(exiftest.Tags{Make: "samsung", DateTimeOriginal: "2021:02:03 04:05:06", Orientation: 6})
	file := heifWithEXIFAfter(tiff, 1, 2, PrefixSize+1000)
	m, err := Read(bytes.NewReader(file))
	if err != nil || m.Make != "samsung" || m.Taken.Year() != 2021 || m.Orientation != 1 {
		t.Errorf("Read = %+v, %v; want samsung, 2021, orientation 1", m, err)
	}
	if m, _ := Parse(file); m.Make != "" {
		t.Errorf("Parse(prefix only) = %+v, want nothing", m)
	}
	for _, n := range []int{PrefixSize, PrefixSize + 1002, len(file) - 10} {
		m, _ := Read(bytes.NewReader(file[:n]))
		checkInvariants(t, m)
	}
}
