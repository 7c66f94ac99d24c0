//go:build cgo

package ocr

import "testing"

// The benchmarks time one photo with text (the street sign) and one
// without (the cat), for detection alone and for the full Read.
func BenchmarkDetect(b *testing.B) {
	r := sharedReader(b)
	for _, name := range []string{"scenetext01.jpg", "chelsea.png"} {
		img := fixture(b, name)
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := r.Detect(b.Context(), img); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkRead(b *testing.B) {
	r := sharedReader(b)
	for _, name := range []string{"scenetext01.jpg", "chelsea.png"} {
		img := fixture(b, name)
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := r.Read(b.Context(), img); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
