package tfjs

import (
	"encoding/binary"
	"math"
	"strconv"

	"google.golang.org/protobuf/encoding/protowire"
)

// ONNX element types (TensorProto.DataType in onnx.proto).
const (
	onnxFloat = 1
	onnxInt64 = 7
	onnxBool  = 9
)

// ONNX AttributeProto.AttributeType values.
const (
	attrFloat  = 1
	attrInt    = 2
	attrString = 3
	attrTensor = 4
	attrFloats = 6
	attrInts   = 7
)

// Versions written into every model: opset 13 needs IR version 7.
const (
	irVersion    = 7
	opsetVersion = 13
)

// onnxTensor is a TensorProto holding raw little-endian data.
type onnxTensor struct {
	name  string
	dims  []int64
	dtype int32
	raw   []byte
}

// onnxAttr is an AttributeProto; typ selects which value field is used.
type onnxAttr struct {
	name   string
	typ    int
	f      float32
	i      int64
	s      string
	ints   []int64
	floats []float32
	t      *onnxTensor
}

// onnxNode is a NodeProto in the default (ai.onnx) domain.
type onnxNode struct {
	name  string
	op    string
	in    []string
	out   []string
	attrs []onnxAttr
}

// onnxValueInfo is a ValueInfoProto for a tensor; a nil shape writes no shape,
// a negative dimension is written as a symbolic dim_param.
type onnxValueInfo struct {
	name  string
	elem  int32
	shape []int64
}

// onnxGraph is the GraphProto of the model being built.
type onnxGraph struct {
	name    string
	nodes   []onnxNode
	inits   []*onnxTensor
	inputs  []onnxValueInfo
	outputs []onnxValueInfo
}

func appendString(b []byte, num protowire.Number, s string) []byte {
	b = protowire.AppendTag(b, num, protowire.BytesType)
	return protowire.AppendString(b, s)
}

func appendMessage(b []byte, num protowire.Number, msg []byte) []byte {
	b = protowire.AppendTag(b, num, protowire.BytesType)
	return protowire.AppendBytes(b, msg)
}

func appendVarint(b []byte, num protowire.Number, v uint64) []byte {
	b = protowire.AppendTag(b, num, protowire.VarintType)
	return protowire.AppendVarint(b, v)
}

func appendPackedInts(b []byte, num protowire.Number, vs []int64) []byte {
	var p []byte
	for _, v := range vs {
		p = protowire.AppendVarint(p, uint64(v))
	}
	return appendMessage(b, num, p)
}

func (t *onnxTensor) marshal() []byte {
	var b []byte
	if len(t.dims) > 0 {
		b = appendPackedInts(b, 1, t.dims)
	}
	b = appendVarint(b, 2, uint64(t.dtype))
	if t.name != "" {
		b = appendString(b, 8, t.name)
	}
	return appendMessage(b, 9, t.raw)
}

func (a *onnxAttr) marshal() []byte {
	b := appendString(nil, 1, a.name)
	b = appendVarint(b, 20, uint64(a.typ))
	switch a.typ {
	case attrFloat:
		b = protowire.AppendTag(b, 2, protowire.Fixed32Type)
		b = protowire.AppendFixed32(b, math.Float32bits(a.f))
	case attrInt:
		b = appendVarint(b, 3, uint64(a.i))
	case attrString:
		b = appendString(b, 4, a.s)
	case attrTensor:
		b = appendMessage(b, 5, a.t.marshal())
	case attrFloats:
		var p []byte
		for _, f := range a.floats {
			p = binary.LittleEndian.AppendUint32(p, math.Float32bits(f))
		}
		b = appendMessage(b, 7, p)
	case attrInts:
		b = appendPackedInts(b, 8, a.ints)
	}
	return b
}

func (n *onnxNode) marshal() []byte {
	var b []byte
	for _, s := range n.in {
		b = appendString(b, 1, s)
	}
	for _, s := range n.out {
		b = appendString(b, 2, s)
	}
	b = appendString(b, 3, n.name)
	b = appendString(b, 4, n.op)
	for i := range n.attrs {
		b = appendMessage(b, 5, n.attrs[i].marshal())
	}
	return b
}

func (v *onnxValueInfo) marshal() []byte {
	tensor := appendVarint(nil, 1, uint64(v.elem))
	if v.shape != nil {
		var shape []byte
		for i, d := range v.shape {
			var dim []byte
			if d >= 0 {
				dim = appendVarint(nil, 1, uint64(d))
			} else {
				dim = appendString(nil, 2, dimParam(v.name, i))
			}
			shape = appendMessage(shape, 1, dim)
		}
		tensor = appendMessage(tensor, 2, shape)
	}
	typ := appendMessage(nil, 1, tensor)
	b := appendString(nil, 1, v.name)
	return appendMessage(b, 2, typ)
}

// dimParam names an unknown dimension; the batch dimension gets a shared name
// so that ONNX Runtime can relate inputs and outputs.
func dimParam(name string, axis int) string {
	if axis == 0 {
		return "batch"
	}
	return name + "_dim" + strconv.Itoa(axis)
}

func (g *onnxGraph) marshal() []byte {
	var b []byte
	for i := range g.nodes {
		b = appendMessage(b, 1, g.nodes[i].marshal())
	}
	b = appendString(b, 2, g.name)
	for _, t := range g.inits {
		b = appendMessage(b, 5, t.marshal())
	}
	for i := range g.inputs {
		b = appendMessage(b, 11, g.inputs[i].marshal())
	}
	for i := range g.outputs {
		b = appendMessage(b, 12, g.outputs[i].marshal())
	}
	return b
}

// marshalModel wraps the graph in a ModelProto with the ai.onnx opset import.
func (g *onnxGraph) marshalModel(producer, version string) []byte {
	b := appendVarint(nil, 1, irVersion)
	b = appendString(b, 2, producer)
	b = appendString(b, 3, version)
	b = appendMessage(b, 7, g.marshal())
	opset := appendString(nil, 1, "")
	opset = appendVarint(opset, 2, opsetVersion)
	return appendMessage(b, 8, opset)
}
