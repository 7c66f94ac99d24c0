package faces

import (
	"context"
	"fmt"
	"image"
	"math"

	"sajin/vision/onnx"
)

// FaceRes's input size and tensor names.
const (
	frSize      = 224
	frInput     = "input_1"
	frEmbedding = "global_pooling/Mean"
	frAge       = "age_pred/Softmax"
	frGender    = "gender_pred/Sigmoid"
	frDim       = 1024
	frAgeBins   = 100
)

// faceCrop cuts the square b out of img (black outside it) and resizes it to
// size x size with TF's legacy bilinear mapping (src = dst*in/out, no
// half-pixel offset), rounding to 8 bits, as the reference crops were made.
// A square much larger than size is first shrunk with a proper filter so the
// bilinear step does not alias.
func faceCrop(img *image.NRGBA, b box, size int) *image.NRGBA {
	r := b.rect()
	if r.Dx() > 2*size {
		return shrunkCrop(img, r, size)
	}
	return bilinear(img, r, size)
}

// shrunkCrop pads r to black where it leaves img, shrinks it to twice size
// and resamples that.
func shrunkCrop(img *image.NRGBA, r image.Rectangle, size int) *image.NRGBA {
	win := square{X0: float64(r.Min.X), Y0: float64(r.Min.Y), Side: float64(r.Dx())}
	mid := windowInput(img, win, 2*size)
	return bilinear(mid, mid.Rect, size)
}

// bilinear resamples the rectangle r of img (which may leave img; outside is
// black) to size x size.
func bilinear(img *image.NRGBA, r image.Rectangle, size int) *image.NRGBA {
	dst := image.NewNRGBA(image.Rect(0, 0, size, size))
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

func lerp(a, b, t float64) float64 { return a + (b-a)*t }

// pixel returns channel c of img at (x, y), or 0 outside img.
func pixel(img *image.NRGBA, x, y, c int) float64 {
	if !(image.Point{X: x, Y: y}).In(img.Rect) {
		return 0
	}
	return float64(img.Pix[img.PixOffset(x, y)+c])
}

// description is what FaceRes says about one crop.
type description struct {
	Embedding []float32
	Age, Male float32
}

// describe runs FaceRes on the crops in one batch.
func (d *Detector) describe(ctx context.Context, crops []*image.NRGBA) ([]description, error) {
	if len(crops) == 0 {
		return nil, nil
	}
	data := make([]float32, 0, len(crops)*frSize*frSize*3)
	for _, c := range crops {
		for y := range frSize {
			row := c.Pix[y*c.Stride : y*c.Stride+frSize*4]
			for x := 0; x < len(row); x += 4 {
				data = append(data, float32(row[x]), float32(row[x+1]), float32(row[x+2]))
			}
		}
	}
	n := len(crops)
	in := onnx.Tensor{Shape: []int64{int64(n), frSize, frSize, 3}, Data: data}
	out, err := d.faceres.Run(ctx, map[string]onnx.Tensor{frInput: in})
	if err != nil {
		return nil, fmt.Errorf("faces: faceres: %w", err)
	}
	emb, age, male := out[frEmbedding].Data, out[frAge].Data, out[frGender].Data
	if len(emb) != n*frDim || len(age) != n*frAgeBins || len(male) != n {
		return nil, fmt.Errorf("faces: faceres returned %d/%d/%d values for %d faces", len(emb), len(age), len(male), n)
	}
	descs := make([]description, n)
	for i := range descs {
		descs[i] = description{
			Embedding: normalise(emb[i*frDim : (i+1)*frDim]),
			Age:       expectedAge(age[i*frAgeBins : (i+1)*frAgeBins]),
			Male:      male[i],
		}
	}
	return descs, nil
}

// expectedAge is the mean of the age bins (0..99 years) under the softmax.
func expectedAge(p []float32) float32 {
	var sum, total float64
	for age, v := range p {
		sum += float64(age) * float64(v)
		total += float64(v)
	}
	if total == 0 {
		return 0
	}
	return float32(sum / total)
}

// normalise returns a copy of v scaled to unit length (a zero vector stays zero).
func normalise(v []float32) []float32 {
	var ss float64
	for _, x := range v {
		ss += float64(x) * float64(x)
	}
	out := make([]float32, len(v))
	if ss == 0 {
		return out
	}
	inv := 1 / math.Sqrt(ss)
	for i, x := range v {
		out[i] = float32(float64(x) * inv)
	}
	return out
}

// Cosine returns the cosine similarity of two embeddings, in -1..1; it is 0
// when the lengths differ or either vector is zero. For the L2-normalised
// embeddings of Face it is their dot product.
func Cosine(a, b []float32) float32 {
	if len(a) != len(b) {
		return 0
	}
	var dot, na, nb float64
	for i := range a {
		dot += float64(a[i]) * float64(b[i])
		na += float64(a[i]) * float64(a[i])
		nb += float64(b[i]) * float64(b[i])
	}
	if na == 0 || nb == 0 {
		return 0
	}
	return float32(dot / math.Sqrt(na*nb))
}
