package main

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"sajin/models"
	"sajin/vision"
	"sajin/vision/classify"
	"sajin/vision/faces"
	"sajin/vision/labels"
	"sajin/vision/objects"
	"sajin/vision/ocr"
	"sajin/vision/onnx"
)

// defaultCacheDir is $SAJIN_CACHE, else $XDG_CACHE_HOME/sajin, else ~/.cache/sajin: where `sajin models fetch`
// puts the ONNX Runtime library and the models.
func defaultCacheDir(getenv func(string) string) string {
	if d := getenv("SAJIN_CACHE"); d != "" {
		return d
	}
	if d := getenv("XDG_CACHE_HOME"); d != "" {
		return filepath.Join(d, "sajin")
	}
	if h := getenv("HOME"); h != "" {
		return filepath.Join(h, ".cache", "sajin")
	}
	return "sajin-cache"
}

// errNoVision says why photos are not being tagged and what to do about it.
var errNoVision = errors.New("photos will not be tagged until the models are installed: run `make setup` or `sajin models fetch`")

// openTagger loads ONNX Runtime and every model found in the cache. A missing runtime or model is reported and
// that part is left out; a model that exists but fails to load is an error.
func openTagger(cache, ortLib string, threads int, log *slog.Logger) (*vision.Tagger, error) {
	if ortLib == "" {
		ortLib = models.ORTLibraryPath(cache)
	}
	if err := onnx.Init(onnx.Options{LibraryPath: ortLib, IntraOpThreads: max(threads, 1)}); err != nil {
		return nil, fmt.Errorf("%w (%v)", errNoVision, err)
	}
	vocab, err := labels.Load()
	if err != nil {
		return nil, err
	}
	var parts vision.Parts
	have := func(name string) bool {
		_, err := os.Stat(models.ModelPath(cache, name))
		if err != nil {
			log.Warn("model missing: its labels are off", "model", name, "fix", "sajin models fetch")
		}
		return err == nil
	}
	if have("centernet") {
		if parts.Objects, err = objects.New(objects.Options{Model: models.ModelPath(cache, "centernet")}); err != nil {
			return nil, err
		}
	}
	if have("blazeface") && have("faceres") {
		cascade, err := os.ReadFile(filepath.Join(models.ModelDir(cache, "pigo"), "facefinder"))
		if err != nil {
			log.Warn("pigo cascade missing: faces are off", "err", err, "fix", "sajin models fetch")
		} else if parts.Faces, err = faces.New(faces.Options{
			BlazeFace: models.ModelPath(cache, "blazeface"), FaceRes: models.ModelPath(cache, "faceres"), Cascade: cascade,
		}); err != nil {
			return nil, err
		}
	}
	if have("ppocr-det") && have("ppocr-rec") {
		if parts.OCR, err = ocr.New(ocr.ModelsIn(filepath.Join(cache, "models"))); err != nil {
			return nil, err
		}
	}
	parts.Classifiers, err = openClassifiers(cache, log)
	if err != nil {
		return nil, err
	}
	return vision.New(parts, vocab, log), nil
}

// openClassifiers loads every image classifier in the models folder by its manifest alone: the way a user adds an
// ImageNet or scene classifier (see README, "Adding a model").
func openClassifiers(cache string, log *slog.Logger) ([]*classify.Classifier, error) {
	manifests, _ := filepath.Glob(filepath.Join(cache, "models", "*", models.ManifestFile))
	var out []*classify.Classifier
	for _, m := range manifests {
		c, err := classify.Open(filepath.Dir(m))
		if errors.Is(err, classify.ErrNotClassifier) {
			continue
		}
		if err != nil {
			for _, o := range out {
				o.Close()
			}
			return nil, err
		}
		log.Debug("classifier loaded", "model", c.Name, "version", c.Version)
		out = append(out, c)
	}
	return out, nil
}
