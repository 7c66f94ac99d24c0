package thumb_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/jpeg"
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

// An import makes a photo's thumbnails in one call: a JPEG is decoded once,
// already scaled down to what the largest size needs.
func ExampleMaker_Thumbnails() {
	var file bytes.Buffer // a 4000x3000 JPEG as a camera writes it
	if err := jpeg.Encode(&file, image.NewGray(image.Rect(0, 0, 4000, 3000)), nil); err != nil {
		log.Fatal(err)
	}
	const orientation = 8 // from the EXIF reader: turned counter-clockwise
	info, thumbs, err := thumb.New(thumb.Options{}).Thumbnails(context.Background(), &file, orientation)
	if err != nil {
		log.Fatal(err) // errors.Is(err, thumb.ErrTooLarge / ErrUnsupported / ErrCorrupt)
	}
	fmt.Printf("%s %dx%d stored\n", info.Format, info.Width, info.Height)
	for _, t := range thumbs {
		fmt.Printf("%s %dx%d\n", t.Spec.Name, t.Width, t.Height)
	}
	// Output:
	// jpeg 4000x3000 stored
	// tile 256x256
	// fit720 540x720
	// fit2048 1536x2048
}
