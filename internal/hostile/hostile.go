// Package hostile makes small malicious or broken files for tests: decompression bombs, truncations.
// It is test support shared by several packages' tests; production code never imports it.
package hostile

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
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
