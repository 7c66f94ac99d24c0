// Package vision turns a photo's pixels into what people search for: labelled objects, faces with embeddings,
// words printed in the photo, and simple signals (colours, night, black and white), each label with its source
// and score so that tags are explainable and correctable.
//
// A Tagger runs every model it has: CenterNet objects (vision/objects), BlazeFace+pigo faces with FaceRes
// embeddings (vision/faces), PP-OCRv4 text (vision/ocr). Rules then derive labels that no model names: "group"
// (three or more people), "portrait" (one face filling the frame), "text" and "document", "screenshot", colours,
// "night", "black and white". Label keys come from the vocabulary in vision/labels, which holds their English and
// Korean names, synonyms and categories.
package vision

import (
	"context"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"log/slog"
	"strings"
	"time"

	"sajin/vision/classify"
	"sajin/vision/faces"
	"sajin/vision/labels"
	"sajin/vision/objects"
	"sajin/vision/ocr"
	"sajin/vision/pixels"
)

// Label is one tag the Tagger gives a photo.
type Label struct {
	Key    string
	Score  float64
	Source string            // model@version or "rule"
	Boxes  []image.Rectangle // where in the image, when the label has a place
}

// Face is a face found in the photo.
type Face struct {
	Box       image.Rectangle
	Score     float64
	Embedding []float32
}

// Line is a line of text read in the photo.
type Line struct {
	Text  string
	Score float64
	Box   image.Rectangle
}

// Result is everything the Tagger found in one photo. Boxes are in the pixels of the image given to Tag.
type Result struct {
	Labels  []Label
	Faces   []Face
	Text    []Line
	Signals Signals
}

// Hints are facts about the file that help the rules (a PNG without a camera is likely a screenshot).
type Hints struct {
	FileName  string
	Format    string // "jpeg", "png", ...
	HasCamera bool   // EXIF names a camera make or model
	// Taken is the wall-clock time the photo was taken, zero when the file itself does not say (a file's
	// modification time says nothing about when the photo was taken).
	Taken time.Time
}

// Sources name what produced a label; the version changes when a model or its post-processing changes, and
// `sajin relabel` re-runs photos tagged by an older version.
const (
	SourceObjects = "centernet@1"
	SourceFaces   = "blazeface+pigo+faceres@1"
	SourceOCR     = "ppocr-v4@1"
	SourceRule    = "rule@1"
)

// Parts are the models a Tagger uses; any may be nil, and the Tagger does what the others allow.
type Parts struct {
	Objects *objects.Detector
	Faces   *faces.Detector
	OCR     *ocr.Reader
	// Classifiers are image classifiers added by manifest (vision/classify), run after the built-in models.
	Classifiers []*classify.Classifier
}

// Tagger tags photos. It is safe for concurrent use.
type Tagger struct {
	parts Parts
	vocab *labels.Vocabulary
	log   *slog.Logger
}

// New returns a Tagger over the given models.
func New(parts Parts, vocab *labels.Vocabulary, log *slog.Logger) *Tagger {
	if log == nil {
		log = slog.Default()
	}
	return &Tagger{parts: parts, vocab: vocab, log: log}
}

// Close releases every model.
func (t *Tagger) Close() error {
	var errs []error
	if t.parts.Objects != nil {
		errs = append(errs, t.parts.Objects.Close())
	}
	if t.parts.Faces != nil {
		errs = append(errs, t.parts.Faces.Close())
	}
	if t.parts.OCR != nil {
		errs = append(errs, t.parts.OCR.Close())
	}
	for _, c := range t.parts.Classifiers {
		errs = append(errs, c.Close())
	}
	return errors.Join(errs...)
}

// Tag runs every model on an upright image and derives the rule labels.
func (t *Tagger) Tag(ctx context.Context, img image.Image, hints Hints) (Result, error) {
	var res Result
	if img.Bounds().Empty() {
		return res, fmt.Errorf("vision: empty image")
	}
	// Convert once: the face and text models work on RGBA in place, CenterNet and the signals on an RGB copy.
	rgba := toRGBA(img)
	rgb := pixels.FromImage(rgba)
	if t.parts.Objects != nil {
		dets, err := t.parts.Objects.DetectRGB(ctx, rgb.Resize(objects.Side, objects.Side), rgba.Bounds())
		if err != nil {
			return res, err
		}
		res.Labels = append(res.Labels, t.objectLabels(dets)...)
	}
	if t.parts.Faces != nil {
		found, err := t.parts.Faces.Find(ctx, rgba)
		if err != nil {
			return res, err
		}
		for _, f := range found {
			res.Faces = append(res.Faces, Face{Box: f.Box, Score: float64(f.Score), Embedding: f.Embedding})
		}
	}
	if t.parts.OCR != nil {
		lines, err := t.parts.OCR.Read(ctx, rgba)
		if err != nil {
			return res, err
		}
		for _, l := range lines {
			res.Text = append(res.Text, Line{Text: l.Text, Score: float64(l.Score), Box: l.Box})
		}
	}
	for _, c := range t.parts.Classifiers {
		classes, err := c.Classify(ctx, rgba)
		if err != nil {
			return res, err
		}
		res.Labels = append(res.Labels, t.classLabels(c.Name+"@"+c.Version, classes, res.Labels)...)
	}
	res.Signals = measure(rgb.Resize(64, 64))
	res.Labels = append(res.Labels, t.ruleLabels(img.Bounds(), res, hints)...)
	return res, nil
}

// toRGBA returns img as *image.RGBA with the same bounds, copying only when it is not one already.
func toRGBA(img image.Image) *image.RGBA {
	if m, ok := img.(*image.RGBA); ok {
		return m
	}
	b := img.Bounds()
	m := image.NewRGBA(b)
	draw.Draw(m, b, img, b.Min, draw.Src)
	return m
}

// objectLabels turns detections into one label per vocabulary key, with the best score and every box.
func (t *Tagger) objectLabels(dets []objects.Detection) []Label {
	var out []Label
	at := map[string]int{}
	for _, d := range dets {
		l, ok := t.vocab.COCO(d.Class)
		if !ok {
			continue
		}
		i, seen := at[l.Key]
		if !seen {
			at[l.Key] = len(out)
			out = append(out, Label{Key: l.Key, Score: float64(d.Score), Source: SourceObjects})
			i = len(out) - 1
		}
		out[i].Boxes = append(out[i].Boxes, d.Box)
	}
	return out
}

// classLabels turns a classifier's classes into labels: a class the vocabulary knows becomes that label (unless
// another model already gave it), any other class is a label of its own name.
func (t *Tagger) classLabels(source string, classes []classify.Class, have []Label) []Label {
	var out []Label
	seen := map[string]bool{}
	for _, l := range have {
		seen[l.Key] = true
	}
	for _, c := range classes {
		key := strings.Join(strings.Fields(strings.ToLower(c.Label)), "_")
		if l, ok := t.vocab.Find(c.Label); ok {
			key = l.Key
		}
		if key == "" || seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, Label{Key: key, Score: float64(c.Score), Source: source})
	}
	return out
}

// ruleLabels derives labels no model names directly.
func (t *Tagger) ruleLabels(bounds image.Rectangle, res Result, hints Hints) []Label {
	var out []Label
	add := func(key string, score float64, boxes ...image.Rectangle) {
		if _, ok := t.vocab.Label(key); ok {
			out = append(out, Label{Key: key, Score: score, Source: SourceRule, Boxes: boxes})
		}
	}
	people := 0
	for _, l := range res.Labels {
		if l.Key == "person" {
			people = len(l.Boxes)
		}
	}
	if len(res.Faces) > 0 {
		boxes := make([]image.Rectangle, len(res.Faces))
		best := 0.0
		for i, f := range res.Faces {
			boxes[i], best = f.Box, max(best, f.Score)
		}
		add("face", best, boxes...)
	}
	if people >= 3 || len(res.Faces) >= 3 {
		add("group", 0.9)
	}
	if len(res.Faces) == 1 {
		f := res.Faces[0].Box
		if share := float64(f.Dx()*f.Dy()) / float64(bounds.Dx()*bounds.Dy()); share >= 0.04 {
			add("portrait", min(1, 0.5+share*5), f)
		}
	}
	words := 0
	for _, l := range res.Text {
		words += len(strings.Fields(l.Text))
	}
	if words >= 2 {
		add("text", 0.9)
	}
	paper := res.Signals.Mono || hasColour(res.Signals, "white")
	if len(res.Text) >= 4 && len(res.Faces) == 0 && paper {
		add("document", 0.8)
	}
	if screenshotName(hints.FileName) || (hints.Format == "png" && !hints.HasCamera && words >= 2 && !paper &&
		screenAspect(bounds)) {
		add("screenshot", 0.8)
	}
	if res.Signals.Mono {
		add("black_and_white", 0.9)
	}
	switch {
	case !hints.Taken.IsZero() && (hints.Taken.Hour() >= 20 || hints.Taken.Hour() < 5):
		add("night", 0.8) // taken at night, by the camera's clock
	case res.Signals.Luma < darkLuma && !res.Signals.Mono:
		add("night", 0.7) // dark as night
	}
	for _, c := range res.Signals.Colours {
		add(c.Key, c.Share)
	}
	return out
}

func hasColour(s Signals, key string) bool {
	for _, c := range s.Colours {
		if c.Key == key {
			return true
		}
	}
	return false
}

// screenshotName recognises the names phones and computers give screenshots.
func screenshotName(name string) bool {
	n := strings.ToLower(name)
	for _, p := range []string{"screenshot", "screen shot", "스크린샷", "screen_shot", "capture"} {
		if strings.Contains(n, p) {
			return true
		}
	}
	return false
}

// screenAspect is true for the shapes of phone and computer screens (9:16 to 9:21 tall, 16:10 to 21:9 wide).
func screenAspect(b image.Rectangle) bool {
	r := float64(b.Dx()) / float64(b.Dy())
	return (r >= 0.42 && r <= 0.63) || (r >= 1.59 && r <= 2.4)
}
