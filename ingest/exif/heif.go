package exif

import "encoding/binary"

// heifTIFF returns the EXIF of a HEIF file (HEIC, AVIF): the item of type "Exif" located
// through the top-level meta box. The item's data starts with a 32-bit offset to the TIFF
// header. strict is false when the item runs past the end of b; the item is not found when it
// starts past the end (Read then reads it where it is, when it can).
func heifTIFF(b []byte) (tiff []byte, strict bool) {
	off, n, ok := heifExifExtent(b)
	if !ok || off >= uint64(len(b)) {
		return nil, false
	}
	end := uint64(len(b))
	if n != 0 && n <= end-off {
		end = off + n
	}
	return exifItem(b[off:end], n != 0 && end == off+n)
}

// heifExifExtent returns the file offset and length (0: to the end) of a HEIF file's Exif item,
// from the meta box in b.
func heifExifExtent(b []byte) (off, n uint64, ok bool) {
	meta := findBox(b, "meta")
	if len(meta) < 4 {
		return 0, 0, false
	}
	meta = meta[4:] // version and flags
	id, ok := exifItemID(findBox(meta, "iinf"))
	if !ok {
		return 0, 0, false
	}
	return itemExtent(findBox(meta, "iloc"), id)
}

// exifItem returns the TIFF inside an Exif item's data; complete says whether data is the
// whole item.
func exifItem(data []byte, complete bool) (tiff []byte, strict bool) {
	if len(data) < 4 {
		return nil, false
	}
	skip := uint64(binary.BigEndian.Uint32(data))
	if skip > uint64(len(data)-4) {
		return nil, false
	}
	return data[4+skip:], complete
}

// nextBox splits the first ISO BMFF box off b. A box that claims more than b holds is cut
// short; a size of 0 means "to the end".
func nextBox(b []byte) (typ string, payload, rest []byte, ok bool) {
	if len(b) < 8 {
		return "", nil, nil, false
	}
	size, hdr := uint64(binary.BigEndian.Uint32(b)), uint64(8)
	switch size {
	case 0:
		size = uint64(len(b))
	case 1:
		if len(b) < 16 {
			return "", nil, nil, false
		}
		size, hdr = binary.BigEndian.Uint64(b[8:]), 16
	}
	if size < hdr {
		return "", nil, nil, false
	}
	end := min(size, uint64(len(b)))
	return string(b[4:8]), b[hdr:end], b[end:], true
}

// findBox returns the payload of the first box of type typ in b, or nil.
func findBox(b []byte, typ string) []byte {
	for {
		t, payload, rest, ok := nextBox(b)
		if !ok {
			return nil
		}
		if t == typ {
			return payload
		}
		b = rest
	}
}

// exifItemID finds the id of the item of type "Exif" in an iinf box payload.
func exifItemID(iinf []byte) (uint32, bool) {
	if len(iinf) < 4 {
		return 0, false
	}
	skip := 6 // version, flags, 16-bit entry count
	if iinf[0] != 0 {
		skip = 8
	}
	if len(iinf) < skip {
		return 0, false
	}
	for b := iinf[skip:]; ; {
		t, infe, rest, ok := nextBox(b)
		if !ok {
			return 0, false
		}
		b = rest
		if t != "infe" || len(infe) < 4 || infe[0] < 2 {
			continue // versions 0 and 1 have no item type
		}
		c := cursor{b: infe[4:]}
		idSize := 2
		if infe[0] >= 3 {
			idSize = 4
		}
		id := c.uint(idSize)
		c.uint(2) // protection index
		if typ := c.bytes(4); !c.bad && string(typ) == "Exif" {
			return uint32(id), true
		}
	}
}

// itemExtent returns the file offset and length (0: to the end) of the first extent of item id,
// from an iloc box payload. Only items stored in the file itself (construction method 0) count.
func itemExtent(iloc []byte, id uint32) (off, n uint64, ok bool) {
	if len(iloc) < 4 {
		return 0, 0, false
	}
	v := iloc[0]
	c := cursor{b: iloc[4:]}
	sizes := c.uint(2)
	offSize, lenSize, baseSize, idxSize := int(sizes>>12), int(sizes>>8&15), int(sizes>>4&15), int(sizes&15)
	if v == 0 {
		idxSize = 0
	}
	wide := 2 // width of item ids and the item count
	if v == 2 {
		wide = 4
	}
	count := c.uint(wide)
	for i := uint64(0); i < count && !c.bad; i++ {
		itemID := c.uint(wide)
		method := uint64(0)
		if v == 1 || v == 2 {
			method = c.uint(2) & 15
		}
		c.uint(2) // data reference index
		base := c.uint(baseSize)
		extents := c.uint(2)
		if extents == 0 {
			continue
		}
		c.uint(idxSize)
		eoff, elen := c.uint(offSize), c.uint(lenSize)
		if itemID == uint64(id) && !c.bad {
			return base + eoff, elen, method == 0 && base+eoff >= base
		}
		c.bytes(int(extents-1) * (idxSize + offSize + lenSize)) // the other extents
	}
	return 0, 0, false
}

// cursor reads big-endian fields; once a read runs past the end, bad is set and reads give 0.
type cursor struct {
	b   []byte
	bad bool
}

func (c *cursor) bytes(n int) []byte {
	if c.bad || n > len(c.b) {
		c.bad = true
		return nil
	}
	v := c.b[:n]
	c.b = c.b[n:]
	return v
}

// uint reads an unsigned integer of n bytes: 0 (nothing), 1, 2, 4 or 8.
func (c *cursor) uint(n int) uint64 {
	if n != 0 && n != 1 && n != 2 && n != 4 && n != 8 {
		c.bad = true
		return 0
	}
	var x uint64
	for _, by := range c.bytes(n) {
		x = x<<8 | uint64(by)
	}
	return x
}
