// Package classify runs any image classifier described by a model manifest: the pluggable path by which a user
// adds a model Sajin has no code for (an ImageNet classifier, a scene classifier) by dropping a folder with the
// .onnx file, a label file and a manifest.json into the models folder.
//
// The manifest (models.Manifest, task "image-classifier") says the input's name, shape, layout (NHWC or NCHW),
// colour order and normalisation ((x - mean) / std on 0..255 values), the output's name, and the label file (one
// class name per line, in output order). Two optional fields shape the labels:
//
//	"min_score": 0.5                       classes scoring below are not labels (default DefaultMinScore)
//	"label_map": {"Neutral": "", "Porn": "sensitive"}   rename classes to vocabulary keys; "" drops a class
//
// A class name that the label vocabulary knows ("dog", "강아지", a synonym) becomes that vocabulary label, so a
// classifier's "golden retriever" stays its own label while its "dog" joins Sajin's dog, with Korean name and all.
package classify

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"image"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"sajin/models"
	"sajin/vision/onnx"
	"sajin/vision/pixels"
)

// DefaultMinScore is the score a class needs to become a label when the manifest does not say.
const DefaultMinScore = 0.5

// ErrNotClassifier is returned for a manifest of another task.
var ErrNotClassifier = errors.New("classify: not an image-classifier manifest")

// extra holds the manifest fields this package adds to models.Manifest.
type extra struct {
	MinScore *float64          `json:"min_score"`
	LabelMap map[string]string `json:"label_map"`
}

// Class is one class a photo was given.
type Class struct {
	Label string // class name from the label file, or its label_map key
	Score float32
}

// Classifier is one loaded classifier. It is safe for concurrent use.
type Classifier struct {
	Name     string // the manifest's name
	Version  string // short form of the model file's sha256: labels record which model made them
	s        *onnx.Session
	in       models.InputSpec
	out      string
	classes  []string
	minScore float32
	labelMap map[string]string
}

// Open loads the classifier in a model folder. onnx.Init must have been called.
func Open(dir string) (*Classifier, error) {
	man, err := models.ReadManifest(dir)
	if err != nil {
		return nil, err
	}
	if man.Task != models.TaskImageClassifier {
		return nil, fmt.Errorf("%w: %s is %q", ErrNotClassifier, dir, man.Task)
	}
	if len(man.Inputs) != 1 || len(man.Outputs) < 1 {
		return nil, fmt.Errorf("classify: %s: need one input and an output in the manifest", dir)
	}
	classes, err := readLines(filepath.Join(dir, man.Labels))
	if err != nil {
		return nil, fmt.Errorf("classify: %s: labels: %w", dir, err)
	}
	in := man.Inputs[0]
	if _, _, err := inputSize(in); err != nil {
		return nil, fmt.Errorf("classify: %s: %w", dir, err)
	}
	s, err := onnx.NewSession(filepath.Join(dir, man.File), []string{in.Name}, []string{man.Outputs[0].Name}, onnx.SessionOptions{})
	if err != nil {
		return nil, fmt.Errorf("classify: %s: %w", dir, err)
	}
	c := &Classifier{Name: man.Name, Version: short(man.SHA256), s: s, in: in, out: man.Outputs[0].Name,
		classes: classes, minScore: DefaultMinScore, labelMap: man.LabelMap}
	if man.MinScore > 0 {
		c.minScore = float32(man.MinScore)
	}
	return c, nil
}

func short(sum string) string {
	if len(sum) > 8 {
		return sum[:8]
	}
	return sum
}

// Close releases the model.
func (c *Classifier) Close() error { return c.s.Close() }

// Classify returns the classes of an upright image that pass the minimum score, best first.
func (c *Classifier) Classify(ctx context.Context, img image.Image) ([]Class, error) {
	w, h, _ := inputSize(c.in)
	rgb := pixels.Resize(img, w, h)
	norm := pixels.Norm{BGR: strings.EqualFold(c.in.Colour, "BGR"), NCHW: strings.EqualFold(c.in.Layout, "NCHW")}
	for i := range 3 {
		norm.Mean[i], norm.Std[i] = at(c.in.Mean, i, 0), at(c.in.Std, i, 1)
	}
	shape := []int64{1, int64(h), int64(w), 3}
	if norm.NCHW {
		shape = []int64{1, 3, int64(h), int64(w)}
	}
	out, err := c.s.Run(ctx, map[string]onnx.Tensor{c.in.Name: {Shape: shape, Data: rgb.Float32(norm)}})
	if err != nil {
		return nil, fmt.Errorf("classify %s: %w", c.Name, err)
	}
	return c.pick(probabilities(out[c.out].Data)), nil
}

func (c *Classifier) pick(p []float32) []Class {
	var out []Class
	for i, score := range p {
		if i >= len(c.classes) || score < c.minScore {
			continue
		}
		label := c.classes[i]
		if mapped, ok := c.labelMap[label]; ok {
			if mapped == "" {
				continue
			}
			label = mapped
		}
		out = append(out, Class{Label: label, Score: score})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	return out
}

// probabilities returns the output as probabilities: as is when it already sums to one, else a softmax of logits.
func probabilities(v []float32) []float32 {
	var sum float64
	neg := false
	for _, x := range v {
		sum += float64(x)
		neg = neg || x < 0
	}
	if !neg && math.Abs(sum-1) < 0.01 {
		return v
	}
	mx := float32(math.Inf(-1))
	for _, x := range v {
		mx = max(mx, x)
	}
	out := make([]float32, len(v))
	var total float64
	for i, x := range v {
		e := math.Exp(float64(x - mx))
		out[i], total = float32(e), total+e
	}
	for i := range out {
		out[i] = float32(float64(out[i]) / total)
	}
	return out
}

// inputSize reads the input's width and height from its shape.
func inputSize(in models.InputSpec) (w, h int, err error) {
	if len(in.Shape) != 4 {
		return 0, 0, fmt.Errorf("input %s: shape %v, want 4 dimensions", in.Name, in.Shape)
	}
	if strings.EqualFold(in.Layout, "NCHW") {
		h, w = int(in.Shape[2]), int(in.Shape[3])
	} else {
		h, w = int(in.Shape[1]), int(in.Shape[2])
	}
	if w <= 0 || h <= 0 || w > 4096 || h > 4096 {
		return 0, 0, fmt.Errorf("input %s: shape %v has no fixed size in 1..4096", in.Name, in.Shape)
	}
	return w, h, nil
}

func at(v []float32, i int, def float32) float32 {
	if i < len(v) {
		return v[i]
	}
	return def
}

func readLines(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" {
			out = append(out, line)
		}
	}
	return out, sc.Err()
}
