package tfjs

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// ErrBadWeights is returned when the weight shards do not match the manifest.
var ErrBadWeights = errors.New("tfjs: weights do not match manifest")

// weightGroup is one entry of weightsManifest: shards read in order and
// concatenated hold the weights one after another.
type weightGroup struct {
	Paths   []string     `json:"paths"`
	Weights []weightSpec `json:"weights"`
}

// weightSpec describes one weight tensor inside a group.
type weightSpec struct {
	Name         string        `json:"name"`
	Shape        []int64       `json:"shape"`
	Dtype        string        `json:"dtype"`
	Quantization *quantization `json:"quantization"`
}

// quantization is how a weight is stored: uint8/uint16 affine (value =
// q*scale + min) or float16.
type quantization struct {
	Dtype         string   `json:"dtype"`
	Min           *float64 `json:"min"`
	Scale         *float64 `json:"scale"`
	OriginalDtype string   `json:"original_dtype"`
}

// maxWeightElements caps a single weight so a hostile manifest cannot make us
// allocate without bound (the shard length caps it too).
const maxWeightElements = 1 << 28

// decodeWeights reads every group's shards through read and decodes all weights.
func decodeWeights(groups []weightGroup, read func(path string) ([]byte, error)) (map[string]*tensor, error) {
	out := make(map[string]*tensor)
	for _, g := range groups {
		var buf []byte
		for _, p := range g.Paths {
			b, err := read(p)
			if err != nil {
				return nil, fmt.Errorf("tfjs: weights %s: %w", p, err)
			}
			buf = append(buf, b...)
		}
		for _, w := range g.Weights {
			t, n, err := decodeWeight(w, buf)
			if err != nil {
				return nil, err
			}
			out[w.Name] = t
			buf = buf[n:]
		}
	}
	return out, nil
}

// decodeWeight decodes one weight from the front of data and returns it with
// the number of bytes it used.
func decodeWeight(w weightSpec, data []byte) (*tensor, int, error) {
	n := int64(1)
	for _, d := range w.Shape {
		if d < 0 || (d > 0 && n > maxWeightElements/d) {
			return nil, 0, fmt.Errorf("%w: %s: bad shape %v", ErrBadWeights, w.Name, w.Shape)
		}
		n *= d
	}
	dt, err := tfDtype(w.Dtype)
	if err != nil {
		return nil, 0, fmt.Errorf("%w: %s: %w", ErrBadWeights, w.Name, err)
	}
	width, err := storedWidth(w)
	if err != nil {
		return nil, 0, err
	}
	size := int(n) * width
	if size > len(data) {
		return nil, 0, fmt.Errorf("%w: %s needs %d bytes, %d left", ErrBadWeights, w.Name, size, len(data))
	}
	vals := make([]float64, n)
	if err := decodeValues(w, data[:size], vals); err != nil {
		return nil, 0, err
	}
	if dt == dtInt && w.Quantization != nil {
		for k, v := range vals {
			vals[k] = math.Round(v)
		}
	}
	return newTensor(dt, append([]int64{}, w.Shape...), vals), size, nil
}

// storedWidth is the number of bytes one element takes in the shard.
func storedWidth(w weightSpec) (int, error) {
	if q := w.Quantization; q != nil {
		switch q.Dtype {
		case "uint8":
			return 1, nil
		case "uint16", "float16":
			return 2, nil
		}
		return 0, fmt.Errorf("%w: %s: unsupported quantization %q", ErrBadWeights, w.Name, q.Dtype)
	}
	switch w.Dtype {
	case "float32", "int32":
		return 4, nil
	case "bool":
		return 1, nil
	}
	return 0, fmt.Errorf("%w: %s: unsupported dtype %q", ErrBadWeights, w.Name, w.Dtype)
}

func decodeValues(w weightSpec, data []byte, vals []float64) error {
	q := w.Quantization
	if q == nil {
		for k := range vals {
			switch w.Dtype {
			case "float32":
				vals[k] = float64(math.Float32frombits(binary.LittleEndian.Uint32(data[4*k:])))
			case "int32":
				vals[k] = float64(int32(binary.LittleEndian.Uint32(data[4*k:])))
			default: // bool
				vals[k] = float64(data[k])
			}
		}
		return nil
	}
	if q.Dtype == "float16" {
		for k := range vals {
			vals[k] = float64(halfToFloat(binary.LittleEndian.Uint16(data[2*k:])))
		}
		return nil
	}
	if q.Min == nil || q.Scale == nil {
		return fmt.Errorf("%w: %s: %s quantization without min and scale", ErrBadWeights, w.Name, q.Dtype)
	}
	// TF.js computes q*scale + min in float64 and stores it in a Float32Array.
	scale, min := *q.Scale, *q.Min
	for k := range vals {
		var v uint16
		if q.Dtype == "uint8" {
			v = uint16(data[k])
		} else {
			v = binary.LittleEndian.Uint16(data[2*k:])
		}
		vals[k] = float64(v)*scale + min
		if w.Dtype == "float32" {
			vals[k] = float64(float32(vals[k]))
		}
	}
	return nil
}

// halfToFloat converts an IEEE 754 binary16 value to float32 exactly,
// including subnormals, infinities and NaN.
func halfToFloat(h uint16) float32 {
	sign := uint32(h>>15) << 31
	exp := uint32(h>>10) & 0x1f
	frac := uint32(h) & 0x3ff
	switch {
	case exp == 0x1f: // inf or NaN
		return math.Float32frombits(sign | 0x7f800000 | frac<<13)
	case exp != 0: // normal
		return math.Float32frombits(sign | (exp+127-15)<<23 | frac<<13)
	case frac == 0: // signed zero
		return math.Float32frombits(sign)
	}
	// subnormal: frac * 2^-24
	v := float32(frac) * float32(math.Ldexp(1, -24))
	if sign != 0 {
		v = -v
	}
	return v
}
