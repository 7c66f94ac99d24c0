package ingest

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"

	"sajin/ingest/catalog"
	"sajin/ingest/exif"
	"sajin/ingest/iptc"
	"sajin/ingest/xmp"
)

// XMP, embedded in a photo or in a sidecar file beside it, and IPTC-IIM complete what EXIF
// says. The capture time and position of a sidecar win over the file's EXIF (a sidecar is where
// Lightroom, darktable and digiKam write the user's corrections); those of XMP embedded in the
// file, then of IPTC, only fill what its EXIF lacks. Keywords of all three become user labels,
// and an Android motion photo's mark is kept in the catalog's motion table.

// readXMP returns the XMP of a sidecar, and the XMP packet in the first bytes of r completed by
// their IPTC.
func readXMP(r io.ReaderAt, sidecar []byte) (side, embedded xmp.Meta, err error) {
	buf := make([]byte, exif.PrefixSize)
	n, rerr := r.ReadAt(buf, 0)
	if rerr != nil && !errors.Is(rerr, io.EOF) {
		err = rerr
	}
	if p := xmp.Find(buf[:n]); p != nil {
		embedded, _ = xmp.Parse(p) // a damaged packet yields what could be read
	}
	in := iptc.Parse(buf[:n])
	embedded = xmp.Merge(embedded, xmp.Meta{Keywords: in.Keywords, Taken: in.Taken, TakenOffset: in.TakenOffset})
	if sidecar != nil {
		var serr error
		side, serr = xmp.Parse(sidecar)
		err = errors.Join(err, serr)
	}
	return side, embedded, err
}

// withXMP completes meta (read from the file's EXIF) with XMP; see above for the precedence.
func withXMP(meta exif.Meta, r io.ReaderAt, sidecar []byte, log *slog.Logger) exif.Meta {
	side, embedded, err := readXMP(r, sidecar)
	if err != nil {
		log.Info("xmp partly unreadable, using what could be read", "err", err)
	}
	fromXMP := func(x xmp.Meta, override bool) {
		if !x.Taken.IsZero() && (override || meta.Taken.IsZero()) {
			meta.Taken, meta.TakenOffset, meta.TakenSource = x.Taken, x.TakenOffset, exif.SourceXMP
		}
		if x.GPS != nil && (override || meta.GPS == nil) {
			meta.GPS = &exif.GPS{Lat: x.GPS.Lat, Lon: x.GPS.Lon}
		}
	}
	fromXMP(embedded, false)
	fromXMP(side, true)
	return meta
}

// recordXMP turns the keywords of a newly added photo's XMP into user labels and records a
// motion photo's video. Failures are logged: the photo itself is in.
func (p *Pipeline) recordXMP(ctx context.Context, photo *catalog.Photo, src Source) {
	log := p.opts.Logger.With("photo", photo.ID)
	path, err := p.store.OriginalPath(photo.SHA256, photo.Ext)
	if err != nil {
		log.Warn("xmp keywords skipped", "err", err)
		return
	}
	f, err := os.Open(path)
	if err != nil {
		log.Warn("xmp keywords skipped", "err", err)
		return
	}
	defer f.Close()
	side, embedded, _ := readXMP(f, src.XMP) // withXMP has logged any damage
	x := xmp.Merge(side, embedded)
	for _, k := range x.Keywords {
		if err := p.SetLabel(ctx, photo.Library, photo.ID, k, true); err != nil {
			log.Info("xmp keyword not kept as a label", "keyword", k, "err", err)
		}
	}
	if x.MotionPhoto {
		m := catalog.Motion{Kind: catalog.MotionEmbedded, VideoBytes: x.VideoLength}
		if err := p.cat.SetMotion(ctx, photo.Library, photo.ID, m); err != nil {
			log.Warn("motion photo not recorded", "err", err)
		}
	}
}
