//go:build cgo

package onnx

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"sajin/models"
)

// The reference test converts the TF.js models with models/tfjs, runs them
// in the real ONNX Runtime on testdata/reference/inputs and compares with
// the TF.js outputs in testdata/reference/outputs (see its README.md).
//
// Environment (read here only): SAJIN_ORT_LIB is the ONNX Runtime library,
// SAJIN_CACHE the cache that `sajin models fetch` filled
// (default: the user cache dir + "/sajin"). When they are missing the tests
// skip, except when CI is set: then they fail.

// testEnv is the test environment, loaded once by needRuntime. The
// environment is read inside the tests (not in TestMain) so that go test's
// cache sees the variables.
var testEnv struct {
	setup     sync.Once
	initErr   error    // why ONNX Runtime is not available
	cache     string   // model sources
	tmp       string   // converted models
	converted sync.Map // model name -> func() (path, error)
}

func loadEnv() {
	cache := os.Getenv("SAJIN_CACHE")
	if cache == "" {
		if d, err := os.UserCacheDir(); err == nil {
			cache = filepath.Join(d, "sajin")
		}
	}
	lib := os.Getenv("SAJIN_ORT_LIB")
	if lib == "" {
		lib = models.ORTLibraryPath(cache)
	}
	testEnv.cache = cache
	testEnv.initErr = Init(Options{LibraryPath: lib, IntraOpThreads: 2})
}

// needRuntime loads the environment and skips (fails in CI) without ONNX Runtime.
func needRuntime(tb testing.TB) {
	tb.Helper()
	testEnv.setup.Do(loadEnv)
	if testEnv.initErr != nil {
		missing(tb, "ONNX Runtime: %v", testEnv.initErr)
	}
}

func TestMain(m *testing.M) {
	tmp, err := os.MkdirTemp("", "sajin-onnx-test-*")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	testEnv.tmp = tmp
	code := m.Run()
	if Version() != "" {
		_ = Destroy()
	}
	os.RemoveAll(tmp)
	os.Exit(code)
}

// missing fails in CI and skips elsewhere.
func missing(tb testing.TB, format string, args ...any) {
	tb.Helper()
	msg := fmt.Sprintf(format, args...) + " (set SAJIN_ORT_LIB / SAJIN_CACHE, or run `sajin models fetch`)"
	if os.Getenv("CI") != "" {
		tb.Fatal("CI: " + msg)
	}
	tb.Skip(msg)
}

// convertedModel converts a default TF.js model from the cache once per
// process and returns the .onnx path.
func convertedModel(tb testing.TB, name string) string {
	tb.Helper()
	needRuntime(tb)
	f, _ := testEnv.converted.LoadOrStore(name, sync.OnceValues(func() (string, error) {
		b, err := models.ConvertTFJS(testEnv.cache, name)
		if err != nil {
			return "", err
		}
		out := filepath.Join(testEnv.tmp, name+".onnx")
		return out, os.WriteFile(out, b, 0o644)
	}))
	p, err := f.(func() (string, error))()
	if errors.Is(err, os.ErrNotExist) {
		missing(tb, "model source: %v", err)
	}
	if err != nil {
		tb.Fatalf("convert %s: %v", name, err)
	}
	return p
}

// refModel describes how a reference model is fed.
type refModel struct {
	name    string
	input   string
	outputs []string
	norm    func(p uint8) float32
}

func refModels() []refModel {
	raw := func(p uint8) float32 { return float32(p) }
	return []refModel{
		{name: "blazeface", input: "input", outputs: []string{"Identity", "Identity_1", "Identity_2", "Identity_3"},
			norm: func(p uint8) float32 { return float32(p)/127.5 - 1 }},
		{name: "faceres", input: "input_1", outputs: []string{"global_pooling/Mean", "age_pred/Softmax", "gender_pred/Sigmoid"}, norm: raw},
		{name: "centernet", input: "tower_0/images", outputs: []string{"tower_0/detections", "tower_0/keypoints", "tower_0/wh"}, norm: raw},
	}
}

type refOutput struct {
	Shape []int64   `json:"shape"`
	Data  []float64 `json:"data"`
	Max   float64   `json:"max"`
	Mean  float64   `json:"mean"`
}

type refCase struct {
	InputImage string               `json:"input_image"`
	Outputs    map[string]refOutput `json:"outputs"`
}

func readRef(t testing.TB, path string) refCase {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var rc refCase
	if err := json.Unmarshal(b, &rc); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rc
}

// readInput decodes a reference PNG into a normalised NHWC tensor.
func readInput(t testing.TB, path string, norm func(uint8) float32) Tensor {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	b := img.Bounds()
	data := make([]float32, 0, b.Dx()*b.Dy()*3)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := img.At(x, y)
			if rgba, ok := img.(*image.RGBA); ok {
				c = rgba.RGBAAt(x, y)
			}
			r, g, bl, _ := c.RGBA()
			data = append(data, norm(uint8(r>>8)), norm(uint8(g>>8)), norm(uint8(bl>>8)))
		}
	}
	return Tensor{Shape: []int64{1, int64(b.Dy()), int64(b.Dx()), 3}, Data: data}
}

func TestReference(t *testing.T) {
	for _, m := range refModels() {
		t.Run(m.name, func(t *testing.T) {
			path := convertedModel(t, m.name)
			s, err := NewSession(path, []string{m.input}, m.outputs, SessionOptions{})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			refs, _ := filepath.Glob(filepath.Join("testdata", "reference", "outputs", m.name+"_*.json"))
			if len(refs) == 0 {
				t.Fatal("no reference outputs in testdata/reference/outputs")
			}
			for _, ref := range refs {
				t.Run(strings.TrimSuffix(strings.TrimPrefix(filepath.Base(ref), m.name+"_"), ".json"), func(t *testing.T) {
					checkCase(t, s, m, readRef(t, ref))
				})
			}
		})
	}
}

func checkCase(t *testing.T, s *Session, m refModel, rc refCase) {
	in := readInput(t, filepath.Join("testdata", "reference", rc.InputImage), m.norm)
	out, err := s.Run(t.Context(), map[string]Tensor{m.input: in})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range m.outputs {
		ref, ok := rc.Outputs[name]
		if !ok {
			t.Fatalf("reference has no output %s", name)
		}
		got := out[name]
		if fmt.Sprint(got.Shape) != fmt.Sprint(ref.Shape) {
			t.Errorf("%s: shape %v, want %v", name, got.Shape, ref.Shape)
			continue
		}
		switch {
		case ref.Data == nil:
			checkSummary(t, name, got, ref)
		case name == "tower_0/detections":
			checkDetections(t, got, ref)
		default:
			fails, maxDiff := compare(got.Data, ref.Data)
			t.Logf("%s: max abs diff %.3g over %d values", name, maxDiff, len(ref.Data))
			if fails > 0 {
				t.Errorf("%s: %d of %d values outside |onnx-ref| <= 1e-3|ref| + 1e-4 max|ref| (max abs diff %.3g)", name, fails, len(ref.Data), maxDiff)
			}
		}
	}
}

func maxAbs(v []float64) float64 {
	m := 0.0
	for _, x := range v {
		m = math.Max(m, math.Abs(x))
	}
	return m
}

// within is the README's pass rule for one element.
func within(got float32, ref, maxRef float64) bool {
	return math.Abs(float64(got)-ref) <= 1e-3*math.Abs(ref)+1e-4*maxRef
}

func compare(got []float32, ref []float64) (fails int, maxDiff float64) {
	mr := maxAbs(ref)
	for k, r := range ref {
		maxDiff = math.Max(maxDiff, math.Abs(float64(got[k])-r))
		if !within(got[k], r, mr) {
			fails++
		}
	}
	return fails, maxDiff
}

// checkSummary compares an output given only as max and mean (6 digits).
func checkSummary(t *testing.T, name string, got Tensor, ref refOutput) {
	mx, sum := math.Inf(-1), 0.0
	for _, v := range got.Data {
		mx = math.Max(mx, float64(v))
		sum += float64(v)
	}
	mean := sum / float64(len(got.Data))
	t.Logf("%s: max %.6g (ref %.6g), mean %.6g (ref %.6g)", name, mx, ref.Max, mean, ref.Mean)
	if !within(float32(mx), ref.Max, math.Abs(ref.Max)) || !within(float32(mean), ref.Mean, math.Abs(ref.Mean)) {
		t.Errorf("%s: max %.6g mean %.6g, want %.6g and %.6g", name, mx, mean, ref.Max, ref.Mean)
	}
}

// checkDetections matches every reference row with score >= 0.05 to an
// unused converted row of the same class whose box and score pass the
// element rule, so near-tie swaps in the ordering are allowed.
func checkDetections(t *testing.T, got Tensor, ref refOutput) {
	const cols, minScore = 6, 0.05
	mr := maxAbs(ref.Data)
	rows := len(ref.Data) / cols
	used := make([]bool, rows)
	matched, maxDiff := 0, 0.0
	for r := range rows {
		want := ref.Data[r*cols : (r+1)*cols]
		if want[4] < minScore {
			continue
		}
		found := -1
		for g := range rows {
			if used[g] || float64(got.Data[g*cols+5]) != want[5] {
				continue
			}
			ok := true
			for k := range 5 {
				ok = ok && within(got.Data[g*cols+k], want[k], mr)
			}
			if ok {
				found = g
				break
			}
		}
		if found < 0 {
			t.Errorf("detections: reference row %d %v has no match", r, want)
			continue
		}
		used[found] = true
		matched++
		for k := range cols {
			maxDiff = math.Max(maxDiff, math.Abs(float64(got.Data[found*cols+k])-want[k]))
		}
	}
	fails, orderDiff := compare(got.Data, ref.Data)
	t.Logf("detections: %d rows with score >= %.2f matched by class+box, max abs diff %.3g; in order: %d values off, max abs diff %.3g",
		matched, minScore, maxDiff, fails, orderDiff)
}

func benchModel(b *testing.B, m refModel, input string) {
	path := convertedModel(b, m.name)
	s, err := NewSession(path, []string{m.input}, m.outputs, SessionOptions{IntraOpThreads: 2})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	in := map[string]Tensor{m.input: readInput(b, filepath.Join("testdata", "reference", "inputs", input), m.norm)}
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		if _, err := s.Run(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/op")
}

func refModelNamed(name string) refModel {
	for _, m := range refModels() {
		if m.name == name {
			return m
		}
	}
	panic("no reference model " + name)
}

func BenchmarkCenterNet(b *testing.B) {
	benchModel(b, refModelNamed("centernet"), "skimage_astronaut_512.png")
}

func BenchmarkBlazeFace(b *testing.B) {
	benchModel(b, refModelNamed("blazeface"), "skimage_astronaut_256.png")
}

func BenchmarkFaceRes(b *testing.B) {
	benchModel(b, refModelNamed("faceres"), "skimage_astronaut_face_224.png")
}

func BenchmarkNSFW(b *testing.B) {
	m := refModel{name: "nsfw", input: "input", outputs: []string{"Identity"}, norm: func(p uint8) float32 { return float32(p) / 255 }}
	benchModel(b, m, "skimage_astronaut_face_224.png")
}
