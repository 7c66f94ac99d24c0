package ocr

import (
	"context"
	"errors"
	"fmt"
	"image"
	"math"
	"os"
	"path/filepath"

	"sajin/vision/onnx"
)

// Tensor names of the PP-OCRv4 ONNX files (see each model's manifest.json).
const (
	inputName = "x"
	detOutput = "sigmoid_0.tmp_0"
	recOutput = "softmax_11.tmp_0"
	clsOutput = "softmax_0.tmp_0" // the manifest says save_infer_model/scale_0.tmp_1, which the file lacks
)

// Defaults chosen by measurement on the fixtures (see the package comment).
const (
	// DefaultMaxSide is the detection input's long side when Options leaves it 0.
	DefaultMaxSide = 960
	// DefaultGateSide is the long side of Read's first, cheaper detection
	// pass when Options leaves it 0.
	DefaultGateSide = 640
	// DefaultMinScore is the line confidence below which Read drops a line
	// when Options leaves it 0.
	DefaultMinScore = 0.65
)

// Version names the models and the processing around them; store it with
// the words read so that a change (new models, other thresholds) can be
// told apart and the photos read again.
const Version = "ppocr-v4/1"

// ErrKeysMismatch is returned by New when the character list does not fit
// the recognition model's output.
var ErrKeysMismatch = errors.New("ocr: character list does not match the recognition model")

// Options configures a Reader. Zero MaxSide and MinScore take the defaults.
type Options struct {
	// DetModel, RecModel and Keys are the detection model, the recognition
	// model and its character list (ppocr_keys_v1.txt). Required.
	DetModel, RecModel, Keys string
	// ClsModel is the optional 0/180 degree direction classifier; when set,
	// lines it finds upside down are read both ways up and the better
	// reading is kept.
	ClsModel string
	// MaxSide caps the long side of the detection input, in pixels;
	// smaller images are not enlarged.
	MaxSide int
	// GateSide is the long side of a first detection pass that Read makes
	// when the image is larger: when it finds no text region, Read stops
	// there (a photo without text then costs a detection at GateSide
	// instead of MaxSide, under half as many pixels at the defaults);
	// otherwise detection runs again at MaxSide. A negative value turns the
	// first pass off.
	GateSide int
	// MinScore drops recognised lines whose confidence is below it; a
	// negative value keeps every line.
	MinScore float32
}

// ModelsIn returns Options for the standard models folder layout
// (DIR/ppocr-det/ppocr-det.onnx, DIR/ppocr-rec/{ppocr-rec.onnx,
// ppocr_keys_v1.txt}, DIR/ppocr-cls/ppocr-cls.onnx), with the direction
// classifier only when its file exists.
func ModelsIn(dir string) Options {
	o := Options{
		DetModel: filepath.Join(dir, "ppocr-det", "ppocr-det.onnx"),
		RecModel: filepath.Join(dir, "ppocr-rec", "ppocr-rec.onnx"),
		Keys:     filepath.Join(dir, "ppocr-rec", "ppocr_keys_v1.txt"),
	}
	if cls := filepath.Join(dir, "ppocr-cls", "ppocr-cls.onnx"); fileExists(cls) {
		o.ClsModel = cls
	}
	return o
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// Reader finds and reads text. It is safe for concurrent use: its fields
// do not change after New and ONNX Runtime sessions allow concurrent runs.
type Reader struct {
	det, rec, cls *onnx.Session // cls may be nil
	dict          dictionary
	db            dbParams
	maxSide       int
	gateSide      int
	minScore      float32
}

// Line is one recognised line of text.
type Line struct {
	Text  string
	Score float32         // mean probability of its characters, 0..1
	Box   image.Rectangle // in the input image's pixels
}

// New loads the models. onnx.Init must have been called.
func New(opts Options) (*Reader, error) {
	if opts.DetModel == "" || opts.RecModel == "" || opts.Keys == "" {
		return nil, errors.New("ocr: DetModel, RecModel and Keys are required")
	}
	f, err := os.Open(opts.Keys)
	if err != nil {
		return nil, fmt.Errorf("ocr: %w", err)
	}
	dict, err := readKeys(f)
	f.Close()
	if err != nil {
		return nil, fmt.Errorf("%w (%s)", err, opts.Keys)
	}
	r := &Reader{dict: dict, db: defaultDB(), maxSide: opts.MaxSide, gateSide: opts.GateSide, minScore: opts.MinScore}
	if r.maxSide <= 0 {
		r.maxSide = DefaultMaxSide
	}
	if r.gateSide == 0 {
		r.gateSide = DefaultGateSide
	}
	if r.minScore == 0 {
		r.minScore = DefaultMinScore
	}
	if err := r.open(opts); err != nil {
		r.Close()
		return nil, err
	}
	return r, nil
}

// open creates the sessions and checks the recogniser against the keys.
func (r *Reader) open(opts Options) error {
	var err error
	in := []string{inputName}
	if r.det, err = onnx.NewSession(opts.DetModel, in, []string{detOutput}, onnx.SessionOptions{}); err != nil {
		return fmt.Errorf("ocr: detection model: %w", err)
	}
	if r.rec, err = onnx.NewSession(opts.RecModel, in, []string{recOutput}, onnx.SessionOptions{}); err != nil {
		return fmt.Errorf("ocr: recognition model: %w", err)
	}
	if opts.ClsModel != "" {
		if r.cls, err = onnx.NewSession(opts.ClsModel, in, []string{clsOutput}, onnx.SessionOptions{}); err != nil {
			return fmt.Errorf("ocr: direction model: %w", err)
		}
	}
	// One blank 48x48 run tells the number of classes.
	out, err := r.rec.Run(context.Background(), map[string]onnx.Tensor{
		inputName: {Shape: []int64{1, 3, recHeight, recHeight}, Data: make([]float32, 3*recHeight*recHeight)},
	})
	if err != nil {
		return fmt.Errorf("ocr: recognition model: %w", err)
	}
	shape := out[recOutput].Shape
	if len(shape) != 3 || int(shape[2]) != r.dict.classes() {
		return fmt.Errorf("%w: model output %v, keys give %d classes", ErrKeysMismatch, shape, r.dict.classes())
	}
	return nil
}

// Close releases the models. Calls in progress finish first.
func (r *Reader) Close() error {
	var errs []error
	for _, s := range []*onnx.Session{r.det, r.rec, r.cls} {
		if s != nil {
			errs = append(errs, s.Close())
		}
	}
	return errors.Join(errs...)
}

// Detect finds text regions (detection only, no recognition) and returns
// their boxes in the input image's pixels, best first. It is the cheap
// check a caller can use to decide whether Read is worth running.
func (r *Reader) Detect(ctx context.Context, img image.Image) ([]image.Rectangle, error) {
	boxes, err := r.detect(ctx, toRaster(img), r.maxSide)
	if err != nil {
		return nil, err
	}
	out := make([]image.Rectangle, len(boxes))
	for i, b := range boxes {
		out[i] = pixelRect(b, img.Bounds())
	}
	return out, nil
}

// Read finds and reads the text lines of an upright image, in reading
// order (top to bottom, left to right), dropping lines below MinScore.
func (r *Reader) Read(ctx context.Context, img image.Image) ([]Line, error) {
	src := toRaster(img)
	if r.gated(src.w, src.h) {
		boxes, err := r.detect(ctx, src, r.gateSide)
		if err != nil || len(boxes) == 0 {
			return nil, err
		}
	}
	boxes, err := r.detect(ctx, src, r.maxSide)
	if err != nil || len(boxes) == 0 {
		return nil, err
	}
	readingOrder(boxes)
	texts, err := r.readBoxes(ctx, src, boxes)
	if err != nil {
		return nil, err
	}
	var lines []Line
	for i, t := range texts {
		if t.text == "" || t.score < r.minScore {
			continue
		}
		lines = append(lines, Line{Text: t.text, Score: t.score, Box: pixelRect(boxes[i], img.Bounds())})
	}
	return lines, nil
}

// gated reports whether Read makes a first detection pass at GateSide on a
// w x h image: only when that pass sees at most half the pixels of the full
// one, so that a photo with text, which pays both, pays at most 1.5 times.
func (r *Reader) gated(w, h int) bool {
	if r.gateSide < 0 || r.gateSide >= r.maxSide {
		return false
	}
	gw, gh := detSize(w, h, r.gateSide)
	fw, fh := detSize(w, h, r.maxSide)
	return 2*gw*gh <= fw*fh
}

// readBoxes recognises every box, checking the suspects of the direction
// classifier both ways up when there is one.
func (r *Reader) readBoxes(ctx context.Context, src raster, boxes []box) ([]recognised, error) {
	crops := makeCrops(boxes)
	texts, err := r.recognize(ctx, src, crops)
	if err != nil || r.cls == nil {
		return texts, err
	}
	flip, err := r.upsideDown(ctx, src, crops)
	if err != nil || len(flip) == 0 {
		return texts, err
	}
	return texts, r.reread(ctx, src, crops, flip, texts)
}

// pixelRect rounds b outwards to whole pixels of an image with bounds
// bounds (b is relative to bounds.Min) and clips it to them.
func pixelRect(b box, bounds image.Rectangle) image.Rectangle {
	x0, y0, x1, y1 := b.bounds()
	r := image.Rect(int(math.Floor(x0)), int(math.Floor(y0)), int(math.Ceil(x1)), int(math.Ceil(y1)))
	return r.Add(bounds.Min).Intersect(bounds)
}
