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

// description is what FaceRes says about one crop.
type description struct {
	Embedding []float32
	Age, Male float32
}

// maxBatch bounds the faces FaceRes sees at once (a crowd photo would
// otherwise make one input tensor of 600 KB a face).
const maxBatch = 16

// describe runs FaceRes on the crops, in batches of at most maxBatch.
func (d *Detector) describe(ctx context.Context, crops []*image.RGBA) ([]description, error) {
	descs := make([]description, 0, len(crops))
	for start := 0; start < len(crops); start += maxBatch {
		batch, err := d.describeBatch(ctx, crops[start:min(start+maxBatch, len(crops))])
		if err != nil {
			return nil, err
		}
		descs = append(descs, batch...)
	}
	return descs, nil
}

// describeBatch runs FaceRes once on the crops (224x224 each).
func (d *Detector) describeBatch(ctx context.Context, crops []*image.RGBA) ([]description, error) {
	n := len(crops)
	data := make([]float32, 0, n*frSize*frSize*3)
	for _, c := range crops {
		for y := range frSize {
			row := c.Pix[y*c.Stride : y*c.Stride+frSize*4]
			for x := 0; x < len(row); x += 4 {
				data = append(data, float32(row[x]), float32(row[x+1]), float32(row[x+2]))
			}
		}
	}
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
