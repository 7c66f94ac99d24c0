package ocr

import (
	"image"
	"image/draw"
	"math"
)

// raster is an image as 8-bit RGBA bytes with its origin at (0, 0), so the
// hot loops index Pix directly instead of calling At per pixel.
type raster struct {
	pix    []uint8
	stride int
	w, h   int
}

// toRaster converts img once. An *image.RGBA is used in place; anything
// else is drawn into a new RGBA (image/draw has fast paths for the YCbCr,
// Gray and NRGBA images the decoders return).
func toRaster(img image.Image) raster {
	b := img.Bounds()
	if m, ok := img.(*image.RGBA); ok {
		return raster{pix: m.Pix[m.PixOffset(b.Min.X, b.Min.Y):], stride: m.Stride, w: b.Dx(), h: b.Dy()}
	}
	m := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(m, m.Bounds(), img, b.Min, draw.Src)
	return raster{pix: m.Pix, stride: m.Stride, w: b.Dx(), h: b.Dy()}
}

// shrink averages k x k blocks, for large reductions where bilinear
// sampling alone would alias thin strokes away. k < 2 returns r itself.
func shrink(r raster, k int) raster {
	if k < 2 {
		return r
	}
	w, h := r.w/k, r.h/k
	out := raster{pix: make([]uint8, w*h*4), stride: w * 4, w: w, h: h}
	n := uint32(k * k)
	sum := make([]uint32, w*4)
	for y := range h {
		clear(sum)
		for yy := y * k; yy < y*k+k; yy++ {
			row := r.pix[yy*r.stride:]
			for x := range w {
				s := sum[x*4 : x*4+4]
				for xx := x * k; xx < x*k+k; xx++ {
					p := row[xx*4 : xx*4+4]
					s[0] += uint32(p[0])
					s[1] += uint32(p[1])
					s[2] += uint32(p[2])
					s[3] += uint32(p[3])
				}
			}
		}
		dst := out.pix[y*out.stride:]
		for i, v := range sum {
			dst[i] = uint8((v + n/2) / n)
		}
	}
	return out
}

// affine maps destination coordinates (u, v) (pixel centres at k+0.5) to
// source ones: src = o + u*ex + v*ey. It is a crop, scale and turn in one.
type affine struct {
	ox, oy   float64 // source position of the destination's (0, 0) corner
	exX, exY float64 // source step per destination column
	eyX, eyY float64 // source step per destination row
}

// quadAffine maps a w x h destination onto the parallelogram q (corners
// top-left, top-right, bottom-right, bottom-left; the fourth follows from
// the first three) turned by quarter turns counter-clockwise (0..3): 1 is
// what PaddleOCR does to a tall box (a line written bottom to top then
// reads left to right), 2 reads the quad upside down.
func quadAffine(q [4]point, w, h, turns int) affine {
	p0, p1, p3 := q[turns%4], q[(turns+1)%4], q[(turns+3)%4]
	ex, ey := p1.sub(p0).scale(1/float64(w)), p3.sub(p0).scale(1/float64(h))
	return affine{ox: p0.x, oy: p0.y, exX: ex.x, exY: ex.y, eyX: ey.x, eyY: ey.y}
}

// rectQuad is the quad of the axis-aligned rectangle 0..w x 0..h.
func rectQuad(w, h int) [4]point {
	fw, fh := float64(w), float64(h)
	return [4]point{{0, 0}, {fw, 0}, {fw, fh}, {0, fh}}
}

// norm turns a 0..255 channel value into a model input: (x - mean) / std.
type norm struct{ mean, std [3]float32 } // in B, G, R order

// warp samples r through a into a w x h image in a planar B, G, R float
// tensor, normalised by n: dst holds three equal planes whose rows are dstW
// apart (columns from w to dstW are left as they are, as padding). When the map shrinks by more than 1.5 it averages a grid of bilinear
// samples per pixel so small text does not alias away.
func warp(r raster, a affine, w, h, dstW int, dst []float32, n norm) {
	plane := len(dst) / 3
	step := math.Max(math.Hypot(a.exX, a.exY), math.Hypot(a.eyX, a.eyY))
	ss := min(max(int(math.Ceil(step-0.5)), 1), 8)
	inv := 1 / float32(ss*ss)
	var scale, bias [3]float32
	for c := range 3 {
		scale[c] = inv / n.std[c]
		bias[c] = n.mean[c] / n.std[c]
	}
	for v := range h {
		for u := range w {
			var acc [3]float32
			for j := range ss {
				fv := float64(v) + (float64(j)+0.5)/float64(ss)
				for i := range ss {
					fu := float64(u) + (float64(i)+0.5)/float64(ss)
					sx := a.ox + fu*a.exX + fv*a.eyX - 0.5
					sy := a.oy + fu*a.exY + fv*a.eyY - 0.5
					bilinear(r, sx, sy, &acc)
				}
			}
			k := v*dstW + u
			dst[k] = acc[0]*scale[0] - bias[0]
			dst[plane+k] = acc[1]*scale[1] - bias[1]
			dst[2*plane+k] = acc[2]*scale[2] - bias[2]
		}
	}
}

// bilinear adds the B, G, R values of r at (x, y), clamped to the edges.
func bilinear(r raster, x, y float64, acc *[3]float32) {
	x = min(max(x, 0), float64(r.w-1))
	y = min(max(y, 0), float64(r.h-1))
	x0, y0 := int(x), int(y)
	x1, y1 := min(x0+1, r.w-1), min(y0+1, r.h-1)
	fx, fy := float32(x-float64(x0)), float32(y-float64(y0))
	p00 := r.pix[y0*r.stride+x0*4:]
	p01 := r.pix[y0*r.stride+x1*4:]
	p10 := r.pix[y1*r.stride+x0*4:]
	p11 := r.pix[y1*r.stride+x1*4:]
	for c := range 3 {
		s := 2 - c // RGBA byte for B, G, R
		top := float32(p00[s]) + fx*(float32(p01[s])-float32(p00[s]))
		bot := float32(p10[s]) + fx*(float32(p11[s])-float32(p10[s]))
		acc[c] += top + fy*(bot-top)
	}
}
