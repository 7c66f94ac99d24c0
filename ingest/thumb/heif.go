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
