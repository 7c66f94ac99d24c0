package ingest

import (
	"bytes"
	"log/slog"
	"testing"
	"time"

	"sajin/ingest/exif"
)

func TestWithXMP(t *testing.T) {
	packet := func(date string) string {
		return `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:DateTimeOriginal="` + date + `"
 exif:GPSLatitude="37.5" exif:GPSLongitude="127.0"/></rdf:RDF></x:xmpmeta>`
	}
	fileWith := func(p string) *bytes.Reader {
		return bytes.NewReader(append([]byte("\xff\xd8\xff\xe1\x00\x10http://ns.adobe.com/xap/1.0/\x00"), p...))
	}
	fromEXIF := exif.Meta{Orientation: 1, Taken: time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC), TakenSource: exif.SourceEXIF}
	log := slog.New(slog.DiscardHandler)
	tests := []struct {
		name     string
		meta     exif.Meta
		file     *bytes.Reader
		sidecar  string
		wantYear int
		wantSrc  exif.Source
		wantGPS  bool
	}{
		{"embedded XMP does not override EXIF", fromEXIF, fileWith(packet("2020-01-01T00:00:00")), "", 2010, exif.SourceEXIF, true},
		{"embedded XMP fills a missing date", exif.Meta{Orientation: 1}, fileWith(packet("2020-01-01T00:00:00")), "", 2020, exif.SourceXMP, true},
		{"a sidecar overrides EXIF", fromEXIF, bytes.NewReader([]byte("\xff\xd8")), packet("2021-06-01T12:00:00+09:00"), 2021, exif.SourceXMP, true},
		{"a broken sidecar changes nothing", fromEXIF, bytes.NewReader(nil), "<x:xmpmeta><unclosed", 2010, exif.SourceEXIF, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var side []byte
			if tt.sidecar != "" {
				side = []byte(tt.sidecar)
			}
			got := withXMP(tt.meta, tt.file, side, log)
			if got.Taken.Year() != tt.wantYear || got.TakenSource != tt.wantSrc || (got.GPS != nil) != tt.wantGPS {
				t.Errorf("withXMP = taken %v (%s), GPS %v; want %d (%s), GPS %v",
					got.Taken, got.TakenSource, got.GPS, tt.wantYear, tt.wantSrc, tt.wantGPS)
			}
		})
	}
}
