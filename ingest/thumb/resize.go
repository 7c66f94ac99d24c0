package thumb

import (
	"image"
	"math"
	"runtime"
	"sync"

	"github.com/disintegration/imaging"
)

// Resizing is the bulk of a thumbnail's cost once libjpeg-turbo has decoded the photo scaled down, so the pixel
// layouts the decoders produce get a resizer of their own: *image.YCbCr (what both JPEG decoders return: each
// plane resized on its own, the result always 4:2:0 as the thumbnails are encoded, so a JPEG goes from
// decode to encode without a colour conversion and with half its samples subsampled), *image.Gray, and
// opaque *image.RGBA and *image.NRGBA (3 channels) or translucent *image.RGBA (4, premultiplied, which
// resamples correctly as it is). It applies the same Catmull-Rom filter as imaging, separably, with 14-bit
// integer weights and an 8-bit intermediate image, and skips imaging's per-pixel conversion to NRGBA and
// alpha weighting. BenchmarkResize compares it with imaging.Resize (time, and the PSNR between them); other
// image types, and translucent NRGBA, go to imaging.

// weightBits is the fixed-point precision of the filter weights.
const weightBits = 14

// taps are the filter weights of one output pixel: sources start, start+1, ... weighted by w (summing to
// 1<<weightBits).
type taps struct {
	start int
	w     []int32
}

// catmullRom is the Catmull-Rom cubic (B=0, C=1/2), support 2: imaging.CatmullRom.
func catmullRom(x float64) float64 {
	x = math.Abs(x)
	switch {
	case x < 1:
		return (1.5*x-2.5)*x*x + 1
	case x < 2:
		return ((-0.5*x+2.5)*x-4)*x + 2
	}
	return 0
}

// weights returns the taps of each of dst output pixels resampled from src, the filter stretched by src/dst
// when shrinking; sources outside 0..src-1 are dropped and the rest renormalised, as imaging does.
func weights(src, dst int) []taps {
	scale := float64(src) / float64(dst)
	stretch := max(scale, 1)
	support := 2 * stretch
	out := make([]taps, dst)
	fw := make([]float64, 0, int(2*support)+2)
	for i := range out {
		centre := (float64(i)+0.5)*scale - 0.5
		start := max(0, int(math.Ceil(centre-support)))
		end := min(src-1, int(math.Floor(centre+support)))
		fw, sum := fw[:0], 0.0
		for j := start; j <= end; j++ {
			v := catmullRom((float64(j) - centre) / stretch)
			fw = append(fw, v)
			sum += v
		}
		t := taps{start: start, w: make([]int32, len(fw))}
		if sum == 0 { // cannot happen for a positive src, but never divide by it
			t.w = []int32{1 << weightBits}
			t.start = min(max(int(centre+0.5), 0), src-1)
			out[i] = t
			continue
		}
		total, big := int32(0), 0
		for k, v := range fw {
			t.w[k] = int32(math.Round(v / sum * (1 << weightBits)))
			total += t.w[k]
			if t.w[k] > t.w[big] {
				big = k
			}
		}
		t.w[big] += 1<<weightBits - total // exact unity gain: flat areas stay flat
		out[i] = t
	}
	return out
}

// fastResize resizes img to w x h when it is one of the layouts this file handles, and returns nil otherwise.
func fastResize(img image.Image, w, h int) image.Image {
	switch v := img.(type) {
	case *image.RGBA:
		ch := 4
		if v.Opaque() {
			ch = 3
		}
		b := v.Bounds()
		out := image.NewRGBA(image.Rect(0, 0, w, h))
		resizePlane(v.Pix[v.PixOffset(b.Min.X, b.Min.Y):], v.Stride, b.Dx(), b.Dy(), out.Pix, out.Stride, w, h, 4, ch)
		if ch == 3 {
			setOpaque(out.Pix)
		} else {
			clampPremultiplied(out.Pix)
		}
		return out
	case *image.NRGBA: // opaque, it has the bytes of an opaque RGBA (imaging's rotations return NRGBA)
		if !v.Opaque() {
			return nil
		}
		b := v.Bounds()
		out := image.NewNRGBA(image.Rect(0, 0, w, h))
		resizePlane(v.Pix[v.PixOffset(b.Min.X, b.Min.Y):], v.Stride, b.Dx(), b.Dy(), out.Pix, out.Stride, w, h, 4, 3)
		setOpaque(out.Pix)
		return out
	case *image.YCbCr:
		return resizeYCbCr(v, w, h)
	case *image.Gray:
		b := v.Bounds()
		out := image.NewGray(image.Rect(0, 0, w, h))
		resizePlane(v.Pix[v.PixOffset(b.Min.X, b.Min.Y):], v.Stride, b.Dx(), b.Dy(), out.Pix, out.Stride, w, h, 1, 1)
		return out
	}
	return nil
}

// resizeYCbCr resizes each plane of v into a 4:2:0 image of w x h. Chroma planes are resampled from the
// samples covering v's rectangle, whatever v's subsampling.
func resizeYCbCr(v *image.YCbCr, w, h int) *image.YCbCr {
	out := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	b := v.Rect
	resizePlane(v.Y[v.YOffset(b.Min.X, b.Min.Y):], v.YStride, b.Dx(), b.Dy(), out.Y, out.YStride, w, h, 1, 1)
	cw, ch := chromaSize(v)
	co := v.COffset(b.Min.X, b.Min.Y)
	resizePlane(v.Cb[co:], v.CStride, cw, ch, out.Cb, out.CStride, (w+1)/2, (h+1)/2, 1, 1)
	resizePlane(v.Cr[co:], v.CStride, cw, ch, out.Cr, out.CStride, (w+1)/2, (h+1)/2, 1, 1)
	return out
}

// chromaSize returns how many chroma samples across and down cover v's rectangle.
func chromaSize(v *image.YCbCr) (int, int) {
	r := v.Rect
	halve := func(lo, hi int) int { return (hi+1)/2 - lo/2 }
	switch v.SubsampleRatio {
	case image.YCbCrSubsampleRatio422:
		return halve(r.Min.X, r.Max.X), r.Dy()
	case image.YCbCrSubsampleRatio420:
		return halve(r.Min.X, r.Max.X), halve(r.Min.Y, r.Max.Y)
	case image.YCbCrSubsampleRatio440:
		return r.Dx(), halve(r.Min.Y, r.Max.Y)
	case image.YCbCrSubsampleRatio411:
		return (r.Max.X+3)/4 - r.Min.X/4, r.Dy()
	case image.YCbCrSubsampleRatio410:
		return (r.Max.X+3)/4 - r.Min.X/4, halve(r.Min.Y, r.Max.Y)
	}
	return r.Dx(), r.Dy()
}

// resize returns img resized to w x h with the package's filter.
func resize(img image.Image, w, h int) image.Image {
	if out := fastResize(img, w, h); out != nil {
		return out
	}
	return imaging.Resize(img, w, h, filter())
}

// resizePlane resamples an sw x sh image of bpp bytes a pixel (the first ch of them resampled) at src into
// the dw x dh image at dst: horizontally into an 8-bit intermediate, then vertically.
func resizePlane(src []byte, sstride, sw, sh int, dst []byte, dstride, dw, dh, bpp, ch int) {
	mstride := dw * bpp
	mid := make([]byte, mstride*sh)
	hw := weights(sw, dw)
	parallelRows(sh, func(y0, y1 int) {
		for y := y0; y < y1; y++ {
			in, out := src[y*sstride:][:sw*bpp], mid[y*mstride:][:mstride]
			switch {
			case bpp == 4 && ch == 3:
				horizontal3(in, out, hw)
			case bpp == 4:
				horizontal4(in, out, hw)
			case y+4 <= y1:
				row := func(i int) ([]byte, []byte) { return src[(y+i)*sstride:][:sw], mid[(y+i)*mstride:][:mstride] }
				in1, out1 := row(1)
				in2, out2 := row(2)
				in3, out3 := row(3)
				horizontal1x4([4][]byte{in, in1, in2, in3}, [4][]byte{out, out1, out2, out3}, hw)
				y += 3
			default:
				horizontal1(in, out, hw)
			}
		}
	})
	vw := weights(sh, dh)
	parallelRows(dh, func(y0, y1 int) {
		acc := make([]int32, mstride)
		for y := y0; y < y1; y++ {
			vertical(mid, mstride, vw[y], acc, dst[y*dstride:][:mstride])
		}
	})
}

// horizontal3 resamples one row of RGBA pixels, colour only. (The loops walk the slices down so that the
// compiler drops their bounds checks.)
func horizontal3(src, dst []byte, tw []taps) {
	for x, t := range tw {
		s, ws := src[4*t.start:], t.w
		r, g, b := int32(1<<(weightBits-1)), int32(1<<(weightBits-1)), int32(1<<(weightBits-1))
		for len(s) >= 4 && len(ws) > 0 {
			w := ws[0]
			r += w * int32(s[0])
			g += w * int32(s[1])
			b += w * int32(s[2])
			s, ws = s[4:], ws[1:]
		}
		d := dst[4*x:][:3]
		d[0], d[1], d[2] = clampByte(r>>weightBits), clampByte(g>>weightBits), clampByte(b>>weightBits)
	}
}

// horizontal4 resamples one row of RGBA pixels, alpha included.
func horizontal4(src, dst []byte, tw []taps) {
	for x, t := range tw {
		s, ws := src[4*t.start:], t.w
		r, g, b, a := int32(1<<(weightBits-1)), int32(1<<(weightBits-1)), int32(1<<(weightBits-1)), int32(1<<(weightBits-1))
		for len(s) >= 4 && len(ws) > 0 {
			w := ws[0]
			r += w * int32(s[0])
			g += w * int32(s[1])
			b += w * int32(s[2])
			a += w * int32(s[3])
			s, ws = s[4:], ws[1:]
		}
		d := dst[4*x:][:4]
		d[0], d[1], d[2], d[3] = clampByte(r>>weightBits), clampByte(g>>weightBits), clampByte(b>>weightBits), clampByte(a>>weightBits)
	}
}

// horizontal1 resamples one row of grey pixels.
func horizontal1(src, dst []byte, tw []taps) {
	for x, t := range tw {
		s, ws := src[t.start:], t.w
		v := int32(1 << (weightBits - 1))
		for len(s) > 0 && len(ws) > 0 {
			v += ws[0] * int32(s[0])
			s, ws = s[1:], ws[1:]
		}
		dst[x] = clampByte(v >> weightBits)
	}
}

// horizontal1x4 resamples four rows of grey pixels at once: each weight is loaded once for four samples,
// which halves the loop's cost per sample against horizontal1.
func horizontal1x4(src, dst [4][]byte, tw []taps) {
	d0, d1, d2, d3 := dst[0][:len(tw)], dst[1][:len(tw)], dst[2][:len(tw)], dst[3][:len(tw)]
	for x, t := range tw {
		n := len(t.w)
		s0, s1, s2, s3 := src[0][t.start:][:n], src[1][t.start:][:n], src[2][t.start:][:n], src[3][t.start:][:n]
		a0, a1, a2, a3 := int32(1<<(weightBits-1)), int32(1<<(weightBits-1)), int32(1<<(weightBits-1)), int32(1<<(weightBits-1))
		for k, w := range t.w {
			a0 += w * int32(s0[k])
			a1 += w * int32(s1[k])
			a2 += w * int32(s2[k])
			a3 += w * int32(s3[k])
		}
		d0[x], d1[x], d2[x], d3[x] = clampByte(a0>>weightBits), clampByte(a1>>weightBits), clampByte(a2>>weightBits), clampByte(a3>>weightBits)
	}
}

// vertical makes one output row from the intermediate rows t selects, four rows at a time, so that memory is
// read in order and the accumulator touched once per four taps.
func vertical(mid []byte, mstride int, t taps, acc []int32, dst []byte) {
	row := func(k int) []byte { return mid[(t.start+k)*mstride:][:len(acc)] }
	for i := range acc {
		acc[i] = 1 << (weightBits - 1)
	}
	k := 0
	for ; k+4 <= len(t.w); k += 4 {
		r0, r1, r2, r3 := row(k)[:len(acc)], row(k + 1)[:len(acc)], row(k + 2)[:len(acc)], row(k + 3)[:len(acc)]
		w0, w1, w2, w3 := t.w[k], t.w[k+1], t.w[k+2], t.w[k+3]
		for i := range acc {
			acc[i] += w0*int32(r0[i]) + w1*int32(r1[i]) + w2*int32(r2[i]) + w3*int32(r3[i])
		}
	}
	for ; k+2 <= len(t.w); k += 2 {
		r0, r1 := row(k)[:len(acc)], row(k + 1)[:len(acc)]
		w0, w1 := t.w[k], t.w[k+1]
		for i := range acc {
			acc[i] += w0*int32(r0[i]) + w1*int32(r1[i])
		}
	}
	if k < len(t.w) {
		r0, w0 := row(k)[:len(acc)], t.w[k]
		for i := range acc {
			acc[i] += w0 * int32(r0[i])
		}
	}
	dst = dst[:len(acc)]
	for i, a := range acc {
		dst[i] = clampByte(a >> weightBits)
	}
}

func clampByte(v int32) byte {
	return byte(min(max(v, 0), 255))
}

// setOpaque sets every alpha byte of RGBA pixels to 255.
func setOpaque(pix []byte) {
	for i := 3; i < len(pix); i += 4 {
		pix[i] = 0xff
	}
}

// clampPremultiplied keeps colour within alpha after a filter with negative lobes.
func clampPremultiplied(pix []byte) {
	for i := 0; i+3 < len(pix); i += 4 {
		a := pix[i+3]
		pix[i], pix[i+1], pix[i+2] = min(pix[i], a), min(pix[i+1], a), min(pix[i+2], a)
	}
}

// parallelRows splits rows 0..n-1 into one band per available CPU and runs f on each, waiting for all.
func parallelRows(n int, f func(y0, y1 int)) {
	bands := min(runtime.GOMAXPROCS(0), max(1, n/32))
	if bands <= 1 {
		f(0, n)
		return
	}
	var wg sync.WaitGroup
	for i := range bands {
		wg.Go(func() { f(i*n/bands, (i+1)*n/bands) })
	}
	wg.Wait()
}
