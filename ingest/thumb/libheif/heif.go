// Package libheif decodes HEIF images (HEIC from phones, AVIF) through Debian's libheif (with
// libde265 for HEVC and dav1d for AV1), the only importer of libheif. It is cgo; built without
// cgo, Available is false and every call returns ErrUnavailable.
//
// Why native rather than WebAssembly: measured on a 4032x3024 HEIC of 2.6 MB on this 2-core
// machine, libheif costs 0.65 s of CPU and 80 MiB at its peak; github.com/gen2brain/heic
// (the same C compiled to wasm, run by wazero) 2.3 s of CPU plus 0.43 s compiling the module
// once per process, and 330 MiB; for a 12 MP AVIF, 0.32 s against 3 s and 800 MiB to 1.2 GiB
// (gen2brain/avif). The cost is that libheif's decoders are C running inside Sajin's process:
// the sizes are checked before any pixel is decoded, but a memory-safety bug in libde265 or
// dav1d on a hostile file is not contained as a Go panic would be. Debian's security updates
// of those packages are what protects against that; see docs/formats.md.
//
// Orientation: Decode applies the image's irot, imir and clap properties as HEIF requires, so
// its pixels are upright; an EXIF orientation in the same file must not be applied again.
package libheif

import (
	"errors"
	"image/color"
)

// Errors. Every error this package returns wraps exactly one of them.
var (
	ErrUnavailable = errors.New("libheif: HEIF decoding not built in (built without cgo)")
	ErrUnsupported = errors.New("libheif: unsupported HEIF feature")
	ErrCorrupt     = errors.New("libheif: corrupt HEIF")
	ErrTooLarge    = errors.New("libheif: image too large")
)

// Header describes the primary image of a HEIF file, after its transformations.
type Header struct {
	Width, Height int
	// Alpha is true when the image has an alpha plane.
	Alpha bool
	// Model is the colour model of what Decode returns: color.YCbCrModel or color.NRGBAModel.
	Model color.Model
}
