package main

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/jpeg"
	_ "image/png" // the fixtures are PNG and JPEG
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"golang.org/x/image/draw"
	"golang.org/x/sync/errgroup"

	"sajin/ingest/exif/exiftest"
)

// photoSet is one size of benchmark photo: a folder of camera-sized JPEGs.
type photoSet struct {
	dir  string // folder name under the output folder, and the set's key in the results
	w, h int
}

// photoSets are the two sizes the issue asks for: a 12 MP phone (4:3) and a 24 MP camera (3:2).
var photoSets = []photoSet{{dir: "12mp", w: 4000, h: 3000}, {dir: "24mp", w: 6000, h: 4000}}

// photoVersion changes whenever the generated photos would change, so that an old folder is made again.
const photoVersion = "v1"

func runPhotos(ctx context.Context, args []string, stderr io.Writer) error {
	fs := newFlags("photos", stderr)
	from := fs.String("from", "testdata/fixtures", "folder of the real photos to upscale")
	out := fs.String("out", "bin/benchphotos", "output folder (12mp/ and 24mp/ below it)")
	n12 := fs.Int("n12", 12, "number of 12 MP photos")
	n24 := fs.Int("n24", 6, "number of 24 MP photos")
	if err := fs.Parse(args); err != nil {
		return err
	}
	srcs, err := loadFixtures(*from)
	if err != nil {
		return err
	}
	for _, set := range photoSets {
		n := map[string]int{"12mp": *n12, "24mp": *n24}[set.dir]
		dir := filepath.Join(*out, set.dir)
		stamp := fmt.Sprintf("%s %dx%d n=%d from=%s", photoVersion, set.w, set.h, n, fixtureNames(srcs))
		stampFile := filepath.Join(*out, "."+set.dir+".stamp")
		if upToDate(stampFile, stamp) {
			continue
		}
		t0 := time.Now()
		os.Remove(stampFile)
		if err := makeFolder(dir); err != nil {
			return err
		}
		g, gctx := errgroup.WithContext(ctx)
		g.SetLimit(runtime.NumCPU())
		for i := range n {
			g.Go(func() error {
				if err := gctx.Err(); err != nil {
					return err
				}
				data, err := benchPhoto(srcs[i%len(srcs)], set, i, i/len(srcs))
				if err != nil {
					return err
				}
				return os.WriteFile(filepath.Join(dir, fmt.Sprintf("IMG_%04d.jpg", i+1)), data, 0o644)
			})
		}
		if err := g.Wait(); err != nil {
			return err
		}
		if err := os.WriteFile(stampFile, []byte(stamp), 0o644); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "benchreport: %d photos of %dx%d in %s (%.0fs)\n", n, set.w, set.h, dir, time.Since(t0).Seconds())
	}
	return nil
}

// fixture is one decoded development photo.
type fixture struct {
	name string
	img  image.Image
}

// loadFixtures decodes every photo of dir, in name order.
func loadFixtures(dir string) ([]fixture, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*"))
	if err != nil {
		return nil, err
	}
	slices.Sort(paths)
	var out []fixture
	for _, p := range paths {
		ext := strings.ToLower(filepath.Ext(p))
		if ext != ".jpg" && ext != ".png" {
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		img, _, err := image.Decode(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("fixture %s: %w", p, err)
		}
		out = append(out, fixture{name: filepath.Base(p), img: img})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no photos in %s (run scripts/fixtures.sh)", dir)
	}
	return out, nil
}

func fixtureNames(fx []fixture) string {
	names := make([]string, len(fx))
	for i, f := range fx {
		names[i] = f.name
	}
	return strings.Join(names, ",")
}

// upToDate reports whether the stamp file written after making a folder holds exactly these parameters (it lives
// beside the folder, not in it, so that the import does not count it).
func upToDate(stampFile, stamp string) bool {
	b, err := os.ReadFile(stampFile)
	return err == nil && string(b) == stamp
}

// makeFolder empties dir, creating it if needed.
func makeFolder(dir string) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	return os.MkdirAll(dir, 0o755)
}

// benchPhoto makes photo i of a set: the fixture cropped to the set's aspect (a little tighter on each later
// cycle through the fixtures, so no two photos are alike), upscaled, with a camera's sensor grain (so the JPEG is
// as large and as slow to decode as a camera's: a smooth upscale compresses several times better), encoded at
// quality 92, with camera EXIF. Every fourth photo is stored sideways with orientation 6, as phones store
// photos taken upright.
func benchPhoto(src fixture, set photoSet, i, cycle int) ([]byte, error) {
	zoom := 1 + 0.08*float64(cycle)
	img := fill(src.img, set.w, set.h, zoom, draw.BiLinear)
	grain(img, uint64(i)+1, 10)
	orientation := 1
	var stored image.Image = img
	if i%4 == 3 {
		orientation, stored = 6, rotateCCW(img)
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, stored, &jpeg.Options{Quality: 92}); err != nil {
		return nil, err
	}
	b := stored.Bounds()
	return exiftest.InsertAPP1(buf.Bytes(), exiftest.APP1(cameraTags(i, b.Dx(), b.Dy(), orientation))), nil
}

// fill crops src to the aspect of w x h around its centre, zoom times tighter, and scales it to w x h.
func fill(src image.Image, w, h int, zoom float64, scaler draw.Scaler) *image.RGBA {
	sb := src.Bounds()
	cw, ch := sb.Dx(), sb.Dy()
	if cw*h > ch*w {
		cw = ch * w / h
	} else {
		ch = cw * h / w
	}
	cw, ch = int(float64(cw)/zoom), int(float64(ch)/zoom)
	x0, y0 := sb.Min.X+(sb.Dx()-cw)/2, sb.Min.Y+(sb.Dy()-ch)/2
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	scaler.Scale(dst, dst.Bounds(), src, image.Rect(x0, y0, x0+cw, y0+ch), draw.Src, nil)
	return dst
}

// grain adds triangular noise of at most ±amp levels to every colour sample, from a seeded generator.
func grain(img *image.RGBA, seed uint64, amp int) {
	r := rand.New(rand.NewPCG(seed, 7))
	var bits uint64
	left := 0
	span := uint64(amp + 1)
	for i := 0; i < len(img.Pix); i += 4 {
		for c := range 3 {
			if left == 0 {
				bits, left = r.Uint64(), 4
			}
			a, b := int((bits&0xff)%span), int((bits>>8&0xff)%span)
			bits >>= 16
			left--
			v := int(img.Pix[i+c]) + a - b
			img.Pix[i+c] = uint8(min(max(v, 0), 255))
		}
	}
}

// rotateCCW turns img a quarter turn anticlockwise: stored so, it displays upright under EXIF orientation 6.
func rotateCCW(img *image.RGBA) *image.RGBA {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	out := image.NewRGBA(image.Rect(0, 0, h, w))
	for y := range h {
		for x := range w {
			si := img.PixOffset(x, y)
			di := out.PixOffset(y, w-1-x)
			copy(out.Pix[di:di+4], img.Pix[si:si+4])
		}
	}
	return out
}

// camera is a camera of the generated photos.
type camera struct{ make, model, lens string }

var cameras = []camera{
	{"Apple", "iPhone 13 Pro", "iPhone 13 Pro back triple camera 5.7mm f/1.5"},
	{"samsung", "SM-S911N", ""},
	{"Canon", "Canon EOS R6", "RF24-105mm F4 L IS USM"},
	{"SONY", "ILCE-7M3", "FE 35mm F1.8"},
}

// benchPlaces are the GPS positions of every other photo: Seoul, Jeju, Busan.
var benchPlaces = [][2]float64{{37.5665, 126.9780}, {33.4996, 126.5312}, {35.1796, 129.0756}}

// cameraTags is the EXIF of photo i: a camera, a capture date with its offset, exposure, and on every other photo
// a GPS position.
func cameraTags(i, w, h, orientation int) exiftest.Tags {
	c := cameras[i%len(cameras)]
	taken := time.Date(2019, 5, 1, 9, 0, 0, 0, time.UTC).Add(time.Duration(i) * 37 * time.Minute)
	t := exiftest.Tags{
		Make: c.make, Model: c.model, LensModel: c.lens, Orientation: orientation, Width: w, Height: h,
		DateTime: taken.Format(exiftest.Layout), DateTimeOriginal: taken.Format(exiftest.Layout),
		DateTimeDigitized: taken.Format(exiftest.Layout), OffsetTimeOriginal: "+09:00",
		Exif: []exiftest.Entry{
			exiftest.Rational(0x829A, 1, int64(60+i%4*60)), // ExposureTime
			exiftest.Rational(0x829D, 18, 10),              // FNumber
			exiftest.Short(0x8827, int64(100<<(i%4))),      // ISOSpeedRatings
			exiftest.Rational(0x920A, 57, 10),              // FocalLength
		},
	}
	if i%2 == 0 {
		p := benchPlaces[i/2%len(benchPlaces)]
		t.GPS = &exiftest.GPS{Lat: p[0] + float64(i%7)*0.001, Lon: p[1] + float64(i%5)*0.001,
			DateStamp: taken.Add(-9 * time.Hour).Format("2006:01:02"), TimeStamp: taken.Add(-9 * time.Hour).Format("15:04:05")}
	}
	return t
}

func runLibrary(ctx context.Context, args []string, stderr io.Writer) error {
	fs := newFlags("library", stderr)
	from := fs.String("from", "testdata/fixtures", "folder of the real photos to crop")
	out := fs.String("out", "bin/benchlibrary", "output folder")
	n := fs.Int("n", 2000, "number of photos")
	size := fs.String("size", "160x120", "pixel size of each photo")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var w, h int
	if _, err := fmt.Sscanf(*size, "%dx%d", &w, &h); err != nil || w <= 0 || h <= 0 {
		return fmt.Errorf("library: -size %q: want WIDTHxHEIGHT", *size)
	}
	srcs, err := loadFixtures(*from)
	if err != nil {
		return err
	}
	stamp := fmt.Sprintf("%s library %dx%d n=%d from=%s", photoVersion, w, h, *n, fixtureNames(srcs))
	stampFile := filepath.Clean(*out) + ".stamp"
	if upToDate(stampFile, stamp) {
		return nil
	}
	t0 := time.Now()
	os.Remove(stampFile)
	if err := makeFolder(*out); err != nil {
		return err
	}
	bases, err := libraryBases(srcs, w, h, 256)
	if err != nil {
		return err
	}
	if err := writeLibrary(ctx, *out, bases, *n); err != nil {
		return err
	}
	if err := os.WriteFile(stampFile, []byte(stamp), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "benchreport: library of %d photos of %dx%d in %s (%.0fs)\n", *n, w, h, *out, time.Since(t0).Seconds())
	return nil
}

// libraryBases makes k distinct small JPEGs without EXIF: random crops of the fixtures.
func libraryBases(srcs []fixture, w, h, k int) ([][]byte, error) {
	r := rand.New(rand.NewPCG(42, 42))
	bases := make([][]byte, k)
	for i := range bases {
		img := fill(srcs[i%len(srcs)].img, w, h, 1+r.Float64(), draw.ApproxBiLinear)
		grain(img, uint64(i)+1000, 4)
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 85}); err != nil {
			return nil, err
		}
		bases[i] = buf.Bytes()
	}
	return bases, nil
}

// writeLibrary writes n photos into folders of 1,000 (as cameras do): each a base image with EXIF of its own
// (capture time and camera), so every file's content, and hash, differs.
func writeLibrary(ctx context.Context, out string, bases [][]byte, n int) error {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.NumCPU())
	const perFolder = 1000
	for start := 0; start < n; start += perFolder {
		g.Go(func() error {
			dir := filepath.Join(out, fmt.Sprintf("%03dCAMERA", start/perFolder+100))
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
			for i := start; i < min(start+perFolder, n); i++ {
				if err := gctx.Err(); err != nil {
					return err
				}
				c := cameras[i%len(cameras)]
				taken := time.Date(2005, 1, 1, 8, 0, 0, 0, time.UTC).Add(time.Duration(i) * 7 * time.Minute)
				app1 := exiftest.APP1(exiftest.Tags{Make: c.make, Model: c.model,
					DateTimeOriginal: taken.Format(exiftest.Layout)})
				data := exiftest.InsertAPP1(bases[i%len(bases)], app1)
				if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("IMG_%06d.jpg", i+1)), data, 0o644); err != nil {
					return err
				}
			}
			return nil
		})
	}
	return g.Wait()
}
