// Package exif reads the metadata Sajin keeps from a photo file's first bytes: capture time,
// position, orientation, camera and exposure. It also finds a capture time in a file name and
// decides, in Resolve, which time a photo is filed under.
//
// Decoding is done by github.com/rwcarlsen/goexif, which stays inside this package. goexif is not
// safe on hostile input (an IFD loop makes it allocate without bound, a lying count makes it
// allocate gigabytes, some values make it panic) and it ignores the EXIF 2.31 offset tags, so
// Read first walks the TIFF structure itself, within a bounded prefix, and hands goexif a repaired
// copy: one IFD chain link, every IFD inside the data and visited once, and only the few entries
// Meta uses, each with a small count and its value in bounds. Every value that comes back is
// validated before it reaches Meta, and a panic in goexif becomes an error.
//
// # Time convention
//
// A capture time whose UTC offset is known (OffsetTimeOriginal and friends, an offset derived from
// the GPS clock, a file's modification time) is a time.Time in a time.FixedZone (time.UTC for a
// time taken from the GPS clock alone), with Meta.TakenOffset set. A time without a known offset is "floating" wall-clock time, as the camera
// displayed it: it is stored as time.Date(..., time.UTC) with TakenOffset false, and must be shown
// and sorted as wall-clock time, never converted to another zone. Nothing here reads time.Local.
//
// # Limits
//
// Read understands JPEG (EXIF in APP1), TIFF-based files (TIFF, DNG and most raw formats whose
// EXIF lives in the first IFDs, Panasonic RW2 and Olympus ORF with their own magic numbers),
// Fujifilm RAF (the EXIF of its JPEG preview), Canon CR3 (its CMT boxes, joined), PNG (eXIf
// chunk), WebP (EXIF chunk), HEIF (HEIC and AVIF: the "Exif" item) and bare "Exif\0\0" blocks.
// It does not read video containers or maker notes.
// EXIF stored beyond PrefixSize is not seen, except a HEIF file's Exif item, which Read reads
// where the meta box says it is when r is an io.ReaderAt (an *os.File).
package exif

import (
	"errors"
	"fmt"
	"io"
	"math"
	"time"
)

// Source says where a Meta's capture time came from.
type Source string

// Sources of a capture time, as stored in the catalog.
const (
	SourceEXIF     Source = "exif"       // DateTimeOriginal, DateTimeDigitized, DateTime or the GPS clock
	SourceFileName Source = "filename"   // a date in the file name, see DateFromName
	SourceFileTime Source = "file_mtime" // the file's modification time
	SourceXMP      Source = "xmp"        // XMP in the file or a sidecar, or IPTC-IIM (set by package ingest)
)

// GPS is a validated position in decimal degrees (WGS 84, north and east positive).
type GPS struct {
	Lat, Lon float64
	// Alt is the altitude in metres above sea level, nil when absent or implausible.
	Alt *float64
}

// Meta is the validated metadata of one photo. The zero value is not valid; Read always returns
// Orientation 1 or more.
type Meta struct {
	// Taken is the capture time, zero when unknown. See the package comment for floating times.
	Taken time.Time
	// TakenOffset is true when Taken carries a real UTC offset.
	TakenOffset bool
	// TakenSource says where Taken came from; empty when Taken is zero.
	TakenSource Source

	// Orientation is the EXIF orientation, always 1..8 (1 when absent or invalid): the turn still
	// to apply to the stored pixels. It is always 1 for a HEIF file (HEIC, AVIF): HEIF turns its
	// pixels with its own irot and imir boxes, which decoders apply (an iPhone writes both irot
	// and an EXIF orientation saying the same thing, which HEIF readers must ignore), so applying
	// the EXIF orientation as well would turn a portrait photo twice.
	Orientation int
	// GPS is the position, nil when absent or invalid.
	GPS *GPS

	// Make, Model and Lens are trimmed, valid UTF-8 without control characters, and at most
	// MaxStringLen bytes. Lens is LensModel, or LensMake when the model is absent.
	Make, Model, Lens string

	// Width and Height are the pixel dimensions declared in EXIF, 0 when absent. They describe
	// the stored pixels, before orientation.
	Width, Height int

	// Exposure, 0 or "" when absent or implausible.
	FNumber      float64 // f-number, e.g. 2.8
	ExposureTime string  // seconds, e.g. "1/125" or "2.5"
	ISO          int     // ISOSpeedRatings
	FocalLength  float64 // millimetres
}

// PrefixSize is how many leading bytes Read looks at: 128 KiB. EXIF must fit in one JPEG APP1
// segment (at most 64 KiB), but the segment is not always first: a JFIF APP0, an ICC profile in
// APP2 or an XMP APP1 of up to 64 KiB may come before it. 128 KiB holds one full-size segment in
// front of a full-size EXIF segment, and reading it costs little next to hashing the file.
const PrefixSize = 128 << 10

// MaxStringLen caps the length in bytes of Make, Model and Lens.
const MaxStringLen = 128

// ErrCorrupt reports EXIF that is present but damaged or hostile (an IFD loop, an IFD outside the
// data, an impossible count, a panic in the decoder). The Meta returned with it holds whatever
// could still be read and validated, and is safe to use.
var ErrCorrupt = errors.New("exif: corrupt metadata")

// ErrLoop is wrapped, together with ErrCorrupt, when the IFDs point back at each other: a file
// built to make EXIF readers loop, which a caller may choose to reject outright.
var ErrLoop = errors.New("exif: IFD loop")

// Read parses the metadata in the first PrefixSize bytes of r. A file without EXIF is not an
// error: Read returns a Meta with only Orientation 1 set and a nil error. Damaged EXIF gives an
// error wrapping ErrCorrupt together with what could be salvaged; a read error from r is
// returned wrapped, with a Meta holding only Orientation 1. Read never panics, allocates a
// bounded amount (a few times PrefixSize) and runs in time bounded by PrefixSize.
//
// Read sets Taken from EXIF only; call Resolve to fall back to the file name and time.
func Read(r io.Reader) (Meta, error) {
	buf := make([]byte, PrefixSize)
	n, err := io.ReadFull(r, buf)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		return Meta{Orientation: 1}, fmt.Errorf("exif: read: %w", err)
	}
	if ra, ok := r.(io.ReaderAt); ok && isHEIF(buf[:n]) {
		if m, ok := readHEIFItem(ra, buf[:n]); ok {
			return m.Meta, m.err
		}
	}
	return Parse(buf[:n])
}

// metaErr is a Meta with its error, as readHEIFItem returns them.
type metaErr struct {
	Meta
	err error
}

// readHEIFItem reads the EXIF of a HEIF file whose Exif item lies beyond the prefix b (some
// phones write it at the end of the file), at most PrefixSize bytes of it, where it is. ok is
// false when the item is inside b or not found.
func readHEIFItem(r io.ReaderAt, b []byte) (metaErr, bool) {
	off, n, ok := heifExifExtent(b)
	if !ok || off < uint64(len(b)) || off > math.MaxInt64 {
		return metaErr{}, false
	}
	size := uint64(PrefixSize)
	if n != 0 {
		size = min(n, size)
	}
	item := make([]byte, size)
	got, err := r.ReadAt(item, int64(off))
	if err != nil && !errors.Is(err, io.EOF) {
		return metaErr{Meta{Orientation: 1}, fmt.Errorf("exif: read: %w", err)}, true
	}
	raw, strict := exifItem(item[:got], n != 0 && uint64(got) == n)
	if raw == nil {
		return metaErr{Meta{Orientation: 1}, nil}, true
	}
	m, err := decode(raw, strict)
	m.Orientation = 1 // see Meta.Orientation
	return metaErr{m, err}, true
}

// Parse is Read for a prefix the caller already holds; it looks at no more than PrefixSize bytes
// of b and does not keep b.
func Parse(b []byte) (Meta, error) {
	b = b[:min(len(b), PrefixSize)]
	raw, strict := findTIFF(b)
	if raw == nil {
		return Meta{Orientation: 1}, nil
	}
	m, err := decode(raw, strict)
	if isHEIF(b) {
		m.Orientation = 1 // see Meta.Orientation
	}
	return m, err
}
