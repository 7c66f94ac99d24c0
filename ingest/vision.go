package ingest

import (
	"context"
	"fmt"
	"image"
	"os"

	"sajin/ingest/blob"
	"sajin/ingest/catalog"
	"sajin/ingest/thumb"
	"sajin/vision"
)

// StageVision is the name of the stage that tags photos with the vision models.
const StageVision = "vision"

// visionSpec is the thumbnail the vision stage looks at: upright, at most 2048 px, already on disk. Every model
// input is at most 960 px, so nothing is lost, and decoding it costs a tenth of decoding a 12-megapixel original.
const visionSpec = "fit2048"

// Tagger is what the vision stage needs of vision.Tagger.
type Tagger interface {
	Tag(ctx context.Context, img image.Image, hints vision.Hints) (vision.Result, error)
}

// VisionStage returns the stage that tags photos, workers at a time, and records labels, faces and text in the
// catalog.
func VisionStage(cat *catalog.Catalog, store *blob.Store, tagger Tagger, workers int) Stage {
	return Stage{Name: StageVision, Batch: 1, Workers: workers, Run: func(ctx context.Context, jobs []catalog.Job) []error {
		errs := make([]error, len(jobs))
		for i, j := range jobs {
			errs[i] = tagOne(ctx, cat, store, tagger, j)
		}
		return errs
	}}
}

// visionDecoder reads the fit2048 thumbnails the vision stage tags.
var visionDecoder = thumb.New(thumb.Options{})

func tagOne(ctx context.Context, cat *catalog.Catalog, store *blob.Store, tagger Tagger, j catalog.Job) error {
	p, err := cat.Get(ctx, j.Library, j.PhotoID)
	if err != nil {
		return err
	}
	path, err := store.ThumbPath(p.SHA256, visionSpec)
	if err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("vision: thumbnail missing (run `sajin check`): %w", err)
	}
	img, _, err := visionDecoder.Decode(f) // libjpeg-turbo: 3-4x image/jpeg's speed
	f.Close()
	if err != nil {
		return fmt.Errorf("vision: thumbnail unreadable: %w", err)
	}
	format := map[string]string{"image/png": "png", "image/jpeg": "jpeg"}[p.MIME]
	hints := vision.Hints{FileName: p.FileName, Format: format, HasCamera: p.Make != "" || p.Model != ""}
	if p.TakenSource == "exif" || p.TakenSource == "filename" || p.TakenSource == "xmp" {
		hints.Taken = p.TakenLocal
	}
	res, err := tagger.Tag(ctx, img, hints)
	if err != nil {
		return err
	}
	return cat.SaveVision(ctx, p.Library, p.ID, toCatalog(res, img.Bounds()))
}

// toCatalog converts a vision result, with boxes made relative (0..1) to the image so that any thumbnail size
// can draw them.
func toCatalog(res vision.Result, b image.Rectangle) catalog.Vision {
	rel := func(r image.Rectangle) catalog.Box {
		r = r.Intersect(b) // a face box may reach past the edge
		w, h := float64(b.Dx()), float64(b.Dy())
		return catalog.Box{
			round4(float64(r.Min.X-b.Min.X) / w), round4(float64(r.Min.Y-b.Min.Y) / h),
			round4(float64(r.Max.X-b.Min.X) / w), round4(float64(r.Max.Y-b.Min.Y) / h),
		}
	}
	var v catalog.Vision
	for _, l := range res.Labels {
		cl := catalog.Label{Key: l.Key, Score: round4(l.Score), Source: l.Source}
		for _, box := range l.Boxes {
			cl.Boxes = append(cl.Boxes, rel(box))
		}
		v.Labels = append(v.Labels, cl)
	}
	for _, f := range res.Faces {
		v.Faces = append(v.Faces, catalog.Face{Box: rel(f.Box), Score: round4(f.Score), Embedding: f.Embedding, Source: vision.SourceFaces})
	}
	for _, l := range res.Text {
		v.Text = append(v.Text, catalog.TextLine{Text: l.Text, Score: round4(l.Score), Box: rel(l.Box)})
	}
	v.TextSource = vision.SourceOCR
	return v
}

func round4(x float64) float64 { return float64(int64(x*10000+0.5)) / 10000 }
