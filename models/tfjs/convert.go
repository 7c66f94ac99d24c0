package tfjs

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
)

// ErrUnsupportedOp is returned, wrapped with the op and node names, for a TF
// op the converter does not know or an attribute combination it cannot map.
var ErrUnsupportedOp = errors.New("tfjs: unsupported op")

// ErrBadGraph is returned for a graph that references missing nodes or has
// shapes or values the converter cannot make sense of.
var ErrBadGraph = errors.New("tfjs: bad graph")

// Options tunes Convert. The zero value converts the whole graph as declared.
type Options struct {
	// Inputs overrides the shape of named placeholders (NHWC, as in TF);
	// -1 leaves a dimension dynamic.
	Inputs map[string][]int64
	// Outputs lists the TF node names to expose as graph outputs; by
	// default the signature's outputs, or else every node nothing consumes.
	Outputs []string
}

// Producer is written into every converted model's producer_name.
const Producer = "sajin-tfjs"

// ProducerVersion is written into producer_version; bump it when a change
// to the converter changes the bytes it writes.
const ProducerVersion = "2"

// value is a tensor of the TF graph as seen by the ONNX graph being built: a
// named ONNX value, or a constant known at conversion time (c != nil).
type value struct {
	name  string
	dt    dtype
	shape []int64 // nil: unknown rank; -1: unknown dimension
	c     *tensor
}

// Convert converts a TF.js graph model (the model.json bytes) to an ONNX
// model (opset 13) and returns its serialised ModelProto. weights reads a
// weight shard by the path the manifest names. Graph inputs and outputs keep
// TF's names (without ":0") and layout (NHWC).
func Convert(modelJSON []byte, weights func(path string) ([]byte, error), opts Options) ([]byte, error) {
	m, err := parseModel(modelJSON)
	if err != nil {
		return nil, err
	}
	w, err := decodeWeights(m.WeightsManifest, weights)
	if err != nil {
		return nil, err
	}
	c := &converter{
		nodes:   make(map[string]*nodeDef, len(m.ModelTopology.Node)),
		weights: w,
		opts:    opts,
		vals:    make(map[string]*value),
		names:   make(map[string]bool),
		inits:   make(map[*tensor]string),
	}
	for i := range m.ModelTopology.Node {
		n := &m.ModelTopology.Node[i]
		c.nodes[n.Name] = n
	}
	outs, err := c.outputNames(m)
	if err != nil {
		return nil, err
	}
	if err := c.run(outs); err != nil {
		return nil, err
	}
	return c.g.marshalModel(Producer, ProducerVersion), nil
}

// ConvertFile converts the model.json at jsonPath, reading weight shards from
// the same directory.
func ConvertFile(jsonPath string, opts Options) ([]byte, error) {
	b, err := os.ReadFile(jsonPath)
	if err != nil {
		return nil, fmt.Errorf("tfjs: %w", err)
	}
	root, err := os.OpenRoot(filepath.Dir(jsonPath))
	if err != nil {
		return nil, fmt.Errorf("tfjs: %w", err)
	}
	defer root.Close()
	return Convert(b, func(p string) ([]byte, error) { return root.ReadFile(p) }, opts)
}

// converter holds the state of one conversion.
type converter struct {
	nodes   map[string]*nodeDef
	weights map[string]*tensor
	opts    Options
	vals    map[string]*value // TF tensor ref (refKey) -> value
	names   map[string]bool   // ONNX names in use
	inits   map[*tensor]string
	g       onnxGraph
}

func (c *converter) outputNames(m *modelJSON) ([]string, error) {
	if len(c.opts.Outputs) > 0 {
		return c.opts.Outputs, nil
	}
	var outs []string
	if m.Signature != nil && len(m.Signature.Outputs) > 0 {
		for k, s := range m.Signature.Outputs {
			name := s.Name
			if name == "" {
				name = k
			}
			outs = append(outs, refKey(name))
		}
		sort.Strings(outs)
		return outs, nil
	}
	used := make(map[string]bool)
	for _, n := range c.nodes {
		for _, in := range n.dataInputs() {
			name, _ := splitRef(strings.TrimPrefix(in, "^"))
			used[name] = true
		}
	}
	for name, n := range c.nodes {
		if !used[name] && n.Op != "Const" && n.Op != "NoOp" {
			outs = append(outs, name)
		}
	}
	if len(outs) == 0 {
		return nil, fmt.Errorf("%w: no outputs", ErrBadGraph)
	}
	sort.Strings(outs)
	return outs, nil
}

// order returns the nodes the outputs depend on, inputs before users.
func (c *converter) order(outs []string) ([]*nodeDef, error) {
	const (
		unseen = iota
		active
		done
	)
	state := make(map[string]int)
	var list []*nodeDef
	var visit func(name string) error
	visit = func(name string) error {
		switch state[name] {
		case active:
			return fmt.Errorf("%w: cycle through %s", ErrBadGraph, name)
		case done:
			return nil
		}
		n, ok := c.nodes[name]
		if !ok {
			return fmt.Errorf("%w: missing node %q", ErrBadGraph, name)
		}
		if isControlFlow(n.Op) {
			return unsupported(n, "control flow (loops and conditionals) cannot be converted")
		}
		state[name] = active
		for _, in := range n.dataInputs() {
			src, _ := splitRef(in)
			if err := visit(src); err != nil {
				return err
			}
		}
		state[name] = done
		list = append(list, n)
		return nil
	}
	for _, o := range outs {
		name, _ := splitRef(o)
		if err := visit(name); err != nil {
			return nil, err
		}
	}
	return list, nil
}

func (c *converter) run(outs []string) error {
	list, err := c.order(outs)
	if err != nil {
		return err
	}
	c.g.name = "tfjs"
	for _, o := range outs {
		c.names[outputName(o)] = true // reserved: inner values get other names
	}
	for _, n := range list {
		if err := c.convertNode(n); err != nil {
			return err
		}
	}
	for name := range c.opts.Inputs {
		if n, ok := c.nodes[name]; !ok || n.Op != "Placeholder" {
			return fmt.Errorf("%w: input override %q is not a placeholder", ErrBadGraph, name)
		}
	}
	for _, o := range outs {
		if err := c.addOutput(o); err != nil {
			return err
		}
	}
	fuseClips(&c.g)
	return nil
}

func (c *converter) convertNode(n *nodeDef) error {
	fn, ok := opFunc(n.Op)
	if !ok {
		return fmt.Errorf("%w %s (node %s)", ErrUnsupportedOp, n.Op, n.Name)
	}
	ins := make([]*value, 0, len(n.Input))
	for _, ref := range n.dataInputs() {
		v, ok := c.vals[refKey(ref)]
		if !ok {
			return fmt.Errorf("%w: node %s: input %s has no value", ErrBadGraph, n.Name, ref)
		}
		ins = append(ins, v)
	}
	outs, err := fn(c, n, ins)
	if err != nil {
		if errors.Is(err, ErrUnsupportedOp) || errors.Is(err, ErrBadGraph) || errors.Is(err, ErrBadWeights) {
			return err
		}
		return fmt.Errorf("%w: %s (node %s): %w", ErrBadGraph, n.Op, n.Name, err)
	}
	for k, v := range outs {
		key := n.Name
		if k > 0 {
			key = fmt.Sprintf("%s:%d", n.Name, k)
		}
		c.vals[key] = v
	}
	return nil
}

// outputName is the ONNX name of a graph output: the TF reference without ":0".
func outputName(ref string) string { return strings.TrimSuffix(refKey(ref), ":0") }

// addOutput exposes a TF tensor as a graph output named after it, through an
// Identity (the name was reserved, so no inner value holds it).
func (c *converter) addOutput(ref string) error {
	v, ok := c.vals[refKey(ref)]
	if !ok {
		return fmt.Errorf("%w: output %s was not converted", ErrBadGraph, ref)
	}
	name := outputName(ref)
	if c.isInput(name) {
		name = c.unique(name + "_output")
	}
	src := c.in(v)
	c.g.nodes = append(c.g.nodes, onnxNode{name: c.unique(name + "#Identity"), op: "Identity", in: []string{src}, out: []string{name}})
	c.g.outputs = append(c.g.outputs, onnxValueInfo{name: name, elem: v.dt.onnx(), shape: v.shape})
	return nil
}

func (c *converter) isInput(name string) bool {
	return slices.ContainsFunc(c.g.inputs, func(v onnxValueInfo) bool { return v.name == name })
}

// isControlFlow reports the TF v1 control-flow ops, whose loops would
// otherwise show up as cycles.
func isControlFlow(op string) bool {
	switch op {
	case "Enter", "Exit", "Merge", "Switch", "NextIteration", "LoopCond", "While", "StatelessWhile", "If", "StatelessIf":
		return true
	}
	return false
}

// unique returns base, or base with a numeric suffix, not yet used as a name.
func (c *converter) unique(base string) string {
	name := base
	for k := 1; c.names[name]; k++ {
		name = fmt.Sprintf("%s_%d", base, k)
	}
	c.names[name] = true
	return name
}

// in returns the ONNX name of v, adding an initializer for a constant.
func (c *converter) in(v *value) string {
	if v.c == nil {
		return v.name
	}
	if name, ok := c.inits[v.c]; ok {
		return name
	}
	base := v.name
	if base == "" {
		base = "const"
	}
	name := c.unique(base)
	c.inits[v.c] = name
	c.g.inits = append(c.g.inits, &onnxTensor{name: name, dims: v.c.shape, dtype: v.c.dt.onnx(), raw: v.c.raw()})
	return name
}

// constant wraps a tensor as a value; name is a hint for its initializer.
func constant(name string, t *tensor) *value {
	return &value{name: name, dt: t.dt, shape: t.shape, c: t}
}

// emit adds an ONNX node and returns its outputs as values of the given
// dtypes and shapes. base names the node and its first output.
func (c *converter) emit(base, op string, ins []*value, attrs []onnxAttr, outs ...*value) []*value {
	node := onnxNode{name: c.unique(base + "#" + op), op: op, attrs: attrs}
	for _, v := range ins {
		if v == nil {
			node.in = append(node.in, "")
			continue
		}
		node.in = append(node.in, c.in(v))
	}
	for k, o := range outs {
		hint := base
		if k > 0 {
			hint = fmt.Sprintf("%s:%d", base, k)
		}
		o.name = c.unique(hint)
		node.out = append(node.out, o.name)
	}
	c.g.nodes = append(c.g.nodes, node)
	return outs
}

// emit1 is emit for the common single-output node.
func (c *converter) emit1(base, op string, ins []*value, attrs []onnxAttr, dt dtype, shape []int64) *value {
	return c.emit(base, op, ins, attrs, &value{dt: dt, shape: shape})[0]
}

func intsAttr(name string, v ...int64) onnxAttr { return onnxAttr{name: name, typ: attrInts, ints: v} }
func intAttr(name string, v int64) onnxAttr     { return onnxAttr{name: name, typ: attrInt, i: v} }
func floatAttr(name string, v float32) onnxAttr { return onnxAttr{name: name, typ: attrFloat, f: v} }
func strAttr(name, v string) onnxAttr           { return onnxAttr{name: name, typ: attrString, s: v} }

func unsupported(n *nodeDef, format string, args ...any) error {
	return fmt.Errorf("%w %s (node %s): %s", ErrUnsupportedOp, n.Op, n.Name, fmt.Sprintf(format, args...))
}
