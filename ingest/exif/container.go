package exif

import (
	"bytes"
	"encoding/binary"
)

// exifHeader starts the EXIF payload of a JPEG APP1 segment and of some WebP EXIF chunks.
const exifHeader = "Exif\x00\x00"

// findTIFF returns the TIFF structure holding the EXIF of the file whose first bytes are b, or
// nil when there is none. The result aliases b and may be cut short where b ends. strict is
// true when the container bounds the EXIF block (a JPEG segment, a PNG or WebP chunk), so that
// a reference past its end is damage; for a bare TIFF, b is just a prefix of the file.
func findTIFF(b []byte) (tiff []byte, strict bool) {
	switch {
	case bytes.HasPrefix(b, []byte{0xFF, 0xD8}):
		return jpegTIFF(b), true
	case bytes.HasPrefix(b, []byte("II*\x00")), bytes.HasPrefix(b, []byte("MM\x00*")):
		return b, false
	case bytes.HasPrefix(b, []byte(exifHeader)):
		return b[len(exifHeader):], true
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return pngTIFF(b), true
	case len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP":
		return webpTIFF(b), true
	case isCR3(b):
		return cr3TIFF(b)
	case len(b) >= 12 && string(b[4:8]) == "ftyp":
		return heifTIFF(b)
	case bytes.HasPrefix(b, []byte("FUJIFILMCCD-RAW")):
		return rafTIFF(b), true
	case bytes.HasPrefix(b, []byte("IIU\x00")), bytes.HasPrefix(b, []byte("IIRO")),
		bytes.HasPrefix(b, []byte("IIRS")), bytes.HasPrefix(b, []byte("MMOR")):
		return tiffMagic(b), false
	}
	return nil, false
}

// jpegTIFF walks the JPEG segments before the image data and returns the payload of the first
// APP1 segment that carries EXIF.
func jpegTIFF(b []byte) []byte {
	i := 2
	for i+4 <= len(b) {
		if b[i] != 0xFF {
			return nil // not at a marker: damaged JPEG, no EXIF to be trusted
		}
		m := b[i+1]
		switch {
		case m == 0xFF: // fill byte
			i++
			continue
		case m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7): // markers without a length
			i += 2
			continue
		case m == 0xDA || m == 0xD9: // start of scan, end of image: no metadata after this
			return nil
		}
		n := int(binary.BigEndian.Uint16(b[i+2:]))
		if n < 2 {
			return nil
		}
		end := min(i+2+n, len(b))
		seg := b[i+4 : end]
		if m == 0xE1 && bytes.HasPrefix(seg, []byte(exifHeader[:5])) && len(seg) >= len(exifHeader) {
			return seg[len(exifHeader):]
		}
		i += 2 + n
	}
	return nil
}

// pngTIFF returns the data of a PNG eXIf chunk.
func pngTIFF(b []byte) []byte {
	i := 8
	for i+8 <= len(b) {
		n := int(binary.BigEndian.Uint32(b[i:]))
		typ := string(b[i+4 : i+8])
		if n < 0 || n > len(b) {
			n = len(b)
		}
		start := i + 8
		end := min(start+n, len(b))
		switch typ {
		case "eXIf":
			return b[start:end]
		case "IEND":
			return nil
		}
		i = end + 4 // CRC
	}
	return nil
}

// webpTIFF returns the data of a WebP EXIF chunk, without the "Exif\0\0" some writers add.
func webpTIFF(b []byte) []byte {
	i := 12
	for i+8 <= len(b) {
		n := int(binary.LittleEndian.Uint32(b[i+4:]))
		if n < 0 || n > len(b) {
			n = len(b)
		}
		start := i + 8
		end := min(start+n, len(b))
		if string(b[i:i+4]) == "EXIF" {
			return bytes.TrimPrefix(b[start:end], []byte(exifHeader))
		}
		i = end + end%2
	}
	return nil
}

// isHEIF reports whether b starts a HEIF file (HEIC, AVIF): an ISO BMFF ftyp box, other than
// Canon's CR3, whose preview is turned by its EXIF orientation like any raw file's.
func isHEIF(b []byte) bool { return len(b) >= 12 && string(b[4:8]) == "ftyp" && !isCR3(b) }

// rafTIFF returns the EXIF of a Fujifilm RAF file: that of the JPEG preview its header points
// at (a big-endian offset at byte 84), which carries the camera's EXIF.
func rafTIFF(b []byte) []byte {
	if len(b) < 92 {
		return nil
	}
	off := uint64(binary.BigEndian.Uint32(b[84:]))
	if off >= uint64(len(b)) || !bytes.HasPrefix(b[off:], []byte{0xFF, 0xD8}) {
		return nil
	}
	return jpegTIFF(b[off:])
}

// tiffMagic returns a copy of a Panasonic RW2 or Olympus ORF file's first bytes with TIFF's
// own magic number in place of the maker's: their IFDs are TIFF's.
func tiffMagic(b []byte) []byte {
	c := bytes.Clone(b)
	if c[0] == 'I' {
		binary.LittleEndian.PutUint16(c[2:], 42)
	} else {
		binary.BigEndian.PutUint16(c[2:], 42)
	}
	return c
}
