package models

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// ManifestFile is the name of the manifest beside each model.
const ManifestFile = "manifest.json"

// Tasks a model manifest can declare.
const (
	TaskObjectDetection = "object-detection"
	TaskFaceDetection   = "face-detection"
	TaskFaceEmbedding   = "face-embedding"
	TaskTextDetection   = "text-detection"
	TaskTextRecognition = "text-recognition"
	TaskTextDirection   = "text-direction"
	TaskImageClassifier = "image-classifier"
)

// Manifest says what a model is, where it came from and how to feed it.
type Manifest struct {
	Name      string       `json:"name"`
	Task      string       `json:"task"`
	File      string       `json:"file"`   // model file name inside the model folder
	SHA256    string       `json:"sha256"` // of File
	Source    Source       `json:"source"`
	Converter string       `json:"converter,omitempty"` // e.g. "sajin-tfjs 1"; empty for native ONNX
	Inputs    []InputSpec  `json:"inputs"`
	Outputs   []OutputSpec `json:"outputs"`
	Labels    string       `json:"labels,omitempty"` // label file in the folder, or a well-known list ("coco-80")
	Licence   string       `json:"licence"`
	Notes     string       `json:"notes,omitempty"`
	// MinScore and LabelMap shape an image classifier's labels (vision/classify): classes scoring below MinScore
	// are not labels (0 = the classifier's default); LabelMap renames classes to vocabulary keys, "" drops one.
	MinScore float64           `json:"min_score,omitempty"`
	LabelMap map[string]string `json:"label_map,omitempty"`
}

// Source names the package and files a model was made from.
type Source struct {
	Package string            `json:"package"` // NAME@VERSION
	Tarball string            `json:"tarball_sha256"`
	Files   map[string]string `json:"files"` // path inside the package -> sha256
}

// InputSpec describes one input tensor. The value fed for a pixel channel x
// in 0..255 is (x - Mean[c]) / Std[c], in the colour order given.
type InputSpec struct {
	Name          string    `json:"name"`
	Shape         []int64   `json:"shape"`  // -1 for a free dimension
	Layout        string    `json:"layout"` // NHWC or NCHW
	Colour        string    `json:"colour"` // RGB or BGR
	Mean          []float32 `json:"mean"`
	Std           []float32 `json:"std"`
	Normalisation string    `json:"normalisation"` // the same, for people
}

// OutputSpec describes one output tensor.
type OutputSpec struct {
	Name        string  `json:"name"`
	Shape       []int64 `json:"shape,omitempty"`
	Description string  `json:"description,omitempty"`
}

// ReadManifest reads the manifest in a model folder.
func ReadManifest(dir string) (Manifest, error) {
	var m Manifest
	b, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	if err != nil {
		return m, fmt.Errorf("models: %w", err)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("models: manifest %s: %w", dir, err)
	}
	return m, nil
}

// writeManifest writes m into dir atomically.
func writeManifest(dir string, m Manifest) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	defer root.Close()
	_, err = writeAtomic(root, ManifestFile, bytes.NewReader(append(b, '\n')), "")
	return err
}
