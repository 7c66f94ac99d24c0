package tfjs

import (
	"fmt"
)

// convFn converts one TF node whose inputs are already converted and returns
// its outputs in TF output order.
type convFn func(c *converter, n *nodeDef, ins []*value) ([]*value, error)

// opFunc returns the converter of a TF op.
func opFunc(op string) (convFn, bool) {
	switch op {
	case "Placeholder":
		return convPlaceholder, true
	case "Const":
		return convConst, true
	case "Identity", "StopGradient", "Snapshot":
		return convIdentity, true
	case "Add", "AddV2", "BiasAdd":
		return binaryOp("Add"), true
	case "Sub":
		return binaryOp("Sub"), true
	case "Mul":
		return binaryOp("Mul"), true
	case "RealDiv", "Div":
		return binaryOp("Div"), true
	case "Maximum":
		return binaryOp("Max"), true
	case "Minimum":
		return binaryOp("Min"), true
	case "Pow":
		return binaryOp("Pow"), true
	case "Equal":
		return binaryOp("Equal"), true
	case "Greater":
		return binaryOp("Greater"), true
	case "Less":
		return binaryOp("Less"), true
	case "FloorDiv":
		return convFloorDiv, true
	case "FloorMod":
		return convFloorMod, true
	case "Relu", "Sigmoid", "Tanh", "Exp", "Log", "Sqrt", "Neg", "Abs", "Floor", "Ceil", "Elu", "Reciprocal":
		return unaryOp(onnxUnary(op)), true
	case "Relu6":
		return convRelu6, true
	case "LeakyRelu":
		return convLeakyRelu, true
	case "Rsqrt":
		return convRsqrt, true
	case "Square":
		return convSquare, true
	case "Softmax":
		return convSoftmax, true
	case "Prelu":
		return binaryOp("PRelu"), true
	case "AddN":
		return convAddN, true
	case "Cast":
		return convCast, true
	}
	return shapeOpFunc(op)
}

// shapeOpFunc covers the layout, reduction and indexing ops.
func shapeOpFunc(op string) (convFn, bool) {
	switch op {
	case "Conv2D", "_FusedConv2D":
		return convConv(false), true
	case "DepthwiseConv2dNative", "FusedDepthwiseConv2dNative":
		return convConv(true), true
	case "MaxPool", "AvgPool":
		return convPool, true
	case "Mean", "Max", "Min", "Prod", "Sum":
		return convReduce, true
	case "MatMul", "_FusedMatMul", "BatchMatMul", "BatchMatMulV2":
		return convMatMul, true
	case "Reshape":
		return convReshape, true
	case "ExpandDims":
		return convExpandDims, true
	case "Squeeze":
		return convSqueeze, true
	case "ConcatV2":
		return convConcat, true
	case "Pad", "PadV2", "MirrorPad":
		return convPad, true
	case "ResizeBilinear", "ResizeNearestNeighbor":
		return convResize, true
	case "StridedSlice":
		return convStridedSlice, true
	case "GatherV2":
		return convGather, true
	case "TopKV2":
		return convTopK, true
	case "Transpose":
		return convTranspose, true
	case "Shape":
		return convShape, true
	}
	return nil, false
}

func onnxUnary(op string) string {
	switch op {
	case "Relu", "Sigmoid", "Tanh", "Exp", "Log", "Sqrt", "Neg", "Abs", "Floor", "Ceil", "Elu", "Reciprocal":
		return op
	}
	return ""
}

func one(v *value) []*value { return []*value{v} }

func wantInputs(n *nodeDef, ins []*value, k int) error {
	if len(ins) < k {
		return fmt.Errorf("%w: node %s (%s) has %d inputs, want %d", ErrBadGraph, n.Name, n.Op, len(ins), k)
	}
	return nil
}

// needConst returns the constant behind v or an error naming what needed it.
func needConst(n *nodeDef, v *value, what string) (*tensor, error) {
	if v.c == nil {
		return nil, unsupported(n, "%s must be a constant", what)
	}
	return v.c, nil
}

func convPlaceholder(c *converter, n *nodeDef, _ []*value) ([]*value, error) {
	dt, err := tfDtype(n.attrType("dtype"))
	if err != nil {
		return nil, fmt.Errorf("%w: placeholder %s: %w", ErrBadGraph, n.Name, err)
	}
	var shape []int64
	if a, ok := n.Attr["shape"]; ok && a.Shape != nil {
		shape = a.Shape.dims()
	}
	if s, ok := c.opts.Inputs[n.Name]; ok {
		shape = append([]int64{}, s...)
	}
	c.names[n.Name] = true
	c.g.inputs = append(c.g.inputs, onnxValueInfo{name: n.Name, elem: dt.onnx(), shape: shape})
	return one(&value{name: n.Name, dt: dt, shape: shape}), nil
}

func convConst(c *converter, n *nodeDef, _ []*value) ([]*value, error) {
	t, ok := c.weights[n.Name]
	if !ok {
		return nil, fmt.Errorf("%w: constant %s is not in the weights manifest", ErrBadWeights, n.Name)
	}
	return one(constant(n.Name, t)), nil
}

func convIdentity(_ *converter, n *nodeDef, ins []*value) ([]*value, error) {
	if err := wantInputs(n, ins, 1); err != nil {
		return nil, err
	}
	return one(ins[0]), nil
}

func unaryOp(op string) convFn {
	return func(c *converter, n *nodeDef, ins []*value) ([]*value, error) {
		if err := wantInputs(n, ins, 1); err != nil {
			return nil, err
		}
		x := ins[0]
		return one(c.emit1(n.Name, op, ins[:1], nil, x.dt, x.shape)), nil
	}
}

func convRelu6(c *converter, n *nodeDef, ins []*value) ([]*value, error) {
	if err := wantInputs(n, ins, 1); err != nil {
		return nil, err
	}
	return one(c.clip(n.Name, ins[0], 0, 6)), nil
}

// clip emits Clip(x, lo, hi) (opset 13 takes the bounds as inputs).
func (c *converter) clip(base string, x *value, lo, hi float32) *value {
	ins := []*value{x, constant(base+"/clip_min", floatScalar(lo)), constant(base+"/clip_max", floatScalar(hi))}
	return c.emit1(base, "Clip", ins, nil, x.dt, x.shape)
}

func convLeakyRelu(c *converter, n *nodeDef, ins []*value) ([]*value, error) {
	if err := wantInputs(n, ins, 1); err != nil {
		return nil, err
	}
	alpha := floatAttr("alpha", float32(n.attrFloat("alpha", 0.2)))
	return one(c.emit1(n.Name, "LeakyRelu", ins[:1], []onnxAttr{alpha}, ins[0].dt, ins[0].shape)), nil
}

func convRsqrt(c *converter, n *nodeDef, ins []*value) ([]*value, error) {
	if err := wantInputs(n, ins, 1); err != nil {
		return nil, err
	}
	s := c.emit1(n.Name+"/sqrt", "Sqrt", ins[:1], nil, ins[0].dt, ins[0].shape)
	return one(c.emit1(n.Name, "Reciprocal", []*value{s}, nil, s.dt, s.shape)), nil
}

func convSquare(c *converter, n *nodeDef, ins []*value) ([]*value, error) {
	if err := wantInputs(n, ins, 1); err != nil {
		return nil, err
	}
	return one(c.emit1(n.Name, "Mul", []*value{ins[0], ins[0]}, nil, ins[0].dt, ins[0].shape)), nil
}

func convSoftmax(c *converter, n *nodeDef, ins []*value) ([]*value, error) {
	if err := wantInputs(n, ins, 1); err != nil {
		return nil, err
	}
	return one(c.emit1(n.Name, "Softmax", ins[:1], []onnxAttr{intAttr("axis", -1)}, ins[0].dt, ins[0].shape)), nil
}

func convCast(c *converter, n *nodeDef, ins []*value) ([]*value, error) {
	if err := wantInputs(n, ins, 1); err != nil {
		return nil, err
	}
	dt, err := tfDtype(n.attrType("DstT"))
	if err != nil {
		return nil, unsupported(n, "%v", err)
	}
	x := ins[0]
	if x.c != nil {
		return one(constant(n.Name, castTensor(x.c, dt))), nil
	}
	if x.dt == dt {
		return one(x), nil
	}
	return one(c.emit1(n.Name, "Cast", ins[:1], []onnxAttr{intAttr("to", int64(dt.onnx()))}, dt, x.shape)), nil
}

func castTensor(t *tensor, dt dtype) *tensor {
	vals := t.floats()
	if dt == dtInt {
		for k, v := range vals {
			vals[k] = float64(int64(v)) // TF truncates toward zero
		}
	}
	return newTensor(dt, t.shape, vals)
}

// convAddN sums its inputs (same shapes) with ONNX Sum.
func convAddN(c *converter, n *nodeDef, ins []*value) ([]*value, error) {
	if err := wantInputs(n, ins, 1); err != nil {
		return nil, err
	}
	shape := ins[0].shape
	for _, v := range ins[1:] {
		var err error
		if shape, err = broadcastShapes(shape, v.shape); err != nil {
			return nil, fmt.Errorf("%w: node %s: %w", ErrBadGraph, n.Name, err)
		}
	}
	return one(c.emit1(n.Name, "Sum", ins, nil, ins[0].dt, shape)), nil
}
