package thumb

// maxJPEGScans bounds the scans of a JPEG accepted for decoding. A progressive JPEG made of hundreds of empty
// scans costs image/jpeg a full pass over its coefficients per scan: 20 KB of them declaring 8192x8192 took
// 12-17 s of CPU and 400 MiB (internal/hostile.ManyScansJPEG). Real progressive files have 7 to 10 scans (measured on
// jpegtran -progressive output and the system's files), baseline ones one per component at most.
const maxJPEGScans = 64

// jpegScans counts the start-of-scan markers of a JPEG, walking its segments and skipping entropy-coded data,
// and stops counting once it passes limit. A damaged stream ends the walk: the decoder judges the rest.
func jpegScans(data []byte, limit int) int {
	n, i := 0, 2 // after SOI
	for i+1 < len(data) && n <= limit {
		if data[i] != 0xff {
			return n
		}
		marker := data[i+1]
		i += 2
		switch {
		case marker == 0xff: // fill byte before a marker
			i--
			continue
		case marker == 0xd9: // EOI
			return n
		case marker >= 0xd0 && marker <= 0xd7, marker == 0x01: // RSTn and TEM carry no length
			continue
		}
		if i+1 >= len(data) {
			return n
		}
		i += int(data[i])<<8 | int(data[i+1])
		if marker != 0xda {
			continue
		}
		n++
		// Skip the entropy-coded data up to the next marker that is neither a stuffed 0xff00 nor a restart.
		for i+1 < len(data) && (data[i] != 0xff || data[i+1] == 0 || data[i+1] >= 0xd0 && data[i+1] <= 0xd7) {
			i++
		}
	}
	return n
}
