package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"sajin/ui"
)

func runServe(ctx context.Context, args []string, e env) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	var c common
	c.register(fs, e)
	addr := fs.String("addr", envOr(e.getenv, "SAJIN_ADDR", "localhost:8080"), "address to listen on (env SAJIN_ADDR)")
	webDir := fs.String("web-dir", "", "serve the web app from this folder instead of the embedded one (front-end work)")
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

	handler := ui.New(ui.Deps{Importer: lib.pipeline, Catalog: lib.cat, Records: lib.records, Searcher: lib.index, Files: lib.store,
		Albums: lib.albums(), People: peopleService{people: lib.people, pipeline: lib.pipeline, cat: lib.cat},
		Usage: loadUsage(lib.cat), Suggester: lib.suggester()},
		ui.Options{Logger: log, WebDir: *webDir})
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
	log.Info("sajin is serving", "url", "http://"+displayAddr(ln.Addr()), "data", lib.dir)

	work, stopWork := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { lib.pipeline.Run(work) })
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
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
