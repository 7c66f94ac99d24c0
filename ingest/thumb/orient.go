package thumb

import (
	"image"

	"github.com/disintegration/imaging"
)

// Orient applies an EXIF orientation (1..8) to img, returning the image
// upright as a viewer shows it. Orientation 1 and values outside 1..8 return
// img itself; the others return a new *image.NRGBA (a full copy, so for large
// images prefer RenderOriented, which orients after shrinking).
//
// The EXIF values describe how the stored rows map to the scene:
// 2 mirrored, 3 upside down, 4 mirrored upside down, 5 transposed,
// 6 needs 90 degrees clockwise, 7 transversed, 8 needs 90 degrees
// counter-clockwise.
func Orient(img image.Image, orientation int) image.Image {
	switch orientation {
	case 2:
		return imaging.FlipH(img)
	case 3:
		return imaging.Rotate180(img)
	case 4:
		return imaging.FlipV(img)
	case 5:
		return imaging.Transpose(img)
	case 6:
		return imaging.Rotate270(img) // imaging rotates counter-clockwise
	case 7:
		return imaging.Transverse(img)
	case 8:
		return imaging.Rotate90(img)
	}
	return img
}

// DisplaySize returns the width and height of a w x h stored image as
// displayed with the given EXIF orientation: orientations 5..8 swap them.
func DisplaySize(w, h, orientation int) (int, int) {
	if swapsAxes(orientation) {
		return h, w
	}
	return w, h
}

// swapsAxes reports whether an orientation exchanges width and height.
func swapsAxes(orientation int) bool { return orientation >= 5 && orientation <= 8 }
