package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"sajin/auth"
	"sajin/export"
	"sajin/ingest/catalog"
	"sajin/ui"
	"sajin/ui/dav"
	"sajin/ui/resumable"
)

func runServe(ctx context.Context, args []string, e env) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	var c common
	c.register(fs, e)
	addr := fs.String("addr", envOr(e.getenv, "SAJIN_ADDR", "localhost:8080"), "address to listen on (env SAJIN_ADDR)")
	webDir := fs.String("web-dir", "", "serve the web app from this folder instead of the embedded one (front-end work)")
	public := fs.Bool("public", false, "single-user mode WITHOUT LOGIN: anyone who reaches the server has the admin's library (a trusted machine only)")
	tlsCert := fs.String("tls-cert", "", "serve HTTPS with this certificate (PEM); with --tls-key")
	tlsKey := fs.String("tls-key", "", "the certificate's private key (PEM)")
	secureCookies := fs.Bool("secure-cookies", false, "mark cookies Secure on plain HTTP (behind a proxy that serves HTTPS)")
	uploadRate := fs.Float64("upload-rate", 8, "uploads per second per user after a burst of 100 (negative: no limit)")
	if err := parse(fs, args, e); err != nil {
		return err
	}
	log := c.logger(e.stderr, slog.LevelInfo)
	lib, err := openLibrary(ctx, c, log, true)
	if err != nil {
		return err
	}
	defer lib.Close()
	if lib.index == nil {
		return fmt.Errorf("another sajin server is using %s (its search index is locked): stop it first", lib.dir)
	}

	if (*tlsCert == "") != (*tlsKey == "") {
		return usageError{"give both --tls-cert and --tls-key"}
	}
	accounts, err := openAuth(ctx, lib.cat, log, e, *public, *secureCookies)
	if err != nil {
		return err
	}
	handler := ui.New(ui.Deps{Importer: lib.pipeline, Catalog: lib.cat, Records: lib.records, Searcher: lib.index, Files: lib.store,
		Albums: lib.albums(), People: peopleService{people: lib.people, pipeline: lib.pipeline, cat: lib.cat},
		Usage: loadUsage(lib.cat), Suggester: lib.suggester(), Auth: accounts, Shares: lib.cat, Storage: lib.cat},
		ui.Options{Logger: log, WebDir: *webDir, UploadRate: *uploadRate})
	if err := mountTransfers(handler, accounts, lib, log); err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	scheme := "http://"
	if *tlsCert != "" {
		scheme = "https://"
	}
	log.Info("sajin is serving", "url", scheme+displayAddr(ln.Addr()), "data", lib.dir)
	if *public {
		warnPublic(e.stderr, scheme+displayAddr(ln.Addr()), ln.Addr())
	} else if tcp, ok := ln.Addr().(*net.TCPAddr); ok && !tcp.IP.IsLoopback() && *tlsCert == "" && !*secureCookies {
		log.Warn("passwords and session cookies cross the network in clear text: serve HTTPS (--tls-cert, --tls-key) or put an HTTPS proxy in front (--secure-cookies)")
	}

	work, stopWork := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { lib.pipeline.Run(work) })
	errc := make(chan error, 1)
	go func() {
		if *tlsCert != "" {
			errc <- srv.ServeTLS(ln, *tlsCert, *tlsKey)
			return
		}
		errc <- srv.Serve(ln)
	}()
	select {
	case err = <-errc:
	case <-ctx.Done():
		log.Info("shutting down")
		shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		err = srv.Shutdown(shutdown)
		cancel()
	}
	stopWork()
	wg.Wait()
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// mountTransfers mounts what moves whole libraries in and out behind the server's authentication: phone backup
// over WebDAV at /dav/ (HTTP Basic with the user's password or an API token), resumable uploads (tus) at
// /api/uploads and the zip export at /api/export.
func mountTransfers(handler *ui.Server, accounts *auth.Auth, lib *library, log *slog.Logger) error {
	d := dav.New(lib.pipeline, lib.cat, lib.store, auth.RequestLibrary,
		dav.Options{Prefix: "/dav", Logger: log, Quota: handler.QuotaLeft})
	handler.Mount("/dav/", accounts.RequireBasic("Sajin", d))
	handler.Mount("/dav", accounts.RequireBasic("Sajin", d))
	up, err := resumable.New(lib.pipeline, auth.RequestLibrary,
		resumable.Options{Dir: filepath.Join(lib.dir, "uploads"), Logger: log, Quota: handler.QuotaLeft})
	if err != nil {
		return err
	}
	handler.Mount("/api/uploads", accounts.Require(up))
	handler.Mount("/api/uploads/", accounts.Require(up))
	x := export.Handler(&export.Exporter{Records: lib.records, People: lib.people, Files: lib.store, Logger: log},
		auth.RequestLibrary)
	handler.Mount("/api/export", accounts.Require(x))
	return nil
}

func envOr(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}

func displayAddr(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if ok && tcp.IP.IsUnspecified() {
		return fmt.Sprintf("localhost:%d", tcp.Port)
	}
	return a.String()
}

// openAuth makes the admin account at first start and returns the server's authentication; in public mode every
// request acts as the first enabled admin.
func openAuth(ctx context.Context, cat *catalog.Catalog, log *slog.Logger, e env, public, secureCookies bool) (*auth.Auth, error) {
	setup := auth.New(cat, auth.Options{Logger: log})
	if err := firstAdmin(ctx, setup, e); err != nil {
		return nil, err
	}
	opts := auth.Options{Logger: log, Public: public, SecureCookies: secureCookies}
	if public {
		users, err := setup.Users(ctx)
		if err != nil {
			return nil, err
		}
		for _, u := range users {
			if u.Admin && !u.Disabled {
				opts.PublicUser = u
				break
			}
		}
	}
	return auth.New(cat, opts), nil
}

// warnPublic says, where it cannot be missed, that the server has no login.
func warnPublic(w io.Writer, url string, addr net.Addr) {
	line := strings.Repeat("!", 72)
	where := "Only this machine can reach it (it listens on loopback)."
	if tcp, ok := addr.(*net.TCPAddr); !ok || !tcp.IP.IsLoopback() {
		where = "IT LISTENS ON THE NETWORK: everyone who can reach " + addr.String() + " has the library."
	}
	fmt.Fprintf(w, "\n%s\n  PUBLIC MODE (--public): NO LOGIN. Whoever opens %s sees, changes and deletes\n"+
		"  the admin's whole library. %s\n  Use it only on a trusted machine; drop --public to require login.\n%s\n\n",
		line, url, where, line)
}
