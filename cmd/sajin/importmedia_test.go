package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"sajin/ingest/catalog"
	"sajin/ingest/exif/exiftest"
	"sajin/ingest/thumb/libheif"
)

// xmpAPP1 is a JPEG APP1 segment holding an XMP packet.
func xmpAPP1(packet string) []byte {
	payload := append([]byte("http://ns.adobe.com/xap/1.0/\x00"), packet...)
	n := 2 + len(payload)
	return append([]byte{0xff, 0xe1, byte(n >> 8), byte(n)}, payload...)
}

const sidecarXMP = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:Rating="5"
  exif:DateTimeOriginal="2016-05-05T10:00:00+09:00" exif:GPSLatitude="33,29.976N" exif:GPSLongitude="126,31.872E">
 <dc:subject><rdf:Bag><rdf:li>Hallasan</rdf:li><rdf:li>hiking trip</rdf:li></rdf:Bag></dc:subject>
</rdf:Description></rdf:RDF></x:xmpmeta>`

const motionXMP = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description xmlns:GCamera="http://ns.google.com/photos/1.0/camera/" GCamera:MicroVideo="1"
  GCamera:MicroVideoVersion="1" GCamera:MicroVideoOffset="16"/></rdf:RDF></x:xmpmeta>`

// TestImportSidecarsLiveAndMotion imports a folder as phones and photo tools leave them: a JPEG
// with a Lightroom-style sidecar, an iPhone Live Photo (HEIC and MOV), an Android motion photo
// (a JPEG with a video appended) and a lone video.
func TestImportSidecarsLiveAndMotion(t *testing.T) {
	src, data := t.TempDir(), t.TempDir()
	photo(t, src, "edited/IMG_0100.JPG", 11, exiftest.Tags{Make: "Canon"}, 64, 48)
	write := func(name string, b []byte) {
		t.Helper()
		path := filepath.Join(src, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("edited/IMG_0100.JPG.xmp", []byte(sidecarXMP))
	still := photo(t, src, "motion/MVIMG_20200101_120000.jpg", 12, exiftest.Tags{}, 64, 48)
	jpg, _ := os.ReadFile(still)
	write("motion/MVIMG_20200101_120000.jpg", append(exiftest.InsertAPP1(jpg, xmpAPP1(motionXMP)),
		"\x00\x00\x00\x10ftypmp42\x00\x00\x00\x00"...))
	write("clip.mp4", []byte("\x00\x00\x00\x18ftypmp42"))
	heic := libheif.Available
	if heic {
		b, err := os.ReadFile("../../ingest/thumb/testdata/valid/exif6-irot270-64x48.heic")
		if err != nil {
			t.Fatal(err)
		}
		write("live/IMG_0200.HEIC", b)
		write("live/IMG_0200.MOV", []byte("\x00\x00\x00\x14ftypqt  "))
	}

	lines := importLines(t, sajin(t, "import", "--data", data, "--json", "--no-vision", src))
	byName := map[string]importLine{}
	for _, l := range lines {
		byName[filepath.Base(l.Path)] = l
	}
	for name, status := range map[string]string{"IMG_0100.JPG": "imported", "MVIMG_20200101_120000.jpg": "imported", "clip.mp4": "skipped"} {
		if byName[name].Status != status {
			t.Errorf("import %s = %+v, want %s", name, byName[name], status)
		}
	}
	if _, ok := byName["IMG_0100.JPG.xmp"]; ok {
		t.Error("the sidecar was imported as a file of its own")
	}

	show := func(id string) map[string]any {
		var rec map[string]any
		if err := json.Unmarshal(sajin(t, "show", "--data", data, "--json", id), &rec); err != nil {
			t.Fatal(err)
		}
		return rec
	}
	rec := show(byName["IMG_0100.JPG"].ID)
	if rec["taken_at"] != "2016-05-05T10:00:00+09:00" || rec["taken_at_source"] != "xmp" || rec["gps"] == nil {
		t.Errorf("show IMG_0100: taken_at %v (%v), gps %v; want the sidecar's 2016-05-05T10:00:00+09:00 and position",
			rec["taken_at"], rec["taken_at_source"], rec["gps"])
	}
	var keys []string
	for _, l := range rec["labels"].([]any) {
		l := l.(map[string]any)
		if l["source"] == "user" {
			keys = append(keys, l["key"].(string))
		}
	}
	slices.Sort(keys)
	if !slices.Equal(keys, []string{"hallasan", "hiking_trip"}) {
		t.Errorf("user labels of IMG_0100 = %v, want the sidecar's keywords", keys)
	}

	cat, err := catalog.Open(t.Context(), filepath.Join(data, "catalog.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer cat.Close()
	m, ok, err := cat.Motion(t.Context(), catalog.DefaultLibrary, byName["MVIMG_20200101_120000.jpg"].ID)
	if !ok || err != nil || m.Kind != catalog.MotionEmbedded || m.VideoBytes != 16 {
		t.Errorf("motion of the motion photo = %+v, %v, %v; want embedded, 16 bytes", m, ok, err)
	}
	if !heic {
		t.Log("built without cgo: no HEIC")
		return
	}
	if byName["IMG_0200.HEIC"].Status != "imported" || byName["IMG_0200.MOV"].Status != "skipped" {
		t.Fatalf("Live Photo import = %+v, %+v; want the still imported, the video skipped", byName["IMG_0200.HEIC"], byName["IMG_0200.MOV"])
	}
	id := byName["IMG_0200.HEIC"].ID
	rec = show(id)
	want := map[string]any{"mime": "image/heic", "width": 48.0, "height": 64.0, "orientation": 1.0,
		"taken_at": "2015-08-03T08:15:00+09:00", "taken_at_source": "exif", "make": "Apple", "model": "iPhone 12"}
	for k, v := range want {
		if rec[k] != v {
			t.Errorf("show IMG_0200.HEIC %s = %v, want %v", k, rec[k], v)
		}
	}
	m, ok, err = cat.Motion(t.Context(), catalog.DefaultLibrary, id)
	if !ok || err != nil || m.Kind != catalog.MotionLive || filepath.Base(m.VideoPath) != "IMG_0200.MOV" {
		t.Errorf("motion of the Live Photo = %+v, %v, %v; want live, IMG_0200.MOV", m, ok, err)
	}
	if mo, _ := rec["motion"].(map[string]any); mo["kind"] != "live" || mo["video"] != "IMG_0200.MOV" {
		t.Errorf("show IMG_0200.HEIC motion = %v, want live with its video's name", rec["motion"])
	}
	if mo, _ := show(byName["MVIMG_20200101_120000.jpg"].ID)["motion"].(map[string]any); mo["kind"] != "embedded" || mo["video_bytes"] != 16.0 {
		t.Errorf("show MVIMG_20200101_120000.jpg motion = %v, want embedded, 16 bytes", mo)
	}
}
