//go:build cgo

package onnx

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sajin/models"
)

// TestManifestClassifier runs the converted nsfwjs classifier knowing only
// its manifest: input name, shape and normalisation, output name, labels.
func TestManifestClassifier(t *testing.T) {
	if testEnv.initErr != nil {
		missing(t, "ONNX Runtime: %v", testEnv.initErr)
	}
	dir := models.ModelDir(testEnv.cache, "nsfw")
	man, err := models.ReadManifest(dir)
	if err != nil {
		missing(t, "nsfw model: %v", err)
	}
	labels, err := os.ReadFile(filepath.Join(dir, man.Labels))
	if err != nil {
		t.Fatal(err)
	}
	names := strings.Fields(string(labels))
	in := man.Inputs[0]
	s, err := NewSession(filepath.Join(dir, man.File), []string{in.Name}, []string{man.Outputs[0].Name}, SessionOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, img := range []string{"skimage_astronaut_face_224.png", "opencv_messi5_face_224.png"} {
		x := readInput(t, filepath.Join("testdata", "reference", "inputs", img), func(p uint8) float32 { return float32(p) })
		for k := range x.Data {
			c := k % 3
			x.Data[k] = (x.Data[k] - in.Mean[c]) / in.Std[c]
		}
		out, err := s.Run(t.Context(), map[string]Tensor{in.Name: x})
		if err != nil {
			t.Fatal(err)
		}
		probs := out[man.Outputs[0].Name].Data
		if len(probs) != len(names) {
			t.Fatalf("%s: %d scores for %d labels", img, len(probs), len(names))
		}
		sum, best := 0.0, 0
		for k, p := range probs {
			sum += float64(p)
			if p > probs[best] {
				best = k
			}
		}
		if math.Abs(sum-1) > 1e-4 {
			t.Errorf("%s: scores sum to %v, want 1 (softmax)", img, sum)
		}
		t.Logf("%s: %s %.3f (all %v)", img, names[best], probs[best], probs)
	}
}
