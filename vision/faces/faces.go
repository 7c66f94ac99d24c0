package faces

import (
	"context"
	"errors"
	"fmt"
	"image"
	"math"
	"sort"

	pigo "github.com/esimov/pigo/core"

	"sajin/vision/onnx"
)

// Defaults of Options, chosen by measurement on the 14 test photos (TestFind
// logs the table). The faces found there scored 0.86-0.93 with BlazeFace and
// 76-89 with pigo. Of the 42 non-face BlazeFace candidates above 0.3 (among
// them a cat's face at 0.78), pigo gave none more than 14.3, and none more
// than 0.9 to the five above 0.5. BlazeFace's threshold alone keeps those
// five (the cat among them); pigo's alone would have sufficed here, and the
// two together leave a margin.
const (
	// DefaultMinScore is the BlazeFace probability a candidate needs.
	DefaultMinScore = 0.5
	// DefaultMinPigoQuality is the pigo quality that confirms a candidate.
	DefaultMinPigoQuality = 20
	// DefaultLevels is the number of BlazeFace window sizes (see
	// Options.Levels): all three, so that group photos get their faces.
	DefaultLevels = 3
)

// Working limits: the photo is shrunk so its longer side is at most
// workSide before detection; candidates closer than nmsIoU are merged.
const (
	workSide = 1024
	nmsIoU   = 0.3
	// qualityFull is the pigo quality at which pigo counts as certain in
	// the combined score.
	qualityFull = 50.0
)

// Version identifies what Find computes: the models, the way they are
// combined and the crop FaceRes sees. Store it with faces and embeddings;
// embeddings of different versions are not comparable, so a new version
// means running Find again.
const Version = "faces-1 (blazeface 256 + pigo v1.4.6 facefinder + faceres 224)"

// ErrNoCascade is returned by New when Options.Cascade is empty.
var ErrNoCascade = errors.New("faces: no pigo cascade given (Options.Cascade)")

// Options configures a Detector. The model paths and the cascade are
// required; zero thresholds take the defaults above.
type Options struct {
	// BlazeFace and FaceRes are the paths of the converted .onnx models.
	BlazeFace, FaceRes string
	// Cascade is the content of pigo's cascade/facefinder file.
	Cascade []byte
	// MinScore is the BlazeFace probability a candidate needs
	// (default DefaultMinScore).
	MinScore float32
	// MinPigoQuality is the pigo quality that confirms a candidate
	// (default DefaultMinPigoQuality).
	MinPigoQuality float32
	// Levels is how many window sizes BlazeFace looks at: 1 is the whole
	// photo only; 2 adds square tiles as tall as the photo's shorter side,
	// which helps photos wider than 1.2:1; 3 (the default) adds tiles of
	// half that side when they still hold 256 pixels (photos of 512 pixels
	// or more on the short side, after the shrink to 1024), for the small
	// faces of group photos. Level 3's tiles (up to 12) are guided: only a
	// tile where the larger windows saw a small candidate of probability
	// hintScore or more is looked at, which found the same faces as all of
	// them on the group photos tried and runs 0-10 tiles, 4.8 on average, on
	// the fixtures at 2048 pixels (see hintScore). Set 2 when speed matters
	// more than the faces of group photos.
	Levels int
}

// Detector finds and describes faces. It holds two ONNX sessions and the
// unpacked cascade, none of which change after New, so Find may be called
// from several goroutines at once. Close it when done.
type Detector struct {
	blaze, faceres *onnx.Session
	cascade        *pigo.Pigo
	anchors        [2][]anchor
	minScore       float64
	minQuality     float64
	levels         int
}

// New loads the two models and the cascade. onnx.Init must have been
// called.
func New(opts Options) (*Detector, error) {
	if len(opts.Cascade) == 0 {
		return nil, ErrNoCascade
	}
	cascade, err := unpackCascade(opts.Cascade)
	if err != nil {
		return nil, err
	}
	d := &Detector{
		cascade:    cascade,
		minScore:   orDefault(opts.MinScore, DefaultMinScore),
		minQuality: orDefault(opts.MinPigoQuality, DefaultMinPigoQuality),
		levels:     opts.Levels,
	}
	if d.levels <= 0 {
		d.levels = DefaultLevels
	}
	for k, l := range blazeLayers() {
		d.anchors[k] = l.anchors()
	}
	d.blaze, err = onnx.NewSession(opts.BlazeFace, []string{bfInput},
		[]string{bfLogits16, bfLogits8, bfRegress16, bfRegress8}, onnx.SessionOptions{})
	if err != nil {
		return nil, fmt.Errorf("faces: blazeface: %w", err)
	}
	d.faceres, err = onnx.NewSession(opts.FaceRes, []string{frInput},
		[]string{frEmbedding, frAge, frGender}, onnx.SessionOptions{})
	if err != nil {
		_ = d.blaze.Close()
		return nil, fmt.Errorf("faces: faceres: %w", err)
	}
	return d, nil
}

func orDefault(v float32, def float64) float64 {
	if v > 0 {
		return float64(v)
	}
	return def
}

// Close releases the model sessions.
func (d *Detector) Close() error {
	return errors.Join(d.blaze.Close(), d.faceres.Close())
}

// Face is one face found in a photo.
type Face struct {
	// Box is the square face region in the input image's pixels (pigo's
	// detection; it may reach slightly outside the image).
	Box image.Rectangle
	// Score is the combined confidence in 0..1: the geometric mean of
	// BlazeFace's probability and pigo's quality scaled to 0..1.
	Score float32
	// BlazeScore is BlazeFace's probability and Quality pigo's cascade
	// score (unbounded; 10 is weak, 50 strong).
	BlazeScore, Quality float32
	// Landmarks are BlazeFace's six key points: right eye, left eye, nose
	// tip, mouth centre, right ear, left ear (the subject's right and left).
	Landmarks []image.Point
	// Embedding is FaceRes's 1024-value descriptor, L2-normalised.
	Embedding []float32
	// Age is the expected age in years under FaceRes's softmax
	// (informational).
	Age float32
	// Male is FaceRes's probability that the face is a man's
	// (informational).
	Male float32
}

// Find returns the faces of an upright image with their embeddings, by
// falling score. An image without faces gives an empty slice.
func (d *Detector) Find(ctx context.Context, img image.Image) ([]Face, error) {
	orig := toRGBA(img)
	if orig.Rect.Empty() {
		return nil, nil
	}
	work, toOrig := workingCopy(orig)
	found, err := d.detect(ctx, work)
	if err != nil {
		return nil, err
	}
	faces := make([]Face, len(found))
	crops := make([]*image.RGBA, len(found))
	for i, f := range found {
		faces[i] = f.face(toOrig, img.Bounds().Min)
		crops[i] = faceCrop(orig, f.pigo.Box.scale(toOrig, 0, 0), frSize)
	}
	descs, err := d.describe(ctx, crops)
	if err != nil {
		return nil, err
	}
	for i, desc := range descs {
		faces[i].Embedding, faces[i].Age, faces[i].Male = desc.Embedding, desc.Age, desc.Male
	}
	sort.SliceStable(faces, func(i, j int) bool { return faces[i].Score > faces[j].Score })
	return faces, nil
}

// confirmed is a BlazeFace candidate that pigo confirmed.
type confirmed struct {
	blaze candidate
	pigo  pigoFace
}

// face converts a confirmed candidate to a Face in the input image's pixels
// (s maps working pixels to those of the input copied to origin (0,0),
// origin is the input's top-left corner); the embedding comes later.
func (f confirmed) face(s float64, origin image.Point) Face {
	dx, dy := float64(origin.X), float64(origin.Y)
	b := f.blaze.mapped(s, dx, dy)
	q := math.Min(1, f.pigo.Quality/qualityFull)
	out := Face{
		Box:        f.pigo.Box.scale(s, dx, dy).rect(),
		Score:      float32(math.Sqrt(b.Score * q)),
		BlazeScore: float32(b.Score),
		Quality:    float32(f.pigo.Quality),
		Landmarks:  make([]image.Point, len(b.Points)),
	}
	for k, p := range b.Points {
		out.Landmarks[k] = image.Pt(int(math.Round(p[0])), int(math.Round(p[1])))
	}
	return out
}

// detect runs BlazeFace over the windows of work (level 3's only where the
// larger windows saw a hint of a face: guided), merges the candidates and
// keeps those pigo confirms, all in work's pixels.
func (d *Detector) detect(ctx context.Context, work *image.RGBA) ([]confirmed, error) {
	w, h := work.Rect.Dx(), work.Rect.Dy()
	var cands []candidate
	for _, win := range windows(w, h, min(d.levels, 2)) {
		c, err := d.runBlaze(ctx, work, win, min(d.minScore, hintScore))
		if err != nil {
			return nil, err
		}
		cands = append(cands, c...)
	}
	if d.levels >= 3 {
		for _, win := range guided(fine(float64(w), float64(h)), cands) {
			c, err := d.runBlaze(ctx, work, win, d.minScore)
			if err != nil {
				return nil, err
			}
			cands = append(cands, c...)
		}
	}
	strong := cands[:0]
	for _, c := range cands {
		if c.Score >= d.minScore {
			strong = append(strong, c)
		}
	}
	var out []confirmed
	for _, c := range weightedNMS(strong, nmsIoU) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if p, ok := confirm(d.cascade, work, c, d.minQuality); ok {
			out = append(out, confirmed{blaze: c, pigo: p})
		}
	}
	return dedupe(out), nil
}

// dedupe drops a confirmed face whose pigo box overlaps an earlier, better
// one: two BlazeFace clusters can lead pigo to the same face.
func dedupe(in []confirmed) []confirmed {
	sort.SliceStable(in, func(i, j int) bool { return in[i].pigo.Quality > in[j].pigo.Quality })
	var out []confirmed
	for _, f := range in {
		dup := false
		for _, o := range out {
			if iou(f.pigo.Box, o.pigo.Box) > nmsIoU {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, f)
		}
	}
	return out
}
