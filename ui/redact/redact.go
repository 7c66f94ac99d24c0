// Package redact removes where a photo was taken from an image file as it is copied: GPS from EXIF, and the XMP
// and Photoshop blocks that may repeat it. The pixels and every other tag are copied unchanged, so the file stays
// the same photo. It works on JPEG and PNG and streams them: only the headers are held in memory.
//
// It reads untrusted files: every length and offset is checked, and what it cannot understand it refuses with an
// error rather than copy (the caller then serves a rendition without metadata instead).
package redact

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// ErrUnsupported is a format this package cannot redact.
var ErrUnsupported = errors.New("redact: unsupported format")

// ErrMalformed is a file whose structure is broken.
var ErrMalformed = errors.New("redact: malformed file")

// Supported says whether Location can redact files of this MIME type.
func Supported(mime string) bool { return mime == "image/jpeg" || mime == "image/png" }

// Location copies the image in r to w without its location.
func Location(w io.Writer, r io.Reader, mime string) error {
	switch mime {
	case "image/jpeg":
		return jpeg(w, bufio.NewReader(r))
	case "image/png":
		return png(w, bufio.NewReader(r))
	}
	return fmt.Errorf("%w: %s", ErrUnsupported, mime)
}

var (
	exifHeader = []byte("Exif\x00\x00")
	xmpHeader  = []byte("http://ns.adobe.com/")
)

// jpeg copies a JPEG's segments, dropping XMP (APP1 http://ns.adobe.com/...) and Photoshop (APP13) segments and
// emptying the GPS directory of the EXIF one, and its image data, up to the end-of-image marker. What follows
// that marker is dropped: the other pictures of a multi-picture file (MPF: depth maps, gain maps, previews),
// each with its own EXIF and GPS, or a motion photo's video.
func jpeg(out io.Writer, r *bufio.Reader) error {
	w := bufio.NewWriter(out)
	if err := jpegSegments(w, r); err != nil {
		return err
	}
	return w.Flush()
}

func jpegSegments(w *bufio.Writer, r *bufio.Reader) error {
	var soi [2]byte
	if _, err := io.ReadFull(r, soi[:]); err != nil || soi != [2]byte{0xFF, 0xD8} {
		return fmt.Errorf("%w: not a JPEG", ErrMalformed)
	}
	if _, err := w.Write(soi[:]); err != nil {
		return err
	}
	var next byte // a marker that ended image data, still to be handled
	for {
		marker := next
		if next == 0 {
			b, err := r.ReadByte()
			if err != nil {
				return fmt.Errorf("%w: no image data", ErrMalformed)
			}
			if b != 0xFF {
				return fmt.Errorf("%w: expected a marker", ErrMalformed)
			}
			if marker, err = r.ReadByte(); err != nil {
				return fmt.Errorf("%w: cut off", ErrMalformed)
			}
		}
		next = 0
		switch {
		case marker == 0xD9: // end of image: whatever follows is dropped
			_, err := w.Write([]byte{0xFF, 0xD9})
			return err
		case marker == 0xFF: // fill byte
			r.UnreadByte()
			continue
		case marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7): // no length
			if _, err := w.Write([]byte{0xFF, marker}); err != nil {
				return err
			}
			continue
		}
		var n [2]byte
		if _, err := io.ReadFull(r, n[:]); err != nil {
			return fmt.Errorf("%w: cut off", ErrMalformed)
		}
		size := int(binary.BigEndian.Uint16(n[:]))
		if size < 2 {
			return fmt.Errorf("%w: segment length %d", ErrMalformed, size)
		}
		payload := make([]byte, size-2)
		if _, err := io.ReadFull(r, payload); err != nil {
			return fmt.Errorf("%w: cut off", ErrMalformed)
		}
		switch {
		case marker == 0xE1 && bytes.HasPrefix(payload, xmpHeader), marker == 0xED:
			continue // dropped
		case marker == 0xE1 && bytes.HasPrefix(payload, exifHeader):
			if err := stripGPS(payload[len(exifHeader):]); err != nil {
				return err
			}
		}
		if _, err := w.Write(append([]byte{0xFF, marker, n[0], n[1]}, payload...)); err != nil {
			return err
		}
		if marker == 0xDA { // start of scan: image data up to the next marker (a progressive file has several scans)
			var err error
			if next, err = copyScan(w, r); err != nil {
				return err
			}
		}
	}
}

// copyScan copies entropy-coded image data and returns the marker that ends it (its 0xFF consumed): stuffed
// 0xFF00 bytes and restart markers are data, fill bytes before a marker are dropped.
func copyScan(w *bufio.Writer, r *bufio.Reader) (byte, error) {
	for {
		b, err := r.ReadByte()
		if err != nil {
			return 0, fmt.Errorf("%w: image data cut off", ErrMalformed)
		}
		if b != 0xFF {
			w.WriteByte(b)
			continue
		}
		m, err := r.ReadByte()
		if err != nil {
			return 0, fmt.Errorf("%w: image data cut off", ErrMalformed)
		}
		switch {
		case m == 0x00 || m >= 0xD0 && m <= 0xD7:
			w.Write([]byte{0xFF, m})
		case m == 0xFF:
			r.UnreadByte()
		default:
			return m, nil
		}
	}
}

// typeSizes are the byte sizes of the TIFF field types 1 to 13.
var typeSizes = [...]int{0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4}

// stripGPS empties the GPS directory of a TIFF structure in place: its entries, their values and its entry count
// are zeroed, so readers find a GPS directory with nothing in it.
func stripGPS(t []byte) error {
	if len(t) < 8 {
		return fmt.Errorf("%w: short EXIF", ErrMalformed)
	}
	var order binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		order = binary.LittleEndian
	case "MM":
		order = binary.BigEndian
	default:
		return fmt.Errorf("%w: EXIF byte order", ErrMalformed)
	}
	entries := func(off int) (int, error) {
		if off < 8 || off+2 > len(t) {
			return 0, fmt.Errorf("%w: EXIF directory outside the segment", ErrMalformed)
		}
		n := int(order.Uint16(t[off:]))
		if off+2+12*n > len(t) {
			return 0, fmt.Errorf("%w: EXIF directory runs past the segment", ErrMalformed)
		}
		return n, nil
	}
	ifd0 := int(order.Uint32(t[4:]))
	n, err := entries(ifd0)
	if err != nil {
		return err
	}
	for i := range n {
		e := t[ifd0+2+12*i:]
		if order.Uint16(e) != 0x8825 {
			continue
		}
		gps := int(order.Uint32(e[8:]))
		m, err := entries(gps)
		if err != nil {
			return err
		}
		for j := range m {
			g := t[gps+2+12*j : gps+2+12*j+12]
			typ, count := int(order.Uint16(g[2:])), int(order.Uint32(g[4:]))
			if typ > 0 && typ < len(typeSizes) && count > 0 && count <= len(t) {
				if size := count * typeSizes[typ]; size > 4 {
					if off := int(order.Uint32(g[8:])); off >= 8 && off+size <= len(t) {
						clear(t[off : off+size])
					}
				}
			}
			clear(g)
		}
		clear(t[gps : gps+2])
	}
	return nil
}

var pngSignature = []byte("\x89PNG\r\n\x1a\n")

// png copies chunks, dropping eXIf (EXIF) and the text chunks, where XMP and "Raw profile type exif" live.
func png(w io.Writer, r *bufio.Reader) error {
	sig := make([]byte, 8)
	if _, err := io.ReadFull(r, sig); err != nil || !bytes.Equal(sig, pngSignature) {
		return fmt.Errorf("%w: not a PNG", ErrMalformed)
	}
	if _, err := w.Write(sig); err != nil {
		return err
	}
	for {
		var head [8]byte
		if _, err := io.ReadFull(r, head[:]); err != nil {
			return fmt.Errorf("%w: no IEND chunk", ErrMalformed)
		}
		size := int64(binary.BigEndian.Uint32(head[:4]))
		if size > 1<<31-1 {
			return fmt.Errorf("%w: chunk length", ErrMalformed)
		}
		typ := string(head[4:])
		rest := size + 4 // data and CRC
		switch typ {
		case "eXIf", "tEXt", "zTXt", "iTXt":
			if _, err := io.CopyN(io.Discard, r, rest); err != nil {
				return fmt.Errorf("%w: cut off", ErrMalformed)
			}
			continue
		}
		if _, err := w.Write(head[:]); err != nil {
			return err
		}
		if _, err := io.CopyN(w, r, rest); err != nil {
			return fmt.Errorf("%w: cut off: %w", ErrMalformed, err)
		}
		if typ == "IEND" {
			return nil
		}
	}
}
