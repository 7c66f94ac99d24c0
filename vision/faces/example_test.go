package faces_test

import (
	"context"
	"fmt"
	"image"
	"os"

	"sajin/vision/faces"
	"sajin/vision/onnx"
)

// Example shows the wiring: ONNX Runtime once per process, one Detector for
// all photos, and Cosine to compare two faces.
func Example() {
	if err := onnx.Init(onnx.Options{LibraryPath: "/path/to/libonnxruntime.so.1.24.3"}); err != nil {
		fmt.Println(err)
		return
	}
	cascade, err := os.ReadFile("/path/to/pigo/cascade/facefinder")
	if err != nil {
		fmt.Println(err)
		return
	}
	d, err := faces.New(faces.Options{
		BlazeFace: "/path/to/models/blazeface/blazeface.onnx",
		FaceRes:   "/path/to/models/faceres/faceres.onnx",
		Cascade:   cascade,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer d.Close()
	var a, b image.Image // two upright photos
	fa, err := d.Find(context.Background(), a)
	if err != nil {
		fmt.Println(err)
		return
	}
	fb, err := d.Find(context.Background(), b)
	if err != nil {
		fmt.Println(err)
		return
	}
	if len(fa) > 0 && len(fb) > 0 && faces.Cosine(fa[0].Embedding, fb[0].Embedding) > 0.6 {
		fmt.Println("probably the same person")
	}
}
