package thumb

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"slices"

	"github.com/disintegration/imaging"

	"sajin/ingest/thumb/turbojpeg"
)

// Thumb is one rendered thumbnail.
type Thumb struct {
	// Spec is the size this thumbnail was made for.
	Spec Spec
	// Width and Height are the pixel size of the JPEG.
	Width, Height int
	// JPEG is the encoded thumbnail. Sizes that all keep a small photo's own
	// size share one slice: treat it as read-only.
	JPEG []byte
}

// filter returns the resampling filter for every resize: Catmull-Rom.
//
// Measured with BenchmarkFilters (12 MP to 2048 and 720, PSNR against an
// ideal low-pass rendering of a zone plate): on detail the thumbnail can
// hold, Lanczos scores 52.6 dB and Catmull-Rom 49.7 (both essentially
// exact), while Mitchell (37.0) and Linear (34.2) visibly blur; on detail too
// fine to keep, Catmull-Rom aliases and rings a little less than Lanczos
// (21.4 against 20.0 dB; Linear 24.2, Box 18.1). Its support of 2 instead of
// 3 makes the expensive first resize a quarter cheaper than Lanczos (280
// against 375 CPU-ms for 12 MP to 2048 on the dev machine; Linear 200).
// Photos hold little energy near the Nyquist limit, so sharpness wins over
// Linear's stronger anti-aliasing; the same filter serves every step of the
// cascade.
func filter() imaging.ResampleFilter { return imaging.CatmullRom }

// Render makes every thumbnail of img, which must already be upright (see
// Orient and RenderOriented). Thumbnails come back in the order of
// Options.Specs. They are derived largest first, each from the smallest
// already rendered image that is at least as large as it needs (a resize
// cascade), which is much cheaper than resizing the original every time and
// loses nothing visible. Alpha is flattened onto white. ctx is checked
// between sizes.
func (m *Maker) Render(ctx context.Context, img image.Image) ([]Thumb, error) {
	return m.RenderOriented(ctx, img, 1)
}

// RenderOriented makes the same thumbnails as Render(ctx, Orient(img,
// orientation)), but shrinks img before rotating it, which saves a full-size
// copy of the image (orientations other than 1 only; for a 12 MP photo 35 MB
// of allocation and about 7% of the CPU time). Errors: ErrCorrupt for an
// empty image, ErrTooLarge for a side over MaxSide, ctx's error, or a plain
// error for a Spec whose size is not positive.
func (m *Maker) RenderOriented(ctx context.Context, img image.Image, orientation int) ([]Thumb, error) {
	b := img.Bounds()
	if b.Empty() {
		return nil, fmt.Errorf("%w: empty image %v", ErrCorrupt, b)
	}
	if max(b.Dx(), b.Dy()) > MaxSide {
		return nil, fmt.Errorf("%w: %dx%d, longer than %d pixels", ErrTooLarge, b.Dx(), b.Dy(), MaxSide)
	}
	if orientation < 1 || orientation > 8 {
		orientation = 1
	}
	w, h := DisplaySize(b.Dx(), b.Dy(), orientation)
	plans, err := m.plan(w, h)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return m.render(ctx, img, orientation, w, h, plans)
}

// render makes the thumbnails of plans, made for an upright photo of w x h, from img: that photo as stored for
// orientation (1..8), at full size or scaled down to any size at least as large as plans[0] needs (a DCT-scaled
// decode). Sizes come from w x h, not from img, so they do not depend on how img was decoded.
func (m *Maker) render(ctx context.Context, img image.Image, orientation, w, h int, plans []plan) ([]Thumb, error) {
	sources := []*source{upright(img, orientation, plans[0].scale, w, h)}
	thumbs := make([]Thumb, len(m.specs))
	for _, p := range plans {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		out := p.render(sources)
		if out.jpeg == nil {
			jpg, err := m.encode(out)
			if err != nil {
				return nil, fmt.Errorf("thumb: encode %s: %w", p.spec.Name, err)
			}
			out.jpeg = jpg
		}
		thumbs[p.index] = Thumb{Spec: p.spec, Width: p.w, Height: p.h, JPEG: out.jpeg}
		if !p.spec.Square && !slices.Contains(sources, out) {
			sources = append(sources, out)
		}
	}
	return thumbs, nil
}

// source is an upright image, a uniform scaling of the whole photo (or its
// centre square). owned means this package made it, so it may be modified in
// place; jpeg caches its encoding, so sizes that all keep a small photo's
// own size share one encode (and one byte slice).
type source struct {
	img   image.Image
	owned bool
	jpeg  []byte
}

// scale is a rational scale factor num/den, kept exact so that derived
// sizes do not depend on which source they are made from.
type scale struct{ num, den int64 }

func (s scale) less(t scale) bool { return s.num*t.den < t.num*s.den }

// apply scales a length, rounding to nearest, never below 1.
func (s scale) apply(n int) int { return max(1, int((int64(n)*s.num+s.den/2)/s.den)) }

// plan is how one Spec is rendered from a w x h upright photo.
type plan struct {
	index int   // position in Maker.specs and in Render's result
	spec  Spec  // the size asked for
	scale scale // of the photo needed to make it
	w, h  int   // of the thumbnail
}

// plan returns one plan per spec, largest scale first.
func (m *Maker) plan(w, h int) ([]plan, error) {
	plans := make([]plan, 0, len(m.specs))
	for i, s := range m.specs {
		if s.Long <= 0 {
			return nil, fmt.Errorf("thumb: spec %q: size %d is not positive", s.Name, s.Long)
		}
		p := plan{index: i, spec: s, scale: scale{1, 1}}
		if s.Square {
			if short := min(w, h); short > s.Long {
				p.scale = scale{int64(s.Long), int64(short)}
			}
			p.w = min(w, h, s.Long)
			p.h = p.w
		} else {
			if long := max(w, h); long > s.Long {
				p.scale = scale{int64(s.Long), int64(long)}
			}
			p.w, p.h = p.scale.apply(w), p.scale.apply(h)
		}
		plans = append(plans, p)
	}
	if len(plans) == 0 {
		return nil, fmt.Errorf("thumb: no sizes to render")
	}
	slices.SortStableFunc(plans, func(a, b plan) int {
		switch {
		case b.scale.less(a.scale):
			return -1
		case a.scale.less(b.scale):
			return 1
		}
		return 0
	})
	return plans, nil
}

// upright returns img upright as a source. For orientations other than 1 it
// first shrinks img to the largest scale any plan needs, so only that small
// image is copied by the rotation.
func upright(img image.Image, orientation int, sc scale, w, h int) *source {
	if orientation == 1 {
		return &source{img: img}
	}
	sw, sh := DisplaySize(sc.apply(w), sc.apply(h), orientation)
	if b := img.Bounds(); sw != b.Dx() || sh != b.Dy() {
		img = resize(img, sw, sh)
	}
	return &source{img: orient(img, orientation), owned: true}
}

// render makes the thumbnail from the smallest source that is large enough.
// When no crop or resize is needed it returns that source itself.
func (p plan) render(sources []*source) *source {
	src := sources[0] // the largest: always fits
	for _, s := range sources[1:] {
		if b := s.img.Bounds(); p.fits(b) && b.Dx() < src.img.Bounds().Dx() {
			src = s
		}
	}
	if p.spec.Square {
		src = cropSquare(src)
	}
	if b := src.img.Bounds(); b.Dx() == p.w && b.Dy() == p.h {
		return src
	}
	return &source{img: resize(src.img, p.w, p.h), owned: true}
}

// fits reports whether an image of bounds b has enough pixels to make p
// without upscaling.
func (p plan) fits(b image.Rectangle) bool {
	if p.spec.Square {
		return min(b.Dx(), b.Dy()) >= p.w
	}
	return b.Dx() >= p.w && b.Dy() >= p.h
}

// cropSquare returns the centred square of src, sharing its pixels when the
// image type allows.
func cropSquare(src *source) *source {
	b := src.img.Bounds()
	side := min(b.Dx(), b.Dy())
	if b.Dx() == b.Dy() {
		return src
	}
	at := b.Min.Add(image.Pt((b.Dx()-side)/2, (b.Dy()-side)/2))
	if _, ok := src.img.(*image.YCbCr); ok && b.Min.X%2 == 0 && b.Min.Y%2 == 0 {
		at = image.Pt(at.X&^1, at.Y&^1) // on a chroma sample: no half-pixel colour shift
	}
	r := image.Rectangle{Min: at, Max: at.Add(image.Pt(side, side))}
	if si, ok := src.img.(interface {
		SubImage(image.Rectangle) image.Image
	}); ok {
		return &source{img: si.SubImage(r), owned: src.owned}
	}
	return &source{img: imaging.Crop(src.img, r), owned: true}
}

// encode returns src as a JPEG, flattening any alpha onto white. libjpeg-turbo encodes when the build has it
// (several times faster than image/jpeg, with the same quality scale; YCbCr straight from its planes, other
// colour with 4:2:0 chroma as image/jpeg writes it).
func (m *Maker) encode(src *source) ([]byte, error) {
	img := jpegReady(src)
	if turbojpeg.Available {
		return turbojpeg.Encode(img, m.jpegOpts.Quality)
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &m.jpegOpts); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// jpegReady returns src's pixels opaque (alpha flattened onto white) in a
// type Go's JPEG encoder converts quickly (RGBA, YCbCr, Gray; any other type
// goes through its slow per-pixel path), copying to NRGBA when needed. YCbCr
// comes out 4:2:0, as every thumbnail is written (a 4:4:4 photo kept at its
// own size would otherwise weigh a quarter more).
//
// An owned NRGBA is flattened in place. It may still serve as a source for
// smaller thumbnails: flattening onto a constant colour commutes with
// imaging's alpha-weighted resampling, so the result is the same up to
// rounding.
func jpegReady(src *source) image.Image {
	switch v := src.img.(type) {
	case *image.YCbCr:
		if v.SubsampleRatio != image.YCbCrSubsampleRatio420 {
			return resizeYCbCr(v, v.Rect.Dx(), v.Rect.Dy())
		}
		return v
	case *image.Gray:
		return v
	case *image.RGBA:
		if v.Opaque() { // libjpeg-turbo's decodes are
			return v
		}
	case *image.NRGBA:
		if !src.owned {
			v = imaging.Clone(v)
		}
		return flattenWhite(v)
	}
	return flattenWhite(imaging.Clone(src.img))
}

// flattenWhite composites n onto white in place and returns the same pixels
// viewed as an *image.RGBA (an opaque NRGBA and an RGBA have the same bytes).
func flattenWhite(n *image.NRGBA) *image.RGBA {
	for y := n.Rect.Min.Y; y < n.Rect.Max.Y; y++ {
		row := n.Pix[n.PixOffset(n.Rect.Min.X, y):][:4*n.Rect.Dx()]
		for i := 0; i < len(row); i += 4 {
			a := uint32(row[i+3])
			if a == 0xff {
				continue
			}
			for c := range 3 {
				row[i+c] = uint8((uint32(row[i+c])*a + 0xff*(0xff-a) + 0x7f) / 0xff)
			}
			row[i+3] = 0xff
		}
	}
	return &image.RGBA{Pix: n.Pix, Stride: n.Stride, Rect: n.Rect}
}
