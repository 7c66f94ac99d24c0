package thumb

import (
	"context"
	"image"
	"io"

	"sajin/ingest/thumb/turbojpeg"
)

// Thumbnails reads one image from r and renders every size upright for the EXIF orientation: the thumbnails of
// Decode then RenderOriented (the same sizes, the same pixels up to resampling), at a fraction of the cost for a
// JPEG, which libjpeg-turbo decodes in the DCT domain straight to the smallest scale (1/8 to 1, in eighths) that
// still holds the largest thumbnail. A 12-megapixel photo is decoded at 5/8 (2500x1875) for fit2048, and the
// other sizes are derived from that one decode. Info is that of the stored image, as Decode returns it. Errors
// are those of Decode and RenderOriented.
func (m *Maker) Thumbnails(ctx context.Context, r io.Reader, orientation int) (Info, []Thumb, error) {
	f, data, info, err := m.readChecked(r)
	if err != nil {
		return Info{}, nil, err
	}
	if orientation < 1 || orientation > 8 {
		orientation = 1
	}
	w, h := DisplaySize(info.Width, info.Height, orientation)
	plans, err := m.plan(w, h)
	if err != nil {
		return Info{}, nil, err
	}
	if err := ctx.Err(); err != nil {
		return Info{}, nil, err
	}
	sc := plans[0].scale // the largest any size needs; uniform, so it applies to stored sides too
	img, err := m.decodeAt(f, data, info, sc.apply(info.Width), sc.apply(info.Height))
	if err != nil {
		return Info{}, nil, err
	}
	thumbs, err := m.render(ctx, img, orientation, w, h, plans)
	return info, thumbs, err
}

// decodeTurbo decodes a JPEG through libjpeg-turbo at the smallest DCT scale whose result is at least
// minW x minH, to YCbCr planes (or grey) as image/jpeg would return them. It returns ok false, having decoded
// nothing that is kept, whenever image/jpeg should decode the file instead and give its verdict: a build
// without cgo, an RGB, CMYK or YCCK JPEG, a header libjpeg reads otherwise
// than image/jpeg did, and any error or warning (truncated data, junk between segments). So libjpeg never
// accepts a file image/jpeg refuses with a reason, nor refuses one it accepts; and every rejection keeps
// image/jpeg's sentinel (ErrCorrupt, or ErrUnsupported for a 12-bit JPEG).
func decodeTurbo(data []byte, info Info, minW, minH int) (image.Image, bool) {
	if !turbojpeg.Available {
		return nil, false
	}
	hdr, err := turbojpeg.DecodeHeader(data)
	if err != nil || hdr.Width != info.Width || hdr.Height != info.Height {
		return nil, false
	}
	s := turbojpeg.ScaleFor(hdr.Width, hdr.Height, minW, minH)
	img, err := turbojpeg.Decode(data, hdr, s)
	if err != nil {
		return nil, false
	}
	return img, true
}

// turboScale returns the scale Thumbnails has libjpeg-turbo decode a JPEG described by info at, and false for
// an image it leaves to a Go decoder (not a JPEG, a CMYK or YCCK one, a build without cgo). (An RGB JPEG, rare,
// is taken for YCbCr here and goes to image/jpeg, which decodes it whole: the estimate is then low.)
func (m *Maker) turboScale(info Info) (turbojpeg.Scale, bool) {
	if !turbojpeg.Available || info.Format != "jpeg" || (info.bytesPerPixel != 1 && info.bytesPerPixel != 3) {
		return turbojpeg.Scale{}, false
	}
	plans, err := m.plan(info.Width, info.Height) // the scale does not depend on the orientation
	if err != nil {
		return turbojpeg.Scale{}, false
	}
	sc := plans[0].scale
	return turbojpeg.ScaleFor(info.Width, info.Height, sc.apply(info.Width), sc.apply(info.Height)), true
}
