//go:build cgo

package ocr

import (
	"image"
	"image/color"
	"image/png"
	"os"
	"testing"

	"sajin/vision/onnx"
)

func TestDumpProb(t *testing.T) {
	if os.Getenv("OCR_EXPLORE") == "" {
		t.Skip()
	}
	r := newReader(t, Options{MinScore: 0.01})
	img := fixture(t, os.Getenv("OCR_IMG"))
	src := toRaster(img)
	dw, dh := detSize(src.w, src.h, r.maxSide)
	data := make([]float32, 3*dw*dh)
	warp(src, quadAffine(rectQuad(src.w, src.h), dw, dh, 0), dw, dh, dw, data, detNorm())
	out, err := r.det.Run(t.Context(), map[string]onnx.Tensor{inputName: {Shape: []int64{1, 3, int64(dh), int64(dw)}, Data: data}})
	if err != nil {
		t.Fatal(err)
	}
	g := image.NewGray(image.Rect(0, 0, dw, dh))
	for i, p := range out[detOutput].Data {
		g.Pix[i] = uint8(p * 255)
	}
	f, _ := os.Create("/tmp/ocrview/prob.png")
	png.Encode(f, g)
	f.Close()
	for _, b := range findBoxes(probMap{w: dw, h: dh, p: out[detOutput].Data}, r.db) {
		t.Logf("%.1f %.3f", b.pts, b.score)
	}
	_ = color.Gray{}
}
