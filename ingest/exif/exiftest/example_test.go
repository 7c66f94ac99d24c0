package exiftest_test

import (
	"bytes"
	"fmt"
	"image/jpeg"
	"time"

	"sajin/ingest/exif/exiftest"
)

// A JPEG taken in Seoul, rotated 90° clockwise, for an ingest test.
func ExampleJPEG() {
	taken := time.Date(2015, 8, 3, 8, 15, 0, 0, time.UTC)
	b := exiftest.JPEG(exiftest.Gray(32, 16), exiftest.Tags{
		Make:               "Canon",
		Model:              "EOS 5D",
		DateTimeOriginal:   taken.Format(exiftest.Layout),
		OffsetTimeOriginal: "+09:00",
		Orientation:        6,
		GPS:                &exiftest.GPS{Lat: 37.5665, Lon: 126.978},
	})
	img, err := jpeg.Decode(bytes.NewReader(b))
	fmt.Println(img.Bounds().Dx(), img.Bounds().Dy(), err)
	// Output: 32 16 <nil>
}
