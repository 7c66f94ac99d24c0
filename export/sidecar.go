package export

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"

	"sajin/ingest"
	"sajin/ingest/catalog"
)

// Format names the version of the sidecar and manifest format; a restore refuses another major version.
const Format = "sajin-export/1"

// ManifestName is the file at the top of an export that lists its albums and people.
const ManifestName = "sajin-export.json"

// Sidecar is the JSON written beside each original ("IMG_1234.JPG.json"): everything Sajin knows of the photo,
// enough to restore it exactly, including what the vision stage found (so a restore need not run it again).
type Sidecar struct {
	Format        string             `json:"format"`
	ID            string             `json:"id"`
	SHA256        string             `json:"sha256"`
	FileName      string             `json:"file_name"` // as imported
	Bytes         int64              `json:"bytes"`
	MIME          string             `json:"mime"`
	Width         int                `json:"width"`
	Height        int                `json:"height"`
	TakenAt       string             `json:"taken_at"` // RFC 3339, without an offset when unknown; "" when unknown
	TakenAtSource string             `json:"taken_at_source"`
	GPS           *ingest.LatLon     `json:"gps"`
	Place         *ingest.Place      `json:"place"`
	Make          string             `json:"make"`
	Model         string             `json:"model"`
	Lens          string             `json:"lens"`
	Exposure      json.RawMessage    `json:"exposure"`
	Labels        []Label            `json:"labels"`
	Faces         []Face             `json:"faces"`
	Text          []catalog.TextLine `json:"text"`
	Favourite     bool               `json:"favourite"`
	Albums        []AlbumRef         `json:"albums"`
	ImportedAt    string             `json:"imported_at"`
}

// Label is a label of an exported photo, with its state: "auto" (a model or rule), "user" (added by the user) or
// "removed" (a model's label the user removed, kept so that it stays removed).
type Label struct {
	Key      string        `json:"key"`
	En       string        `json:"en"`
	Ko       string        `json:"ko"`
	Category string        `json:"category,omitempty"`
	Score    float64       `json:"score"`
	Source   string        `json:"source"`
	State    string        `json:"state"`
	Boxes    []catalog.Box `json:"boxes,omitempty"`
}

// Face is a face of an exported photo: where, who (the person's name, when the user gave one) and the face's
// embedding (float32 little-endian, base64), which lets a restore cluster people without the face model.
type Face struct {
	Box       catalog.Box `json:"box"`
	Score     float64     `json:"score"`
	Source    string      `json:"source"`
	PersonID  string      `json:"person_id,omitempty"`
	Name      string      `json:"name,omitempty"`
	Embedding string      `json:"embedding,omitempty"`
}

// AlbumRef names one of the user's albums that holds the photo.
type AlbumRef struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// Manifest is the file at the top of an export.
type Manifest struct {
	Format     string     `json:"format"`
	Library    string     `json:"library"`
	ExportedAt string     `json:"exported_at"`
	Photos     int        `json:"photos"`
	Albums     []AlbumRef `json:"albums"` // every album of the library, empty ones included
	People     []Person   `json:"people"` // named people
}

// Person is a named person of the exported library.
type Person struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// sidecar gathers everything about one photo. names maps person ids to names, titles album ids to titles.
func (x *Exporter) sidecar(ctx context.Context, p *catalog.Photo, names, titles map[string]string) (Sidecar, error) {
	rec, err := x.Records.Record(ctx, p, nil)
	if err != nil {
		return Sidecar{}, err
	}
	sc := Sidecar{
		Format: Format, ID: p.ID, SHA256: p.SHA256, FileName: p.FileName, Bytes: p.Bytes, MIME: p.MIME,
		Width: p.Width, Height: p.Height, TakenAt: rec.TakenAt, TakenAtSource: rec.TakenAtSource, GPS: rec.GPS,
		Place: rec.Place, Make: p.Make, Model: p.Model, Lens: p.Lens, Exposure: rec.Exposure,
		Labels: []Label{}, Faces: []Face{}, Text: []catalog.TextLine{}, Favourite: rec.Favourite,
		Albums: []AlbumRef{}, ImportedAt: rec.ImportedAt,
	}
	named := map[string]ingest.Label{}
	for _, l := range rec.Labels {
		named[l.Key] = l
	}
	labels, err := x.Records.Catalog.Labels(ctx, p.Library, p.ID)
	if err != nil {
		return Sidecar{}, err
	}
	for _, l := range labels {
		n := named[l.Key] // removed labels are not in the record: their names stay empty
		sc.Labels = append(sc.Labels, Label{Key: l.Key, En: n.En, Ko: n.Ko, Category: n.Category, Score: l.Score,
			Source: l.Source, State: l.State, Boxes: l.Boxes})
	}
	faces, err := x.Records.Catalog.Faces(ctx, p.Library, p.ID)
	if err != nil {
		return Sidecar{}, err
	}
	for _, f := range faces {
		sc.Faces = append(sc.Faces, Face{Box: f.Box, Score: f.Score, Source: f.Source, PersonID: f.PersonID,
			Name: names[f.PersonID], Embedding: encodeEmbedding(f.Embedding)})
	}
	if sc.Text, err = x.Records.Catalog.Text(ctx, p.Library, p.ID); err != nil {
		return Sidecar{}, err
	}
	if sc.Text == nil {
		sc.Text = []catalog.TextLine{}
	}
	for _, a := range rec.Albums {
		sc.Albums = append(sc.Albums, AlbumRef{ID: a, Title: titles[a]})
	}
	return sc, nil
}

// peopleNames returns the names of a library's named people by person id.
func peopleNames(ctx context.Context, pp *ingest.People, library string) (map[string]string, error) {
	names := map[string]string{}
	if pp == nil {
		return names, nil
	}
	people, err := pp.Load(ctx, library)
	if err != nil {
		return nil, err
	}
	for _, x := range people.Persons {
		if x.Name != "" {
			names[x.ID] = x.Name
		}
	}
	return names, nil
}

func encodeEmbedding(v []float32) string {
	if len(v) == 0 {
		return ""
	}
	b := make([]byte, 4*len(v))
	for i, f := range v {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(f))
	}
	return base64.StdEncoding.EncodeToString(b)
}

func decodeEmbedding(s string) ([]float32, error) {
	if s == "" {
		return nil, nil
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil || len(b)%4 != 0 {
		return nil, fmt.Errorf("bad face embedding")
	}
	v := make([]float32, len(b)/4)
	for i := range v {
		v[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return v, nil
}
