package thumb

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"math"
	"math/bits"
	"math/rand/v2"
	"testing"
)

// Test images are generated here rather than committed: real pixels, no
// binaries in the repository.

// Quadrant colours of quadrants(): top-left, top-right, bottom-left,
// bottom-right as a viewer should see them.
var (
	red    = color.NRGBA{R: 255, A: 255}
	green  = color.NRGBA{G: 255, A: 255}
	blue   = color.NRGBA{B: 255, A: 255}
	yellow = color.NRGBA{R: 255, G: 255, A: 255}
)

// quadrants returns a w x h image of four coloured quadrants: red, green /
// blue, yellow. It is asymmetric under every flip and rotation.
func quadrants(w, h int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := red
			switch {
			case x >= w/2 && y < h/2:
				c = green
			case x < w/2 && y >= h/2:
				c = blue
			case x >= w/2 && y >= h/2:
				c = yellow
			}
			img.SetNRGBA(x, y, c)
		}
	}
	return img
}

// photoLike returns a w x h image that compresses like a photo: smooth
// gradients and soft blobs with per-pixel sensor-like noise.
func photoLike(w, h int, seed uint64) *image.RGBA {
	rng := rand.New(rand.NewPCG(seed, 1))
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	fx, fy := 2*math.Pi/float64(w), 2*math.Pi/float64(h)
	for y := range h {
		row := img.Pix[y*img.Stride:]
		sy := math.Sin(3 * fy * float64(y))
		for x := range w {
			sx := math.Cos(5 * fx * float64(x))
			base := 128 + 60*sx*sy
			n := rng.IntN(17) - 8
			row[4*x+0] = clamp8(base + 50*float64(x)/float64(w) + float64(n))
			row[4*x+1] = clamp8(base*0.8 + 40*sy + float64(n))
			row[4*x+2] = clamp8(255 - base + float64(rng.IntN(9)-4))
			row[4*x+3] = 255
		}
	}
	return img
}

func clamp8(v float64) uint8 { return uint8(max(0, min(255, v))) }

// encodeJPEG returns img as a JPEG of quality q.
func encodeJPEG(tb testing.TB, img image.Image, q int) []byte {
	tb.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: q}); err != nil {
		tb.Fatalf("jpeg.Encode: %v", err)
	}
	return b.Bytes()
}

// encodePNG returns img as a PNG (16-bit for 64-bit image types, paletted
// for *image.Paletted).
func encodePNG(tb testing.TB, img image.Image) []byte {
	tb.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		tb.Fatalf("png.Encode: %v", err)
	}
	return b.Bytes()
}

// encodeGIF returns img as a single-frame GIF.
func encodeGIF(tb testing.TB, img image.Image) []byte {
	tb.Helper()
	var b bytes.Buffer
	if err := gif.Encode(&b, img, nil); err != nil {
		tb.Fatalf("gif.Encode: %v", err)
	}
	return b.Bytes()
}

// pngChunk returns one PNG chunk with its CRC.
func pngChunk(typ string, data []byte) []byte {
	out := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	out = append(out, typ...)
	out = append(out, data...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(append([]byte(typ), data...)))
}

// hugePNG returns a PNG of about 70 bytes whose header declares w x h 8-bit
// RGB pixels, with a short valid zlib stream as its data.
func hugePNG(w, h uint32) []byte {
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 2, 0, 0, 0) // depth 8, RGB, deflate, no filter, not interlaced
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(make([]byte, 4)) // a filter byte and one pixel: far too little
	zw.Close()
	idat := z.Bytes()
	out := []byte("\x89PNG\r\n\x1a\n")
	out = append(out, pngChunk("IHDR", ihdr)...)
	out = append(out, pngChunk("IDAT", idat)...)
	return append(out, pngChunk("IEND", nil)...)
}

// hugeGIF returns a GIF whose logical screen is sw x sh and whose first frame
// is fw x fh, followed by a minimal LZW stream.
func hugeGIF(sw, sh, fw, fh uint16) []byte {
	out := []byte("GIF89a")
	out = binary.LittleEndian.AppendUint16(out, sw)
	out = binary.LittleEndian.AppendUint16(out, sh)
	out = append(out, 0x80, 0, 0)             // global colour table of 2 entries
	out = append(out, 0, 0, 0, 255, 255, 255) // black, white
	out = append(out, 0x2c, 0, 0, 0, 0)       // image descriptor at 0,0
	out = binary.LittleEndian.AppendUint16(out, fw)
	out = binary.LittleEndian.AppendUint16(out, fh)
	out = append(out, 0)                   // no local table
	out = append(out, 2, 2, 0x44, 0x01, 0) // LZW min size 2: clear, 0, end
	return append(out, 0x3b)
}

// hugeJPEG returns the start of a baseline JPEG whose SOF0 declares w x h
// 3-component pixels, followed by a scan header (DecodeConfig reads up to it)
// with no Huffman tables and no data, and an end marker.
func hugeJPEG(w, h uint16) []byte {
	out := []byte{0xff, 0xd8, 0xff, 0xc0, 0, 17, 8}
	out = binary.BigEndian.AppendUint16(out, h)
	out = binary.BigEndian.AppendUint16(out, w)
	out = append(out, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1)
	out = append(out, 0xff, 0xda, 0, 12, 3, 1, 0, 2, 0x11, 3, 0x11, 0, 63, 0)
	return append(out, 0xff, 0xd9)
}

// solidWebP returns a lossless WebP (VP8L) of w x h pixels all of colour c,
// written bit by bit: every prefix code is a one-symbol "simple code", so
// the pixels themselves take zero bits.
func solidWebP(w, h int, c color.NRGBA) []byte {
	var bw bitWriter
	bw.write(0x2f, 8) // VP8L signature
	bw.write(uint32(w-1), 14)
	bw.write(uint32(h-1), 14)
	bw.write(1, 1) // alpha used
	bw.write(0, 3) // version
	bw.write(0, 1) // no transform
	bw.write(0, 1) // no colour cache
	bw.write(0, 1) // no meta prefix codes
	// Prefix codes for green, red, blue, alpha and distance.
	for _, sym := range []uint8{c.G, c.R, c.B, c.A, 0} {
		bw.write(1, 1) // simple code
		bw.write(0, 1) // one symbol
		bw.write(1, 1) // 8-bit symbol
		bw.write(uint32(sym), 8)
	}
	data := bw.bytes()
	chunk := append([]byte("VP8L"), binary.LittleEndian.AppendUint32(nil, uint32(len(data)))...)
	chunk = append(chunk, data...)
	if len(data)%2 == 1 {
		chunk = append(chunk, 0)
	}
	out := append([]byte("RIFF"), binary.LittleEndian.AppendUint32(nil, uint32(4+len(chunk)))...)
	out = append(out, "WEBP"...)
	return append(out, chunk...)
}

// bitWriter packs bits least significant first, as VP8L reads them.
type bitWriter struct {
	buf   []byte
	nbits uint
}

func (b *bitWriter) write(v uint32, n uint) {
	for i := range n {
		if b.nbits%8 == 0 {
			b.buf = append(b.buf, 0)
		}
		b.buf[len(b.buf)-1] |= byte((v>>i)&1) << (b.nbits % 8)
		b.nbits++
	}
}

func (b *bitWriter) bytes() []byte { return b.buf }

// cmykJPEG returns a baseline 4-component Adobe JPEG (transform 0, so CMYK
// stored inverted, as Photoshop writes it) of len(cmyk) 8x8 blocks side by
// side, block i filled with ink cmyk[i]. Go cannot encode CMYK, so this
// writes the markers and a DC-only entropy stream by hand.
func cmykJPEG(cmyk [][4]uint8) []byte {
	w := 8 * len(cmyk)
	out := []byte{0xff, 0xd8}
	out = append(out, 0xff, 0xee, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0) // APP14, transform 0
	out = append(out, 0xff, 0xdb, 0, 67, 0)                                              // DQT 0: all ones
	out = append(out, bytes.Repeat([]byte{1}, 64)...)
	out = append(out, 0xff, 0xc0, 0, 20, 8, 0, 8, byte(w>>8), byte(w), 4) // SOF0 8 x w, 4 components
	for id := byte(1); id <= 4; id++ {
		out = append(out, id, 0x11, 0)
	}
	// DC table 0: categories 0..11, all 4-bit codes; AC table 0: only EOB, code "0".
	out = append(out, 0xff, 0xc4, 0, 31, 0x00, 0, 0, 0, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
	out = append(out, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
	out = append(out, 0xff, 0xc4, 0, 20, 0x10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
	out = append(out, 0xff, 0xda, 0, 14, 4, 1, 0, 2, 0, 3, 0, 4, 0, 0, 63, 0) // SOS
	var bw msbWriter
	var prev [4]int
	for _, ink := range cmyk {
		for c, v := range ink {
			dc := 8 * (int(255-v) - 128) // stored inverted; constant block: DC = 8*(level-128)
			d := dc - prev[c]
			prev[c] = dc
			s := bits.Len(uint(max(d, -d)))
			bw.write(uint32(s), 4) // category s has the 4-bit code s
			if d < 0 {
				d += 1<<s - 1
			}
			bw.write(uint32(d), uint(s))
			bw.write(0, 1) // EOB
		}
	}
	out = append(out, bw.flush()...)
	return append(out, 0xff, 0xd9)
}

// msbWriter packs bits most significant first with JPEG byte stuffing.
type msbWriter struct {
	out   []byte
	acc   uint32
	nbits uint
}

func (b *msbWriter) write(v uint32, n uint) {
	for i := int(n) - 1; i >= 0; i-- {
		b.acc = b.acc<<1 | (v>>uint(i))&1
		b.nbits++
		if b.nbits == 8 {
			b.out = append(b.out, byte(b.acc))
			if byte(b.acc) == 0xff {
				b.out = append(b.out, 0)
			}
			b.acc, b.nbits = 0, 0
		}
	}
}

// flush pads the last byte with ones and returns the stream.
func (b *msbWriter) flush() []byte {
	for b.nbits != 0 {
		b.write(1, 1)
	}
	return b.out
}
