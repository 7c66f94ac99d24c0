package xmp

import (
	"bytes"
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// lightroom is a sidecar as Lightroom Classic writes it: properties as attributes, lists as
// elements.
const lightroom = `<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="Adobe XMP Core 7.0">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:exif="http://ns.adobe.com/exif/1.0/"
    xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:lr="http://ns.adobe.com/lightroom/1.0/"
   xmp:Rating="4"
   xmp:CreateDate="2015-08-03T08:15:00"
   exif:DateTimeOriginal="2015-08-03T08:15:00.25+09:00"
   exif:GPSLatitude="33,29.976N"
   exif:GPSLongitude="126,31.872E">
   <dc:subject>
    <rdf:Bag>
     <rdf:li>제주</rdf:li>
     <rdf:li>beach</rdf:li>
     <rdf:li>Beach</rdf:li>
    </rdf:Bag>
   </dc:subject>
   <lr:hierarchicalSubject>
    <rdf:Bag>
     <rdf:li>Places|Korea|Jeju</rdf:li>
    </rdf:Bag>
   </lr:hierarchicalSubject>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>`

// darktable writes properties as elements and other prefixes.
const darktable = `<?xml version="1.0" encoding="UTF-8"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:a="http://ns.adobe.com/xap/1.0/" xmlns:b="http://ns.adobe.com/photoshop/1.0/"
      xmlns:e="http://ns.adobe.com/exif/1.0/">
   <a:Rating>-1</a:Rating>
   <b:DateCreated>2019-12-24</b:DateCreated>
   <e:GPSLatitude>37,33,59.4S</e:GPSLatitude>
   <e:GPSLongitude>-126.9780</e:GPSLongitude>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>`

// pixel is the XMP of a Google Pixel motion photo (Container directory).
const pixel = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description xmlns:GCamera="http://ns.google.com/photos/1.0/camera/"
  xmlns:Container="http://ns.google.com/photos/1.0/container/"
  xmlns:Item="http://ns.google.com/photos/1.0/container/item/"
  GCamera:MotionPhoto="1" GCamera:MotionPhotoVersion="1" GCamera:MotionPhotoPresentationTimestampUs="968644">
 <Container:Directory><rdf:Seq>
  <rdf:li rdf:parseType="Resource"><Container:Item Item:Mime="image/jpeg" Item:Semantic="Primary" Item:Length="0" Item:Padding="0"/></rdf:li>
  <rdf:li rdf:parseType="Resource"><Container:Item Item:Mime="video/mp4" Item:Semantic="MotionPhoto" Item:Length="2413812" Item:Padding="0"/></rdf:li>
 </rdf:Seq></Container:Directory>
</rdf:Description></rdf:RDF></x:xmpmeta>`

// microVideo is the older motion photo XMP.
const microVideo = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description xmlns:GCamera="http://ns.google.com/photos/1.0/camera/" GCamera:MicroVideo="1"
  GCamera:MicroVideoVersion="1" GCamera:MicroVideoOffset="1893345" GCamera:MicroVideoPresentationTimestampUs="1040000"/>
</rdf:RDF></x:xmpmeta>`

func TestParse(t *testing.T) {
	seoul := time.FixedZone("", 9*3600)
	tests := []struct {
		name string
		xmp  string
		want Meta
	}{
		{"lightroom", lightroom, Meta{
			Taken: time.Date(2015, 8, 3, 8, 15, 0, 250e6, seoul), TakenOffset: true,
			Keywords: []string{"제주", "beach", "Jeju"}, Rating: 4, GPS: &GPS{Lat: 33.4996, Lon: 126.5312},
		}},
		{"darktable", darktable, Meta{
			Taken: time.Date(2019, 12, 24, 0, 0, 0, 0, time.UTC), Rating: -1,
			GPS: &GPS{Lat: -(37 + 33.0/60 + 59.4/3600), Lon: -126.978},
		}},
		{"pixel motion photo", pixel, Meta{MotionPhoto: true, VideoLength: 2413812}},
		{"micro video", microVideo, Meta{MotionPhoto: true, VideoLength: 1893345}},
		{"empty", "", Meta{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse([]byte(tt.xmp))
			if err != nil {
				t.Fatal(err)
			}
			if !same(got, tt.want) {
				t.Errorf("Parse = %+v (GPS %+v), want %+v (GPS %+v)", got, got.GPS, tt.want, tt.want.GPS)
			}
		})
	}
}

func same(a, b Meta) bool {
	gpsOK := (a.GPS == nil) == (b.GPS == nil)
	if gpsOK && a.GPS != nil {
		gpsOK = math.Abs(a.GPS.Lat-b.GPS.Lat) < 1e-4 && math.Abs(a.GPS.Lon-b.GPS.Lon) < 1e-4
	}
	return a.Taken.Equal(b.Taken) && a.Taken.Location().String() == b.Taken.Location().String() &&
		a.TakenOffset == b.TakenOffset && slices.Equal(a.Keywords, b.Keywords) && a.Rating == b.Rating &&
		gpsOK && a.MotionPhoto == b.MotionPhoto && a.VideoLength == b.VideoLength
}

func TestFind(t *testing.T) {
	app1 := append([]byte("\xff\xd8\xff\xe1\x10\x00http://ns.adobe.com/xap/1.0/\x00"), lightroom...)
	if got := Find(append(app1, "\xff\xdb..."...)); !bytes.Equal(got, []byte(lightroom)) {
		t.Errorf("Find(JPEG) = %q", got)
	}
	if got := Find(app1[:len(app1)-20]); got != nil {
		t.Errorf("Find(cut packet) = %q, want nil", got)
	}
	if got := Find([]byte("\xff\xd8\xff\xdb")); got != nil {
		t.Errorf("Find(no XMP) = %q, want nil", got)
	}
}

func TestParseHostile(t *testing.T) {
	many := `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:subject><rdf:Bag>`
	for i := range 1000 {
		many += "<rdf:li>k" + strconv.Itoa(i) + strings.Repeat("x", i%300) + "</rdf:li>"
	}
	many += `</rdf:Bag></dc:subject></rdf:Description></rdf:RDF></x:xmpmeta>`
	m, err := Parse([]byte(many))
	if err != nil || len(m.Keywords) != MaxKeywords {
		t.Errorf("Parse(1000 keywords) kept %d, %v; want %d", len(m.Keywords), err, MaxKeywords)
	}
	for _, k := range m.Keywords {
		if len(k) > MaxKeywordLen {
			t.Errorf("keyword of %d bytes kept", len(k))
		}
	}
	deep := strings.Repeat("<a>", 100000) + strings.Repeat("</a>", 100000)
	if _, err := Parse([]byte(deep)); err != nil {
		t.Errorf("Parse(deep) = %v", err)
	}
	entity := `<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x:xmpmeta xmlns:x="adobe:ns:meta/">&e;</x:xmpmeta>`
	if _, err := Parse([]byte(entity)); err != nil && !errors.Is(err, ErrCorrupt) {
		t.Errorf("Parse(external entity) = %v", err)
	}
	bad := []string{
		`<x:xmpmeta><rdf:Description xmp:Rating="99" xmlns:xmp="http://ns.adobe.com/xap/1.0/"/>`,
		`<r xmlns:e="http://ns.adobe.com/exif/1.0/" e:GPSLatitude="91,0N" e:GPSLongitude="10E" e:DateTimeOriginal="0001-01-01T00:00:00"/>`,
		`<r xmlns:e="http://ns.adobe.com/exif/1.0/" e:GPSLatitude="NaN" e:GPSLongitude="1,2,3,4E"/>`,
	}
	for _, b := range bad {
		m, _ := Parse([]byte(b))
		if m.Rating != 0 || m.GPS != nil || !m.Taken.IsZero() {
			t.Errorf("Parse(%s) = %+v, want nothing", b, m)
		}
	}
}

func TestMerge(t *testing.T) {
	sidecar := Meta{Keywords: []string{"Jeju", "beach"}, Rating: 5}
	embedded := Meta{Keywords: []string{"beach", "sea"}, Rating: 2, Taken: time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)}
	got := Merge(sidecar, embedded)
	if got.Rating != 5 || !slices.Equal(got.Keywords, []string{"Jeju", "beach", "sea"}) || got.Taken.IsZero() {
		t.Errorf("Merge = %+v", got)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{lightroom, darktable, pixel, microVideo} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		m, _ := Parse(b)
		if len(m.Keywords) > MaxKeywords || m.Rating < -1 || m.Rating > 5 {
			t.Errorf("Parse = %+v", m)
		}
		if m.GPS != nil && (math.Abs(m.GPS.Lat) > 90 || math.Abs(m.GPS.Lon) > 180) {
			t.Errorf("GPS = %+v", m.GPS)
		}
		Find(b)
	})
}
