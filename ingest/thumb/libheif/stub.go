//go:build !cgo

package libheif

import "image"

// Available reports whether this build can decode: false without cgo.
const Available = false

// Config returns ErrUnavailable: this build has no cgo.
func Config(data []byte, maxSide int) (Header, error) { return Header{}, ErrUnavailable }

// Decode returns ErrUnavailable: this build has no cgo.
func Decode(data []byte, maxSide int, maxPixels int64) (image.Image, error) {
	return nil, ErrUnavailable
}
