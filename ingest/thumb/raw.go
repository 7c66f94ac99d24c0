package thumb

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image/jpeg"
	"strings"

	"golang.org/x/image/tiff"
)

// Camera raw files are not developed here: Sajin shows the JPEG preview the camera embedded,
// the largest one (most cameras store one at or near full size beside a small thumbnail).
// Decode reads it with the JPEG path and reports the raw kind ("dng", "cr2", "nef", ...) as
// Info.Format. The preview is stored the way the sensor was held, like the raw data, so the
// raw file's EXIF orientation applies to it.
//
// Found: TIFF-based raws (DNG, CR2, NEF, ARW, PEF, SRW and others: JPEGs referenced from IFD0,
// the IFD chain and SubIFDs, by JPEGInterchangeFormat or a single JPEG strip), Panasonic RW2
// (its JpgFromRaw tag), Fujifilm RAF (the header's JPEG pointer), Olympus ORF (the preview its
// maker notes point to) and Canon CR3 (the PRVW preview, 1620x1080). A raw file without a
// preview found is ErrUnsupported.

// rawFormat is the format of a camera raw file of kind name, decoded through its preview.
func rawFormat(name string) format {
	return format{name: name, unwrap: func(data []byte) (format, []byte, string, error) {
		return rawPreview(name, data)
	}}
}

// sniffRaw recognises the raw files whose magic is not TIFF's own.
func sniffRaw(head []byte) (format, bool) {
	for prefix, name := range map[string]string{
		"FUJIFILMCCD-": "raf", "IIU\x00": "rw2", "IIRO": "orf", "IIRS": "orf", "MMOR": "orf",
	} {
		if bytes.HasPrefix(head, []byte(prefix)) {
			return rawFormat(name), true
		}
	}
	return format{}, false
}

// unwrapTIFF tells a camera raw file built on TIFF from a plain TIFF: a raw file is decoded
// through its JPEG preview, a plain TIFF as it is.
func unwrapTIFF(data []byte) (format, []byte, string, error) {
	plain := format{name: "tiff", config: tiff.DecodeConfig, decode: tiff.Decode}
	if !rawTIFF(data) {
		return plain, data, "tiff", nil
	}
	return rawPreview(tiffRawKind(data), data)
}

// unwrapped returns the image to decode inside data (itself, for most formats) and the name
// Info.Format reports. It is called once per input: an inner format never unwraps further.
func unwrapped(f format, data []byte) (format, []byte, string, error) {
	if f.unwrap == nil {
		return f, data, f.name, nil
	}
	inner, payload, name, err := f.unwrap(data)
	if err != nil {
		return format{}, nil, "", err
	}
	inner.unwrap = nil
	return inner, payload, name, nil
}

// rawPreview returns the largest baseline or progressive JPEG embedded in a raw file.
func rawPreview(name string, data []byte) (format, []byte, string, error) {
	var candidates [][2]uint64 // offset, length
	switch name {
	case "raf":
		if len(data) >= 92 {
			off, n := binary.BigEndian.Uint32(data[84:]), binary.BigEndian.Uint32(data[88:])
			candidates = append(candidates, [2]uint64{uint64(off), uint64(n)})
		}
	case "cr3":
		candidates = cr3Preview(data)
	case "orf":
		candidates = orfPreview(data)
	default:
		candidates = tiffJPEGs(data)
	}
	var best []byte
	var bestArea int64
	for _, c := range candidates {
		if c[0] >= uint64(len(data)) || c[1] == 0 || c[1] > uint64(len(data))-c[0] {
			continue
		}
		jpg := data[c[0] : c[0]+c[1]]
		if w, h, ok := jpegFrameSize(jpg); ok && int64(w)*int64(h) > bestArea {
			best, bestArea = jpg, int64(w)*int64(h)
		}
	}
	if best == nil {
		return format{}, nil, "", fmt.Errorf("%w: %s: camera raw file without a JPEG preview Sajin can find", ErrUnsupported, name)
	}
	return format{name: "jpeg", config: jpeg.DecodeConfig, decode: jpeg.Decode}, best, name, nil
}

// jpegFrameSize returns the size in the frame header of a baseline, extended or progressive
// 8-bit JPEG, and false for anything else: not a JPEG, or the lossless JPEG that holds raw
// sensor data in DNG, CR2 and NEF files.
func jpegFrameSize(b []byte) (w, h int, ok bool) {
	if !bytes.HasPrefix(b, []byte{0xff, 0xd8}) {
		return 0, 0, false
	}
	for i := 2; i+4 <= len(b) && i < maxHeaderKeep; {
		if b[i] != 0xff {
			return 0, 0, false
		}
		m := b[i+1]
		switch {
		case m == 0xff:
			i++
			continue
		case m == 0x01 || m >= 0xd0 && m <= 0xd8:
			i += 2
			continue
		case m == 0xc0 || m == 0xc1 || m == 0xc2:
			if i+9 > len(b) || b[i+4] != 8 {
				return 0, 0, false
			}
			h, w = int(binary.BigEndian.Uint16(b[i+5:])), int(binary.BigEndian.Uint16(b[i+7:]))
			return w, h, w > 0 && h > 0
		case m >= 0xc3 && m <= 0xcf && m != 0xc4 && m != 0xc8 && m != 0xcc, m == 0xda, m == 0xd9:
			return 0, 0, false // lossless or arithmetic frame, or a scan before any frame
		}
		i += 2 + int(binary.BigEndian.Uint16(b[i+2:]))
	}
	return 0, 0, false
}

// TIFF tags that locate previews and name the camera.
const (
	tagMake            = 271
	tagCompression     = 259
	tagStripOffsets    = 273
	tagStripByteCounts = 279
	tagSubIFDs         = 330
	tagJPEGOffset      = 513 // JPEGInterchangeFormat
	tagJPEGLength      = 514 // JPEGInterchangeFormatLength
	tagRW2JpgFromRaw   = 0x2e
	tagExifIFD         = 0x8769
	tagMakerNote       = 0x927c
)

// maxIFDs bounds the IFDs tiffJPEGs visits, whatever the file's offsets say.
const maxIFDs = 64

// tiffJPEGs returns the extents of the JPEGs a TIFF-based raw file references: from every IFD
// of the chain and their SubIFDs (one level deep, as raw files use them), each visited once.
func tiffJPEGs(b []byte) [][2]uint64 {
	t, ok := newTIFFWalk(b)
	if !ok {
		return nil
	}
	var out [][2]uint64
	queue := []uint32{t.first}
	for len(queue) > 0 && len(t.seen) < maxIFDs {
		off := queue[0]
		queue = queue[1:]
		e, next, ok := t.ifd(off)
		if !ok {
			continue
		}
		if next != 0 {
			queue = append(queue, next)
		}
		queue = append(queue, e.subIFDs...)
		if e.jpegOff != 0 && e.jpegLen != 0 {
			out = append(out, [2]uint64{uint64(e.jpegOff), uint64(e.jpegLen)})
		}
		if e.stripOK && (e.compression == 6 || e.compression == 7) {
			out = append(out, [2]uint64{uint64(e.stripOff), uint64(e.stripLen)})
		}
		if e.rw2JPEG[1] != 0 {
			out = append(out, e.rw2JPEG)
		}
	}
	return out
}

// tiffRawKind names a TIFF-based raw file by its signature, DNGVersion tag or camera maker.
func tiffRawKind(b []byte) string {
	if len(b) >= 10 && string(b[8:10]) == "CR" {
		return "cr2"
	}
	t, ok := newTIFFWalk(b)
	if !ok {
		return "raw"
	}
	e, _, ok := t.ifd(t.first)
	switch {
	case !ok:
		return "raw"
	case e.dng:
		return "dng"
	}
	maker := strings.ToUpper(e.make)
	for prefix, kind := range map[string]string{
		"NIKON": "nef", "SONY": "arw", "PENTAX": "pef", "RICOH": "pef", "SAMSUNG": "srw", "CANON": "cr2",
		"HASSELBLAD": "3fr", "EPSON": "erf", "KODAK": "dcr", "MAMIYA": "mef", "LEAF": "mos", "PHASE ONE": "iiq",
	} {
		if strings.HasPrefix(maker, prefix) {
			return kind
		}
	}
	return "raw"
}

// tiffWalk reads IFDs of a TIFF (or TIFF-like raw) held whole in b, each at most once.
type tiffWalk struct {
	b     []byte
	bo    binary.ByteOrder
	first uint32
	seen  map[uint32]bool
}

func newTIFFWalk(b []byte) (*tiffWalk, bool) {
	if len(b) < 8 {
		return nil, false
	}
	t := &tiffWalk{b: b, seen: map[uint32]bool{}}
	switch string(b[:2]) {
	case "II":
		t.bo = binary.LittleEndian
	case "MM":
		t.bo = binary.BigEndian
	default:
		return nil, false
	}
	t.first = t.bo.Uint32(b[4:])
	return t, true
}

// ifdEntries is what tiffJPEGs and tiffRawKind need from one IFD.
type ifdEntries struct {
	compression        uint32
	stripOff, stripLen uint32
	stripOK            bool // exactly one strip
	jpegOff, jpegLen   uint32
	subIFDs            []uint32
	rw2JPEG            [2]uint64
	make               string
	dng                bool
	exifIFD            uint32
	makerNote          [2]uint64 // offset, length
}

// ifd reads the IFD at off; ok is false when it lies outside b or was already read.
func (t *tiffWalk) ifd(off uint32) (e ifdEntries, next uint32, ok bool) {
	b, bo := t.b, t.bo
	if off < 8 || uint64(off)+2 > uint64(len(b)) || t.seen[off] {
		return e, 0, false
	}
	t.seen[off] = true
	n := uint64(bo.Uint16(b[off:]))
	end := uint64(off) + 2 + 12*n
	if end+4 > uint64(len(b)) {
		return e, 0, false
	}
	for p := uint64(off) + 2; p < end; p += 12 {
		tag, typ, count := bo.Uint16(b[p:]), bo.Uint16(b[p+2:]), bo.Uint32(b[p+4:])
		val := bo.Uint32(b[p+8:])
		if typ == 3 && count == 1 { // SHORT: the value is in the first two bytes
			val = uint32(bo.Uint16(b[p+8:]))
		}
		switch tag {
		case tagCompression:
			e.compression = val
		case tagStripOffsets:
			e.stripOff, e.stripOK = val, count == 1
		case tagStripByteCounts:
			e.stripLen = val
			e.stripOK = e.stripOK && count == 1
		case tagJPEGOffset:
			e.jpegOff = val
		case tagJPEGLength:
			e.jpegLen = val
		case tagDNGVersion:
			e.dng = true
		case tagRW2JpgFromRaw:
			if typ == 7 {
				e.rw2JPEG = [2]uint64{uint64(val), uint64(count)}
			}
		case tagSubIFDs:
			e.subIFDs = t.longs(typ, count, val, p+8)
		case tagExifIFD:
			e.exifIFD = val
		case tagMakerNote:
			if typ == 7 {
				e.makerNote = [2]uint64{uint64(val), uint64(count)}
			}
		case tagMake:
			if typ == 2 && count > 4 && uint64(val)+uint64(count) <= uint64(len(b)) {
				e.make = string(bytes.TrimRight(b[val:val+count], "\x00 "))
			}
		}
	}
	if e.stripOff != 0 && e.stripLen == 0 {
		e.stripOK = false
	}
	return e, bo.Uint32(b[end:]), true
}

// longs returns up to 16 LONG (or IFD) values of an entry whose value field is at p.
func (t *tiffWalk) longs(typ uint16, count, val uint32, p uint64) []uint32 {
	if typ != 4 && typ != 13 || count == 0 {
		return nil
	}
	count = min(count, 16)
	if count == 1 {
		return []uint32{val}
	}
	if uint64(val)+4*uint64(count) > uint64(len(t.b)) {
		return nil
	}
	out := make([]uint32, count)
	for i := range out {
		out[i] = t.bo.Uint32(t.b[uint64(val)+4*uint64(i):])
	}
	return out
}

// cr3Preview finds the PRVW box of a Canon CR3 file (in its first megabyte): a JPEG of about
// 1620x1080 after a 24-byte header.
func cr3Preview(b []byte) [][2]uint64 {
	head := b[:min(len(b), 1<<20)]
	i := bytes.Index(head, []byte("PRVW"))
	if i < 4 {
		return nil
	}
	size := uint64(binary.BigEndian.Uint32(head[i-4:]))
	start := uint64(i - 4)
	if size < 32 || start+size > uint64(len(b)) {
		return nil
	}
	box := b[start : start+size]
	soi := bytes.Index(box[:min(len(box), 64)], []byte{0xff, 0xd8, 0xff})
	if soi < 0 {
		return nil
	}
	return [][2]uint64{{start + uint64(soi), size - uint64(soi)}}
}

// orfPreview finds the preview of an Olympus ORF file: IFD0's Exif IFD holds the maker notes,
// whose CameraSettings IFD (tag 0x2020) gives PreviewImageStart (0x101) and PreviewImageLength
// (0x102). In the current maker notes ("OLYMPUS\0II\x03\0", or "OM SYSTEM") offsets count
// from the maker notes' start; in the oldest ("OLYMP\0") from the TIFF header.
func orfPreview(b []byte) [][2]uint64 {
	t, ok := newTIFFWalk(b)
	if !ok {
		return nil
	}
	e0, _, ok := t.ifd(t.first)
	if !ok {
		return nil
	}
	ex, _, ok := t.ifd(e0.exifIFD)
	if !ok || ex.makerNote[1] < 16 || ex.makerNote[0]+ex.makerNote[1] > uint64(len(b)) {
		return nil
	}
	mn := b[ex.makerNote[0] : ex.makerNote[0]+ex.makerNote[1]]
	var base, ifd uint64
	bo := t.bo
	switch {
	case bytes.HasPrefix(mn, []byte("OLYMPUS\x00")), bytes.HasPrefix(mn, []byte("OM SYSTEM\x00")):
		hdr := 8
		if mn[1] == 'M' {
			hdr = 12
		}
		if len(mn) < hdr+4 {
			return nil
		}
		if string(mn[hdr:hdr+2]) == "MM" {
			bo = binary.BigEndian
		} else {
			bo = binary.LittleEndian
		}
		base, ifd = ex.makerNote[0], ex.makerNote[0]+uint64(hdr)+4
	case bytes.HasPrefix(mn, []byte("OLYMP\x00")):
		base, ifd = 0, ex.makerNote[0]+8
	default:
		return nil
	}
	settings, ok := rawIFDValue(b, bo, ifd, 0x2020)
	if !ok {
		return nil
	}
	start, ok1 := rawIFDValue(b, bo, base+uint64(settings), 0x101)
	n, ok2 := rawIFDValue(b, bo, base+uint64(settings), 0x102)
	if !ok1 || !ok2 {
		return nil
	}
	return [][2]uint64{{base + uint64(start), uint64(n)}}
}

// rawIFDValue returns the value field (a LONG or an offset) of tag in the IFD at off.
func rawIFDValue(b []byte, bo binary.ByteOrder, off uint64, tag uint16) (uint32, bool) {
	if off+2 > uint64(len(b)) {
		return 0, false
	}
	n := uint64(bo.Uint16(b[off:]))
	for p := off + 2; p+12 <= uint64(len(b)) && p < off+2+12*n; p += 12 {
		if bo.Uint16(b[p:]) == tag {
			return bo.Uint32(b[p+8:]), true
		}
	}
	return 0, false
}
