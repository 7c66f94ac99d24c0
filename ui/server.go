// Package ui is Sajin's HTTP face: the JSON API and the web app embedded in the binary.
//
// Handlers are thin: they parse the request, call the ingest pipeline, the catalog or the search index through
// the small interfaces declared here, and write JSON. One function (writeError) maps errors to HTTP statuses.
// Every handler recovers from panics, so whatever a client sends, the server keeps serving.
//
// Every API route but login and the share links sits behind auth.Require: a handler takes the library it works on
// from the request's context (library(r)), never from the request, so one user's ids mean nothing to another.
// Every answer carries the security headers (a CSP without inline scripts, nosniff, no framing).
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

	"sajin/auth"
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
	// Auth authenticates every API request (required; auth.Options.Public for the single-user mode).
	Auth *auth.Auth
	// Shares stores share links; nil: no sharing.
	Shares Sharing
	// Storage measures libraries for their quotas; nil: no quotas.
	Storage Storage
}

// Sharing stores share links.
type Sharing interface {
	CreateShare(ctx context.Context, s catalog.Share) error
	Shares(ctx context.Context, library string) ([]catalog.Share, error)
	ShareByToken(ctx context.Context, token string) (catalog.Share, error)
	RevokeShare(ctx context.Context, library, id string) error
	CountShareView(ctx context.Context, token string) error
}

// Storage says how many bytes of originals a library holds.
type Storage interface {
	LibraryBytes(ctx context.Context, library string) (int64, error)
}

// Suggester completes what the user is typing in the search box.
type Suggester interface {
	Suggest(ctx context.Context, library, prefix string) ([]search.Suggestion, error)
}

// Options configures the server; zero values are sensible defaults.
type Options struct {
	Logger         *slog.Logger
	MaxUploadBytes int64  // whole request body of one upload; default ingest.DefaultMaxBytes + 1 MiB
	WebDir         string // serve the web app from this folder instead of the embedded copy (front-end work)
	ThumbSpecs     []string
	// UploadRate and UploadBurst limit each user's uploads (a token bucket): UploadBurst at once, then UploadRate a
	// second. Defaults 2 a second after a burst of 100; a negative rate turns the limit off.
	UploadRate  float64
	UploadBurst float64
}

// APIVersion is the version of the JSON API (docs/openapi.yaml), sent in the Sajin-API-Version header of every
// API answer. It changes when an answer changes incompatibly; additions keep it.
const APIVersion = "1"

// Server is the HTTP handler of Sajin.
type Server struct {
	deps    Deps
	opts    Options
	mux     *http.ServeMux
	mounted *http.ServeMux // handlers of other packages, looked up before mux
	routes  []Route
	uploads *auth.Limiter
	shared  shareCache
}

// Route is one API route: its method and path pattern, and who may call it.
type Route struct {
	Pattern string
	Open    bool // answered without a session: login and share links
	Admin   bool // only for admins
}

// New returns the server's handler.
func New(deps Deps, opts Options) *Server {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.MaxUploadBytes <= 0 {
		opts.MaxUploadBytes = ingest.DefaultMaxBytes + 1<<20
	}
	if deps.Auth == nil {
		panic("ui: Deps.Auth is required (auth.Options{Public: true} serves without login)")
	}
	if opts.UploadRate == 0 {
		opts.UploadRate = 2
	}
	if opts.UploadBurst <= 0 {
		opts.UploadBurst = 100
	}
	s := &Server{deps: deps, opts: opts, mux: http.NewServeMux(), mounted: http.NewServeMux(),
		uploads: &auth.Limiter{Rate: opts.UploadRate, Burst: opts.UploadBurst}}
	s.register()
	return s
}

// api registers a route behind authentication.
func (s *Server) api(pattern string, h http.HandlerFunc) {
	s.mux.Handle(pattern, s.deps.Auth.Require(h))
	s.routes = append(s.routes, Route{Pattern: pattern})
}

// adminAPI registers a route only admins may call (403 for others).
func (s *Server) adminAPI(pattern string, h http.HandlerFunc) {
	s.mux.Handle(pattern, s.deps.Auth.Require(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if id, _ := auth.IdentityFrom(r.Context()); !id.User.Admin {
			writeError(w, s.opts.Logger, errForbidden)
			return
		}
		h(w, r)
	})))
	s.routes = append(s.routes, Route{Pattern: pattern, Admin: true})
}

// open registers a route anyone may call (cross-site requests that change state are still refused).
func (s *Server) open(pattern string, h http.HandlerFunc) {
	s.mux.Handle(pattern, s.deps.Auth.CrossOrigin(h))
	s.routes = append(s.routes, Route{Pattern: pattern, Open: true})
}

// Routes lists every API route the server answers, for tests that walk them all.
func (s *Server) Routes() []Route { return s.routes }

// Mount serves another package's handler at pattern ("/dav/" for every method, "POST /api/uploads", ...) with the
// server's security headers and panic recovery; mounted patterns are matched before the server's own. Wrap the
// handler in Auth.Require (sessions, API tokens) or Auth.RequireBasic (WebDAV clients) first; inside it,
// auth.LibraryFrom(r.Context()) is the caller's library and QuotaLeft(r) what they may still store.
func (s *Server) Mount(pattern string, h http.Handler) { s.mounted.Handle(pattern, h) }

func (s *Server) register() {
	s.api("POST /api/photos", s.upload)
	s.api("GET /api/photos", s.list)
	s.api("GET /api/photos/{id}", s.photo)
	s.api("GET /api/timeline", s.timeline)
	s.api("GET /api/photos/{id}/thumb/{size}", s.thumb)
	s.api("GET /api/photos/{id}/original", s.original)
	s.api("POST /api/photos/{id}/labels", s.addLabel)
	s.api("DELETE /api/photos/{id}/labels/{key}", s.removeLabel)
	s.api("GET /api/search", s.search)
	s.api("POST /api/events", s.event)
	if s.deps.Suggester != nil {
		s.api("GET /api/suggest", s.suggest)
	}
	if s.deps.Albums != nil {
		s.api("GET /api/albums", s.albums)
		s.api("GET /api/albums/{id}", s.album)
		s.api("POST /api/albums", s.createAlbum)
		s.api("DELETE /api/albums/{id}", s.deleteAlbum)
		s.api("POST /api/albums/{id}/photos", s.addToAlbum)
		s.api("DELETE /api/albums/{id}/photos/{photo}", s.removeFromAlbum)
		s.api("PUT /api/photos/{id}/favourite", s.favourite(true))
		s.api("DELETE /api/photos/{id}/favourite", s.favourite(false))
	}
	if s.deps.People != nil {
		s.api("GET /api/people", s.people)
		s.api("PUT /api/people/{id}", s.namePerson)
		s.api("POST /api/people/{id}/merge", s.mergePeople)
		s.api("POST /api/people/{id}/split", s.splitPerson)
	}
	s.api("GET /api/health", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	s.registerAccounts()
	if s.deps.Shares != nil {
		s.registerShares()
	}
	web := fs.FS(os.DirFS(s.opts.WebDir))
	if s.opts.WebDir == "" {
		web, _ = fs.Sub(webFS, "web")
	}
	files := http.FileServerFS(web)
	if s.opts.WebDir == "" {
		files = etagged(web, files)
	}
	s.mux.Handle("GET /", files)
	s.mux.Handle("GET /s/{token}", sharePage(web))
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
	securityHeaders(w.Header(), r)
	if strings.HasPrefix(r.URL.Path, "/api/") {
		w.Header().Set("Sajin-API-Version", APIVersion)
	}
	if h, pattern := s.mounted.Handler(r); pattern != "" {
		h.ServeHTTP(w, r)
	} else {
		s.mux.ServeHTTP(w, r)
	}
	s.opts.Logger.Debug("request", "method", r.Method, "path", loggedPath(r.URL.Path), "took", time.Since(start))
}

// contentSecurityPolicy allows only the server's own scripts, styles, images and requests: no inline scripts, no
// other origins, no plugins, and no framing of the app by other pages.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
	"connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// securityHeaders sets the headers every answer carries.
func securityHeaders(h http.Header, r *http.Request) {
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Referrer-Policy", "same-origin")
	if strings.HasPrefix(r.URL.Path, "/s/") || strings.HasPrefix(r.URL.Path, "/api/s/") {
		h.Set("Referrer-Policy", "no-referrer") // the link's token never leaves in a Referer
		h.Set("X-Robots-Tag", "noindex")
	}
	if r.TLS != nil {
		h.Set("Strict-Transport-Security", "max-age=31536000")
	}
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

// library is the library of whoever sent r, as the auth middleware established it: the only library a handler
// reads or changes.
func library(r *http.Request) string {
	lib, _ := auth.LibraryFrom(r.Context())
	return lib
}

// loggedPath is a request path fit for the log: the secret token of a share link is cut out.
func loggedPath(p string) string {
	for _, prefix := range []string{"/s/", "/api/s/"} {
		if rest, ok := strings.CutPrefix(p, prefix); ok {
			_, after, _ := strings.Cut(rest, "/")
			if after != "" {
				after = "/" + after
			}
			return prefix + "…" + after
		}
	}
	return p
}
