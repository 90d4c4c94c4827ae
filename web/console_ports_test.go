//go:build linux

package web_test

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/network"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/serialhub/serialhub/internal/capture"
	serialdevice "github.com/serialhub/serialhub/internal/device"
	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/serialtest"
	"github.com/serialhub/serialhub/internal/server"
)

// noticesJS records the text of every notice the page shows (they fade
// after a few seconds, sooner with a fast clock) in window.__notices.
const noticesJS = `(() => {
	window.__notices = [];
	new MutationObserver((ms) => {
		for (const m of ms) for (const n of m.addedNodes) if (n.classList && n.classList.contains('notice')) window.__notices.push(n.textContent);
	}).observe(document, { childList: true, subtree: true });
})();`

// wsCounter counts the WebSockets the page opens, per URL path.
type wsCounter struct {
	mu sync.Mutex
	n  map[string]int
}

func countWebSockets(p *page) *wsCounter {
	c := &wsCounter{n: map[string]int{}}
	if err := chromedp.Listen(p.ctx, func(ev any) {
		if ev, ok := ev.(*network.EventWebSocketCreated); ok {
			path := ev.URL
			if i := strings.Index(path, "/ws/"); i >= 0 {
				path = path[i:]
			}
			if i := strings.IndexByte(path, '?'); i >= 0 {
				path = path[:i]
			}
			c.mu.Lock()
			c.n[path]++
			c.mu.Unlock()
		}
	}); err != nil {
		p.t.Fatal(err)
	}
	if _, err := chromedp.Call(p.ctx, network.Enable, network.EnableParams{}); err != nil {
		p.t.Fatal(err)
	}
	return c
}

func (c *wsCounter) get(path string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n[path]
}

// TestAddDeviceFromTheConsole: on a server started with --allow-open, a
// user adds one of the machine's serial ports from the console, talks to
// it, and removes it again; another client removing a port the page shows
// closes its pane too. Once a port is gone, nothing tries to reconnect to it.
func TestAddDeviceFromTheConsole(t *testing.T) {
	dev, other := newDevice(t), newDevice(t)
	srv, _ := startServerOpts(t, serialtest.Options{
		Ports: []hub.Config{{Name: "dev", Device: dev.pty.Path}},
		Server: server.Config{
			AllowOpen: true,
			ListDevices: func() ([]serialdevice.PortInfo, error) {
				return []serialdevice.PortInfo{
					{Path: dev.pty.Path},
					{Path: other.pty.Path, USB: true, Manufacturer: "FTDI", Product: "FT232R USB UART", SerialNumber: "A50285BI"},
				}, nil
			},
		},
	})
	p := newPage(t)
	sockets := countWebSockets(p)
	if _, err := chromedp.Call(p.ctx, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: noticesJS}); err != nil {
		t.Fatal(err)
	}
	p.open(srv.URL)

	// dev has no capture and cannot be removed: the panel says so.
	p.do("open the port panel", chromedp.Click(chromedp.CSS(p.sel(".panel-toggle"))))
	if v := eval[string](p, fmt.Sprintf(`['.capture-text', '.capture-note', '.remove-port'].map((s) => document.querySelector(%q + ' ' + s).checkVisibility()).join(' ')`, fmt.Sprintf(`.pane[data-port=%q]`, p.port))); v != "false true false" {
		t.Fatalf("capture button, capture note, remove button visible: %s; want false true false for a configured port without capture", v)
	}

	add := func(name string) {
		t.Helper()
		p.do("click Add device", chromedp.Click(chromedp.ID("add-port-button")))
		p.waitFor("the add dialog", `() => document.getElementById('add-dialog').open`)
		p.screenshot("console-add-device.png")
		// The device the server serves already is offered but disabled.
		opts := eval[[]string](p, `[...document.querySelectorAll('#add-device option')].map((o) => (o.disabled ? '-' : '+') + o.textContent)`)
		want := []string{"-" + dev.pty.Path + " (port dev)", "+" + other.pty.Path + " · FT232R USB UART · FTDI · #A50285BI"}
		if strings.Join(opts, "|") != strings.Join(want, "|") {
			t.Fatalf("devices offered %q, want %q", opts, want)
		}
		p.setValue("#add-name", name)
		p.setValue("#add-baud", "9600")
		p.do("click Add", chromedp.Click(chromedp.CSS(`#add-form button[type=submit]`)))
		p.port = name
		p.waitState("connected", "open")
		if l, err := other.pty.Line(); err != nil || l.Baud != 9600 {
			t.Fatalf("the added device runs at %d baud (%v), want 9600", l.Baud, err)
		}
	}

	// Add the second device as "bench": its pane opens, output shows, input arrives.
	add("bench")
	if h := eval[string](p, `location.hash`); h != "#port=bench&open=dev,bench" {
		t.Fatalf("location.hash %q, want #port=bench&open=dev,bench", h)
	}
	p.view("lines")
	other.write("hello from the bench\n")
	p.waitLine("hello from the bench")
	p.do("type in the send box", chromedp.SendKeys(chromedp.CSS(p.sel(".send-input")), "status\r"))
	other.expect("status\n")

	// Another client removes it: the page closes the pane and says why.
	req, _ := http.NewRequest("DELETE", srv.URL+"/api/ports/bench", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("DELETE /api/ports/bench: %s", resp.Status)
	}
	gone := func(name string) {
		t.Helper()
		p.waitFor(name+"'s pane and tab gone, the picker without it, dev shown",
			`(name) => !document.querySelector('.pane[data-port="' + name + '"]') && !document.getElementById('port-tab-' + name) &&
				![...document.querySelectorAll('#open-select option')].some((o) => o.value === name) &&
				document.querySelector('.pane[data-port="dev"]').checkVisibility() && location.hash === '#port=dev'`, name)
	}
	gone("bench")
	benchSockets := sockets.get("/ws/bench")
	p.waitFor("the notice", `() => window.__notices.some((t) => t.includes('Port bench was removed from the server'))`)

	// Add it again (it is free again) and remove it from the panel.
	p.port = "dev"
	add("bench2")
	p.do("open the port panel", chromedp.Click(chromedp.CSS(p.sel(".panel-toggle"))))
	p.do("click Remove", chromedp.Click(chromedp.CSS(p.sel(".remove-port"))))
	p.waitFor("the confirmation", `() => document.getElementById('confirm-dialog').open && document.getElementById('confirm-text').textContent.includes('Remove port bench2')`)
	p.do("confirm", chromedp.Click(chromedp.ID("confirm-ok")))
	gone("bench2")
	bench2Sockets := sockets.get("/ws/bench2")
	// Let a minute of the page's time pass (longer than the longest
	// backoff): nothing tried either port again.
	p.fastForward(time.Minute)
	if n := sockets.get("/ws/bench"); n != benchSockets {
		t.Errorf("%d more WebSockets to /ws/bench after the port was gone", n-benchSockets)
	}
	if n := sockets.get("/ws/bench2"); n != bench2Sockets {
		t.Errorf("%d more WebSockets to /ws/bench2 after the port was gone", n-bench2Sockets)
	}
	if code := getStatus(t, srv.URL+"/api/ports/bench2"); code != http.StatusNotFound {
		t.Fatalf("GET /api/ports/bench2 after removing it: %d, want 404", code)
	}
}

// fastForward makes the page's clock run 100 times faster from now on
// (fastClockJS, installed late: timers set before keep their delays) and
// waits until d of page time has passed. The page's own waits (waitFor)
// would run 100 times faster too, so this waits from the test's side.
func (p *page) fastForward(d time.Duration) {
	p.t.Helper()
	p.do("speed up the page's clock", chromedp.Evaluate[chromedp.Void](fastClockJS))
	t0 := eval[float64](p, `performance.now()`)
	deadline := time.Now().Add(waitTimeout)
	for eval[float64](p, `performance.now()`) < t0+float64(d.Milliseconds()) {
		if time.Now().After(deadline) {
			p.t.Fatalf("%v of page time did not pass within %v", d, waitTimeout)
		}
		time.Sleep(10 * time.Millisecond) // polling the page's clock from the test
	}
}

func getStatus(t *testing.T, url string) int {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// TestFilesAreDownloaded: what the console saves reaches the disk: the
// port's capture (port panel, "Download text": what the device sent and
// what the user sent, with times), the lines view's "Save" (with
// timestamps) and the plot's "Export CSV".
func TestFilesAreDownloaded(t *testing.T) {
	dev := newDevice(t)
	rec, err := capture.Open(capture.Config{Dir: t.TempDir(), Name: "dev"})
	if err != nil {
		t.Fatal(err)
	}
	srv, _ := startServer(t, "", hub.Config{Name: "dev", Device: dev.pty.Path, Recorder: rec})
	p := newPage(t)
	downloads := t.TempDir()
	if _, err := chromedp.CallBrowser(p.ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: downloads,
	}); err != nil {
		t.Fatal(err)
	}
	p.open(srv.URL)

	dev.write("hello capture\r\ntemp:21.5,hum:40\r\n")
	p.waitTerm("hum:40")
	p.do("type in the send box", chromedp.SendKeys(chromedp.CSS(p.sel(".send-input")), "ping\r"))
	dev.expect("ping\n")

	p.do("open the port panel", chromedp.Click(chromedp.CSS(p.sel(".panel-toggle"))))
	p.do("click Download text", chromedp.Click(chromedp.CSS(p.sel(".capture-text"))))
	text := downloaded(t, downloads, "dev-capture-*.log", "> ping")
	for _, want := range []string{" # open 115200 8N1", " < hello capture\n", " < temp:21.5,hum:40\n", " > ping\n"} {
		if !strings.Contains(text, want) {
			t.Errorf("the downloaded capture lacks %q:\n%s", want, text)
		}
	}

	p.view("lines")
	p.choose(p.sel(".ts-mode"), "time")
	p.do("click Save", chromedp.Click(chromedp.CSS(p.sel("[data-id=linesSave]"))))
	saved := downloaded(t, downloads, "dev-2*.log", "hum:40")
	if !regexp.MustCompile(`^\d\d:\d\d:\d\d\.\d{3} hello capture\n\d\d:\d\d:\d\d\.\d{3} temp:21.5,hum:40\n$`).MatchString(saved) {
		t.Errorf("the saved lines %q, want both lines with clock timestamps", saved)
	}

	p.view("plot")
	p.do("click Export CSV", chromedp.Click(chromedp.CSS(p.sel(".plot-csv"))))
	csv := downloaded(t, downloads, "dev-plot-*.csv", "21.5")
	if !regexp.MustCompile(`^time,temp,hum\n\d{4}-\d\d-\d\dT[\d:.]+Z,21\.5,40\n$`).MatchString(csv) {
		t.Errorf("the exported CSV %q, want a header and one row", csv)
	}
}

// downloaded waits until Chromium has saved one file matching pattern in
// dir with want in it, and returns its text.
func downloaded(t *testing.T, dir, pattern, want string) string {
	t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for {
		files, _ := filepath.Glob(filepath.Join(dir, pattern))
		if len(files) == 1 {
			b, err := os.ReadFile(files[0])
			if err == nil && strings.Contains(string(b), want) {
				return string(b)
			}
		}
		if time.Now().After(deadline) {
			all, _ := os.ReadDir(dir)
			t.Fatalf("no %s with %q downloaded within %v: %v", pattern, want, waitTimeout, all)
		}
		time.Sleep(20 * time.Millisecond) // Chromium writes the file: nothing to wait on in the page
	}
}

// TestPeriodicSend: "Repeat every 50 ms" sends the input again and again
// until the user stops it; losing the connection stops it too. The device
// receives exactly as many copies as the page says it sent.
func TestPeriodicSend(t *testing.T) {
	dev := newDevice(t)
	srv, _ := startServer(t, "", hub.Config{Name: "dev", Device: dev.pty.Path})
	p := newPage(t)
	p.open(srv.URL)

	input := p.sel(".send-input")
	p.check(p.sel(".repeat"), true)
	p.setValue(p.sel(".repeat-ms"), "50")
	p.screenshot("console-repeat.png")
	if b := eval[string](p, fmt.Sprintf(`document.querySelector(%q).textContent`, p.sel(".send-button"))); b != "Start" {
		t.Fatalf("the send button says %q with repeat on, want Start", b)
	}
	p.do("type tick, Enter", chromedp.SendKeys(chromedp.CSS(input), "tick\r"))
	start := time.Now()
	for range 5 {
		dev.expect("tick\n")
	}
	if d := time.Since(start); d < 150*time.Millisecond {
		t.Fatalf("5 ticks in %v: not every 50 ms", d)
	}
	// Stop (the button says so); the page counts what it sent.
	p.waitFor("the Stop button", `(s) => document.querySelector(s).textContent === 'Stop'`, p.sel(".send-button"))
	p.do("click Stop", chromedp.Click(chromedp.CSS(p.sel(".send-button"))))
	p.waitFor("stopped", `(s) => document.querySelector(s).textContent.startsWith('Stopped: ')`, p.sel(".repeat-status"))
	sent := 0
	fmt.Sscan(eval[string](p, fmt.Sprintf(`document.querySelector(%q).dataset.sent`, p.sel(".repeat-status"))), &sent)
	// Ten intervals later the count has not moved, and the device got exactly that many.
	p.waitFor("500 ms", `(t0) => performance.now() > t0 + 500`, eval[float64](p, `performance.now()`))
	if s := eval[string](p, fmt.Sprintf(`document.querySelector(%q).dataset.sent`, p.sel(".repeat-status"))); s != fmt.Sprint(sent) {
		t.Fatalf("the page sent %s after Stop, %d before", s, sent)
	}
	p.check(p.sel(".repeat"), false)
	p.setValue(input, "end")
	p.do("press Enter", chromedp.SendKeys(chromedp.CSS(input), "\r"))
	dev.expect(strings.Repeat("tick\n", sent-5) + "end\n")

	// Disconnecting stops it.
	p.check(p.sel(".repeat"), true)
	p.setValue(input, "ping")
	p.do("press Enter", chromedp.SendKeys(chromedp.CSS(input), "\r"))
	dev.expect("ping\n")
	p.do("click Disconnect", chromedp.Click(chromedp.CSS(p.sel(".connect-toggle"))))
	p.waitFor("stopped on disconnect", `(s) => document.querySelector(s).textContent.startsWith('Stopped (disconnected): ')`, p.sel(".repeat-status"))
	fmt.Sscan(eval[string](p, fmt.Sprintf(`document.querySelector(%q).dataset.sent`, p.sel(".repeat-status"))), &sent)
	p.do("click Connect", chromedp.Click(chromedp.CSS(p.sel(".connect-toggle"))))
	p.waitState("connected", "open")
	p.check(p.sel(".repeat"), false)
	p.setValue(input, "end")
	p.do("press Enter", chromedp.SendKeys(chromedp.CSS(input), "\r"))
	dev.expect(strings.Repeat("ping\n", sent-1) + "end\n")
	if b := eval[string](p, fmt.Sprintf(`document.querySelector(%q).textContent`, p.sel(".send-button"))); b != "Send" {
		t.Fatalf("the send button says %q after repeat was turned off, want Send", b)
	}
}

// TestWriteLockOnAnExclusivePort: on a port configured exclusive, the page
// shows who holds the write lock, takes and releases it, is told when
// someone asks for it, and while another client holds it the send box is
// disabled with a tooltip naming the holder, and can ask them to let go.
func TestWriteLockOnAnExclusivePort(t *testing.T) {
	dev := newDevice(t)
	srv, w := startServer(t, "", hub.Config{Name: "dev", Device: dev.pty.Path, Exclusive: true})
	p := newPage(t)
	p.open(srv.URL)
	w[0].waitPage()
	state := func(want string) {
		t.Helper()
		p.waitFor("write lock "+want, `(s, want) => { const b = document.querySelector(s); return b.checkVisibility() && b.dataset.state === want; }`, p.sel(".lock-box"), want)
	}
	sendable := func(want bool) {
		t.Helper()
		p.waitFor(fmt.Sprintf("send box enabled: %v", want), `(s, want) => document.querySelector(s).disabled === !want`, p.sel(".send-input"), want)
	}

	// Free: take it; what the page sends arrives; the watcher is refused.
	state("free")
	p.do("take the lock", chromedp.Click(chromedp.CSS(p.sel(".lock-take"))))
	state("mine")
	p.do("send mine", chromedp.SendKeys(chromedp.CSS(p.sel(".send-input")), "mine\r"))
	dev.expect("mine\n")
	// The watcher asks for it: the page says so; release.
	if err := w[0].Control(w[0].ctx, `{"type":"request-lock","id":1}`); err != nil {
		t.Fatal(err)
	}
	p.waitFor("the request", `() => [...document.querySelectorAll('.notice')].some((n) => n.textContent.includes('asks you to release the write lock'))`)
	p.do("release", chromedp.Click(chromedp.CSS(p.sel(".lock-release"))))
	state("free")

	// The watcher takes it: the page can only ask.
	if err := w[0].Control(w[0].ctx, `{"type":"lock","id":2}`); err != nil {
		t.Fatal(err)
	}
	state("other")
	sendable(false)
	p.screenshot("console-write-lock.png")
	if title := eval[string](p, fmt.Sprintf(`document.querySelector(%q).title`, p.sel(".send-input"))); !strings.Contains(title, "holds the write lock of dev") {
		t.Fatalf("the disabled send box says %q, want who holds the write lock", title)
	}
	p.do("ask to release", chromedp.Click(chromedp.CSS(p.sel(".lock-ask"))))
	for {
		f, err := w[0].Next(w[0].ctx)
		if err != nil {
			t.Fatalf("waiting for the lock request: %v", err)
		}
		if f.Event.Type == "lock-request" {
			break
		}
	}
	if err := w[0].Control(w[0].ctx, `{"type":"unlock","id":3}`); err != nil {
		t.Fatal(err)
	}
	state("free")
	sendable(true)
	p.do("send free", chromedp.SendKeys(chromedp.CSS(p.sel(".send-input")), "free\r"))
	dev.expect("free\n")
}
