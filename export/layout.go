package export

import (
	"fmt"
	"path"
	"strings"

	"sajin/ingest/catalog"
)

// Undated is the folder of the photos whose capture date is unknown.
const Undated = "undated"

// Folder is where a photo goes in an export (and in the WebDAV view of a library): "2015/08" by its capture
// date, Undated when the date is unknown.
func Folder(p *catalog.Photo) string {
	if p.TakenLocal.IsZero() {
		return Undated
	}
	return fmt.Sprintf("%04d/%02d", p.TakenLocal.Year(), int(p.TakenLocal.Month()))
}

// Namer gives the photos of one folder unique file names: the name the file had when it was imported, made safe,
// and for a second photo of the same name (compared without case, as phones and Windows do) the name with the
// photo's id before the extension: "IMG_0001 (1d570e49654e84c7).JPG". Given photos in id order, the names do not
// depend on anything else, so an export and a WebDAV listing name every photo alike.
type Namer struct {
	used map[string]bool
}

// Name returns the file name of p, unique among the names this Namer gave.
func (n *Namer) Name(p *catalog.Photo) string {
	if n.used == nil {
		n.used = map[string]bool{}
	}
	name := BaseName(p)
	if n.used[strings.ToLower(name)] {
		ext := path.Ext(name)
		name = strings.TrimSuffix(name, ext) + " (" + p.ID + ")" + ext
	}
	n.used[strings.ToLower(name)] = true
	return name
}

// BaseName is a photo's file name as imported, made safe for any file system (no separators, no control
// characters, no leading dot, at most 200 bytes), with the stored extension when it had none or when its name
// would pass for a sidecar.
func BaseName(p *catalog.Photo) string {
	name := strings.Map(func(r rune) rune {
		switch {
		case r < 0x20 || r == 0x7f:
			return -1
		case strings.ContainsRune(`/\:*?"<>|`, r):
			return '_'
		}
		return r
	}, p.FileName)
	name = strings.TrimLeft(strings.TrimSpace(name), ".")
	if len(name) > 200 {
		ext := path.Ext(name)
		if len(ext) > 10 {
			ext = ""
		}
		name = strings.ToValidUTF8(name[:200-len(ext)], "") + ext
	}
	lower := strings.ToLower(name)
	switch {
	case name == "":
		return p.ID + p.Ext
	case path.Ext(name) == "", strings.HasSuffix(lower, ".json"), strings.HasSuffix(lower, ".xmp"):
		return name + p.Ext
	}
	return name
}
