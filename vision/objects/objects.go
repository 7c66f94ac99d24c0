// Package objects finds things in photos with the CenterNet COCO-80 detector (converted from TF.js by
// models/tfjs) and turns its raw detections into labelled boxes: per-class score thresholds measured on real
// photos, per-class non-maximum suppression, and boxes in the photo's own pixels.
//
// The model sees the whole photo stretched to 512x512 (as it was trained and as the TF.js reference feeds it). It
// is small and fast (30-60 ms here) but makes characteristic mistakes (MODELS.md): it calls cats "dog", and
// buildings "car". The per-class thresholds in DefaultThresholds are how Sajin lives with that;
// every detection keeps its score, so search can rank uncertain labels lower and a user can remove a wrong one.
package objects

import (
	"context"
	"fmt"
	"image"
	"sort"

	"sajin/vision/onnx"
	"sajin/vision/pixels"
)

// Model input and output names of the converted CenterNet.
const (
	inputName  = "tower_0/images"
	outputName = "tower_0/detections"
)

// Side is the model's input side: the photo is stretched to Side x Side.
const Side = 512

// Detection is one object found in a photo.
type Detection struct {
	Class int             // COCO-80 index
	Score float32         // model confidence 0..1
	Box   image.Rectangle // in the input image's pixels
}

// Options configures a Detector; zero values take defaults.
type Options struct {
	Model string // path of centernet.onnx (required)
	// Thresholds overrides the minimum score per COCO class; classes not in it use DefaultThreshold.
	Thresholds map[int]float32
	// Threads is ONNX Runtime's intra-op thread count for this model (0 = the process default).
	Threads int
}

// Detector runs CenterNet. It is safe for concurrent use.
type Detector struct {
	s          *onnx.Session
	thresholds map[int]float32
}

// New loads the model. onnx.Init must have been called.
func New(opts Options) (*Detector, error) {
	s, err := onnx.NewSession(opts.Model, []string{inputName}, []string{outputName}, onnx.SessionOptions{IntraOpThreads: opts.Threads})
	if err != nil {
		return nil, fmt.Errorf("objects: %w", err)
	}
	th := DefaultThresholds()
	for k, v := range opts.Thresholds {
		th[k] = v
	}
	return &Detector{s: s, thresholds: th}, nil
}

// Close releases the model.
func (d *Detector) Close() error { return d.s.Close() }

// Detect finds the objects of an upright image, best first.
func (d *Detector) Detect(ctx context.Context, img image.Image) ([]Detection, error) {
	b := img.Bounds()
	if b.Empty() {
		return nil, nil
	}
	return d.DetectRGB(ctx, pixels.Resize(img, Side, Side), b)
}

// DetectRGB is Detect for a picture already stretched to the model's Side x Side input with pixels.Resize (a
// caller that has the photo as a pixels.RGB for other uses saves a conversion); boxes are returned in the pixels
// of bounds, the photo's own bounds.
func (d *Detector) DetectRGB(ctx context.Context, in *pixels.RGB, bounds image.Rectangle) ([]Detection, error) {
	if in.W != Side || in.H != Side {
		return nil, fmt.Errorf("objects: input is %dx%d, want %dx%d", in.W, in.H, Side, Side)
	}
	data := in.Float32(pixels.Norm{Std: [3]float32{1, 1, 1}})
	out, err := d.s.Run(ctx, map[string]onnx.Tensor{inputName: {Shape: []int64{1, Side, Side, 3}, Data: data}})
	if err != nil {
		return nil, fmt.Errorf("objects: %w", err)
	}
	raw := out[outputName]
	if len(raw.Data)%6 != 0 {
		return nil, fmt.Errorf("objects: detections tensor has %d values, not rows of 6", len(raw.Data))
	}
	return d.postprocess(raw.Data, bounds), nil
}

// postprocess keeps rows above their class threshold, scales boxes to the image, and suppresses overlapping
// boxes of the same class.
func (d *Detector) postprocess(rows []float32, b image.Rectangle) []Detection {
	sx, sy := float32(b.Dx())/Side, float32(b.Dy())/Side
	var all []Detection
	for i := 0; i+6 <= len(rows); i += 6 {
		r := rows[i : i+6]
		class, score := int(r[5]), r[4]
		if class < 0 || class > 79 || score < d.threshold(class) {
			continue
		}
		box := image.Rect(int(r[0]*sx), int(r[1]*sy), int(r[2]*sx), int(r[3]*sy)).Add(b.Min).Intersect(b)
		if box.Empty() {
			continue
		}
		all = append(all, Detection{Class: class, Score: score, Box: box})
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].Score > all[j].Score })
	return nms(all, 0.5)
}

func (d *Detector) threshold(class int) float32 {
	if t, ok := d.thresholds[class]; ok {
		return t
	}
	return DefaultThreshold
}

// nms drops a detection that overlaps a better one of the same class by more than iou.
func nms(sorted []Detection, iou float64) []Detection {
	var keep []Detection
	for _, d := range sorted {
		ok := true
		for _, k := range keep {
			if k.Class == d.Class && IoU(k.Box, d.Box) > iou {
				ok = false
				break
			}
		}
		if ok {
			keep = append(keep, d)
		}
	}
	return keep
}

// IoU is the intersection over union of two boxes.
func IoU(a, b image.Rectangle) float64 {
	in := a.Intersect(b)
	if in.Empty() {
		return 0
	}
	ia := float64(in.Dx() * in.Dy())
	return ia / (float64(a.Dx()*a.Dy()) + float64(b.Dx()*b.Dy()) - ia)
}
