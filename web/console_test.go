//go:build linux

// Browser end-to-end tests of the console: a real serialhub server (package
// serialtest) with pseudo-terminals standing in for devices, and Debian's
// headless Chromium driven through chromedp. Each test reads as a user's
// steps; every wait is on a condition (an element, a JavaScript predicate,
// bytes on the pty), never a fixed sleep, and every browser context has a
// deadline. See "Browser tests" in README.md.
package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/serialtest"
	"github.com/serialhub/serialhub/internal/server"
)

const (
	chromiumPath = "/usr/bin/chromium" // Debian's package "chromium"
	testTimeout  = 60 * time.Second    // bounds each test's browser and server
	waitTimeout  = 20 * time.Second    // bounds one wait for a condition in the page
)

// ===== Browser ============================================================

// page is one browser tab on the console, for one test.
type page struct {
	t    *testing.T
	ctx  context.Context // the tab; ends with the test or after testTimeout
	port string          // the port whose pane the helpers act on ("dev" unless changed)
}

// newPage starts a fresh headless Chromium (own profile) with one tab. The
// test fails when Chromium is missing, and skips with -short.
func newPage(t *testing.T) *page {
	t.Helper()
	return newPageSize(t, 1100, 700)
}

// newPageSize is newPage with a window of width x height CSS pixels.
func newPageSize(t *testing.T, width, height int) *page {
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
		chromedp.WindowSize(width, height),
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
	// A phone's width is below a desktop window's least width: the
	// viewport is set as a phone's (and Chromium treats it as mobile).
	if width < 600 {
		if _, err := chromedp.Call(tctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: int64(width), Height: int64(height), DeviceScaleFactor: 1, Mobile: true,
		}); err != nil {
			t.Fatalf("phone viewport: %v", err)
		}
	}
	return &page{t: t, ctx: tctx, port: "dev"}
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

// sel is a CSS selector inside the pane of port (the page's current port
// when port is ""): each open port has a pane, .pane[data-port=NAME].
func (p *page) sel(css string) string {
	return fmt.Sprintf(`.pane[data-port=%q] %s`, p.port, css)
}

// waitState waits for the pane's connection state (data-state) and, unless
// portState is empty, the port's state (data-port-state). The pane must be
// shown (the active one, or any side by side).
func (p *page) waitState(state, portState string) {
	p.t.Helper()
	s := fmt.Sprintf(`.pane[data-port=%q][data-state=%q]`, p.port, state)
	if portState != "" {
		s += fmt.Sprintf(`[data-port-state=%q]`, portState)
	}
	ctx, cancel := context.WithTimeout(p.ctx, waitTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(s))); err != nil {
		p.t.Fatalf("waiting for %s: %v%s", s, err, p.describe())
	}
}

// open loads the console and waits until it is connected to an open port.
func (p *page) open(url string) {
	p.t.Helper()
	p.do("open "+url, chromedp.Navigate(url))
	p.waitState("connected", "open")
}

// view clicks the tab of a view (terminal, lines, hex, plot) of the pane.
func (p *page) view(name string) {
	p.t.Helper()
	p.do("click the "+name+" tab", chromedp.Click(chromedp.CSS(p.sel(`[role=tab][data-view=`+name+`]`))))
	p.waitFor(name+" view shown", `(s) => { const v = document.querySelector(s); return v && !v.hidden; }`, p.sel(".view-"+name))
}

// linesJS evaluates to the .line elements of the pane's lines view.
func (p *page) linesJS() string {
	return fmt.Sprintf("[...document.querySelectorAll(%q)]", p.sel(".lines-out .line"))
}

// waitLine waits until a line of the lines view shows exactly text. The
// lines view renders only while shown: it is shown first.
func (p *page) waitLine(text string) {
	p.t.Helper()
	p.waitFor(fmt.Sprintf("line %q in the lines view", text),
		`(want) => `+p.linesJS()+`.some((e) => e.textContent === want)`, text)
}

// lines returns the text of every line of the lines view.
func (p *page) lines() []string {
	p.t.Helper()
	return eval[[]string](p, p.linesJS()+`.map((e) => e.textContent)`)
}

// termText returns the rows of the terminal's screen, trailing spaces trimmed.
func (p *page) termText() string {
	p.t.Helper()
	return eval[string](p, fmt.Sprintf(`[...document.querySelectorAll(%q)].map((r) => r.textContent.trimEnd()).join('\n')`, p.sel(".xterm-rows > div")))
}

// waitTerm waits until the terminal's screen shows text.
func (p *page) waitTerm(text string) {
	p.t.Helper()
	p.waitFor(fmt.Sprintf("%q on the terminal screen", text),
		`(s, want) => [...document.querySelectorAll(s)].some((r) => r.textContent.includes(want))`, p.sel(".xterm-rows > div"), text)
}

// info is the text of the pane's port information (counters).
func (p *page) waitInfo(want string) {
	p.t.Helper()
	p.waitFor("port info "+want, `(s, want) => document.querySelector(s).textContent.includes(want)`, p.sel(".port-info"), want)
}

// describe tells what the page shows, for failure messages. It never fails.
func (p *page) describe() string {
	ctx, cancel := context.WithTimeout(p.ctx, 5*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => [...document.querySelectorAll('.pane')].map((pane) => {
		const lines = [...pane.querySelectorAll('.lines-out .line')].map((e) => e.textContent);
		return pane.dataset.port + ': state=' + pane.dataset.state + ' portState=' + pane.dataset.portState + ' view=' + pane.dataset.view +
			' status=' + JSON.stringify(pane.querySelector('.status').textContent) +
			' info=' + JSON.stringify(pane.querySelector('.port-info').textContent) +
			' lines=' + lines.length + ' last=' + JSON.stringify(lines.slice(-5));
	}).join('\n') + ' notices=' + JSON.stringify([...document.querySelectorAll('.notice')].map((n) => n.textContent)))()`))
	if err != nil {
		return "\n(page state unavailable: " + err.Error() + ")"
	}
	return "\npage: " + s
}

// choose selects an option of a <select> (a CSS selector) as a user does:
// the value changes, then input and change events fire.
func (p *page) choose(sel, value string) {
	p.t.Helper()
	p.setValue(sel, value)
}

// setValue sets the value of an input or select (a CSS selector), then
// fires input and change events, as a user's edit does.
func (p *page) setValue(sel, value string) {
	p.t.Helper()
	p.do(fmt.Sprintf("set %s to %q", sel, value),
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => {
			const s = document.querySelector(%q);
			s.value = %q;
			s.dispatchEvent(new Event('input', { bubbles: true }));
			s.dispatchEvent(new Event('change', { bubbles: true }));
		})()`, sel, value)))
}

// typeKeys presses keys as a keyboard does: a keyDown carrying the text
// (the browser makes the keypress, unless the page cancels the keydown),
// then a keyUp. chromedp.KeyEvent sends a separate char event, which a
// terminal that handles the keydown would see as a second key.
func typeKeys(keys string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for _, r := range keys {
			evs := kb.Encode(r)
			for _, ev := range evs {
				if ev.Type == kb.KeyChar {
					continue
				}
				if ev.Type == kb.KeyDown && len(evs) == 3 {
					ev.Text, ev.UnmodifiedText = evs[1].Text, evs[1].UnmodifiedText
				}
				if _, err := chromedp.Call(ctx, input.DispatchKeyEvent, *ev); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// check sets a checkbox (a CSS selector) by clicking it if needed.
func (p *page) check(sel string, on bool) {
	p.t.Helper()
	if eval[bool](p, fmt.Sprintf(`document.querySelector(%q).checked`, sel)) != on {
		p.do("click "+sel, chromedp.Click(chromedp.CSS(sel)))
	}
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
	return startServerOpts(t, serialtest.Options{Ports: ports, Addr: addr})
}

// startServerOpts is startServer with every option (server configuration).
func startServerOpts(t *testing.T, opts serialtest.Options) (*serialtest.Server, []*watcher) {
	t.Helper()
	return startServerAs(t, opts, nil)
}

// startServerAs is startServerOpts for a server with users: the watchers
// send header h (e.g. a controlling user's Authorization).
func startServerAs(t *testing.T, opts serialtest.Options, h http.Header) (*serialtest.Server, []*watcher) {
	t.Helper()
	ports := opts.Ports
	srv, err := serialtest.StartServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	var ws []*watcher
	for _, pc := range ports {
		w := watchAs(t, srv, pc.Name, h)
		w.waitStatus("port open", func(i *protocol.Port) bool { return i.State == protocol.StateOpen })
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
	return watchAs(t, srv, port, nil)
}

// watchAs is watch with the headers h on the upgrade request.
func watchAs(t *testing.T, srv *serialtest.Server, port string, h http.Header) *watcher {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	t.Cleanup(cancel)
	c, err := serialtest.DialHeader(ctx, srv.WSURL(port, "replay=0"), h)
	if err != nil {
		t.Fatalf("dial %s: %v", port, err)
	}
	t.Cleanup(func() { c.Conn.CloseNow() })
	return &watcher{Client: c, t: t, ctx: ctx}
}

// waitStatus reads until a status event whose port satisfies ok.
func (w *watcher) waitStatus(what string, ok func(*protocol.Port) bool) {
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
	w.waitStatus("the page connected (2 clients)", func(i *protocol.Port) bool {
		return i.State == protocol.StateOpen && i.Clients >= 2
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

// ===== Scenarios ==========================================================

func TestDeviceOutputAppearsInEveryView(t *testing.T) {
	dev := newDevice(t)
	srv, w := startServer(t, "", hub.Config{Name: "dev", Device: dev.pty.Path})
	p := newPage(t)
	p.open(srv.URL)
	w[0].waitPage()

	const (
		hello  = "hello from the device\r\n"
		green  = "\x1b[32mgreen light\x1b[0m\r\n"
		temp   = "temp:21.5,hum:40\r\n"
		accent = "température 22°C\r\n"
	)
	dev.write(hello + green + temp + accent)
	total := len(hello + green + temp + accent)

	// Terminal (the default view): ANSI colours are interpreted, not shown.
	p.waitTerm("température 22°C")
	screen := p.termText()
	if !strings.Contains(screen, "hello from the device") || !strings.Contains(screen, "green light") || strings.Contains(screen, "[32m") {
		t.Fatalf("terminal screen %q: want the lines with the colour sequence interpreted", screen)
	}
	if c := eval[string](p, fmt.Sprintf(`(() => { const s = [...document.querySelectorAll(%q)].find((e) => e.textContent.includes('green')); return s ? s.className : ''; })()`, p.sel(".xterm-rows span"))); !strings.Contains(c, "xterm-fg-2") {
		t.Fatalf("the green text has class %q, want xterm-fg-2 (ANSI green)", c)
	}
	// The received-bytes counter follows the stream without asking the server.
	p.waitInfo(fmt.Sprintf("in %d B", total))
	p.screenshot("console-terminal.png")

	// Search the terminal: a word on the screen is found (and selected);
	// one that is not is marked not found.
	search := p.sel(".term-search")
	p.do("search the terminal for 'green'", chromedp.SendKeys(chromedp.CSS(search), "green"+kb.Enter))
	p.waitFor("the match selected", `(s) => document.querySelectorAll(s).length > 0`, p.sel(".xterm-selection div"))
	if eval[bool](p, fmt.Sprintf(`document.querySelector(%q).classList.contains('invalid')`, search)) {
		t.Fatal("'green' is on the screen but the search says not found")
	}
	p.do("clear the search box", chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector(%q).value = ''`, search)))
	p.do("search for a word that is not there", chromedp.SendKeys(chromedp.CSS(search), "purple"+kb.Enter))
	p.waitFor("'purple' marked not found", `(s) => document.querySelector(s).classList.contains('invalid')`, search)

	// Lines: one line each, control sequences made visible, UTF-8 intact.
	p.view("lines")
	p.waitLine("température 22°C")
	want := []string{"hello from the device", "␛[32mgreen light␛[0m", "temp:21.5,hum:40", "température 22°C"}
	if got := p.lines(); !slices.Equal(got, want) {
		t.Fatalf("lines view %q, want %q", got, want)
	}
	p.screenshot("console-lines.png")

	// Hex: offset, bytes and ASCII of what was received.
	p.view("hex")
	p.waitFor("the first hex row", `(s) => { const r = document.querySelector(s); return r && r.querySelector('.hex').textContent.startsWith('68 65 6c 6c 6f 20 66 72'); }`, p.sel(".hexrow.rx"))
	row := eval[[]string](p, fmt.Sprintf(`[...document.querySelector(%q).children].map((e) => e.textContent)`, p.sel(".hexrow.rx")))
	if len(row) != 4 || row[0] != "00000000" || row[1] != "RX" || row[3] != "hello from the d" {
		t.Fatalf("first hex row %q, want offset 00000000, RX, the hex bytes and the ASCII", row)
	}
	rows := eval[int](p, fmt.Sprintf(`document.querySelectorAll(%q).length`, p.sel(".hexrow")))
	if want := (total + 15) / 16; rows != want {
		t.Fatalf("%d hex rows for %d bytes, want %d", rows, total, want)
	}
	p.screenshot("console-hex.png")

	// Plot: the Arduino-style line gives two series with their values.
	p.view("plot")
	// (The last line, prose with a number, is plotted too, as Arduino does.)
	p.waitFor("legend temp=21.5, hum=40, value 2=22", `(s) => [...document.querySelectorAll(s)].map((b) => b.querySelector('.name').textContent + '=' + b.querySelector('.value').textContent).join('|') === 'temp=21.5|hum=40|value 2=22'`, p.sel(".plot-legend .series"))
	if n := eval[int](p, fmt.Sprintf(`document.querySelectorAll(%q).length`, p.sel(".plot-host canvas"))); n != 1 {
		t.Fatalf("%d plot canvases, want 1", n)
	}
	p.screenshot("console-plot.png")

	// The watcher leaves: the page is told, the count is right.
	w[0].Close()
	p.waitInfo(" 1 client ")
}

func TestTypingReachesTheDevice(t *testing.T) {
	dev := newDevice(t)
	srv, _ := startServer(t, "", hub.Config{Name: "dev", Device: dev.pty.Path})
	p := newPage(t)
	p.open(srv.URL)

	// Keys typed in the terminal go to the device as typed, Ctrl-C included
	// (nothing is selected); Enter sends the port's rule, LF by default.
	p.do("click the terminal, type ls, Enter, Ctrl-C",
		chromedp.Click(chromedp.CSS(p.sel(".term-host"))),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := chromedp.Call(ctx, input.InsertText, input.InsertTextParams{Text: "ls"})
			return err
		}),
		typeKeys(kb.Enter),
		chromedp.KeyEvent("c", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	dev.expect("ls\n\x03")

	// The send box: type a command and press Enter (default line ending LF).
	input := p.sel(".send-input")
	p.do("type help, Enter", chromedp.SendKeys(chromedp.CSS(input), "help"+kb.Enter))
	dev.expect("help\n")
	if v := eval[string](p, fmt.Sprintf(`document.querySelector(%q).value`, input)); v != "" {
		t.Fatalf("input holds %q after sending, want it empty", v)
	}

	// CR+LF and the Send button.
	p.choose(p.sel(".line-ending"), "crlf")
	p.do("type version, click Send",
		chromedp.SendKeys(chromedp.CSS(input), "version"),
		chromedp.Click(chromedp.CSS(p.sel(".send-button"))))
	dev.expect("version\r\n")

	// Hex mode with a CRC-16/MODBUS checksum (and never a line ending).
	p.check(p.sel(".hex-mode"), true)
	p.choose(p.sel(".checksum"), "crc16modbus")
	p.do("type hex bytes, Enter", chromedp.SendKeys(chromedp.CSS(input), "01 03 00 00 00 0a"+kb.Enter))
	dev.expect("\x01\x03\x00\x00\x00\x0a\xc5\xcd")
	// Not hex: nothing is sent, the user is told why.
	p.do("type zz, Enter", chromedp.SendKeys(chromedp.CSS(input), "zz"+kb.Enter))
	p.waitFor("a hex error", `(s) => document.querySelector(s).textContent.includes('not a hex digit')`, p.sel(".send-error"))
	p.setValue(input, "")
	p.check(p.sel(".hex-mode"), false)
	p.choose(p.sel(".line-ending"), "crlf")

	// Local echo: what is sent shows in the lines view, marked as sent,
	// and in the hex view as TX.
	p.check(p.sel(".echo"), true)
	p.do("type ping, Enter", chromedp.SendKeys(chromedp.CSS(input), "ping"+kb.Enter))
	dev.expect("ping\r\n")
	p.view("lines")
	p.waitFor("the sent line", `(s) => [...document.querySelectorAll(s)].some((e) => e.textContent === 'ping')`, p.sel(".lines-out .line.sent"))
	p.view("hex")
	p.waitFor("a TX row with ping", `(s) => [...document.querySelectorAll(s)].some((r) => r.querySelector('.ascii').textContent === 'ping..')`, p.sel(".hexrow.tx"))

	// Arrow up recalls the lines sent, newest first; the history, the
	// line ending and the echo choice survive a reload.
	p.do("reload", chromedp.Reload())
	p.waitState("connected", "open")
	if v := eval[string](p, fmt.Sprintf(`document.querySelector(%q).value`, p.sel(".line-ending"))); v != "crlf" {
		t.Fatalf("line ending after reload %q, want crlf", v)
	}
	p.do("arrow up three times, Enter", chromedp.SendKeys(chromedp.CSS(input), kb.ArrowUp+kb.ArrowUp+kb.ArrowUp+kb.Enter))
	dev.expect("version\r\n")
}

func TestMacrosAndFilesAreSent(t *testing.T) {
	dev := newDevice(t)
	srv, _ := startServer(t, "", hub.Config{Name: "dev", Device: dev.pty.Path})
	p := newPage(t)
	p.open(srv.URL)

	// Define a macro in the dialog, close it, press its button.
	p.do("open the macro editor", chromedp.Click(chromedp.CSS(p.sel(".macro-edit"))))
	p.do("fill in a macro",
		chromedp.SendKeys(chromedp.ID("macro-label"), "reset"),
		chromedp.SendKeys(chromedp.ID("macro-text"), "AT+RST"))
	p.choose("#macro-ending", "crlf")
	p.do("add it, close the dialog",
		chromedp.Click(chromedp.CSS("#macro-form button[type=submit]")),
		chromedp.Click(chromedp.ID("macro-close")))
	p.do("press the macro", chromedp.Click(chromedp.CSS(p.sel(".macro"))))
	dev.expect("AT+RST\r\n")

	// The macro is kept across a reload.
	p.do("reload", chromedp.Reload())
	p.waitState("connected", "open")
	p.do("press the macro again", chromedp.Click(chromedp.CSS(p.sel(".macro"))))
	dev.expect("AT+RST\r\n")

	// Send a file of 100 KiB: every byte arrives, and the page says so.
	data := make([]byte, 100<<10)
	for i := range data {
		data[i] = byte(i * 7)
	}
	path := filepath.Join(t.TempDir(), "firmware.bin")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	p.do("choose the file", chromedp.SetUploadFiles(chromedp.CSS(p.sel(".file-input")), []string{path}))
	dev.expect(string(data))
	p.waitFor("the file's notice", `() => [...document.querySelectorAll('.notice')].some((n) => n.textContent.includes('firmware.bin: 102400 bytes sent'))`)
}

// The progress of a file being sent is what the device took: while the
// device reads nothing, the bar stops short; when it reads, the bar fills.
func TestFileProgressFollowsTheDevice(t *testing.T) {
	dev := newDevice(t)
	srv, _ := startServer(t, "", hub.Config{Name: "dev", Device: dev.pty.Path})
	p := newPage(t)
	p.open(srv.URL)

	data := make([]byte, 1<<20)
	for i := range data {
		data[i] = byte(i * 13)
	}
	path := filepath.Join(t.TempDir(), "image.bin")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	bar := p.sel(".file-progress")
	p.do("choose a 1 MiB file", chromedp.SetUploadFiles(chromedp.CSS(p.sel(".file-input")), []string{path}))
	// The device reads the first 64 KiB and stops: the pty takes a little
	// more, then the writes wait, and so does the bar, well short of the
	// end.
	dev.expect(string(data[:64<<10]))
	p.waitFor("some progress", `(s) => { const b = document.querySelector(s); return b.max === 1048576 && b.value > 0; }`, bar)
	if v := eval[float64](p, fmt.Sprintf(`document.querySelector(%q).value`, bar)); v >= 1<<19 {
		t.Fatalf("progress %v of 1 MiB while the device has read 64 KiB: the bar does not follow the device", v)
	}
	dev.expect(string(data[64<<10:]))
	p.waitFor("the bar full", `(s) => { const b = document.querySelector(s); return b.value === b.max; }`, bar)
	p.waitFor("the file's notice", `() => [...document.querySelectorAll('.notice')].some((n) => n.textContent.includes('image.bin: 1048576 bytes sent'))`)
}

func TestSettingsReachTheDevice(t *testing.T) {
	dev := newDevice(t)
	srv, _ := startServer(t, "", hub.Config{Name: "dev", Device: dev.pty.Path})
	p := newPage(t)
	p.open(srv.URL)

	p.do("open the port settings", chromedp.Click(chromedp.CSS(p.sel(".panel-toggle"))))
	p.waitFor("the baud shown", `(s) => document.querySelector(s).value === '115200'`, p.sel(".baud"))
	p.setValue(p.sel(".baud"), "")
	p.do("type 9600 as the baud", chromedp.SendKeys(chromedp.CSS(p.sel(".baud")), "9600"))
	p.choose(p.sel(".flow-control"), "rtscts")
	p.do("click Apply", chromedp.Click(chromedp.CSS(p.sel(".apply-settings"))))
	p.waitInfo("9600 8N1 RTS/CTS")
	line, err := dev.pty.Line()
	if err != nil {
		t.Fatal(err)
	}
	if line.Baud != 9600 || !line.RTSCTS {
		t.Fatalf("device line %+v, want 9600 baud with RTS/CTS", line)
	}

	// A setting the device cannot take (a pty keeps 8 data bits) is
	// refused, the user is told, and the line is unchanged.
	p.choose(p.sel(".data-bits"), "7")
	p.do("click Apply", chromedp.Click(chromedp.CSS(p.sel(".apply-settings"))))
	p.waitFor("an error notice", `() => document.querySelector('.notice.error') !== null`)
	if line, _ := dev.pty.Line(); line.DataBits != 8 {
		t.Fatalf("device has %d data bits, want 8 still", line.DataBits)
	}
	p.waitInfo("9600 8N1")
	// A pty has no modem lines: the panel says so.
	p.waitFor("modem note", `(s) => document.querySelector(s).textContent.includes('not supported')`, p.sel(".modem .note"))
}

func TestControlLinesAndBreakOnTheSimulator(t *testing.T) {
	srv, _ := startServer(t, "", hub.Config{Name: "dev", Device: "sim://"})
	p := newPage(t)
	p.open(srv.URL)
	p.do("open the port settings", chromedp.Click(chromedp.CSS(p.sel(".panel-toggle"))))

	// The simulator is wired like a null-modem plug: CTS follows RTS.
	p.waitFor("RTS on, CTS on", `(rts, cts) => document.querySelector(rts).getAttribute('aria-pressed') === 'true' && document.querySelector(cts).dataset.on === 'true'`,
		p.sel(".rts"), p.sel(".led[data-line=cts]"))
	p.do("click RTS", chromedp.Click(chromedp.CSS(p.sel(".rts"))))
	p.waitFor("RTS off, CTS off", `(rts, cts) => document.querySelector(rts).getAttribute('aria-pressed') === 'false' && document.querySelector(cts).dataset.on === 'false'`,
		p.sel(".rts"), p.sel(".led[data-line=cts]"))

	// The simulator tells of changes it makes itself: raising RI shows
	// without a Re-read, and the panel says the lines are live.
	p.waitFor("modem note 'live'", `(s) => document.querySelector(s).textContent === 'live'`, p.sel(".modem .note"))
	p.do("type line ri on, Enter", chromedp.SendKeys(chromedp.CSS(p.sel(".send-input")), "line ri on"+kb.Enter))
	p.waitFor("RI on", `(ri) => document.querySelector(ri).dataset.on === 'true'`, p.sel(".led[data-line=ri]"))

	// BREAK: the simulator prints a line when the break ends. (Choosing a
	// view closes the settings sheet: open it again.)
	p.view("lines")
	p.do("open the port settings", chromedp.Click(chromedp.CSS(p.sel(".panel-toggle"))))
	p.do("click BREAK", chromedp.Click(chromedp.CSS(p.sel(".break-button"))))
	p.waitLine("<break>")
}

func TestScrollbackIsReplayedToANewPage(t *testing.T) {
	dev := newDevice(t)
	srv, w := startServer(t, "", hub.Config{Name: "dev", Device: dev.pty.Path})

	// The device talks before anyone looks; the watcher makes sure the
	// server has read it all, so the page can only get it from the scrollback.
	early := "boot: v1.2.3\r\nready\r\n"
	dev.write(early)
	w[0].readData(len(early))

	p := newPage(t)
	p.open(srv.URL)
	p.view("lines")
	p.waitLine("ready")
	// The history is set apart from what comes live (issue 12, item 1).
	p.waitLine(historyBoundary)
	if got, want := p.lines(), []string{"boot: v1.2.3", "ready", historyBoundary}; !slices.Equal(got, want) {
		t.Fatalf("lines %q, want %q", got, want)
	}
	// Replayed bytes are in the status's bytesIn already: not counted twice.
	p.waitInfo(fmt.Sprintf("in %d B", len(early)))
	w[0].waitPage()
	dev.write("live\r\n")
	p.waitLine("live")
	if got, want := p.lines(), []string{"boot: v1.2.3", "ready", historyBoundary, "live"}; !slices.Equal(got, want) {
		t.Fatalf("lines %q, want %q", got, want)
	}
}

// historyBoundary is the Lines view's marker between replayed history and
// live output.
const historyBoundary = "── above: history replayed by the server · below: live ──"

func TestConsoleSurvivesServerRestart(t *testing.T) {
	dev := newDevice(t)
	srv, _ := startServer(t, "", hub.Config{Name: "dev", Device: dev.pty.Path})
	p := newPage(t)
	p.open(srv.URL)
	p.view("lines")
	dev.write("before restart\n")
	p.waitLine("before restart")

	// The server goes away: the page says it is reconnecting, with a countdown.
	if err := srv.Close(); err != nil {
		t.Fatalf("close server: %v", err)
	}
	p.waitState("reconnecting", "")
	p.waitFor("status text Reconnecting … in Ns",
		`(s) => /^Reconnecting.* in \d+s$/.test(document.querySelector(s).textContent)`, p.sel(".status"))

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
		t.Fatalf("lines %q, want the old line, a connection-lost marker and the new line", lines)
	}
	// The terminal got the new output too.
	p.view("terminal")
	p.waitTerm("after restart")
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
	w.waitStatus("port open", func(i *protocol.Port) bool { return i.State == protocol.StateOpen })

	p := newPage(t)
	p.open(srv.URL)
	p.view("lines")
	w.waitPage()
	dev.write("before\n")
	p.waitLine("before")

	p.do("send a line over the size limit", chromedp.SendKeys(chromedp.CSS(p.sel(".send-input")), strings.Repeat("x", 100)+kb.Enter))
	w.waitStatus("the page gone (1 client)", func(i *protocol.Port) bool { return i.Clients == 1 })
	dev.write("while away\n")
	w.readData(len("while away\n")) // the server has it ("before" went by in waitStatus)

	p.waitLine("while away")
	p.waitLine(historyBoundary)
	lines := p.lines()
	if len(lines) != 4 || lines[0] != "before" || !strings.Contains(lines[1], "connection lost") || lines[2] != "while away" || lines[3] != historyBoundary {
		t.Fatalf("lines %q, want before, a connection-lost marker, while away (replayed) and the end of the history", lines)
	}
}

func TestLinesViewTimestampsFilterAndCap(t *testing.T) {
	dev := newDevice(t)
	srv, w := startServer(t, "", hub.Config{Name: "dev", Device: dev.pty.Path})
	p := newPage(t)
	p.open(srv.URL)
	w[0].waitPage()
	p.view("lines")

	dev.write("boot ok\nerror: disk\nwarning: hot\nerror: fan\n")
	p.waitLine("error: fan")

	// Timestamps: the clock time of each line's first byte, with ms.
	p.choose(p.sel(".ts-mode"), "time")
	stamp := eval[string](p, fmt.Sprintf(`document.querySelector(%q).dataset.ts`, p.sel(".lines-out .line")))
	if !regexp.MustCompile(`^\d\d:\d\d:\d\d\.\d\d\d$`).MatchString(stamp) {
		t.Fatalf("timestamp %q, want HH:MM:SS.mmm", stamp)
	}
	p.choose(p.sel(".ts-mode"), "delta")
	if stamp := eval[string](p, fmt.Sprintf(`document.querySelectorAll(%q)[1].dataset.ts`, p.sel(".lines-out .line"))); !regexp.MustCompile(`^\+\d+\.\d\d\d$`).MatchString(stamp) {
		t.Fatalf("delta timestamp %q, want +S.mmm", stamp)
	}

	// Filter by regex: only matching lines are shown; new ones too.
	p.check(p.sel(".filter-regex"), true)
	p.do("type a filter", chromedp.SendKeys(chromedp.CSS(p.sel(".filter-text")), "^error"))
	p.waitFor("only errors", `(s) => { const l = [...document.querySelectorAll(s)].map((e) => e.textContent); return l.join('|') === 'error: disk|error: fan'; }`, p.sel(".lines-out .line"))
	dev.write("error: late\nfine\n")
	p.waitLine("error: late")
	if got := p.lines(); !slices.Equal(got, []string{"error: disk", "error: fan", "error: late"}) {
		t.Fatalf("filtered lines %q", got)
	}
	// Highlight instead: every line shown, matches marked.
	p.choose(p.sel(".filter-mode"), "highlight")
	p.waitLine("fine")
	if n := eval[int](p, fmt.Sprintf(`document.querySelectorAll(%q).length`, p.sel(".lines-out .line.hit"))); n != 3 {
		t.Fatalf("%d highlighted lines, want 3", n)
	}
	p.setValue(p.sel(".filter-text"), "")
	p.choose(p.sel(".filter-mode"), "filter")

	// Autoscroll pauses when the user scrolls up, and the cap holds.
	limit := eval[int](p, fmt.Sprintf(`Number(document.querySelector(%q).dataset.cap)`, p.sel(".lines-out")))
	var b strings.Builder
	for i := range limit + 500 {
		fmt.Fprintf(&b, "line %05d\n", i)
	}
	dev.write(b.String())
	last := fmt.Sprintf("line %05d", limit+499)
	p.waitFor("the last line last", `(s, want) => { const l = document.querySelector(s).lastElementChild; return l && l.textContent === want; }`, p.sel(".lines-out"), last)
	// Scrolling up pauses the autoscroll and shows every line kept: the
	// newest, up to the cap.
	p.do("scroll up", chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector(%q).scrollTop = 0`, p.sel(".lines-out"))))
	p.waitFor("jump button", `(s) => !document.querySelector(s).hidden`, p.sel(".view-lines .jump"))
	lines := p.lines()
	if len(lines) != limit || lines[0] != fmt.Sprintf("line %05d", 500) || lines[limit-1] != last {
		t.Fatalf("%d lines from %q to %q, want the cap %d, line 00500 to %q", len(lines), lines[0], lines[len(lines)-1], limit, last)
	}
	p.do("scroll to the top", chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector(%q).scrollTop = 0`, p.sel(".lines-out"))))
	dev.write("more\n")
	p.waitLine("more")
	if top := eval[float64](p, fmt.Sprintf(`document.querySelector(%q).scrollTop`, p.sel(".lines-out"))); top > 50 {
		t.Fatalf("view scrolled to %v while paused, want it to stay at the top", top)
	}
}

func TestPlotFollowsTelemetry(t *testing.T) {
	dev := newDevice(t)
	srv, w := startServer(t, "", hub.Config{Name: "dev", Device: dev.pty.Path})
	p := newPage(t)
	p.open(srv.URL)
	w[0].waitPage()
	p.view("plot")

	// A header line names the columns of unlabelled values.
	dev.write("volts amps\n")
	var b strings.Builder
	for i := range 100 {
		fmt.Fprintf(&b, "%d.5 %d\n", i, 2*i)
	}
	dev.write(b.String())
	p.waitFor("100 points", `(s) => document.querySelector(s).dataset.points === '100'`, p.sel(".plot-host"))
	if got := eval[string](p, fmt.Sprintf(`[...document.querySelectorAll(%q)].map((b) => b.querySelector('.name').textContent + '=' + b.querySelector('.value').textContent).join('|')`, p.sel(".plot-legend .series"))); got != "volts=99.5|amps=198" {
		t.Fatalf("legend %q, want volts=99.5|amps=198", got)
	}
	// A legend entry toggles its series.
	p.do("click amps", chromedp.Click(chromedp.CSS(p.sel(`.plot-legend .series[data-key="#2"]`))))
	if v := eval[string](p, fmt.Sprintf(`document.querySelector(%q).getAttribute('aria-pressed')`, p.sel(`.plot-legend .series[data-key="#2"]`))); v != "false" {
		t.Fatalf("amps aria-pressed %q after a click, want false", v)
	}
	// Pause: points are still collected, the chart holds still.
	p.do("click Pause", chromedp.Click(chromedp.CSS(p.sel(".plot-pause"))))
	dev.write("1 2\n")
	p.waitFor("101 points", `(s) => document.querySelector(s).dataset.points === '101'`, p.sel(".plot-host"))
	p.screenshot("console-plot-paused.png")
}

func TestSeveralPortsSideBySide(t *testing.T) {
	a, b := newDevice(t), newDevice(t)
	srv, _ := startServer(t, "",
		hub.Config{Name: "a", Device: a.pty.Path},
		hub.Config{Name: "b", Device: b.pty.Path})
	p := newPage(t)
	p.port = "a"
	p.open(srv.URL)
	p.view("lines")

	// The picker offers the other port; opening it adds a tab.
	opts := eval[[]string](p, `[...document.querySelectorAll('#open-select option')].map((o) => o.value).filter(Boolean)`)
	if !slices.Equal(opts, []string{"b"}) {
		t.Fatalf("#open-select offers %q, want [b]", opts)
	}
	p.choose("#open-select", "b")
	p.port = "b"
	p.waitState("connected", "open")
	if h := eval[string](p, `location.hash`); h != "#port=b&open=a,b" {
		t.Fatalf("location.hash %q, want #port=b&open=a,b", h)
	}
	p.view("lines")
	a.write("from a\n")
	b.write("from b\n")
	p.waitLine("from b")
	if got := p.lines(); !slices.Equal(got, []string{"from b"}) {
		t.Fatalf("b's lines %q, want only b's output", got)
	}
	p.port = "a"
	p.waitFor("a hidden in tabs layout", `(s) => document.querySelector(s).hidden`, `.pane[data-port="a"]`)

	// Side by side: both panes are shown, each with its own output.
	p.choose("#layout-select", "split")
	p.waitLine("from a")
	visible := eval[int](p, `[...document.querySelectorAll('.pane')].filter((e) => !e.hidden && e.offsetWidth > 300).length`)
	if visible != 2 {
		t.Fatalf("%d panes shown side by side, want 2", visible)
	}
	p.screenshot("console-side-by-side.png")

	// Closing a pane disconnects it; the picker offers it again.
	p.do("close a", chromedp.Click(chromedp.CSS(`.port-tab-close[aria-label="Close a"]`)))
	p.waitFor("a closed", `() => !document.querySelector('.pane[data-port="a"]') && [...document.querySelectorAll('#open-select option')].some((o) => o.value === 'a')`)
}

func TestPhoneLayoutAndKeyboard(t *testing.T) {
	dev := newDevice(t)
	srv, _ := startServer(t, "", hub.Config{Name: "dev", Device: dev.pty.Path})
	p := newPageSize(t, 390, 800)
	p.open(srv.URL)
	dev.write("hello phone\n")
	p.waitTerm("hello phone")

	// Nothing sticks out sideways on a phone's width.
	if w := eval[int](p, `document.documentElement.scrollWidth - window.innerWidth`); w > 0 {
		t.Fatalf("the page is %dpx wider than the phone's screen", w)
	}
	// Keyboard: arrow keys move between view tabs; the dark theme applies.
	p.do("focus the terminal tab, arrow right twice",
		chromedp.Focus(chromedp.CSS(p.sel(`[role=tab][data-view=terminal]`))),
		chromedp.KeyEvent(kb.ArrowRight+kb.ArrowRight))
	if v := eval[string](p, fmt.Sprintf(`document.querySelector(%q).dataset.view + ' ' + document.activeElement.dataset.view`, `.pane[data-port="dev"]`)); v != "hex hex" {
		t.Fatalf("after two right arrows: view and focus %q, want hex hex", v)
	}
	p.choose("#theme-select", "dark")
	if bg := eval[string](p, `getComputedStyle(document.body).backgroundColor`); bg != "rgb(13, 17, 23)" {
		t.Fatalf("dark theme background %q, want rgb(13, 17, 23)", bg)
	}
	p.view("terminal")
	p.screenshot("console-phone-dark.png")
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
