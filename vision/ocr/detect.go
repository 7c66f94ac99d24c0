package ocr

import (
	"context"
	"fmt"
	"math"

	"sajin/vision/onnx"
)

// detNorm is ImageNet mean and std on 0..255 values, in B, G, R order: the
// models were trained on OpenCV's BGR images with PaddleOCR's RGB-ordered
// constants applied to channels 0, 1, 2 as they come.
func detNorm() norm {
	return norm{mean: [3]float32{123.675, 116.28, 103.53}, std: [3]float32{58.395, 57.12, 57.375}}
}

// detSize returns the detector input size for a w x h image: scaled so the
// long side is at most maxSide (never enlarged) and rounded to multiples
// of 32, at least 32.
func detSize(w, h, maxSide int) (int, int) {
	ratio := min(1, float64(maxSide)/float64(max(w, h)))
	round := func(v int) int {
		return max(32, int(math.Round(float64(v)*ratio/32))*32)
	}
	return round(w), round(h)
}

// detect runs the detector on src with its long side at most maxSide and
// returns text boxes in src pixels.
func (r *Reader) detect(ctx context.Context, src raster, maxSide int) ([]box, error) {
	if src.w == 0 || src.h == 0 {
		return nil, nil
	}
	dw, dh := detSize(src.w, src.h, maxSide)
	// Pre-shrink by whole blocks when the reduction is 2x or more.
	small := shrink(src, min(src.w/dw, src.h/dh))
	data := make([]float32, 3*dw*dh)
	a := quadAffine(rectQuad(small.w, small.h), dw, dh, 0)
	warp(small, a, dw, dh, dw, data, detNorm())
	out, err := r.det.Run(ctx, map[string]onnx.Tensor{
		inputName: {Shape: []int64{1, 3, int64(dh), int64(dw)}, Data: data},
	})
	if err != nil {
		return nil, fmt.Errorf("ocr: detect: %w", err)
	}
	t := out[detOutput]
	if len(t.Shape) != 4 || t.Shape[2] != int64(dh) || t.Shape[3] != int64(dw) {
		return nil, fmt.Errorf("ocr: detect: unexpected output shape %v", t.Shape)
	}
	boxes := findBoxes(probMap{w: dw, h: dh, p: t.Data}, r.db)
	sx, sy := float64(src.w)/float64(dw), float64(src.h)/float64(dh)
	kept := boxes[:0]
	for _, b := range boxes {
		for k, p := range b.pts {
			b.pts[k] = p.mul(sx, sy)
		}
		if x0, y0, x1, y1 := b.bounds(); x1 > 0 && y1 > 0 && x0 < float64(src.w) && y0 < float64(src.h) {
			kept = append(kept, b)
		}
	}
	return kept, nil
}
