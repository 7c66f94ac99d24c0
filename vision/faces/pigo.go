package faces

import (
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"math"

	pigo "github.com/esimov/pigo/core"
)

// Pigo is run in a window pigoWindow times the size of each BlazeFace
// candidate, resized so that the candidate is about pigoTarget pixels wide
// (never enlarged more than pigoMaxUp times), and searched for faces between
// pigoMinRel and pigoMaxRel times that width (at least pigoMinSize pixels).
// Looking only there keeps pigo cheap (about 5 ms a candidate) and at the
// scale where it works best, whatever the photo's size.
const (
	pigoWindow  = 3.0 // window side / candidate side
	pigoTarget  = 64.0
	pigoMaxUp   = 2.0
	pigoMinRel  = 0.6
	pigoMaxRel  = 2.0
	pigoMinSize = 16
	pigoShift   = 0.1
	pigoScale   = 1.1
	pigoCluster = 0.2 // IoU above which pigo merges its hits
	agreeIoU    = 0.3 // IoU at which pigo's face and BlazeFace's agree
)

// ErrBadCascade is returned by New when Options.Cascade is not a pigo
// cascade file.
var ErrBadCascade = errors.New("faces: not a pigo cascade")

// maxTreeDepth bounds the tree depth a cascade may declare (facefinder has 6).
const maxTreeDepth = 12

// unpackCascade checks the size pigo's header announces before letting pigo
// parse the file, and turns a panic of the parser into ErrBadCascade.
func unpackCascade(b []byte) (p *pigo.Pigo, err error) {
	if len(b) < 16 {
		return nil, fmt.Errorf("%w: %d bytes", ErrBadCascade, len(b))
	}
	depth, trees := binary.LittleEndian.Uint32(b[8:]), uint64(binary.LittleEndian.Uint32(b[12:]))
	if depth > maxTreeDepth || 16+trees*8<<depth != uint64(len(b)) {
		return nil, fmt.Errorf("%w: header says %d trees of depth %d, file has %d bytes", ErrBadCascade, trees, depth, len(b))
	}
	defer func() {
		if r := recover(); r != nil {
			p, err = nil, fmt.Errorf("%w: %v", ErrBadCascade, r)
		}
	}()
	return pigo.NewPigo().Unpack(b)
}

// pigoFace is one clustered pigo detection: a square box and pigo's quality
// (the summed cascade score of the merged hits).
type pigoFace struct {
	Box     box
	Quality float64
}

// confirm looks for pigo faces in a window around cand (all in img's
// coordinates) and returns the best one that agrees with cand, if any has
// at least minQuality.
func confirm(cascade *pigo.Pigo, img *image.RGBA, cand candidate, minQuality float64) (pigoFace, bool) {
	side := math.Max(cand.Box.width(), cand.Box.height())
	cx, cy := cand.Box.centre()
	win := square{X0: cx - pigoWindow*side/2, Y0: cy - pigoWindow*side/2, Side: pigoWindow * side}
	k := math.Min(pigoTarget/side, pigoMaxUp)
	n := int(math.Round(win.Side * k))
	if n < pigoMinSize*2 {
		return pigoFace{}, false
	}
	k = float64(n) / win.Side
	grey := greyPixels(windowInput(img, win, n))
	params := pigo.CascadeParams{
		MinSize:     max(pigoMinSize, int(pigoMinRel*side*k)),
		MaxSize:     min(n, int(pigoMaxRel*side*k)),
		ShiftFactor: pigoShift,
		ScaleFactor: pigoScale,
		ImageParams: pigo.ImageParams{Pixels: grey, Rows: n, Cols: n, Dim: n},
	}
	var best pigoFace
	found := false
	for _, det := range cascade.ClusterDetections(cascade.RunCascade(params, 0), pigoCluster) {
		q := float64(det.Q)
		if q < minQuality || (found && q <= best.Quality) {
			continue
		}
		b := squareBox(float64(det.Col)/k+win.X0, float64(det.Row)/k+win.Y0, float64(det.Scale)/k)
		if agree(b, cand.Box) {
			best, found = pigoFace{Box: b, Quality: q}, true
		}
	}
	return best, found
}

// agree reports whether two face boxes describe the same face: they overlap
// enough, or each one's centre lies inside the other.
func agree(a, b box) bool {
	ax, ay := a.centre()
	bx, by := b.centre()
	return iou(a, b) >= agreeIoU || (a.contains(bx, by) && b.contains(ax, ay))
}

// greyPixels converts an image (origin (0,0)) to luma, row-major, as pigo
// wants it.
func greyPixels(img *image.RGBA) []uint8 {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	out := make([]uint8, 0, w*h)
	for y := range h {
		row := img.Pix[y*img.Stride : y*img.Stride+w*4]
		for x := 0; x < len(row); x += 4 {
			// ITU-R BT.601 weights in 1/1024 units.
			out = append(out, uint8((306*int(row[x])+601*int(row[x+1])+117*int(row[x+2])+512)>>10))
		}
	}
	return out
}
