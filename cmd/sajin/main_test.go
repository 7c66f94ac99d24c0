package main

// End-to-end tests of the real binary: build it once, run it as a user would (import, show, search, serve),
// kill it in the middle of an import, feed it hostile files.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"math/rand/v2"
	"mime/multipart"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"sajin/ingest/exif/exiftest"
	"sajin/internal/hostile"
)

var sajinBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "sajin-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	sajinBin = filepath.Join(dir, "sajin")
	out, err := exec.Command("go", "build", "-o", sajinBin, ".").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "build sajin: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// sajin runs the binary and returns its stdout; it fails the test when the command fails.
func sajin(t *testing.T, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(sajinBin, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.Env = append(os.Environ(), "SAJIN_DATA=") // only --data decides
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("sajin %s: %v\nstderr: %s", strings.Join(args, " "), err, stderr.String())
	}
	return out
}

func fixtures(t *testing.T) string {
	t.Helper()
	dir, _ := filepath.Abs("../../testdata/fixtures")
	if _, err := os.Stat(filepath.Join(dir, "messi5.jpg")); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("fixtures missing (run scripts/fixtures.sh): %v", err)
		}
		t.Skip("fixtures missing: run scripts/fixtures.sh")
	}
	return dir
}

// photo writes a distinct JPEG with the given EXIF into dir/name.
func photo(t *testing.T, dir, name string, seed uint64, tags exiftest.Tags, w, h int) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	r := rand.New(rand.NewPCG(seed, 1))
	base := color.RGBA{uint8(r.IntN(256)), uint8(r.IntN(256)), uint8(r.IntN(256)), 255}
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{base.R + uint8(x/8), base.G + uint8(y/8), base.B + uint8(r.IntN(16)), 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	data := exiftest.InsertAPP1(buf.Bytes(), exiftest.APP1(tags))
	path := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func importLines(t *testing.T, out []byte) []importLine {
	t.Helper()
	var lines []importLine
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		var l importLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("import --json line %q: %v", sc.Text(), err)
		}
		lines = append(lines, l)
	}
	return lines
}

type searchAnswer struct {
	Total   int `json:"total"`
	Results []struct {
		ID       string `json:"id"`
		TakenAt  string `json:"taken_at"`
		FileName string `json:"file_name"`
	} `json:"results"`
}

func searchIDs(t *testing.T, data, q string) searchAnswer {
	t.Helper()
	var a searchAnswer
	if err := json.Unmarshal(sajin(t, "search", "--data", data, "--json", q), &a); err != nil {
		t.Fatal(err)
	}
	return a
}

func TestImportShowSearch(t *testing.T) {
	src := t.TempDir()
	data := t.TempDir()
	photo(t, src, "trip/IMG_0001.JPG", 1, exiftest.Tags{
		DateTimeOriginal: "2015:08:03 08:15:00", OffsetTimeOriginal: "+09:00", Make: "Canon", Model: "Canon EOS 5D Mark III",
		LensModel: "EF24-105mm f/4L IS USM", Orientation: 6, GPS: &exiftest.GPS{Lat: 37.5665, Lon: 126.9780},
	}, 300, 200)
	photo(t, src, "trip/DSC_0002.JPG", 2, exiftest.Tags{DateTimeOriginal: "2015:08:20 18:00:00", Make: "NIKON CORPORATION", Model: "NIKON D750"}, 200, 150)
	photo(t, src, "phone/KakaoTalk_20190101_120000123.jpg", 3, exiftest.Tags{}, 120, 90)
	photo(t, src, "phone/IMG_20161224_200000.jpg", 4, exiftest.Tags{Make: "Apple", Model: "iPhone 7"}, 120, 90)
	os.WriteFile(filepath.Join(src, "notes.txt"), []byte("not a photo"), 0o644)
	os.WriteFile(filepath.Join(src, "phone", "broken.jpg"), []byte("\xff\xd8\xff\xe0garbage"), 0o644)

	// Vision has its own test (TestVisionOnRealPhotos); this one is about import, EXIF and search.
	lines := importLines(t, sajin(t, "import", "--data", data, "--json", "--no-vision", src))
	byName := map[string]importLine{}
	for _, l := range lines {
		byName[filepath.Base(l.Path)] = l
	}
	if len(lines) != 5 || byName["broken.jpg"].Status != "rejected" || byName["broken.jpg"].Error == "" {
		t.Fatalf("import lines = %+v; want 4 imported and broken.jpg rejected with a reason", lines)
	}
	id := byName["IMG_0001.JPG"].ID

	var rec map[string]any
	if err := json.Unmarshal(sajin(t, "show", "--data", data, "--json", id), &rec); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"id": id, "mime": "image/jpeg", "width": 200.0, "height": 300.0, "orientation": 6.0,
		"taken_at": "2015-08-03T08:15:00+09:00", "taken_at_source": "exif", "make": "Canon",
		"model": "Canon EOS 5D Mark III", "lens": "EF24-105mm f/4L IS USM",
	}
	for k, v := range want {
		if rec[k] != v {
			t.Errorf("show %s = %v, want %v", k, rec[k], v)
		}
	}
	if gps, _ := rec["gps"].(map[string]any); gps == nil || fmt.Sprintf("%.4f,%.4f", gps["lat"], gps["lon"]) != "37.5665,126.9780" {
		t.Errorf("show gps = %v", rec["gps"])
	}
	if labels, ok := rec["labels"].([]any); !ok || len(labels) != 0 {
		t.Errorf("show labels = %v, want []", rec["labels"])
	}
	if th, _ := rec["thumbs"].(map[string]any); len(th) != 3 {
		t.Errorf("show thumbs = %v, want three", rec["thumbs"])
	}

	queries := []struct {
		q    string
		want []string // file names, newest first
	}{
		{"2015", []string{"DSC_0002.JPG", "IMG_0001.JPG"}},
		{"2015-08", []string{"DSC_0002.JPG", "IMG_0001.JPG"}},
		{"2015-08-03", []string{"IMG_0001.JPG"}},
		{"august 2015", []string{"DSC_0002.JPG", "IMG_0001.JPG"}},
		{"2015년 8월", []string{"DSC_0002.JPG", "IMG_0001.JPG"}},
		{"canon", []string{"IMG_0001.JPG"}},
		{"nikon d750", []string{"DSC_0002.JPG"}},
		{"iphone", []string{"IMG_20161224_200000.jpg"}},
		{"2019", []string{"KakaoTalk_20190101_120000123.jpg"}},
		{"IMG_0001", []string{"IMG_0001.JPG"}},
		{"", []string{"KakaoTalk_20190101_120000123.jpg", "IMG_20161224_200000.jpg", "DSC_0002.JPG", "IMG_0001.JPG"}},
	}
	for _, c := range queries {
		a := searchIDs(t, data, c.q)
		var got []string
		for _, r := range a.Results {
			got = append(got, r.FileName)
		}
		if strings.Join(got, ",") != strings.Join(c.want, ",") || a.Total != len(c.want) {
			t.Errorf("search %q = %v (total %d), want %v", c.q, got, a.Total, c.want)
		}
	}

	// Place names from the GPS position, when `make setup` fetched the places data.
	if _, err := os.Stat(filepath.Join(defaultCacheDir(os.Getenv), "places", "places.gob")); err == nil || os.Getenv("CI") != "" {
		place, _ := rec["place"].(map[string]any)
		ko, _ := place["ko"].(map[string]any)
		if place == nil || place["city"] != "Seoul" || ko["city"] != "서울" {
			t.Errorf("show place = %v, want Seoul / 서울", rec["place"])
		}
		for _, q := range []string{"seoul", "서울", "korea", "한국 2015"} {
			if a := searchIDs(t, data, q); a.Total != 1 || a.Results[0].FileName != "IMG_0001.JPG" {
				t.Errorf("search %q = %+v, want IMG_0001.JPG", q, a.Results)
			}
		}
		lib, err := openLibrary(t.Context(), common{data: data, library: "default", cache: defaultCacheDir(os.Getenv)},
			newTextLogger(io.Discard), false)
		if err != nil {
			t.Fatal(err)
		}
		sug, err := lib.suggester().Suggest(t.Context(), "default", "서")
		lib.Close()
		found := false
		for _, x := range sug {
			found = found || (x.Text == "서울" && x.Kind == "place")
		}
		if err != nil || !found {
			t.Errorf("suggestions for 서 = %+v %v, want the place 서울", sug, err)
		}
	}

	// An index lost (deleted, or a crash between the catalog and it) is healed from the catalog when opened.
	if err := os.RemoveAll(filepath.Join(data, "index")); err != nil {
		t.Fatal(err)
	}
	if a := searchIDs(t, data, "2015"); a.Total != 2 {
		t.Errorf("search after losing the index: %d results, want 2", a.Total)
	}

	// Importing again finds everything already there.
	again := importLines(t, sajin(t, "import", "--data", data, "--json", "--no-vision", src))
	for _, l := range again {
		if l.Status == "imported" {
			t.Errorf("second import imported %s again", l.Path)
		}
	}
}

// modelsReady fails in CI and skips elsewhere when the ONNX Runtime library or the models are missing.
func modelsReady(t *testing.T) {
	t.Helper()
	cache := defaultCacheDir(os.Getenv)
	for _, f := range []string{"onnxruntime/libonnxruntime.so.1.24.3", "models/centernet/centernet.onnx",
		"models/blazeface/blazeface.onnx", "models/ppocr-det/ppocr-det.onnx", "models/pigo/facefinder"} {
		if _, err := os.Stat(filepath.Join(cache, f)); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("CI: %s missing: `make setup` must fetch the models", f)
			}
			t.Skipf("%s missing: run `make setup`", f)
		}
	}
}

type record struct {
	ID     string `json:"id"`
	Labels []struct {
		Key    string  `json:"key"`
		Ko     string  `json:"ko"`
		Score  float64 `json:"score"`
		Source string  `json:"source"`
	} `json:"labels"`
	Faces  []struct{} `json:"faces"`
	Text   []string   `json:"text"`
	Stages map[string]string
}

// TestVisionOnRealPhotos imports real photos with the real models and checks what they are tagged with and what
// search finds, in English and Korean.
func TestVisionOnRealPhotos(t *testing.T) {
	dir := fixtures(t)
	modelsReady(t)
	data := t.TempDir()
	byName := map[string]string{}
	// The development photos at the top of the fixtures folder (its subfolders hold camera files for the formats).
	photos, _ := filepath.Glob(filepath.Join(dir, "*"))
	photos = slices.DeleteFunc(photos, func(p string) bool {
		st, err := os.Stat(p)
		return err != nil || st.IsDir() || strings.HasPrefix(filepath.Base(p), "bench-")
	})
	for _, l := range importLines(t, sajin(t, append([]string{"import", "--data", data, "--json"}, photos...)...)) {
		if l.Status != "imported" {
			t.Errorf("%s: %s %s", l.Path, l.Status, l.Error)
		}
		byName[filepath.Base(l.Path)] = l.ID
	}
	show := func(name string) record {
		var r record
		if err := json.Unmarshal(sajin(t, "show", "--data", data, "--json", byName[name]), &r); err != nil {
			t.Fatal(err)
		}
		if r.Stages["vision"] != "done" || r.Stages["index"] != "done" {
			t.Errorf("%s: stages %v, want vision and index done", name, r.Stages)
		}
		return r
	}
	has := func(r record, key string) bool {
		for _, l := range r.Labels {
			if l.Key == key {
				return true
			}
		}
		return false
	}
	cases := []struct {
		photo     string
		want, not []string
		faces     int // -1: any
	}{
		{"astronaut.png", []string{"person", "face", "portrait"}, []string{"cat", "dog"}, 1},
		{"messi5.jpg", []string{"sports_ball", "person"}, nil, -1},
		{"coffee.png", []string{"cup"}, []string{"person", "face"}, 0},
		{"chelsea.png", []string{"cat"}, []string{"person", "face"}, 0},
		{"motorcycle_left.png", []string{"motorcycle"}, []string{"person"}, -1},
		{"scenetext01.jpg", []string{"text", "car"}, nil, -1},
	}
	for _, c := range cases {
		r := show(c.photo)
		for _, k := range c.want {
			if !has(r, k) {
				t.Errorf("%s: no label %s in %+v", c.photo, k, r.Labels)
			}
		}
		for _, k := range c.not {
			if has(r, k) {
				t.Errorf("%s: label %s, want none", c.photo, k)
			}
		}
		if c.faces >= 0 && len(r.Faces) != c.faces {
			t.Errorf("%s: %d faces, want %d", c.photo, len(r.Faces), c.faces)
		}
	}
	if text := strings.Join(show("scenetext01.jpg").Text, " "); !strings.Contains(text, "NOTICE") || !strings.Contains(text, "PARKING") {
		t.Errorf("scenetext01 text = %q, want NOTICE and PARKING", text)
	}
	var al struct {
		Albums []struct {
			ID, Kind string
			Title    struct{ En, Ko string }
			Count    int
		}
	}
	if err := json.Unmarshal(sajin(t, "albums", "--data", data, "--json"), &al); err != nil {
		t.Fatal(err)
	}
	// People: the three photos with a clear face show three different people; naming one titles their album.
	lib, err := openLibrary(t.Context(), common{data: data, library: "default", cache: defaultCacheDir(os.Getenv)},
		newTextLogger(io.Discard), false)
	if err != nil {
		t.Fatal(err)
	}
	ps := peopleService{people: lib.people, pipeline: lib.pipeline, cat: lib.cat}
	people, err := ps.List(t.Context(), "default")
	if err != nil || len(people) != 3 {
		t.Errorf("people = %+v %v, want 3 (astronaut, messi5, basketball1)", people, err)
	}
	var astronautPerson string
	for _, p := range people {
		if p.Cover == byName["astronaut.png"] {
			astronautPerson = p.ID
		}
	}
	if err := ps.Name(t.Context(), "default", astronautPerson, "엄마"); err != nil {
		t.Errorf("name person %q: %v", astronautPerson, err)
	}
	named := false
	all, _ := lib.albums().All(t.Context(), "default")
	for _, a := range all {
		named = named || (a.Kind == "person" && a.Title.Ko == "엄마" && len(a.Photos) == 1 && a.Photos[0] == byName["astronaut.png"])
	}
	if !named {
		t.Errorf("no person album titled 엄마 with the astronaut photo in %+v", all)
	}
	if _, err := lib.pipeline.Work(t.Context()); err != nil {
		t.Fatal(err)
	}
	lib.Close()
	if a := searchIDs(t, data, "엄마"); a.Total != 1 || a.Results[0].ID != byName["astronaut.png"] {
		t.Errorf("search 엄마 = %+v, want the astronaut photo", a.Results)
	}

	things := map[string]int{}
	for _, a := range al.Albums {
		if a.Kind == "thing" {
			things[a.Title.Ko] = a.Count
		}
	}
	if things["문서와 글자"] < 4 {
		t.Errorf("thing albums %v, want 문서와 글자 (documents and text) with the signs and the page", things)
	}
	for q, want := range map[string]string{
		"cup": "coffee.png", "컵": "coffee.png", "고양이": "chelsea.png", "반려동물": "chelsea.png",
		"parking": "scenetext01.jpg", "축구공": "messi5.jpg", "motorcycle": "motorcycle_left.png", "오토바이": "motorcycle_left.png",
		"messi5": "messi5.jpg",
	} {
		a := searchIDs(t, data, q)
		found := false
		for _, r := range a.Results {
			found = found || r.FileName == want
		}
		if !found {
			t.Errorf("search %q: %d results without %s", q, a.Total, want)
		}
	}
}

// TestImportKilledAndResumed kills an import in the middle with SIGKILL, runs it again, and checks that every
// photo is in the library exactly once, fully processed, with nothing left over.
func TestImportKilledAndResumed(t *testing.T) {
	src := t.TempDir()
	data := t.TempDir()
	const n = 40
	for i := range n {
		photo(t, src, fmt.Sprintf("p%03d.jpg", i), uint64(100+i), exiftest.Tags{
			DateTimeOriginal: fmt.Sprintf("2018:%02d:%02d 10:00:00", 1+i%12, 1+i%28),
		}, 1600, 1200)
	}
	cmd := exec.Command(sajinBin, "import", "--data", data, "--json", "--workers", "2", "--no-vision", src)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stdout)
	seen := 0
	for sc.Scan() {
		if seen++; seen == 8 {
			cmd.Process.Signal(syscall.SIGKILL)
			break
		}
	}
	cmd.Wait()
	if seen < 8 {
		t.Fatalf("import finished before it could be killed (%d lines)", seen)
	}

	lines := importLines(t, sajin(t, "import", "--data", data, "--json", "--no-vision", src))
	counts := map[string]int{}
	for _, l := range lines {
		counts[l.Status]++
	}
	if counts["imported"]+counts["duplicate"] != n || counts["duplicate"] < 8 {
		t.Errorf("resumed import: %v; want %d in total, at least 8 already there", counts, n)
	}
	if a := searchIDs(t, data, ""); a.Total != n {
		t.Errorf("library holds %d photos, want %d", a.Total, n)
	}
	origs, _ := filepath.Glob(filepath.Join(data, "originals", "*", "*", "*"))
	tmp, _ := filepath.Glob(filepath.Join(data, "tmp", "*"))
	if len(origs) != n || len(tmp) != 0 {
		t.Errorf("%d originals and %d temporary files, want %d and 0", len(origs), len(tmp), n)
	}
}

// TestHostileFilesBoundedMemory imports decompression bombs, truncated and looping files and checks each is
// rejected with a reason while the process's peak memory stays small.
func TestHostileFilesBoundedMemory(t *testing.T) {
	src := t.TempDir()
	data := t.TempDir()
	good := exiftest.JPEG(exiftest.Gray(400, 300), exiftest.Tags{Model: "ok"})
	files := map[string][]byte{
		"zero.jpg":      nil,
		"truncated.jpg": good[:len(good)/2],
		"bomb.png":      hostile.PNGBomb(100000, 100000),
		"wide.png":      hostile.PNGBomb(1<<30, 1),
		"loop.jpg":      exiftest.JPEG(nil, exiftest.Tags{LoopIFD: true, Model: "loop"}),
		"selfref.jpg":   exiftest.JPEG(nil, exiftest.Tags{IFD0: []exiftest.Entry{exiftest.Long(0x8769, exiftest.IFD0Offset)}}),
		"random.jpg":    bytes.Repeat([]byte{0xff, 0xd8, 0xff, 0x00, 0x13}, 5000),
	}
	for name, b := range files {
		os.WriteFile(filepath.Join(src, name), b, 0o644)
	}
	cmd := exec.Command(sajinBin, "import", "--data", data, "--json", src)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	for _, l := range importLines(t, out) {
		t.Logf("%s: %s %s", filepath.Base(l.Path), l.Status, l.Error)
		if l.Status != "rejected" || l.Error == "" {
			t.Errorf("%s: %s, want rejected with a reason", l.Path, l.Status)
		}
	}
	rss := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss // KiB on Linux
	t.Logf("peak RSS %d MiB", rss/1024)
	if rss > 300*1024 {
		t.Errorf("peak RSS %d MiB, want under 300 MiB", rss/1024)
	}
}

// TestServeUploadThenImport uploads a photo through the running server, stops it, and imports the same file from
// the command line: the library holds it once.
func TestServeUploadThenImport(t *testing.T) {
	src := t.TempDir()
	data := t.TempDir()
	path := photo(t, src, "IMG_20150803_081500.jpg", 7, exiftest.Tags{Make: "Canon", Model: "EOS"}, 320, 240)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	srv := exec.Command(sajinBin, "serve", "--data", data, "--addr", addr, "--no-vision", "--public") // no login: a trusted machine
	var logs bytes.Buffer
	srv.Stderr = &logs
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	defer srv.Process.Kill()
	base := "http://" + addr
	for i := 0; ; i++ {
		if res, err := http.Get(base + "/api/health"); err == nil {
			res.Body.Close()
			break
		}
		if i == 100 {
			t.Fatalf("server did not start: %s", logs.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	data1, _ := os.ReadFile(path)
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", "IMG_20150803_081500.jpg")
	fw.Write(data1)
	mw.Close()
	res, err := http.Post(base+"/api/photos", mw.FormDataContentType(), &body)
	if err != nil {
		t.Fatal(err)
	}
	var rec struct {
		ID            string `json:"id"`
		TakenAt       string `json:"taken_at"`
		TakenAtSource string `json:"taken_at_source"`
	}
	json.NewDecoder(res.Body).Decode(&rec)
	res.Body.Close()
	if res.StatusCode != http.StatusCreated || rec.TakenAt != "2015-08-03T08:15:00" || rec.TakenAtSource != "filename" {
		t.Fatalf("upload: %d %+v", res.StatusCode, rec)
	}
	// An import from the command line while the server holds the index: stored at once, indexed by the server.
	other := photo(t, src, "DSC_9999.JPG", 8, exiftest.Tags{DateTimeOriginal: "2011:02:03 04:05:06"}, 200, 150)
	if l := importLines(t, sajin(t, "import", "--data", data, "--json", "--no-vision", other)); len(l) != 1 || l[0].Status != "imported" {
		t.Fatalf("import while serving: %+v", l)
	}
	for i := 0; ; i++ {
		res, err := http.Get(base + "/api/search?q=2011")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if strings.Contains(string(b), "DSC_9999.JPG") {
			break
		}
		if i == 300 {
			t.Fatalf("the server never indexed the photo imported beside it: %s", b)
		}
		time.Sleep(100 * time.Millisecond)
	}
	srv.Process.Signal(syscall.SIGTERM)
	if err := srv.Wait(); err != nil {
		t.Errorf("server did not stop cleanly: %v\n%s", err, logs.String())
	}
	if !strings.Contains(logs.String(), "PUBLIC MODE (--public): NO LOGIN") {
		t.Errorf("--public did not say loudly that there is no login: %s", logs.String())
	}
	lines := importLines(t, sajin(t, "import", "--data", data, "--json", "--no-vision", path))
	if len(lines) != 1 || lines[0].Status != "duplicate" || lines[0].ID != rec.ID {
		t.Errorf("import after upload = %+v, want duplicate of %s", lines, rec.ID)
	}
	if a := searchIDs(t, data, "2015년 8월 3일"); a.Total != 1 || searchIDs(t, data, "").Total != 2 {
		t.Errorf("search by date after upload: %d results", a.Total)
	}
}
