//go:build cgo

package turbojpeg

/*
#cgo LDFLAGS: -lturbojpeg
#include <stdio.h>
#include <turbojpeg.h>

// Each call makes and destroys its own handle: a handle is not safe for concurrent use, creating one costs
// microseconds against milliseconds of work, and no libjpeg state outlives a call. Errors are copied into msg
// before the handle goes. libjpeg's fatal errors unwind by longjmp inside TurboJPEG, never by exit().

static void sajin_fail(tjhandle t, char *msg, int msglen, int *warning) {
	snprintf(msg, msglen, "%s", tjGetErrorStr2(t));
	*warning = t != NULL && tjGetErrorCode(t) == TJERR_WARNING;
}

static int sajin_header(const unsigned char *src, unsigned long n, int *w, int *h, int *samp, int *cs,
		char *msg, int msglen, int *warning) {
	tjhandle t = tjInitDecompress();
	if (t == NULL) {
		sajin_fail(NULL, msg, msglen, warning);
		return -1;
	}
	int rc = tjDecompressHeader3(t, src, n, w, h, samp, cs);
	if (rc != 0) {
		sajin_fail(t, msg, msglen, warning);
	}
	tjDestroy(t);
	return rc;
}

// sajin_decode_yuv decodes src, whose header must still declare w x h with subsampling wsamp and colour space
// wcs (the planes were sized for those), into Y, Cb and Cr planes at sw x sh (only Y for a grey JPEG).
static int sajin_decode_yuv(const unsigned char *src, unsigned long n, int w, int h, int wsamp, int wcs,
		unsigned char *y, unsigned char *cb, unsigned char *cr, int ystride, int cstride, int sw, int sh,
		char *msg, int msglen, int *warning) {
	tjhandle t = tjInitDecompress();
	if (t == NULL) {
		sajin_fail(NULL, msg, msglen, warning);
		return -1;
	}
	int hw, hh, samp, cs;
	int rc = tjDecompressHeader3(t, src, n, &hw, &hh, &samp, &cs);
	if (rc != 0) {
		sajin_fail(t, msg, msglen, warning);
	} else if (hw != w || hh != h || samp != wsamp || cs != wcs) {
		snprintf(msg, msglen, "header declares %dx%d (subsampling %d, colour space %d), not %dx%d (%d, %d)",
			hw, hh, samp, cs, w, h, wsamp, wcs);
		rc = -1;
	} else {
		unsigned char *planes[3] = {y, cb, cr};
		int strides[3] = {ystride, cstride, cstride};
		rc = tjDecompressToYUVPlanes(t, src, n, planes, sw, strides, sh, TJFLAG_STOPONWARNING | TJFLAG_LIMITSCANS);
		if (rc != 0) {
			sajin_fail(t, msg, msglen, warning);
		}
	}
	tjDestroy(t);
	return rc;
}

static int sajin_encode_yuv(const unsigned char *y, const unsigned char *cb, const unsigned char *cr,
		int ystride, int cstride, int w, int h, int samp, int q,
		unsigned char **out, unsigned long *outlen, char *msg, int msglen, int *warning) {
	tjhandle t = tjInitCompress();
	if (t == NULL) {
		sajin_fail(NULL, msg, msglen, warning);
		return -1;
	}
	const unsigned char *planes[3] = {y, cb, cr};
	int strides[3] = {ystride, cstride, cstride};
	*out = NULL;
	*outlen = 0;
	int rc = tjCompressFromYUVPlanes(t, planes, w, strides, h, samp, out, outlen, q, TJFLAG_ACCURATEDCT);
	if (rc != 0) {
		sajin_fail(t, msg, msglen, warning);
		tjFree(*out);
		*out = NULL;
	}
	tjDestroy(t);
	return rc;
}

static int sajin_encode(const unsigned char *src, int w, int pitch, int h, int pf, int samp, int q,
		unsigned char **out, unsigned long *outlen, char *msg, int msglen, int *warning) {
	tjhandle t = tjInitCompress();
	if (t == NULL) {
		sajin_fail(NULL, msg, msglen, warning);
		return -1;
	}
	*out = NULL;
	*outlen = 0;
	int rc = tjCompress2(t, src, w, pitch, h, pf, out, outlen, samp, q, TJFLAG_ACCURATEDCT);
	if (rc != 0) {
		sajin_fail(t, msg, msglen, warning);
		tjFree(*out);
		*out = NULL;
	}
	tjDestroy(t);
	return rc;
}
*/
import "C"

import (
	"fmt"
	"image"
	"unsafe"
)

// Available is true: this build links libjpeg-turbo.
const Available = true

// scales returns the factors libjpeg-turbo decodes at.
func scales() []Scale {
	var n C.int
	p := C.tjGetScalingFactors(&n)
	if p == nil || n <= 0 {
		return []Scale{{1, 1}}
	}
	out := make([]Scale, 0, int(n))
	for _, f := range unsafe.Slice(p, int(n)) {
		if f.num > 0 && f.denom > 0 {
			out = append(out, Scale{Num: int(f.num), Den: int(f.denom)})
		}
	}
	return out
}

// msgLen is the room for libjpeg's messages (JMSG_LENGTH_MAX is 200).
const msgLen = 256

// fail builds the *Error of a failed call from the message buffer.
func fail(op string, msg []byte, warning C.int) error {
	n := 0
	for n < len(msg) && msg[n] != 0 {
		n++
	}
	return &Error{Op: op, Msg: string(msg[:n]), Warning: warning != 0}
}

// DecodeHeader reads the size and colour space from data's markers, decoding no pixels.
func DecodeHeader(data []byte) (Header, error) {
	if len(data) == 0 {
		return Header{}, &Error{Op: "header", Msg: "empty input"}
	}
	var w, h, samp, cs, warning C.int
	msg := make([]byte, msgLen)
	if C.sajin_header((*C.uchar)(&data[0]), C.ulong(len(data)), &w, &h, &samp, &cs,
		(*C.char)(unsafe.Pointer(&msg[0])), msgLen, &warning) != 0 {
		return Header{}, fail("header", msg, warning)
	}
	if w <= 0 || h <= 0 { // a tables-only stream: libjpeg reports no frame and no error
		return Header{}, &Error{Op: "header", Msg: fmt.Sprintf("no frame header (size %dx%d)", w, h)}
	}
	return Header{Width: int(w), Height: int(h), Colorspace: Colorspace(cs), subsampling: int(samp)}, nil
}

// Decode decodes data at scale s into an *image.YCbCr (a YCbCr JPEG: the planes as stored, at the JPEG's chroma
// subsampling, skipping libjpeg's upsampling and colour conversion, as image/jpeg returns them) or an
// *image.Gray (a grey JPEG) of s.Apply(hdr.Width) x s.Apply(hdr.Height) pixels. Other colour spaces (RGB, CMYK,
// YCCK) and subsamplings image.YCbCr has no name for return ErrColorspace. hdr is what DecodeHeader returned
// for data, checked by the caller against its limits: that is the size Decode allocates, and it fails if
// data's header says otherwise.
func Decode(data []byte, hdr Header, s Scale) (image.Image, error) {
	if hdr.Colorspace != YCbCr && hdr.Colorspace != Gray {
		return nil, ErrColorspace
	}
	if len(data) == 0 || hdr.Width <= 0 || hdr.Height <= 0 || s.Num <= 0 || s.Den <= 0 {
		return nil, fmt.Errorf("turbojpeg: decode %dx%d at %d/%d: invalid arguments", hdr.Width, hdr.Height, s.Num, s.Den)
	}
	sw, sh := s.Apply(hdr.Width), s.Apply(hdr.Height)
	rect := image.Rect(0, 0, sw, sh)
	var (
		img              image.Image
		y, cb, cr        *C.uchar
		ystride, cstride int
	)
	if hdr.Colorspace == Gray {
		g := image.NewGray(rect)
		img, y, ystride = g, (*C.uchar)(&g.Pix[0]), g.Stride
	} else {
		r, ok := ratio(hdr.subsampling)
		if !ok {
			return nil, ErrColorspace
		}
		// libjpeg-turbo writes the Y plane padded to whole chroma blocks (an odd width or height of 4:2:0 gains
		// a column or row): the planes are allocated at that size, and the image is the part of it asked for.
		pw, ph := int(C.tjPlaneWidth(0, C.int(sw), C.int(hdr.subsampling))), int(C.tjPlaneHeight(0, C.int(sh), C.int(hdr.subsampling)))
		ycc := image.NewYCbCr(image.Rect(0, 0, pw, ph), r)
		cw, ch := int(C.tjPlaneWidth(1, C.int(sw), C.int(hdr.subsampling))), int(C.tjPlaneHeight(1, C.int(sh), C.int(hdr.subsampling)))
		if pw < sw || ph < sh || pw != ycc.YStride || ph*ycc.YStride != len(ycc.Y) || cw != ycc.CStride || ch*ycc.CStride != len(ycc.Cb) {
			return nil, fmt.Errorf("turbojpeg: planes of %dx%d: libjpeg-turbo Y %dx%d, chroma %dx%d; image.YCbCr chroma %dx%d",
				sw, sh, pw, ph, cw, ch, ycc.CStride, len(ycc.Cb)/ycc.CStride)
		}
		img, ystride, cstride = ycc.SubImage(rect), ycc.YStride, ycc.CStride
		y, cb, cr = (*C.uchar)(&ycc.Y[0]), (*C.uchar)(&ycc.Cb[0]), (*C.uchar)(&ycc.Cr[0])
	}
	var warning C.int
	msg := make([]byte, msgLen)
	if C.sajin_decode_yuv((*C.uchar)(&data[0]), C.ulong(len(data)), C.int(hdr.Width), C.int(hdr.Height),
		C.int(hdr.subsampling), C.int(hdr.Colorspace), y, cb, cr, C.int(ystride), C.int(cstride), C.int(sw), C.int(sh),
		(*C.char)(unsafe.Pointer(&msg[0])), msgLen, &warning) != 0 {
		return nil, fail("decode", msg, warning)
	}
	return img, nil
}

// padPlane copies a w x h plane (rows stride apart) into a pw x ph one, repeating its last column and row.
func padPlane(src []byte, stride, w, h, pw, ph int) []byte {
	out := make([]byte, pw*ph)
	for y := range ph {
		row := src[min(y, h-1)*stride:][:w]
		dst := out[y*pw:][:pw]
		copy(dst, row)
		for x := w; x < pw; x++ {
			dst[x] = row[w-1]
		}
	}
	return out
}

// ratio returns image.YCbCr's name for a TurboJPEG subsampling code.
func ratio(samp int) (image.YCbCrSubsampleRatio, bool) {
	switch samp {
	case C.TJSAMP_444:
		return image.YCbCrSubsampleRatio444, true
	case C.TJSAMP_422:
		return image.YCbCrSubsampleRatio422, true
	case C.TJSAMP_420:
		return image.YCbCrSubsampleRatio420, true
	case C.TJSAMP_440:
		return image.YCbCrSubsampleRatio440, true
	case C.TJSAMP_411:
		return image.YCbCrSubsampleRatio411, true
	}
	return 0, false
}

// encodeYCbCr encodes the planes of a 4:4:4, 4:2:2, 4:2:0 or 4:4:0 image as they are.
func encodeYCbCr(v *image.YCbCr, quality int) ([]byte, error) {
	var samp C.int
	switch v.SubsampleRatio {
	case image.YCbCrSubsampleRatio444:
		samp = C.TJSAMP_444
	case image.YCbCrSubsampleRatio422:
		samp = C.TJSAMP_422
	case image.YCbCrSubsampleRatio420:
		samp = C.TJSAMP_420
	case image.YCbCrSubsampleRatio440:
		samp = C.TJSAMP_440
	default:
		return nil, fmt.Errorf("turbojpeg: encode YCbCr %v: subsampling not supported", v.SubsampleRatio)
	}
	r := v.Rect
	if r.Empty() {
		return nil, fmt.Errorf("turbojpeg: encode %v: empty", r)
	}
	yo, co := v.YOffset(r.Min.X, r.Min.Y), v.COffset(r.Min.X, r.Min.Y)
	cw, ch := int(C.tjPlaneWidth(1, C.int(r.Dx()), samp)), int(C.tjPlaneHeight(1, C.int(r.Dy()), samp))
	if yo+(r.Dy()-1)*v.YStride+r.Dx() > len(v.Y) || co+(ch-1)*v.CStride+cw > min(len(v.Cb), len(v.Cr)) {
		return nil, fmt.Errorf("turbojpeg: encode YCbCr %v: planes too short", r)
	}
	// libjpeg-turbo reads the Y plane padded to whole chroma blocks (an odd side of 4:2:0 reads one more
	// column or row): when the image's plane ends before that, its Y is copied with the edge repeated.
	ys, ystride := v.Y[yo:], v.YStride
	pw, ph := int(C.tjPlaneWidth(0, C.int(r.Dx()), samp)), int(C.tjPlaneHeight(0, C.int(r.Dy()), samp))
	if pw > v.YStride || yo+(ph-1)*v.YStride+pw > len(v.Y) {
		ys, ystride = padPlane(v.Y[yo:], v.YStride, r.Dx(), r.Dy(), pw, ph), pw
	}
	var (
		out     *C.uchar
		n       C.ulong
		warning C.int
	)
	msg := make([]byte, msgLen)
	if C.sajin_encode_yuv((*C.uchar)(&ys[0]), (*C.uchar)(&v.Cb[co]), (*C.uchar)(&v.Cr[co]),
		C.int(ystride), C.int(v.CStride), C.int(r.Dx()), C.int(r.Dy()), samp, C.int(min(max(quality, 1), 100)),
		&out, &n, (*C.char)(unsafe.Pointer(&msg[0])), msgLen, &warning) != 0 {
		return nil, fail("encode", msg, warning)
	}
	defer C.tjFree(out)
	return C.GoBytes(unsafe.Pointer(out), C.int(n)), nil
}

// Encode returns img as a baseline JPEG of the given quality (1..100): an *image.RGBA or *image.NRGBA with
// chroma subsampled 4:2:0 (alpha is ignored: flatten it first), an *image.Gray as a one-component JPEG, an
// *image.YCbCr (4:4:4, 4:2:2, 4:2:0 or 4:4:0) from its planes as they are, with no colour conversion.
func Encode(img image.Image, quality int) ([]byte, error) {
	var (
		pix         []byte
		stride, bpp int
		pf, samp    C.int
	)
	r := img.Bounds()
	switch v := img.(type) {
	case *image.YCbCr:
		return encodeYCbCr(v, quality)
	case *image.RGBA:
		pix, stride, bpp, pf, samp = v.Pix[v.PixOffset(r.Min.X, r.Min.Y):], v.Stride, 4, C.TJPF_RGBA, C.TJSAMP_420
	case *image.NRGBA:
		pix, stride, bpp, pf, samp = v.Pix[v.PixOffset(r.Min.X, r.Min.Y):], v.Stride, 4, C.TJPF_RGBA, C.TJSAMP_420
	case *image.Gray:
		pix, stride, bpp, pf, samp = v.Pix[v.PixOffset(r.Min.X, r.Min.Y):], v.Stride, 1, C.TJPF_GRAY, C.TJSAMP_GRAY
	default:
		return nil, fmt.Errorf("turbojpeg: encode %T: not YCbCr, RGBA, NRGBA or Gray", img)
	}
	if r.Empty() || len(pix) < (r.Dy()-1)*stride+r.Dx()*bpp {
		return nil, fmt.Errorf("turbojpeg: encode %v: empty or short pixel buffer", r)
	}
	quality = min(max(quality, 1), 100)
	var (
		out     *C.uchar
		n       C.ulong
		warning C.int
	)
	msg := make([]byte, msgLen)
	if C.sajin_encode((*C.uchar)(&pix[0]), C.int(r.Dx()), C.int(stride), C.int(r.Dy()), pf, samp, C.int(quality),
		&out, &n, (*C.char)(unsafe.Pointer(&msg[0])), msgLen, &warning) != 0 {
		return nil, fail("encode", msg, warning)
	}
	defer C.tjFree(out)
	return C.GoBytes(unsafe.Pointer(out), C.int(n)), nil
}
