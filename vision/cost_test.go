package vision

import (
	"context"
	"image"
	"syscall"
	"testing"
	"time"

	"github.com/disintegration/imaging"

	"sajin/vision/visiontest"
)

// fixtureNames are the 14 development photos of docs/vision.md.
var fixtureNames = []string{"astronaut.png", "basketball1.png", "building.jpg", "chelsea.png", "coffee.png",
	"fruits.jpg", "home.jpg", "messi5.jpg", "motorcycle_left.png", "page.png", "rocket.jpg", "scenetext01.jpg",
	"scenetext02.jpg", "scenetext03.jpg"}

// cpuTime is the process's user and system CPU time so far, every thread's (ONNX Runtime's included).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkCost measures the CPU each model and the whole Tag spend per photo (cpu-ms/photo; ns/op is the wall
// time of one pass over the set), on the 14 fixtures as they are ("fixtures", 191-1280 pixels) and enlarged to the
// 2048-pixel long side of the thumbnail the pipeline reads ("2048"). CPU time counts every thread, so it is the
// figure that says how many photos two cores can take.
func BenchmarkCost(b *testing.B) {
	t := fullTagger(b)
	sets := map[string][]image.Image{}
	for _, name := range fixtureNames {
		img := visiontest.Photo(b, name)
		sets["fixtures"] = append(sets["fixtures"], img)
		bd := img.Bounds()
		k := 2048 / float64(max(bd.Dx(), bd.Dy()))
		sets["2048"] = append(sets["2048"], imaging.Resize(img, int(float64(bd.Dx())*k), int(float64(bd.Dy())*k), imaging.Linear))
	}
	parts := []struct {
		name string
		run  func(ctx context.Context, img image.Image) error
	}{
		{"objects", func(ctx context.Context, img image.Image) error {
			_, err := t.parts.Objects.Detect(ctx, img)
			return err
		}},
		{"faces", func(ctx context.Context, img image.Image) error { _, err := t.parts.Faces.Find(ctx, img); return err }},
		{"ocr", func(ctx context.Context, img image.Image) error { _, err := t.parts.OCR.Read(ctx, img); return err }},
		{"tag", func(ctx context.Context, img image.Image) error { _, err := t.Tag(ctx, img, Hints{}); return err }},
	}
	for _, set := range []string{"fixtures", "2048"} {
		for _, p := range parts {
			b.Run(set+"/"+p.name, func(b *testing.B) {
				var cpu time.Duration
				n := 0
				for b.Loop() {
					n++
					start := cpuTime()
					for _, img := range sets[set] {
						if err := p.run(b.Context(), img); err != nil {
							b.Fatal(err)
						}
					}
					cpu += cpuTime() - start
				}
				b.ReportMetric(float64(cpu.Milliseconds())/float64(n*len(sets[set])), "cpu-ms/photo")
			})
		}
	}
}
