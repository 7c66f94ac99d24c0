package vision

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/disintegration/imaging"

	"sajin/vision/faces"
	"sajin/vision/labels"
	"sajin/vision/objects"
	"sajin/vision/ocr"
	"sajin/vision/onnx"
	"sajin/vision/visiontest"
)

// fullTagger loads every default model, as `sajin serve` does.
func fullTagger(b testing.TB) *Tagger {
	b.Helper()
	// One intra-op thread per run, as `sajin serve` runs the models (--ort-threads 1, one worker per core).
	if err := onnx.Init(onnx.Options{LibraryPath: visiontest.ORTLib(), IntraOpThreads: 1}); err != nil {
		visiontest.Missing(b, "ONNX Runtime: %v", err)
	}
	dir := visiontest.Models()
	obj, err := objects.New(objects.Options{Model: visiontest.Model(b, nil, "centernet", "centernet.onnx")})
	if err != nil {
		b.Fatal(err)
	}
	cascade, err := os.ReadFile(filepath.Join(dir, "pigo", "facefinder"))
	if err != nil {
		visiontest.Missing(b, "pigo cascade: %v", err)
	}
	fc, err := faces.New(faces.Options{BlazeFace: visiontest.Model(b, nil, "blazeface", "blazeface.onnx"),
		FaceRes: visiontest.Model(b, nil, "faceres", "faceres.onnx"), Cascade: cascade})
	if err != nil {
		b.Fatal(err)
	}
	rd, err := ocr.New(ocr.ModelsIn(dir))
	if err != nil {
		b.Fatal(err)
	}
	vocab, _ := labels.Load()
	t := New(Parts{Objects: obj, Faces: fc, OCR: rd}, vocab, nil)
	b.Cleanup(func() { t.Close() })
	return t
}

// BenchmarkTag2048 measures the whole vision stage on one photo as it runs in the pipeline: the 2048 px
// thumbnail of a 12-megapixel photo (here a real street photo upscaled), every model and rule, one ONNX Runtime
// thread per run as `sajin serve` runs them. cpu-ms/op is the CPU time of all threads per photo.
func BenchmarkTag2048(b *testing.B) {
	t := fullTagger(b)
	img := imaging.Resize(visiontest.Photo(b, "scenetext01.jpg"), 2048, 1536, imaging.Linear)
	var cpu time.Duration
	n := 0
	for b.Loop() {
		start := cpuTime()
		if _, err := t.Tag(b.Context(), img, Hints{}); err != nil {
			b.Fatal(err)
		}
		cpu += cpuTime() - start
		n++
	}
	b.ReportMetric(float64(cpu.Milliseconds())/float64(n), "cpu-ms/op")
}
