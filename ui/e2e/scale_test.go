package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// libraryOf answers GET /api/photos for a generated library of n photos over twenty years, newest first, with one
// small thumbnail for all: the shape of the real API without the cost of importing n photos, to see how the page
// itself copes with a large library.
func libraryOf(n int) http.Handler {
	var thumb bytes.Buffer
	img := image.NewRGBA(image.Rect(0, 0, 64, 64))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 7)
	}
	img.Set(0, 0, color.Black)
	jpeg.Encode(&thumb, img, nil)
	newest := time.Date(2025, 12, 31, 20, 0, 0, 0, time.UTC)
	step := 20 * 365 * 24 * time.Hour / time.Duration(n)
	mux := http.NewServeMux()
	mux.Handle("GET /", http.FileServerFS(os.DirFS("../web")))
	mux.HandleFunc("GET /api/photos", func(w http.ResponseWriter, r *http.Request) {
		offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
		limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
		type rec struct {
			ID       string `json:"id"`
			TakenAt  string `json:"taken_at"`
			FileName string `json:"file_name"`
		}
		out := struct {
			Total  int   `json:"total"`
			Photos []rec `json:"photos"`
		}{Total: n, Photos: []rec{}}
		for i := offset; i < min(offset+limit, n); i++ {
			out.Photos = append(out.Photos, rec{ID: fmt.Sprintf("%016x", i),
				TakenAt: newest.Add(-time.Duration(i) * step).Format("2006-01-02T15:04:05"), FileName: fmt.Sprintf("IMG_%06d.jpg", i)})
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(out)
	})
	mux.HandleFunc("GET /api/photos/{id}/thumb/{size}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/jpeg")
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		w.Write(thumb.Bytes())
	})
	return mux
}

// TestTimelineAtScale scrolls the timeline of a 100,000-photo library until 10,000 tiles are on the page and
// reports how long pages take to arrive, how smoothly the page scrolls then, and what it holds in memory.
func TestTimelineAtScale(t *testing.T) {
	if testing.Short() {
		t.Skip("scrolls through 10,000 photos")
	}
	srv := httptest.NewServer(libraryOf(100_000))
	defer srv.Close()
	p := &page{t: t, ctx: browser(t), base: srv.URL, dir: "screenshots"}
	os.MkdirAll(p.dir, 0o755)
	p.do("open", chromedp.Navigate(srv.URL+"/"))
	p.wait("first page", `document.querySelectorAll("#days a.tile").length >= 120`)
	start := time.Now()
	for n := 0; n < 10_000; {
		if time.Since(start) > 3*time.Minute {
			t.Fatalf("after %v only %d tiles", time.Since(start), n)
		}
		// Scrolled to the end again at every poll: a scroll that came while the last page was still being drawn
		// may not have reached the end of the new page.
		p.wait("the next page", fmt.Sprintf(`document.querySelectorAll("#days a.tile").length > %d ||
			(window.scrollTo({ top: document.body.scrollHeight, behavior: "instant" }), false)`, n))
		n = eval[int](p, `document.querySelectorAll("#days a.tile").length`)
	}
	loaded := time.Since(start)
	type figures struct {
		Tiles, Nodes, Days int
		Heap               float64
		P50, P95, Max      float64
	}
	f := eval[figures](p, `new Promise((resolve) => {
		const gaps = [];
		let last = performance.now(), n = 0;
		window.scrollTo({ top: document.body.scrollHeight / 2, behavior: "instant" });
		const frame = (now) => {
			gaps.push(now - last); last = now;
			window.scrollBy({ top: 400, behavior: "instant" });
			if (++n < 120) requestAnimationFrame(frame); else {
				gaps.sort((a, b) => a - b);
				resolve({ Tiles: document.querySelectorAll("#days a.tile").length, Nodes: document.getElementsByTagName("*").length,
					Days: document.querySelectorAll(".day").length, Heap: (performance.memory?.usedJSHeapSize || 0) / 1e6,
					P50: gaps[60], P95: gaps[114], Max: gaps[119] });
			}
		};
		requestAnimationFrame(frame);
	})`)
	p.shot("22-timeline-100k-en")
	jump := time.Now()
	p.do("jump to 2010", chromedp.Evaluate[chromedp.Void](`[...document.querySelectorAll("#years button")].find((b) => b.textContent === "2010").click()`))
	p.wait("2010 shown", `document.activeElement?.closest("section")?.dataset.day.startsWith("2010-12-31")`)
	t.Logf("jump to 2010 with the year scrubber: %v", time.Since(jump).Round(time.Millisecond))
	p.shot("23-timeline-100k-2010-en")
	t.Logf("100,000-photo library: %d tiles (%d day sections, %d elements) loaded by scrolling in %v; JS heap %.0f MB; "+
		"scrolling 400 px a frame: frame interval p50 %.1f ms, p95 %.1f ms, max %.1f ms",
		f.Tiles, f.Days, f.Nodes, loaded.Round(100*time.Millisecond), f.Heap, f.P50, f.P95, f.Max)
}
