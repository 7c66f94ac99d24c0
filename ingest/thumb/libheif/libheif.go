//go:build cgo

package libheif

// #cgo pkg-config: libheif
// #include <stdlib.h>
// #include <string.h>
// #include <libheif/heif.h>
//
// // copy_rows copies rows of n bytes from a plane with stride src_stride into dst, packed.
// static void copy_rows(uint8_t *dst, int dst_stride, const uint8_t *src, int src_stride, int n, int rows) {
//   for (int y = 0; y < rows; y++) memcpy(dst + (size_t)y * dst_stride, src + (size_t)y * src_stride, n);
// }
import "C"

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"sync"
	"unsafe"
)

// Available reports whether this build can decode: true when built with cgo.
const Available = true

var initOnce sync.Once

// Config parses data's boxes (no pixels) and returns the primary image's size after its
// transformations (irot, imir, clap), refusing sides longer than maxSide.
func Config(data []byte, maxSide int) (Header, error) {
	var h Header
	err := withPrimary(data, maxSide, func(handle *C.struct_heif_image_handle) error {
		h = header(handle)
		return nil
	})
	return h, err
}

// Decode decodes data's primary image, its transformations applied, after checking its
// declared size against maxSide and maxPixels. The result is an *image.YCbCr (4:2:0, 8-bit,
// full-range BT.601, as JPEG uses) when the image is stored that way, else an *image.NRGBA
// (*image.RGBA for premultiplied alpha) converted by libheif, which knows the other matrices,
// limited range and bit depths.
func Decode(data []byte, maxSide int, maxPixels int64) (image.Image, error) {
	var img image.Image
	err := withPrimary(data, maxSide, func(handle *C.struct_heif_image_handle) error {
		h := header(handle)
		if int64(h.Width)*int64(h.Height) > maxPixels {
			return fmt.Errorf("%w: %dx%d pixels, limit %d", ErrTooLarge, h.Width, h.Height, maxPixels)
		}
		var err error
		if h.Model == color.YCbCrModel {
			img, err = decodeYCbCr(handle, h)
		} else {
			img, err = decodeRGBA(handle, h)
		}
		return err
	})
	return img, err
}

// withPrimary reads data into a libheif context, opens the primary image and checks its size.
func withPrimary(data []byte, maxSide int, f func(*C.struct_heif_image_handle) error) error {
	if len(data) == 0 {
		return fmt.Errorf("%w: empty input", ErrCorrupt)
	}
	initOnce.Do(func() { C.heif_init(nil) }) // never deinitialised: the plugins stay loaded
	ctx := C.heif_context_alloc()
	if ctx == nil {
		return errors.New("libheif: cannot allocate a context")
	}
	defer C.heif_context_free(ctx)
	C.heif_context_set_maximum_image_size_limit(ctx, C.int(maxSide))
	// heif_context_read_from_memory copies data, so no Go pointer outlives the call.
	if err := check(C.heif_context_read_from_memory(ctx, unsafe.Pointer(unsafe.SliceData(data)), C.size_t(len(data)), nil)); err != nil {
		return err
	}
	var handle *C.struct_heif_image_handle
	if err := check(C.heif_context_get_primary_image_handle(ctx, &handle)); err != nil {
		return err
	}
	defer C.heif_image_handle_release(handle)
	w, h := int(C.heif_image_handle_get_width(handle)), int(C.heif_image_handle_get_height(handle))
	switch {
	case w <= 0 || h <= 0:
		return fmt.Errorf("%w: declared size %dx%d", ErrCorrupt, w, h)
	case max(w, h) > maxSide:
		return fmt.Errorf("%w: %dx%d, longer than %d pixels", ErrTooLarge, w, h, maxSide)
	}
	return f(handle)
}

// header describes the primary image and chooses the pixel layout Decode returns.
func header(handle *C.struct_heif_image_handle) Header {
	h := Header{
		Width:  int(C.heif_image_handle_get_width(handle)),
		Height: int(C.heif_image_handle_get_height(handle)),
		Alpha:  C.heif_image_handle_has_alpha_channel(handle) != 0,
		Model:  color.NRGBAModel,
	}
	if !h.Alpha && C.heif_image_handle_get_luma_bits_per_pixel(handle) == 8 && jpegLike(handle) {
		h.Model = color.YCbCrModel
	}
	return h
}

// jpegLike reports whether the image's YCbCr means what Go's image.YCbCr assumes: full range
// and the BT.601 matrix (or no colour description, where libheif assumes the same).
func jpegLike(handle *C.struct_heif_image_handle) bool {
	var nclx *C.struct_heif_color_profile_nclx
	if C.heif_image_handle_get_nclx_color_profile(handle, &nclx).code != C.heif_error_Ok || nclx == nil {
		return true
	}
	defer C.heif_nclx_color_profile_free(nclx)
	switch nclx.matrix_coefficients {
	case C.heif_matrix_coefficients_ITU_R_BT_470_6_System_B_G, C.heif_matrix_coefficients_ITU_R_BT_601_6,
		C.heif_matrix_coefficients_unspecified:
		return nclx.full_range_flag != 0
	}
	return false
}

// decodeImage decodes the primary image into the given layout; the caller releases the result.
func decodeImage(handle *C.struct_heif_image_handle, space C.enum_heif_colorspace, chroma C.enum_heif_chroma) (*C.struct_heif_image, error) {
	opts := C.heif_decoding_options_alloc()
	if opts == nil {
		return nil, errors.New("libheif: cannot allocate decoding options")
	}
	defer C.heif_decoding_options_free(opts)
	opts.convert_hdr_to_8bit = 1
	var img *C.struct_heif_image
	if err := check(C.heif_decode_image(handle, &img, space, chroma, opts)); err != nil {
		return nil, err
	}
	return img, nil
}

// plane returns one plane of img and its stride, checking that it holds rows of at least n bytes
// of pixels, perRow pixels a row (n/4 for interleaved RGBA): not only its stride, which counts
// padding whose bytes are not pixels (and may be earlier heap contents), but its decoded width and
// height.
func plane(img *C.struct_heif_image, ch C.enum_heif_channel, n, perRow, rows int) (*C.uint8_t, C.int, error) {
	var stride C.int
	p := C.heif_image_get_plane_readonly(img, ch, &stride)
	if p == nil || int(stride) < n || int(C.heif_image_get_width(img, ch)) < perRow ||
		int(C.heif_image_get_height(img, ch)) < rows || C.heif_image_get_bits_per_pixel_range(img, ch) != 8 {
		return nil, 0, fmt.Errorf("%w: plane %d is not %d rows of %d 8-bit pixels", ErrCorrupt, ch, rows, perRow)
	}
	return p, stride, nil
}

func decodeYCbCr(handle *C.struct_heif_image_handle, h Header) (image.Image, error) {
	img, err := decodeImage(handle, C.heif_colorspace_YCbCr, C.heif_chroma_420)
	if err != nil {
		return nil, err
	}
	defer C.heif_image_release(img)
	out := image.NewYCbCr(image.Rect(0, 0, h.Width, h.Height), image.YCbCrSubsampleRatio420)
	cw, ch := (h.Width+1)/2, (h.Height+1)/2
	for _, p := range []struct {
		ch      C.enum_heif_channel
		dst     []byte
		stride  int
		n, rows int
	}{
		{C.heif_channel_Y, out.Y, out.YStride, h.Width, h.Height},
		{C.heif_channel_Cb, out.Cb, out.CStride, cw, ch},
		{C.heif_channel_Cr, out.Cr, out.CStride, cw, ch},
	} {
		src, stride, err := plane(img, p.ch, p.n, p.n, p.rows)
		if err != nil {
			return nil, err
		}
		C.copy_rows((*C.uint8_t)(unsafe.Pointer(unsafe.SliceData(p.dst))), C.int(p.stride), src, stride, C.int(p.n), C.int(p.rows))
	}
	return out, nil
}

func decodeRGBA(handle *C.struct_heif_image_handle, h Header) (image.Image, error) {
	img, err := decodeImage(handle, C.heif_colorspace_RGB, C.heif_chroma_interleaved_RGBA)
	if err != nil {
		return nil, err
	}
	defer C.heif_image_release(img)
	src, stride, err := plane(img, C.heif_channel_interleaved, 4*h.Width, h.Width, h.Height)
	if err != nil {
		return nil, err
	}
	r := image.Rect(0, 0, h.Width, h.Height)
	var pix []byte
	var out image.Image
	if h.Alpha && C.heif_image_handle_is_premultiplied_alpha(handle) != 0 {
		o := image.NewRGBA(r)
		pix, out = o.Pix, o
	} else {
		o := image.NewNRGBA(r)
		pix, out = o.Pix, o
	}
	C.copy_rows((*C.uint8_t)(unsafe.Pointer(unsafe.SliceData(pix))), C.int(4*h.Width), src, stride, C.int(4*h.Width), C.int(h.Height))
	return out, nil
}

// check turns a libheif error into a Go error wrapping ErrUnsupported or ErrCorrupt.
func check(e C.struct_heif_error) error {
	if e.code == C.heif_error_Ok {
		return nil
	}
	msg := C.GoString(e.message)
	switch e.code {
	case C.heif_error_Unsupported_filetype, C.heif_error_Unsupported_feature:
		return fmt.Errorf("%w: %s", ErrUnsupported, msg)
	case C.heif_error_Memory_allocation_error:
		if e.subcode == C.heif_suberror_Security_limit_exceeded {
			return fmt.Errorf("%w: %s", ErrTooLarge, msg)
		}
	}
	return fmt.Errorf("%w: %s (%d.%d)", ErrCorrupt, msg, int(e.code), int(e.subcode))
}
