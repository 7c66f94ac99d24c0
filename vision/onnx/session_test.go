//go:build cgo

package onnx

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestInitMissingLibrary(t *testing.T) {
	for _, path := range []string{"", "/nonexistent/libonnxruntime.so"} {
		err := checkLibrary(path)
		if !errors.Is(err, ErrLibraryNotFound) || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "models fetch") {
			t.Errorf("checkLibrary(%q) = %v, want ErrLibraryNotFound naming the path and how to fetch", path, err)
		}
	}
	testEnv.setup.Do(loadEnv)
	if testEnv.initErr == nil {
		if err := Init(Options{LibraryPath: "/nonexistent/libonnxruntime.so"}); err != nil {
			t.Errorf("Init() when already initialised = %v, want nil (a no-op)", err)
		}
	}
}

func TestSessionErrors(t *testing.T) {
	path := convertedModel(t, "blazeface")
	if _, err := NewSession("/nonexistent.onnx", []string{"input"}, []string{"Identity"}, SessionOptions{}); err == nil {
		t.Error("NewSession(missing file) = nil error")
	}
	s, err := NewSession(path, []string{"input"}, []string{"Identity", "Identity_1"}, SessionOptions{})
	if err != nil {
		t.Fatal(err)
	}
	good := Tensor{Shape: []int64{1, 256, 256, 3}, Data: make([]float32, 256*256*3)}
	tests := []struct {
		name string
		ctx  context.Context
		in   map[string]Tensor
	}{
		{name: "missing input", ctx: t.Context(), in: map[string]Tensor{"other": good}},
		{name: "short data", ctx: t.Context(), in: map[string]Tensor{"input": {Shape: good.Shape, Data: good.Data[:10]}}},
		{name: "wrong shape", ctx: t.Context(), in: map[string]Tensor{"input": {Shape: []int64{1, 3}, Data: good.Data[:3]}}},
		{name: "cancelled", ctx: cancelled(t), in: map[string]Tensor{"input": good}},
	}
	for _, tt := range tests {
		if _, err := s.Run(tt.ctx, tt.in); err == nil {
			t.Errorf("Run(%s) = nil error", tt.name)
		}
	}
	out, err := s.Run(t.Context(), map[string]Tensor{"input": good})
	if err != nil {
		t.Fatal(err)
	}
	if got := out["Identity_1"].Shape; len(got) != 3 || got[1] != 384 {
		t.Errorf("Identity_1 shape = %v, want [1 384 1]", got)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Run(t.Context(), map[string]Tensor{"input": good}); !errors.Is(err, ErrClosed) {
		t.Errorf("Run after Close = %v, want ErrClosed", err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close = %v, want nil", err)
	}
}

func TestSessionConcurrentRuns(t *testing.T) {
	path := convertedModel(t, "faceres")
	s, err := NewSession(path, []string{"input_1"}, []string{"global_pooling/Mean"}, SessionOptions{IntraOpThreads: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	in := map[string]Tensor{"input_1": {Shape: []int64{2, 224, 224, 3}, Data: ramp(2*224*224*3, 0.001, 0)}}
	want, err := s.Run(t.Context(), in)
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			got, err := s.Run(t.Context(), in)
			if err == nil && (len(got["global_pooling/Mean"].Data) != 2048 || got["global_pooling/Mean"].Data[7] != want["global_pooling/Mean"].Data[7]) {
				err = errors.New("concurrent run gave a different result")
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

func cancelled(t *testing.T) context.Context {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	return ctx
}
