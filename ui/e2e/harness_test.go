package e2e

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// binDir holds the sajin binary, built once by the first test that needs it.
var binDir string

var buildSajin = sync.OnceValues(func() (string, error) {
	bin := filepath.Join(binDir, "sajin")
	if out, err := exec.Command("go", "build", "-o", bin, "../../cmd/sajin").CombinedOutput(); err != nil {
		return "", fmt.Errorf("build sajin: %v\n%s", err, out)
	}
	return bin, nil
})

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "sajin-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// need fails in CI and skips elsewhere when something the test needs is missing.
func need(t *testing.T, what string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("CI: %s missing: %v", what, err)
	}
	t.Skipf("%s missing: %v", what, err)
}

func cacheDir() string {
	if d := os.Getenv("SAJIN_CACHE"); d != "" {
		return d
	}
	if d := os.Getenv("XDG_CACHE_HOME"); d != "" {
		return filepath.Join(d, "sajin")
	}
	home, _ := os.UserHomeDir()
	return filepath.Join(home, ".cache", "sajin")
}

// adminPassword is the password of the admin account the test server makes at its first start.
const adminPassword = "e2e admin password"

// serve starts `sajin serve` on a free port with an empty library and returns its base URL.
func serve(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	bin, err := buildSajin()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "serve", "--data", t.TempDir(), "--addr", addr)
	cmd.Env = append(os.Environ(), "SAJIN_DATA=", "SAJIN_ADMIN_PASSWORD="+adminPassword)
	logs := &lockedBuffer{}
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			t.Logf("server log:\n%s", logs.String())
		}
	})
	base := "http://" + addr
	for i := 0; ; i++ {
		if res, err := http.Get(base + "/api/health"); err == nil {
			res.Body.Close()
			return base
		}
		if i == 300 {
			t.Fatalf("server did not start: %s", logs.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// browser starts a headless Chromium with a fresh profile.
func browser(t *testing.T) context.Context {
	t.Helper()
	const chromium = "/usr/bin/chromium"
	_, err := os.Stat(chromium)
	need(t, "chromium (apt-get install chromium fonts-noto-cjk)", err)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromium),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("lang", "en-US"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 860),
	)
	ctx, cancel := chromedp.NewContext(alloc, chromedp.WithErrorf(t.Logf))
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil { // start the browser outside any timeout
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// page runs steps with a deadline, failing the test with what it was doing.
type page struct {
	t      *testing.T
	ctx    context.Context
	base   string
	client *http.Client     // logged in as the admin, for the test's own API requests
	dir    string           // screenshots
	photos map[string]photo // the library, by file name
}

// start opens a browser on a fresh, empty library served by the real binary.
func start(t *testing.T) *page {
	ctx := browser(t)
	p := &page{t: t, ctx: ctx, base: serve(t), dir: "screenshots"}
	p.client = apiClient(t, p.base, "admin", adminPassword)
	if err := os.MkdirAll(p.dir, 0o755); err != nil {
		t.Fatal(err)
	}
	noExceptions(t, ctx)
	return p
}

func (p *page) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		p.shot("failed")
		p.t.Fatalf("%s: %v", what, err)
	}
}

// wait polls a JavaScript expression until it is truthy.
func (p *page) wait(what, expr string) {
	p.t.Helper()
	p.do(what, chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(50*time.Second), chromedp.WithPollingInterval(100*time.Millisecond)))
}

func eval[T any](p *page, expr string) T {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		p.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// shot saves a screenshot of the window once every image on it has loaded.
func (p *page) shot(name string) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 20*time.Second)
	defer cancel()
	chromedp.Run(ctx, chromedp.Poll[chromedp.Void](`[...document.images].every((i) => i.complete || !i.getClientRects().length)`,
		chromedp.WithPollingTimeout(10*time.Second)))
	chromedp.Do(ctx, chromedp.Sleep(150*time.Millisecond))
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		p.t.Errorf("screenshot %s: %v", name, err)
		return
	}
	if err := os.WriteFile(filepath.Join(p.dir, name+".png"), png, 0o644); err != nil {
		p.t.Error(err)
	}
}

func protocol[P any](c cdp.Command[P, cdp.Empty], params P) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, c, params)
		return err
	})
}

// swipe drags one finger across the photo from x0 to x1.
func swipe(x0, x1 float64) chromedp.Action[chromedp.Void] {
	touch := func(typ input.DispatchTouchEventType, x float64) chromedp.Action[chromedp.Void] {
		points := []*input.TouchPoint{{X: x, Y: 250}}
		if typ == input.DispatchTouchEventTypeTouchEnd {
			points = []*input.TouchPoint{}
		}
		return protocol(input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: typ, TouchPoints: points})
	}
	return chromedp.Steps(touch(input.DispatchTouchEventTypeTouchStart, x0), touch(input.DispatchTouchEventTypeTouchMove, (x0+x1)/2),
		touch(input.DispatchTouchEventTypeTouchMove, x1), touch(input.DispatchTouchEventTypeTouchEnd, x1))
}

// noExceptions fails the test when the page throws an uncaught JavaScript exception.
func noExceptions(t *testing.T, ctx context.Context) {
	events := chromedp.Events(ctx, runtime.ExceptionThrown)
	var mu sync.Mutex
	var seen []string
	go func() {
		for ev, err := range events {
			if err != nil {
				return
			}
			d := ev.ExceptionDetails
			msg := d.Text
			if d.Exception != nil {
				msg += " " + d.Exception.Description
			}
			mu.Lock()
			seen = append(seen, fmt.Sprintf("%s:%d: %s", d.URL, d.LineNumber+1, msg))
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		for _, e := range seen {
			t.Errorf("uncaught exception in the page: %s", e)
		}
	})
}

// layoutShift is the page's cumulative layout shift so far (a score; under 0.1 is good, 0 is none).
const layoutShift = `new Promise((resolve) => {
	let cls = 0;
	new PerformanceObserver((list) => { for (const e of list.getEntries()) if (!e.hadRecentInput) cls += e.value; })
		.observe({ type: "layout-shift", buffered: true });
	setTimeout(() => resolve(cls), 200);
})`

// firstPaint logs when the first paint came and how much the page loaded for it.
func firstPaint(p *page) {
	type figure struct {
		FCP   float64 `json:"fcp"`
		Bytes float64 `json:"bytes"`
		Files int     `json:"files"`
	}
	f := eval[figure](p, `(() => {
		const fcp = performance.getEntriesByName("first-contentful-paint")[0];
		const res = performance.getEntriesByType("resource").filter((r) => !r.name.includes("/api/"));
		const nav = performance.getEntriesByType("navigation")[0];
		return { fcp: fcp ? fcp.startTime : -1, files: res.length + 1,
			bytes: res.reduce((s, r) => s + r.decodedBodySize, 0) + (nav ? nav.decodedBodySize : 0) };
	})()`)
	p.t.Logf("first contentful paint %.0f ms; the page loads %d files, %.1f KB of HTML, CSS and JavaScript", f.FCP, f.Files, f.Bytes/1000)
}

// apiClient logs in through the API and returns a client that carries the session cookie (for GET requests).
func apiClient(t *testing.T, base, name, password string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	res, err := c.Post(base+"/api/login", "application/json", strings.NewReader(`{"name":"`+name+`","password":"`+password+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("log in as %s: %d", name, res.StatusCode)
	}
	return c
}
