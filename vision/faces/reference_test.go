package faces

import (
	"encoding/json"
	"image"
	"math"
	"os"
	"path/filepath"
	"testing"

	"sajin/vision/onnx"
)

// The reference files in testdata come from the shared model oracle: the
// original TF.js runtime's outputs on exactly known input PNGs (see
// faceres_*.json "note"). The tolerance is the oracle's pass rule.

// refTensor is one output tensor of a reference file.
type refTensor struct {
	Shape []int     `json:"shape"`
	Data  []float32 `json:"data"`
}

// readRef reads the tensors of a reference file.
func readRef(t *testing.T, name string) map[string]refTensor {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	out := map[string]refTensor{}
	for k, v := range raw {
		var tt refTensor
		if json.Unmarshal(v, &tt) == nil && len(tt.Data) > 0 {
			out[k] = tt
		}
	}
	return out
}

// withinTolerance checks |got - ref| <= 1e-3*|ref| + 1e-4*max|ref| per value.
func withinTolerance(t *testing.T, name string, got, ref []float32) {
	t.Helper()
	if len(got) != len(ref) {
		t.Fatalf("%s: %d values, want %d", name, len(got), len(ref))
	}
	var maxRef float64
	for _, r := range ref {
		maxRef = math.Max(maxRef, math.Abs(float64(r)))
	}
	bad := 0
	for i := range ref {
		diff := math.Abs(float64(got[i] - ref[i]))
		if diff > 1e-3*math.Abs(float64(ref[i]))+1e-4*maxRef {
			if bad < 5 {
				t.Errorf("%s[%d] = %v, want %v", name, i, got[i], ref[i])
			}
			bad++
		}
	}
	if bad > 0 {
		t.Errorf("%s: %d of %d values out of tolerance", name, bad, len(ref))
	}
}

// TestDecodeReference decodes the TF.js BlazeFace outputs on the astronaut
// (stretched to 256x256) and expects her face, in pure Go.
func TestDecodeReference(t *testing.T) {
	ref := readRef(t, "blazeface_skimage_astronaut.json")
	layers := blazeLayers()
	var cands []candidate
	for k, names := range [2][2]string{{bfLogits16, bfRegress16}, {bfLogits8, bfRegress8}} {
		c, err := decode(layers[k].anchors(), ref[names[0]].Data, ref[names[1]].Data, 0.5)
		if err != nil {
			t.Fatal(err)
		}
		cands = append(cands, c...)
	}
	if len(cands) != 7 {
		t.Errorf("decode kept %d anchors above 0.5, want 7 (the oracle's count)", len(cands))
	}
	got := weightedNMS(cands, nmsIoU)
	if len(got) != 1 {
		t.Fatalf("weightedNMS = %d faces, want 1: %v", len(got), got)
	}
	// The pigo box of the reference crop, in the 256 input: (85,28.5)-(140,83.5).
	if want := (box{X0: 85, Y0: 28.5, X1: 140, Y1: 83.5}); !agree(got[0].Box, want) {
		t.Errorf("face = %v, does not agree with the reference crop %v", got[0].Box, want)
	}
	if math.Abs(got[0].Score-0.865175) > 1e-5 {
		t.Errorf("score = %v, want 0.865175", got[0].Score)
	}
	// Eyes above the nose, nose above the mouth, right eye on the image's left.
	p := got[0].Points
	if !(p[0][0] < p[1][0] && p[0][1] < p[2][1] && p[2][1] < p[3][1]) {
		t.Errorf("key points out of order: %v", p)
	}
}

// TestBlazeFaceReference feeds the reference 256x256 input through the
// Detector's own tensor preparation and session, and compares with TF.js.
func TestBlazeFaceReference(t *testing.T) {
	d := detector(t)
	img := toRGBA(decodeFile(t, filepath.Join("testdata", "skimage_astronaut_256.png")))
	out, err := d.blaze.Run(t.Context(), map[string]onnx.Tensor{bfInput: blazeTensor(windowInput(img, square{Side: bfSize}, bfSize))})
	if err != nil {
		t.Fatal(err)
	}
	ref := readRef(t, "blazeface_skimage_astronaut.json")
	for _, name := range []string{bfLogits16, bfLogits8, bfRegress16, bfRegress8} {
		withinTolerance(t, name, out[name].Data, ref[name].Data)
	}
}

// TestFaceCropReference cuts the reference box out of astronaut.png and
// compares with the oracle's crop, pixel for pixel (rounding may differ by 1).
func TestFaceCropReference(t *testing.T) {
	tests := []struct {
		photo, crop string
		box         box
	}{
		{"astronaut.png", "skimage_astronaut_face_224.png", box{170, 57, 280, 167}},
		{"messi5.jpg", "opencv_messi5_face_224.png", box{229, 94, 261, 126}},
	}
	for _, tt := range tests {
		t.Run(tt.photo, func(t *testing.T) {
			got := faceCrop(toRGBA(fixture(t, tt.photo)), tt.box, frSize)
			want := toRGBA(decodeFile(t, filepath.Join("testdata", tt.crop)))
			maxDiff, off := pixelDiff(got, want)
			// The JPEG decoders of Go and jpeg-js differ by a few levels.
			limit := 1
			if filepath.Ext(tt.photo) == ".jpg" {
				limit = 8
			}
			t.Logf("crop vs reference: max diff %d, %d values off by more than 1", maxDiff, off)
			if maxDiff > limit {
				t.Errorf("crop differs from the reference by up to %d levels (%d pixels off by more than 1)", maxDiff, off)
			}
		})
	}
}

// pixelDiff returns the largest channel difference of two images of the
// same size and how many values differ by more than one level.
func pixelDiff(a, b *image.RGBA) (maxDiff, off int) {
	for i := range a.Pix {
		d := int(a.Pix[i]) - int(b.Pix[i])
		d = max(d, -d)
		maxDiff = max(maxDiff, d)
		if d > 1 {
			off++
		}
	}
	return maxDiff, off
}

// TestFaceResReference runs FaceRes on the oracle's crops in one batch and
// compares every output with TF.js.
func TestFaceResReference(t *testing.T) {
	d := detector(t)
	names := []string{"skimage_astronaut_face", "opencv_messi5_face"}
	crops := make([]*image.RGBA, len(names))
	for i, n := range names {
		crops[i] = toRGBA(decodeFile(t, filepath.Join("testdata", n+"_224.png")))
	}
	descs, err := d.describe(t.Context(), crops)
	if err != nil {
		t.Fatal(err)
	}
	for i, n := range names {
		ref := readRef(t, "faceres_"+n+".json")
		withinTolerance(t, n+" embedding", descs[i].Embedding, normalise(ref[frEmbedding].Data))
		withinTolerance(t, n+" gender", []float32{descs[i].Male}, ref[frGender].Data)
		if want := expectedAge(ref[frAge].Data); math.Abs(float64(descs[i].Age-want)) > 0.01 {
			t.Errorf("%s age = %v, want %v", n, descs[i].Age, want)
		}
	}
	if c := Cosine(descs[0].Embedding, descs[1].Embedding); math.Abs(float64(c)-0.385) > 0.005 {
		t.Errorf("Cosine(astronaut, messi5) = %.3f, want 0.385 (the oracle's)", c)
	}
}
