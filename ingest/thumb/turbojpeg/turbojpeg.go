// Package turbojpeg decodes and encodes JPEG through libjpeg-turbo's TurboJPEG API (Debian libturbojpeg0-dev,
// version 2.1: the tjDecompress2 API, not tj3). It is the only cgo of ingest and knows nothing of thumbnails.
//
// Its point is speed: libjpeg-turbo's SIMD decoder is about three times faster than image/jpeg, and it can decode
// in the DCT domain at a fraction of the size (1/8 to 1, in eighths), so a 12-megapixel photo needed at 2048
// pixels is never decoded at full size; and it reads and writes YCbCr planes as the JPEG stores them, so a
// thumbnail is made without converting colour at all. Its limits: 8-bit YCbCr and grey JPEGs only; RGB, CMYK
// and YCCK images are refused with ErrColorspace (image/jpeg handles them); every warning libjpeg emits (truncated
// data, junk before a marker) stops the decode and is returned as an *Error, so the caller can let a more
// lenient decoder judge. The caller checks the header (DecodeHeader) against its own limits before Decode
// allocates anything. Built without cgo, Available is false and every function returns ErrUnavailable.
package turbojpeg

import (
	"errors"
	"fmt"
)

// ErrUnavailable is returned by every function of a build without cgo.
var ErrUnavailable = errors.New("turbojpeg: unavailable in a build without cgo")

// ErrColorspace is returned by Decode for a JPEG that is not YCbCr or grey (RGB, CMYK, YCCK), or whose chroma
// subsampling image.YCbCr cannot hold.
var ErrColorspace = errors.New("turbojpeg: only YCbCr and grey JPEGs are decoded")

// Error is libjpeg's complaint about a JPEG. Warning means libjpeg could have gone on (a truncated scan, junk
// before a marker) where a fatal error could not; either way nothing was decoded.
type Error struct {
	Op      string // "header", "decode" or "encode"
	Msg     string // libjpeg's message
	Warning bool
}

func (e *Error) Error() string {
	kind := "error"
	if e.Warning {
		kind = "warning"
	}
	return fmt.Sprintf("turbojpeg: %s: %s: %s", e.Op, kind, e.Msg)
}

// Colorspace is the colour space of a JPEG's samples.
type Colorspace int

// The colour spaces of TurboJPEG's TJCS enumeration, in its order.
const (
	RGB Colorspace = iota
	YCbCr
	Gray
	CMYK
	YCCK
)

// Header is what DecodeHeader reads from a JPEG's markers.
type Header struct {
	Width, Height int
	Colorspace    Colorspace
	subsampling   int // TurboJPEG's TJSAMP code
}

// Scale is a DCT scaling factor Num/Den that libjpeg-turbo decodes at.
type Scale struct{ Num, Den int }

// Apply returns the size libjpeg-turbo decodes a side of n pixels to at s (rounded up, as TJSCALED).
func (s Scale) Apply(n int) int { return (n*s.Num + s.Den - 1) / s.Den }

// ScaleFor returns the smallest scale, among those libjpeg-turbo supports up to 1/1, at which a w x h image
// decodes to at least minW x minH; 1/1 when none smaller does.
func ScaleFor(w, h, minW, minH int) Scale {
	best := Scale{1, 1}
	for _, s := range scales() {
		if s.Num <= s.Den && s.Num*best.Den < best.Num*s.Den && s.Apply(w) >= minW && s.Apply(h) >= minH {
			best = s
		}
	}
	return best
}
