package faces

import (
	"testing"
	"time"

	"sajin/vision/onnx"
)

func TestExploreBatch(t *testing.T) {
	d := detector(t)
	for _, n := range []int{1, 4, 12} {
		data := make([]float32, n*256*256*3)
		t0 := time.Now()
		out, err := d.blaze.Run(t.Context(), map[string]onnx.Tensor{bfInput: {Shape: []int64{int64(n), 256, 256, 3}, Data: data}})
		if err != nil {
			t.Logf("batch %d: %v", n, err)
			continue
		}
		t.Logf("batch %d: %v shapes %v %v", n, time.Since(t0), out[bfLogits16].Shape, out[bfRegress8].Shape)
	}
}
