package tfjs

import (
	"encoding/binary"
	"fmt"
	"math"
)

// dtype is the element type of a value in the converted graph. TF int32 is
// widened to int64 because ONNX shape and index inputs are int64.
type dtype int

const (
	dtUnknown dtype = iota
	dtFloat
	dtInt
	dtBool
)

func (d dtype) onnx() int32 {
	switch d {
	case dtInt:
		return onnxInt64
	case dtBool:
		return onnxBool
	default:
		return onnxFloat
	}
}

func (d dtype) String() string {
	return [...]string{"unknown", "float32", "int64", "bool"}[d]
}

// tfDtype maps a TF DataType enum name to ours.
func tfDtype(s string) (dtype, error) {
	switch s {
	case "DT_FLOAT", "DT_HALF", "DT_DOUBLE", "float32":
		return dtFloat, nil
	case "DT_INT32", "DT_INT64", "DT_INT16", "DT_INT8", "DT_UINT8", "int32":
		return dtInt, nil
	case "DT_BOOL", "bool":
		return dtBool, nil
	}
	return dtUnknown, fmt.Errorf("tfjs: unsupported dtype %q", s)
}

// tensor is a constant known at conversion time.
type tensor struct {
	dt    dtype
	shape []int64
	f     []float32
	i     []int64
	b     []bool
}

func numElements(shape []int64) int64 {
	n := int64(1)
	for _, d := range shape {
		n *= d
	}
	return n
}

func (t *tensor) len() int {
	switch t.dt {
	case dtInt:
		return len(t.i)
	case dtBool:
		return len(t.b)
	default:
		return len(t.f)
	}
}

// raw returns the ONNX raw_data bytes (little-endian) of the tensor.
func (t *tensor) raw() []byte {
	switch t.dt {
	case dtInt:
		b := make([]byte, 0, 8*len(t.i))
		for _, v := range t.i {
			b = binary.LittleEndian.AppendUint64(b, uint64(v))
		}
		return b
	case dtBool:
		b := make([]byte, len(t.b))
		for k, v := range t.b {
			if v {
				b[k] = 1
			}
		}
		return b
	default:
		b := make([]byte, 0, 4*len(t.f))
		for _, v := range t.f {
			b = binary.LittleEndian.AppendUint32(b, math.Float32bits(v))
		}
		return b
	}
}

// floats returns the values as float64 whatever the dtype.
func (t *tensor) floats() []float64 {
	out := make([]float64, t.len())
	for k := range out {
		out[k] = t.at(k)
	}
	return out
}

func (t *tensor) at(k int) float64 {
	switch t.dt {
	case dtInt:
		return float64(t.i[k])
	case dtBool:
		if t.b[k] {
			return 1
		}
		return 0
	default:
		return float64(t.f[k])
	}
}

// ints returns the values as int64 (floats truncated).
func (t *tensor) ints() []int64 {
	if t.dt == dtInt {
		return t.i
	}
	out := make([]int64, t.len())
	for k := range out {
		out[k] = int64(t.at(k))
	}
	return out
}

// newTensor builds a tensor of dtype dt from float64 values.
func newTensor(dt dtype, shape []int64, vals []float64) *tensor {
	t := &tensor{dt: dt, shape: shape}
	switch dt {
	case dtInt:
		t.i = make([]int64, len(vals))
		for k, v := range vals {
			t.i[k] = int64(v)
		}
	case dtBool:
		t.b = make([]bool, len(vals))
		for k, v := range vals {
			t.b[k] = v != 0
		}
	default:
		t.f = make([]float32, len(vals))
		for k, v := range vals {
			t.f[k] = float32(v)
		}
	}
	return t
}

func intTensor(vals ...int64) *tensor {
	return &tensor{dt: dtInt, shape: []int64{int64(len(vals))}, i: vals}
}

func floatScalar(v float32) *tensor {
	return &tensor{dt: dtFloat, shape: []int64{}, f: []float32{v}}
}
