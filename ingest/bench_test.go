package ingest_test

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"os"
	"testing"
	"time"

	"github.com/disintegration/imaging"

	"sajin/ingest"
	"sajin/ingest/exif/exiftest"
	"sajin/ingest/ingesttest"
)

// photo12MP returns a 4000x3000 JPEG: a real photo from the fixtures upscaled (so it compresses and decodes like a
// camera's), or a generated gradient when the fixtures are absent.
func photo12MP(b *testing.B) []byte {
	b.Helper()
	var src image.Image = exiftest.Gray(400, 300)
	if f, err := os.Open("../testdata/fixtures/messi5.jpg"); err == nil {
		if img, err := jpeg.Decode(f); err == nil {
			src = img
		}
		f.Close()
	}
	big := imaging.Resize(src, 4000, 3000, imaging.Linear)
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, big, &jpeg.Options{Quality: 90}); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkAdd12MP measures import throughput: store, EXIF, decode and three thumbnails, catalog row, and the
// index stage, for 12-megapixel JPEGs, one at a time. Each iteration gets distinct EXIF so nothing is a duplicate.
// cpu-ms/op (both cores count) is the figure to compare on a busy machine.
func BenchmarkAdd12MP(b *testing.B) {
	l := ingesttest.New(b, ingest.Options{})
	base := photo12MP(b)
	b.SetBytes(int64(len(base)))
	start, cpu := time.Now(), cpuTime()
	for i := 0; b.Loop(); i++ {
		data := exiftest.InsertAPP1(base, exiftest.APP1(exiftest.Tags{
			DateTimeOriginal: "2019:05:01 10:00:00", Make: "Bench", Model: fmt.Sprintf("camera %d", i),
		}))
		if _, status, err := l.Pipeline.Add(b.Context(), ingest.Source{Name: "IMG.jpg", Body: bytes.NewReader(data)}); err != nil || status != ingest.Imported {
			b.Fatalf("Add = %v, %v", status, err)
		}
		if _, err := l.Pipeline.Work(b.Context()); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "photos/s")
	b.ReportMetric(float64(cpuTime()-cpu)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}
