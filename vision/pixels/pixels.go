// Package pixels prepares images for models: a compact RGB buffer, the bilinear resize TF.js models were fed
// with, and the conversion to float32 tensors in the layout, colour order and normalisation a model manifest
// names. Every model of Sajin's vision stage goes through it, so they all see pixels prepared the same way.
package pixels

import (
	"image"
	"image/color"
	"image/draw"
)

// RGB is an image as 8-bit RGB triples, row-major, without padding.
type RGB struct {
	W, H int
	Pix  []uint8
}

// At returns the red, green and blue of a pixel.
func (m *RGB) At(x, y int) (r, g, b uint8) {
	i := (y*m.W + x) * 3
	return m.Pix[i], m.Pix[i+1], m.Pix[i+2]
}

// FromImage copies an image into an RGB buffer (alpha is dropped: transparent pixels keep their colour).
func FromImage(img image.Image) *RGB {
	b := img.Bounds()
	out := &RGB{W: b.Dx(), H: b.Dy(), Pix: make([]uint8, b.Dx()*b.Dy()*3)}
	switch src := img.(type) {
	case *image.YCbCr:
		fromYCbCr(out, src)
	case *image.NRGBA:
		fromRGBA(out, src.Pix, src.Stride, src.Rect.Min.X, src.Rect.Min.Y, b)
	case *image.RGBA:
		fromRGBA(out, src.Pix, src.Stride, src.Rect.Min.X, src.Rect.Min.Y, b)
	default:
		rgba := image.NewNRGBA(b)
		draw.Draw(rgba, b, img, b.Min, draw.Src)
		fromRGBA(out, rgba.Pix, rgba.Stride, b.Min.X, b.Min.Y, b)
	}
	return out
}

func fromRGBA(out *RGB, pix []uint8, stride, minX, minY int, b image.Rectangle) {
	o := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		row := pix[(y-minY)*stride+(b.Min.X-minX)*4:]
		for x := 0; x < b.Dx(); x++ {
			out.Pix[o], out.Pix[o+1], out.Pix[o+2] = row[x*4], row[x*4+1], row[x*4+2]
			o += 3
		}
	}
}

func fromYCbCr(out *RGB, src *image.YCbCr) {
	b := src.Bounds()
	o := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			yi, ci := src.YOffset(x, y), src.COffset(x, y)
			r, g, bl := color.YCbCrToRGB(src.Y[yi], src.Cb[ci], src.Cr[ci])
			out.Pix[o], out.Pix[o+1], out.Pix[o+2] = r, g, bl
			o += 3
		}
	}
}

// Resize stretches an image to w x h with bilinear interpolation, mapping output pixel (x, y) to input
// (x*inW/w, y*inH/h) without a half-pixel offset: TensorFlow's legacy ResizeBilinear (align_corners=false,
// half_pixel_centers=false), which is how the TF.js models here were fed. Results are rounded half up, as the
// reference inputs were. Large reductions first halve the image (box filter) so that detail is averaged, not
// skipped.
func Resize(img image.Image, w, h int) *RGB {
	return FromImage(img).Resize(w, h)
}

// Resize is the package-level Resize for an RGB buffer.
func (m *RGB) Resize(w, h int) *RGB {
	src := m
	for src.W >= 4*w && src.H >= 4*h {
		src = src.half()
	}
	out := &RGB{W: w, H: h, Pix: make([]uint8, w*h*3)}
	sx, sy := float32(src.W)/float32(w), float32(src.H)/float32(h)
	x0s, x1s, fxs := make([]int, w), make([]int, w), make([]float32, w)
	for x := range w {
		fx := float32(x) * sx
		x0 := int(fx)
		x0s[x], x1s[x], fxs[x] = x0, min(x0+1, src.W-1), fx-float32(x0)
	}
	o := 0
	for y := range h {
		fy := float32(y) * sy
		y0 := int(fy)
		y1, wy := min(y0+1, src.H-1), fy-float32(y0)
		r0, r1 := src.Pix[y0*src.W*3:], src.Pix[y1*src.W*3:]
		for x := range w {
			a, c, wx := x0s[x]*3, x1s[x]*3, fxs[x]
			for k := range 3 {
				top := float32(r0[a+k]) + (float32(r0[c+k])-float32(r0[a+k]))*wx
				bot := float32(r1[a+k]) + (float32(r1[c+k])-float32(r1[a+k]))*wx
				out.Pix[o] = uint8(min(max(top+(bot-top)*wy+0.5, 0), 255))
				o++
			}
		}
	}
	return out
}

// half averages 2x2 blocks.
func (m *RGB) half() *RGB {
	w, h := m.W/2, m.H/2
	out := &RGB{W: w, H: h, Pix: make([]uint8, w*h*3)}
	for y := range h {
		r0, r1 := m.Pix[2*y*m.W*3:], m.Pix[(2*y+1)*m.W*3:]
		for x := range w {
			for k := range 3 {
				s := int(r0[6*x+k]) + int(r0[6*x+3+k]) + int(r1[6*x+k]) + int(r1[6*x+3+k])
				out.Pix[(y*w+x)*3+k] = uint8((s + 2) / 4)
			}
		}
	}
	return out
}

// Crop returns a copy of the part of m inside r (clipped to m).
func (m *RGB) Crop(r image.Rectangle) *RGB {
	r = r.Intersect(image.Rect(0, 0, m.W, m.H))
	out := &RGB{W: r.Dx(), H: r.Dy(), Pix: make([]uint8, r.Dx()*r.Dy()*3)}
	for y := 0; y < r.Dy(); y++ {
		copy(out.Pix[y*out.W*3:(y+1)*out.W*3], m.Pix[((r.Min.Y+y)*m.W+r.Min.X)*3:])
	}
	return out
}

// Norm says how pixel values become a model's input: value = (x - Mean[c]) / Std[c] for x in 0..255 and channel c
// in the model's colour order; BGR swaps the order; NCHW writes planes instead of interleaved pixels.
type Norm struct {
	Mean, Std [3]float32
	BGR       bool
	NCHW      bool
}

// Float32 converts the image to a model input tensor's data (batch of one).
func (m *RGB) Float32(n Norm) []float32 {
	out := make([]float32, m.W*m.H*3)
	m.Fill(out, n)
	return out
}

// Fill writes the tensor data into out, which must hold W*H*3 values (so a batch can be filled in place).
func (m *RGB) Fill(out []float32, n Norm) {
	var scale [3]float32
	for c := range 3 {
		scale[c] = 1
		if n.Std[c] != 0 {
			scale[c] = 1 / n.Std[c]
		}
	}
	order := [3]int{0, 1, 2}
	if n.BGR {
		order = [3]int{2, 1, 0}
	}
	plane := m.W * m.H
	for i := range plane {
		for c := range 3 {
			v := (float32(m.Pix[i*3+order[c]]) - n.Mean[c]) * scale[c]
			if n.NCHW {
				out[c*plane+i] = v
			} else {
				out[i*3+c] = v
			}
		}
	}
}
