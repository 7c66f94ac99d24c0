package exif

import (
	"bytes"
	"encoding/binary"
	"slices"
)

// Canon CR3 files are ISO BMFF: their EXIF is split over the boxes CMT1 (IFD0), CMT2 (the Exif
// IFD) and CMT4 (the GPS IFD) inside a uuid box of the moov box, each a TIFF of its own.
// cr3TIFF joins them into one TIFF, as a JPEG would carry it, for decode to read.

// canonUUID identifies the uuid box holding Canon's metadata boxes.
var canonUUID = []byte{0x85, 0xc0, 0xb6, 0x87, 0x82, 0x0f, 0x11, 0xe0, 0x81, 0x11, 0xf4, 0xce, 0x46, 0x2b, 0x6a, 0x48}

// isCR3 reports whether b starts a Canon CR3 file (major brand "crx ").
func isCR3(b []byte) bool { return len(b) >= 12 && string(b[4:12]) == "ftypcrx " }

// maxCR3Entries bounds the IFD0 entries copied: CMT1 holds about a dozen.
const maxCR3Entries = 256

// cr3TIFF returns one TIFF holding CMT1's IFD0 with pointers to CMT2's and CMT4's IFDs appended
// after it, or nil when the boxes are missing or damaged. strict is true: the boxes bound the data.
func cr3TIFF(b []byte) (tiff []byte, strict bool) {
	moov := findBox(b, "moov")
	var meta []byte
	for rest := moov; ; {
		t, payload, next, ok := nextBox(rest)
		if !ok {
			return nil, false
		}
		if t == "uuid" && bytes.HasPrefix(payload, canonUUID) {
			meta = payload[len(canonUUID):]
			break
		}
		rest = next
	}
	ifd0 := findBox(meta, "CMT1")
	if len(ifd0) < 8 {
		return nil, false
	}
	order, ok := tiffOrder(ifd0)
	if !ok {
		return nil, false
	}
	out := bytes.Clone(ifd0)
	var pointers [][12]byte
	for _, sub := range []struct {
		box string
		tag uint16
	}{{"CMT2", tagExifIFD}, {"CMT4", tagGPSIFD}} {
		t := findBox(meta, sub.box)
		if o, ok := tiffOrder(t); !ok || o != order {
			continue
		}
		out = append(out, make([]byte, len(out)%2)...)
		base := uint32(len(out))
		out = append(out, t...)
		if !relocate(out[base:], order, base) {
			return nil, false
		}
		var e [12]byte
		order.PutUint16(e[0:], sub.tag)
		order.PutUint16(e[2:], 4) // LONG
		order.PutUint32(e[4:], 1)
		order.PutUint32(e[8:], base+order.Uint32(t[4:]))
		pointers = append(pointers, e)
	}
	return joinIFD0(out, order, pointers), true
}

// byteOrder reads and appends.
type byteOrder interface {
	binary.ByteOrder
	binary.AppendByteOrder
}

// tiffOrder returns the byte order of a TIFF header.
func tiffOrder(b []byte) (byteOrder, bool) {
	switch {
	case len(b) < 8:
		return nil, false
	case string(b[:4]) == "II*\x00":
		return binary.LittleEndian, true
	case string(b[:4]) == "MM\x00*":
		return binary.BigEndian, true
	}
	return nil, false
}

// ifd0Entries returns where the 12-byte entries of the first IFD of the TIFF t start and end, and false when
// they do not fit in t or are more than maxCR3Entries.
func ifd0Entries(t []byte, order byteOrder) (start, end uint64, ok bool) {
	off := uint64(order.Uint32(t[4:]))
	if off+2 > uint64(len(t)) {
		return 0, 0, false
	}
	n := uint64(order.Uint16(t[off:]))
	if n > maxCR3Entries || off+2+12*n > uint64(len(t)) {
		return 0, 0, false
	}
	return off + 2, off + 2 + 12*n, true
}

// relocate adds delta to every offset in the first IFD of the TIFF t (moved delta bytes into a
// larger TIFF): its out-of-line values. The IFD offset in t's own header is left alone.
func relocate(t []byte, order byteOrder, delta uint32) bool {
	start, end, ok := ifd0Entries(t, order)
	if !ok {
		return false
	}
	for p := start; p < end; p += 12 {
		typ, count := order.Uint16(t[p+2:]), order.Uint32(t[p+4:])
		if size := uint64(typeSize(typ)) * uint64(count); size > 4 {
			order.PutUint32(t[p+8:], order.Uint32(t[p+8:])+delta)
		}
	}
	return true
}

// joinIFD0 writes a new IFD0 at the end of t: the entries of t's IFD0 (pointers to sub-IFDs
// removed) and the given pointers, sorted by tag, and points t's header at it.
func joinIFD0(t []byte, order byteOrder, pointers [][12]byte) []byte {
	start, end, ok := ifd0Entries(t, order)
	if !ok {
		return nil
	}
	var entries [][12]byte
	for p := start; p < end; p += 12 {
		if tag := order.Uint16(t[p:]); tag != tagExifIFD && tag != tagGPSIFD {
			entries = append(entries, [12]byte(t[p:p+12]))
		}
	}
	entries = append(entries, pointers...)
	slices.SortFunc(entries, func(a, b [12]byte) int { return int(order.Uint16(a[:])) - int(order.Uint16(b[:])) })
	t = append(t, make([]byte, len(t)%2)...)
	order.PutUint32(t[4:], uint32(len(t)))
	t = order.AppendUint16(t, uint16(len(entries)))
	for _, e := range entries {
		t = append(t, e[:]...)
	}
	return order.AppendUint32(t, 0)
}
