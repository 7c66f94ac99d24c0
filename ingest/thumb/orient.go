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

// orient is Orient for the package's own use: a 4:4:4 or 4:2:0 *image.YCbCr and an *image.Gray are turned
// plane by plane and keep their type (imaging would convert them to NRGBA, four bytes a pixel); other images
// go to Orient. 4:2:0 chroma reversed along an odd side lands half a chroma sample (one pixel) off, which no
// one sees in a thumbnail.
func orient(img image.Image, orientation int) image.Image {
	if orientation < 2 || orientation > 8 || img.Bounds().Min != (image.Point{}) {
		return Orient(img, orientation)
	}
	w, h := img.Bounds().Dx(), img.Bounds().Dy()
	dw, dh := DisplaySize(w, h, orientation)
	switch v := img.(type) {
	case *image.Gray:
		out := image.NewGray(image.Rect(0, 0, dw, dh))
		orientPlane(v.Pix, v.Stride, w, h, out.Pix, out.Stride, orientation)
		return out
	case *image.YCbCr:
		if v.SubsampleRatio != image.YCbCrSubsampleRatio444 && v.SubsampleRatio != image.YCbCrSubsampleRatio420 {
			break // turning 4:2:2 would make it 4:4:0: not worth a case of its own
		}
		out := image.NewYCbCr(image.Rect(0, 0, dw, dh), v.SubsampleRatio)
		orientPlane(v.Y, v.YStride, w, h, out.Y, out.YStride, orientation)
		cw, ch := chromaSize(v)
		orientPlane(v.Cb, v.CStride, cw, ch, out.Cb, out.CStride, orientation)
		orientPlane(v.Cr, v.CStride, cw, ch, out.Cr, out.CStride, orientation)
		return out
	}
	return Orient(img, orientation)
}

// orientPlane writes the w x h plane src, one byte a sample, turned for orientation into dst. Destination
// sample (x, y) comes from src[base + x*dx + y*dy].
func orientPlane(src []byte, sstride, w, h int, dst []byte, dstride, orientation int) {
	last, right := (h-1)*sstride, w-1
	var base, dx, dy int
	switch orientation {
	case 2: // mirrored
		base, dx, dy = right, -1, sstride
	case 3: // upside down
		base, dx, dy = last+right, -1, -sstride
	case 4: // mirrored upside down
		base, dx, dy = last, 1, -sstride
	case 5: // transposed
		base, dx, dy = 0, sstride, 1
	case 6: // turned clockwise
		base, dx, dy = last, -sstride, 1
	case 7: // transversed
		base, dx, dy = last+right, -sstride, -1
	case 8: // turned counter-clockwise
		base, dx, dy = right, sstride, -1
	default:
		base, dx, dy = 0, 1, sstride
	}
	dw, dh := DisplaySize(w, h, orientation)
	for y := range dh {
		row, i := dst[y*dstride:][:dw], base+y*dy
		for x := range row {
			row[x] = src[i]
			i += dx
		}
	}
}
