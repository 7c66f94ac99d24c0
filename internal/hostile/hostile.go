// Package hostile makes small malicious or broken files for tests: decompression bombs, truncations.
// It is test support shared by several packages' tests; production code never imports it.
package hostile

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"strconv"
)

// PNGBomb returns a PNG of a few dozen bytes whose header declares w x h pixels (and holds no pixel data): a
// decoder that allocates before checking the size would ask for w*h*3 bytes.
func PNGBomb(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		binary.Write(&b, binary.BigEndian, uint32(len(data)))
		b.WriteString(typ)
		b.Write(data)
		binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(append([]byte(typ), data...)))
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 2 // 8-bit RGB
	chunk("IHDR", ihdr)
	chunk("IEND", nil)
	return b.Bytes()
}

// ManyScansJPEG returns a greyscale progressive JPEG of w x h pixels (w and h multiples of 8) made of scans AC
// scans that each skip every block with end-of-band runs: a few dozen bytes a scan, yet a decoder walks every
// block of the image in every scan. It attacks decode time, not memory: a file under a megabyte that keeps a
// decoder busy for as long as it has scans.
func ManyScansJPEG(w, h, scans int) []byte {
	var b bytes.Buffer
	seg := func(marker byte, data []byte) {
		b.Write([]byte{0xff, marker})
		binary.Write(&b, binary.BigEndian, uint16(len(data)+2))
		b.Write(data)
	}
	b.Write([]byte{0xff, 0xd8})
	seg(0xdb, append([]byte{0}, bytes.Repeat([]byte{1}, 64)...)) // one quantisation table of ones
	seg(0xc2, []byte{8, byte(h >> 8), byte(h), byte(w >> 8), byte(w), 1, 1, 0x11, 0})
	// A DC table and an AC table of one 1-bit code each: DC difference 0, and EOB14 (a run of 2^14+n blocks).
	dht := []byte{0x00, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}
	seg(0xc4, append(dht, append([]byte{0x10}, append(dht[1:17], 0xe0)...)...))
	blocks := (w / 8) * (h / 8)
	var scan bytes.Buffer
	var acc uint32
	nbits := 0
	put := func(v uint32, n int) {
		for i := n - 1; i >= 0; i-- {
			acc = acc<<1 | (v>>i)&1
			if nbits++; nbits == 8 {
				scan.WriteByte(byte(acc))
				if byte(acc) == 0xff {
					scan.WriteByte(0) // byte stuffing
				}
				acc, nbits = 0, 0
			}
		}
	}
	for left := blocks; left > 0; left -= 1<<15 - 1 {
		run := min(left, 1<<15-1)
		put(0, 1)                  // the EOB14 code
		put(uint32(run-1<<14), 14) // the run's low bits: run = 2^14 + bits
	}
	for nbits != 0 {
		put(1, 1)
	}
	for range scans {
		seg(0xda, []byte{1, 1, 0x00, 1, 63, 0x00})
		b.Write(scan.Bytes())
	}
	b.Write([]byte{0xff, 0xd9})
	return b.Bytes()
}

// Broken returns damaged copies of a real file, keyed by what was done to it: cut at several points, one byte
// flipped in the header and in the body, a run of bytes zeroed, the end cut off. They seed fuzz corpora with
// the damage that disks, transfers and truncated downloads really do.
func Broken(data []byte) map[string][]byte {
	n := len(data)
	out := map[string][]byte{}
	if n < 16 {
		return out
	}
	for _, cut := range []int{n / 8, n / 2, n - 2} {
		out["cut"+strconv.Itoa(cut)] = bytes.Clone(data[:cut])
	}
	for _, at := range []int{20, min(n-1, 160), n / 2} {
		b := bytes.Clone(data)
		b[at] ^= 0xff
		out["flip"+strconv.Itoa(at)] = b
	}
	b := bytes.Clone(data)
	clear(b[n/2 : min(n, n/2+64)])
	out["zeroed"] = b
	return out
}
