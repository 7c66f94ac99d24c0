package faces

import (
	"context"
	"fmt"
	"image"
	"math"

	"sajin/vision/onnx"
)

// BlazeFace's fixed input size and tensor names.
const (
	bfSize       = 256
	bfInput      = "input"
	bfLogits16   = "Identity"   // [1,512,1], 16x16 grid
	bfLogits8    = "Identity_1" // [1,384,1], 8x8 grid
	bfRegress16  = "Identity_2" // [1,512,16]
	bfRegress8   = "Identity_3" // [1,384,16]
	bfRegressLen = 16
)

// anchor is the centre of one BlazeFace prior, in pixels of the 256 input.
type anchor struct{ X, Y float64 }

// anchorLayer describes one feature map of the anchor scheme.
type anchorLayer struct {
	Grid, Stride, PerCell int
}

// blazeLayers returns the two feature maps of the 256x256 ("back") model:
// 16x16 cells of stride 16 with 2 anchors each, 8x8 of stride 32 with 6.
func blazeLayers() [2]anchorLayer {
	return [2]anchorLayer{{Grid: 16, Stride: 16, PerCell: 2}, {Grid: 8, Stride: 32, PerCell: 6}}
}

// anchors returns the anchor centres of one layer in output order:
// index (gy*Grid+gx)*PerCell + n.
func (l anchorLayer) anchors() []anchor {
	out := make([]anchor, 0, l.Grid*l.Grid*l.PerCell)
	for gy := range l.Grid {
		for gx := range l.Grid {
			a := anchor{X: float64(l.Stride) * (float64(gx) + 0.5), Y: float64(l.Stride) * (float64(gy) + 0.5)}
			for range l.PerCell {
				out = append(out, a)
			}
		}
	}
	return out
}

// sigmoid maps a logit to a probability; the logit is clamped to +/-100 so
// that Exp cannot overflow.
func sigmoid(x float32) float64 {
	v := math.Max(-100, math.Min(100, float64(x)))
	return 1 / (1 + math.Exp(-v))
}

// decode turns one layer's logits and regressors into the candidates whose
// probability is at least minScore, in pixels of the 256 input: the box centre
// is the anchor plus (dx, dy), its size (w, h), each key point the anchor plus
// its offset.
func decode(anchors []anchor, logits, regress []float32, minScore float64) ([]candidate, error) {
	if len(logits) != len(anchors) || len(regress) != len(anchors)*bfRegressLen {
		return nil, fmt.Errorf("faces: blazeface output has %d logits and %d regressors, want %d and %d",
			len(logits), len(regress), len(anchors), len(anchors)*bfRegressLen)
	}
	var out []candidate
	for i, a := range anchors {
		p := sigmoid(logits[i])
		if p < minScore {
			continue
		}
		r := regress[i*bfRegressLen : (i+1)*bfRegressLen]
		cx, cy := a.X+float64(r[0]), a.Y+float64(r[1])
		w, h := float64(r[2]), float64(r[3])
		c := candidate{Box: box{X0: cx - w/2, Y0: cy - h/2, X1: cx + w/2, Y1: cy + h/2}, Score: p}
		for k := range c.Points {
			c.Points[k] = [2]float64{a.X + float64(r[4+2*k]), a.Y + float64(r[5+2*k])}
		}
		out = append(out, c)
	}
	return out, nil
}

// square is a square window of an image, given by its top-left corner and
// side; it may reach outside the image, where the pixels are black.
type square struct {
	X0, Y0, Side float64
}

// toImage maps a candidate in the 256 input back to the image the window is in.
func (s square) toImage(c candidate) candidate {
	return c.mapped(s.Side/bfSize, s.X0, s.Y0)
}

// blazeTensor converts a 256x256 RGB image to the model input, x/127.5 - 1.
func blazeTensor(img *image.RGBA) onnx.Tensor {
	data := make([]float32, 0, bfSize*bfSize*3)
	for y := range bfSize {
		row := img.Pix[y*img.Stride : y*img.Stride+bfSize*4]
		for x := 0; x < len(row); x += 4 {
			data = append(data, float32(row[x])/127.5-1, float32(row[x+1])/127.5-1, float32(row[x+2])/127.5-1)
		}
	}
	return onnx.Tensor{Shape: []int64{1, bfSize, bfSize, 3}, Data: data}
}

// runBlaze runs BlazeFace on one window of img and returns the candidates
// scoring at least minScore, in img's coordinates, before NMS.
func (d *Detector) runBlaze(ctx context.Context, img *image.RGBA, win square, minScore float64) ([]candidate, error) {
	in := blazeTensor(windowInput(img, win, bfSize))
	out, err := d.blaze.Run(ctx, map[string]onnx.Tensor{bfInput: in})
	if err != nil {
		return nil, fmt.Errorf("faces: blazeface: %w", err)
	}
	var cands []candidate
	for k, names := range [2][2]string{{bfLogits16, bfRegress16}, {bfLogits8, bfRegress8}} {
		c, err := decode(d.anchors[k], out[names[0]].Data, out[names[1]].Data, minScore)
		if err != nil {
			return nil, err
		}
		for _, one := range c {
			cands = append(cands, win.toImage(one))
		}
	}
	return cands, nil
}
