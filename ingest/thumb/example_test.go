package thumb_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"log"

	"sajin/ingest/thumb"
)

// A pipeline probes, decodes, and renders a photo stored sideways (EXIF
// orientation 6, as phones write portrait shots).
func Example() {
	var file bytes.Buffer // stands in for an uploaded photo: 2400x1600 as stored
	if err := png.Encode(&file, image.NewGray(image.Rect(0, 0, 2400, 1600))); err != nil {
		log.Fatal(err)
	}
	m := thumb.New(thumb.Options{})
	img, info, err := m.Decode(bytes.NewReader(file.Bytes()))
	if err != nil {
		log.Fatal(err) // errors.Is(err, thumb.ErrTooLarge / ErrUnsupported / ErrCorrupt)
	}
	const orientation = 6 // from the EXIF reader
	w, h := thumb.DisplaySize(info.Width, info.Height, orientation)
	fmt.Printf("%s %dx%d stored, %dx%d shown\n", info.Format, info.Width, info.Height, w, h)
	thumbs, err := m.RenderOriented(context.Background(), img, orientation)
	if err != nil {
		log.Fatal(err)
	}
	for _, t := range thumbs {
		fmt.Printf("%s %dx%d\n", t.Spec.Name, t.Width, t.Height)
	}
	// Output:
	// png 2400x1600 stored, 1600x2400 shown
	// tile 256x256
	// fit720 480x720
	// fit2048 1365x2048
}
