package tfjs

import (
	"encoding/base64"
	"encoding/binary"
	"errors"
	"math"
	"slices"
	"strings"

	"sajin/models/tfjs/tfjstest"
	"testing"

	"google.golang.org/protobuf/encoding/protowire"
)

func convertGraph(g *tfjstest.Graph, opts Options) ([]byte, error) {
	return Convert(g.JSON(), g.Weights, opts)
}

// fields returns the length-delimited values of field num in a message.
func fields(b []byte, num protowire.Number) [][]byte {
	var out [][]byte
	for len(b) > 0 {
		n, typ, k := protowire.ConsumeTag(b)
		if k < 0 {
			return out
		}
		b = b[k:]
		m := protowire.ConsumeFieldValue(n, typ, b)
		if n == num && typ == protowire.BytesType {
			v, _ := protowire.ConsumeBytes(b)
			out = append(out, v)
		}
		b = b[m:]
	}
	return out
}

// opTypes lists the op_type of every node of a serialised model.
func opTypes(model []byte) []string {
	var ops []string
	for _, g := range fields(model, 7) {
		for _, n := range fields(g, 1) {
			for _, op := range fields(n, 4) {
				ops = append(ops, string(op))
			}
		}
	}
	return ops
}

func TestUnsupportedOp(t *testing.T) {
	var g tfjstest.Graph
	g.Placeholder("x", 1, 4)
	g.Op("weird", "FancyNewOp", nil, "x")
	_, err := convertGraph(&g, Options{})
	if !errors.Is(err, ErrUnsupportedOp) {
		t.Fatalf("Convert() error = %v, want ErrUnsupportedOp", err)
	}
	for _, want := range []string{"FancyNewOp", "weird"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %q", err, want)
		}
	}
}

func TestUnsupportedAttributes(t *testing.T) {
	var g tfjstest.Graph
	g.Placeholder("x", 1, 4, 4, 2)
	g.ConstI("b", []int64{4}, 0, 0, 0, 0)
	g.ConstI("e", []int64{4}, 1, 1, 1, 1)
	g.ConstI("s", []int64{4}, 1, 1, 1, 1)
	g.Op("ss", "StridedSlice", tfjstest.Attr{"ellipsis_mask": tfjstest.I(1)}, "x", "b", "e", "s")
	if _, err := convertGraph(&g, Options{}); !errors.Is(err, ErrUnsupportedOp) {
		t.Fatalf("Convert() error = %v, want ErrUnsupportedOp for ellipsis_mask", err)
	}
}

func TestConvertStructure(t *testing.T) {
	var g tfjstest.Graph
	g.Placeholder("x", 1, 5, 5, 2)
	g.ConstF("k", []int64{3, 3, 2, 1}, make([]float32, 18)...)
	g.ConstF("bias", []int64{1}, 0.5)
	g.Op("conv", "_FusedConv2D", tfjstest.Attr{"padding": tfjstest.S("SAME"), "strides": tfjstest.Ints(1, 2, 2, 1),
		"fused_ops": tfjstest.Strings("BiasAdd", "Relu6"), "num_args": tfjstest.I(1)}, "x", "k", "bias")
	g.Op("out", "Identity", nil, "conv")
	model, err := convertGraph(&g, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := opTypes(model)
	want := []string{"Transpose", "Conv", "Clip", "Transpose", "Identity"}
	if !slices.Equal(got, want) {
		t.Errorf("Convert() ops = %v, want %v", got, want)
	}
	outs := fields(fields(model, 7)[0], 12)
	if len(outs) != 1 || string(fields(outs[0], 1)[0]) != "out" {
		t.Errorf("Convert() outputs = %q, want one named out", outs)
	}
}

func TestConvertErrors(t *testing.T) {
	tests := []struct {
		name  string
		build func(g *tfjstest.Graph)
		opts  Options
		isErr error
	}{
		{name: "missing input", build: func(g *tfjstest.Graph) { g.Op("r", "Relu", nil, "nowhere") }, isErr: ErrBadGraph},
		{name: "cycle", build: func(g *tfjstest.Graph) { g.Op("a", "Relu", nil, "b"); g.Op("b", "Relu", nil, "a") }, opts: Options{Outputs: []string{"a"}}, isErr: ErrBadGraph},
		{name: "dynamic filter", build: func(g *tfjstest.Graph) {
			g.Placeholder("x", 1, 4, 4, 1)
			g.Placeholder("k", 1, 1, 1, 1)
			g.Op("c", "Conv2D", tfjstest.Attr{"padding": tfjstest.S("VALID")}, "x", "k")
		}, isErr: ErrUnsupportedOp},
		{name: "control flow", build: func(g *tfjstest.Graph) {
			g.Placeholder("x", 1)
			g.Op("loop", "Exit", nil, "x")
		}, isErr: ErrUnsupportedOp},
		{name: "bad input override", build: func(g *tfjstest.Graph) { g.Placeholder("x", 1); g.Op("r", "Relu", nil, "x") },
			opts: Options{Inputs: map[string][]int64{"y": {1}}}, isErr: ErrBadGraph},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var g tfjstest.Graph
			tt.build(&g)
			if _, err := convertGraph(&g, tt.opts); !errors.Is(err, tt.isErr) {
				t.Fatalf("Convert() error = %v, want %v", err, tt.isErr)
			}
		})
	}
}

func TestSamePadding(t *testing.T) {
	tests := []struct {
		in, k, s, d int64
		mode        string
		pads        []int64 // top, left, bottom, right
		out         int64
	}{
		{in: 5, k: 3, s: 2, d: 1, mode: "SAME", pads: []int64{1, 1, 1, 1}, out: 3},
		{in: 4, k: 3, s: 2, d: 1, mode: "SAME", pads: []int64{0, 0, 1, 1}, out: 2},
		{in: 256, k: 5, s: 2, d: 1, mode: "SAME", pads: []int64{1, 1, 2, 2}, out: 128},
		{in: 4, k: 2, s: 2, d: 1, mode: "SAME", pads: []int64{0, 0, 0, 0}, out: 2},
		{in: 7, k: 3, s: 1, d: 2, mode: "SAME", pads: []int64{2, 2, 2, 2}, out: 7},
		{in: 7, k: 3, s: 2, d: 1, mode: "VALID", pads: []int64{0, 0, 0, 0}, out: 3},
	}
	for _, tt := range tests {
		n := &nodeDef{Name: "n", Op: "Conv2D", Attr: map[string]attrValue{}}
		mode := base64.StdEncoding.EncodeToString([]byte(tt.mode))
		n.Attr["padding"] = attrValue{S: &mode}
		w := window{kernel: [2]int64{tt.k, tt.k}, strides: [2]int64{tt.s, tt.s}, dilations: [2]int64{tt.d, tt.d}}
		attrs, out, err := w.padding(n, []int64{1, tt.in, tt.in, 1})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(attrs[0].ints, tt.pads) || out != [2]int64{tt.out, tt.out} {
			t.Errorf("padding(in %d, k %d, s %d, d %d, %s) = %v, %v; want %v, %d", tt.in, tt.k, tt.s, tt.d, tt.mode, attrs[0].ints, out, tt.pads, tt.out)
		}
	}
}

func TestSliceSpec(t *testing.T) {
	const big, small = math.MaxInt64, math.MinInt64
	tests := []struct {
		name                       string
		begin, end, strides        []int64
		beginMask, endMask, shrink int64
		in                         []int64
		starts, ends, steps, sq    []int64
		shape                      []int64
	}{
		{name: "masks", begin: []int64{0, 0, 2}, end: []int64{0, 0, 3}, strides: []int64{1, 1, 1}, beginMask: 3, endMask: 3,
			in: []int64{1, 100, 4}, starts: []int64{0, 0, 2}, ends: []int64{big, big, 3}, steps: []int64{1, 1, 1}, shape: []int64{1, 100, 1}},
		{name: "shrink last", begin: []int64{0, -1}, end: []int64{0, 0}, strides: []int64{1, 1}, beginMask: 1, endMask: 1, shrink: 2,
			in: []int64{3, 5}, starts: []int64{0, -1}, ends: []int64{big, big}, steps: []int64{1, 1}, sq: []int64{1}, shape: []int64{3, 1}},
		{name: "reverse", begin: []int64{0}, end: []int64{0}, strides: []int64{-1}, beginMask: 1, endMask: 1,
			in: []int64{6}, starts: []int64{big}, ends: []int64{small}, steps: []int64{-1}, shape: []int64{6}},
		{name: "stride 2", begin: []int64{1}, end: []int64{6}, strides: []int64{2},
			in: []int64{8}, starts: []int64{1}, ends: []int64{6}, steps: []int64{2}, shape: []int64{3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bm, em, sm := jsonInt(tt.beginMask), jsonInt(tt.endMask), jsonInt(tt.shrink)
			n := &nodeDef{Attr: map[string]attrValue{"begin_mask": {I: &bm}, "end_mask": {I: &em}, "shrink_axis_mask": {I: &sm}}}
			starts, ends, _, steps, sq := sliceSpec(n, [3][]int64{tt.begin, tt.end, tt.strides})
			if !slices.Equal(starts, tt.starts) || !slices.Equal(ends, tt.ends) || !slices.Equal(steps, tt.steps) || !slices.Equal(sq, tt.sq) {
				t.Errorf("sliceSpec() = %v %v %v %v, want %v %v %v %v", starts, ends, steps, sq, tt.starts, tt.ends, tt.steps, tt.sq)
			}
			if got := slicedShape(tt.in, starts, ends, steps); !slices.Equal(got, tt.shape) {
				t.Errorf("slicedShape() = %v, want %v", got, tt.shape)
			}
		})
	}
}

func TestBroadcastShapes(t *testing.T) {
	tests := []struct {
		a, b, want []int64
		err        bool
	}{
		{a: []int64{1, 4, 4, 3}, b: []int64{3}, want: []int64{1, 4, 4, 3}},
		{a: []int64{}, b: []int64{2, 1}, want: []int64{2, 1}},
		{a: []int64{-1, 1}, b: []int64{5, 7}, want: []int64{5, 7}},
		{a: []int64{2, 3}, b: []int64{4, 3}, err: true},
	}
	for _, tt := range tests {
		got, err := broadcastShapes(tt.a, tt.b)
		if (err != nil) != tt.err || !slices.Equal(got, tt.want) {
			t.Errorf("broadcastShapes(%v, %v) = %v, %v; want %v (error %v)", tt.a, tt.b, got, err, tt.want, tt.err)
		}
	}
}

func TestConstantFolding(t *testing.T) {
	var g tfjstest.Graph
	g.Placeholder("x", 2)
	g.ConstI("a", []int64{2}, 7, -7)
	g.ConstI("b", []int64{}, 2)
	g.Op("fd", "FloorDiv", nil, "a", "b")
	g.Op("fm", "FloorMod", nil, "a", "b")
	g.Op("sum", "AddV2", nil, "fd", "fm")
	g.Op("f", "Cast", tfjstest.Attr{"DstT": tfjstest.Type("DT_FLOAT")}, "sum")
	g.Op("y", "Mul", nil, "x", "f")
	model, err := convertGraph(&g, Options{Outputs: []string{"y"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := opTypes(model); !slices.Equal(got, []string{"Mul", "Identity"}) {
		t.Fatalf("ops = %v, want Mul and the output Identity (the rest folded)", got)
	}
	// floordiv(7,2)+floormod(7,2) = 3+1, floordiv(-7,2)+floormod(-7,2) = -4+1
	inits := fields(fields(model, 7)[0], 5)
	if len(inits) != 1 {
		t.Fatalf("%d initializers, want 1", len(inits))
	}
	raw := fields(inits[0], 9)[0]
	got := []float32{math.Float32frombits(binary.LittleEndian.Uint32(raw)), math.Float32frombits(binary.LittleEndian.Uint32(raw[4:]))}
	if got[0] != 4 || got[1] != -3 {
		t.Errorf("folded constant = %v, want [4 -3]", got)
	}
}

// FuzzConvert feeds arbitrary model.json bytes and shard bytes: Convert must
// return a model or an error, never panic.
func FuzzConvert(f *testing.F) {
	var g tfjstest.Graph
	g.Placeholder("x", 1, 4, 4, 1)
	g.ConstF("k", []int64{1, 1, 1, 1}, 2)
	g.Op("c", "Conv2D", tfjstest.Attr{"padding": tfjstest.S("SAME")}, "x", "k")
	g.ConstI("axes", []int64{2}, 1, 2)
	g.Op("m", "Mean", tfjstest.Attr{"keep_dims": tfjstest.B(true)}, "c", "axes")
	g.ConstI("shape", []int64{2}, 1, -1)
	g.Op("r", "Reshape", nil, "m", "shape")
	f.Add(g.JSON(), g.Shard())
	var h tfjstest.Graph
	h.Placeholder("x", 1, 6, 4)
	h.ConstI("b", []int64{3}, 0, 1, 0)
	h.ConstI("e", []int64{3}, 0, 5, 2)
	h.ConstI("s", []int64{3}, 1, 2, 1)
	h.Op("ss", "StridedSlice", tfjstest.Attr{"begin_mask": tfjstest.I(1), "end_mask": tfjstest.I(1), "shrink_axis_mask": tfjstest.I(4)}, "x", "b", "e", "s")
	h.ConstI("k", []int64{}, 2)
	h.Op("top", "TopKV2", nil, "ss", "k")
	h.ConstI("ax", []int64{}, 0)
	h.Op("g", "GatherV2", nil, "ss", "top:1", "ax")
	h.ConstI("cat", []int64{}, -1)
	h.Op("cc", "ConcatV2", nil, "g", "g", "cat")
	h.ConstI("perm", []int64{3}, 2, 0, 1)
	h.Op("tr", "Transpose", nil, "cc", "perm")
	h.ConstI("pads", []int64{3, 2}, 0, 0, 1, 1, 0, 0)
	h.Op("pd", "Pad", nil, "tr", "pads")
	f.Add(h.JSON(), h.Shard())
	f.Add([]byte(`{"modelTopology":{"node":[{"name":"a","op":"Relu","input":["a"]}]}}`), []byte{})
	f.Fuzz(func(t *testing.T, model, shard []byte) {
		_, _ = Convert(model, func(string) ([]byte, error) { return shard, nil }, Options{})
	})
}

func TestInputOverride(t *testing.T) {
	var g tfjstest.Graph
	g.Placeholder("x", -1, 8, 8, 3)
	g.Op("y", "Relu", nil, "x")
	for _, tt := range []struct {
		opts Options
		want []int64
	}{
		{opts: Options{}, want: []int64{-1, 8, 8, 3}},
		{opts: Options{Inputs: map[string][]int64{"x": {4, 8, 8, 3}}}, want: []int64{4, 8, 8, 3}},
	} {
		model, err := convertGraph(&g, tt.opts)
		if err != nil {
			t.Fatal(err)
		}
		in := fields(fields(model, 7)[0], 11)
		if len(in) != 1 {
			t.Fatalf("%d graph inputs, want 1", len(in))
		}
		// ValueInfo.type(2) -> TypeProto.tensor_type(1) -> shape(2) -> dim(1) -> dim_value(1) | dim_param(2)
		var got []int64
		for _, d := range fields(fields(fields(fields(in[0], 2)[0], 1)[0], 2)[0], 1) {
			v, n := protowire.ConsumeVarint(d[1:])
			if d[0] == 0x08 && n > 0 {
				got = append(got, int64(v))
			} else {
				got = append(got, -1)
			}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("input shape with %v = %v, want %v", tt.opts.Inputs, got, tt.want)
		}
	}
}

func TestFuseClips(t *testing.T) {
	build := func(extraUse bool, lo float32) *tfjstest.Graph {
		var g tfjstest.Graph
		g.Placeholder("x", 1, 4)
		g.ConstF("six", []int64{}, 6)
		g.ConstF("lo", []int64{}, lo)
		g.Op("r", "Relu", nil, "x")
		g.Op("mn", "Minimum", nil, "r", "six")
		g.Op("y", "Maximum", nil, "mn", "lo")
		if extraUse {
			g.Op("z", "Neg", nil, "mn")
		}
		return &g
	}
	tests := []struct {
		name     string
		extraUse bool
		lo       float32
		outputs  []string
		want     []string
	}{
		{name: "relu6", lo: 0, outputs: []string{"y"}, want: []string{"Clip", "Identity"}},
		{name: "negative lower bound keeps relu", lo: -1, outputs: []string{"y"}, want: []string{"Relu", "Clip", "Identity"}},
		{name: "minimum read elsewhere", extraUse: true, lo: 0, outputs: []string{"y", "z"}, want: []string{"Relu", "Min", "Max", "Neg", "Identity", "Identity"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			model, err := convertGraph(build(tt.extraUse, tt.lo), Options{Outputs: tt.outputs})
			if err != nil {
				t.Fatal(err)
			}
			if got := opTypes(model); !slices.Equal(got, tt.want) {
				t.Errorf("ops = %v, want %v", got, tt.want)
			}
		})
	}
}
