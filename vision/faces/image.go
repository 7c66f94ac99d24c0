package faces

import (
	"image"
	"image/draw"
	"math"

	xdraw "golang.org/x/image/draw"
)

// toRGBA returns img as *image.RGBA with origin (0,0), copying only when it
// is not one already. Photos are opaque; a transparent pixel comes out as if
// laid over black.
func toRGBA(img image.Image) *image.RGBA {
	if r, ok := img.(*image.RGBA); ok && r.Rect.Min == (image.Point{}) {
		return r
	}
	b := img.Bounds()
	out := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(out, out.Rect, img, b.Min, draw.Src)
	return out
}

// windowInput resizes the window of img to size x size, black outside img.
func windowInput(img *image.RGBA, win square, size int) *image.RGBA {
	dst := image.NewRGBA(image.Rect(0, 0, size, size))
	draw.Draw(dst, dst.Bounds(), image.Black, image.Point{}, draw.Src)
	k := float64(size) / win.Side
	src := image.Rect(int(math.Floor(win.X0)), int(math.Floor(win.Y0)),
		int(math.Ceil(win.X0+win.Side)), int(math.Ceil(win.Y0+win.Side))).Intersect(img.Bounds())
	if src.Empty() {
		return dst
	}
	at := image.Rect(int(math.Round((float64(src.Min.X)-win.X0)*k)), int(math.Round((float64(src.Min.Y)-win.Y0)*k)),
		int(math.Round((float64(src.Max.X)-win.X0)*k)), int(math.Round((float64(src.Max.Y)-win.Y0)*k))).Intersect(dst.Bounds())
	if at.Empty() {
		return dst
	}
	resizeInto(dst, at, img, src)
	return dst
}

// workingCopy shrinks img so its longer side is at most workSide and
// returns it with the factor that maps its pixels back to img's.
func workingCopy(img *image.RGBA) (*image.RGBA, float64) {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	if max(w, h) <= workSide {
		return img, 1
	}
	k := float64(workSide) / float64(max(w, h))
	work := image.NewRGBA(image.Rect(0, 0, max(1, int(math.Round(float64(w)*k))), max(1, int(math.Round(float64(h)*k)))))
	resizeInto(work, work.Rect, img, img.Rect)
	return work, float64(w) / float64(work.Rect.Dx())
}

// resizeInto scales the part r of img into the part at of dst. When that
// shrinks by k >= 2, k x k blocks are averaged first (cheap, and it keeps the
// bilinear step from aliasing); a bilinear step does the rest. Unlike
// x/image/draw's filtered kernels it needs no large temporary buffer.
func resizeInto(dst *image.RGBA, at image.Rectangle, img *image.RGBA, r image.Rectangle) {
	src, sr := img, r
	if k := min(r.Dx()/at.Dx(), r.Dy()/at.Dy()); k >= 2 {
		src = boxShrink(img, r, k)
		sr = src.Rect
	}
	if sr.Size() == at.Size() { // the block averages are the answer (a photo of exactly twice workSide)
		draw.Draw(dst, at, src, sr.Min, draw.Src)
		return
	}
	xdraw.ApproxBiLinear.Scale(dst, at, src, sr, xdraw.Src, nil)
}

// boxShrink averages k x k blocks of the part r of img into a new image with
// origin (0,0); a partial block at the right or bottom edge is dropped.
func boxShrink(img *image.RGBA, r image.Rectangle, k int) *image.RGBA {
	w, h := r.Dx()/k, r.Dy()/k
	out := image.NewRGBA(image.Rect(0, 0, w, h))
	sums := make([]int, w*4)
	n := k * k
	for y := range h {
		clear(sums)
		for sy := r.Min.Y + y*k; sy < r.Min.Y+(y+1)*k; sy++ {
			start := img.PixOffset(r.Min.X, sy)
			row := img.Pix[start : start+w*k*4]
			for x := range w * k {
				o := (x / k) * 4
				sums[o] += int(row[x*4])
				sums[o+1] += int(row[x*4+1])
				sums[o+2] += int(row[x*4+2])
				sums[o+3] += int(row[x*4+3])
			}
		}
		dst := out.Pix[y*out.Stride : y*out.Stride+w*4]
		for i, v := range sums {
			dst[i] = uint8((v + n/2) / n)
		}
	}
	return out
}

// faceCrop cuts the square b out of img (black outside it) and resizes it to
// size x size with TF's legacy bilinear mapping (src = dst*in/out, no
// half-pixel offset), rounding to 8 bits, as the reference crops were made.
// A square much larger than size is first shrunk with a proper filter so the
// bilinear step does not alias.
func faceCrop(img *image.RGBA, b box, size int) *image.RGBA {
	r := b.rect()
	if r.Dx() > 2*size {
		return shrunkCrop(img, r, size)
	}
	return bilinear(img, r, size)
}

// shrunkCrop pads r to black where it leaves img, shrinks it to twice size
// and resamples that.
func shrunkCrop(img *image.RGBA, r image.Rectangle, size int) *image.RGBA {
	win := square{X0: float64(r.Min.X), Y0: float64(r.Min.Y), Side: float64(r.Dx())}
	mid := windowInput(img, win, 2*size)
	return bilinear(mid, mid.Rect, size)
}

// bilinear resamples the rectangle r of img (which may leave img; outside is
// black) to size x size.
func bilinear(img *image.RGBA, r image.Rectangle, size int) *image.RGBA {
	dst := image.NewRGBA(image.Rect(0, 0, size, size))
	sx, sy := float64(r.Dx())/float64(size), float64(r.Dy())/float64(size)
	for y := range size {
		fy := float64(y) * sy
		y0 := int(fy)
		y1 := min(y0+1, r.Dy()-1)
		wy := fy - float64(y0)
		for x := range size {
			fx := float64(x) * sx
			x0 := int(fx)
			x1 := min(x0+1, r.Dx()-1)
			wx := fx - float64(x0)
			o := dst.PixOffset(x, y)
			for c := range 3 {
				top := lerp(pixel(img, r.Min.X+x0, r.Min.Y+y0, c), pixel(img, r.Min.X+x1, r.Min.Y+y0, c), wx)
				bot := lerp(pixel(img, r.Min.X+x0, r.Min.Y+y1, c), pixel(img, r.Min.X+x1, r.Min.Y+y1, c), wx)
				dst.Pix[o+c] = uint8(math.Floor(min(255, max(0, lerp(top, bot, wy))) + 0.5))
			}
			dst.Pix[o+3] = 255
		}
	}
	return dst
}

// lerp interpolates linearly from a (t = 0) to b (t = 1).
func lerp(a, b, t float64) float64 { return a + (b-a)*t }

// pixel returns channel c of img at (x, y), or 0 outside img.
func pixel(img *image.RGBA, x, y, c int) float64 {
	if !(image.Point{X: x, Y: y}).In(img.Rect) {
		return 0
	}
	return float64(img.Pix[img.PixOffset(x, y)+c])
}
