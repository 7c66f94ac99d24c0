package thumb

import (
	"bytes"
	"fmt"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"

	"golang.org/x/image/bmp"
	"golang.org/x/image/tiff"
)

// The figures of docs/formats.md: each format's cost for a 4032x3024 photo-like image (an
// iPhone's 12 MP), through Thumbnails as the import runs it. Inputs are made once and cached in
// bin/benchformats/ at the repository root; those that need a Debian tool (heif-enc from
// libheif-examples, avifenc from libavif-bin, cwebp from webp) are skipped when it is missing.

// benchFormats lists the formats measured, in the table's order.
var benchFormats = []string{"jpeg", "png", "webp", "gif", "bmp", "tiff", "heic", "avif", "dng"}

// benchInput returns the 12 MP input of one format, making and caching it when needed.
func benchInput(tb testing.TB, format string) []byte {
	root, _ := filepath.Abs(filepath.Join("..", "..", "bin", "benchformats"))
	path := filepath.Join(root, "bench-12mp."+format)
	if data, err := os.ReadFile(path); err == nil {
		return data
	}
	img := photoLike(4032, 3024, 7)
	var data []byte
	switch format {
	case "jpeg":
		data = encodeJPEG(tb, img, 90)
	case "png":
		data = encodePNG(tb, img)
	case "gif":
		data = encodeGIF(tb, img)
	case "bmp", "tiff":
		var buf bytes.Buffer
		enc := map[string]func() error{
			"bmp":  func() error { return bmp.Encode(&buf, img) },
			"tiff": func() error { return tiff.Encode(&buf, img, &tiff.Options{Compression: tiff.Deflate}) },
		}[format]
		if err := enc(); err != nil {
			tb.Fatal(err)
		}
		data = buf.Bytes()
	case "dng": // the 12 MP JPEG as the preview of a DNG, beside a small one, as cameras store them
		data = dngWithPreview(encodeJPEG(tb, img, 90), testJPEG(tb, 160, 120))
	default:
		data = encodeWithTool(tb, format, img)
	}
	if err := os.MkdirAll(root, 0o755); err == nil {
		os.WriteFile(path, data, 0o644) // a cache: a failure only costs the next run the encoding
	}
	return data
}

// encodeWithTool encodes img with the Debian command-line encoder of format.
func encodeWithTool(tb testing.TB, format string, img *image.RGBA) []byte {
	tools := map[string][]string{
		"heic": {"heif-enc", "-q", "60", "-o", "DST", "SRC"},
		"avif": {"avifenc", "-s", "8", "-j", "2", "SRC", "DST"},
		"webp": {"cwebp", "-q", "85", "SRC", "-o", "DST"},
	}
	cmd := tools[format]
	if _, err := exec.LookPath(cmd[0]); err != nil {
		tb.Skipf("%s not installed to make a 12 MP %s", cmd[0], format)
	}
	dir := tb.TempDir()
	src, dst := filepath.Join(dir, "src.png"), filepath.Join(dir, "dst."+format)
	if err := os.WriteFile(src, encodePNG(tb, img), 0o644); err != nil {
		tb.Fatal(err)
	}
	args := append([]string(nil), cmd[1:]...)
	for i, a := range args {
		args[i] = map[string]string{"SRC": src, "DST": dst}[a]
		if args[i] == "" {
			args[i] = a
		}
	}
	if out, err := exec.Command(cmd[0], args...).CombinedOutput(); err != nil {
		tb.Fatalf("%s: %v\n%s", cmd[0], err, out)
	}
	data, err := os.ReadFile(dst)
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// dngWithPreview lays out a DNG whose IFD0 holds the small preview and whose SubIFD the large.
func dngWithPreview(large, small []byte) []byte {
	t := newTIFFBuilder("II*\x00")
	sOff, lOff := t.blob(small), t.blob(large)
	sub := t.ifd(0, [4]uint32{254, 4, 1, 1}, [4]uint32{259, 3, 1, 7}, [4]uint32{273, 4, 1, lOff}, [4]uint32{279, 4, 1, uint32(len(large))})
	return t.bytes(t.ifd(0, [4]uint32{254, 4, 1, 1}, [4]uint32{259, 3, 1, 7}, [4]uint32{273, 4, 1, sOff},
		[4]uint32{279, 4, 1, uint32(len(small))}, [4]uint32{330, 4, 1, sub}, [4]uint32{tagDNGVersion, 1, 4, 0x401}))
}

// BenchmarkFormats12MP runs Thumbnails (decode and the three sizes) on each format's 12 MP input.
func BenchmarkFormats12MP(b *testing.B) {
	m := New(Options{})
	for _, format := range benchFormats {
		b.Run(format, func(b *testing.B) {
			data := benchInput(b, format)
			defer reportCPU(b)()
			for b.Loop() {
				if _, _, err := m.Thumbnails(b.Context(), bytes.NewReader(data), 1); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkFormatsPeakMemory (run it with -benchtime 1x) reports, per format, the peak resident memory of a fresh process
// that runs Thumbnails once on the 12 MP input, less that of one that only reads the input: the
// decoders' and resizers' cost, C allocations (libheif, libjpeg-turbo) included.
func BenchmarkFormatsPeakMemory(b *testing.B) {
	if os.Getenv("SAJIN_PEAK_CHILD") != "" {
		b.Skip("child")
	}
	for _, format := range benchFormats {
		b.Run(format, func(b *testing.B) {
			path, _ := filepath.Abs(filepath.Join("..", "..", "bin", "benchformats", "bench-12mp."+format))
			benchInput(b, format)
			base, full := childPeak(b, path, "read"), childPeak(b, path, "thumbnails")
			for b.Loop() { // the figure is the metric, measured once
			}
			b.ReportMetric(float64(full-base)/(1<<20), "peak-MiB")
			b.ReportMetric(0, "ns/op")
		})
	}
}

// childPeak runs TestPeakChild in a new process and returns its peak RSS in bytes.
func childPeak(b *testing.B, path, mode string) int64 {
	cmd := exec.Command(os.Args[0], "-test.run=^TestPeakChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), "SAJIN_PEAK_CHILD="+mode, "SAJIN_PEAK_FILE="+path)
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("child: %v\n%s", err, out)
	}
	return cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss << 10
}

// TestPeakChild is BenchmarkFormatsPeakMemory's child; it does nothing in a normal test run.
func TestPeakChild(t *testing.T) {
	mode := os.Getenv("SAJIN_PEAK_CHILD")
	if mode == "" {
		t.Skip("run by BenchmarkFormatsPeakMemory")
	}
	data, err := os.ReadFile(os.Getenv("SAJIN_PEAK_FILE"))
	if err != nil {
		t.Fatal(err)
	}
	if mode == "thumbnails" {
		if _, _, err := New(Options{}).Thumbnails(t.Context(), bytes.NewReader(data), 1); err != nil {
			t.Fatal(err)
		}
	}
	fmt.Fprintln(os.Stderr, len(data))
}
