package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/term"
)

// progress draws a one-line progress bar with rate and ETA on a terminal, and nothing elsewhere (so piped
// output and logs stay clean). It is not safe for concurrent use; callers serialise step.
type progress struct {
	w        io.Writer
	tty      bool
	label    string
	total    int
	n        int
	start    time.Time
	lastDraw time.Time
}

func newProgress(w io.Writer, label string, total int) *progress {
	f, ok := w.(*os.File)
	return &progress{w: w, tty: ok && term.IsTerminal(int(f.Fd())), label: label, total: total, start: time.Now()}
}

// step counts one item done; current names it.
func (p *progress) step(current string) {
	p.n++
	if !p.tty || (time.Since(p.lastDraw) < 100*time.Millisecond && p.n != p.total) {
		return
	}
	p.lastDraw = time.Now()
	p.draw(current)
}

func (p *progress) draw(current string) {
	elapsed := time.Since(p.start).Seconds()
	rate := float64(p.n) / max(elapsed, 1e-3)
	line := fmt.Sprintf("%s %d", p.label, p.n)
	if p.total > 0 {
		const width = 30
		filled := width * p.n / p.total
		eta := time.Duration(float64(p.total-p.n)/max(rate, 1e-9)) * time.Second
		line = fmt.Sprintf("%s [%s%s] %d/%d %.1f/s ETA %s", p.label, strings.Repeat("#", filled),
			strings.Repeat(".", width-filled), p.n, p.total, rate, eta.Round(time.Second))
	}
	if len(current) > 30 {
		current = "…" + current[len(current)-29:]
	}
	fmt.Fprintf(p.w, "\r\033[K%s  %s", line, current)
}

// done ends the bar's line.
func (p *progress) done() {
	if p.tty && p.n > 0 {
		p.draw("")
		fmt.Fprintln(p.w)
	}
}
