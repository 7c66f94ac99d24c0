package tfjs

import (
	"fmt"
	"math"
)

// binaryOp converts a broadcasting binary TF op to the ONNX op of the same
// meaning, folding it when both inputs are constants.
func binaryOp(op string) convFn {
	return func(c *converter, n *nodeDef, ins []*value) ([]*value, error) {
		a, b, shape, err := operands(n, ins)
		if err != nil {
			return nil, err
		}
		dt := a.dt
		if op == "Equal" || op == "Greater" || op == "Less" {
			dt = dtBool
		}
		if a.c != nil && b.c != nil {
			if f := foldFunc(op); f != nil {
				return one(constant(n.Name, broadcastEval(a.c, b.c, shape, dt, f))), nil
			}
		}
		return one(c.emit1(n.Name, op, []*value{a, b}, nil, dt, shape)), nil
	}
}

// foldFunc returns the scalar function of an ONNX binary op, for folding.
func foldFunc(op string) func(x, y float64) float64 {
	b2f := func(b bool) float64 {
		if b {
			return 1
		}
		return 0
	}
	switch op {
	case "Add":
		return func(x, y float64) float64 { return x + y }
	case "Sub":
		return func(x, y float64) float64 { return x - y }
	case "Mul":
		return func(x, y float64) float64 { return x * y }
	case "Max":
		return math.Max
	case "Min":
		return math.Min
	case "Equal":
		return func(x, y float64) float64 { return b2f(x == y) }
	case "Greater":
		return func(x, y float64) float64 { return b2f(x > y) }
	case "Less":
		return func(x, y float64) float64 { return b2f(x < y) }
	}
	return nil
}

// operands checks a binary node's two inputs and returns them with their broadcast shape.
func operands(n *nodeDef, ins []*value) (a, b *value, shape []int64, err error) {
	if err := wantInputs(n, ins, 2); err != nil {
		return nil, nil, nil, err
	}
	a, b = ins[0], ins[1]
	if shape, err = broadcastShapes(a.shape, b.shape); err != nil {
		return nil, nil, nil, fmt.Errorf("%w: node %s: %w", ErrBadGraph, n.Name, err)
	}
	return a, b, shape, nil
}

// broadcastShapes applies numpy broadcasting; unknown dimensions (-1) stay
// unknown unless the other side fixes them; nil (unknown rank) propagates.
func broadcastShapes(a, b []int64) ([]int64, error) {
	if a == nil || b == nil {
		return nil, nil
	}
	n := max(len(a), len(b))
	out := make([]int64, n)
	for k := range n {
		da, db := dimFromEnd(a, n-1-k), dimFromEnd(b, n-1-k)
		switch {
		case da == db:
			out[k] = da
		case da == 1:
			out[k] = db
		case db == 1:
			out[k] = da
		case da < 0:
			out[k] = db
		case db < 0:
			out[k] = da
		default:
			return nil, fmt.Errorf("shapes %v and %v do not broadcast", a, b)
		}
	}
	return out, nil
}

// dimFromEnd returns dimension len(s)-1-k counted from the end, or 1 past the front.
func dimFromEnd(s []int64, k int) int64 {
	i := len(s) - 1 - k
	if i < 0 {
		return 1
	}
	return s[i]
}

// broadcastEval evaluates f elementwise over two constants.
func broadcastEval(a, b *tensor, shape []int64, dt dtype, f func(x, y float64) float64) *tensor {
	n := numElements(shape)
	ia, ib := broadcastIndex(a.shape, shape), broadcastIndex(b.shape, shape)
	vals := make([]float64, n)
	for k := range vals {
		vals[k] = f(a.at(ia(k)), b.at(ib(k)))
	}
	if dt == dtInt {
		for k, v := range vals {
			vals[k] = math.Trunc(v)
		}
	}
	return newTensor(dt, shape, vals)
}

// broadcastIndex maps a flat index of the output shape to the flat index of
// an input of shape in that broadcasts to it.
func broadcastIndex(in, out []int64) func(int) int {
	strides := make([]int, len(out))
	s := 1
	for k := len(out) - 1; k >= 0; k-- {
		j := k - (len(out) - len(in))
		if j >= 0 && in[j] != 1 {
			strides[k] = s
			s *= int(in[j])
		}
	}
	return func(flat int) int {
		idx := 0
		for k := len(out) - 1; k >= 0; k-- {
			d := int(out[k])
			idx += (flat % d) * strides[k]
			flat /= d
		}
		return idx
	}
}

// convFloorDiv: integers use (a - floormod(a,b)) / b, which is exact for
// negative operands too; floats use Floor(a / b).
func convFloorDiv(c *converter, n *nodeDef, ins []*value) ([]*value, error) {
	a, b, shape, err := operands(n, ins)
	if err != nil {
		return nil, err
	}
	if a.c != nil && b.c != nil {
		return one(constant(n.Name, broadcastEval(a.c, b.c, shape, a.dt, func(x, y float64) float64 { return math.Floor(x / y) }))), nil
	}
	if a.dt == dtInt {
		mod := c.emit1(n.Name+"/mod", "Mod", []*value{a, b}, []onnxAttr{intAttr("fmod", 0)}, a.dt, shape)
		sub := c.emit1(n.Name+"/sub", "Sub", []*value{a, mod}, nil, a.dt, shape)
		return one(c.emit1(n.Name, "Div", []*value{sub, b}, nil, a.dt, shape)), nil
	}
	div := c.emit1(n.Name+"/div", "Div", []*value{a, b}, nil, a.dt, shape)
	return one(c.emit1(n.Name, "Floor", []*value{div}, nil, a.dt, shape)), nil
}

// convFloorMod: ONNX Mod with fmod=0 is TF's floor modulo for integers;
// floats use a - floor(a/b)*b.
func convFloorMod(c *converter, n *nodeDef, ins []*value) ([]*value, error) {
	a, b, shape, err := operands(n, ins)
	if err != nil {
		return nil, err
	}
	if a.c != nil && b.c != nil {
		f := func(x, y float64) float64 { return x - math.Floor(x/y)*y }
		return one(constant(n.Name, broadcastEval(a.c, b.c, shape, a.dt, f))), nil
	}
	if a.dt == dtInt {
		return one(c.emit1(n.Name, "Mod", []*value{a, b}, []onnxAttr{intAttr("fmod", 0)}, a.dt, shape)), nil
	}
	div := c.emit1(n.Name+"/div", "Div", []*value{a, b}, nil, a.dt, shape)
	fl := c.emit1(n.Name+"/floor", "Floor", []*value{div}, nil, a.dt, shape)
	mul := c.emit1(n.Name+"/mul", "Mul", []*value{fl, b}, nil, a.dt, shape)
	return one(c.emit1(n.Name, "Sub", []*value{a, mul}, nil, a.dt, shape)), nil
}
