package thumb

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"os"

	"golang.org/x/image/bmp"
	"golang.org/x/image/tiff"
	"golang.org/x/image/webp"
)

// Info is what a decoder learns from an image's header without decoding
// pixels.
type Info struct {
	// Format is "jpeg", "png", "gif", "webp", "bmp", "tiff", "heic", "heif", "avif", or a camera
	// raw kind ("dng", "cr2", "cr3", "nef", "arw", "raf", "rw2", "pef", ...: see raw.go and
	// MediaType), whose Width and Height are those of the embedded preview decoded.
	Format string
	// Width and Height are the stored dimensions, before any EXIF
	// orientation (see DisplaySize). For a GIF they are the logical screen.
	Width, Height int

	bytesPerPixel int  // of the decoded pixel buffer, from the colour model
	progressive   bool // a progressive JPEG (or one whose frame type was not found)
}

// Pixels returns Width*Height without overflow.
func (i Info) Pixels() int64 { return int64(i.Width) * int64(i.Height) }

// MemoryEstimate returns a rough upper bound, in bytes, of the memory that
// Thumbnails holds at the peak for an image described by info (as Probe or
// Decode returned it: the estimate uses what they learnt of the pixel
// layout). A pipeline can weight a semaphore with it to bound the memory of
// concurrent decodes. It counts the decoded pixels (their decoder's layout,
// 4:4:4 for a colour JPEG; for a JPEG that libjpeg-turbo decodes, at the DCT
// scale Thumbnails picks), a progressive JPEG's coefficient buffers (kept at
// full size whatever the scale: 2 bytes a sample in libjpeg, 4 in
// image/jpeg), the largest resize's intermediate pass, every thumbnail kept
// for the cascade and its JPEG, and the rotated copy at the largest size (for
// orientations other than 1). Thumbnails of a JPEG stay YCbCr 4:2:0 or grey;
// those of other formats are NRGBA, 4 bytes a pixel. Not counted: the input
// bytes, and libjpeg-turbo's encoder buffers (a few MB, outside Go's heap).
func (m *Maker) MemoryEstimate(info Info) int64 {
	px, bpp := info.Pixels(), int64(info.bytesPerPixel)
	srcW, srcH := int64(info.Width), int64(info.Height) // of the decoded image
	est := px * bpp
	if info.progressive {
		est += px * 4 * bpp
	}
	if s, ok := m.turboScale(info); ok {
		srcW, srcH = int64(s.Apply(info.Width)), int64(s.Apply(info.Height))
		est = srcW * srcH * bpp
		if info.progressive {
			est += px * 2 * bpp
		}
	}
	if info.Format == "gif" {
		est += 4 * px // the screen canvas of onScreen
	}
	plans, err := m.plan(info.Width, info.Height)
	if err != nil {
		return est
	}
	// Bytes a pixel, doubled: of a thumbnail, and of a resize's intermediate per source row and output column.
	out2, pass2 := int64(8), int64(8) // NRGBA
	if info.Format == "jpeg" && bpp == 3 {
		out2, pass2 = 3, 4 // YCbCr 4:2:0; the chroma passes of a 4:4:4 source
	} else if info.Format == "jpeg" && bpp == 1 {
		out2, pass2 = 2, 2
	}
	// An orientation other than 1 turns a copy of the photo at the largest scale any size needs.
	largest := out2 * int64(plans[0].scale.apply(info.Width)) * int64(plans[0].scale.apply(info.Height)) / 2
	var pass int64
	for _, p := range plans {
		est += int64(p.w) * int64(p.h) // the JPEG: under a byte a pixel at any sensible quality
		if p.scale.num == p.scale.den {
			if info.Format != "jpeg" || bpp == 4 {
				est += 4 * px // encoded from the original through an NRGBA copy
			}
			continue
		}
		est += out2 * int64(p.w) * int64(p.h) / 2
		pass = max(pass, pass2*max(int64(p.w)*srcH, int64(p.h)*srcW)/2)
	}
	return est + pass + largest
}

// format is one image format this package decodes.
type format struct {
	name   string
	config func(io.Reader) (image.Config, error)
	decode func(io.Reader) (image.Image, error)
	// unwrap, when set, finds the image to decode inside the whole input (a camera raw file's
	// JPEG preview, see raw.go): it returns that image's format and bytes, and the name
	// Info.Format reports.
	unwrap func(data []byte) (inner format, payload []byte, name string, err error)
}

// sniff recognises the format from the first bytes of the input. The table is
// explicit rather than image.Decode's global registry, so only the formats
// listed here are ever decoded whatever else the binary links in.
func sniff(head []byte) (format, error) {
	has := func(prefix string) bool { return bytes.HasPrefix(head, []byte(prefix)) }
	switch {
	case len(head) == 0:
		return format{}, fmt.Errorf("%w: empty input", ErrCorrupt)
	case has("\xff\xd8"):
		return format{name: "jpeg", config: jpeg.DecodeConfig, decode: jpeg.Decode}, nil
	case has("\x89PNG\r\n\x1a\n"):
		return format{name: "png", config: png.DecodeConfig, decode: png.Decode}, nil
	case has("GIF87a"), has("GIF89a"):
		return format{name: "gif", config: gif.DecodeConfig, decode: gif.Decode}, nil
	case has("RIFF") && len(head) >= 12 && string(head[8:12]) == "WEBP" && animatedWebP(head):
		return webpAnimated(), nil // webpanim.go
	case has("RIFF") && len(head) >= 12 && string(head[8:12]) == "WEBP":
		return format{name: "webp", config: webp.DecodeConfig, decode: webp.Decode}, nil
	case has("BM"):
		return format{name: "bmp", config: bmp.DecodeConfig, decode: bmp.Decode}, nil
	case has("II*\x00"), has("MM\x00*"):
		return format{name: "tiff", config: tiff.DecodeConfig, decode: tiff.Decode, unwrap: unwrapTIFF}, nil
	}
	if f, ok := sniffBMFF(head); ok { // HEIC, AVIF, HEIF, CR3: heif.go
		return f, nil
	}
	if f, ok := sniffRaw(head); ok { // RAF, RW2, ORF: raw.go
		return f, nil
	}
	return format{}, fmt.Errorf("%w: unrecognised header % x", ErrUnsupported, head[:min(len(head), 8)])
}

// sniffLen is how many bytes sniff needs to tell every format apart (an animated WebP's
// flags are in byte 20, a generic HEIF's first compatible brands in bytes 16 to 31).
const sniffLen = 32

// Probe reads the image header from r and returns its format and declared
// size, checked against the limits, without decoding pixels. It reads only as
// far as the decoder needs to find the dimensions (up to the first scan for a
// JPEG), except for TIFF, whose header can point anywhere: a TIFF is read
// whole (at most Options.MaxBytes). Errors are those of Decode; panics in
// decoders become ErrCorrupt.
func (m *Maker) Probe(r io.Reader) (Info, error) {
	cr := m.capped(r)
	br := bufio.NewReader(cr)
	head, _ := br.Peek(sniffLen) // a short read is judged by sniff
	f, err := sniff(head)
	if err != nil {
		return Info{}, err
	}
	info, err := m.probeStream(f, br)
	if cr.exceeded() {
		return Info{}, cr.errTooLarge()
	}
	return info, err
}

// maxHeaderKeep bounds the header bytes Probe keeps for inspect.
const maxHeaderKeep = 1 << 20

// probeStream reads the header of f from br, keeping what the decoder reads
// for inspect.
func (m *Maker) probeStream(f format, br *bufio.Reader) (Info, error) {
	if f.unwrap != nil {
		// TIFF needs random access: without an io.ReaderAt its decoder
		// buffers in 10 MB steps towards whatever offset the header names.
		// Raw files are containers whose preview may lie anywhere.
		data, err := m.readAll(br)
		if err != nil {
			return Info{}, err
		}
		f, data, name, err := unwrapped(f, data)
		if err != nil {
			return Info{}, err
		}
		info, err := m.header(f, data, bytes.NewReader(data))
		info.Format = name
		return info, err
	}
	kept := &prefixWriter{max: maxHeaderKeep}
	info, err := m.config(f, io.TeeReader(br, kept))
	if err != nil {
		return Info{}, err
	}
	return info, inspect(f, kept.buf, &info)
}

// header runs config on r and inspect on data, the input's first bytes.
func (m *Maker) header(f format, data []byte, r io.Reader) (Info, error) {
	info, err := m.config(f, r)
	if err != nil {
		return Info{}, err
	}
	return info, inspect(f, data, &info)
}

// prefixWriter keeps the first max bytes written to it.
type prefixWriter struct {
	buf []byte
	max int
}

func (w *prefixWriter) Write(p []byte) (int, error) {
	w.buf = append(w.buf, p[:min(len(p), w.max-len(w.buf))]...)
	return len(p), nil
}

// Decode reads all of r (at most Options.MaxBytes), checks the declared size
// against Options.MaxPixels and MaxSide before decoding, then decodes the
// pixels, at full size (a JPEG by libjpeg-turbo when the build has it, to
// the same *image.YCbCr or *image.Gray image/jpeg returns). The
// image is returned as stored: apply Orient with the EXIF orientation to get
// it upright. GIFs yield their first frame. Errors wrap ErrTooLarge,
// ErrUnsupported or ErrCorrupt; panics in decoders become ErrCorrupt.
func (m *Maker) Decode(r io.Reader) (image.Image, Info, error) {
	f, data, info, err := m.readChecked(r)
	if err != nil {
		return nil, Info{}, err
	}
	img, err := m.decodeAt(f, data, info, info.Width, info.Height)
	if err != nil {
		return nil, Info{}, err
	}
	return img, info, nil
}

// readChecked reads all of r and checks its header against the limits: what Decode does before decoding.
func (m *Maker) readChecked(r io.Reader) (format, []byte, Info, error) {
	data, err := m.readAll(r)
	if err != nil {
		return format{}, nil, Info{}, err
	}
	f, err := sniff(data[:min(len(data), sniffLen)])
	if err != nil {
		return format{}, nil, Info{}, err
	}
	f, data, name, err := unwrapped(f, data)
	if err != nil {
		return format{}, nil, Info{}, err
	}
	if f.name == "jpeg" && jpegScans(data, maxJPEGScans) > maxJPEGScans {
		return format{}, nil, Info{}, fmt.Errorf("%w: jpeg: more than %d scans", ErrTooLarge, maxJPEGScans)
	}
	info, err := m.header(f, data, bytes.NewReader(data))
	if err != nil {
		return format{}, nil, Info{}, err
	}
	info.Format = name
	if f.name == "png" && !pngDataSuffices(data) {
		return format{}, nil, Info{}, fmt.Errorf("%w: png: %dx%d pixels cannot come from so little compressed data",
			ErrCorrupt, info.Width, info.Height)
	}
	return f, data, info, nil
}

// decodeAt decodes data, whose header info has passed the limits, to at least minW x minH pixels (stored
// orientation). A JPEG that libjpeg-turbo reads cleanly is decoded at the smallest DCT scale that holds that
// size (see decodeTurbo); every other image is decoded whole by its Go decoder.
func (m *Maker) decodeAt(f format, data []byte, info Info, minW, minH int) (image.Image, error) {
	if f.name == "jpeg" {
		if img, ok := decodeTurbo(data, info, minW, minH); ok {
			return img, nil
		}
	}
	img, err := decodePixels(f, data)
	if err != nil {
		return nil, err
	}
	if b := img.Bounds(); b.Empty() || int64(b.Dx())*int64(b.Dy()) > m.maxPixels {
		// Defence in depth: a decoder that disagrees with its own header.
		return nil, fmt.Errorf("%w: %s: decoded bounds %v do not match header %dx%d",
			ErrCorrupt, f.name, b, info.Width, info.Height)
	}
	return onScreen(img, info), nil
}

// onScreen places a GIF's first frame on its logical screen, as viewers show
// it, when the frame covers only part of it: the rest stays transparent (white
// in the thumbnails), and the image then has the size Info reports.
func onScreen(img image.Image, info Info) image.Image {
	screen := image.Rect(0, 0, info.Width, info.Height)
	if info.Format != "gif" || img.Bounds() == screen {
		return img
	}
	canvas := image.NewNRGBA(screen)
	draw.Draw(canvas, img.Bounds().Intersect(screen), img, img.Bounds().Min, draw.Src)
	return canvas
}

// config runs the format's DecodeConfig and checks the result against the
// limits.
func (m *Maker) config(f format, r io.Reader) (info Info, err error) {
	defer recoverCorrupt(f.name, &err)
	cfg, err := f.config(r)
	if err != nil {
		return Info{}, classify(f.name, err)
	}
	info = Info{Format: f.name, Width: cfg.Width, Height: cfg.Height, bytesPerPixel: bytesPerPixel(cfg.ColorModel)}
	if info.Width <= 0 || info.Height <= 0 {
		return Info{}, fmt.Errorf("%w: %s: declared size %dx%d", ErrCorrupt, f.name, info.Width, info.Height)
	}
	if max(info.Width, info.Height) > MaxSide {
		return Info{}, fmt.Errorf("%w: %s declares %dx%d, longer than %d pixels",
			ErrTooLarge, f.name, info.Width, info.Height, MaxSide)
	}
	if info.Pixels() > m.maxPixels {
		return Info{}, fmt.Errorf("%w: %s declares %dx%d = %d pixels, limit %d",
			ErrTooLarge, f.name, info.Width, info.Height, info.Pixels(), m.maxPixels)
	}
	return info, nil
}

// decodePixels decodes data whose header has already passed the limits.
func decodePixels(f format, data []byte) (img image.Image, err error) {
	defer recoverCorrupt(f.name, &err)
	img, err = f.decode(bytes.NewReader(data))
	if err != nil {
		return nil, classify(f.name, err)
	}
	return img, nil
}

// recoverCorrupt turns a panic inside a third-party decoder into ErrCorrupt.
// It is deferred only around decoder calls: a panic there means hostile or
// damaged input, not a bug of ours.
func recoverCorrupt(name string, err *error) {
	if p := recover(); p != nil {
		*err = fmt.Errorf("%w: %s decoder panicked: %v", ErrCorrupt, name, p)
	}
}

// classify wraps a decoder error in ErrUnsupported when the decoder says the
// input is valid but beyond it, else in ErrCorrupt. The decoder's error stays
// in the chain.
func classify(name string, err error) error {
	if errors.Is(err, ErrTooLarge) || errors.Is(err, ErrUnsupported) || errors.Is(err, ErrCorrupt) {
		return err // classified already by a decoder of this package (heif.go)
	}
	var (
		jpegErr jpeg.UnsupportedError
		pngErr  png.UnsupportedError
		tiffErr tiff.UnsupportedError
	)
	if errors.As(err, &pngErr) && pngErr == "dimension overflow" {
		// Go's PNG decoder refuses sizes whose buffer would overflow an int
		// before our pixel check sees them.
		return fmt.Errorf("%w: %s: %w", ErrTooLarge, name, err)
	}
	if errors.As(err, &jpegErr) || errors.As(err, &pngErr) || errors.As(err, &tiffErr) ||
		errors.Is(err, bmp.ErrUnsupported) {
		return fmt.Errorf("%w: %s: %w", ErrUnsupported, name, err)
	}
	return fmt.Errorf("%w: %s: %w", ErrCorrupt, name, err)
}

// bytesPerPixel estimates the decoded buffer's bytes per pixel from the
// colour model a header declares.
func bytesPerPixel(cm color.Model) int {
	if _, ok := cm.(color.Palette); ok {
		return 1
	}
	switch cm {
	case color.GrayModel:
		return 1
	case color.Gray16Model:
		return 2
	case color.YCbCrModel:
		return 3 // 4:4:4 is the worst case; 4:2:0 needs 1.5
	case color.RGBA64Model, color.NRGBA64Model:
		return 8
	}
	return 4
}

// readAll reads r whole, refusing inputs beyond the byte cap.
func (m *Maker) readAll(r io.Reader) ([]byte, error) {
	var buf bytes.Buffer
	if n := sizeHint(r); n > 0 && (m.maxBytes < 0 || n <= m.maxBytes) {
		buf.Grow(int(n) + bytes.MinRead)
	}
	cr := m.capped(r)
	if _, err := buf.ReadFrom(cr); err != nil {
		if cr.exceeded() {
			return nil, cr.errTooLarge()
		}
		return nil, fmt.Errorf("thumb: read input: %w", err)
	}
	return buf.Bytes(), nil
}

// sizeHint returns the remaining length of r when it is cheap to know, so
// readAll allocates once; 0 when unknown.
func sizeHint(r io.Reader) int64 {
	switch v := r.(type) {
	case interface{ Len() int }: // bytes.Reader, bytes.Buffer, strings.Reader
		return int64(v.Len())
	case *os.File:
		if st, err := v.Stat(); err == nil && st.Mode().IsRegular() {
			return st.Size()
		}
	}
	return 0
}

// capReader fails once more than max bytes have been read from r.
type capReader struct {
	r    io.Reader
	max  int64 // < 0: no cap
	read int64
}

// errInputTooLarge is what capReader returns past its cap; the caller checks
// exceeded rather than this error, since decoders may replace it.
var errInputTooLarge = fmt.Errorf("%w: input exceeds byte cap", ErrTooLarge)

func (m *Maker) capped(r io.Reader) *capReader { return &capReader{r: r, max: m.maxBytes} }

func (c *capReader) exceeded() bool { return c.max >= 0 && c.read > c.max }

func (c *capReader) errTooLarge() error {
	return fmt.Errorf("%w: input exceeds %d bytes", ErrTooLarge, c.max)
}

// Read implements io.Reader, reading at most one byte past the cap so that
// an input of exactly max bytes passes.
func (c *capReader) Read(p []byte) (int, error) {
	if c.max < 0 {
		return c.r.Read(p)
	}
	if c.exceeded() {
		return 0, errInputTooLarge
	}
	if room := c.max - c.read + 1; int64(len(p)) > room {
		p = p[:room]
	}
	n, err := c.r.Read(p)
	c.read += int64(n)
	if c.exceeded() {
		return n, errInputTooLarge
	}
	return n, err
}

// inspect adds what the generic header does not say: whether a JPEG is
// progressive (its decoder then keeps every coefficient), and whether a TIFF
// is a camera raw file, whose first image is only a small preview.
func inspect(f format, head []byte, info *Info) error {
	switch f.name {
	case "jpeg":
		progressive, ok := jpegProgressive(head)
		info.progressive = progressive || !ok
	case "tiff":
		if rawTIFF(head) {
			return fmt.Errorf("%w: tiff: camera raw file", ErrUnsupported)
		}
	}
	return nil
}

// jpegProgressive walks the marker segments of a JPEG to its frame header
// (SOFn) and reports whether the frame is progressive; ok is false when no
// frame header is found in head.
func jpegProgressive(head []byte) (progressive, ok bool) {
	for i := 2; i+4 <= len(head); {
		if head[i] != 0xff {
			return false, false
		}
		marker := head[i+1]
		switch {
		case marker == 0xff: // fill byte
			i++
			continue
		case marker == 0x01 || marker >= 0xd0 && marker <= 0xd8: // no length
			i += 2
			continue
		case marker == 0xc2 || marker == 0xc6 || marker == 0xca || marker == 0xce:
			return true, true
		case marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc:
			return false, true
		}
		i += 2 + (int(head[i+2])<<8 | int(head[i+3]))
	}
	return false, false
}

// TIFF tags that mark a camera raw file.
const (
	tagNewSubfileType = 254   // bit 0 set: IFD0 is a reduced-resolution preview
	tagDNGVersion     = 50706 // Adobe DNG
)

// rawTIFF reports whether a TIFF is a camera raw file (DNG, NEF, CR2 and
// others built on TIFF), by the Canon CR2 signature or IFD0's tags.
func rawTIFF(b []byte) bool {
	if len(b) < 8 {
		return false
	}
	if len(b) >= 10 && string(b[8:10]) == "CR" { // Canon CR2
		return true
	}
	var bo binary.ByteOrder = binary.LittleEndian
	if b[0] == 'M' {
		bo = binary.BigEndian
	}
	off := uint64(bo.Uint32(b[4:8]))
	if off < 8 || off+2 > uint64(len(b)) {
		return false
	}
	n := uint64(bo.Uint16(b[off:]))
	for e := off + 2; e+12 <= uint64(len(b)) && e < off+2+12*n; e += 12 {
		switch bo.Uint16(b[e:]) {
		case tagDNGVersion:
			return true
		case tagNewSubfileType:
			v := bo.Uint32(b[e+8:])
			if bo.Uint16(b[e+2:]) == 3 { // SHORT: the value is in the first two bytes
				v = uint32(bo.Uint16(b[e+8:]))
			}
			if v&1 != 0 {
				return true
			}
		}
	}
	return false
}

// deflateMaxRatio is the most DEFLATE can expand: a 258-byte match coded in
// two bits.
const deflateMaxRatio = 1032

// pngDataSuffices reports whether a PNG's IDAT chunks hold enough compressed
// bytes to inflate to the pixel rows its IHDR declares. Go's decoder
// allocates the whole image before reading any row, so a tiny file declaring
// a large size would otherwise cost its full pixel buffer before failing.
// It answers true when it cannot tell; the decoder then judges.
func pngDataSuffices(data []byte) bool {
	var raw, idat int64
	for off := 8; off+8 <= len(data); {
		n := int64(binary.BigEndian.Uint32(data[off:]))
		typ := string(data[off+4 : off+8])
		switch {
		case typ == "IHDR" && n >= 13 && off+8+13 <= len(data):
			raw = pngRawSize(data[off+8 : off+8+13])
		case typ == "IDAT":
			idat += n
		case typ == "IEND":
			off = len(data)
			continue
		}
		if n > int64(len(data)) { // a length past the end: the decoder will say so
			break
		}
		off += 12 + int(n)
	}
	return raw <= deflateMaxRatio*(idat+1)
}

// pngRawSize returns the bytes of filtered pixel rows a non-interlaced PNG
// with this IHDR payload inflates to (an interlaced one needs a little more).
func pngRawSize(ihdr []byte) int64 {
	w, h := int64(binary.BigEndian.Uint32(ihdr[0:])), int64(binary.BigEndian.Uint32(ihdr[4:]))
	channels := int64(1) // grey, paletted (colour types 0, 3)
	switch ihdr[9] {
	case 2: // RGB
		channels = 3
	case 4: // grey + alpha
		channels = 2
	case 6: // RGBA
		channels = 4
	}
	bits := int64(ihdr[8]) * channels
	return h * (1 + (w*bits+7)/8)
}
