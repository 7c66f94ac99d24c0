package thumb

import (
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"io"

	"sajin/ingest/thumb/libheif"
)

// HEIF files (HEIC from phones, AVIF, and generic HEIF) are decoded by libheif (see package
// libheif for why it, and its measured cost). Their pixels come out upright: libheif applies the
// irot and imir properties, so an EXIF orientation in a HEIF file must not be applied again
// (package exif reports orientation 1 for HEIF files for that reason).

// heifBrands maps the major brands of an ISO BMFF ftyp box to the format this package names:
// HEIC (HEVC stills and bursts), AVIF (AV1), generic HEIF (mif1, msf1: either codec), and Canon's
// CR3 raw files, which are ISO BMFF too.
var heifBrands = map[string]string{
	"heic": "heic", "heix": "heic", "heim": "heic", "heis": "heic", "hevc": "heic", "hevx": "heic",
	"avif": "avif", "avis": "avif",
	"mif1": "heif", "msf1": "heif",
	"crx ": "cr3",
}

// videoBrands are major brands of QuickTime and MP4 videos (a Live Photo's MOV, a phone's MP4),
// recognised only to say what they are.
var videoBrands = map[string]bool{
	"qt  ": true, "isom": true, "iso2": true, "mp41": true, "mp42": true, "avc1": true, "M4V ": true,
	"3gp4": true, "3gp5": true, "3gp6": true, "3g2a": true, "MSNV": true, "XAVC": true,
}

// sniffBMFF recognises an ISO BMFF image by its ftyp box's major brand (head[8:12]).
func sniffBMFF(head []byte) (format, bool) {
	if len(head) < 12 || string(head[4:8]) != "ftyp" {
		return format{}, false
	}
	brand := string(head[8:12])
	name, ok := heifBrands[brand]
	switch {
	case videoBrands[brand]:
		return format{name: "video", config: func(io.Reader) (image.Config, error) {
			return image.Config{}, fmt.Errorf("%w: a video (%q), not a photo: videos are not imported yet", ErrUnsupported, brand)
		}}, true
	case !ok:
		return format{}, false
	case name == "cr3":
		return rawFormat(name), true
	case name == "heif": // generic brands: name it by the first specific compatible brand
		size := min(int(binary.BigEndian.Uint32(head)), len(head))
		for i := 16; i+4 <= size; i += 4 {
			if n := heifBrands[string(head[i:i+4])]; n == "heic" || n == "avif" {
				name = n
				break
			}
		}
	}
	return format{name: name, config: heifConfig, decode: heifDecode}, true
}

// heifConfig reads the whole of r (Probe caps it at Options.MaxBytes) and returns the primary
// image's size after its transformations.
func heifConfig(r io.Reader) (image.Config, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return image.Config{}, err
	}
	if w, h, ok := largestItem(data); ok && (max(w, h) > MaxSide || int64(w)*int64(h) > maxItemPixels) {
		return image.Config{}, fmt.Errorf("%w: heif: an item of %dx%d pixels", ErrTooLarge, w, h)
	}
	if err := checkGrids(data); err != nil {
		return image.Config{}, err
	}
	h, err := libheif.Config(data, MaxSide)
	if err != nil {
		return image.Config{}, heifError(err)
	}
	return image.Config{ColorModel: h.Model, Width: h.Width, Height: h.Height}, nil
}

// heifDecode decodes the primary image. Decode has already checked the same bytes' declared size
// against the Maker's limits; libheif checks it again against MaxSide before decoding pixels.
func heifDecode(r io.Reader) (image.Image, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	if err := checkGrids(data); err != nil {
		return nil, err
	}
	img, err := libheif.Decode(data, MaxSide, int64(MaxSide)*MaxSide)
	if err != nil {
		return nil, heifError(err)
	}
	return img, nil
}

// heifError maps libheif's errors onto this package's sentinels.
func heifError(err error) error {
	switch {
	case errors.Is(err, libheif.ErrTooLarge):
		return fmt.Errorf("%w: %w", ErrTooLarge, err)
	case errors.Is(err, libheif.ErrUnsupported), errors.Is(err, libheif.ErrUnavailable):
		return fmt.Errorf("%w: %w", ErrUnsupported, err)
	}
	return fmt.Errorf("%w: %w", ErrCorrupt, err)
}

// maxItemPixels bounds every image item of a HEIF file (tiles, thumbnails, alpha and depth
// planes, not only the primary image, whose own size Decode checks against Options.MaxPixels):
// libheif allocates each item it decodes at its declared size.
const maxItemPixels = DefaultMaxPixels

// largestItem returns the largest size that an ispe (image spatial extents) property of the
// file's meta box declares; ok is false when there is none.
func largestItem(data []byte) (w, h uint32, ok bool) {
	meta := bmffBox(data, "meta")
	if len(meta) < 4 {
		return 0, 0, false
	}
	ipco := bmffBox(bmffBox(meta[4:], "iprp"), "ipco")
	for b := ipco; len(b) >= 8; {
		typ, payload, rest := bmffNext(b)
		if typ == "ispe" && len(payload) >= 12 {
			pw, ph := binary.BigEndian.Uint32(payload[4:]), binary.BigEndian.Uint32(payload[8:])
			if uint64(pw)*uint64(ph) > uint64(w)*uint64(h) || !ok {
				w, h, ok = pw, ph, true
			}
		}
		b = rest
	}
	return w, h, ok
}

// bmffNext splits the first ISO BMFF box off b (cut short where b ends; rest is nil when the
// box is damaged).
func bmffNext(b []byte) (typ string, payload, rest []byte) {
	size, hdr := uint64(binary.BigEndian.Uint32(b)), uint64(8)
	switch {
	case size == 0:
		size = uint64(len(b))
	case size == 1 && len(b) >= 16:
		size, hdr = binary.BigEndian.Uint64(b[8:]), 16
	}
	if size < hdr {
		return string(b[4:8]), nil, nil
	}
	end := min(size, uint64(len(b)))
	return string(b[4:8]), b[hdr:end], b[end:]
}

// bmffBox returns the payload of the first box of type typ among the boxes in b, or nil.
func bmffBox(b []byte, typ string) []byte {
	for len(b) >= 8 {
		t, payload, rest := bmffNext(b)
		if t == typ {
			return payload
		}
		b = rest
	}
	return nil
}

// checkGrids validates every grid item of a HEIF file before libheif decodes it. libheif (1.15)
// allocates a grid's canvas at the size its descriptor declares without clearing it and pastes
// the tiles, so a descriptor larger than its tiles cover would return uninitialised heap memory
// (earlier allocations: another photo) as pixels. Each grid must have as many dimg references as
// rows*columns, tiles of one ispe size, and tiles covering its output size.
func checkGrids(data []byte) error {
	meta := bmffBox(data, "meta")
	if len(meta) < 4 {
		return nil // libheif reports a missing meta box
	}
	boxes := meta[4:]
	var grids []uint32
	if err := parseIinf(bmffBox(boxes, "iinf"), func(id uint32, typ string) {
		if typ == "grid" {
			grids = append(grids, id)
		}
	}); err != nil {
		return err
	}
	if len(grids) == 0 {
		return nil
	}
	locs, err := parseIloc(bmffBox(boxes, "iloc"))
	if err != nil {
		return err
	}
	refs, err := parseDimg(bmffBox(boxes, "iref"))
	if err != nil {
		return err
	}
	sizes, err := parseIspe(bmffBox(boxes, "iprp"))
	if err != nil {
		return err
	}
	idat := bmffBox(boxes, "idat")
	for _, id := range grids {
		if err := checkGrid(id, data, idat, locs, refs, sizes); err != nil {
			return fmt.Errorf("%w: heif: grid item %d: %w", ErrCorrupt, id, err)
		}
	}
	return nil
}

var errHEIFBoxes = errors.New("damaged item boxes")

func checkGrid(id uint32, data, idat []byte, locs map[uint32]itemLoc, refs map[uint32][][]uint32, sizes map[uint32][][2]uint32) error {
	loc, ok := locs[id]
	if !ok {
		return errors.New("no location for its descriptor")
	}
	if loc.dup {
		return errors.New("more than one location for its descriptor")
	}
	d, err := loc.read(data, idat, 12)
	if err != nil {
		return err
	}
	if len(d) < 8 || d[0] != 0 {
		return errors.New("damaged descriptor")
	}
	rows, cols := uint64(d[2])+1, uint64(d[3])+1
	var ow, oh uint64
	if d[1]&1 == 0 {
		ow, oh = uint64(binary.BigEndian.Uint16(d[4:])), uint64(binary.BigEndian.Uint16(d[6:]))
	} else {
		if len(d) < 12 {
			return errors.New("damaged descriptor")
		}
		ow, oh = uint64(binary.BigEndian.Uint32(d[4:])), uint64(binary.BigEndian.Uint32(d[8:]))
	}
	if len(refs[id]) != 1 {
		return fmt.Errorf("%d dimg reference lists, want 1", len(refs[id]))
	}
	tiles := refs[id][0]
	if uint64(len(tiles)) != rows*cols {
		return fmt.Errorf("%d tiles for %dx%d cells", len(tiles), cols, rows)
	}
	tw, th, first := uint64(0), uint64(0), true
	for _, t := range tiles {
		if len(sizes[t]) == 0 {
			return fmt.Errorf("tile %d has no ispe size", t)
		}
		for _, s := range sizes[t] {
			if first {
				tw, th, first = uint64(s[0]), uint64(s[1]), false
			} else if uint64(s[0]) != tw || uint64(s[1]) != th {
				return fmt.Errorf("tiles of %dx%d and %dx%d", tw, th, s[0], s[1])
			}
		}
	}
	if cols*tw < ow || rows*th < oh {
		return fmt.Errorf("output %dx%d larger than its %dx%d tiles of %dx%d cover", ow, oh, cols, rows, tw, th)
	}
	return nil
}

// heifReader reads big-endian fields, remembering whether it ran short.
type heifReader struct {
	b   []byte
	bad bool
}

func (r *heifReader) uint(n int) uint64 {
	if n == 0 {
		return 0
	}
	if len(r.b) < n || n > 8 {
		r.bad, r.b = true, nil
		return 0
	}
	var v uint64
	for _, c := range r.b[:n] {
		v = v<<8 | uint64(c)
	}
	r.b = r.b[n:]
	return v
}

// parseIinf calls f for each infe (version 2 or 3) of an iinf payload.
func parseIinf(b []byte, f func(id uint32, typ string)) error {
	r := &heifReader{b: b}
	v := r.uint(1)
	r.uint(3)
	if v == 0 {
		r.uint(2)
	} else {
		r.uint(4)
	}
	if r.bad {
		return nil // no iinf: libheif reports it
	}
	for b := r.b; len(b) >= 8; {
		typ, payload, rest := bmffNext(b)
		if typ == "infe" {
			e := &heifReader{b: payload}
			ev := e.uint(1)
			e.uint(3)
			if ev >= 2 {
				id := uint32(e.uint(2))
				if ev > 2 {
					id = uint32(e.uint(4))
				}
				e.uint(2)
				if len(e.b) < 4 || e.bad {
					return fmt.Errorf("%w: heif: %w", ErrCorrupt, errHEIFBoxes)
				}
				f(id, string(e.b[:4]))
			}
		}
		b = rest
	}
	return nil
}

type itemExtent struct{ off, n uint64 }

type itemLoc struct {
	method  uint64
	base    uint64
	extents []itemExtent
	dup     bool // the item has more than one location
}

// read returns up to max bytes of the item's data, from idat (construction method 1) or from the
// file (method 0).
func (l itemLoc) read(data, idat []byte, max int) ([]byte, error) {
	var src []byte
	switch l.method {
	case 0:
		src = data
	case 1:
		src = idat
	default:
		return nil, fmt.Errorf("construction method %d for its descriptor", l.method)
	}
	var out []byte
	for _, e := range l.extents {
		start := l.base + e.off
		if start < l.base || start > uint64(len(src)) {
			return nil, errors.New("descriptor outside the file")
		}
		end := uint64(len(src))
		if e.n != 0 && e.n <= end-start {
			end = start + e.n
		} else if e.n != 0 {
			return nil, errors.New("descriptor outside the file")
		}
		out = append(out, src[start:end]...)
		if len(out) >= max {
			return out[:max], nil
		}
	}
	return out, nil
}

func parseIloc(b []byte) (map[uint32]itemLoc, error) {
	bad := fmt.Errorf("%w: heif: damaged iloc box", ErrCorrupt)
	r := &heifReader{b: b}
	v := r.uint(1)
	r.uint(3)
	sizes := r.uint(1)
	offSize, lenSize := int(sizes>>4), int(sizes&15)
	sizes = r.uint(1)
	baseSize, indexSize := int(sizes>>4), int(sizes&15)
	if v < 1 || v > 2 {
		indexSize = 0
	}
	count := r.uint(2)
	if v == 2 {
		count = r.uint(4)
	}
	if r.bad || v > 2 {
		return nil, bad
	}
	extentBytes := indexSize + offSize + lenSize
	locs := make(map[uint32]itemLoc)
	for i := uint64(0); i < count && !r.bad; i++ {
		var l itemLoc
		id := uint32(r.uint(2))
		if v == 2 {
			id = uint32(r.uint(4))
		}
		if v >= 1 {
			l.method = r.uint(2) & 15
		}
		r.uint(2)
		l.base = r.uint(baseSize)
		n := r.uint(2)
		if extentBytes == 0 {
			n = min(n, 1) // extents of no bytes are all {0, 0}: do not loop 65535 times
		}
		for j := uint64(0); j < n && !r.bad; j++ {
			r.uint(indexSize)
			l.extents = append(l.extents, itemExtent{off: r.uint(offSize), n: r.uint(lenSize)})
		}
		if _, dup := locs[id]; dup {
			l.dup = true // which one libheif reads is its choice: refuse to guess
		}
		locs[id] = l
	}
	if r.bad {
		return nil, bad
	}
	return locs, nil
}

// parseDimg returns each item's dimg reference lists.
func parseDimg(b []byte) (map[uint32][][]uint32, error) {
	refs := make(map[uint32][][]uint32)
	r := &heifReader{b: b}
	v := r.uint(1)
	r.uint(3)
	if r.bad {
		return refs, nil
	}
	for b := r.b; len(b) >= 8; {
		typ, payload, rest := bmffNext(b)
		if typ == "dimg" {
			e := &heifReader{b: payload}
			size := 2
			if v != 0 {
				size = 4
			}
			from := uint32(e.uint(size))
			n := e.uint(2)
			to := make([]uint32, 0, min(n, 1024))
			for i := uint64(0); i < n && !e.bad; i++ {
				to = append(to, uint32(e.uint(size)))
			}
			if e.bad {
				return nil, fmt.Errorf("%w: heif: damaged iref box", ErrCorrupt)
			}
			refs[from] = append(refs[from], to)
		}
		b = rest
	}
	return refs, nil
}

// parseIspe returns each item's sizes from the ispe properties ipma associates with it.
func parseIspe(iprp []byte) (map[uint32][][2]uint32, error) {
	var props [][]byte // ispe payloads by property index - 1 (nil for other properties)
	for b := bmffBox(iprp, "ipco"); len(b) >= 8; {
		typ, payload, rest := bmffNext(b)
		if typ == "ispe" && len(payload) >= 12 {
			props = append(props, payload)
		} else {
			props = append(props, nil)
		}
		b = rest
	}
	sizes := make(map[uint32][][2]uint32)
	bad := fmt.Errorf("%w: heif: damaged ipma box", ErrCorrupt)
	for b := iprp; len(b) >= 8; {
		typ, payload, rest := bmffNext(b)
		b = rest
		if typ != "ipma" {
			continue
		}
		r := &heifReader{b: payload}
		v := r.uint(1)
		flags := r.uint(3)
		n := r.uint(4)
		for i := uint64(0); i < n && !r.bad; i++ {
			id := uint32(r.uint(2))
			if v >= 1 {
				id = uint32(r.uint(4))
			}
			k := r.uint(1)
			for j := uint64(0); j < k && !r.bad; j++ {
				var idx uint64
				if flags&1 != 0 {
					idx = r.uint(2) & 0x7fff
				} else {
					idx = r.uint(1) & 0x7f
				}
				if idx >= 1 && idx <= uint64(len(props)) && props[idx-1] != nil {
					p := props[idx-1]
					sizes[id] = append(sizes[id], [2]uint32{binary.BigEndian.Uint32(p[4:]), binary.BigEndian.Uint32(p[8:])})
				}
			}
		}
		if r.bad {
			return nil, bad
		}
	}
	return sizes, nil
}
