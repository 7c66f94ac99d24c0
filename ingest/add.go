package ingest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"sajin/ingest/blob"
	"sajin/ingest/catalog"
	"sajin/ingest/exif"
	"sajin/ingest/thumb"
)

// Add takes one file into the library. It returns the photo and Imported, the existing photo and Duplicate when
// the library already holds the same content, or Rejected with an error wrapping ErrRejected that says why. Any
// other error is a failure of Sajin's own storage (disk full, catalog unavailable) and nothing was recorded.
func (p *Pipeline) Add(ctx context.Context, src Source) (*catalog.Photo, Status, error) {
	if src.Library == "" {
		src.Library = catalog.DefaultLibrary
	}
	sp, err := p.store.Spool(ctx, src.Body, p.opts.MaxBytes)
	switch {
	case errors.Is(err, blob.ErrTooLarge), errors.Is(err, blob.ErrEmpty):
		return nil, Rejected, fmt.Errorf("%w: %w", ErrRejected, err)
	case err != nil:
		return nil, "", err
	}
	defer sp.Remove() // a no-op once the file is committed
	if old, err := p.cat.BySHA256(ctx, src.Library, sp.SHA256); err == nil {
		return old, Duplicate, nil
	} else if !errors.Is(err, catalog.ErrNotFound) {
		return nil, "", err
	}
	photo, err := p.process(ctx, src, sp)
	if err != nil {
		return nil, Rejected, err
	}
	if _, err := p.store.Commit(sp, photo.Ext); err != nil {
		return nil, "", err
	}
	var first []string
	if len(p.stages) > 0 {
		first = []string{p.stages[0].Name}
	}
	err = p.cat.Insert(ctx, photo, first...)
	if errors.Is(err, catalog.ErrExists) { // the same content arrived concurrently
		old, gerr := p.cat.BySHA256(ctx, src.Library, sp.SHA256)
		return old, Duplicate, gerr
	}
	if err != nil {
		return nil, "", err
	}
	p.recordXMP(ctx, photo, src) // keywords as labels, motion photos: metadata.go
	p.notify()
	return photo, Imported, nil
}

// process reads the metadata, decodes the image and writes its thumbnails. Every error it returns is a rejection.
func (p *Pipeline) process(ctx context.Context, src Source, sp *blob.Spooled) (*catalog.Photo, error) {
	f, err := os.Open(sp.Path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	meta, err := exif.Read(f)
	if err != nil {
		if errors.Is(err, exif.ErrLoop) {
			return nil, fmt.Errorf("%w: %w", ErrRejected, err)
		}
		p.opts.Logger.Info("exif unreadable, using other date sources", "file", src.Name, "err", err)
	}
	meta = withXMP(meta, f, src.XMP, p.opts.Logger.With("file", src.Name)) // metadata.go
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	info, thumbs, err := p.decodeAndRender(ctx, f, meta.Orientation, src.Bulk)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrRejected, err)
	}
	mime, ext, ok := thumb.MediaType(info.Format)
	if !ok {
		return nil, fmt.Errorf("%w: %w: %s", ErrRejected, thumb.ErrUnsupported, info.Format)
	}
	for _, t := range thumbs {
		if err := p.store.PutThumb(sp.SHA256, t.Spec.Name, t.JPEG); err != nil {
			return nil, err
		}
	}
	meta = exif.Resolve(meta, src.Name, src.ModTime, p.opts.Now())
	w, h := thumb.DisplaySize(info.Width, info.Height, meta.Orientation)
	photo := &catalog.Photo{
		Library: src.Library, ID: PhotoID(sp.SHA256), SHA256: sp.SHA256, Bytes: sp.Size,
		MIME: mime, Ext: ext, Width: w, Height: h, Orientation: meta.Orientation,
		TakenSource: string(meta.TakenSource),
		Make:        meta.Make, Model: meta.Model, Lens: meta.Lens, Exposure: exposureJSON(meta),
		FileName: src.Name, SourcePath: src.Path, ImportedAt: p.opts.Now(),
	}
	if !meta.Taken.IsZero() {
		t := meta.Taken
		photo.TakenLocal = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
		if meta.TakenOffset {
			_, off := t.Zone()
			photo.TakenOffset = &off
		}
	}
	if meta.GPS != nil {
		photo.Lat, photo.Lon = &meta.GPS.Lat, &meta.GPS.Lon
	}
	return photo, nil
}

// decodeAndRender decodes one image and renders every thumbnail from those pixels, upright. It reads the
// header first, so that the decode waits for its share of the memory budget (opts.Decodes and DecodeMemory;
// interactive files first). A JPEG is decoded once, already scaled down to what the largest thumbnail needs.
func (p *Pipeline) decodeAndRender(ctx context.Context, f io.ReadSeeker, orientation int, bulk bool) (thumb.Info, []thumb.Thumb, error) {
	info, err := p.thumbs.Probe(f)
	if err != nil {
		return thumb.Info{}, nil, err // Decode would refuse it the same way
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return thumb.Info{}, nil, err
	}
	held, err := p.decode.acquire(ctx, bulk, p.thumbs.MemoryEstimate(info))
	if err != nil {
		return thumb.Info{}, nil, err
	}
	defer p.decode.release(held)
	return p.thumbs.Thumbnails(ctx, f, orientation)
}

// PhotoID is a photo's id: the first 16 hex digits (64 bits) of its content hash, unique within a library for
// any realistic library size, and short enough for URLs.
func PhotoID(sha256 string) string { return sha256[:16] }

func exposureJSON(m exif.Meta) string {
	e := map[string]any{}
	if m.FNumber > 0 {
		e["f_number"] = m.FNumber
	}
	if m.ExposureTime != "" {
		e["exposure_time"] = m.ExposureTime
	}
	if m.ISO > 0 {
		e["iso"] = m.ISO
	}
	if m.FocalLength > 0 {
		e["focal_length"] = m.FocalLength
	}
	b, _ := json.Marshal(e)
	return string(b)
}
