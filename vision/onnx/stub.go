//go:build !cgo

package onnx

import "context"

// Init returns ErrUnavailable: this build has no cgo.
func Init(Options) error { return ErrUnavailable }

// Destroy returns ErrUnavailable: this build has no cgo.
func Destroy() error { return ErrUnavailable }

// Version returns "" in a build without cgo.
func Version() string { return "" }

// Session is a stub; it cannot be created without cgo.
type Session struct{}

// NewSession returns ErrUnavailable: this build has no cgo.
func NewSession(string, []string, []string, SessionOptions) (*Session, error) {
	return nil, ErrUnavailable
}

// Run returns ErrUnavailable: this build has no cgo.
func (*Session) Run(context.Context, map[string]Tensor) (map[string]Tensor, error) {
	return nil, ErrUnavailable
}

// Close returns nil.
func (*Session) Close() error { return nil }
