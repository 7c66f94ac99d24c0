package thumb

import (
	"encoding/binary"
	"fmt"

	"golang.org/x/image/webp"
)

// An animated WebP is shown by its first frame, as a GIF is: Go's WebP decoder reads only still
// images, so unwrapWebP rebuilds the first frame (its ANMF chunk's VP8 or VP8L bitstream, with
// its ALPH chunk) as a still WebP of the frame's own size. A first frame smaller than the canvas
// is not placed on it.

// animatedWebP reports whether head (at least 21 bytes) starts an animated WebP: a VP8X chunk
// with the animation flag.
func animatedWebP(head []byte) bool {
	return len(head) >= 21 && string(head[12:16]) == "VP8X" && head[20]&2 != 0
}

// webpAnimated is the format of an animated WebP.
func webpAnimated() format {
	return format{name: "webp", unwrap: unwrapWebP}
}

// riffChunks calls fn with the type and payload of each RIFF chunk in b, until fn returns false.
func riffChunks(b []byte, fn func(typ string, payload []byte) bool) {
	for len(b) >= 8 {
		n := uint64(binary.LittleEndian.Uint32(b[4:]))
		end := min(8+n, uint64(len(b)))
		if !fn(string(b[:4]), b[8:end]) {
			return
		}
		b = b[min(end+end%2, uint64(len(b))):]
	}
}

func unwrapWebP(data []byte) (format, []byte, string, error) {
	var frame []byte
	riffChunks(data[min(len(data), 12):], func(typ string, payload []byte) bool {
		if typ == "ANMF" {
			frame = payload
			return false
		}
		return true
	})
	if len(frame) < 16 {
		return format{}, nil, "", fmt.Errorf("%w: webp: animation without a frame", ErrCorrupt)
	}
	w := 1 + int(frame[6]) | int(frame[7])<<8 | int(frame[8])<<16
	h := 1 + int(frame[9]) | int(frame[10])<<8 | int(frame[11])<<16
	var alpha, bitstream []byte
	riffChunks(frame[16:], func(typ string, payload []byte) bool {
		switch typ {
		case "ALPH":
			alpha = chunk(typ, payload)
		case "VP8 ", "VP8L":
			bitstream = chunk(typ, payload)
			return false
		}
		return true
	})
	if bitstream == nil {
		return format{}, nil, "", fmt.Errorf("%w: webp: first frame without a bitstream", ErrCorrupt)
	}
	body := []byte("WEBP")
	if alpha != nil && string(bitstream[:4]) == "VP8 " {
		vp8x := make([]byte, 10)
		vp8x[0] = 1 << 4 // alpha
		w1, h1 := uint32(w-1), uint32(h-1)
		vp8x[4], vp8x[5], vp8x[6] = byte(w1), byte(w1>>8), byte(w1>>16)
		vp8x[7], vp8x[8], vp8x[9] = byte(h1), byte(h1>>8), byte(h1>>16)
		body = append(append(body, chunk("VP8X", vp8x)...), alpha...)
	}
	body = append(body, bitstream...)
	still := append(append([]byte("RIFF"), binary.LittleEndian.AppendUint32(nil, uint32(len(body)))...), body...)
	return format{name: "webp", config: webp.DecodeConfig, decode: webp.Decode}, still, "webp", nil
}

// chunk returns a RIFF chunk, padded to an even length.
func chunk(typ string, payload []byte) []byte {
	c := append(append([]byte(typ), binary.LittleEndian.AppendUint32(nil, uint32(len(payload)))...), payload...)
	if len(payload)%2 == 1 {
		c = append(c, 0)
	}
	return c
}
