package ingest

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"time"

	"sajin/ingest/catalog"
	"sajin/vision/labels"
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
	Place         *Place            `json:"place"` // the named place nearest the GPS position, null when none
	Make          string            `json:"make"`
	Model         string            `json:"model"`
	Lens          string            `json:"lens"`
	Exposure      json.RawMessage   `json:"exposure"`
	Labels        []Label           `json:"labels"`
	Faces         []Face            `json:"faces"`
	Text          []string          `json:"text"`
	FileName      string            `json:"file_name"`
	ImportedAt    string            `json:"imported_at"`
	Thumbs        map[string]string `json:"thumbs"`
	Stages        map[string]string `json:"stages,omitempty"` // stage -> "done" | "todo" | "failed: reason"
	Favourite     bool              `json:"favourite"`
	Albums        []string          `json:"albums"`           // ids of the user's own albums that hold it
	Motion        *Motion           `json:"motion,omitempty"` // a Live Photo's or motion photo's moving part
}

// Motion is the moving part of a photo, remembered though videos are not imported yet: Kind "live" (an Apple Live
// Photo: Video is the name of the video file found beside the still) or "embedded" (an Android motion photo:
// VideoBytes of MP4 at the end of the original file).
type Motion struct {
	Kind       string `json:"kind"`
	Video      string `json:"video,omitempty"`
	VideoBytes int64  `json:"video_bytes,omitempty"`
}

// LatLon is a position in decimal degrees.
type LatLon struct {
	Lat float64 `json:"lat"`
	Lon float64 `json:"lon"`
}

// Label is one tag on a photo, named in both languages, with where it came from.
type Label struct {
	Key      string        `json:"key"`
	En       string        `json:"en"`
	Ko       string        `json:"ko"`
	Category string        `json:"category,omitempty"`
	Score    float64       `json:"score"`
	Source   string        `json:"source"`
	Box      *catalog.Box  `json:"box,omitempty"`   // the best box, in 0..1 of the displayed photo
	Boxes    []catalog.Box `json:"boxes,omitempty"` // every box, when there are several
}

// Place names where a photo was taken, in English and Korean.
type Place struct {
	City        string  `json:"city"`
	Region      string  `json:"region"`
	Country     string  `json:"country"`
	CountryCode string  `json:"country_code"`
	Ko          PlaceKo `json:"ko"`
	DistanceKm  float64 `json:"distance_km"` // from the photo's position to the place's centre
}

// PlaceKo holds the Korean names of a place; empty where none is known.
type PlaceKo struct {
	City    string `json:"city"`
	Region  string `json:"region"`
	Country string `json:"country"`
}

// Face is a face found in a photo.
type Face struct {
	Box      catalog.Box `json:"box"`
	Score    float64     `json:"score"`
	PersonID string      `json:"person_id,omitempty"`
}

// NewRecord builds the public view of a photo; thumbs maps each thumbnail spec to its path or URL.
func NewRecord(p *catalog.Photo, thumbs map[string]string, stages []catalog.StageState) Record {
	r := Record{
		ID: p.ID, SHA256: p.SHA256, Bytes: p.Bytes, MIME: p.MIME, Width: p.Width, Height: p.Height,
		Orientation: p.Orientation, TakenAtSource: p.TakenSource, Make: p.Make, Model: p.Model, Lens: p.Lens,
		Exposure: json.RawMessage(p.Exposure), Labels: []Label{}, Faces: []Face{}, Text: []string{}, FileName: p.FileName,
		ImportedAt: p.ImportedAt.UTC().Format(time.RFC3339), Thumbs: thumbs, Albums: []string{},
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

// Records builds complete records: the photo with its labels (named through the vocabulary), faces, text and
// place.
type Records struct {
	Catalog    *catalog.Catalog
	Vocabulary *labels.Vocabulary
	Places     Places // nil: no place names
}

// Record returns the complete public view of a photo.
func (rs Records) Record(ctx context.Context, p *catalog.Photo, thumbs map[string]string) (Record, error) {
	stages, err := rs.Catalog.Stages(ctx, p.Library, p.ID)
	if err != nil {
		return Record{}, err
	}
	r := NewRecord(p, thumbs, stages)
	if r.Favourite, r.Albums, err = rs.Catalog.Membership(ctx, p.Library, p.ID); err != nil {
		return Record{}, err
	}
	if m, ok, err := rs.Catalog.Motion(ctx, p.Library, p.ID); err != nil {
		return Record{}, err
	} else if ok {
		r.Motion = &Motion{Kind: m.Kind, VideoBytes: m.VideoBytes}
		if m.VideoPath != "" {
			r.Motion.Video = filepath.Base(m.VideoPath) // the name only: where the user's files lie stays private
		}
	}
	if pl, ok := (Describe{Places: rs.Places}).place(p); ok {
		r.Place = &Place{City: pl.City, Region: pl.Region, Country: pl.Country, CountryCode: pl.CountryCode,
			Ko: PlaceKo(pl.Ko), DistanceKm: float64(int(pl.DistanceKm*10+0.5)) / 10}
	}
	ls, err := rs.Catalog.Labels(ctx, p.Library, p.ID)
	if err != nil {
		return Record{}, err
	}
	for _, l := range ls {
		if l.State != catalog.LabelRemoved {
			r.Labels = append(r.Labels, rs.label(l))
		}
	}
	faces, err := rs.Catalog.Faces(ctx, p.Library, p.ID)
	if err != nil {
		return Record{}, err
	}
	for _, f := range faces {
		r.Faces = append(r.Faces, Face{Box: f.Box, Score: f.Score, PersonID: f.PersonID})
	}
	lines, err := rs.Catalog.Text(ctx, p.Library, p.ID)
	if err != nil {
		return Record{}, err
	}
	for _, l := range lines {
		r.Text = append(r.Text, l.Text)
	}
	return r, nil
}

// label names a catalog label; a key outside the vocabulary (a user's own word) is its own name.
func (rs Records) label(l catalog.Label) Label {
	name := strings.ReplaceAll(l.Key, "_", " ")
	out := Label{Key: l.Key, En: name, Ko: name, Score: l.Score, Source: l.Source}
	if rs.Vocabulary != nil {
		if v, ok := rs.Vocabulary.Label(l.Key); ok {
			out.En, out.Ko, out.Category = v.En, v.Ko, v.Category
		}
	}
	if len(l.Boxes) > 0 {
		out.Box = &l.Boxes[0]
	}
	if len(l.Boxes) > 1 {
		out.Boxes = l.Boxes
	}
	return out
}
