// Package exiftest builds small JPEG and TIFF files carrying chosen EXIF tags, for tests.
//
// It writes exactly what it is given, valid or not: an orientation of 9, a latitude of NaN, a count
// that does not match the data, an IFD chain that loops. That makes it useful both for ordinary
// ingest tests (a JPEG with orientation 6 and a known date) and for hostile-file tests of
// sajin/ingest/exif. It is meant for tests only; it never reads files and holds no state.
//
// Layout of the TIFF it writes (offsets relative to the TIFF header, as in EXIF): the header, then
// IFD0 at offset 8 and its out-of-line values, then the Exif IFD, the GPS IFD and IFD1 when they
// have entries, each followed by its values. Entries are sorted by tag.
package exiftest

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"slices"
)

// TIFF field types, as numbered by the TIFF 6.0 specification.
const (
	TypeByte      uint16 = 1
	TypeASCII     uint16 = 2
	TypeShort     uint16 = 3
	TypeLong      uint16 = 4
	TypeRational  uint16 = 5
	TypeSByte     uint16 = 6
	TypeUndefined uint16 = 7
	TypeSShort    uint16 = 8
	TypeSLong     uint16 = 9
	TypeSRational uint16 = 10
	TypeFloat     uint16 = 11
	TypeDouble    uint16 = 12
)

// Tag numbers the builder writes itself and tests often need.
const (
	TagImageWidth         uint16 = 0x0100
	TagImageHeight        uint16 = 0x0101
	TagMake               uint16 = 0x010F
	TagModel              uint16 = 0x0110
	TagOrientation        uint16 = 0x0112
	TagDateTime           uint16 = 0x0132
	TagExifIFD            uint16 = 0x8769
	TagGPSIFD             uint16 = 0x8825
	TagDateTimeOriginal   uint16 = 0x9003
	TagDateTimeDigitized  uint16 = 0x9004
	TagOffsetTime         uint16 = 0x9010
	TagOffsetTimeOriginal uint16 = 0x9011
	TagSubSecTimeOriginal uint16 = 0x9291
	TagPixelXDimension    uint16 = 0xA002
	TagPixelYDimension    uint16 = 0xA003
	TagLensMake           uint16 = 0xA433
	TagLensModel          uint16 = 0xA434
	TagGPSLatitudeRef     uint16 = 0x0001
	TagGPSLatitude        uint16 = 0x0002
	TagGPSLongitudeRef    uint16 = 0x0003
	TagGPSLongitude       uint16 = 0x0004
	TagGPSAltitudeRef     uint16 = 0x0005
	TagGPSAltitude        uint16 = 0x0006
	TagGPSTimeStamp       uint16 = 0x0007
	TagGPSDateStamp       uint16 = 0x001D
)

// Layout is the EXIF date format, for time.Format: Tags{DateTimeOriginal: t.Format(Layout)}.
const Layout = "2006:01:02 15:04:05"

// IFD0Offset is where IFD0 starts in every TIFF this package writes; a raw entry can point at it
// to make a sub-IFD loop back to the top.
const IFD0Offset = 8

// Tags lists the EXIF fields to write. Zero values are left out. Values are written as given,
// without validation, so hostile values are easy to produce.
type Tags struct {
	// LittleEndian writes an "II" TIFF; the default is big-endian "MM".
	LittleEndian bool

	DateTime           string // IFD0 DateTime, "2006:01:02 15:04:05"
	DateTimeOriginal   string // Exif DateTimeOriginal, "2006:01:02 15:04:05"
	DateTimeDigitized  string // Exif DateTimeDigitized
	OffsetTime         string // Exif OffsetTime, "+09:00"
	OffsetTimeOriginal string // Exif OffsetTimeOriginal, "+09:00"
	SubSecTimeOriginal string // Exif SubSecTimeOriginal, "123"

	// Orientation is written as a SHORT when non-zero (so 9 or 65535 are possible). To write a
	// literal 0, add Short(TagOrientation, 0) to IFD0.
	Orientation int

	Make, Model         string // IFD0 Make and Model
	LensMake, LensModel string // Exif LensMake and LensModel
	Width, Height       int    // Exif PixelXDimension and PixelYDimension (LONG)

	// GPS, when non-nil, writes a GPS IFD.
	GPS *GPS

	// Raw entries, added to the named IFD. An entry replaces a generated entry with the same tag
	// in the same IFD (so Long(TagExifIFD, IFD0Offset) in IFD0 makes the Exif pointer loop).
	IFD0, Exif, GPSIFD, IFD1 []Entry

	// LoopIFD makes the IFD chain circular: IFD0's next-IFD offset points at IFD1 and IFD1's
	// points back at IFD0. IFD1 is written even when it has no entries.
	LoopIFD bool
}

// GPS is a position to write. Signed degrees are converted to EXIF's unsigned
// degrees/minutes/seconds and N/S, E/W references. A NaN or infinite coordinate is written as
// three 0/0 rationals.
type GPS struct {
	Lat, Lon float64
	// Alt, when non-nil, writes GPSAltitude and GPSAltitudeRef (1 below sea level).
	Alt *float64
	// DateStamp "2006:01:02" and TimeStamp "15:04:05" (UTC) are written when non-empty.
	DateStamp, TimeStamp string
	// NoRef leaves out GPSLatitudeRef and GPSLongitudeRef.
	NoRef bool
}

// Entry is one raw IFD entry.
type Entry struct {
	Tag  uint16
	Type uint16
	// Count is the written count; 0 means the count implied by the value.
	Count uint32
	// Ints holds values of integer types; for the rational types it holds
	// numerator, denominator pairs.
	Ints []int64
	// Floats holds FLOAT and DOUBLE values.
	Floats []float64
	// Bytes holds ASCII (write the NUL yourself, or use ASCII), UNDEFINED and unknown-type data.
	Bytes []byte
	// Offset, when non-zero, is written in the value field instead of the value, which is then
	// not stored at all: use it for counts or offsets that lie.
	Offset uint32
}

// ASCII returns a NUL-terminated ASCII entry.
func ASCII(tag uint16, s string) Entry {
	return Entry{Tag: tag, Type: TypeASCII, Bytes: append([]byte(s), 0)}
}

// Short returns a SHORT entry.
func Short(tag uint16, v ...int64) Entry { return Entry{Tag: tag, Type: TypeShort, Ints: v} }

// Long returns a LONG entry.
func Long(tag uint16, v ...int64) Entry { return Entry{Tag: tag, Type: TypeLong, Ints: v} }

// Rational returns a RATIONAL entry from numerator, denominator pairs.
func Rational(tag uint16, numDen ...int64) Entry {
	return Entry{Tag: tag, Type: TypeRational, Ints: numDen}
}

// Undefined returns an UNDEFINED entry.
func Undefined(tag uint16, b []byte) Entry { return Entry{Tag: tag, Type: TypeUndefined, Bytes: b} }

// JPEG encodes img (a small gray image when nil) as a JPEG and inserts an EXIF APP1 segment
// built from tags right after the SOI marker. It panics if the EXIF does not fit in one APP1
// segment (64 KiB), which only a test's own mistake can cause.
func JPEG(img image.Image, tags Tags) []byte {
	if img == nil {
		img = Gray(16, 8)
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 80}); err != nil {
		panic(fmt.Sprintf("exiftest: encode jpeg: %v", err))
	}
	return InsertAPP1(buf.Bytes(), APP1(tags))
}

// Gray returns a w×h image with a horizontal gradient, so that orientation tests can tell the
// sides apart.
func Gray(w, h int) *image.Gray {
	img := image.NewGray(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.SetGray(x, y, color.Gray{Y: uint8(x * 255 / max(w-1, 1))})
		}
	}
	return img
}

// APP1 returns a complete APP1 segment (marker, length, "Exif\0\0", TIFF) for tags. It panics
// if the segment would exceed the 65535-byte JPEG limit.
func APP1(tags Tags) []byte {
	tiff := TIFF(tags)
	n := 2 + 6 + len(tiff)
	if n > math.MaxUint16 {
		panic(fmt.Sprintf("exiftest: APP1 of %d bytes exceeds 65535", n))
	}
	seg := []byte{0xFF, 0xE1, byte(n >> 8), byte(n)}
	seg = append(seg, "Exif\x00\x00"...)
	return append(seg, tiff...)
}

// InsertAPP1 returns a copy of the JPEG j with seg inserted right after its SOI marker. It
// panics if j does not start with SOI.
func InsertAPP1(j, seg []byte) []byte {
	if len(j) < 2 || j[0] != 0xFF || j[1] != 0xD8 {
		panic("exiftest: not a JPEG")
	}
	out := make([]byte, 0, len(j)+len(seg))
	out = append(out, j[:2]...)
	out = append(out, seg...)
	return append(out, j[2:]...)
}

// TIFF returns the TIFF structure (header and IFDs) for tags, as stored after "Exif\0\0".
func TIFF(tags Tags) []byte {
	var order binary.AppendByteOrder = binary.BigEndian
	head := []byte{'M', 'M', 0, 42, 0, 0, 0, IFD0Offset}
	if tags.LittleEndian {
		order = binary.LittleEndian
		head = []byte{'I', 'I', 42, 0, IFD0Offset, 0, 0, 0}
	}
	ifd0, exif, gps, ifd1 := tags.entries()
	hasIFD1 := tags.LoopIFD || len(ifd1) > 0
	w := writer{order: order, buf: head}
	// Sizes do not depend on pointer values, so lay out first with placeholders, then fill in
	// the generated pointers (a raw entry for the same tag keeps its own value).
	offs := w.layout([][]Entry{ifd0, exif, gps, ifd1})
	if len(exif) > 0 && !hasTag(tags.IFD0, TagExifIFD) {
		ifd0 = upsert(ifd0, Long(TagExifIFD, int64(offs[1])))
	}
	if len(gps) > 0 && !hasTag(tags.IFD0, TagGPSIFD) {
		ifd0 = upsert(ifd0, Long(TagGPSIFD, int64(offs[2])))
	}
	var next0, next1 uint32
	if hasIFD1 {
		next0 = offs[3]
	}
	if tags.LoopIFD {
		next1 = IFD0Offset
	}
	w.ifd(ifd0, next0)
	if len(exif) > 0 {
		w.ifd(exif, 0)
	}
	if len(gps) > 0 {
		w.ifd(gps, 0)
	}
	if hasIFD1 {
		w.ifd(ifd1, next1)
	}
	return w.buf
}

// entries returns the generated and raw entries of each IFD, with placeholder sub-IFD pointers
// in IFD0.
func (t Tags) entries() (ifd0, exif, gps, ifd1 []Entry) {
	ifd0 = appendASCII(ifd0, TagMake, t.Make)
	ifd0 = appendASCII(ifd0, TagModel, t.Model)
	ifd0 = appendASCII(ifd0, TagDateTime, t.DateTime)
	if t.Orientation != 0 {
		ifd0 = append(ifd0, Short(TagOrientation, int64(t.Orientation)))
	}
	exif = appendASCII(exif, TagDateTimeOriginal, t.DateTimeOriginal)
	exif = appendASCII(exif, TagDateTimeDigitized, t.DateTimeDigitized)
	exif = appendASCII(exif, TagOffsetTime, t.OffsetTime)
	exif = appendASCII(exif, TagOffsetTimeOriginal, t.OffsetTimeOriginal)
	exif = appendASCII(exif, TagSubSecTimeOriginal, t.SubSecTimeOriginal)
	exif = appendASCII(exif, TagLensMake, t.LensMake)
	exif = appendASCII(exif, TagLensModel, t.LensModel)
	if t.Width != 0 || t.Height != 0 {
		exif = append(exif, Long(TagPixelXDimension, int64(t.Width)), Long(TagPixelYDimension, int64(t.Height)))
	}
	if t.GPS != nil {
		gps = t.GPS.entries()
	}
	exif = overlay(exif, t.Exif)
	gps = overlay(gps, t.GPSIFD)
	ifd1 = overlay(ifd1, t.IFD1)
	if len(exif) > 0 {
		ifd0 = append(ifd0, Long(TagExifIFD, 0))
	}
	if len(gps) > 0 {
		ifd0 = append(ifd0, Long(TagGPSIFD, 0))
	}
	ifd0 = overlay(ifd0, t.IFD0)
	return ifd0, exif, gps, ifd1
}

func (g GPS) entries() []Entry {
	var e []Entry
	latRef, lonRef := "N", "E"
	if g.Lat < 0 {
		latRef = "S"
	}
	if g.Lon < 0 {
		lonRef = "W"
	}
	if !g.NoRef {
		e = append(e, ASCII(TagGPSLatitudeRef, latRef), ASCII(TagGPSLongitudeRef, lonRef))
	}
	e = append(e, Rational(TagGPSLatitude, dms(g.Lat)...), Rational(TagGPSLongitude, dms(g.Lon)...))
	if g.Alt != nil {
		ref := int64(0)
		if *g.Alt < 0 {
			ref = 1
		}
		e = append(e, Entry{Tag: TagGPSAltitudeRef, Type: TypeByte, Ints: []int64{ref}},
			Rational(TagGPSAltitude, int64(math.Round(math.Abs(*g.Alt)*100)), 100))
	}
	if g.TimeStamp != "" {
		var h, m, s int64
		fmt.Sscanf(g.TimeStamp, "%d:%d:%d", &h, &m, &s)
		e = append(e, Rational(TagGPSTimeStamp, h, 1, m, 1, s, 1))
	}
	return appendASCII(e, TagGPSDateStamp, g.DateStamp)
}

// dms converts signed degrees to three unsigned rationals; NaN and infinities become 0/0.
func dms(deg float64) []int64 {
	if math.IsNaN(deg) || math.IsInf(deg, 0) {
		return []int64{0, 0, 0, 0, 0, 0}
	}
	deg = math.Abs(deg)
	d := math.Floor(deg)
	m := math.Floor((deg - d) * 60)
	s := (deg - d - m/60) * 3600
	return []int64{int64(d), 1, int64(m), 1, int64(math.Round(s * 10000)), 10000}
}

func appendASCII(e []Entry, tag uint16, s string) []Entry {
	if s == "" {
		return e
	}
	return append(e, ASCII(tag, s))
}

func hasTag(e []Entry, tag uint16) bool {
	return slices.ContainsFunc(e, func(x Entry) bool { return x.Tag == tag })
}

// upsert replaces the entry with e's tag, or appends e.
func upsert(list []Entry, e Entry) []Entry {
	for i := range list {
		if list[i].Tag == e.Tag {
			list[i] = e
			return list
		}
	}
	return append(list, e)
}

// overlay applies raw entries over generated ones.
func overlay(list, raw []Entry) []Entry {
	list = slices.Clone(list)
	for _, e := range raw {
		list = upsert(list, e)
	}
	return list
}

// writer serialises IFDs into buf.
type writer struct {
	order binary.AppendByteOrder
	buf   []byte
}

// layout returns the offset each non-empty IFD will have when the IFDs are written in order
// after the current buffer (IFD1, the last, is always placed).
func (w *writer) layout(ifds [][]Entry) []uint32 {
	offs := make([]uint32, len(ifds))
	off := uint32(len(w.buf))
	for i, list := range ifds {
		if len(list) == 0 && i != len(ifds)-1 {
			continue
		}
		offs[i] = off
		off += ifdSize(list, w.order)
	}
	return offs
}

func ifdSize(list []Entry, order binary.AppendByteOrder) uint32 {
	n := uint32(2 + 12*len(list) + 4)
	for _, e := range list {
		if v := e.data(order); len(v) > 4 && e.Offset == 0 {
			n += uint32(len(v) + len(v)%2)
		}
	}
	return n
}

// ifd appends one IFD (sorted by tag) and its out-of-line values.
func (w *writer) ifd(list []Entry, next uint32) {
	list = slices.Clone(list)
	slices.SortStableFunc(list, func(a, b Entry) int { return int(a.Tag) - int(b.Tag) })
	start := uint32(len(w.buf))
	dataOff := start + uint32(2+12*len(list)+4)
	var data []byte
	w.buf = w.order.AppendUint16(w.buf, uint16(len(list)))
	for _, e := range list {
		v := e.data(w.order)
		w.buf = w.order.AppendUint16(w.buf, e.Tag)
		w.buf = w.order.AppendUint16(w.buf, e.Type)
		w.buf = w.order.AppendUint32(w.buf, e.count())
		switch {
		case e.Offset != 0:
			w.buf = w.order.AppendUint32(w.buf, e.Offset)
		case len(v) <= 4:
			w.buf = append(w.buf, v...)
			w.buf = append(w.buf, make([]byte, 4-len(v))...)
		default:
			w.buf = w.order.AppendUint32(w.buf, dataOff+uint32(len(data)))
			data = append(data, v...)
			if len(v)%2 == 1 {
				data = append(data, 0)
			}
		}
	}
	w.buf = w.order.AppendUint32(w.buf, next)
	w.buf = append(w.buf, data...)
}

// typeSize is the byte size of one value of TIFF type t, 1 for unknown types.
func typeSize(t uint16) int {
	switch t {
	case TypeShort, TypeSShort:
		return 2
	case TypeLong, TypeSLong, TypeFloat:
		return 4
	case TypeRational, TypeSRational, TypeDouble:
		return 8
	}
	return 1
}

func (e Entry) count() uint32 {
	switch {
	case e.Count != 0:
		return e.Count
	case len(e.Bytes) > 0:
		return uint32(len(e.Bytes) / typeSize(e.Type))
	case e.Type == TypeRational || e.Type == TypeSRational:
		return uint32(len(e.Ints) / 2)
	case len(e.Floats) > 0:
		return uint32(len(e.Floats))
	}
	return uint32(len(e.Ints))
}

// data encodes the entry's value in order.
func (e Entry) data(order binary.AppendByteOrder) []byte {
	if len(e.Bytes) > 0 {
		return e.Bytes
	}
	var b []byte
	for _, f := range e.Floats {
		if e.Type == TypeFloat {
			b = order.AppendUint32(b, math.Float32bits(float32(f)))
		} else {
			b = order.AppendUint64(b, math.Float64bits(f))
		}
	}
	size := typeSize(e.Type)
	if e.Type == TypeRational || e.Type == TypeSRational {
		size = 4
	}
	for _, v := range e.Ints {
		switch size {
		case 1:
			b = append(b, byte(v))
		case 2:
			b = order.AppendUint16(b, uint16(v))
		default:
			b = order.AppendUint32(b, uint32(v))
		}
	}
	return b
}
