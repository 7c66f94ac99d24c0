package tfjs

import (
	"encoding/binary"
	"errors"
	"math"
	"testing"
)

func TestHalfToFloat(t *testing.T) {
	tests := []struct {
		in   uint16
		want float32
	}{
		{0x0000, 0},
		{0x3c00, 1},
		{0xc000, -2},
		{0x3555, 0.33325195},
		{0x7bff, 65504},
		{0x0001, 5.9604645e-08}, // smallest subnormal, 2^-24
		{0x03ff, 6.0975552e-05}, // largest subnormal
		{0x0400, 6.1035156e-05}, // smallest normal
		{0x7c00, float32(math.Inf(1))},
		{0xfc00, float32(math.Inf(-1))},
	}
	for _, tt := range tests {
		if got := halfToFloat(tt.in); got != tt.want {
			t.Errorf("halfToFloat(%#04x) = %v, want %v", tt.in, got, tt.want)
		}
	}
	if got := halfToFloat(0x8000); got != 0 || !math.Signbit(float64(got)) {
		t.Errorf("halfToFloat(0x8000) = %v, want -0", got)
	}
	if got := halfToFloat(0x7e00); !math.IsNaN(float64(got)) {
		t.Errorf("halfToFloat(0x7e00) = %v, want NaN", got)
	}
}

// TestHalfToFloatAll checks every finite binary16 value against the
// definition sign * 2^(e-15) * (1 + f/1024), or sign * f * 2^-24 when e = 0.
func TestHalfToFloatAll(t *testing.T) {
	for h := range 1 << 16 {
		e, f := (h>>10)&0x1f, h&0x3ff
		if e == 0x1f {
			continue
		}
		want := math.Ldexp(float64(f), -24)
		if e != 0 {
			want = math.Ldexp(1+float64(f)/1024, e-15)
		}
		if h&0x8000 != 0 {
			want = -want
		}
		if got := halfToFloat(uint16(h)); float64(got) != want {
			t.Fatalf("halfToFloat(%#04x) = %v, want %v", h, got, want)
		}
	}
}

func f64(v float64) *float64 { return &v }

func le32(vals ...uint32) []byte {
	var b []byte
	for _, v := range vals {
		b = binary.LittleEndian.AppendUint32(b, v)
	}
	return b
}

func TestDecodeWeight(t *testing.T) {
	tests := []struct {
		name  string
		spec  weightSpec
		data  []byte
		want  []float64
		used  int
		isErr error
	}{
		{name: "float32", spec: weightSpec{Name: "w", Shape: []int64{2}, Dtype: "float32"},
			data: le32(math.Float32bits(1.5), math.Float32bits(-2)), want: []float64{1.5, -2}, used: 8},
		{name: "int32", spec: weightSpec{Name: "w", Shape: []int64{2}, Dtype: "int32"},
			data: le32(7, 0xffffffff), want: []float64{7, -1}, used: 8},
		{name: "bool", spec: weightSpec{Name: "w", Shape: []int64{3}, Dtype: "bool"},
			data: []byte{1, 0, 1}, want: []float64{1, 0, 1}, used: 3},
		{name: "scalar", spec: weightSpec{Name: "w", Shape: []int64{}, Dtype: "float32"},
			data: le32(math.Float32bits(3), 99), want: []float64{3}, used: 4},
		{name: "uint8", spec: weightSpec{Name: "w", Shape: []int64{3}, Dtype: "float32",
			Quantization: &quantization{Dtype: "uint8", Min: f64(-1), Scale: f64(0.5)}},
			data: []byte{0, 2, 255}, want: []float64{-1, 0, 126.5}, used: 3},
		{name: "uint16", spec: weightSpec{Name: "w", Shape: []int64{2}, Dtype: "float32",
			Quantization: &quantization{Dtype: "uint16", Min: f64(10), Scale: f64(0.25)}},
			data: []byte{4, 0, 0, 1}, want: []float64{11, 74}, used: 4},
		{name: "uint8 int32 rounds", spec: weightSpec{Name: "w", Shape: []int64{2}, Dtype: "int32",
			Quantization: &quantization{Dtype: "uint8", Min: f64(0), Scale: f64(0.6)}},
			data: []byte{1, 5}, want: []float64{1, 3}, used: 2},
		{name: "float16", spec: weightSpec{Name: "w", Shape: []int64{1, 2}, Dtype: "float32",
			Quantization: &quantization{Dtype: "float16"}},
			data: []byte{0x00, 0x3c, 0x00, 0xc0}, want: []float64{1, -2}, used: 4},
		{name: "short", spec: weightSpec{Name: "w", Shape: []int64{3}, Dtype: "float32"},
			data: le32(1, 2), isErr: ErrBadWeights},
		{name: "negative dim", spec: weightSpec{Name: "w", Shape: []int64{-1}, Dtype: "float32"},
			isErr: ErrBadWeights},
		{name: "huge", spec: weightSpec{Name: "w", Shape: []int64{1 << 20, 1 << 20}, Dtype: "float32"},
			isErr: ErrBadWeights},
		{name: "string dtype", spec: weightSpec{Name: "w", Shape: []int64{1}, Dtype: "string"},
			data: []byte{0, 0, 0, 0}, isErr: ErrBadWeights},
		{name: "uint8 without scale", spec: weightSpec{Name: "w", Shape: []int64{1}, Dtype: "float32",
			Quantization: &quantization{Dtype: "uint8"}}, data: []byte{1}, isErr: ErrBadWeights},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, used, err := decodeWeight(tt.spec, tt.data)
			if tt.isErr != nil {
				if !errors.Is(err, tt.isErr) {
					t.Fatalf("decodeWeight() error = %v, want %v", err, tt.isErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if used != tt.used {
				t.Errorf("decodeWeight() used %d bytes, want %d", used, tt.used)
			}
			vals := got.floats()
			if len(vals) != len(tt.want) {
				t.Fatalf("decodeWeight() = %v, want %v", vals, tt.want)
			}
			for k := range vals {
				if vals[k] != tt.want[k] {
					t.Errorf("decodeWeight()[%d] = %v, want %v", k, vals[k], tt.want[k])
				}
			}
		})
	}
}

func TestDecodeWeightsShards(t *testing.T) {
	groups := []weightGroup{{
		Paths: []string{"a.bin", "b.bin"},
		Weights: []weightSpec{
			{Name: "x", Shape: []int64{2}, Dtype: "float32"},
			{Name: "y", Shape: []int64{1}, Dtype: "int32"},
		},
	}}
	all := le32(math.Float32bits(1), math.Float32bits(2), 5)
	shards := map[string][]byte{"a.bin": all[:3], "b.bin": all[3:]}
	w, err := decodeWeights(groups, func(p string) ([]byte, error) { return shards[p], nil })
	if err != nil {
		t.Fatal(err)
	}
	if got := w["x"].f; len(got) != 2 || got[0] != 1 || got[1] != 2 {
		t.Errorf("x = %v, want [1 2] (a weight spanning two shards)", got)
	}
	if got := w["y"].i; len(got) != 1 || got[0] != 5 {
		t.Errorf("y = %v, want [5]", got)
	}
}

// FuzzDecodeWeights feeds arbitrary shard bytes and quantisation settings:
// decoding must never panic, and what it returns must have the declared size
// and, for affine quantisation, lie in [min, min + qmax*scale].
func FuzzDecodeWeights(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7}, uint8(0), uint8(2), -1.0, 0.5)
	f.Add([]byte{0x00, 0x3c, 0xff, 0x7b}, uint8(2), uint8(2), 0.0, 0.0)
	f.Add([]byte{1, 2, 3}, uint8(1), uint8(4), 3.0, 0.001)
	f.Fuzz(func(t *testing.T, data []byte, kind, n uint8, min, scale float64) {
		kinds := []struct {
			dtype string
			q     *quantization
		}{
			{dtype: "float32"},
			{dtype: "float32", q: &quantization{Dtype: "uint8", Min: &min, Scale: &scale}},
			{dtype: "float32", q: &quantization{Dtype: "float16"}},
			{dtype: "float32", q: &quantization{Dtype: "uint16", Min: &min, Scale: &scale}},
			{dtype: "int32"},
			{dtype: "bool"},
		}
		k := kinds[int(kind)%len(kinds)]
		spec := weightSpec{Name: "w", Shape: []int64{int64(n % 16)}, Dtype: k.dtype, Quantization: k.q}
		groups := []weightGroup{{Paths: []string{"s"}, Weights: []weightSpec{spec, spec}}}
		w, err := decodeWeights(groups, func(string) ([]byte, error) { return data, nil })
		if err != nil {
			if !errors.Is(err, ErrBadWeights) {
				t.Fatalf("error %v is not ErrBadWeights", err)
			}
			return
		}
		got := w["w"]
		if got.len() != int(n%16) {
			t.Fatalf("decoded %d values, want %d", got.len(), n%16)
		}
		if k.q == nil || k.q.Dtype == "float16" || math.IsNaN(min) || math.IsNaN(scale) || math.IsInf(min, 0) || math.IsInf(scale, 0) {
			return
		}
		qmax := 255.0
		if k.q.Dtype == "uint16" {
			qmax = 65535
		}
		lo, hi := math.Min(min, min+qmax*scale), math.Max(min, min+qmax*scale)
		for _, v := range got.f {
			if float64(v) < float64(float32(lo))-1e-6*math.Abs(lo) || float64(v) > float64(float32(hi))+1e-6*math.Abs(hi) {
				t.Fatalf("value %v outside [%v, %v]", v, lo, hi)
			}
		}
	})
}
