package tfjs

import (
	"encoding/binary"
	"math"
	"slices"
)

// fuseClips rewrites Maximum(Minimum(x, hi), lo) with scalar constants
// lo <= hi (Keras' ReLU6 as TF exports it, after a Relu) into one
// Clip(x, lo, hi), which ONNX Runtime fuses into the convolution before it.
// A Relu feeding the Minimum is dropped too when lo >= 0 and nothing else
// reads it. Intermediate values read elsewhere are left alone, so the
// result is the same for every x.
func fuseClips(g *onnxGraph) {
	uses := make(map[string]int)
	for _, n := range g.nodes {
		for _, in := range n.in {
			uses[in]++
		}
	}
	for _, o := range g.outputs {
		uses[o.name]++
	}
	producer := make(map[string]int)
	for k, n := range g.nodes {
		for _, o := range n.out {
			producer[o] = k
		}
	}
	scalars := scalarInits(g)
	drop := make(map[int]bool)
	for k := range g.nodes {
		mx := &g.nodes[k]
		if mx.op != "Max" || len(mx.in) != 2 {
			continue
		}
		lo, ok := scalars[mx.in[1]]
		mi, ok2 := producer[mx.in[0]]
		if !ok || !ok2 || g.nodes[mi].op != "Min" || len(g.nodes[mi].in) != 2 || uses[mx.in[0]] != 1 {
			continue
		}
		min := g.nodes[mi]
		hi, ok := scalars[min.in[1]]
		if !ok || hi < lo {
			continue
		}
		src := min.in[0]
		if r, ok := producer[src]; ok && g.nodes[r].op == "Relu" && uses[src] == 1 && lo >= 0 {
			drop[r] = true
			src = g.nodes[r].in[0]
		}
		drop[mi] = true
		mx.op, mx.in = "Clip", []string{src, mx.in[1], min.in[1]} // Clip(x, lo, hi)
	}
	k := 0
	g.nodes = slices.DeleteFunc(g.nodes, func(onnxNode) bool { k++; return drop[k-1] })
}

// scalarInits returns the float32 scalar initializers by name.
func scalarInits(g *onnxGraph) map[string]float32 {
	out := make(map[string]float32)
	for _, t := range g.inits {
		if t.dtype == onnxFloat && len(t.dims) == 0 && len(t.raw) == 4 {
			out[t.name] = math.Float32frombits(binary.LittleEndian.Uint32(t.raw))
		}
	}
	return out
}
