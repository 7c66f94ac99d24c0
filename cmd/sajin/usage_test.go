package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"sajin/ingest"
	"sajin/ingest/exif/exiftest"
	"sajin/ingest/ingesttest"
	"sajin/ui"
)

// TestSearchLearnsFromUse: of two photos that match equally, the one the user opened comes first afterwards.
func TestSearchLearnsFromUse(t *testing.T) {
	l := ingesttest.New(t, ingest.Options{})
	srv := testServer(t, l, func(d *ui.Deps) { d.Usage = loadUsage(l.Catalog) })
	var ids []string
	for i, d := range []string{"2015:01:01 10:00:00", "2019:01:01 10:00:00"} {
		p, _, err := l.Pipeline.Add(t.Context(), ingest.Source{Name: "x.jpg", Body: bytes.NewReader(
			exiftest.JPEG(exiftest.Gray(20+i, 10), exiftest.Tags{DateTimeOriginal: d, Make: "Canon"}))})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, p.ID)
	}
	l.Pipeline.Work(t.Context())
	order := func() []string {
		res, err := http.Get(srv.URL + "/api/search?q=canon")
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var out struct{ Results []struct{ ID string } }
		json.NewDecoder(res.Body).Decode(&out)
		var got []string
		for _, r := range out.Results {
			got = append(got, r.ID)
		}
		return got
	}
	if got := order(); strings.Join(got, ",") != ids[1]+","+ids[0] {
		t.Fatalf("before use: %v, want newest first %v", got, []string{ids[1], ids[0]})
	}
	for range 3 {
		res, _ := http.Post(srv.URL+"/api/events", "application/json", strings.NewReader(`{"kind":"open","photo_id":"`+ids[0]+`"}`))
		res.Body.Close()
	}
	if got := order(); len(got) != 2 || got[0] != ids[0] {
		t.Errorf("after opening the 2015 photo three times: %v, want it first", got)
	}
}
