package thumb

import (
	"bytes"
	"encoding/binary"
	"errors"
	"image"
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sajin/ingest/thumb/libheif"
)

// heifBrokenErr is what a damaged HEIF file gives: ErrCorrupt, or ErrUnsupported in a build
// without cgo, which has no HEIF decoder.
var heifBrokenErr = map[bool]error{true: ErrCorrupt, false: ErrUnsupported}[libheif.Available]

// quadrantColours returns the colours at the centres of an image's four quadrants: top-left, top-right,
// bottom-left, bottom-right.
func quadrantColours(img image.Image) [4]color.NRGBA {
	b := img.Bounds()
	at := func(fx, fy int) color.NRGBA {
		return color.NRGBAModel.Convert(img.At(b.Min.X+b.Dx()*fx/4, b.Min.Y+b.Dy()*fy/4)).(color.NRGBA)
	}
	return [4]color.NRGBA{at(1, 1), at(3, 1), at(1, 3), at(3, 3)}
}

func TestDecodeHEIF(t *testing.T) {
	if !libheif.Available {
		t.Skip("built without cgo: HEIF is ErrUnsupported")
	}
	clear := color.NRGBA{}
	tests := []struct {
		file   string
		format string
		w, h   int
		want   [4]color.NRGBA
	}{
		{"quadrants-64x48.heic", "heic", 64, 48, [4]color.NRGBA{red, green, blue, yellow}},
		{"quadrants-64x48.avif", "avif", 64, 48, [4]color.NRGBA{red, green, blue, yellow}},
		{"quadrants-alpha-64x48.avif", "avif", 64, 48, [4]color.NRGBA{red, clear, blue, clear}},
		// irot of 90° anticlockwise: libheif turns the pixels, Info gives the turned size.
		{"irot90-64x48.heic", "heic", 48, 64, [4]color.NRGBA{green, yellow, red, blue}},
		// As an iPhone writes a portrait photo: irot (90° clockwise) and EXIF orientation 6 that says the
		// same. The pixels come out upright once; package exif reports orientation 1 for HEIF.
		{"exif6-irot270-64x48.heic", "heic", 48, 64, [4]color.NRGBA{blue, red, yellow, green}},
	}
	m := New(Options{})
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "valid", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			info, err := m.Probe(bytes.NewReader(data))
			if err != nil || info.Format != tt.format || info.Width != tt.w || info.Height != tt.h {
				t.Fatalf("Probe = %+v, %v, want %s %dx%d", info, err, tt.format, tt.w, tt.h)
			}
			img, info, err := m.Decode(bytes.NewReader(data))
			if err != nil || info.Format != tt.format || img.Bounds() != image.Rect(0, 0, tt.w, tt.h) {
				t.Fatalf("Decode = %v, %+v, %v, want %s %dx%d", img.Bounds(), info, err, tt.format, tt.w, tt.h)
			}
			got := quadrantColours(img)
			for i := range got {
				if tt.want[i].A == 0 && got[i].A < 16 {
					continue
				}
				if !near(got[i], tt.want[i], 40) {
					t.Errorf("quadrant %d = %v, want %v", i, got[i], tt.want[i])
				}
			}
			if _, err := m.Render(t.Context(), img); err != nil {
				t.Errorf("Render: %v", err)
			}
		})
	}
}

// setISPE rewrites every ispe (image spatial extents) box of a HEIF file.
func setISPE(data []byte, w, h uint32) []byte {
	data = bytes.Clone(data)
	for i := 0; ; {
		j := bytes.Index(data[i:], []byte("ispe"))
		if j < 0 {
			return data
		}
		i += j
		binary.BigEndian.PutUint32(data[i+8:], w)
		binary.BigEndian.PutUint32(data[i+12:], h)
		i += 4
	}
}

// addISPE appends an ispe property of w x h to the ipco box of a HEIF file that libheif wrote
// (meta, iprp and ipco sizes grow; the iloc offsets into mdat shift, so the file only has to
// parse as far as the size checks).
func addISPE(data []byte, w, h uint32) []byte {
	ispe := binary.BigEndian.AppendUint32(nil, 20)
	ispe = append(append(append(ispe, "ispe"...), 0, 0, 0, 0), binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint32(nil, w), h)...)
	out := bytes.Clone(data)
	for _, typ := range []string{"meta", "iprp", "ipco"} {
		i := bytes.Index(out, []byte(typ)) - 4
		binary.BigEndian.PutUint32(out[i:], binary.BigEndian.Uint32(out[i:])+uint32(len(ispe)))
		if typ == "ipco" {
			end := i + int(binary.BigEndian.Uint32(out[i:])) - len(ispe)
			out = append(out[:end:end], append(ispe, out[end:]...)...)
		}
	}
	return out
}

func TestDecodeHEIFHostile(t *testing.T) {
	if !libheif.Available {
		t.Skip("built without cgo")
	}
	good, err := os.ReadFile(filepath.Join("testdata", "valid", "quadrants-64x48.heic"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"ftyp only", []byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"), ErrCorrupt},
		{"truncated in meta", good[:200], ErrCorrupt},
		{"truncated in mdat", good[:len(good)-100], ErrCorrupt},
		{"60000x60000 declared", setISPE(good, 60000, 60000), ErrTooLarge},
		{"70000x10 declared", setISPE(good, 70000, 10), ErrTooLarge},
		{"0x0 declared", setISPE(good, 0, 0), ErrCorrupt},
		{"a hidden item of 20000x20000", addISPE(good, 20000, 20000), ErrTooLarge},
		{"64x48 declared as 640x480", setISPE(good, 640, 480), ErrCorrupt},
	}
	m := New(Options{MaxPixels: 1 << 20})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, _, err := m.Decode(bytes.NewReader(tt.data)); !errors.Is(err, tt.want) {
				t.Errorf("Decode error = %v, want %v", err, tt.want)
			}
			if tt.want != ErrCorrupt || tt.name == "ftyp only" {
				if _, err := m.Probe(bytes.NewReader(tt.data)); !errors.Is(err, tt.want) {
					t.Errorf("Probe error = %v, want %v", err, tt.want)
				}
			}
		})
	}
}

// FuzzDecodeHEIF feeds damaged HEIF files to Decode through libheif. A crash here is a crash of
// the process (libheif is C): report it upstream and to Debian rather than hide it.
func FuzzDecodeHEIF(f *testing.F) {
	for _, name := range []string{"quadrants-64x48.heic", "quadrants-64x48.avif", "quadrants-alpha-64x48.avif", "irot90-64x48.heic"} {
		data, err := os.ReadFile(filepath.Join("testdata", "valid", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	fuzzDecodeWithinLimit(f)
}

func TestDecodeAnimatedWebP(t *testing.T) {
	m := New(Options{})
	for _, name := range []string{"animated-32x24.webp", "animated-lossless-32x24.webp"} {
		data, err := os.ReadFile(filepath.Join("testdata", "valid", name))
		if err != nil {
			t.Fatal(err)
		}
		img, info, err := m.Decode(bytes.NewReader(data))
		if err != nil || info.Format != "webp" || img.Bounds() != image.Rect(0, 0, 32, 24) {
			t.Fatalf("Decode(%s) = %v, %+v, %v; want webp 32x24", name, img, info, err)
		}
		got, want := quadrantColours(img), [4]color.NRGBA{red, green, blue, yellow}
		for i := range got {
			if !near(got[i], want[i], 40) {
				t.Errorf("%s: quadrant %d = %v, want %v (the first frame)", name, i, got[i], want[i])
			}
		}
		if _, _, err := m.Decode(bytes.NewReader(data[:60])); !errors.Is(err, ErrCorrupt) {
			t.Errorf("Decode(%s cut at 60 bytes) = %v, want ErrCorrupt", name, err)
		}
	}
}

func TestDecodeVideo(t *testing.T) {
	mov := []byte("\x00\x00\x00\x14ftypqt  \x00\x00\x02\x00qt  \x00\x00\x00\x08wide")
	if _, _, err := New(Options{}).Decode(bytes.NewReader(mov)); !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), "video") {
		t.Errorf("Decode(MOV) = %v, want ErrUnsupported naming a video", err)
	}
}

// setGrid rewrites the grid descriptor (rows-1, columns-1, output size) that heif-enc stores in
// the idat box of a file holding one grid item, keeping 16-bit sizes, and sets the grid item's
// ispe (the second ispe property, after the tile's) to the same output size.
func setGrid(t *testing.T, data []byte, rows, cols uint8, w, h uint16) []byte {
	t.Helper()
	out := bytes.Clone(data)
	i := bytes.Index(out, []byte("idat"))
	if i < 4 || binary.BigEndian.Uint32(out[i-4:]) != 16 || out[i+4] != 0 || out[i+5]&1 != 0 {
		t.Fatal("no 16-bit grid descriptor in idat")
	}
	d := out[i+4:]
	d[2], d[3] = rows-1, cols-1
	binary.BigEndian.PutUint16(d[4:], w)
	binary.BigEndian.PutUint16(d[6:], h)
	j := bytes.LastIndex(out, []byte("ispe"))
	binary.BigEndian.PutUint32(out[j+8:], uint32(w))
	binary.BigEndian.PutUint32(out[j+12:], uint32(h))
	return out
}

// TestDecodeHEIFGridUncovered: libheif 1.15 allocates a grid's canvas at the descriptor's output
// size without clearing it and pastes the tiles, so where a descriptor declares more than its
// tiles cover, the rest of the picture would be uninitialised heap memory (earlier photos).
func TestDecodeHEIFGridUncovered(t *testing.T) {
	if !libheif.Available {
		t.Skip("built without cgo")
	}
	// quadrants-64x48.heic is a 1x1 grid of one 64x64 tile, cropped to 64x48.
	good, err := os.ReadFile(filepath.Join("testdata", "valid", "quadrants-64x48.heic"))
	if err != nil {
		t.Fatal(err)
	}
	if err := checkGrids(setGrid(t, good, 1, 1, 64, 64)); err != nil {
		t.Fatalf("a grid its tile covers exactly: %v", err)
	}
	tests := []struct {
		name string
		data []byte
	}{
		{"1x1 grid declared 128x48", setGrid(t, good, 1, 1, 128, 48)},
		{"1x1 grid declared 64x65", setGrid(t, good, 1, 1, 64, 65)},
		{"1x1 grid declared 4096x4096", setGrid(t, good, 1, 1, 4096, 4096)},
		{"2x1 grid with one tile", setGrid(t, good, 2, 1, 64, 96)},
		{"1x2 grid with one tile", setGrid(t, good, 1, 2, 128, 48)},
		{"descriptor cut short", func() []byte {
			d := bytes.Clone(good)
			i := bytes.Index(d, []byte("iloc"))
			// the grid's extent length (the last field of iloc): 8 bytes -> 3
			binary.BigEndian.PutUint32(d[i-4+int(binary.BigEndian.Uint32(d[i-4:]))-4:], 3)
			return d
		}()},
	}
	m := New(Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := checkGrids(tt.data); !errors.Is(err, ErrCorrupt) {
				t.Errorf("checkGrids = %v, want ErrCorrupt", err)
			}
			if img, _, err := m.Decode(bytes.NewReader(tt.data)); !errors.Is(err, ErrCorrupt) {
				t.Errorf("Decode = %v, %v, want ErrCorrupt", img, err)
			}
			if _, err := m.Probe(bytes.NewReader(tt.data)); !errors.Is(err, ErrCorrupt) {
				t.Errorf("Probe error = %v, want ErrCorrupt", err)
			}
		})
	}
}

// TestCheckGrid checks a 2x2 grid descriptor (16-bit sizes, in idat) against its tiles' sizes.
func TestCheckGrid(t *testing.T) {
	idat := []byte{0, 0, 1, 1, 0, 100, 0, 60} // 2 rows, 2 columns, 100x60
	locs := map[uint32]itemLoc{1: {method: 1, extents: []itemExtent{{0, 8}}}}
	tile := [][2]uint32{{50, 30}}
	tests := []struct {
		name  string
		refs  []uint32
		sizes map[uint32][][2]uint32
		ok    bool
	}{
		{"covered exactly", []uint32{2, 3, 4, 5}, map[uint32][][2]uint32{2: tile, 3: tile, 4: tile, 5: tile}, true},
		{"three tiles", []uint32{2, 3, 4}, map[uint32][][2]uint32{2: tile, 3: tile, 4: tile}, false},
		{"a tile without ispe", []uint32{2, 3, 4, 5}, map[uint32][][2]uint32{2: tile, 3: tile, 4: tile}, false},
		{"tiles of two sizes", []uint32{2, 3, 4, 5}, map[uint32][][2]uint32{2: tile, 3: tile, 4: tile, 5: {{60, 30}}}, false},
		{"a tile with two sizes", []uint32{2, 3, 4, 5}, map[uint32][][2]uint32{2: tile, 3: tile, 4: tile, 5: {{50, 30}, {60, 40}}}, false},
		{"tiles too narrow", []uint32{2, 3, 4, 5}, map[uint32][][2]uint32{2: {{49, 30}}, 3: {{49, 30}}, 4: {{49, 30}}, 5: {{49, 30}}}, false},
	}
	for _, tt := range tests {
		err := checkGrid(1, nil, idat, locs, map[uint32][][]uint32{1: {tt.refs}}, tt.sizes)
		if (err == nil) != tt.ok {
			t.Errorf("%s: checkGrid = %v, want ok %v", tt.name, err, tt.ok)
		}
	}
}
