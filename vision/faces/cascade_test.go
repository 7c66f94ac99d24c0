package faces

import (
	"encoding/binary"
	"errors"
	"os"
	"testing"
)

// FuzzUnpackCascade feeds arbitrary bytes to the cascade parser: it must
// return a cascade or ErrBadCascade, never panic.
func FuzzUnpackCascade(f *testing.F) {
	if testEnv.cascade != "" {
		if b, err := os.ReadFile(testEnv.cascade); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte{})
	f.Add(cascadeHeader(1, 1, 16))
	f.Add(cascadeHeader(6, 2, 16+2*8*64))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := unpackCascade(b)
		if err != nil && !errors.Is(err, ErrBadCascade) {
			t.Errorf("unpackCascade error = %v, want ErrBadCascade", err)
		}
		if err == nil && p == nil {
			t.Error("unpackCascade = nil, nil")
		}
	})
}

// cascadeHeader returns a zero-filled cascade of n bytes declaring trees
// of the given depth.
func cascadeHeader(depth, trees uint32, n int) []byte {
	b := make([]byte, n)
	binary.LittleEndian.PutUint32(b[8:], depth)
	binary.LittleEndian.PutUint32(b[12:], trees)
	return b
}

func TestUnpackCascade(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		ok   bool
	}{
		{"empty", nil, false},
		{"header only, no trees", cascadeHeader(6, 0, 16), true},
		{"one tree of depth 1", cascadeHeader(1, 1, 16+16), true},
		{"one tree, one byte short", cascadeHeader(1, 1, 16+15), false},
		{"too deep", cascadeHeader(40, 1, 16), false},
		{"tree count overflows", cascadeHeader(12, 1<<31, 16), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := unpackCascade(tt.in)
			if (err == nil) != tt.ok {
				t.Errorf("unpackCascade(%d bytes) error = %v, want ok %v", len(tt.in), err, tt.ok)
			}
		})
	}
}
