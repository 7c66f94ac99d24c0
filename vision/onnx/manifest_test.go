//go:build cgo

package onnx

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sajin/models"
)

// TestManifestClassifier converts the nsfwjs classifier (uint8 quantised
// weights, shipped as JavaScript bundles) and runs it knowing only its
// installed manifest: input name and normalisation, output name, labels. Its scores
// are compared with TF.js's in testdata/nsfw_tfjs.json under the reference
// pass rule.
func TestManifestClassifier(t *testing.T) {
	var oracle struct {
		Outputs map[string][]float64 `json:"outputs"`
	}
	b, err := os.ReadFile(filepath.Join("testdata", "nsfw_tfjs.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &oracle); err != nil {
		t.Fatal(err)
	}
	needRuntime(t)
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
	s, err := NewSession(convertedModel(t, "nsfw"), []string{in.Name}, []string{man.Outputs[0].Name}, SessionOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for img, want := range oracle.Outputs {
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
		fails, maxDiff := compare(probs, want)
		t.Logf("%s: %s %.3f; max abs diff to TF.js %.3g", img, names[best], probs[best], maxDiff)
		if fails > 0 {
			t.Errorf("%s: %d of %d scores differ from TF.js beyond the pass rule: %v, want %v", img, fails, len(want), probs, want)
		}
	}
}
