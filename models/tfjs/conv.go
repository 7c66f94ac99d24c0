package tfjs

import (
	"fmt"
	"math"
)

// toNCHW and toNHWC return the permutations between TF's NHWC and ONNX's NCHW.
func toNCHW() []int64 { return []int64{0, 3, 1, 2} }
func toNHWC() []int64 { return []int64{0, 2, 3, 1} }

// transpose emits a Transpose with the given permutation.
func (c *converter) transpose(base string, x *value, perm []int64) *value {
	var shape []int64
	if x.shape != nil {
		shape = make([]int64, len(perm))
		for k, p := range perm {
			shape[k] = x.shape[p]
		}
	}
	return c.emit1(base, "Transpose", []*value{x}, []onnxAttr{intsAttr("perm", perm...)}, x.dt, shape)
}

// window is the spatial geometry of a convolution or pooling.
type window struct {
	kernel, strides, dilations [2]int64
}

// padding resolves TF's padding attribute for an NHWC input to ONNX pads
// (top, left, bottom, right) and the output size. SAME pads asymmetrically,
// the extra row or column going at the end, as TF does. When the input size
// is unknown, SAME falls back to auto_pad SAME_UPPER (the same rule).
func (w window) padding(n *nodeDef, inShape []int64) (attrs []onnxAttr, out [2]int64, err error) {
	mode, err := n.attrString("padding", "VALID")
	if err != nil {
		return nil, out, err
	}
	var in [2]int64
	known := len(inShape) == 4 && inShape[1] > 0 && inShape[2] > 0
	if known {
		in = [2]int64{inShape[1], inShape[2]}
	}
	var pads [4]int64
	for k := range 2 {
		eff := (w.kernel[k]-1)*w.dilations[k] + 1
		switch mode {
		case "SAME":
			out[k] = ceilDiv(in[k], w.strides[k])
			total := max((out[k]-1)*w.strides[k]+eff-in[k], 0)
			pads[k], pads[k+2] = total/2, total-total/2
		case "VALID":
			out[k] = (in[k]-eff)/w.strides[k] + 1
		case "EXPLICIT":
			ex := n.attrInts("explicit_paddings")
			if len(ex) != 8 {
				return nil, out, unsupported(n, "explicit_paddings %v", ex)
			}
			pads[k], pads[k+2] = ex[2+2*k], ex[3+2*k]
			out[k] = (in[k]+pads[k]+pads[k+2]-eff)/w.strides[k] + 1
		default:
			return nil, out, unsupported(n, "padding %q", mode)
		}
	}
	if !known {
		out = [2]int64{-1, -1}
		if mode == "SAME" {
			return []onnxAttr{strAttr("auto_pad", "SAME_UPPER")}, out, nil
		}
		if mode == "EXPLICIT" {
			return nil, out, unsupported(n, "explicit padding needs a known input size")
		}
	}
	return []onnxAttr{intsAttr("pads", pads[0], pads[1], pads[2], pads[3])}, out, nil
}

func ceilDiv(a, b int64) int64 { return (a + b - 1) / b }

// nhwcPair reads an NHWC 4-element attribute (strides, ksize, dilations) as
// its H and W entries, defaulting to 1.
func nhwcPair(n *nodeDef, key string) ([2]int64, error) {
	v := n.attrInts(key)
	if len(v) == 0 {
		return [2]int64{1, 1}, nil
	}
	if len(v) != 4 || v[0] != 1 || v[3] != 1 || v[1] < 1 || v[2] < 1 {
		return [2]int64{}, unsupported(n, "%s %v", key, v)
	}
	return [2]int64{v[1], v[2]}, nil
}

func checkNHWC(n *nodeDef) error {
	f, err := n.attrString("data_format", "NHWC")
	if err != nil {
		return err
	}
	if f != "NHWC" {
		return unsupported(n, "data_format %s", f)
	}
	return nil
}

// convConv converts Conv2D, DepthwiseConv2dNative and their fused forms to
// Transpose -> Conv (+ activation) -> Transpose.
func convConv(depthwise bool) convFn {
	return func(c *converter, n *nodeDef, ins []*value) ([]*value, error) {
		if err := wantInputs(n, ins, 2); err != nil {
			return nil, err
		}
		x := ins[0]
		w, attrs, hw, err := convSetup(n, x, ins[1], depthwise)
		if err != nil {
			return nil, err
		}
		fused, err := parseFused(n, ins[2:])
		if err != nil {
			return nil, err
		}
		if err := fused.foldBatchNorm(n, w); err != nil {
			return nil, err
		}
		batch := int64(-1)
		if len(x.shape) == 4 {
			batch = x.shape[0]
		}
		xt := c.transpose(n.Name+"/to_nchw", x, toNCHW())
		convIns := []*value{xt, w}
		if fused.bias != nil {
			convIns = append(convIns, fused.bias)
		}
		y := c.emit1(n.Name+"/conv", "Conv", convIns, attrs, dtFloat, []int64{batch, w.c.shape[0], hw[0], hw[1]})
		y = c.activation(n, y, fused, false)
		out := c.transpose(n.Name, y, toNHWC())
		return one(c.activation(n, out, fused, true)), nil
	}
}

// convSetup checks a convolution's attributes and returns the ONNX weight,
// the Conv attributes and the output height and width.
func convSetup(n *nodeDef, x, f *value, depthwise bool) (*value, []onnxAttr, [2]int64, error) {
	var hw [2]int64
	if err := checkNHWC(n); err != nil {
		return nil, nil, hw, err
	}
	filter, err := needConst(n, f, "filter")
	if err != nil {
		return nil, nil, hw, err
	}
	if len(filter.shape) != 4 || filter.dt != dtFloat || numElements(filter.shape) == 0 {
		return nil, nil, hw, fmt.Errorf("%w: node %s: filter shape %v", ErrBadGraph, n.Name, filter.shape)
	}
	w, group := convWeights(filter, depthwise, x.shape)
	w.name = n.Name + "/kernel"
	win := window{kernel: [2]int64{filter.shape[0], filter.shape[1]}}
	if win.strides, err = nhwcPair(n, "strides"); err != nil {
		return nil, nil, hw, err
	}
	if win.dilations, err = nhwcPair(n, "dilations"); err != nil {
		return nil, nil, hw, err
	}
	attrs, hw, err := win.padding(n, x.shape)
	if err != nil {
		return nil, nil, hw, err
	}
	attrs = append(attrs, intsAttr("kernel_shape", win.kernel[:]...), intsAttr("strides", win.strides[:]...),
		intsAttr("dilations", win.dilations[:]...), intAttr("group", group))
	return w, attrs, hw, nil
}

// convWeights turns a TF filter into an ONNX Conv weight and group count.
// Conv2D: [KH,KW,I,O] -> [O,I,KH,KW]; depthwise: [KH,KW,C,M] -> [C*M,1,KH,KW]
// with group C (output channel c*M+m, as TF orders them).
func convWeights(f *tensor, depthwise bool, xShape []int64) (*value, int64) {
	kh, kw, ci, co := f.shape[0], f.shape[1], f.shape[2], f.shape[3]
	out := make([]float32, len(f.f))
	for h := range kh {
		for w := range kw {
			for i := range ci {
				for o := range co {
					src := ((h*kw+w)*ci+i)*co + o
					var dst int64
					if depthwise {
						dst = ((i*co+o)*kh+h)*kw + w
					} else {
						dst = ((o*ci+i)*kh+h)*kw + w
					}
					out[dst] = f.f[src]
				}
			}
		}
	}
	if depthwise {
		t := &tensor{dt: dtFloat, shape: []int64{ci * co, 1, kh, kw}, f: out}
		return constant("", t), ci
	}
	group := int64(1)
	if len(xShape) == 4 && xShape[3] > 0 && xShape[3] != ci && xShape[3]%ci == 0 {
		group = xShape[3] / ci
	}
	return constant("", &tensor{dt: dtFloat, shape: []int64{co, ci, kh, kw}, f: out}), group
}

// fusedOps is the parsed fused_ops of a _Fused* node: an optional bias (or
// batch norm) followed by an optional activation.
type fusedOps struct {
	bias       *value
	batchNorm  []*value // scale, offset, mean, variance
	activation string
	alpha      *value // Prelu
	leaky      float32
	epsilon    float32
}

func parseFused(n *nodeDef, args []*value) (fusedOps, error) {
	var f fusedOps
	ops, err := n.attrStrings("fused_ops")
	if err != nil {
		return f, err
	}
	f.leaky = float32(n.attrFloat("leakyrelu_alpha", 0.2))
	f.epsilon = float32(n.attrFloat("epsilon", 0.0001))
	next := func() (*value, error) {
		if len(args) == 0 {
			return nil, fmt.Errorf("%w: node %s: fused_ops %v need more inputs", ErrBadGraph, n.Name, ops)
		}
		v := args[0]
		args = args[1:]
		return v, nil
	}
	for k, op := range ops {
		switch {
		case k == 0 && op == "BiasAdd":
			if f.bias, err = next(); err != nil {
				return f, err
			}
		case k == 0 && op == "FusedBatchNorm":
			for range 4 {
				v, err := next()
				if err != nil {
					return f, err
				}
				f.batchNorm = append(f.batchNorm, v)
			}
		case k == len(ops)-1 && isActivation(op):
			f.activation = op
			if op == "Prelu" {
				if f.alpha, err = next(); err != nil {
					return f, err
				}
			}
		default:
			return f, unsupported(n, "fused_ops %v", ops)
		}
	}
	return f, nil
}

func isActivation(op string) bool {
	switch op {
	case "Relu", "Relu6", "Elu", "Sigmoid", "Tanh", "LeakyRelu", "Prelu":
		return true
	}
	return false
}

// foldBatchNorm folds a fused batch norm into the Conv weight w ([O,...]) and
// a new bias: w' = w*s, b' = offset - mean*s with s = scale/sqrt(var+eps).
func (f *fusedOps) foldBatchNorm(n *nodeDef, w *value) error {
	if f.batchNorm == nil {
		return nil
	}
	var p [4]*tensor
	for k, v := range f.batchNorm {
		t, err := needConst(n, v, "batch norm parameter")
		if err != nil {
			return err
		}
		if int64(t.len()) < w.c.shape[0] {
			return fmt.Errorf("%w: node %s: batch norm parameter has %d values for %d channels", ErrBadGraph, n.Name, t.len(), w.c.shape[0])
		}
		p[k] = t
	}
	co := w.c.shape[0]
	per := int64(len(w.c.f)) / co
	bias := make([]float32, co)
	for o := range co {
		s := p[0].at(int(o)) / math.Sqrt(p[3].at(int(o))+float64(f.epsilon))
		for k := o * per; k < (o+1)*per; k++ {
			w.c.f[k] = float32(float64(w.c.f[k]) * s)
		}
		bias[o] = float32(p[1].at(int(o)) - p[2].at(int(o))*s)
	}
	f.bias = constant(n.Name+"/bias", &tensor{dt: dtFloat, shape: []int64{co}, f: bias})
	return nil
}

// activation applies the fused activation. Prelu runs in NHWC (afterTranspose)
// because its alpha is per channel on the last axis; the rest run in NCHW,
// right after the Conv, where ONNX Runtime fuses them.
func (c *converter) activation(n *nodeDef, x *value, f fusedOps, afterTranspose bool) *value {
	if (f.activation == "Prelu") != afterTranspose || f.activation == "" {
		return x
	}
	base := n.Name + "/" + f.activation
	switch f.activation {
	case "Relu6":
		return c.clip(base, x, 0, 6)
	case "LeakyRelu":
		return c.emit1(base, "LeakyRelu", []*value{x}, []onnxAttr{floatAttr("alpha", f.leaky)}, x.dt, x.shape)
	case "Prelu":
		return c.emit1(base, "PRelu", []*value{x, f.alpha}, nil, x.dt, x.shape)
	}
	return c.emit1(base, f.activation, []*value{x}, nil, x.dt, x.shape)
}

// convPool converts MaxPool and AvgPool (TF's average ignores padding, as
// ONNX's count_include_pad=0 does).
func convPool(c *converter, n *nodeDef, ins []*value) ([]*value, error) {
	if err := wantInputs(n, ins, 1); err != nil {
		return nil, err
	}
	if err := checkNHWC(n); err != nil {
		return nil, err
	}
	var win window
	var err error
	if win.kernel, err = nhwcPair(n, "ksize"); err != nil {
		return nil, err
	}
	if win.strides, err = nhwcPair(n, "strides"); err != nil {
		return nil, err
	}
	win.dilations = [2]int64{1, 1}
	x := ins[0]
	attrs, hw, err := win.padding(n, x.shape)
	if err != nil {
		return nil, err
	}
	attrs = append(attrs, intsAttr("kernel_shape", win.kernel[:]...), intsAttr("strides", win.strides[:]...))
	op := "MaxPool"
	if n.Op == "AvgPool" {
		op = "AveragePool"
	}
	shape := []int64{-1, -1, hw[0], hw[1]}
	if len(x.shape) == 4 {
		shape = []int64{x.shape[0], x.shape[3], hw[0], hw[1]}
	}
	xt := c.transpose(n.Name+"/to_nchw", x, toNCHW())
	y := c.emit1(n.Name+"/pool", op, []*value{xt}, attrs, x.dt, shape)
	return one(c.transpose(n.Name, y, toNHWC())), nil
}
