package thumb

// mediaTypes gives, for each Info.Format, the MIME type and file extension an original of that
// format is stored under.
var mediaTypes = map[string][2]string{
	"jpeg": {"image/jpeg", ".jpg"},
	"png":  {"image/png", ".png"},
	"gif":  {"image/gif", ".gif"},
	"webp": {"image/webp", ".webp"},
	"bmp":  {"image/bmp", ".bmp"},
	"tiff": {"image/tiff", ".tif"},
	"heic": {"image/heic", ".heic"},
	"heif": {"image/heif", ".heif"},
	"avif": {"image/avif", ".avif"},
	// Camera raw files: the types Debian's shared-mime-info and most browsers' upload pickers use.
	"dng": {"image/x-adobe-dng", ".dng"},
	"cr2": {"image/x-canon-cr2", ".cr2"},
	"cr3": {"image/x-canon-cr3", ".cr3"},
	"nef": {"image/x-nikon-nef", ".nef"},
	"arw": {"image/x-sony-arw", ".arw"},
	"raf": {"image/x-fuji-raf", ".raf"},
	"rw2": {"image/x-panasonic-rw2", ".rw2"},
	"orf": {"image/x-olympus-orf", ".orf"},
	"pef": {"image/x-pentax-pef", ".pef"},
	"srw": {"image/x-samsung-srw", ".srw"},
	"3fr": {"image/x-hasselblad-3fr", ".3fr"},
	"erf": {"image/x-epson-erf", ".erf"},
	"dcr": {"image/x-kodak-dcr", ".dcr"},
	"mef": {"image/x-mamiya-mef", ".mef"},
	"mos": {"image/x-leaf-mos", ".mos"},
	"iiq": {"image/x-phaseone-iiq", ".iiq"},
	"raw": {"image/x-raw", ".raw"},
}

// MediaType returns the MIME type and file extension (with its dot) of an original whose
// Info.Format is format; ok is false for a name Decode never returns.
func MediaType(format string) (mime, ext string, ok bool) {
	t, ok := mediaTypes[format]
	return t[0], t[1], ok
}

// Extensions returns the file extensions (lower case, with the dot) of every format Decode
// reads, including each raw kind's usual spellings, for a folder walk to pick up.
func Extensions() []string {
	exts := []string{".jpeg", ".jpe", ".jfif", ".tiff", ".hif"}
	for _, t := range mediaTypes {
		exts = append(exts, t[1])
	}
	return exts
}
