// Package onnx runs ONNX models on the CPU with ONNX Runtime. It is the only
// package that imports onnxruntime_go, and the only one with cgo: built with
// CGO_ENABLED=0 every function returns ErrUnavailable, so the rest of Sajin
// builds and runs without it.
//
// Init loads the shared library once per process (main calls it); sessions
// are then created per model and reused. Inputs and outputs are float32
// tensors; outputs are copied into Go memory and every ONNX Runtime value is
// released before Run returns. The package does not find the library itself:
// the caller passes its path (see models.ORTLibraryPath for the cache layout).
package onnx

import "errors"

// ErrUnavailable is returned by every function of a build without cgo.
var ErrUnavailable = errors.New("onnx: ONNX Runtime unavailable: this binary was built without cgo")

// ErrLibraryNotFound is returned by Init when the shared library is missing.
var ErrLibraryNotFound = errors.New("onnx: ONNX Runtime library not found")

// ErrNotInitialized is returned when a session is created before Init.
var ErrNotInitialized = errors.New("onnx: ONNX Runtime not initialised (call Init first)")

// ErrClosed is returned by Run on a closed session.
var ErrClosed = errors.New("onnx: session closed")

// Options configures Init.
type Options struct {
	// LibraryPath is the path of libonnxruntime.so (required).
	LibraryPath string
	// IntraOpThreads is the default number of threads a session uses
	// inside one operator; zero lets ONNX Runtime choose (one per core).
	IntraOpThreads int
}

// SessionOptions configures one session; zero values take Init's defaults.
type SessionOptions struct {
	// IntraOpThreads overrides Options.IntraOpThreads for this session.
	IntraOpThreads int
}

// Tensor is a dense float32 tensor in row-major order.
type Tensor struct {
	Shape []int64
	Data  []float32
}

// Elements returns the number of elements Shape describes.
func (t Tensor) Elements() int64 {
	n := int64(1)
	for _, d := range t.Shape {
		n *= d
	}
	return n
}

// howToGet is the hint attached to a missing library error.
const howToGet = "fetch it with `make setup` or `sajin models fetch --cache DIR` (it comes from the npm package onnxruntime-node)"
