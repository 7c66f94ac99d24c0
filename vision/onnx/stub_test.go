//go:build !cgo

package onnx

import (
	"errors"
	"testing"
)

func TestStubUnavailable(t *testing.T) {
	if err := Init(Options{LibraryPath: "x"}); !errors.Is(err, ErrUnavailable) {
		t.Errorf("Init() = %v, want ErrUnavailable", err)
	}
	if _, err := NewSession("m.onnx", []string{"a"}, []string{"b"}, SessionOptions{}); !errors.Is(err, ErrUnavailable) {
		t.Errorf("NewSession() = %v, want ErrUnavailable", err)
	}
	var s *Session
	if _, err := s.Run(t.Context(), nil); !errors.Is(err, ErrUnavailable) {
		t.Errorf("Run() = %v, want ErrUnavailable", err)
	}
}
