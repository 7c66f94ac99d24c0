package tfjs

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// modelJSON is the part of a TF.js graph model's model.json the converter reads.
type modelJSON struct {
	Format          string        `json:"format"`
	ModelTopology   topology      `json:"modelTopology"`
	WeightsManifest []weightGroup `json:"weightsManifest"`
	Signature       *signature    `json:"signature"`
}

type topology struct {
	Node []nodeDef `json:"node"`
}

type signature struct {
	Inputs  map[string]sigTensor `json:"inputs"`
	Outputs map[string]sigTensor `json:"outputs"`
}

type sigTensor struct {
	Name string `json:"name"`
}

// nodeDef is a TensorFlow NodeDef in its JSON form.
type nodeDef struct {
	Name  string               `json:"name"`
	Op    string               `json:"op"`
	Input []string             `json:"input"`
	Attr  map[string]attrValue `json:"attr"`
}

// attrValue is a TensorFlow AttrValue in its JSON form: int64s are strings,
// byte strings are base64.
type attrValue struct {
	S      *string    `json:"s"`
	I      *jsonInt   `json:"i"`
	F      *float64   `json:"f"`
	B      *bool      `json:"b"`
	Type   *string    `json:"type"`
	Shape  *shapeJSON `json:"shape"`
	List   *attrList  `json:"list"`
	Tensor *struct {
		Dtype       string    `json:"dtype"`
		TensorShape shapeJSON `json:"tensorShape"`
	} `json:"tensor"`
}

type attrList struct {
	S []string  `json:"s"`
	I []jsonInt `json:"i"`
	F []float64 `json:"f"`
}

type shapeJSON struct {
	Dim         []struct{ Size jsonInt } `json:"dim"`
	UnknownRank bool                     `json:"unknownRank"`
}

// dims returns the shape with -1 for unknown sizes, or nil for unknown rank.
func (s shapeJSON) dims() []int64 {
	if s.UnknownRank {
		return nil
	}
	out := make([]int64, len(s.Dim))
	for i, d := range s.Dim {
		out[i] = int64(d.Size)
	}
	return out
}

// jsonInt decodes an int64 written either as a JSON number or a string.
type jsonInt int64

// UnmarshalJSON accepts 3 and "3".
func (j *jsonInt) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return fmt.Errorf("tfjs: bad integer %s: %w", b, err)
	}
	*j = jsonInt(v)
	return nil
}

func (n *nodeDef) attrString(key, def string) (string, error) {
	a, ok := n.Attr[key]
	if !ok || a.S == nil {
		return def, nil
	}
	b, err := base64.StdEncoding.DecodeString(*a.S)
	if err != nil {
		return "", fmt.Errorf("tfjs: node %s: attr %s: %w", n.Name, key, err)
	}
	return string(b), nil
}

func (n *nodeDef) attrInt(key string, def int64) int64 {
	if a, ok := n.Attr[key]; ok && a.I != nil {
		return int64(*a.I)
	}
	return def
}

func (n *nodeDef) attrFloat(key string, def float64) float64 {
	if a, ok := n.Attr[key]; ok && a.F != nil {
		return *a.F
	}
	return def
}

func (n *nodeDef) attrBool(key string, def bool) bool {
	if a, ok := n.Attr[key]; ok && a.B != nil {
		return *a.B
	}
	return def
}

func (n *nodeDef) attrInts(key string) []int64 {
	a, ok := n.Attr[key]
	if !ok || a.List == nil {
		return nil
	}
	out := make([]int64, len(a.List.I))
	for i, v := range a.List.I {
		out[i] = int64(v)
	}
	return out
}

func (n *nodeDef) attrStrings(key string) ([]string, error) {
	a, ok := n.Attr[key]
	if !ok || a.List == nil {
		return nil, nil
	}
	out := make([]string, len(a.List.S))
	for i, s := range a.List.S {
		b, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			return nil, fmt.Errorf("tfjs: node %s: attr %s: %w", n.Name, key, err)
		}
		out[i] = string(b)
	}
	return out, nil
}

func (n *nodeDef) attrType(key string) string {
	if a, ok := n.Attr[key]; ok && a.Type != nil {
		return *a.Type
	}
	return ""
}

// dataInputs returns the node's inputs without control dependencies ("^name").
func (n *nodeDef) dataInputs() []string {
	out := make([]string, 0, len(n.Input))
	for _, in := range n.Input {
		if !strings.HasPrefix(in, "^") {
			out = append(out, in)
		}
	}
	return out
}

// splitRef splits a TF tensor reference "node:1" into node name and output index.
func splitRef(ref string) (string, int) {
	i := strings.LastIndexByte(ref, ':')
	if i < 0 {
		return ref, 0
	}
	k, err := strconv.Atoi(ref[i+1:])
	if err != nil {
		return ref, 0
	}
	return ref[:i], k
}

// refKey normalises a tensor reference: "node" and "node:0" are the same tensor.
func refKey(ref string) string {
	name, k := splitRef(ref)
	if k == 0 {
		return name
	}
	return name + ":" + strconv.Itoa(k)
}

func parseModel(b []byte) (*modelJSON, error) {
	var m modelJSON
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("tfjs: model.json: %w", err)
	}
	if len(m.ModelTopology.Node) == 0 {
		return nil, fmt.Errorf("tfjs: model.json has no graph nodes (format %q; only graph models are supported)", m.Format)
	}
	return &m, nil
}
