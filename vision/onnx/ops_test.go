//go:build cgo

package onnx

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"sajin/models/tfjs"
	"sajin/models/tfjs/tfjstest"
)

// Op-level checks: small TF graphs are converted and run in ONNX Runtime,
// and the result is compared with TF semantics computed here in Go.

func runGraph(t *testing.T, g *tfjstest.Graph, in Tensor, outputs ...string) map[string]Tensor {
	t.Helper()
	needRuntime(t)
	model, err := tfjs.Convert(g.JSON(), g.Weights, tfjs.Options{Outputs: outputs})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "m.onnx")
	if err := os.WriteFile(path, model, 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := NewSession(path, []string{"x"}, outputs, SessionOptions{IntraOpThreads: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	out, err := s.Run(t.Context(), map[string]Tensor{"x": in})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func ramp(n int, scale, offset float32) []float32 {
	v := make([]float32, n)
	for k := range v {
		v[k] = float32(k)*scale + offset
	}
	return v
}

func assertClose(t *testing.T, what string, got Tensor, shape []int64, want []float32) {
	t.Helper()
	if len(got.Shape) != len(shape) {
		t.Fatalf("%s: shape %v, want %v", what, got.Shape, shape)
	}
	for k := range shape {
		if got.Shape[k] != shape[k] {
			t.Fatalf("%s: shape %v, want %v", what, got.Shape, shape)
		}
	}
	for k := range want {
		if math.Abs(float64(got.Data[k]-want[k])) > 1e-4*(1+math.Abs(float64(want[k]))) {
			t.Fatalf("%s: [%d] = %v, want %v\n got %v\nwant %v", what, k, got.Data[k], want[k], got.Data, want)
		}
	}
}

// tfConv is a direct NHWC convolution with TF SAME padding (extra at the end).
func tfConv(x []float32, h, w, c int, k []float32, kh, kw, co int, stride int, depthwise bool) ([]float32, int, int) {
	oh, ow := (h+stride-1)/stride, (w+stride-1)/stride
	pt := max((oh-1)*stride+kh-h, 0) / 2
	pl := max((ow-1)*stride+kw-w, 0) / 2
	cout := co
	if depthwise {
		cout = c * co
	}
	out := make([]float32, oh*ow*cout)
	for y := range oh {
		for xx := range ow {
			for o := range cout {
				var sum float32
				for i := range kh {
					for j := range kw {
						sy, sx := y*stride+i-pt, xx*stride+j-pl
						if sy < 0 || sy >= h || sx < 0 || sx >= w {
							continue
						}
						if depthwise {
							ci, m := o/co, o%co
							sum += x[(sy*w+sx)*c+ci] * k[((i*kw+j)*c+ci)*co+m]
							continue
						}
						for ci := range c {
							sum += x[(sy*w+sx)*c+ci] * k[((i*kw+j)*c+ci)*co+o]
						}
					}
				}
				out[(y*ow+xx)*cout+o] = sum
			}
		}
	}
	return out, oh, ow
}

func TestOpConvSame(t *testing.T) {
	tests := []struct {
		name      string
		op        string
		h, w, c   int
		co        int
		stride    int
		depthwise bool
	}{
		{name: "conv even input stride 2", op: "Conv2D", h: 4, w: 6, c: 2, co: 3, stride: 2},
		{name: "conv odd input stride 2", op: "Conv2D", h: 5, w: 5, c: 1, co: 2, stride: 2},
		{name: "depthwise multiplier 2", op: "DepthwiseConv2dNative", h: 5, w: 4, c: 2, co: 2, stride: 1, depthwise: true},
		{name: "depthwise stride 2", op: "DepthwiseConv2dNative", h: 6, w: 6, c: 3, co: 1, stride: 2, depthwise: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := ramp(tt.h*tt.w*tt.c, 0.1, -1)
			k := ramp(9*tt.c*tt.co, 0.05, -0.4)
			var g tfjstest.Graph
			g.Placeholder("x", 1, int64(tt.h), int64(tt.w), int64(tt.c))
			g.ConstF("k", []int64{3, 3, int64(tt.c), int64(tt.co)}, k...)
			g.Op("y", tt.op, tfjstest.Attr{"padding": tfjstest.S("SAME"), "strides": tfjstest.Ints(1, int64(tt.stride), int64(tt.stride), 1)}, "x", "k")
			out := runGraph(t, &g, Tensor{Shape: []int64{1, int64(tt.h), int64(tt.w), int64(tt.c)}, Data: x}, "y")
			want, oh, ow := tfConv(x, tt.h, tt.w, tt.c, k, 3, 3, tt.co, tt.stride, tt.depthwise)
			assertClose(t, tt.name, out["y"], []int64{1, int64(oh), int64(ow), int64(len(want) / (oh * ow))}, want)
		})
	}
}

func TestOpMaxPoolSameNegative(t *testing.T) {
	var g tfjstest.Graph
	g.Placeholder("x", 1, 4, 4, 1)
	g.Op("y", "MaxPool", tfjstest.Attr{"padding": tfjstest.S("SAME"), "ksize": tfjstest.Ints(1, 3, 3, 1), "strides": tfjstest.Ints(1, 2, 2, 1)}, "x")
	x := ramp(16, 1, -20) // all negative: padding must not win
	out := runGraph(t, &g, Tensor{Shape: []int64{1, 4, 4, 1}, Data: x}, "y")
	// SAME, 4 -> 2, pads (0, 1): windows rows/cols {0,1,2} and {2,3}.
	want := []float32{x[2*4+2], x[2*4+3], x[3*4+2], x[3*4+3]}
	assertClose(t, "maxpool", out["y"], []int64{1, 2, 2, 1}, want)
}

// tfResize is TF's bilinear resize for one channel: legacy (src = dst*in/out),
// align_corners or half_pixel_centers.
func tfResize(x []float32, h, w, oh, ow int, align, half bool) []float32 {
	scale := func(in, out int) float64 {
		if align && out > 1 {
			return float64(in-1) / float64(out-1)
		}
		return float64(in) / float64(out)
	}
	src := func(d int, s float64) float64 {
		if half {
			return (float64(d)+0.5)*s - 0.5
		}
		return float64(d) * s
	}
	sy, sx := scale(h, oh), scale(w, ow)
	out := make([]float32, oh*ow)
	for y := range oh {
		fy := src(y, sy)
		y0, y1 := int(math.Max(math.Floor(fy), 0)), min(int(math.Ceil(fy)), h-1)
		ly := fy - math.Floor(fy)
		if fy < 0 {
			ly = 0
		}
		for xx := range ow {
			fx := src(xx, sx)
			x0, x1 := int(math.Max(math.Floor(fx), 0)), min(int(math.Ceil(fx)), w-1)
			lx := fx - math.Floor(fx)
			if fx < 0 {
				lx = 0
			}
			top := float64(x[y0*w+x0]) + (float64(x[y0*w+x1])-float64(x[y0*w+x0]))*lx
			bot := float64(x[y1*w+x0]) + (float64(x[y1*w+x1])-float64(x[y1*w+x0]))*lx
			out[y*ow+xx] = float32(top + (bot-top)*ly)
		}
	}
	return out
}

func TestOpResizeBilinear(t *testing.T) {
	tests := []struct {
		name        string
		align, half bool
	}{
		{name: "legacy"}, {name: "align_corners", align: true}, {name: "half_pixel_centers", half: true},
	}
	x := []float32{1, 5, 2, 8, 0, 3}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var g tfjstest.Graph
			g.Placeholder("x", 1, 2, 3, 1)
			g.ConstI("size", []int64{2}, 5, 4)
			g.Op("y", "ResizeBilinear", tfjstest.Attr{"align_corners": tfjstest.B(tt.align), "half_pixel_centers": tfjstest.B(tt.half)}, "x", "size")
			out := runGraph(t, &g, Tensor{Shape: []int64{1, 2, 3, 1}, Data: x}, "y")
			assertClose(t, tt.name, out["y"], []int64{1, 5, 4, 1}, tfResize(x, 2, 3, 5, 4, tt.align, tt.half))
		})
	}
}

func TestOpStridedSlice(t *testing.T) {
	x := ramp(2*5*3, 1, 0) // [2,5,3]
	at := func(i, j, k int) float32 { return x[(i*5+j)*3+k] }
	var g tfjstest.Graph
	g.Placeholder("x", 2, 5, 3)
	// x[:, 4:0:-2, 1] -> shape [2,2]
	g.ConstI("b", []int64{3}, 0, 4, 1)
	g.ConstI("e", []int64{3}, 0, 0, 2)
	g.ConstI("s", []int64{3}, 1, -2, 1)
	g.Op("y", "StridedSlice", tfjstest.Attr{"begin_mask": tfjstest.I(1), "end_mask": tfjstest.I(1), "shrink_axis_mask": tfjstest.I(4)}, "x", "b", "e", "s")
	// x[-1, ::-1, :] -> shape [5,3]
	g.ConstI("b2", []int64{3}, -1, 0, 0)
	g.ConstI("e2", []int64{3}, 0, 0, 0)
	g.ConstI("s2", []int64{3}, 1, -1, 1)
	g.Op("z", "StridedSlice", tfjstest.Attr{"begin_mask": tfjstest.I(6), "end_mask": tfjstest.I(6), "shrink_axis_mask": tfjstest.I(1)}, "x", "b2", "e2", "s2")
	out := runGraph(t, &g, Tensor{Shape: []int64{2, 5, 3}, Data: x}, "y", "z")
	assertClose(t, "x[:, 4:0:-2, 1]", out["y"], []int64{2, 2}, []float32{at(0, 4, 1), at(0, 2, 1), at(1, 4, 1), at(1, 2, 1)})
	var want []float32
	for j := 4; j >= 0; j-- {
		for k := range 3 {
			want = append(want, at(1, j, k))
		}
	}
	assertClose(t, "x[-1, ::-1, :]", out["z"], []int64{5, 3}, want)
}

func TestOpFloorDivModIntegers(t *testing.T) {
	x := []float32{-7, -6, 7, 3, 0}
	var g tfjstest.Graph
	g.Placeholder("x", 5)
	g.Op("xi", "Cast", tfjstest.Attr{"DstT": tfjstest.Type("DT_INT32")}, "x")
	var outs []string
	for _, d := range []int32{2, -2} {
		name := map[int32]string{2: "pos", -2: "neg"}[d]
		g.ConstI(name, []int64{}, d)
		for _, op := range []string{"FloorDiv", "FloorMod"} {
			g.Op(op+name, op, nil, "xi", name)
			g.Op(op+name+"/f", "Cast", tfjstest.Attr{"DstT": tfjstest.Type("DT_FLOAT")}, op+name)
			outs = append(outs, op+name+"/f")
		}
	}
	out := runGraph(t, &g, Tensor{Shape: []int64{5}, Data: x}, outs...)
	for _, d := range []float64{2, -2} {
		name := map[float64]string{2: "pos", -2: "neg"}[d]
		var div, mod []float32
		for _, v := range x {
			q := math.Floor(float64(v) / d)
			div, mod = append(div, float32(q)), append(mod, float32(float64(v)-q*d))
		}
		assertClose(t, "FloorDiv by "+name, out["FloorDiv"+name+"/f"], []int64{5}, div)
		assertClose(t, "FloorMod by "+name, out["FloorMod"+name+"/f"], []int64{5}, mod)
	}
}

func TestOpFusedMatMulTopKGather(t *testing.T) {
	x := []float32{1, -2, 3}
	// weights stored [out=4, in=3] and used with transpose_b
	wt := []float32{1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1}
	var g tfjstest.Graph
	g.Placeholder("x", 1, 3)
	g.ConstF("w", []int64{4, 3}, wt...)
	g.ConstF("bias", []int64{4}, 0.5, 0.5, 0.5, 0.5)
	g.Op("mm", "_FusedMatMul", tfjstest.Attr{"transpose_b": tfjstest.B(true), "fused_ops": tfjstest.Strings("BiasAdd", "Relu"), "num_args": tfjstest.I(1)}, "x", "w", "bias")
	g.ConstI("k", []int64{}, 2)
	g.Op("top", "TopKV2", tfjstest.Attr{"sorted": tfjstest.B(true)}, "mm", "k")
	g.ConstI("axis", []int64{}, 1)
	g.Op("picked", "GatherV2", nil, "mm", "top:1", "axis")
	g.Op("idx", "Cast", tfjstest.Attr{"DstT": tfjstest.Type("DT_FLOAT")}, "top:1")
	out := runGraph(t, &g, Tensor{Shape: []int64{1, 3}, Data: x}, "mm", "top", "idx", "picked")
	// x·wᵀ + 0.5 = [1.5, -1.5, 3.5, 2.5] -> relu [1.5, 0, 3.5, 2.5]
	assertClose(t, "fused matmul", out["mm"], []int64{1, 4}, []float32{1.5, 0, 3.5, 2.5})
	assertClose(t, "topk values", out["top"], []int64{1, 2}, []float32{3.5, 2.5})
	assertClose(t, "topk indices", out["idx"], []int64{1, 2}, []float32{2, 3})
	assertClose(t, "gather", out["picked"], []int64{1, 1, 2}, []float32{3.5, 2.5})
}

func TestOpPreluAddN(t *testing.T) {
	x := []float32{-2, 3, -4, 5} // [1,2,2] NHWC-like, alpha per last-axis channel
	var g tfjstest.Graph
	g.Placeholder("x", 1, 2, 2)
	g.ConstF("alpha", []int64{2}, 0.5, 0.25)
	g.Op("p", "Prelu", nil, "x", "alpha")
	g.Op("s", "AddN", nil, "x", "p", "x")
	out := runGraph(t, &g, Tensor{Shape: []int64{1, 2, 2}, Data: x}, "p", "s")
	p := []float32{-1, 3, -2, 5}
	assertClose(t, "prelu", out["p"], []int64{1, 2, 2}, p)
	assertClose(t, "addn", out["s"], []int64{1, 2, 2}, []float32{-5, 9, -10, 15})
}

func TestOpReLU6Pattern(t *testing.T) {
	x := []float32{-3, 0, 2.5, 6, 9}
	var g tfjstest.Graph
	g.Placeholder("x", 5)
	g.ConstF("six", []int64{}, 6)
	g.ConstF("zero", []int64{}, 0)
	g.Op("r", "Relu", nil, "x")
	g.Op("mn", "Minimum", nil, "r", "six")
	g.Op("y", "Maximum", nil, "mn", "zero")
	out := runGraph(t, &g, Tensor{Shape: []int64{5}, Data: x}, "y")
	assertClose(t, "relu6", out["y"], []int64{5}, []float32{0, 0, 2.5, 6, 6})
}
