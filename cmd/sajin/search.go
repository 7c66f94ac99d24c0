package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"strings"

	"sajin/ingest"
	"sajin/search"
)

// searchOutput is what `sajin search --json` prints; the API's GET /api/search answers the same shape.
type searchOutput struct {
	Total   int           `json:"total"`
	Results []searchEntry `json:"results"`
}

type searchEntry struct {
	ID       string   `json:"id"`
	TakenAt  string   `json:"taken_at"`
	FileName string   `json:"file_name"`
	Why      []string `json:"why"`
}

func runSearch(ctx context.Context, args []string, e env) error {
	fs := flag.NewFlagSet("search", flag.ContinueOnError)
	var c common
	c.register(fs, e)
	asJSON := fs.Bool("json", false, "print results as JSON")
	limit := fs.Int("limit", 50, "results per page")
	page := fs.Int("page", 1, "page number")
	if err := parse(fs, args, e); err != nil {
		return err
	}
	lib, err := openLibrary(ctx, c, c.logger(e.stderr, slog.LevelWarn), false)
	if err != nil {
		return err
	}
	defer lib.Close()
	if lib.index == nil {
		return fmt.Errorf("the search index is in use by a running sajin server: search in its web page or API, or stop it first")
	}
	res, err := lib.index.Search(ctx, search.Request{
		Library: c.library, Query: strings.Join(fs.Args(), " "), Offset: (max(*page, 1) - 1) * *limit, Limit: *limit,
	})
	if err != nil {
		return err
	}
	out := searchOutput{Total: res.Total, Results: []searchEntry{}}
	for _, h := range res.Hits {
		entry := searchEntry{ID: h.ID, Why: h.Why}
		if p, err := lib.cat.Get(ctx, c.library, h.ID); err == nil {
			entry.FileName = p.FileName
			if t, off, ok := p.Taken(); ok {
				entry.TakenAt = ingest.FormatTaken(t, off)
			}
		}
		out.Results = append(out.Results, entry)
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	fmt.Fprintf(e.stdout, "%d photos\n", out.Total)
	for _, r := range out.Results {
		fmt.Fprintf(e.stdout, "%s  %-19s  %s\n", r.ID, orDash(r.TakenAt), r.FileName)
	}
	return nil
}
