package ingest

import (
	"encoding/json"
	"time"

	"sajin/ingest/catalog"
)

// Record is the public view of a photo: what `sajin show --json` prints and the API returns.
type Record struct {
	ID            string            `json:"id"`
	SHA256        string            `json:"sha256"`
	Bytes         int64             `json:"bytes"`
	MIME          string            `json:"mime"`
	Width         int               `json:"width"`
	Height        int               `json:"height"`
	Orientation   int               `json:"orientation"`
	TakenAt       string            `json:"taken_at"` // RFC 3339; without an offset when the file gives none
	TakenAtSource string            `json:"taken_at_source"`
	GPS           *LatLon           `json:"gps"`
	Make          string            `json:"make"`
	Model         string            `json:"model"`
	Lens          string            `json:"lens"`
	Exposure      json.RawMessage   `json:"exposure"`
	Labels        []Label           `json:"labels"`
	FileName      string            `json:"file_name"`
	ImportedAt    string            `json:"imported_at"`
	Thumbs        map[string]string `json:"thumbs"`
	Stages        map[string]string `json:"stages,omitempty"` // stage -> "done" | "todo" | "failed: reason"
}

// LatLon is a position in decimal degrees.
type LatLon struct {
	Lat float64 `json:"lat"`
	Lon float64 `json:"lon"`
}

// Label is one tag on a photo (filled by the vision stage).
type Label struct {
	En       string    `json:"en"`
	Ko       string    `json:"ko"`
	Category string    `json:"category,omitempty"`
	Score    float64   `json:"score"`
	Source   string    `json:"source"`
	Box      []float64 `json:"box,omitempty"`
}

// NewRecord builds the public view of a photo; thumbs maps each thumbnail spec to its path or URL.
func NewRecord(p *catalog.Photo, thumbs map[string]string, stages []catalog.StageState) Record {
	r := Record{
		ID: p.ID, SHA256: p.SHA256, Bytes: p.Bytes, MIME: p.MIME, Width: p.Width, Height: p.Height,
		Orientation: p.Orientation, TakenAtSource: p.TakenSource, Make: p.Make, Model: p.Model, Lens: p.Lens,
		Exposure: json.RawMessage(p.Exposure), Labels: []Label{}, FileName: p.FileName,
		ImportedAt: p.ImportedAt.UTC().Format(time.RFC3339), Thumbs: thumbs,
	}
	if t, hasOffset, ok := p.Taken(); ok {
		r.TakenAt = FormatTaken(t, hasOffset)
	}
	if p.Lat != nil && p.Lon != nil {
		r.GPS = &LatLon{Lat: *p.Lat, Lon: *p.Lon}
	}
	if len(stages) > 0 {
		r.Stages = map[string]string{}
		for _, s := range stages {
			v := s.State
			if s.Error != "" {
				v += ": " + s.Error
			}
			r.Stages[s.Stage] = v
		}
	}
	return r
}

// FormatTaken formats a capture time as RFC 3339, leaving the offset out when it is not known (a "floating"
// wall-clock time: the moment is known only where the photo was taken).
func FormatTaken(t time.Time, hasOffset bool) string {
	if !hasOffset {
		return t.Format("2006-01-02T15:04:05")
	}
	return t.Format(time.RFC3339)
}
