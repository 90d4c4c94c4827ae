//go:build linux

// Browser end-to-end tests of the console: a real serialhub server (package
// serialtest) with pseudo-terminals standing in for devices, and Debian's
// headless Chromium driven through chromedp. Each test reads as a user's
// steps; every wait is on a condition (an element, a JavaScript predicate,
// bytes on the pty), never a fixed sleep, and every browser context has a
// deadline. See "Browser tests" in README.md.
package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/serialtest"
	"github.com/serialhub/serialhub/internal/server"
	"github.com/serialhub/serialhub/web"
)

const (
	chromiumPath = "/usr/bin/chromium" // Debian's package "chromium"
	testTimeout  = 60 * time.Second    // bounds each test's browser and server
	waitTimeout  = 20 * time.Second    // bounds one wait for a condition in the page
)

// ===== Browser ============================================================

// page is one browser tab on the console, for one test.
type page struct {
	t   *testing.T
	ctx context.Context // the tab; ends with the test or after testTimeout
}

// newPage starts a fresh headless Chromium (own profile) with one tab. The
// test fails when Chromium is missing, and skips with -short.
func newPage(t *testing.T) *page {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if testing.Short() {
			t.Skipf("browser test skipped with -short: %s not found", chromiumPath)
		}
		t.Fatalf("browser tests need %s: install Debian's package with `apt-get install chromium` (scripts/test does it): %v", chromiumPath, err)
	}
	profile := t.TempDir()

	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	t.Cleanup(cancel)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1100, 700),
	)
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(acancel)
	tctx, tcancel := chromedp.NewContext(actx)
	t.Cleanup(tcancel)

	// Uncaught exceptions and console.error calls in the page fail the test.
	var (
		mu       sync.Mutex
		problems []string
	)
	err := chromedp.Listen(tctx, func(ev any) {
		var msg string
		switch ev := ev.(type) {
		case *runtime.EventExceptionThrown:
			msg = "uncaught exception: " + ev.ExceptionDetails.Text
			if ex := ev.ExceptionDetails.Exception; ex != nil && ex.Description != "" {
				msg += " " + ex.Description
			}
		case *runtime.EventConsoleAPICalled:
			if ev.Type != runtime.ConsoleAPICalledTypeError {
				return
			}
			msg = "console.error:"
			for _, a := range ev.Args {
				msg += " " + string(a.Value) + a.Description
			}
		default:
			return
		}
		mu.Lock()
		problems = append(problems, msg)
		mu.Unlock()
	})
	if err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	// Registered after the browser's cleanups, so it runs before them.
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		for _, p := range problems {
			t.Errorf("page: %s", p)
		}
	})
	return &page{t: t, ctx: tctx}
}

// do runs actions in the tab.
func (p *page) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, actions...); err != nil {
		p.t.Fatalf("%s: %v%s", what, err, p.describe())
	}
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](p *page, expr string) T {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		p.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// waitFor waits until the JavaScript function pred, called with args,
// returns something truthy.
func (p *page) waitFor(what, pred string, args ...any) {
	p.t.Helper()
	_, err := chromedp.Run(p.ctx, chromedp.PollFunction[chromedp.Void](pred,
		chromedp.WithPollingArgs(args...), chromedp.WithPollingTimeout(waitTimeout)))
	if err != nil {
		p.t.Fatalf("waiting for %s: %v%s", what, err, p.describe())
	}
}

// waitState waits for the page's connection state (body[data-state]) and,
// unless portState is empty, the port's state (body[data-port-state]).
func (p *page) waitState(state, portState string) {
	p.t.Helper()
	sel := fmt.Sprintf(`body[data-state=%q]`, state)
	if portState != "" {
		sel += fmt.Sprintf(`[data-port-state=%q]`, portState)
	}
	ctx, cancel := context.WithTimeout(p.ctx, waitTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(sel))); err != nil {
		p.t.Fatalf("waiting for %s: %v%s", sel, err, p.describe())
	}
}

// open loads the console and waits until it is connected to an open port.
func (p *page) open(url string) {
	p.t.Helper()
	p.do("open "+url, chromedp.Navigate(url))
	p.waitState("connected", "open")
}

const linesJS = `[...document.querySelectorAll('#output .line')]`

// waitLine waits until a .line of #output shows exactly text.
func (p *page) waitLine(text string) {
	p.t.Helper()
	p.waitFor(fmt.Sprintf("line %q in #output", text),
		`(want) => `+linesJS+`.some((e) => e.textContent === want)`, text)
}

// lines returns the text of every .line of #output.
func (p *page) lines() []string {
	p.t.Helper()
	return eval[[]string](p, linesJS+`.map((e) => e.textContent)`)
}

// describe tells what the page shows, for failure messages. It never fails.
func (p *page) describe() string {
	ctx, cancel := context.WithTimeout(p.ctx, 5*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
		const lines = `+linesJS+`.map((e) => e.textContent);
		return 'state=' + document.body.dataset.state + ' portState=' + document.body.dataset.portState +
			' status=' + JSON.stringify(document.getElementById('status').textContent) +
			' info=' + JSON.stringify(document.getElementById('port-info').textContent) +
			' lines=' + lines.length + ' last=' + JSON.stringify(lines.slice(-5));
	})()`))
	if err != nil {
		return "\n(page state unavailable: " + err.Error() + ")"
	}
	return "\npage: " + s
}

// choose selects an option of a <select> as a user does: the value
// changes, then input and change events fire.
func (p *page) choose(id, value string) {
	p.t.Helper()
	p.do(fmt.Sprintf("choose %s in #%s", value, id),
		chromedp.SetValue(chromedp.ID(id), value),
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => {
			const s = document.getElementById(%q);
			s.dispatchEvent(new Event('input', { bubbles: true }));
			s.dispatchEvent(new Event('change', { bubbles: true }));
		})()`, id)))
}

// screenshot saves a full-page PNG as name in $SERIALHUB_ARTIFACTS, if set.
func (p *page) screenshot(name string) {
	p.t.Helper()
	dir := os.Getenv("SERIALHUB_ARTIFACTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(p.ctx, chromedp.FullScreenshot(100)) // 100: PNG
	if err != nil {
		p.t.Fatalf("screenshot: %v", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		p.t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, png, 0o644); err != nil {
		p.t.Fatal(err)
	}
	p.t.Logf("screenshot: %s", path)
}

// ===== Server and devices =================================================

// device is a pseudo-terminal playing a serial device.
type device struct {
	t   *testing.T
	pty *serialtest.PTY
}

func newDevice(t *testing.T) *device {
	t.Helper()
	p, err := serialtest.OpenPTY()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return &device{t: t, pty: p}
}

// write is what the device sends.
func (d *device) write(s string) {
	d.t.Helper()
	if _, err := d.pty.Master.Write([]byte(s)); err != nil {
		d.t.Fatalf("device write: %v", err)
	}
}

// expect reads exactly len(want) bytes the device received and compares.
// The pty's master is in blocking mode (serialtest set its termios through
// Fd), so deadlines do not work on it: a goroutine reads, bounded by a timer.
func (d *device) expect(want string) {
	d.t.Helper()
	type result struct {
		b   []byte
		err error
	}
	ch := make(chan result, 1)
	go func() {
		b := make([]byte, len(want))
		n, err := io.ReadFull(d.pty.Master, b)
		ch <- result{b[:n], err}
	}()
	select {
	case r := <-ch:
		if r.err != nil {
			d.t.Fatalf("device received %q, then: %v (want %q)", r.b, r.err, want)
		}
		if string(r.b) != want {
			d.t.Fatalf("device received %q, want %q", r.b, want)
		}
	case <-time.After(waitTimeout):
		d.t.Fatalf("device did not receive %d bytes (want %q) within %v", len(want), want, waitTimeout)
	}
}

// startServer runs serialhub with the given ports until the test ends and
// waits until every port is open. addr is "" for a random port. It returns
// one watcher per port, in order, which stays connected: the only client of
// the port besides the page.
func startServer(t *testing.T, addr string, ports ...hub.Config) (*serialtest.Server, []*watcher) {
	t.Helper()
	srv, err := serialtest.StartServer(serialtest.Options{Ports: ports, Addr: addr})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	var ws []*watcher
	for _, pc := range ports {
		w := watch(t, srv, pc.Name)
		w.waitStatus("port open", func(i *hub.Info) bool { return i.State == hub.StateOpen })
		ws = append(ws, w)
	}
	return srv, ws
}

// watcher is a WebSocket client of a port without replay: it sees what the
// server tells every client. It reads only when a test asks it to; its
// queue may overflow meanwhile, which affects no other client.
type watcher struct {
	*serialtest.Client
	t   *testing.T
	ctx context.Context
}

func watch(t *testing.T, srv *serialtest.Server, port string) *watcher {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	t.Cleanup(cancel)
	c, err := serialtest.Dial(ctx, srv.WSURL(port, "replay=0"))
	if err != nil {
		t.Fatalf("dial %s: %v", port, err)
	}
	t.Cleanup(func() { c.Conn.CloseNow() })
	return &watcher{Client: c, t: t, ctx: ctx}
}

// waitStatus reads until a status event whose port satisfies ok.
func (w *watcher) waitStatus(what string, ok func(*hub.Info) bool) {
	w.t.Helper()
	for {
		f, err := w.Next(w.ctx)
		if err != nil {
			w.t.Fatalf("waiting for a status event with %s: %v", what, err)
		}
		if f.Event.Type == "status" && f.Event.Port != nil && ok(f.Event.Port) {
			return
		}
	}
}

// waitPage waits until the page's WebSocket is subscribed to the open port
// (two clients: the watcher and the page). Device output written after this
// reaches the page live, even on a connection without replay.
func (w *watcher) waitPage() {
	w.t.Helper()
	w.waitStatus("the page connected (2 clients)", func(i *hub.Info) bool {
		return i.State == hub.StateOpen && i.Clients >= 2
	})
}

// readData reads until it has received n bytes of device data.
func (w *watcher) readData(n int) {
	w.t.Helper()
	for got := 0; got < n; {
		f, err := w.Next(w.ctx)
		if err != nil {
			w.t.Fatalf("read device data (%d of %d bytes): %v", got, n, err)
		}
		got += len(f.Data)
	}
}

// maxLines is the console's line cap, read from app.js.
func maxLines(t *testing.T) int {
	t.Helper()
	src, err := fs.ReadFile(web.UI(), "app.js")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^const MAX_LINES = (\d+);`).FindSubmatch(src)
	if m == nil {
		t.Fatal("app.js: no `const MAX_LINES = N;`")
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

// ===== Scenarios ==========================================================

func TestDeviceOutputAppears(t *testing.T) {
	dev := newDevice(t)
	srv, w := startServer(t, "", hub.Config{Name: "dev", Device: dev.pty.Path})
	p := newPage(t)

	p.open(srv.URL)
	w[0].waitPage()
	const hello, temp = "hello from the device\r\n", "température 21°C\r\n"
	dev.write(hello)
	dev.write(temp)
	p.waitLine("hello from the device")
	p.waitLine("température 21°C")
	if got, want := p.lines(), []string{"hello from the device", "température 21°C"}; !slices.Equal(got, want) {
		t.Fatalf("#output lines %q, want %q", got, want)
	}
	// The counter of received bytes follows the stream without asking the
	// server (no status polling).
	in := fmt.Sprintf("in %d B", len(hello)+len(temp))
	p.waitFor("port info "+in,
		`(want) => document.getElementById('port-info').textContent.includes(want)`, in)

	// The watcher leaves: the page is told, and the count stays right.
	w[0].Close()
	p.waitFor("port info 1 client, "+in,
		`(want) => { const t = document.getElementById('port-info').textContent; return t.includes(' 1 client ') && t.includes(want); }`, in)
	p.screenshot("console.png")
}

func TestTypingReachesTheDevice(t *testing.T) {
	dev := newDevice(t)
	srv, _ := startServer(t, "", hub.Config{Name: "dev", Device: dev.pty.Path})
	p := newPage(t)
	p.open(srv.URL)

	// Type a command and press Enter: the default line ending is LF.
	p.do("type help, Enter", chromedp.SendKeys(chromedp.ID("send-input"), "help"+kb.Enter))
	dev.expect("help\n")
	if v := eval[string](p, `document.getElementById('send-input').value`); v != "" {
		t.Fatalf("input holds %q after sending, want it empty", v)
	}

	// Choose CR+LF, type a command and click Send.
	p.choose("line-ending", "crlf")
	p.do("type version, click Send",
		chromedp.SendKeys(chromedp.ID("send-input"), "version"),
		chromedp.Click(chromedp.ID("send-button")))
	dev.expect("version\r\n")

	// Arrow up recalls the lines sent, newest first.
	p.do("arrow up twice, Enter", chromedp.SendKeys(chromedp.ID("send-input"), kb.ArrowUp+kb.ArrowUp+kb.Enter))
	dev.expect("help\r\n")

	// The line ending is remembered across a reload.
	p.do("reload", chromedp.Reload())
	p.waitState("connected", "open")
	if v := eval[string](p, `document.getElementById('line-ending').value`); v != "crlf" {
		t.Fatalf("line ending after reload %q, want crlf", v)
	}
	p.do("type reset, Enter", chromedp.SendKeys(chromedp.ID("send-input"), "reset"+kb.Enter))
	dev.expect("reset\r\n")
}

func TestScrollbackIsReplayedToANewPage(t *testing.T) {
	dev := newDevice(t)
	srv, w := startServer(t, "", hub.Config{Name: "dev", Device: dev.pty.Path})

	// The device talks before anyone looks; the watcher makes sure the
	// server has read it all, so the page can only get it from the
	// scrollback.
	early := "boot: v1.2.3\r\nready\r\n"
	dev.write(early)
	w[0].readData(len(early))

	p := newPage(t)
	p.open(srv.URL)
	p.waitLine("ready")
	if got, want := p.lines(), []string{"boot: v1.2.3", "ready"}; !slices.Equal(got, want) {
		t.Fatalf("#output lines %q, want %q", got, want)
	}
	// Replayed bytes are in the status's bytesIn already: not counted twice.
	in := fmt.Sprintf("in %d B", len(early))
	p.waitFor("port info "+in,
		`(want) => document.getElementById('port-info').textContent.includes(want)`, in)
}

func TestConsoleSurvivesServerRestart(t *testing.T) {
	dev := newDevice(t)
	srv, _ := startServer(t, "", hub.Config{Name: "dev", Device: dev.pty.Path})
	p := newPage(t)
	p.open(srv.URL)
	dev.write("before restart\n")
	p.waitLine("before restart")

	// The server goes away: the page says it is reconnecting.
	if err := srv.Close(); err != nil {
		t.Fatalf("close server: %v", err)
	}
	p.waitState("reconnecting", "")
	p.waitFor("status text Reconnecting",
		`() => document.getElementById('status-text').textContent.startsWith('Reconnecting')`)

	// A new server on the same address, with a new device: the page comes
	// back by itself. It reconnects without replay, so the device talks
	// only once the watcher has seen the page join.
	dev2 := newDevice(t)
	_, w := startServer(t, strings.TrimPrefix(srv.URL, "http://"), hub.Config{Name: "dev", Device: dev2.pty.Path})
	w[0].waitPage()
	p.waitState("connected", "open")

	dev2.write("after restart\n")
	p.waitLine("after restart")
	lines := p.lines()
	if len(lines) != 3 || lines[0] != "before restart" || !strings.Contains(lines[1], "connection lost") || lines[2] != "after restart" {
		t.Fatalf("#output lines %q, want the old line, a connection-lost marker and the new line", lines)
	}
	if n := eval[int](p, `document.querySelectorAll('#output .line.marker').length`); n != 1 {
		t.Fatalf("%d marker lines, want 1", n)
	}
}

// TestConsoleResumesWithoutLosingOutput drops the page's connection while
// the server keeps running (a message over the server's size limit closes
// it with 1009); what the device says meanwhile must appear once the page
// is back, and nothing twice.
func TestConsoleResumesWithoutLosingOutput(t *testing.T) {
	dev := newDevice(t)
	srv, err := serialtest.StartServer(serialtest.Options{
		Ports:  []hub.Config{{Name: "dev", Device: dev.pty.Path}},
		Server: server.Config{MaxMessage: 64},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	w := watch(t, srv, "dev")
	w.waitStatus("port open", func(i *hub.Info) bool { return i.State == hub.StateOpen })

	p := newPage(t)
	p.open(srv.URL)
	w.waitPage()
	dev.write("before\n")
	p.waitLine("before")

	p.do("send a line over the size limit", chromedp.SendKeys(chromedp.ID("send-input"), strings.Repeat("x", 100)+kb.Enter))
	w.waitStatus("the page gone (1 client)", func(i *hub.Info) bool { return i.Clients == 1 })
	dev.write("while away\n")
	w.readData(len("while away\n")) // the server has it ("before" went by in waitStatus)

	p.waitLine("while away")
	lines := p.lines()
	if len(lines) != 3 || lines[0] != "before" || !strings.Contains(lines[1], "connection lost") || lines[2] != "while away" {
		t.Fatalf("#output lines %q, want before, a connection-lost marker, while away", lines)
	}
}

func TestFastStreamDoesNotFreezeThePage(t *testing.T) {
	const (
		count   = 40000
		lineLen = 50 // bytes, with the \n: 2 MB in all
		bound   = 3 * time.Second
	)
	dev := newDevice(t)
	// A client queue larger than the stream: this test is about the page,
	// so the server must not drop anything (the last line is then certain
	// to arrive; dropping has its own tests in internal/server).
	srv, w := startServer(t, "", hub.Config{Name: "dev", Device: dev.pty.Path, ClientBuffer: 16 << 20})
	p := newPage(t)
	p.open(srv.URL)
	w[0].waitPage()
	w[0].Close() // it would not read the stream

	line := func(i int) string {
		s := fmt.Sprintf("stream line %06d ", i)
		return s + strings.Repeat("x", lineLen-1-len(s))
	}
	var stream bytes.Buffer
	for i := range count {
		stream.WriteString(line(i))
		stream.WriteByte('\n')
	}
	written := make(chan error, 1)
	go func() {
		_, err := dev.pty.Master.Write(stream.Bytes()) // blocks while the pty is full
		written <- err
	}()

	// While the stream arrives, the page keeps answering.
	var slowest time.Duration
	evals := 0
	for done := false; !done; {
		select {
		case err := <-written:
			if err != nil {
				t.Fatalf("device write: %v", err)
			}
			done = true
		default:
		}
		start := time.Now()
		ctx, cancel := context.WithTimeout(p.ctx, bound)
		_, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.querySelectorAll('#output .line').length`))
		cancel()
		if err != nil {
			t.Fatalf("the page did not answer within %v while receiving: %v", bound, err)
		}
		slowest = max(slowest, time.Since(start))
		evals++
	}

	last := line(count - 1)
	p.waitFor("the last line as the last element",
		`(want) => { const l = document.getElementById('output').lastElementChild; return l && l.textContent === want; }`, last)
	start := time.Now()
	ctx, cancel := context.WithTimeout(p.ctx, bound)
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#output .line').length`))
	cancel()
	if err != nil {
		t.Fatalf("the page did not answer within %v after the stream: %v", bound, err)
	}
	slowest = max(slowest, time.Since(start))
	t.Logf("%d bytes, %d evaluations during the stream, slowest answer %v", stream.Len(), evals+1, slowest)

	limit := maxLines(t)
	if n != limit {
		t.Fatalf("%d .line elements after %d lines, want the cap MAX_LINES=%d", n, count, limit)
	}
	if first := eval[string](p, `document.querySelector('#output .line').textContent`); first != line(count-limit) {
		t.Fatalf("first line shown %q, want %q (the newest %d lines)", first, line(count-limit), limit)
	}
	if m := eval[int](p, `document.querySelectorAll('#output .marker').length`); m != 0 {
		t.Fatalf("%d gap markers, want none", m)
	}
	// The view follows the stream: scrolled to the bottom.
	if gap := eval[float64](p, `(() => { const o = document.getElementById('output'); return o.scrollHeight - o.scrollTop - o.clientHeight; })()`); gap > 1 {
		t.Fatalf("view is %vpx above the bottom, want it following the stream", gap)
	}
}

// fastClockJS makes the page's time run 100 times faster: timers fire
// after a hundredth of their delay and performance.now advances 100 ms per
// real millisecond. It runs before the page's own scripts.
const fastClockJS = `(() => {
	const speed = 100;
	const st = window.setTimeout.bind(window), si = window.setInterval.bind(window);
	window.setTimeout = (f, d, ...a) => st(f, (Number(d) || 0) / speed, ...a);
	window.setInterval = (f, d, ...a) => si(f, (Number(d) || 0) / speed, ...a);
	const now = performance.now.bind(performance), t0 = now();
	performance.now = () => t0 + (now() - t0) * speed;
})();`

func TestSilenceIsCheckedByPingNotPolled(t *testing.T) {
	dev := newDevice(t)
	srv, _ := startServer(t, "", hub.Config{Name: "dev", Device: dev.pty.Path})
	p := newPage(t)

	// Record what the page sends on its WebSockets.
	sockets := make(chan string, 16)  // URLs of the WebSockets opened
	controls := make(chan string, 64) // text frames sent: control messages
	err := chromedp.Listen(p.ctx, func(ev any) {
		switch ev := ev.(type) {
		case *network.EventWebSocketCreated:
			select {
			case sockets <- ev.URL:
			default:
			}
		case *network.EventWebSocketFrameSent:
			if ev.Response != nil && ev.Response.Opcode == 1 {
				select {
				case controls <- string(ev.Response.PayloadData):
				default:
				}
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(p.ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(p.ctx, cdppage.AddScriptToEvaluateOnNewDocument,
		cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: fastClockJS}); err != nil {
		t.Fatal(err)
	}

	// The page sits on a silent port for minutes of its time: it never asks
	// for a status, and sends a ping after each long silence only (the pong
	// ends the silence), keeping the same connection.
	p.open(srv.URL)
	timeout := time.After(waitTimeout)
	for pings := 0; pings < 2; {
		select {
		case msg := <-controls:
			var m struct{ Type string }
			if err := json.Unmarshal([]byte(msg), &m); err != nil || m.Type != "ping" {
				t.Fatalf("the page sent %s; want nothing but a ping after a silence", msg)
			}
			pings++
		case <-timeout:
			t.Fatalf("no ping within %v (%v of page time) of silence", waitTimeout, waitTimeout*100)
		}
	}
	p.waitState("connected", "open")
	if n := len(sockets); n != 1 {
		t.Fatalf("%d WebSockets opened, want 1: the pongs must keep the connection", n)
	}
}

func TestPortPickerSwitchesPorts(t *testing.T) {
	a, b := newDevice(t), newDevice(t)
	srv, _ := startServer(t, "",
		hub.Config{Name: "a", Device: a.pty.Path},
		hub.Config{Name: "b", Device: b.pty.Path})
	p := newPage(t)
	p.open(srv.URL)

	opts := eval[[]string](p, `[...document.querySelectorAll('#port-select option')].map((o) => o.value)`)
	if !slices.Equal(opts, []string{"a", "b"}) {
		t.Fatalf("#port-select lists %q, want [a b]", opts)
	}
	if v := eval[string](p, `document.getElementById('port-select').value`); v != "a" {
		t.Fatalf("selected port %q, want the first, a", v)
	}
	a.write("from a\n")
	p.waitLine("from a")

	p.choose("port-select", "b")
	p.waitState("connected", "open")
	b.write("from b\n")
	p.waitLine("from b")
	if got := p.lines(); !slices.Equal(got, []string{"from b"}) {
		t.Fatalf("#output lines %q after switching to b, want only b's output", got)
	}
	if h := eval[string](p, `location.hash`); h != "#port=b" {
		t.Fatalf("location.hash %q, want #port=b", h)
	}
}
