// Package xmp reads the XMP metadata Sajin uses from a photo's embedded XMP packet or an XMP
// sidecar file (photo.jpg.xmp or photo.xmp, as Lightroom, darktable and digiKam write them):
// capture time, keywords, rating, position, and the marks of an Android motion photo.
//
// Reading is bounded and never panics: at most MaxPacket bytes are parsed, by encoding/xml
// (which expands no external entities), at most MaxKeywords keywords of at most MaxKeywordLen
// bytes are kept, and every value is validated before it reaches Meta.
//
// # Time convention
//
// As in package exif: a time with an offset ("2015-08-03T08:15:00+09:00") is kept in a
// time.FixedZone with TakenOffset set; one without is wall-clock time stored as time.UTC with
// TakenOffset false.
//
// # Limits
//
// Only the first packet found in a file's first bytes is read (Find); XMP split over several
// JPEG segments (Extended XMP) is not joined. Localised alternatives (rdf:Alt) are not read.
package xmp

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits.
const (
	// MaxPacket caps the bytes of one XMP packet or sidecar that are parsed.
	MaxPacket = 1 << 20
	// MaxKeywords caps the keywords kept from one packet.
	MaxKeywords = 200
	// MaxKeywordLen caps the length in bytes of one keyword.
	MaxKeywordLen = 100
)

// ErrCorrupt reports an XMP packet that is not well-formed XML. The Meta returned with it holds
// what was read before the damage.
var ErrCorrupt = errors.New("xmp: corrupt packet")

// GPS is a position in decimal degrees (WGS 84, north and east positive).
type GPS struct{ Lat, Lon float64 }

// Meta is what Sajin reads from one XMP packet. Zero values mean absent.
type Meta struct {
	// Taken is the capture time: exif:DateTimeOriginal, else photoshop:DateCreated, else
	// xmp:CreateDate. See the package comment for times without an offset.
	Taken       time.Time
	TakenOffset bool
	// Keywords are dc:subject and the leaves of lr:hierarchicalSubject, trimmed, without
	// duplicates, in the order found.
	Keywords []string
	// Rating is xmp:Rating: 1 to 5 stars, -1 for rejected, 0 for none.
	Rating int
	// GPS is exif:GPSLatitude and exif:GPSLongitude, nil when absent or invalid.
	GPS *GPS
	// MotionPhoto is true for an Android motion photo (GCamera:MotionPhoto or MicroVideo): a
	// JPEG or HEIC still with a video appended to it.
	MotionPhoto bool
	// VideoLength is the length in bytes of the video at the end of a motion photo
	// (GCamera:MicroVideoOffset, or the MotionPhoto item's Item:Length), 0 when unknown.
	VideoLength int64
}

// Namespaces of the properties read.
const (
	nsXMP       = "http://ns.adobe.com/xap/1.0/"
	nsDC        = "http://purl.org/dc/elements/1.1/"
	nsEXIF      = "http://ns.adobe.com/exif/1.0/"
	nsPhotoshop = "http://ns.adobe.com/photoshop/1.0/"
	nsLightroom = "http://ns.adobe.com/lightroom/1.0/"
	nsRDF       = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
	nsGCamera   = "http://ns.google.com/photos/1.0/camera/"
	nsItem      = "http://ns.google.com/photos/1.0/container/item/"
)

// Read parses a sidecar file or a bare packet from r, reading at most MaxPacket bytes.
func Read(r io.Reader) (Meta, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxPacket))
	if err != nil {
		return Meta{}, fmt.Errorf("xmp: read: %w", err)
	}
	return Parse(b)
}

// Find returns the first XMP packet in b, a file's first bytes (any container: JPEG's APP1,
// PNG's iTXt, WebP's XMP chunk, a HEIF item, a TIFF tag), or nil. It looks for the
// x:xmpmeta element, or a bare rdf:RDF, rather than walking each container.
func Find(b []byte) []byte {
	for _, tags := range [][2]string{{"<x:xmpmeta", "</x:xmpmeta>"}, {"<rdf:RDF", "</rdf:RDF>"}} {
		start := bytes.Index(b, []byte(tags[0]))
		if start < 0 {
			continue
		}
		end := bytes.Index(b[start:], []byte(tags[1]))
		if end < 0 {
			return nil // cut off by the prefix: not worth a partial parse
		}
		return b[start : start+end+len(tags[1])]
	}
	return nil
}

// Parse reads one XMP packet: properties as attributes of rdf:Description or as elements, in
// any namespace prefix.
func Parse(b []byte) (m Meta, err error) {
	defer func() {
		if r := recover(); r != nil { // encoding/xml does not panic; this keeps the promise if it did
			m, err = Meta{}, fmt.Errorf("%w: parser panic: %v", ErrCorrupt, r)
		}
	}()
	p := parser{seen: map[string]bool{}}
	d := xml.NewDecoder(bytes.NewReader(b[:min(len(b), MaxPacket)]))
	d.Strict = false
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return p.meta(), fmt.Errorf("%w: %v", ErrCorrupt, err)
		}
		p.token(tok)
	}
	return p.meta(), nil
}

// parser collects properties from the token stream.
type parser struct {
	stack []xml.Name // open elements
	text  strings.Builder
	m     Meta
	seen  map[string]bool // keywords kept, lower-cased
	dates [3]string       // DateTimeOriginal, DateCreated, CreateDate
}

func (p *parser) token(tok xml.Token) {
	switch t := tok.(type) {
	case xml.StartElement:
		if len(p.stack) > 64 {
			return // absurd nesting: ignore what is inside
		}
		p.stack = append(p.stack, t.Name)
		p.text.Reset()
		for _, a := range t.Attr {
			p.property(a.Name, a.Value, false)
		}
		p.containerItem(t.Attr)
	case xml.CharData:
		if p.text.Len() < MaxKeywordLen*4 {
			p.text.Write(t[:min(len(t), MaxKeywordLen*4)])
		}
	case xml.EndElement:
		if len(p.stack) == 0 {
			return
		}
		name := p.stack[len(p.stack)-1]
		p.stack = p.stack[:len(p.stack)-1]
		value := p.text.String()
		p.text.Reset()
		if name.Space == nsRDF && name.Local == "li" && len(p.stack) >= 2 {
			p.property(p.stack[len(p.stack)-2], value, true) // the property that holds the Bag/Seq
			return
		}
		p.property(name, value, false)
	}
}

// property records one value: an attribute, a simple element, or an item of a list.
func (p *parser) property(name xml.Name, value string, item bool) {
	value = strings.TrimSpace(value)
	if value == "" {
		return
	}
	switch name.Space + name.Local {
	case nsDC + "subject":
		if item {
			p.keyword(value)
		}
	case nsLightroom + "hierarchicalSubject":
		if item {
			p.keyword(value[strings.LastIndexByte(value, '|')+1:])
		}
	case nsXMP + "Rating":
		if r, err := strconv.ParseFloat(value, 64); err == nil && r >= -1 && r <= 5 {
			p.m.Rating = int(math.Round(r))
		}
	case nsEXIF + "DateTimeOriginal":
		p.dates[0] = value
	case nsPhotoshop + "DateCreated":
		p.dates[1] = value
	case nsXMP + "CreateDate":
		p.dates[2] = value
	case nsEXIF + "GPSLatitude":
		p.gps(value, true)
	case nsEXIF + "GPSLongitude":
		p.gps(value, false)
	case nsGCamera + "MotionPhoto", nsGCamera + "MicroVideo":
		p.m.MotionPhoto = p.m.MotionPhoto || value == "1"
	case nsGCamera + "MicroVideoOffset":
		if n, err := strconv.ParseInt(value, 10, 64); err == nil && n > 0 {
			p.m.VideoLength = n
		}
	}
}

// containerItem reads one item of a Container:Directory (the newer motion photo format): the
// item whose Item:Semantic is MotionPhoto gives the video's length.
func (p *parser) containerItem(attrs []xml.Attr) {
	var semantic, length string
	for _, a := range attrs {
		switch {
		case a.Name.Space == nsItem && a.Name.Local == "Semantic":
			semantic = a.Value
		case a.Name.Space == nsItem && a.Name.Local == "Length":
			length = a.Value
		}
	}
	if semantic != "MotionPhoto" {
		return
	}
	p.m.MotionPhoto = true
	if n, err := strconv.ParseInt(strings.TrimSpace(length), 10, 64); err == nil && n > 0 {
		p.m.VideoLength = n
	}
}

func (p *parser) keyword(k string) {
	k = cleanText(k)
	if k == "" || len(p.m.Keywords) >= MaxKeywords || p.seen[strings.ToLower(k)] {
		return
	}
	p.seen[strings.ToLower(k)] = true
	p.m.Keywords = append(p.m.Keywords, k)
}

// gps records one half of a position; meta drops a position missing a half.
func (p *parser) gps(v string, lat bool) {
	deg, ok := parseCoordinate(v, lat)
	if !ok {
		return
	}
	if p.m.GPS == nil {
		p.m.GPS = &GPS{Lat: math.NaN(), Lon: math.NaN()}
	}
	if lat {
		p.m.GPS.Lat = deg
	} else {
		p.m.GPS.Lon = deg
	}
}

func (p *parser) meta() Meta {
	m := p.m
	for _, d := range p.dates {
		if t, off, ok := parseDate(d); ok {
			m.Taken, m.TakenOffset = t, off
			break
		}
	}
	if m.GPS != nil && (math.IsNaN(m.GPS.Lat) || math.IsNaN(m.GPS.Lon) || m.GPS.Lat == 0 && m.GPS.Lon == 0) {
		m.GPS = nil
	}
	return m
}

// parseCoordinate reads an XMP GPS coordinate: "DDD,MM.mmk" or "DDD,MM,SSk" with k one of
// N, S (lat) or E, W (lon); a plain signed decimal is accepted too.
func parseCoordinate(v string, lat bool) (float64, bool) {
	limit := 180.0
	if lat {
		limit = 90
	}
	sign := 1.0
	if n := len(v); n > 0 {
		switch v[n-1] {
		case 'N', 'E', 'n', 'e':
			v = v[:n-1]
		case 'S', 'W', 's', 'w':
			v, sign = v[:n-1], -1
		}
	}
	parts := strings.Split(v, ",")
	if len(parts) > 3 {
		return 0, false
	}
	deg, scale := 0.0, 1.0
	for i, s := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || i > 0 && (f < 0 || f >= 60) {
			return 0, false
		}
		deg += f / scale
		scale *= 60
	}
	deg *= sign
	return deg, deg >= -limit && deg <= limit
}

// parseDate reads an XMP date (ISO 8601, a subset): year to seconds, optional fraction and
// offset. Dates before 1800 or after 2200 are refused.
func parseDate(v string) (t time.Time, hasOffset, ok bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04Z07:00"} {
		if t, err := time.Parse(layout, v); err == nil {
			_, off := t.Zone()
			return plausible(t.In(time.FixedZone("", off)), true)
		}
	}
	for _, layout := range []string{"2006-01-02T15:04:05.999999999", "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, v); err == nil {
			return plausible(t, false)
		}
	}
	return time.Time{}, false, false
}

func plausible(t time.Time, offset bool) (time.Time, bool, bool) {
	if t.Year() < 1800 || t.Year() > 2200 {
		return time.Time{}, false, false
	}
	return t, offset, true
}

// cleanText returns s as valid UTF-8 without control characters, at most MaxKeywordLen bytes.
func cleanText(s string) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s)
	s = strings.TrimSpace(s)
	for len(s) > MaxKeywordLen {
		_, n := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-n]
	}
	return s
}

// Merge returns a with the values it lacks taken from b; keywords are the union. Call it as
// Merge(sidecar, embedded): a sidecar is what the user edited last.
func Merge(a, b Meta) Meta {
	if a.Taken.IsZero() {
		a.Taken, a.TakenOffset = b.Taken, b.TakenOffset
	}
	if a.Rating == 0 {
		a.Rating = b.Rating
	}
	if a.GPS == nil {
		a.GPS = b.GPS
	}
	a.MotionPhoto = a.MotionPhoto || b.MotionPhoto
	if a.VideoLength == 0 {
		a.VideoLength = b.VideoLength
	}
	seen := map[string]bool{}
	var kws []string
	for _, k := range append(append([]string(nil), a.Keywords...), b.Keywords...) {
		if !seen[strings.ToLower(k)] && len(kws) < MaxKeywords {
			seen[strings.ToLower(k)] = true
			kws = append(kws, k)
		}
	}
	a.Keywords = kws
	return a
}
