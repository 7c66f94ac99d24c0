package ocr

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"

	"sajin/vision/onnx"
)

// Recogniser and classifier input geometry (PaddleOCR's defaults).
const (
	recHeight   = 48
	recMinWidth = 320     // a batch is at least this wide (ratio 320/48)
	recMaxWidth = 64 * 48 // longer lines are squeezed to this width
	clsWidth    = 192
	batchSize   = 6
	flipProb    = 0.9 // the classifier must be this sure to turn a line
)

// lineNorm is (x/255 - 0.5) / 0.5, the same for every channel.
func lineNorm() norm {
	return norm{mean: [3]float32{127.5, 127.5, 127.5}, std: [3]float32{127.5, 127.5, 127.5}}
}

// crop is one text box as the recogniser sees it.
type crop struct {
	q     [4]point
	turns int // quarter turns counter-clockwise (see quadAffine)
}

// ratio is the crop's width over height once turned.
func (c crop) ratio() float64 {
	w, h := c.q[0].dist(c.q[1]), c.q[0].dist(c.q[3])
	if c.turns%2 == 1 {
		w, h = h, w
	}
	return w / max(h, 1)
}

// makeCrops turns boxes into crops; a box at least 1.5 times taller than
// wide is read as a vertical line, turned a quarter counter-clockwise.
func makeCrops(boxes []box) []crop {
	out := make([]crop, len(boxes))
	for i, b := range boxes {
		out[i] = crop{q: b.pts}
		if b.h() >= 1.5*b.w() {
			out[i].turns = 1
		}
	}
	return out
}

// fill samples crops into an n x 3 x recHeight x width batch, each resized
// to height recHeight keeping its aspect ratio (at most width) and padded
// on the right with zeros (mid grey once normalised).
func fill(src raster, crops []crop, width int) onnx.Tensor {
	plane := recHeight * width
	data := make([]float32, len(crops)*3*plane)
	for i, c := range crops {
		w := min(width, max(1, int(math.Ceil(recHeight*c.ratio()))))
		a := quadAffine(c.q, w, recHeight, c.turns)
		warp(src, a, w, recHeight, width, data[i*3*plane:(i+1)*3*plane], lineNorm())
	}
	return onnx.Tensor{Shape: []int64{int64(len(crops)), 3, recHeight, int64(width)}, Data: data}
}

// batches groups crop indices of similar aspect ratio, batchSize at a time,
// so padding wastes little.
func batches(crops []crop) [][]int {
	idx := make([]int, len(crops))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		return cmp.Compare(crops[a].ratio(), crops[b].ratio())
	})
	var out [][]int
	for len(idx) > 0 {
		n := min(batchSize, len(idx))
		out = append(out, idx[:n])
		idx = idx[n:]
	}
	return out
}

// upsideDown runs the direction classifier and returns the indices of the
// crops it finds upside down.
func (r *Reader) upsideDown(ctx context.Context, src raster, crops []crop) ([]int, error) {
	var flip []int
	for _, batch := range batches(crops) {
		out, err := r.cls.Run(ctx, map[string]onnx.Tensor{inputName: fill(src, pick(crops, batch), clsWidth)})
		if err != nil {
			return nil, fmt.Errorf("ocr: direction: %w", err)
		}
		t := out[clsOutput]
		if len(t.Data) != 2*len(batch) {
			return nil, fmt.Errorf("ocr: direction: unexpected output shape %v", t.Shape)
		}
		for k, i := range batch {
			if p := t.Data[2*k+1]; p > t.Data[2*k] && p > flipProb {
				flip = append(flip, i)
			}
		}
	}
	return flip, nil
}

// reread reads the crops at idx again turned by half a turn and keeps
// whichever reading scores higher. The classifier alone turned a curved
// line of the page fixture upside down with probability 0.99; letting the
// recogniser confirm costs one extra line read per suspect line.
func (r *Reader) reread(ctx context.Context, src raster, crops []crop, idx []int, res []recognised) error {
	turned := pick(crops, idx)
	for k := range turned {
		turned[k].turns += 2
	}
	again, err := r.recognize(ctx, src, turned)
	if err != nil {
		return err
	}
	for k, i := range idx {
		if again[k].score > res[i].score {
			res[i] = again[k]
		}
	}
	return nil
}

func pick(crops []crop, idx []int) []crop {
	out := make([]crop, len(idx))
	for k, i := range idx {
		out[k] = crops[i]
	}
	return out
}

// recognised is one crop's text and confidence.
type recognised struct {
	text  string
	score float32
}

// recognize reads every crop, batching crops of similar width.
func (r *Reader) recognize(ctx context.Context, src raster, crops []crop) ([]recognised, error) {
	res := make([]recognised, len(crops))
	for _, batch := range batches(crops) {
		sel := pick(crops, batch)
		width := recMinWidth
		for _, c := range sel {
			width = max(width, int(math.Ceil(recHeight*c.ratio())))
		}
		width = min(width, recMaxWidth)
		out, err := r.rec.Run(ctx, map[string]onnx.Tensor{inputName: fill(src, sel, width)})
		if err != nil {
			return nil, fmt.Errorf("ocr: recognise: %w", err)
		}
		t := out[recOutput]
		if len(t.Shape) != 3 || t.Shape[0] != int64(len(batch)) {
			return nil, fmt.Errorf("ocr: recognise: unexpected output shape %v", t.Shape)
		}
		steps, classes := int(t.Shape[1]), int(t.Shape[2])
		for k, i := range batch {
			seq := t.Data[k*steps*classes : (k+1)*steps*classes]
			res[i].text, res[i].score = r.dict.decodeCTC(seq, steps, classes)
		}
	}
	return res, nil
}
