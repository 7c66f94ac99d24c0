package classify

import (
	"os"
	"path/filepath"
	"testing"

	"sajin/vision/visiontest"
)

var initErr error

func TestMain(m *testing.M) {
	initErr = visiontest.Init()
	os.Exit(m.Run())
}

// TestManifestOnly runs the converted nsfwjs classifier through nothing but its manifest folder, as a user's own
// model would be run, on real photos.
func TestManifestOnly(t *testing.T) {
	dir := filepath.Dir(visiontest.Model(t, initErr, "nsfw", "nsfw.onnx"))
	c, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.minScore, c.labelMap = 0, nil // see every class under its own name
	for _, name := range []string{"astronaut.png", "coffee.png", "chelsea.png", "page.png"} {
		classes, err := c.Classify(t.Context(), visiontest.Photo(t, name))
		if err != nil {
			t.Fatal(err)
		}
		var sum float32
		for _, cl := range classes {
			sum += cl.Score
		}
		if len(classes) == 0 || sum < 0.98 || sum > 1.02 {
			t.Errorf("%s: classes %v sum to %.3f, want probabilities over every class", name, classes, sum)
		}
		t.Logf("%s: %v", name, classes)
		for _, cl := range classes {
			if (cl.Label == "Porn" || cl.Label == "Hentai") && cl.Score > 0.5 {
				t.Errorf("%s: %s %.2f", name, cl.Label, cl.Score)
			}
		}
	}
}

func TestPick(t *testing.T) {
	c := &Classifier{classes: []string{"Drawing", "Neutral", "Porn"}, minScore: 0.3,
		labelMap: map[string]string{"Neutral": "", "Porn": "sensitive"}}
	got := c.pick([]float32{0.35, 0.6, 0.05})
	if len(got) != 1 || got[0].Label != "Drawing" {
		t.Errorf("pick = %v, want only Drawing (Neutral is dropped by the map, Porn is under the minimum)", got)
	}
	got = c.pick([]float32{0.1, 0.1, 0.8})
	if len(got) != 1 || got[0].Label != "sensitive" {
		t.Errorf("pick = %v, want sensitive", got)
	}
}

func TestProbabilities(t *testing.T) {
	p := probabilities([]float32{2, 1, -1})
	var sum float32
	for _, x := range p {
		sum += x
	}
	if sum < 0.999 || sum > 1.001 || !(p[0] > p[1] && p[1] > p[2]) {
		t.Errorf("softmax = %v", p)
	}
	already := []float32{0.2, 0.8}
	if got := probabilities(already); got[0] != 0.2 || got[1] != 0.8 {
		t.Errorf("probabilities changed a distribution: %v", got)
	}
}
