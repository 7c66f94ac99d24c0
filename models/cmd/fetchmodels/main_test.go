package main

import (
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want string // substring of the error
	}{
		{name: "npm missing", args: []string{"-cache", t.TempDir(), "-npm", "/nonexistent/npm"}, want: "npm pack onnxruntime-node@1.24.3"},
		{name: "no cache", args: nil, env: map[string]string{}, want: "no cache directory"},
		{name: "bad flag", args: []string{"-nope"}, want: "not defined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr strings.Builder
			getenv := func(k string) string { return tt.env[k] }
			err := run(t.Context(), tt.args, getenv, &stderr)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("run(%v) = %v, want an error containing %q", tt.args, err, tt.want)
			}
		})
	}
}

func TestDefaultCache(t *testing.T) {
	tests := []struct {
		env  map[string]string
		want string
	}{
		{env: map[string]string{"XDG_CACHE_HOME": "/x", "HOME": "/h"}, want: "/x/sajin"},
		{env: map[string]string{"HOME": "/h"}, want: "/h/.cache/sajin"},
		{env: map[string]string{}, want: ""},
	}
	for _, tt := range tests {
		if got := defaultCache(func(k string) string { return tt.env[k] }); got != tt.want {
			t.Errorf("defaultCache(%v) = %q, want %q", tt.env, got, tt.want)
		}
	}
}
