// Package tfjstest builds small TF.js graph models (model.json plus one
// weight shard) for tests of the converter and of converted models. It is
// test support: nothing outside tests should import it.
package tfjstest

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"math"
)

// Graph accumulates nodes and float32/int32 constants.
type Graph struct {
	nodes   []map[string]any
	weights []map[string]any
	shard   []byte
}

// Attr is a node's attributes in TF's JSON form; see S, I, B, Ints, Strings, Type.
type Attr map[string]any

// S is a string attribute value.
func S(s string) any { return map[string]any{"s": base64.StdEncoding.EncodeToString([]byte(s))} }

// I is an integer attribute value.
func I(v int64) any { return map[string]any{"i": v} }

// F is a float attribute value.
func F(v float64) any { return map[string]any{"f": v} }

// B is a boolean attribute value.
func B(v bool) any { return map[string]any{"b": v} }

// Type is a dtype attribute value such as "DT_FLOAT".
func Type(t string) any { return map[string]any{"type": t} }

// Ints is a list-of-ints attribute value.
func Ints(v ...int64) any { return map[string]any{"list": map[string]any{"i": v}} }

// Strings is a list-of-strings attribute value (fused_ops).
func Strings(v ...string) any {
	enc := make([]string, len(v))
	for k, s := range v {
		enc[k] = base64.StdEncoding.EncodeToString([]byte(s))
	}
	return map[string]any{"list": map[string]any{"s": enc}}
}

// Placeholder adds a float32 input; -1 marks a dynamic dimension.
func (g *Graph) Placeholder(name string, shape ...int64) {
	dims := make([]map[string]any, len(shape))
	for k, d := range shape {
		dims[k] = map[string]any{"size": d}
	}
	g.nodes = append(g.nodes, map[string]any{"name": name, "op": "Placeholder",
		"attr": Attr{"dtype": Type("DT_FLOAT"), "shape": map[string]any{"shape": map[string]any{"dim": dims}}}})
}

// ConstF adds a float32 constant.
func (g *Graph) ConstF(name string, shape []int64, vals ...float32) {
	g.nodes = append(g.nodes, map[string]any{"name": name, "op": "Const", "attr": Attr{"dtype": Type("DT_FLOAT")}})
	g.weights = append(g.weights, map[string]any{"name": name, "shape": shape, "dtype": "float32"})
	for _, v := range vals {
		g.shard = binary.LittleEndian.AppendUint32(g.shard, math.Float32bits(v))
	}
}

// ConstI adds an int32 constant.
func (g *Graph) ConstI(name string, shape []int64, vals ...int32) {
	g.nodes = append(g.nodes, map[string]any{"name": name, "op": "Const", "attr": Attr{"dtype": Type("DT_INT32")}})
	g.weights = append(g.weights, map[string]any{"name": name, "shape": shape, "dtype": "int32"})
	for _, v := range vals {
		g.shard = binary.LittleEndian.AppendUint32(g.shard, uint32(v))
	}
}

// Op adds a node.
func (g *Graph) Op(name, op string, attr Attr, inputs ...string) {
	if attr == nil {
		attr = Attr{}
	}
	g.nodes = append(g.nodes, map[string]any{"name": name, "op": op, "input": inputs, "attr": attr})
}

// JSON returns the model.json bytes; the one shard is named "w.bin".
func (g *Graph) JSON() []byte {
	b, err := json.Marshal(map[string]any{"format": "graph-model", "modelTopology": map[string]any{"node": g.nodes},
		"weightsManifest": []any{map[string]any{"paths": []string{"w.bin"}, "weights": g.weights}}})
	if err != nil {
		panic(err) // only plain maps and slices: cannot fail
	}
	return b
}

// Shard returns the weight bytes; Weights serves them to tfjs.Convert.
func (g *Graph) Shard() []byte { return g.shard }

// Weights is a tfjs.Convert weights reader for this graph.
func (g *Graph) Weights(string) ([]byte, error) { return g.shard, nil }
