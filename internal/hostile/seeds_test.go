package hostile_test

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"golang.org/x/image/draw"

	"sajin/ingest/exif/exiftest"
	"sajin/internal/hostile"
)

var update = flag.Bool("update", false, "write the fuzz seed corpora from the real test photos")

// seedTargets are the fuzz targets that take a whole image file, by their package folder.
var seedTargets = []string{
	"ingest/thumb/testdata/fuzz/FuzzDecode",
	"ingest/thumb/turbojpeg/testdata/fuzz/FuzzDecode",
	"ingest/exif/testdata/fuzz/FuzzRead",
}

// TestWriteSeeds writes, with -update, damaged copies (hostile.Broken) of small real photos, of JPEGs with
// real-world EXIF, and the hostile files, into the seed corpora of the image fuzz targets. `go test` runs every
// seed of a target as a test, and fuzzing starts from them. Run it after scripts/fixtures.sh.
func TestWriteSeeds(t *testing.T) {
	if !*update {
		t.Skip("run with -update to rewrite the seed corpora")
	}
	files := map[string][]byte{}
	for _, name := range []string{"messi5.jpg", "coffee.png", "scenetext01.jpg"} {
		files[name] = smallCopy(t, filepath.Join("..", "..", "testdata", "fixtures", name))
	}
	files["exif-gps.jpg"] = exiftest.JPEG(exiftest.Gray(48, 32), exiftest.Tags{
		DateTimeOriginal: "2015:08:03 08:15:00", OffsetTimeOriginal: "+09:00", Make: "Canon", Model: "EOS",
		Orientation: 6, GPS: &exiftest.GPS{Lat: 37.5665, Lon: 126.9780},
	})
	files["exif-loop.jpg"] = exiftest.JPEG(exiftest.Gray(16, 16), exiftest.Tags{LoopIFD: true, Model: "loop"})
	files["manyscans.jpg"] = hostile.ManyScansJPEG(64, 64, 40)
	files["bomb.png"] = hostile.PNGBomb(100000, 100000)
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, dir := range seedTargets {
		dir = filepath.Join("..", "..", dir)
		if _, err := os.Stat(filepath.Dir(filepath.Dir(filepath.Dir(dir)))); err != nil {
			continue // a package that is not there (any more)
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, name := range names {
			write(t, dir, "seed-"+name, files[name])
			for how, b := range hostile.Broken(files[name]) {
				write(t, dir, "seed-"+name+"-"+how, b)
			}
		}
	}
}

// smallCopy re-encodes a real photo at 48 px, in its own format, so that seeds stay small.
func smallCopy(t *testing.T, path string) []byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("%v (run scripts/fixtures.sh)", err)
	}
	defer f.Close()
	img, format, err := image.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	w, h := 48, max(1, 48*b.Dy()/b.Dx())
	small := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.CatmullRom.Scale(small, small.Bounds(), img, b, draw.Src, nil)
	var out bytes.Buffer
	if format == "png" {
		err = png.Encode(&out, small)
	} else {
		err = jpeg.Encode(&out, small, &jpeg.Options{Quality: 80})
	}
	if err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// write writes one corpus entry in the format of `go test -fuzz` (one []byte argument).
func write(t *testing.T, dir, name string, data []byte) {
	t.Helper()
	entry := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", data)
	if err := os.WriteFile(filepath.Join(dir, name), []byte(entry), 0o644); err != nil {
		t.Fatal(err)
	}
}
