//go:build !cgo

package turbojpeg

import "image"

// Available is false: this build has no cgo.
const Available = false

func scales() []Scale { return []Scale{{1, 1}} }

// DecodeHeader returns ErrUnavailable: this build has no cgo.
func DecodeHeader([]byte) (Header, error) { return Header{}, ErrUnavailable }

// Decode returns ErrUnavailable: this build has no cgo.
func Decode([]byte, Header, Scale) (image.Image, error) { return nil, ErrUnavailable }

// Encode returns ErrUnavailable: this build has no cgo.
func Encode(image.Image, int) ([]byte, error) { return nil, ErrUnavailable }
