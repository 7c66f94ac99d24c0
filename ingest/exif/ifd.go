package exif

import (
	"bytes"
	"encoding/binary"
	"fmt"
)

// Limits of the structure walk. Real files have a few IFDs of a few dozen entries each.
const (
	maxIFDs    = 8    // IFDs visited in one file
	maxEntries = 1024 // entries in one IFD
)

// TIFF tags the walk itself needs.
const (
	tagExifIFD            = 0x8769
	tagGPSIFD             = 0x8825
	tagOffsetTime         = 0x9010
	tagOffsetTimeOriginal = 0x9011
	tagOffsetTimeDigitzed = 0x9012
	tagUnused             = 0xFFFF // no decoder field has this id: a neutralised entry
)

// ifdKind names the role of an IFD. Only pointers in IFD0 are followed: to the Exif IFD and the
// GPS IFD. IFD1 is walked only to find loops in the chain.
type ifdKind int

const (
	kindIFD0 ifdKind = iota
	kindIFD1
	kindExif
	kindGPS
)

// tiffData is a repaired copy of a TIFF structure and what the walk found on the way.
type tiffData struct {
	clean   []byte
	order   binary.ByteOrder
	strict  bool      // data is a complete container segment: missing bytes are damage
	spans   [][3]int  // start, end and kind of the IFDs accepted so far
	damage  []string  // what was wrong, for the error message
	offsets [3]string // OffsetTime, OffsetTimeOriginal, OffsetTimeDigitized (raw ASCII)
	kept    [][3]int  // (kind, tag, position) of the entries left for goexif
	loop    bool      // an IFD pointer led back to an IFD already visited
}

// repair validates the TIFF structure in raw and returns a copy in which goexif can only meet
// sound, small data: a chain of one IFD (IFD0), an Exif and a GPS IFD, each inside the data,
// visited once, with at most maxEntries entries; and only the entries Meta uses, each of a known
// type, a small count and its value in bounds. Every other entry is neutralised (retagged 0xFFFF,
// one BYTE), so that the rest of the file still decodes. repair fails only when IFD0 itself is
// unusable; other damage is listed in damage.
//
// When strict is false the data may be an arbitrary prefix of a longer file (a bare TIFF), so a
// reference past its end is dropped silently rather than counted as damage.
func repair(raw []byte, strict bool) (*tiffData, error) {
	if len(raw) < 8 {
		return nil, fmt.Errorf("%w: TIFF header of %d bytes", ErrCorrupt, len(raw))
	}
	var order binary.ByteOrder
	switch string(raw[:2]) {
	case "II":
		order = binary.LittleEndian
	case "MM":
		order = binary.BigEndian
	default:
		return nil, fmt.Errorf("%w: bad TIFF byte order %q", ErrCorrupt, raw[:2])
	}
	if order.Uint16(raw[2:]) != 42 {
		return nil, fmt.Errorf("%w: bad TIFF magic", ErrCorrupt)
	}
	t := &tiffData{clean: bytes.Clone(raw), order: order, strict: strict}
	next0, ok := t.ifd(order.Uint32(raw[4:]), kindIFD0)
	if !ok {
		return nil, fmt.Errorf("%w: IFD0 unusable: %s", ErrCorrupt, t.damageText())
	}
	t.chain(next0)
	return t, nil
}

// chain checks the IFD chain after IFD0, whose next pointer is at pos, for loops, and then cuts
// it after IFD0: Meta uses nothing from IFD1 (the thumbnail) or later IFDs.
func (t *tiffData) chain(pos int) {
	off1 := t.order.Uint32(t.clean[pos:])
	t.order.PutUint32(t.clean[pos:], 0)
	if off1 == 0 {
		return
	}
	next1, ok := t.ifd(off1, kindIFD1)
	if !ok {
		return
	}
	if off2 := t.order.Uint32(t.clean[next1:]); off2 != 0 && t.visited(int(off2)) {
		t.loop = true
		t.note("IFD chain loops back to offset %d", off2)
	}
}

// ifd checks the IFD at off and its entries, and returns the position of its next-IFD field.
func (t *tiffData) ifd(off uint32, kind ifdKind) (nextPos int, ok bool) {
	b := t.clean
	switch {
	case off < 8:
		t.note("IFD at offset %d inside the header", off)
		return 0, false
	case t.visited(int(off)):
		t.loop = true
		t.note("IFD at offset %d visited twice", off)
		return 0, false
	case len(t.spans) >= maxIFDs:
		t.note("more than %d IFDs", maxIFDs)
		return 0, false
	case uint64(off)+2 > uint64(len(b)):
		t.missing("IFD at offset %d past the end of %d bytes", off, len(b))
		return 0, false
	}
	n := int(t.order.Uint16(b[off:]))
	if n > maxEntries {
		t.note("IFD at offset %d has %d entries", off, n)
		return 0, false
	}
	start, end := int(off), int(off)+2+12*n+4
	if end > len(b) {
		t.missing("IFD at offset %d runs past the end", off)
		return 0, false
	}
	// The span is what repair may rewrite: the entries, and the next-IFD field of the chain's
	// IFDs. A sub-IFD's next field is read but ignored, and some cameras place the following
	// IFD over it, so it may be shared.
	span := [3]int{start, end, int(kind)}
	if kind != kindIFD0 && kind != kindIFD1 {
		span[1] -= 4
	}
	if t.overlaps(span[0], span[1]) {
		t.note("IFD at offset %d overlaps another", off)
		return 0, false
	}
	t.spans = append(t.spans, span)
	for i := range n {
		t.entry(start+2+12*i, kind)
	}
	return end - 4, true
}

// entry checks one IFD entry at pos, follows sub-IFD pointers, and neutralises what is unsound.
func (t *tiffData) entry(pos int, kind ifdKind) {
	b := t.clean
	tag := t.order.Uint16(b[pos:])
	typ := t.order.Uint16(b[pos+2:])
	count := t.order.Uint32(b[pos+4:])
	size := uint64(typeSize(typ)) * uint64(count)
	switch {
	case size == 0:
		// Unknown type or empty value: goexif would reject the whole IFD.
		t.neutralise(pos)
		return
	case size > 1<<32-1 || count == 1<<32-1:
		t.note("tag %#04x claims %d values of type %d", tag, count, typ)
		t.neutralise(pos)
		return
	case size > 4 && uint64(t.order.Uint32(b[pos+8:]))+size > uint64(len(b)):
		t.missing("tag %#04x value past the end", tag)
		t.neutralise(pos)
		return
	}
	if sub, ok := subIFDKind(tag); ok && kind == kindIFD0 {
		t.pointer(pos, typ, count, sub)
		return
	}
	if kind == kindExif && typ == 2 && tag >= tagOffsetTime && tag <= tagOffsetTimeDigitzed && count <= 32 {
		t.offsets[tag-tagOffsetTime] = string(t.value(pos, size))
	}
	// goexif decodes every entry it is given, allocating up to 40 bytes per value, and many
	// entries may share one large value; so it is given only the entries Meta uses, with a
	// small count, and only the last of duplicates (the one goexif would keep).
	if count > maxCount(kind, tag) {
		t.neutralise(pos)
		return
	}
	t.keep(kind, tag, pos)
}

// keep records the entry at pos as the one kept for (kind, tag), neutralising an earlier one.
func (t *tiffData) keep(kind ifdKind, tag uint16, pos int) {
	k := [3]int{int(kind), int(tag), pos}
	for i, x := range t.kept {
		if x[0] == k[0] && x[1] == k[1] {
			t.neutralise(x[2])
			t.kept[i] = k
			return
		}
	}
	t.kept = append(t.kept, k)
}

// maxCount is the largest count of a tag that Meta uses, and 0 for tags it does not use.
func maxCount(kind ifdKind, tag uint16) uint32 {
	switch kind {
	case kindIFD0, kindExif:
		switch tag {
		case 0x010F, 0x0110, 0xA433, 0xA434: // Make, Model, LensMake, LensModel
			return 1024
		case 0x0132, 0x9003, 0x9004, 0x9290, 0x9291, 0x9292: // dates and sub-seconds
			return 64
		case 0x0100, 0x0101, 0xA002, 0xA003, 0x0112, 0x829A, 0x829D, 0x920A, 0x8827:
			// sizes, orientation, exposure time, f-number, focal length, ISO
			return 8
		}
	case kindGPS:
		switch tag {
		case 0x01, 0x03, 0x05: // latitude, longitude and altitude references
			return 8
		case 0x02, 0x04: // latitude, longitude: three rationals, or text from some HTC phones
			return 64
		case 0x06, 0x07, 0x1D: // altitude, time, date
			return 32
		}
	}
	return 0
}

// pointer follows a sub-IFD pointer entry, neutralising it when it is malformed or its target
// is unusable.
func (t *tiffData) pointer(pos int, typ uint16, count uint32, sub ifdKind) {
	if count != 1 || (typ != 3 && typ != 4) {
		t.note("sub-IFD pointer of type %d count %d", typ, count)
		t.neutralise(pos)
		return
	}
	off := t.order.Uint32(t.clean[pos+8:])
	if typ == 3 {
		off = uint32(t.order.Uint16(t.clean[pos+8:]))
	}
	if t.hasKind(sub) {
		t.note("second pointer to a sub-IFD of kind %d", sub)
		t.neutralise(pos)
		return
	}
	if _, ok := t.ifd(off, sub); !ok {
		t.neutralise(pos)
	}
}

// value returns the bytes of the (checked) entry at pos, cut at the first NUL.
func (t *tiffData) value(pos int, size uint64) []byte {
	v := t.clean[pos+8 : pos+8+int(min(size, 4))]
	if size > 4 {
		off := int(t.order.Uint32(t.clean[pos+8:]))
		v = t.clean[off : off+int(size)]
	}
	if i := bytes.IndexByte(v, 0); i >= 0 {
		v = v[:i]
	}
	return v
}

// neutralise turns the entry at pos into one BYTE of an unused tag.
func (t *tiffData) neutralise(pos int) {
	t.order.PutUint16(t.clean[pos:], tagUnused)
	t.order.PutUint16(t.clean[pos+2:], 1)
	t.order.PutUint32(t.clean[pos+4:], 1)
	t.order.PutUint32(t.clean[pos+8:], 0)
}

// hasKind reports whether an IFD of kind k was accepted.
func (t *tiffData) hasKind(k ifdKind) bool {
	for _, s := range t.spans {
		if s[2] == int(k) {
			return true
		}
	}
	return false
}

func (t *tiffData) visited(off int) bool {
	for _, s := range t.spans {
		if s[0] == off {
			return true
		}
	}
	return false
}

func (t *tiffData) overlaps(start, end int) bool {
	for _, s := range t.spans {
		if start < s[1] && s[0] < end {
			return true
		}
	}
	return false
}

// note records damage; missing records data past the end, which is damage only in strict mode.
func (t *tiffData) note(format string, args ...any) {
	if len(t.damage) < 8 {
		t.damage = append(t.damage, fmt.Sprintf(format, args...))
	}
}

func (t *tiffData) missing(format string, args ...any) {
	if t.strict {
		t.note(format, args...)
	}
}

func (t *tiffData) damageText() string {
	if len(t.damage) == 0 {
		return "no IFD"
	}
	return fmt.Sprint(t.damage)
}

// subIFDKind returns the kind of IFD a pointer tag in IFD0 leads to. goexif also follows an
// interoperability pointer and pointers found in the Exif IFD; Meta needs none of them, so they
// are neutralised like any unused entry.
func subIFDKind(tag uint16) (ifdKind, bool) {
	switch tag {
	case tagExifIFD:
		return kindExif, true
	case tagGPSIFD:
		return kindGPS, true
	}
	return 0, false
}

// typeSize is the size in bytes of one value of TIFF type typ, 0 for types goexif does not know.
func typeSize(typ uint16) uint32 {
	switch typ {
	case 1, 2, 6, 7:
		return 1
	case 3, 8:
		return 2
	case 4, 9, 11:
		return 4
	case 5, 10, 12:
		return 8
	}
	return 0
}
