// Package ui is Sajin's HTTP face: the JSON API and the web app embedded in the binary.
//
// Handlers are thin: they parse the request, call the ingest pipeline, the catalog or the search index through
// the small interfaces declared here, and write JSON. One function (writeError) maps errors to HTTP statuses.
// Every handler recovers from panics, so whatever a client sends, the server keeps serving.
package ui

import (
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"sajin/ingest"
	"sajin/ingest/catalog"
	"sajin/search"
)

//go:embed web
var webFS embed.FS

// Importer takes uploaded files into the library and records label corrections.
type Importer interface {
	Add(ctx context.Context, src ingest.Source) (*catalog.Photo, ingest.Status, error)
	SetLabel(ctx context.Context, library, id, key string, add bool) error
}

// Catalog reads photo records.
type Catalog interface {
	Get(ctx context.Context, library, id string) (*catalog.Photo, error)
	List(ctx context.Context, library string, offset, limit int) ([]*catalog.Photo, error)
	Count(ctx context.Context, library string) (int, error)
	Stages(ctx context.Context, library, id string) ([]catalog.StageState, error)
	RecordEvent(ctx context.Context, library string, e catalog.Event) error
	Years(ctx context.Context, library string) ([]catalog.YearCount, error)
}

// Albums lists and edits albums: the ones Sajin makes and the user's own.
type Albums interface {
	All(ctx context.Context, library string) ([]Album, error)
	Create(ctx context.Context, library, title string) (Album, error)
	Delete(ctx context.Context, library, id string) error
	Add(ctx context.Context, library, album string, photos ...string) error
	Remove(ctx context.Context, library, album string, photos ...string) error
	SetFavourite(ctx context.Context, library, photo string, on bool) error
}

// People lists, names and merges the people Sajin found in the photos.
type People interface {
	List(ctx context.Context, library string) ([]Person, error)
	Name(ctx context.Context, library, id, name string) error
	Merge(ctx context.Context, library, into, from string) error
	Split(ctx context.Context, library, id string, photos []string) (string, error)
}

// Person is one person as the API shows them.
type Person struct {
	ID     string   `json:"id"`
	Name   string   `json:"name"`
	Title  Title    `json:"title"` // the name, or "Person 3" / "인물 3"
	Count  int      `json:"count"` // faces
	Cover  string   `json:"cover"` // a photo id
	Photos []string `json:"photos,omitempty"`
}

// Album is one album as the API shows it.
type Album struct {
	ID     string   `json:"id"`
	Kind   string   `json:"kind"` // event | trip | thing | place | person | memory | manual | favourites
	Title  Title    `json:"title"`
	Cover  string   `json:"cover"`
	Count  int      `json:"count"`
	From   string   `json:"from,omitempty"`
	To     string   `json:"to,omitempty"`
	Photos []string `json:"photos"`
}

// Title is a name in English and Korean.
type Title struct {
	En string `json:"en"`
	Ko string `json:"ko"`
}

// Records builds the public view of a photo.
type Records interface {
	Record(ctx context.Context, p *catalog.Photo, thumbs map[string]string) (ingest.Record, error)
}

// Searcher answers search queries.
type Searcher interface {
	Search(ctx context.Context, req search.Request) (search.Result, error)
}

// Files locates originals and thumbnails on disk.
type Files interface {
	OriginalPath(sum, ext string) (string, error)
	ThumbPath(sum, spec string) (string, error)
}

// Deps are the parts of Sajin the server uses.
type Deps struct {
	Importer Importer
	Catalog  Catalog
	Records  Records
	Searcher Searcher
	Files    Files
	Albums   Albums // nil: no album endpoints
	People   People // nil: no people endpoints
	// Usage returns what a library's user does with photos, to rank search results by it; nil ranks by date.
	Usage func(ctx context.Context, library string) (search.Usage, error)
	// Suggester completes search box input; nil: no suggestions.
	Suggester Suggester
}

// Suggester completes what the user is typing in the search box.
type Suggester interface {
	Suggest(ctx context.Context, library, prefix string) ([]search.Suggestion, error)
}

// Options configures the server; zero values are sensible defaults.
type Options struct {
	Logger         *slog.Logger
	MaxUploadBytes int64  // whole request body of one upload; default ingest.DefaultMaxBytes + 1 MiB
	Library        string // the library served until accounts exist; default catalog.DefaultLibrary
	WebDir         string // serve the web app from this folder instead of the embedded copy (front-end work)
	ThumbSpecs     []string
}

// APIVersion is the version of the JSON API (docs/openapi.yaml), sent in the Sajin-API-Version header of every
// API answer. It changes when an answer changes incompatibly; additions keep it.
const APIVersion = "1"

// Server is the HTTP handler of Sajin.
type Server struct {
	deps Deps
	opts Options
	mux  *http.ServeMux
}

// New returns the server's handler.
func New(deps Deps, opts Options) *Server {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.MaxUploadBytes <= 0 {
		opts.MaxUploadBytes = ingest.DefaultMaxBytes + 1<<20
	}
	if opts.Library == "" {
		opts.Library = catalog.DefaultLibrary
	}
	s := &Server{deps: deps, opts: opts, mux: http.NewServeMux()}
	s.routes()
	return s
}

func (s *Server) routes() {
	s.mux.HandleFunc("POST /api/photos", s.upload)
	s.mux.HandleFunc("GET /api/photos", s.list)
	s.mux.HandleFunc("GET /api/photos/{id}", s.photo)
	s.mux.HandleFunc("GET /api/timeline", s.timeline)
	s.mux.HandleFunc("GET /api/photos/{id}/thumb/{size}", s.thumb)
	s.mux.HandleFunc("GET /api/photos/{id}/original", s.original)
	s.mux.HandleFunc("POST /api/photos/{id}/labels", s.addLabel)
	s.mux.HandleFunc("DELETE /api/photos/{id}/labels/{key}", s.removeLabel)
	s.mux.HandleFunc("GET /api/search", s.search)
	s.mux.HandleFunc("POST /api/events", s.event)
	if s.deps.Suggester != nil {
		s.mux.HandleFunc("GET /api/suggest", s.suggest)
	}
	if s.deps.Albums != nil {
		s.mux.HandleFunc("GET /api/albums", s.albums)
		s.mux.HandleFunc("GET /api/albums/{id}", s.album)
		s.mux.HandleFunc("POST /api/albums", s.createAlbum)
		s.mux.HandleFunc("DELETE /api/albums/{id}", s.deleteAlbum)
		s.mux.HandleFunc("POST /api/albums/{id}/photos", s.addToAlbum)
		s.mux.HandleFunc("DELETE /api/albums/{id}/photos/{photo}", s.removeFromAlbum)
		s.mux.HandleFunc("PUT /api/photos/{id}/favourite", s.favourite(true))
		s.mux.HandleFunc("DELETE /api/photos/{id}/favourite", s.favourite(false))
	}
	if s.deps.People != nil {
		s.mux.HandleFunc("GET /api/people", s.people)
		s.mux.HandleFunc("PUT /api/people/{id}", s.namePerson)
		s.mux.HandleFunc("POST /api/people/{id}/merge", s.mergePeople)
		s.mux.HandleFunc("POST /api/people/{id}/split", s.splitPerson)
	}
	s.mux.HandleFunc("GET /api/health", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	if s.opts.WebDir != "" {
		s.mux.Handle("GET /", http.FileServerFS(os.DirFS(s.opts.WebDir)))
		return
	}
	web, _ := fs.Sub(webFS, "web")
	s.mux.Handle("GET /", etagged(web, http.FileServerFS(web)))
}

// ServeHTTP serves one request, recovering from panics so that one bad request never stops the server.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.opts.Logger.Error("handler panic", "method", r.Method, "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
			writeError(w, s.opts.Logger, errInternal)
		}
	}()
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if strings.HasPrefix(r.URL.Path, "/api/") {
		w.Header().Set("Sajin-API-Version", APIVersion)
	}
	w.Header().Set("Referrer-Policy", "same-origin")
	s.mux.ServeHTTP(w, r)
	s.opts.Logger.Debug("request", "method", r.Method, "path", r.URL.Path, "took", time.Since(start))
}

// etagged gives every embedded file an ETag from its content (embedded files have no modification time), so a
// browser revalidates the web app with a 304 instead of downloading it again.
func etagged(files fs.FS, next http.Handler) http.Handler {
	tags := map[string]string{}
	fs.WalkDir(files, ".", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if b, err := fs.ReadFile(files, path); err == nil {
				sum := sha256.Sum256(b)
				tags["/"+path] = `"` + hex.EncodeToString(sum[:8]) + `"`
			}
		}
		return nil
	})
	tags["/"] = tags["/index.html"]
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if tag, ok := tags[r.URL.Path]; ok {
			w.Header().Set("ETag", tag)
			w.Header().Set("Cache-Control", "no-cache")
		}
		next.ServeHTTP(w, r)
	})
}
