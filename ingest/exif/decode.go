package exif

import (
	"bytes"
	"errors"
	"fmt"
	"math"

	goexif "github.com/rwcarlsen/goexif/exif"
	"github.com/rwcarlsen/goexif/tiff"
)

// decode repairs the TIFF structure in raw, decodes it with goexif and validates the values.
func decode(raw []byte, strict bool) (Meta, error) {
	m := Meta{Orientation: 1}
	t, err := repair(raw, strict)
	if err != nil {
		return m, err
	}
	x, err := goexifDecode(t.clean)
	if x == nil {
		return m, err
	}
	m, perr := extract(x, t)
	if perr != nil {
		m = Meta{Orientation: 1}
		err = errors.Join(err, perr)
	}
	switch {
	case t.loop:
		err = errors.Join(fmt.Errorf("%w: %w: %s", ErrCorrupt, ErrLoop, t.damageText()), err)
	case len(t.damage) > 0:
		err = errors.Join(fmt.Errorf("%w: %s", ErrCorrupt, t.damageText()), err)
	}
	return m, err
}

// goexifDecode runs goexif on a repaired TIFF. It returns the decoded fields when the error is
// not critical (a sub-IFD failed), and turns a panic into ErrCorrupt.
func goexifDecode(clean []byte) (x *goexif.Exif, err error) {
	defer func() {
		if r := recover(); r != nil {
			x, err = nil, fmt.Errorf("%w: decoder panic: %v", ErrCorrupt, r)
		}
	}()
	x, err = goexif.Decode(bytes.NewReader(clean))
	switch {
	case err == nil:
		return x, nil
	case x == nil || goexif.IsCriticalError(err):
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	return x, fmt.Errorf("%w: %v", ErrCorrupt, err)
}

// extract copies the validated fields of x into a Meta. Accessors of goexif's tags panic on some
// inputs (an index out of range), so a panic here becomes an error too.
func extract(x *goexif.Exif, t *tiffData) (m Meta, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: decoder panic: %v", ErrCorrupt, r)
		}
	}()
	f := fields{x: x}
	m = Meta{
		Orientation: f.orientation(),
		Make:        f.text(goexif.Make),
		Model:       f.text(goexif.Model),
		Lens:        f.text(goexif.LensModel),
		GPS:         f.gps(),
	}
	if m.Lens == "" {
		m.Lens = f.text(goexif.LensMake)
	}
	m.Width, m.Height = f.size()
	m.FNumber = f.ratio(goexif.FNumber, 0.1, 1000)
	m.FocalLength = f.ratio(goexif.FocalLength, 0.1, 10000)
	m.ExposureTime = exposureText(f.ratio(goexif.ExposureTime, 1e-6, 1e5))
	if iso, ok := f.int(goexif.ISOSpeedRatings); ok && iso > 0 && iso <= 10_000_000 {
		m.ISO = int(iso)
	}
	m.Taken, m.TakenOffset = f.taken(t.offsets)
	if !m.Taken.IsZero() {
		m.TakenSource = SourceEXIF
	}
	return m, nil
}

// fields reads single values from a decoded goexif.Exif, checking format and count first.
type fields struct{ x *goexif.Exif }

func (f fields) tag(name goexif.FieldName, format tiff.Format) *tiff.Tag {
	tag, err := f.x.Get(name)
	if err != nil || tag.Format() != format || tag.Count == 0 {
		return nil
	}
	return tag
}

// text returns a cleaned ASCII field.
func (f fields) text(name goexif.FieldName) string {
	tag := f.tag(name, tiff.StringVal)
	if tag == nil {
		return ""
	}
	// Read the raw bytes: some writers put a NUL before the text, which goexif's value
	// stops at.
	return cleanText(string(bytes.Trim(tag.Val, "\x00")))
}

// int returns the first value of an integer field.
func (f fields) int(name goexif.FieldName) (int64, bool) {
	tag := f.tag(name, tiff.IntVal)
	if tag == nil {
		return 0, false
	}
	v, err := tag.Int64(0)
	return v, err == nil
}

// rat returns the i'th value of a rational field as a float; NaN when absent or x/0.
func (f fields) rat(tag *tiff.Tag, i int) float64 {
	if tag == nil || uint32(i) >= tag.Count {
		return math.NaN()
	}
	n, d, err := tag.Rat2(i)
	if err != nil || d == 0 {
		return math.NaN()
	}
	return float64(n) / float64(d)
}

// ratio returns the first value of a rational field when it lies in [lo, hi], else 0.
func (f fields) ratio(name goexif.FieldName, lo, hi float64) float64 {
	v := f.rat(f.tag(name, tiff.RatVal), 0)
	if !(v >= lo && v <= hi) {
		return 0
	}
	return v
}

func (f fields) orientation() int {
	if v, ok := f.int(goexif.Orientation); ok && v >= 1 && v <= 8 {
		return int(v)
	}
	return 1
}

// size returns the Exif pixel dimensions, falling back to IFD0's ImageWidth and ImageLength.
func (f fields) size() (w, h int) {
	for _, pair := range [][2]goexif.FieldName{
		{goexif.PixelXDimension, goexif.PixelYDimension},
		{goexif.ImageWidth, goexif.ImageLength},
	} {
		x, okx := f.int(pair[0])
		y, oky := f.int(pair[1])
		if okx && oky && x > 0 && y > 0 && x <= maxSide && y <= maxSide {
			return int(x), int(y)
		}
	}
	return 0, 0
}
