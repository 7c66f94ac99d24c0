package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"sajin/ingest/catalog"
	"sajin/ingest/thumb"
	"sajin/ingest/xmp"
)

// What a folder import does with files beside photos: XMP sidecars are read with their photo,
// videos are skipped with a line that says so (a Live Photo's video is remembered with its still).

// statusSkipped is the import status of a file deliberately left out: a video.
const statusSkipped = "skipped"

// videoExts are the extensions of the videos phones and cameras write.
var videoExts = []string{".mov", ".mp4", ".m4v", ".3gp", ".avi", ".mts", ".m2ts", ".mkv", ".webm"}

func isVideo(path string) bool {
	return slices.Contains(videoExts, strings.ToLower(filepath.Ext(path)))
}

func isPhoto(path string) bool {
	return slices.Contains(thumb.Extensions(), strings.ToLower(filepath.Ext(path)))
}

// videoPlan is the videos of an import: each skipped, those of Live Photos paired with their
// still.
type videoPlan struct {
	all  []string
	live map[string]string // still's path -> video's path
}

// splitVideos takes the videos out of files and pairs each with the still of the same name in
// the same folder (IMG_0001.HEIC and IMG_0001.MOV), as an iPhone exports a Live Photo.
func splitVideos(files []string) (stills []string, v videoPlan) {
	v.live = map[string]string{}
	byBase := map[string]string{}
	for _, f := range files {
		if isVideo(f) {
			v.all = append(v.all, f)
			continue
		}
		stills = append(stills, f)
		byBase[baseKey(f)] = f
	}
	for _, video := range v.all {
		if still, ok := byBase[baseKey(video)]; ok {
			v.live[still] = video
		}
	}
	return stills, v
}

// baseKey is a path without its extension, case-folded: a Live Photo's two files differ only there.
func baseKey(path string) string {
	return strings.ToLower(strings.TrimSuffix(path, filepath.Ext(path)))
}

// lines reports each video as skipped, in path order.
func (v videoPlan) lines() []importLine {
	still := map[string]string{}
	for s, video := range v.live {
		still[video] = s
	}
	var out []importLine
	for _, video := range v.all {
		msg := "a video: videos are not imported yet"
		if s, ok := still[video]; ok {
			msg = "the video of the Live Photo " + filepath.Base(s) + ": its still is imported, videos are not yet"
		}
		out = append(out, importLine{Path: video, Status: statusSkipped, Error: msg})
	}
	return out
}

// keepLivePair records that photo id is the still of a Live Photo whose video is at video ("" for none).
func keepLivePair(ctx context.Context, cat *catalog.Catalog, library, id, video string) error {
	if video == "" {
		return nil
	}
	if library == "" {
		library = catalog.DefaultLibrary
	}
	return cat.SetMotion(ctx, library, id, catalog.Motion{Kind: catalog.MotionLive, VideoPath: video})
}

// readSidecar returns the XMP sidecar of the photo at path, nil when there is none: photo.jpg.xmp
// (darktable, digiKam) first, then photo.xmp (Lightroom, Capture One), in either case of ".xmp".
// At most xmp.MaxPacket bytes are read.
func readSidecar(path string) ([]byte, error) {
	base := strings.TrimSuffix(path, filepath.Ext(path))
	for _, p := range []string{path + ".xmp", path + ".XMP", base + ".xmp", base + ".XMP"} {
		f, err := os.Open(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		defer f.Close()
		if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
			return nil, fmt.Errorf("%s is not a file", p)
		}
		return io.ReadAll(io.LimitReader(f, xmp.MaxPacket))
	}
	return nil, nil
}
