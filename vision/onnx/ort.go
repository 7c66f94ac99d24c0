//go:build cgo

package onnx

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"

	ort "github.com/yalue/onnxruntime_go"
)

// runtimeState guards ONNX Runtime's process-wide environment, which
// onnxruntime_go keeps in package globals: Init and Destroy must not race,
// and sessions need the default thread count given to Init. This is the one
// piece of package-level state here, and it mirrors what the library forces.
var runtimeState struct {
	sync.Mutex
	intraOp int
}

// Init loads the ONNX Runtime shared library at opts.LibraryPath and creates
// the environment. It is meant to be called once, from main; calling it again
// while initialised is a no-op. A missing library is an ErrLibraryNotFound
// that names the path and says how to fetch it.
func Init(opts Options) error {
	runtimeState.Lock()
	defer runtimeState.Unlock()
	if ort.IsInitialized() {
		return nil
	}
	if err := checkLibrary(opts.LibraryPath); err != nil {
		return err
	}
	ort.SetSharedLibraryPath(opts.LibraryPath)
	if err := ort.InitializeEnvironment(ort.WithLogLevelError()); err != nil {
		return fmt.Errorf("onnx: load %s: %w", opts.LibraryPath, err)
	}
	runtimeState.intraOp = opts.IntraOpThreads
	return nil
}

// checkLibrary says where it looked and how to get the library when it is missing.
func checkLibrary(path string) error {
	if path == "" {
		return fmt.Errorf("%w: no library path given; %s", ErrLibraryNotFound, howToGet)
	}
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("%w: looked at %s (%w); %s", ErrLibraryNotFound, path, err, howToGet)
	}
	return nil
}

// Destroy releases the environment. Sessions must be closed first.
func Destroy() error {
	runtimeState.Lock()
	defer runtimeState.Unlock()
	if !ort.IsInitialized() {
		return nil
	}
	if err := ort.DestroyEnvironment(); err != nil {
		return fmt.Errorf("onnx: destroy: %w", err)
	}
	return nil
}

// Version returns the loaded ONNX Runtime's version, or "" before Init.
func Version() string {
	if !ort.IsInitialized() {
		return ""
	}
	return ort.GetVersion()
}

// Session is a loaded model with fixed input and output names. Run may be
// called from several goroutines at once (ONNX Runtime allows concurrent runs
// of one session; each run has its own tensors). Close waits for runs in
// progress and must be called when the session is no longer needed.
type Session struct {
	mu      sync.RWMutex // Run holds it shared, Close exclusively
	s       *ort.DynamicAdvancedSession
	inputs  []string
	outputs []string
}

// NewSession loads the model at onnxPath. inputs and outputs name the
// tensors Run feeds and returns; output shapes need not be known up front.
func NewSession(onnxPath string, inputs, outputs []string, opts SessionOptions) (*Session, error) {
	if !ort.IsInitialized() {
		return nil, ErrNotInitialized
	}
	if len(inputs) == 0 || len(outputs) == 0 {
		return nil, fmt.Errorf("onnx: session %s: need at least one input and one output name", onnxPath)
	}
	so, err := ort.NewSessionOptions()
	if err != nil {
		return nil, fmt.Errorf("onnx: session options: %w", err)
	}
	defer so.Destroy()
	threads := opts.IntraOpThreads
	if threads == 0 {
		runtimeState.Lock()
		threads = runtimeState.intraOp
		runtimeState.Unlock()
	}
	if threads > 0 {
		if err := so.SetIntraOpNumThreads(threads); err != nil {
			return nil, fmt.Errorf("onnx: intra-op threads: %w", err)
		}
	}
	if err := so.SetInterOpNumThreads(1); err != nil {
		return nil, fmt.Errorf("onnx: inter-op threads: %w", err)
	}
	s, err := ort.NewDynamicAdvancedSession(onnxPath, inputs, outputs, so)
	if err != nil {
		return nil, fmt.Errorf("onnx: load model %s: %w", onnxPath, err)
	}
	return &Session{s: s, inputs: append([]string{}, inputs...), outputs: append([]string{}, outputs...)}, nil
}

// Close releases the session. It is safe to call more than once.
func (s *Session) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.s == nil {
		return nil
	}
	err := s.s.Destroy()
	s.s = nil
	if err != nil {
		return fmt.Errorf("onnx: close session: %w", err)
	}
	return nil
}

// Run feeds one tensor per input name and returns every output, copied into
// Go memory and keyed by name. Outputs of integer or boolean type are
// converted to float32. Cancelling ctx terminates a run in progress.
func (s *Session) Run(ctx context.Context, in map[string]Tensor) (map[string]Tensor, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.s == nil {
		return nil, ErrClosed
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	inputs, err := s.makeInputs(in)
	defer destroyAll(inputs)
	if err != nil {
		return nil, err
	}
	ro, err := ort.NewRunOptions()
	if err != nil {
		return nil, fmt.Errorf("onnx: run options: %w", err)
	}
	defer ro.Destroy()
	stop := context.AfterFunc(ctx, func() { _ = ro.Terminate() })
	defer stop()
	outputs := make([]ort.Value, len(s.outputs))
	defer destroyAll(outputs)
	if err := s.s.RunWithOptions(inputs, outputs, ro); err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("onnx: run: %w", ctx.Err())
		}
		return nil, fmt.Errorf("onnx: run: %w", err)
	}
	out := make(map[string]Tensor, len(outputs))
	for k, v := range outputs {
		t, err := copyOut(v)
		if err != nil {
			return nil, fmt.Errorf("onnx: output %s: %w", s.outputs[k], err)
		}
		out[s.outputs[k]] = t
	}
	return out, nil
}

// makeInputs wraps the Go tensors as ONNX Runtime values in input order.
// The caller destroys what it returns, also on error.
func (s *Session) makeInputs(in map[string]Tensor) ([]ort.Value, error) {
	if len(in) != len(s.inputs) {
		return nil, fmt.Errorf("onnx: run: got %d inputs, session has %d (%v)", len(in), len(s.inputs), s.inputs)
	}
	vals := make([]ort.Value, 0, len(s.inputs))
	for _, name := range s.inputs {
		t, ok := in[name]
		if !ok {
			return vals, fmt.Errorf("onnx: run: missing input %q", name)
		}
		if t.Elements() != int64(len(t.Data)) {
			return vals, fmt.Errorf("onnx: run: input %s: shape %v needs %d values, got %d", name, t.Shape, t.Elements(), len(t.Data))
		}
		v, err := ort.NewTensor(ort.NewShape(t.Shape...), t.Data)
		if err != nil {
			return vals, fmt.Errorf("onnx: run: input %s: %w", name, err)
		}
		vals = append(vals, v)
	}
	return vals, nil
}

func destroyAll(vals []ort.Value) {
	for _, v := range vals {
		if v != nil {
			_ = v.Destroy()
		}
	}
}

// copyOut copies an output value into a float32 Tensor.
func copyOut(v ort.Value) (Tensor, error) {
	shape := append([]int64{}, v.GetShape()...)
	switch t := v.(type) {
	case *ort.Tensor[float32]:
		return Tensor{Shape: shape, Data: append([]float32{}, t.GetData()...)}, nil
	case *ort.Tensor[int64]:
		return Tensor{Shape: shape, Data: convert(t.GetData())}, nil
	case *ort.Tensor[int32]:
		return Tensor{Shape: shape, Data: convert(t.GetData())}, nil
	case *ort.Tensor[float64]:
		return Tensor{Shape: shape, Data: convert(t.GetData())}, nil
	case *ort.Tensor[uint8]:
		return Tensor{Shape: shape, Data: convert(t.GetData())}, nil
	}
	return Tensor{}, errors.New("unsupported output type (want a numeric tensor)")
}

func convert[T int64 | int32 | float64 | uint8](in []T) []float32 {
	out := make([]float32, len(in))
	for k, v := range in {
		out[k] = float32(v)
	}
	return out
}
