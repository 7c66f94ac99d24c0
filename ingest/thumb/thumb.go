// Package thumb decodes photos safely and renders Sajin's thumbnails.
//
// It turns untrusted bytes into pixels and pixels into JPEG bytes, nothing
// more: the caller stores the results (content-addressed, atomically) and
// reads the EXIF orientation itself. A pipeline calls Thumbnails with the
// EXIF orientation; Decode then RenderOriented (or Orient, then Render) make
// the same thumbnails from a full-size decode.
//
// Speed: a JPEG is decoded by libjpeg-turbo (package turbojpeg, cgo) in the
// DCT domain at the smallest scale, 1/8 to 1, that still holds the largest
// thumbnail, straight to YCbCr planes; the planes are resized by this
// package's own fixed-point Catmull-Rom (resize.go) and encoded back by
// libjpeg-turbo, so a JPEG's thumbnails never go through RGB. Every size is
// derived from that one decode, each from the smallest larger one already
// made. Built without cgo, image/jpeg decodes and encodes instead.
//
// Safety: the declared dimensions of every image are read first and checked
// against a pixel limit and MaxSide before any pixel buffer is allocated; the
// input size is capped; a PNG whose compressed data is too short for its
// declared size is refused before its buffer is allocated; panics inside the
// third-party decoders become ErrCorrupt; decoders are called directly, never
// through image.Decode's global registry.
//
// Formats: JPEG (baseline, progressive, greyscale, CMYK; through libjpeg-turbo with DCT-domain scaling when
// it reads the file cleanly, else image/jpeg), PNG (8/16-bit, paletted, alpha), GIF (first frame only), WebP
// (lossy and lossless, with alpha; an animated WebP's first frame), BMP, TIFF, HEIC/HEIF and AVIF (through
// package libheif; pixels come out upright per irot/imir, so no EXIF orientation applies: package exif reports
// 1), and camera raw files (DNG, CR2, CR3, NEF, ARW, RAF, RW2, ORF, PEF, SRW, ...) through their largest
// embedded JPEG preview (raw.go). docs/formats.md lists decoders, costs and metadata.
//
// Output: alpha is flattened onto white; the output is a pure function of the
// input (same image, same bytes).
//
// Limits: the whole input is held in memory while decoding; Go's decoders
// are not interruptible (Render checks its context between sizes); a
// progressive JPEG costs 2 (libjpeg-turbo) or 4 (image/jpeg) extra bytes per
// sample while decoding, at full size whatever the scale; the resizers use
// every CPU (GOMAXPROCS goroutines) per call, so callers bound concurrency
// themselves, for instance with a semaphore weighted by Maker.MemoryEstimate.
package thumb

import (
	"errors"
	"image/jpeg"
)

// Sentinel errors. Every error Probe and Decode return wraps exactly one,
// except a read error of the caller's io.Reader, which is passed on wrapped.
var (
	// ErrTooLarge means the declared dimensions exceed Options.MaxPixels or
	// MaxSide, or the input exceeds Options.MaxBytes.
	ErrTooLarge = errors.New("thumb: image too large")
	// ErrUnsupported means the format is not one this package decodes, or a
	// known format uses a feature its decoder lacks.
	ErrUnsupported = errors.New("thumb: unsupported image format")
	// ErrCorrupt means the data is damaged: a decoder error or panic,
	// truncated or empty input, impossible dimensions.
	ErrCorrupt = errors.New("thumb: corrupt image")
)

// DefaultMaxPixels is the default pixel limit: 100 binary megapixels
// (104,857,600 pixels).
//
// Why: a decoded 8-bit RGBA image costs 4 bytes a pixel, so the limit bounds
// one decode at about 420 MB (16-bit PNGs twice that, progressive JPEGs up to
// 15 bytes a pixel while decoding: see Maker.MemoryEstimate), which a small
// home server can afford for one image at a time. The binary rather than decimal
// megapixel keeps the largest consumer sensors working: Fujifilm GFX100 and
// Hasselblad X2D 100C images are 101.8 and 101.9 million pixels. Bigger
// panoramas and 150 MP backs need a higher Options.MaxPixels.
const DefaultMaxPixels int64 = 100 << 20

// MaxSide is the longest side accepted, whatever MaxPixels says. Resizing
// costs memory in proportion to the source's side lengths (imaging keeps 64
// bytes of filter weights per source column, and a whole column per worker),
// so a 100-megapixel image one pixel high would need gigabytes. 65536 is
// above JPEG's and GIF's own limit of 65535 and above any camera or phone
// panorama that fits in the pixel limit.
const MaxSide = 1 << 16

// DefaultMaxBytes is the default cap on input size: larger than any
// single-frame JPEG, PNG or WebP a camera or phone writes, small enough that
// buffering the input in memory stays harmless.
const DefaultMaxBytes int64 = 256 << 20

// DefaultQuality is the default JPEG quality of thumbnails. Measured with
// BenchmarkQuality on 720-pixel thumbnails of the development photos and a
// generated one: going from 85 to 90 costs 20 to 40% more bytes for about
// 1 dB PSNR; going down to 80 saves 12 to 18% and loses about 0.8 dB, and
// Go's encoder always subsamples chroma 4:2:0, which already softens colour
// edges. 85 keeps text on signs and fine texture clean at grid and viewer
// sizes; a fit720 thumbnail of a photo weighs 40 to 115 KB.
const DefaultQuality = 85

// Spec is one thumbnail size.
type Spec struct {
	// Name identifies the size in paths and APIs, such as "tile".
	Name string
	// Long is the target length of the long side in pixels, or the side of
	// the square when Square is set.
	Long int
	// Square asks for a centred square crop of side Long instead of a fit.
	Square bool
}

// DefaultSpecs returns Sajin's three sizes: "tile" (256x256 centre crop, for
// grids), "fit720" (720 px long side) and "fit2048" (2048 px long side).
// Thumbnails never upscale: an image smaller than a size keeps its own size,
// and a tile of a small image is a square of its short side.
func DefaultSpecs() []Spec {
	return []Spec{
		{Name: "tile", Long: 256, Square: true},
		{Name: "fit720", Long: 720},
		{Name: "fit2048", Long: 2048},
	}
}

// Options configures a Maker. The zero value gives the defaults.
type Options struct {
	// MaxPixels refuses images whose declared width*height exceeds it,
	// before decoding. Zero means DefaultMaxPixels.
	MaxPixels int64
	// MaxBytes refuses inputs longer than it. Zero means DefaultMaxBytes;
	// a negative value means no cap.
	MaxBytes int64
	// Quality is the JPEG quality, 1..100. Zero (or out of range) means
	// DefaultQuality.
	Quality int
	// Specs lists the sizes Render makes. Nil means DefaultSpecs().
	Specs []Spec
}

// Maker decodes images and renders thumbnails. It holds only its options, so
// it is safe for concurrent use.
type Maker struct {
	maxPixels int64
	maxBytes  int64 // < 0: no cap
	jpegOpts  jpeg.Options
	specs     []Spec
}

// New returns a Maker with opts, defaults filled in.
func New(opts Options) *Maker {
	m := &Maker{
		maxPixels: opts.MaxPixels,
		maxBytes:  opts.MaxBytes,
		jpegOpts:  jpeg.Options{Quality: opts.Quality},
		specs:     append([]Spec(nil), opts.Specs...),
	}
	if m.maxPixels <= 0 {
		m.maxPixels = DefaultMaxPixels
	}
	if m.maxBytes == 0 {
		m.maxBytes = DefaultMaxBytes
	}
	if q := m.jpegOpts.Quality; q < 1 || q > 100 {
		m.jpegOpts.Quality = DefaultQuality
	}
	if opts.Specs == nil {
		m.specs = DefaultSpecs()
	}
	return m
}

// Specs returns a copy of the sizes m renders, in the order Render returns
// them.
func (m *Maker) Specs() []Spec {
	return append([]Spec(nil), m.specs...)
}
