package tfjs

import (
	"fmt"
	"math"
	"slices"
)

// normAxis maps a possibly negative axis into [0, rank).
func normAxis(n *nodeDef, axis int64, rank int) (int64, error) {
	if axis < 0 {
		axis += int64(rank)
	}
	if axis < 0 || axis >= int64(rank) {
		return 0, fmt.Errorf("%w: node %s: axis out of range for rank %d", ErrBadGraph, n.Name, rank)
	}
	return axis, nil
}

// convReduce converts Mean/Max/Min/Prod/Sum over constant axes. In opset 13
// ReduceSum takes its axes as an input; the others as an attribute.
func convReduce(c *converter, n *nodeDef, ins []*value) ([]*value, error) {
	if err := wantInputs(n, ins, 2); err != nil {
		return nil, err
	}
	x := ins[0]
	at, err := needConst(n, ins[1], "reduction axes")
	if err != nil {
		return nil, err
	}
	if x.shape == nil {
		return nil, unsupported(n, "input of unknown rank")
	}
	axes := slices.Clone(at.ints())
	for k, a := range axes {
		if axes[k], err = normAxis(n, a, len(x.shape)); err != nil {
			return nil, err
		}
	}
	keep := n.attrBool("keep_dims", false)
	var shape []int64
	for k, d := range x.shape {
		switch {
		case !slices.Contains(axes, int64(k)):
			shape = append(shape, d)
		case keep:
			shape = append(shape, 1)
		}
	}
	op := map[string]string{"Mean": "ReduceMean", "Max": "ReduceMax", "Min": "ReduceMin", "Prod": "ReduceProd", "Sum": "ReduceSum"}[n.Op]
	keepAttr := intAttr("keepdims", boolInt(keep))
	if op == "ReduceSum" {
		return one(c.emit1(n.Name, op, []*value{x, constant(n.Name+"/axes", intTensor(axes...))}, []onnxAttr{keepAttr}, x.dt, shape)), nil
	}
	return one(c.emit1(n.Name, op, []*value{x}, []onnxAttr{intsAttr("axes", axes...), keepAttr}, x.dt, shape)), nil
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// convMatMul converts MatMul/BatchMatMul and _FusedMatMul (bias + activation).
func convMatMul(c *converter, n *nodeDef, ins []*value) ([]*value, error) {
	if err := wantInputs(n, ins, 2); err != nil {
		return nil, err
	}
	a, b := ins[0], ins[1]
	var err error
	if n.attrBool("transpose_a", false) || n.attrBool("adj_x", false) {
		a = c.swapLast(n.Name+"/transpose_a", a)
	}
	if n.attrBool("transpose_b", false) || n.attrBool("adj_y", false) {
		b = c.swapLast(n.Name+"/transpose_b", b)
	}
	if a.shape == nil || b.shape == nil || len(a.shape) < 2 || len(b.shape) < 2 {
		return nil, unsupported(n, "operands of rank below 2 or unknown")
	}
	shape := slices.Clone(a.shape)
	shape[len(shape)-1] = b.shape[len(b.shape)-1]
	fused, err := parseFused(n, ins[2:])
	if err != nil {
		return nil, err
	}
	if fused.batchNorm != nil {
		return nil, unsupported(n, "FusedBatchNorm after MatMul")
	}
	if fused.bias == nil && fused.activation == "" {
		return one(c.emit1(n.Name, "MatMul", []*value{a, b}, nil, dtFloat, shape)), nil
	}
	y := c.emit1(n.Name+"/matmul", "MatMul", []*value{a, b}, nil, dtFloat, shape)
	if fused.bias != nil {
		base := n.Name
		if fused.activation != "" {
			base += "/bias"
		}
		y = c.emit1(base, "Add", []*value{y, fused.bias}, nil, dtFloat, shape)
	}
	if fused.activation == "" {
		return one(y), nil
	}
	return one(c.activation(n, c.activation(n, y, fused, false), fused, true)), nil
}

// swapLast transposes the last two axes; constants are transposed here.
func (c *converter) swapLast(base string, x *value) *value {
	r := len(x.shape)
	if r < 2 {
		return x
	}
	perm := make([]int64, r)
	for k := range perm {
		perm[k] = int64(k)
	}
	perm[r-1], perm[r-2] = perm[r-2], perm[r-1]
	if x.c != nil && r == 2 && x.dt == dtFloat {
		rows, cols := x.shape[0], x.shape[1]
		out := make([]float32, len(x.c.f))
		for i := range rows {
			for j := range cols {
				out[j*rows+i] = x.c.f[i*cols+j]
			}
		}
		return constant(base, &tensor{dt: dtFloat, shape: []int64{cols, rows}, f: out})
	}
	return c.transpose(base, x, perm)
}

// reshapeTarget resolves a TF target shape (one -1 allowed) against the input shape.
func reshapeTarget(in, target []int64) []int64 {
	out := slices.Clone(target)
	total := int64(-1)
	if in != nil && !slices.ContainsFunc(in, func(d int64) bool { return d < 0 }) {
		total = numElements(in)
	}
	known, free := int64(1), -1
	for k, d := range out {
		if d < 0 {
			free = k
		} else {
			known *= d
		}
	}
	if free >= 0 && total >= 0 && known > 0 {
		out[free] = total / known
	}
	return out
}

func convReshape(c *converter, n *nodeDef, ins []*value) ([]*value, error) {
	if err := wantInputs(n, ins, 2); err != nil {
		return nil, err
	}
	st, err := needConst(n, ins[1], "shape")
	if err != nil {
		return nil, err
	}
	x := ins[0]
	shape := reshapeTarget(x.shape, st.ints())
	if x.c != nil && !slices.Contains(shape, -1) {
		if numElements(shape) != int64(x.c.len()) {
			return nil, fmt.Errorf("%w: node %s: cannot reshape %v to %v", ErrBadGraph, n.Name, x.shape, shape)
		}
		t := *x.c
		t.shape = shape
		return one(constant(n.Name, &t)), nil
	}
	target := constant(n.Name+"/shape", intTensor(st.ints()...))
	return one(c.emit1(n.Name, "Reshape", []*value{x, target}, nil, x.dt, shape)), nil
}

func convExpandDims(c *converter, n *nodeDef, ins []*value) ([]*value, error) {
	if err := wantInputs(n, ins, 2); err != nil {
		return nil, err
	}
	dt, err := needConst(n, ins[1], "dim")
	if err != nil {
		return nil, err
	}
	x := ins[0]
	if x.shape == nil || dt.len() != 1 {
		return nil, unsupported(n, "input of unknown rank or several dims")
	}
	axis, err := normAxis(n, dt.ints()[0], len(x.shape)+1)
	if err != nil {
		return nil, err
	}
	shape := slices.Insert(slices.Clone(x.shape), int(axis), 1)
	if x.c != nil {
		t := *x.c
		t.shape = shape
		return one(constant(n.Name, &t)), nil
	}
	axes := constant(n.Name+"/axes", intTensor(axis))
	return one(c.emit1(n.Name, "Unsqueeze", []*value{x, axes}, nil, x.dt, shape)), nil
}

func convSqueeze(c *converter, n *nodeDef, ins []*value) ([]*value, error) {
	if err := wantInputs(n, ins, 1); err != nil {
		return nil, err
	}
	x := ins[0]
	if x.shape == nil {
		return nil, unsupported(n, "input of unknown rank")
	}
	var axes []int64
	for _, a := range n.attrInts("squeeze_dims") {
		k, err := normAxis(n, a, len(x.shape))
		if err != nil {
			return nil, err
		}
		axes = append(axes, k)
	}
	if len(axes) == 0 {
		for k, d := range x.shape {
			if d == 1 {
				axes = append(axes, int64(k))
			}
		}
	}
	var shape []int64
	for k, d := range x.shape {
		if !slices.Contains(axes, int64(k)) {
			shape = append(shape, d)
		}
	}
	return one(c.squeeze(n.Name, x, axes, shape)), nil
}

func (c *converter) squeeze(base string, x *value, axes, shape []int64) *value {
	ax := constant(base+"/axes", intTensor(axes...))
	return c.emit1(base, "Squeeze", []*value{x, ax}, nil, x.dt, shape)
}

func convConcat(c *converter, n *nodeDef, ins []*value) ([]*value, error) {
	if err := wantInputs(n, ins, 2); err != nil {
		return nil, err
	}
	at, err := needConst(n, ins[len(ins)-1], "axis")
	if err != nil {
		return nil, err
	}
	parts := ins[:len(ins)-1]
	first := parts[0]
	if first.shape == nil {
		return nil, unsupported(n, "input of unknown rank")
	}
	if at.len() != 1 {
		return nil, fmt.Errorf("%w: node %s: axis must be a scalar", ErrBadGraph, n.Name)
	}
	axis, err := normAxis(n, at.ints()[0], len(first.shape))
	if err != nil {
		return nil, err
	}
	shape := slices.Clone(first.shape)
	for _, p := range parts[1:] {
		if len(p.shape) != len(shape) || shape[axis] < 0 || p.shape[axis] < 0 {
			shape[axis] = -1
			continue
		}
		shape[axis] += p.shape[axis]
	}
	return one(c.emit1(n.Name, "Concat", parts, []onnxAttr{intAttr("axis", axis)}, first.dt, shape)), nil
}

// convPad converts Pad/PadV2 (constant) and MirrorPad (REFLECT only).
func convPad(c *converter, n *nodeDef, ins []*value) ([]*value, error) {
	if err := wantInputs(n, ins, 2); err != nil {
		return nil, err
	}
	pt, err := needConst(n, ins[1], "paddings")
	if err != nil {
		return nil, err
	}
	x := ins[0]
	p := pt.ints()
	rank := len(p) / 2
	if x.shape != nil && len(x.shape) != rank {
		return nil, fmt.Errorf("%w: node %s: paddings %v for rank %d", ErrBadGraph, n.Name, p, len(x.shape))
	}
	pads := make([]int64, 2*rank)
	var shape []int64
	for k := range rank {
		pads[k], pads[k+rank] = p[2*k], p[2*k+1]
		if x.shape != nil {
			d := x.shape[k]
			if d >= 0 {
				d += p[2*k] + p[2*k+1]
			}
			shape = append(shape, d)
		}
	}
	mode := "constant"
	if n.Op == "MirrorPad" {
		m, err := n.attrString("mode", "")
		if err != nil {
			return nil, err
		}
		if m != "REFLECT" {
			return nil, unsupported(n, "mode %q", m)
		}
		mode = "reflect"
	}
	pins := []*value{x, constant(n.Name+"/pads", intTensor(pads...))}
	if n.Op == "PadV2" && len(ins) > 2 {
		pins = append(pins, ins[2])
	}
	return one(c.emit1(n.Name, "Pad", pins, []onnxAttr{strAttr("mode", mode)}, x.dt, shape)), nil
}

// convResize maps ResizeBilinear / ResizeNearestNeighbor to ONNX Resize:
// align_corners -> align_corners, half_pixel_centers -> half_pixel (bilinear)
// or tf_half_pixel_for_nn (nearest), neither -> asymmetric (src = dst*in/out).
func convResize(c *converter, n *nodeDef, ins []*value) ([]*value, error) {
	if err := wantInputs(n, ins, 2); err != nil {
		return nil, err
	}
	st, err := needConst(n, ins[1], "size")
	if err != nil {
		return nil, err
	}
	x := ins[0]
	size := st.ints()
	if len(size) != 2 || len(x.shape) != 4 || x.shape[0] < 0 || x.shape[3] < 0 {
		return nil, unsupported(n, "size %v for input shape %v (batch and channels must be known)", size, x.shape)
	}
	align, half := n.attrBool("align_corners", false), n.attrBool("half_pixel_centers", false)
	attrs := []onnxAttr{}
	mode := "asymmetric"
	if n.Op == "ResizeBilinear" {
		attrs = append(attrs, strAttr("mode", "linear"))
		if half {
			mode = "half_pixel"
		}
	} else {
		attrs = append(attrs, strAttr("mode", "nearest"))
		nearest := "floor"
		if half {
			mode = "tf_half_pixel_for_nn"
		}
		if align {
			nearest = "round_prefer_ceil"
		}
		attrs = append(attrs, strAttr("nearest_mode", nearest))
	}
	if align {
		mode = "align_corners"
	}
	attrs = append(attrs, strAttr("coordinate_transformation_mode", mode))
	nchw := []int64{x.shape[0], x.shape[3], size[0], size[1]}
	xt := c.transpose(n.Name+"/to_nchw", x, toNCHW())
	sizes := constant(n.Name+"/sizes", intTensor(nchw...))
	y := c.emit1(n.Name+"/resize", "Resize", []*value{xt, nil, nil, sizes}, attrs, x.dt, nchw)
	return one(c.transpose(n.Name, y, toNHWC())), nil
}

// convStridedSlice maps StridedSlice to Slice (+ Squeeze for shrink_axis_mask).
// begin/end/strides must be constants; ellipsis and new-axis masks are not supported.
func convStridedSlice(c *converter, n *nodeDef, ins []*value) ([]*value, error) {
	if err := wantInputs(n, ins, 4); err != nil {
		return nil, err
	}
	if n.attrInt("ellipsis_mask", 0) != 0 || n.attrInt("new_axis_mask", 0) != 0 {
		return nil, unsupported(n, "ellipsis_mask or new_axis_mask")
	}
	var spec [3][]int64
	for k, what := range []string{"begin", "end", "strides"} {
		t, err := needConst(n, ins[k+1], what)
		if err != nil {
			return nil, err
		}
		spec[k] = t.ints()
	}
	x := ins[0]
	r := len(spec[0])
	if len(spec[1]) != r || len(spec[2]) != r || (x.shape != nil && len(x.shape) < r) {
		return nil, fmt.Errorf("%w: node %s: begin/end/strides lengths", ErrBadGraph, n.Name)
	}
	starts, ends, axes, steps, shrink := sliceSpec(n, spec)
	shape := slicedShape(x.shape, starts, ends, steps)
	sins := []*value{x, constant(n.Name+"/starts", intTensor(starts...)), constant(n.Name+"/ends", intTensor(ends...)),
		constant(n.Name+"/axes", intTensor(axes...)), constant(n.Name+"/steps", intTensor(steps...))}
	if len(shrink) == 0 {
		return one(c.emit1(n.Name, "Slice", sins, nil, x.dt, shape)), nil
	}
	y := c.emit1(n.Name+"/slice", "Slice", sins, nil, x.dt, shape)
	var out []int64
	for k, d := range shape {
		if !slices.Contains(shrink, int64(k)) {
			out = append(out, d)
		}
	}
	if shape == nil {
		out = nil
	}
	return one(c.squeeze(n.Name, y, shrink, out)), nil
}

// sliceSpec applies TF's begin/end/shrink masks to ONNX Slice parameters.
func sliceSpec(n *nodeDef, spec [3][]int64) (starts, ends, axes, steps, shrink []int64) {
	bm, em, sm := n.attrInt("begin_mask", 0), n.attrInt("end_mask", 0), n.attrInt("shrink_axis_mask", 0)
	for k := range spec[0] {
		b, e, s := spec[0][k], spec[1][k], spec[2][k]
		if s == 0 {
			s = 1
		}
		if bm&(1<<k) != 0 {
			b = 0
			if s < 0 {
				b = math.MaxInt64
			}
		}
		if em&(1<<k) != 0 {
			e = math.MaxInt64
			if s < 0 {
				e = math.MinInt64
			}
		}
		if sm&(1<<k) != 0 {
			e, s = b+1, 1
			if b == -1 {
				e = math.MaxInt64
			}
			shrink = append(shrink, int64(k))
		}
		starts, ends, axes, steps = append(starts, b), append(ends, e), append(axes, int64(k)), append(steps, s)
	}
	return starts, ends, axes, steps, shrink
}

// slicedShape computes Slice's output shape where the input size is known.
func slicedShape(in, starts, ends, steps []int64) []int64 {
	if in == nil {
		return nil
	}
	out := slices.Clone(in)
	for k := range starts {
		d := in[k]
		if d < 0 {
			continue
		}
		clampIdx := func(v int64, lo, hi int64) int64 {
			if v < 0 && v > math.MinInt64 {
				v += d
			}
			return min(max(v, lo), hi)
		}
		if steps[k] > 0 {
			b, e := clampIdx(starts[k], 0, d), clampIdx(ends[k], 0, d)
			out[k] = max(0, ceilDiv(e-b, steps[k]))
		} else {
			b, e := clampIdx(starts[k], -1, d-1), clampIdx(ends[k], -1, d-1)
			if ends[k] == math.MinInt64 {
				e = -1
			}
			out[k] = max(0, ceilDiv(b-e, -steps[k]))
		}
	}
	return out
}

func convGather(c *converter, n *nodeDef, ins []*value) ([]*value, error) {
	if err := wantInputs(n, ins, 3); err != nil {
		return nil, err
	}
	if n.attrInt("batch_dims", 0) != 0 {
		return nil, unsupported(n, "batch_dims")
	}
	at, err := needConst(n, ins[2], "axis")
	if err != nil {
		return nil, err
	}
	p, idx := ins[0], ins[1]
	if p.shape == nil {
		return nil, unsupported(n, "params of unknown rank")
	}
	if at.len() != 1 {
		return nil, fmt.Errorf("%w: node %s: axis must be a scalar", ErrBadGraph, n.Name)
	}
	axis, err := normAxis(n, at.ints()[0], len(p.shape))
	if err != nil {
		return nil, err
	}
	var shape []int64
	if idx.shape != nil {
		shape = append(append(slices.Clone(p.shape[:axis]), idx.shape...), p.shape[axis+1:]...)
	}
	return one(c.emit1(n.Name, "Gather", []*value{p, idx}, []onnxAttr{intAttr("axis", axis)}, p.dt, shape)), nil
}

// convTopK maps TopKV2 (last axis, largest first) to TopK; indices are int64.
func convTopK(c *converter, n *nodeDef, ins []*value) ([]*value, error) {
	if err := wantInputs(n, ins, 2); err != nil {
		return nil, err
	}
	kt, err := needConst(n, ins[1], "k")
	if err != nil {
		return nil, err
	}
	x := ins[0]
	if x.shape == nil {
		return nil, unsupported(n, "input of unknown rank")
	}
	if kt.len() != 1 || kt.ints()[0] < 0 {
		return nil, fmt.Errorf("%w: node %s: k must be a non-negative scalar", ErrBadGraph, n.Name)
	}
	k := kt.ints()[0]
	shape := slices.Clone(x.shape)
	shape[len(shape)-1] = k
	attrs := []onnxAttr{intAttr("axis", -1), intAttr("largest", 1), intAttr("sorted", 1)}
	return c.emit(n.Name, "TopK", []*value{x, constant(n.Name+"/k", intTensor(k))}, attrs,
		&value{dt: x.dt, shape: shape}, &value{dt: dtInt, shape: slices.Clone(shape)}), nil
}

func convTranspose(c *converter, n *nodeDef, ins []*value) ([]*value, error) {
	if err := wantInputs(n, ins, 2); err != nil {
		return nil, err
	}
	pt, err := needConst(n, ins[1], "perm")
	if err != nil {
		return nil, err
	}
	x := ins[0]
	perm := pt.ints()
	sorted := slices.Sorted(slices.Values(perm))
	for k, p := range sorted {
		if p != int64(k) {
			return nil, fmt.Errorf("%w: node %s: perm %v is not a permutation", ErrBadGraph, n.Name, perm)
		}
	}
	if x.shape != nil && len(x.shape) != len(perm) {
		return nil, fmt.Errorf("%w: node %s: perm %v for rank %d", ErrBadGraph, n.Name, perm, len(x.shape))
	}
	return one(c.transpose(n.Name, x, pt.ints())), nil
}

// convShape folds Shape when the input shape is fully known.
func convShape(c *converter, n *nodeDef, ins []*value) ([]*value, error) {
	if err := wantInputs(n, ins, 1); err != nil {
		return nil, err
	}
	x := ins[0]
	if x.shape != nil && !slices.ContainsFunc(x.shape, func(d int64) bool { return d < 0 }) {
		return one(constant(n.Name, intTensor(slices.Clone(x.shape)...))), nil
	}
	var shape []int64
	if x.shape != nil {
		shape = []int64{int64(len(x.shape))}
	}
	return one(c.emit1(n.Name, "Shape", []*value{x}, nil, dtInt, shape)), nil
}
