//go:build linux

package web_test

// Browser tests of issue 12: a console a hardware developer can trust.

import (
	"context"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	serialdevice "github.com/serialhub/serialhub/internal/device"
	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/serialtest"
	"github.com/serialhub/serialhub/internal/server"
)

// netWatch records the page's HTTP requests as DevTools sees them: every
// answer of 400 or more, every request that failed, every error the
// console logged (Chromium logs a failed resource there), and how many
// requests are in flight.
type netWatch struct {
	mu       sync.Mutex
	inFlight map[network.RequestID]string // guarded by mu: URL by request
	problems []string                     // guarded by mu
	settled  chan struct{}                // capacity 1: in flight fell to 0
}

func watchNetwork(p *page) *netWatch {
	w := &netWatch{inFlight: map[network.RequestID]string{}, settled: make(chan struct{}, 1)}
	done := func(id network.RequestID) {
		delete(w.inFlight, id)
		if len(w.inFlight) == 0 {
			select {
			case w.settled <- struct{}{}:
			default:
			}
		}
	}
	if err := chromedp.Listen(p.ctx, func(ev any) {
		w.mu.Lock()
		defer w.mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			w.inFlight[ev.RequestID] = ev.Request.Method + " " + ev.Request.URL
		case *network.EventResponseReceived:
			if ev.Response.Status >= 400 {
				w.problems = append(w.problems, w.inFlight[ev.RequestID]+": "+fmt.Sprint(ev.Response.Status, " ", ev.Response.StatusText))
			}
		case *network.EventLoadingFinished:
			done(ev.RequestID)
		case *network.EventLoadingFailed:
			if !ev.Canceled {
				w.problems = append(w.problems, w.inFlight[ev.RequestID]+": failed: "+ev.ErrorText)
			}
			done(ev.RequestID)
		case *cdplog.EventEntryAdded:
			if ev.Entry.Level == cdplog.EntryLevelError {
				w.problems = append(w.problems, "console: "+ev.Entry.Text+" "+ev.Entry.URL)
			}
		}
	}); err != nil {
		p.t.Fatal(err)
	}
	if _, err := chromedp.Call(p.ctx, network.Enable, network.EnableParams{}); err != nil {
		p.t.Fatal(err)
	}
	if _, err := chromedp.Call(p.ctx, cdplog.Enable, cdp.Empty{}); err != nil {
		p.t.Fatal(err)
	}
	return w
}

// waitSettled waits until no request is in flight.
func (w *netWatch) waitSettled(t *testing.T) {
	t.Helper()
	timeout := time.After(waitTimeout)
	for {
		w.mu.Lock()
		n := len(w.inFlight)
		w.mu.Unlock()
		if n == 0 {
			return
		}
		select {
		case <-w.settled:
		case <-timeout:
			w.mu.Lock()
			defer w.mu.Unlock()
			t.Fatalf("requests still in flight after %v: %q; failures so far: %q", waitTimeout, slices.Collect(maps.Values(w.inFlight)), w.problems)
		}
	}
}

func (w *netWatch) failures() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.problems...)
}

// A healthy load of the console (item 15) makes no request that fails and
// logs no error, on a server that lets clients open ports and on one that
// does not: DevTools stays clean. Before, "Add device" probed with a POST
// that was refused (400 or 403) and /favicon.ico was 404.
func TestAHealthyLoadIsClean(t *testing.T) {
	for _, allowOpen := range []bool{false, true} {
		t.Run(fmt.Sprintf("allowOpen=%v", allowOpen), func(t *testing.T) {
			dev := newDevice(t)
			srv, _ := startServerOpts(t, serialtest.Options{
				Ports:  []hub.Config{{Name: "dev", Device: dev.pty.Path}},
				Server: server.Config{AllowOpen: allowOpen, ListDevices: func() ([]serialdevice.PortInfo, error) { return nil, nil }},
			})
			p := newPage(t)
			net := watchNetwork(p)
			p.open(srv.URL)
			// "Add device" is offered exactly when the server allows it.
			p.waitFor("the Add device button decided", `(want) => document.getElementById('add-port-button').hidden === !want`, allowOpen)
			net.waitSettled(t)
			if bad := net.failures(); len(bad) > 0 {
				t.Fatalf("a healthy load had failed requests or console errors:\n%s", strings.Join(bad, "\n"))
			}
		})
	}
}

// "Add device" shows the server's own reason when it refuses (item 10),
// not a guess: on a server started with --allow-open, a path that is not
// one of the machine's serial ports is refused as not_allowed, and the
// dialog says so rather than "start serialhub with --allow-open".
func TestAddDeviceShowsTheServersReason(t *testing.T) {
	dev := newDevice(t)
	srv, _ := startServerOpts(t, serialtest.Options{
		Ports:  []hub.Config{{Name: "dev", Device: dev.pty.Path}},
		Server: server.Config{AllowOpen: true, ListDevices: func() ([]serialdevice.PortInfo, error) { return nil, nil }},
	})
	p := newPage(t)
	p.open(srv.URL)
	p.do("click Add device", chromedp.Click(chromedp.ID("add-port-button")))
	p.waitFor("the add dialog", `() => document.getElementById('add-dialog').open`)
	p.setValue("#add-path", "/dev/ttyNOPE0")
	p.do("click Add", chromedp.Click(chromedp.CSS(`#add-form button[type=submit]`)))
	p.waitFor("the server's reason", `() => document.getElementById('add-error').textContent !== ''`)
	got := eval[string](p, `document.getElementById('add-error').textContent`)
	if !strings.Contains(got, `device "/dev/ttyNOPE0" is not one of this machine's serial ports`) || strings.Contains(got, "--allow-open") {
		t.Fatalf("the dialog says %q; want the server's reason, without telling to start with --allow-open", got)
	}
}

// A baud change that the device took says so (item 5): no warning that
// the device runs at the old baud, whatever order the ok and the status
// come in. Before, the panel judged the ok against the status from before
// the change: "The device runs at 115200 baud, not the 57600 asked for".
func TestASuccessfulBaudChangeIsNotWarnedAbout(t *testing.T) {
	dev := newDevice(t)
	srv, _ := startServer(t, "", hub.Config{Name: "dev", Device: dev.pty.Path})
	p := newPage(t)
	p.open(srv.URL)
	p.do("open the port settings", chromedp.Click(chromedp.CSS(p.sel(".panel-toggle"))))
	note := p.sel("[data-id=panelNote]")
	for _, baud := range []string{"57600", "9600", "115200"} {
		p.waitFor("the form editable", `(s) => !document.querySelector(s).disabled`, p.sel(".apply-settings"))
		p.setValue(p.sel(".baud"), baud)
		p.do("click Apply", chromedp.Click(chromedp.CSS(p.sel(".apply-settings"))))
		p.waitFor("the outcome", `(s) => /applied|runs at/.test(document.querySelector(s).textContent)`, note)
		p.waitInfo(baud + " 8N1")
		if got := eval[string](p, fmt.Sprintf(`document.querySelector(%q).textContent`, note)); got != "Settings applied" {
			t.Fatalf("after changing to %s baud the panel says %q, want \"Settings applied\"", baud, got)
		}
		if line, err := dev.pty.Line(); err != nil || strconv.Itoa(line.Baud) != baud {
			t.Fatalf("the device runs at %d baud (%v), want %s", line.Baud, err, baud)
		}
		p.do("clear the note", chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector(%q).textContent = ''`, note)))
	}
}

// An LF-only device's lines start at the left of the Terminal, a CR-only
// device's lines do not overwrite each other, and Enter sends the port's
// one rule in the Terminal and the send box alike; both are shown and
// remembered for the port (item 2). Before, "a:1 b:2\nc:3\n" drew a
// staircase and the Terminal's Enter sent CR while the send box sent LF.
func TestNewlinesAreMappedBothWays(t *testing.T) {
	dev := newDevice(t)
	srv, _ := startServer(t, "", hub.Config{Name: "dev", Device: dev.pty.Path})
	p := newPage(t)
	p.open(srv.URL)
	p.view("terminal")
	rows := func() []string { return strings.Split(p.termText(), "\n") }

	dev.write("a:1 b:2\nc:3\n")
	p.waitTerm("c:3")
	if r := rows(); !slices.Contains(r, "a:1 b:2") || !slices.Contains(r, "c:3") {
		t.Fatalf("an LF-only device's lines on the terminal: %q; want each at the left", r)
	}
	// Enter: the same rule in the terminal and in the send box (LF by default).
	p.do("type ls and Enter in the terminal", chromedp.Click(chromedp.CSS(p.sel(".term-host"))), typeKeys("ls"+kb.Enter))
	dev.expect("ls\n")
	p.choose(p.sel(".line-ending"), "cr")
	p.waitFor("the terminal shows the rule", `(s) => document.querySelector(s).textContent === 'CR'`, p.sel(".term-enter"))
	p.do("type ls and Enter in the terminal", chromedp.Click(chromedp.CSS(p.sel(".term-host"))), typeKeys("ls"+kb.Enter))
	dev.expect("ls\r")
	p.do("type x and Enter in the send box", chromedp.SendKeys(chromedp.CSS(p.sel(".send-input")), "x"+kb.Enter))
	dev.expect("x\r")

	// A CR-only device: its lines overwrite each other unless CR is mapped.
	p.choose(p.sel(".rx-newlines"), "cr")
	dev.write("one\rtwo\r")
	p.waitTerm("two")
	if r := rows(); !slices.Contains(r, "one") || !slices.Contains(r, "two") {
		t.Fatalf("a CR-only device's lines on the terminal: %q; want one and two on rows of their own", r)
	}
	p.view("lines")
	p.waitLine("two")
	if l := p.lines(); !slices.Contains(l, "one") {
		t.Fatalf("lines %q, want one and two as lines of their own", l)
	}

	// Both rules are remembered for the port.
	p.do("reload", chromedp.Reload())
	p.waitState("connected", "open")
	got := eval[string](p, fmt.Sprintf(`document.querySelector(%q).value + ' ' + document.querySelector(%q).value`, p.sel(".rx-newlines"), p.sel(".line-ending")))
	if got != "cr cr" {
		t.Fatalf("after a reload the receive and Enter rules are %q, want \"cr cr\"", got)
	}
}

// selectTerminalRow drags the mouse across the row of the terminal's
// screen that reads text (and a little beyond), as a user selects it.
func (p *page) selectTerminalRow(text string) {
	p.t.Helper()
	box := eval[[]float64](p, fmt.Sprintf(`(() => {
		const row = [...document.querySelectorAll(%q)].find((r) => r.textContent.trimEnd() === %q);
		const walk = document.createTreeWalker(row, NodeFilter.SHOW_TEXT);
		const range = document.createRange();
		let left = %d, first = null, n;
		while ((n = walk.nextNode())) {
			if (!first) first = n;
			if (n.length >= left) { range.setStart(first, 0); range.setEnd(n, left); break; }
			left -= n.length;
		}
		const b = range.getBoundingClientRect();
		return [b.left, b.top + b.height / 2, b.right];
	})()`, p.sel(".xterm-rows > div"), text, len(text)))
	x0, y, x1 := box[0]+1, box[1], box[2]+20
	mouse := func(typ input.DispatchMouseEventType, x float64, buttons int64) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Call(ctx, input.DispatchMouseEvent, input.DispatchMouseEventParams{Type: typ, X: x, Y: y, Button: input.MouseButtonLeft, Buttons: buttons, ClickCount: 1})
			return err
		})
	}
	p.do("drag across "+text, mouse(input.DispatchMouseEventTypeMousePressed, x0, 1), mouse(input.DispatchMouseEventTypeMouseMoved, (x0+x1)/2, 1), mouse(input.DispatchMouseEventTypeMouseMoved, x1, 1), mouse(input.DispatchMouseEventTypeMouseReleased, x1, 0))
	p.waitFor("the selection drawn", `(s) => document.querySelector(s) !== null`, p.sel(".xterm-selection div"))
}

// Ctrl+C over a selection copies it and sends nothing (item 3): on a
// MicroPython REPL a 0x03 kills the program. Ctrl+Shift+C copies too, and
// Ctrl+Shift+V pastes (the browser's paste), never a ^V to the device. Without a
// selection, Ctrl+C still reaches the device.
func TestCopyingNeverSendsCtrlC(t *testing.T) {
	dev := newDevice(t)
	srv, _ := startServer(t, "", hub.Config{Name: "dev", Device: dev.pty.Path})
	p := newPage(t)
	for _, perm := range []string{"clipboard-read", "clipboard-write"} {
		if _, err := chromedp.CallBrowser(p.ctx, browser.SetPermission, browser.SetPermissionParams{
			Permission: &browser.PermissionDescriptor{Name: perm, AllowWithoutSanitization: true}, Setting: browser.PermissionSettingGranted, Origin: srv.URL,
		}); err != nil {
			t.Fatal(err)
		}
	}
	p.open(srv.URL)
	p.view("terminal")
	dev.write("hello world\n")
	p.waitTerm("hello world")
	clipboard := func() string {
		t.Helper()
		v, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](`navigator.clipboard.readText()`, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("read the clipboard: %v", err)
		}
		return v
	}
	for _, keys := range []struct {
		name string
		mods chromedp.Modifier
	}{{"Ctrl+C", chromedp.ModifierCtrl}, {"Ctrl+Shift+C", chromedp.ModifierCtrl | chromedp.ModifierShift}} {
		p.do("empty the clipboard", chromedp.Evaluate[chromedp.Void](`navigator.clipboard.writeText('')`, chromedp.EvalAwaitPromise))
		p.selectTerminalRow("hello world")
		p.do(keys.name+" over the selection", chromedp.KeyEvent("c", chromedp.KeyModifiers(keys.mods)))
		p.waitFor("the selection on the clipboard", `() => navigator.clipboard.readText().then((t) => t.includes('hello world'))`)
		if got := clipboard(); strings.TrimSpace(got) != "hello world" {
			t.Fatalf("%s copied %q, want \"hello world\"", keys.name, got)
		}
		// The next key the device gets is the x typed now: no 0x03 before it.
		p.do("type x", chromedp.Click(chromedp.CSS(p.sel(".term-host"))), typeKeys("x"))
		dev.expect("x")
	}
	// Ctrl+Shift+V pastes what the clipboard holds, as text typed.
	p.do("put pasted on the clipboard", chromedp.Evaluate[chromedp.Void](`navigator.clipboard.writeText('pasted')`, chromedp.EvalAwaitPromise))
	p.do("Ctrl+Shift+V, then y", chromedp.Click(chromedp.CSS(p.sel(".term-host"))), chromedp.KeyEvent("v", chromedp.KeyModifiers(chromedp.ModifierCtrl|chromedp.ModifierShift)), typeKeys("y"))
	dev.expect("pastedy")
	// With nothing selected, Ctrl+C is the device's.
	p.do("click the terminal (no selection), Ctrl+C", chromedp.Click(chromedp.CSS(p.sel(".term-host"))), chromedp.KeyEvent("c", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	dev.expect("\x03")
}

// A hex frame goes out as exactly its bytes and checksum, never with the
// line ending (item 7), from the send box and from a macro; the macro
// list says what each macro sends. Before, 01 03 00 00 00 0a with
// CRC-16/MODBUS went out as … c5 cd 0a.
func TestHexSendsExactlyTheFrame(t *testing.T) {
	dev := newDevice(t)
	srv, _ := startServer(t, "", hub.Config{Name: "dev", Device: dev.pty.Path})
	p := newPage(t)
	p.open(srv.URL)
	p.choose(p.sel(".line-ending"), "lf")
	p.check(p.sel(".hex-mode"), true)
	p.choose(p.sel(".checksum"), "crc16modbus")
	p.do("type a Modbus frame, Enter", chromedp.SendKeys(chromedp.CSS(p.sel(".send-input")), "01 03 00 00 00 0a"+kb.Enter))
	dev.expect("\x01\x03\x00\x00\x00\x0a\xc5\xcd")
	// The next bytes are the text typed now: nothing followed the frame.
	p.check(p.sel(".hex-mode"), false)
	p.do("type ok, Enter", chromedp.SendKeys(chromedp.CSS(p.sel(".send-input")), "ok"+kb.Enter))
	dev.expect("ok\n")

	// A hex macro and a text macro, each described in the list.
	p.do("open the macro editor", chromedp.Click(chromedp.CSS(p.sel(".macro-edit"))))
	add := func(label, text string, hex bool, checksum, ending string) {
		t.Helper()
		p.setValue("#macro-label", label)
		p.setValue("#macro-text", text)
		p.check("#macro-hex", hex)
		if hex {
			p.choose("#macro-checksum", checksum)
		} else {
			p.choose("#macro-ending", ending)
		}
		p.do("add "+label, chromedp.Click(chromedp.CSS(`#macro-form button[type=submit]`)))
		p.waitFor("macro "+label, `(l) => [...document.querySelectorAll('#macro-list li')].some((li) => li.textContent.includes(l))`, label)
	}
	add("read", "01 03 00 00 00 0a", true, "crc16modbus", "")
	add("status", "status", false, "", "crlf")
	list := eval[string](p, `[...document.querySelectorAll('#macro-list .macro-desc')].map((e) => e.textContent).join(' | ')`)
	if want := `read hex 01 03 00 00 00 0a + CRC-16/MODBUS | status "status" + CR LF`; list != want {
		t.Fatalf("the macro list says %q, want %q", list, want)
	}
	p.do("close the editor", chromedp.Click(chromedp.ID("macro-close")))
	p.do("click the read macro", chromedp.Click(chromedp.CSS(p.sel(`.macro[title^="Send hex"]`))))
	dev.expect("\x01\x03\x00\x00\x00\x0a\xc5\xcd")
	p.do("type ok, Enter", chromedp.SendKeys(chromedp.CSS(p.sel(".send-input")), "ok"+kb.Enter))
	dev.expect("ok\n")
}

// Leaving the page lets go of the port (item 6): kept in the back/forward
// cache, the page neither counts as a client nor holds the write lock it
// took; back again, it resumes, and what the device said meanwhile shows.
// Before, the lock was still held 35 s after leaving.
func TestLeavingThePageLetsGoOfThePort(t *testing.T) {
	dev := newDevice(t)
	srv, w := startServer(t, "", hub.Config{Name: "dev", Device: dev.pty.Path, Exclusive: true})
	p := newPage(t)
	p.open(srv.URL)
	w[0].waitPage()
	p.do("take the write lock", chromedp.Click(chromedp.CSS(p.sel(".lock-take"))))
	w[0].waitStatus("the page holding the lock", func(i *protocol.Port) bool { return i.Lock != nil })

	p.do("go to another page", chromedp.Navigate(srv.URL+"/healthz"))
	w[0].waitStatus("the page gone: one client, no lock", func(i *protocol.Port) bool { return i.Clients == 1 && i.Lock == nil })
	dev.write("said while away\n")
	w[0].readData(len("said while away\n"))

	// (history.back() rather than chromedp.NavigateBack, which waits for
	// a load event that a page restored from the cache never fires.)
	// The wait is in the page's JavaScript: chromedp's DOM waits do not
	// see a document restored from the cache.
	p.do("come back", chromedp.Evaluate[chromedp.Void](`history.back()`))
	w[0].waitPage()
	p.waitRestored("the pane connected again", fmt.Sprintf(`document.querySelector(%q).dataset.state === 'connected'`, `.pane[data-port="dev"]`))
	p.do("show the lines", chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector(%q).click()`, p.sel(`[role=tab][data-view=lines]`))))
	p.waitRestored("the line said while away", p.linesJS()+`.some((e) => e.textContent === 'said while away')`)
	if n := eval[int](p, fmt.Sprintf(`%s.filter((e) => e.textContent === 'said while away').length`, p.linesJS())); n != 1 {
		t.Fatalf("the line said while away shows %d times, want once", n)
	}
}

// waitRestored waits until the JavaScript expression expr is true, for a
// page restored from the back/forward cache, where chromedp's polling
// (bound to the execution context it knew) cannot run: the page checks at
// each frame and answers once.
func (p *page) waitRestored(what, expr string) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, waitTimeout)
	defer cancel()
	js := `new Promise((done) => { const check = () => { try { if (` + expr + `) { done(true); return; } } catch (_) {} requestAnimationFrame(check); }; check(); })`
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js, chromedp.EvalAwaitPromise)); err != nil {
		p.t.Fatalf("waiting for %s: %v%s", what, err, p.describe())
	}
}

// Not connected, the pane says so everywhere (item 12): Send, the macros,
// DTR, Apply and BREAK are disabled with the reason, the counters read as
// last known, and errors are in plain words, in the pane they concern
// (never over another pane's buttons), and gone once it is connected
// again. Before, everything stayed enabled, the counters looked live,
// toasts read "lines: not connected to the server (not_connected)" and
// lingered, and covered the other pane's buttons.
func TestDisconnectedStateIsClear(t *testing.T) {
	dev, other := newDevice(t), newDevice(t)
	srv, _ := startServer(t, "", hub.Config{Name: "dev", Device: dev.pty.Path}, hub.Config{Name: "other", Device: other.pty.Path})
	p := newPage(t)
	p.open(srv.URL + "/#port=dev&open=dev,other")
	p.choose("#layout-select", "split")
	p.port = "other"
	p.waitState("connected", "open")
	p.port = "dev"

	// A macro, so that its button is there to be judged.
	p.do("open the macro editor", chromedp.Click(chromedp.CSS(p.sel(".macro-edit"))))
	p.setValue("#macro-label", "hello")
	p.setValue("#macro-text", "hello")
	p.do("add it", chromedp.Click(chromedp.CSS(`#macro-form button[type=submit]`)))
	p.do("close the editor", chromedp.Click(chromedp.ID("macro-close")))

	// An error in dev's pane stays in dev's pane, in plain words.
	p.do("open dev's settings", chromedp.Click(chromedp.CSS(p.sel(".panel-toggle"))))
	p.choose(p.sel(".data-bits"), "7")
	p.do("click Apply", chromedp.Click(chromedp.CSS(p.sel(".apply-settings"))))
	p.waitFor("an error notice in dev's pane", `(s) => document.querySelector(s) !== null`, p.sel(".notice.error"))
	overlaps := eval[[]string](p, `(() => {
		const n = document.querySelector('.pane[data-port="dev"] .notice.error').getBoundingClientRect();
		const hit = (b) => b.width > 0 && n.left < b.right && b.left < n.right && n.top < b.bottom && b.top < n.bottom;
		return [...document.querySelectorAll('.pane[data-port="other"] button, .pane[data-port="other"] input, .pane[data-port="other"] select, .topbar button, .topbar select')]
			.filter((e) => hit(e.getBoundingClientRect())).map((e) => e.className || e.id || e.tagName);
	})()`)
	if len(overlaps) > 0 {
		t.Errorf("dev's error notice covers controls of the other pane or the page: %q", overlaps)
	}
	text := eval[string](p, fmt.Sprintf(`document.querySelector(%q).textContent`, p.sel(".notice.error")))
	if regexp.MustCompile(`\(\w+_\w+\)`).MatchString(text) || !strings.Contains(text, "settings not changed") {
		t.Errorf("the error notice says %q: want plain words (what did not happen), no error code", text)
	}

	// The server goes: every control that would reach the device is off.
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	p.waitState("reconnecting", "")
	controls := []string{".send-input", ".send-button", ".macro", ".dtr", ".rts", ".apply-settings", ".break-button"}
	for _, c := range controls {
		p.waitFor(c+" disabled, saying why", `(s) => { const e = document.querySelector(s); return e && e.disabled && /Not connected/.test(e.title); }`, p.sel(c))
	}
	info := eval[string](p, fmt.Sprintf(`document.querySelector(%q).dataset.stale + ' ' + document.querySelector(%q).textContent`, p.sel(".port-info"), p.sel(".port-info")))
	if !strings.HasPrefix(info, "true last known: ") {
		t.Errorf("the counters while reconnecting read %q: want them marked as last known", info)
	}

	// Back: enabled again, and the errors of the last connection are gone.
	_, w := startServer(t, strings.TrimPrefix(srv.URL, "http://"), hub.Config{Name: "dev", Device: dev.pty.Path}, hub.Config{Name: "other", Device: other.pty.Path})
	w[0].waitPage()
	p.waitState("connected", "open")
	for _, c := range controls {
		p.waitFor(c+" enabled", `(s) => { const e = document.querySelector(s); return e && !e.disabled; }`, p.sel(c))
	}
	p.waitFor("the old error gone", `(s) => document.querySelector(s) === null`, p.sel(".notice.error"))
	if info := eval[string](p, fmt.Sprintf(`document.querySelector(%q).textContent`, p.sel(".port-info"))); strings.Contains(info, "last known") {
		t.Errorf("connected again, the counters read %q", info)
	}
}

// lampsJS records every change of the TX and RX lamps in window.__lamps
// ("tx:true", …): a lamp lit for a moment is seen however briefly.
const lampsJS = `(() => {
	window.__lamps = [];
	new MutationObserver((ms) => {
		for (const m of ms) if (m.target.dataset && (m.target.dataset.id === 'sigTx' || m.target.dataset.id === 'sigRx')) {
			window.__lamps.push(m.target.textContent.toLowerCase() + ':' + m.target.dataset.on);
		}
	}).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-on'] });
})();`

// The signals are always in sight (item 13 and the signal strip): TX, RX,
// DTR, RTS, CTS, DSR, DCD and RI show without opening anything, an off lamp
// is an outlined tile rather than a radio-button circle, DTR and RTS
// toggle on a click, a pulse preset plays its sequence, and every change
// leaves a marker in the Lines view and on the plot at its time. Before, the modem lamps
// were only in the collapsed settings panel, drawn as circles.
func TestSignalStripIsAlwaysVisible(t *testing.T) {
	srv, _ := startServer(t, "", hub.Config{Name: "dev", Device: "sim://"})
	p := newPage(t)
	p.open(srv.URL)
	p.do("record the activity lamps", chromedp.Evaluate[chromedp.Void](lampsJS))
	for _, s := range []string{"[data-id=sigTx]", "[data-id=sigRx]", ".dtr", ".rts", ".led[data-line=cts]", ".led[data-line=dsr]", ".led[data-line=dcd]", ".led[data-line=ri]", ".pulse-button"} {
		p.waitFor(s+" in sight with the panel closed", `(s, panel) => document.querySelector(s).checkVisibility() && !document.querySelector(panel).checkVisibility()`, p.sel(s), p.sel(".panel"))
	}
	p.waitFor("CTS lit (the simulator's CTS follows RTS)", `(s) => document.querySelector(s).dataset.on === 'true'`, p.sel(".led[data-line=cts]"))
	shape := eval[string](p, fmt.Sprintf(`(() => { const e = document.querySelector(%q); const b = getComputedStyle(e, '::before'); return b.content + ' ' + getComputedStyle(e).borderRadius; })()`, p.sel(".led[data-line=dcd]")))
	if !strings.HasPrefix(shape, "none ") || strings.HasSuffix(shape, "50%") {
		t.Errorf("an off lamp is drawn as %q (::before content, border radius): want a tile, no circle", shape)
	}

	// Activity: what is sent lights TX, what comes back lights RX.
	p.do("send a line", chromedp.SendKeys(chromedp.CSS(p.sel(".send-input")), "help"+kb.Enter))
	p.waitFor("TX and RX lit", `() => window.__lamps.includes('tx:true') && window.__lamps.includes('rx:true')`)

	// RTS off on a click: the lamps follow, markers tell it in Lines.
	p.view("lines")
	p.choose(p.sel(".ts-mode"), "time")
	p.do("click RTS", chromedp.Click(chromedp.CSS(p.sel(".rts"))))
	p.waitFor("RTS and CTS off", `(rts, cts) => document.querySelector(rts).getAttribute('aria-pressed') === 'false' && document.querySelector(cts).dataset.on === 'false'`, p.sel(".rts"), p.sel(".led[data-line=cts]"))
	p.waitFor("markers of RTS and CTS", `(s) => { const t = [...document.querySelectorAll(s)].map((e) => e.textContent).join(' '); return t.includes('RTS off') && t.includes('CTS off'); }`, p.sel(".lines-out .line.signal"))

	// The Arduino reset: DTR off for 100 ms, then on again, told twice.
	p.choose(p.sel(".pulse-select"), "arduino")
	p.do("pulse", chromedp.Click(chromedp.CSS(p.sel(".pulse-button"))))
	p.waitFor("the pulse done", `(s) => document.querySelector(s).textContent.includes('done')`, p.sel(".pulse-note"))
	p.waitFor("DTR on again", `(s) => document.querySelector(s).getAttribute('aria-pressed') === 'true'`, p.sel(".dtr"))
	dtrMarks := fmt.Sprintf(`[...document.querySelectorAll(%q)].filter((e) => /DTR/.test(e.textContent))`, p.sel(".lines-out .line.signal"))
	p.waitFor("two DTR markers", `() => `+dtrMarks+`.length >= 2`)
	marks := eval[[]string](p, dtrMarks+`.map((e) => e.dataset.ts + ' ' + e.textContent)`)
	if len(marks) != 2 || !strings.Contains(marks[0], "DTR off") || !strings.Contains(marks[1], "DTR on") {
		t.Fatalf("DTR markers %q, want DTR off then DTR on", marks)
	}
	at := func(m string) time.Time {
		tm, err := time.Parse("15:04:05.000", strings.Fields(m)[0])
		if err != nil {
			t.Fatalf("marker %q: %v", m, err)
		}
		return tm
	}
	if held := at(marks[1]).Sub(at(marks[0])); held < 90*time.Millisecond {
		t.Fatalf("DTR was off for %v by the markers, want about 100 ms", held)
	}

	// The plot (the simulator's telemetry) marks the same changes at their time.
	p.view("plot")
	p.waitFor("the changes marked on the plot", `(s) => { const e = (document.querySelector(s).dataset.events || '').split('|'); return e.some((x) => x.includes('RTS off')) && e.some((x) => x.includes('DTR off')) && e.some((x) => x.includes('DTR on')); }`, p.sel(".plot-host"))
}

// contrastJS lists what on the page falls short of WCAG AA: text below
// 4.5:1 (3:1 when large) against what is behind it, and controls whose
// edge (border or fill) is below 3:1 against their surroundings. Colours
// are as computed, with opacity applied; hidden elements and inactive
// (disabled) controls, which WCAG exempts, are skipped.
const contrastJS = `(() => {
	const parse = (c) => { const m = c.match(/rgba?\(([^)]+)\)/); if (!m) return null; const v = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number); return { r: v[0], g: v[1], b: v[2], a: v.length > 3 ? v[3] : 1 }; };
	const over = (top, under) => ({ r: top.r * top.a + under.r * (1 - top.a), g: top.g * top.a + under.g * (1 - top.a), b: top.b * top.a + under.b * (1 - top.a), a: 1 });
	const lum = (c) => { const f = (x) => { x /= 255; return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; }; return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
	const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
	const bgOf = (el) => {
		const chain = [];
		for (let e = el; e; e = e.parentElement) chain.push(parse(getComputedStyle(e).backgroundColor) || { r: 0, g: 0, b: 0, a: 0 });
		let c = { r: 255, g: 255, b: 255, a: 1 };
		for (let i = chain.length - 1; i >= 0; i--) if (chain[i].a > 0) c = over(chain[i], c);
		return c;
	};
	const opacity = (el) => { let o = 1; for (let e = el; e; e = e.parentElement) o *= Number(getComputedStyle(e).opacity); return o; };
	const bad = [];
	const name = (el) => el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '') + (el.dataset.id ? '[' + el.dataset.id + ']' : '');
	for (const el of document.querySelectorAll('body *')) {
		if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true }) || el.closest('.xterm-helpers, .visually-hidden, dialog:not([open])')) continue;
		const r = el.getBoundingClientRect();
		if (r.width < 1 || r.height < 1) continue;
		const cs = getComputedStyle(el);
		const bg = bgOf(el);
		// WCAG sets no contrast for an inactive control's text.
		const inactive = el.matches(':disabled') || !!el.closest('button:disabled, fieldset:disabled, select:disabled');
		const own = !inactive && [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
		if (own) {
			const fg0 = parse(cs.color);
			const fg = over({ ...fg0, a: fg0.a * opacity(el) }, bg);
			const size = parseFloat(cs.fontSize), bold = Number(cs.fontWeight) >= 700;
			const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
			const got = ratio(fg, bg);
			if (got < need) bad.push(name(el) + ' text ' + JSON.stringify(el.textContent.trim().slice(0, 24)) + ': ' + got.toFixed(2) + ':1');
		}
		if (el.matches('button, input:not([type=checkbox]):not([type=radio]), select') && !el.disabled) {
			const around = el.parentElement ? bgOf(el.parentElement) : bg;
			// A control drawn by a border or a fill needs it at 3:1; one
			// drawn by its text alone (a bare ×) is judged by its text.
			const border = parse(cs.borderTopColor);
			const hasBorder = border && border.a > 0 && parseFloat(cs.borderTopWidth) > 0;
			const hasFill = ratio(bg, around) > 1.01;
			if (hasBorder || hasFill) {
				const edge = Math.max(hasBorder ? ratio(over(border, around), around) : 1, ratio(bg, around));
				if (edge < 3) bad.push(name(el) + ' edge: ' + edge.toFixed(2) + ':1');
			}
		}
	}
	return [...new Set(bad)];
})()`

// Text and controls meet WCAG AA in both themes (item 14): 4.5:1 for
// text, 3:1 for controls' edges, across the header, the signal strip, the
// port panel, every view and the send bar, local echo included. Before,
// local echo was 2.05:1 on white and the dark theme's Send and Apply
// 3.75:1.
func TestContrastMeetsWCAGAA(t *testing.T) {
	dev := newDevice(t)
	srv, _ := startServer(t, "", hub.Config{Name: "dev", Device: dev.pty.Path})
	for _, theme := range []string{"light", "dark"} {
		t.Run(theme, func(t *testing.T) {
			p := newPage(t)
			p.open(srv.URL)
			p.choose("#theme-select", theme)
			p.check(p.sel(".echo"), true)
			p.do("send with local echo", chromedp.SendKeys(chromedp.CSS(p.sel(".send-input")), "echoed"+kb.Enter))
			dev.expect("echoed\n")
			dev.write("device line\ntemp:21.5,hum:40\ntemp:21.6,hum:41\n") // numbers: the plot has series and a legend
			check := func(where string) {
				t.Helper()
				if bad := eval[[]string](p, contrastJS); len(bad) > 0 {
					t.Errorf("%s theme, %s: below WCAG AA:\n%s", theme, where, strings.Join(bad, "\n"))
				}
			}
			p.waitTerm("device line")
			for _, view := range []string{"terminal", "lines", "hex", "plot"} {
				p.view(view)
				check(view + " view")
			}
			p.do("open the port settings", chromedp.Click(chromedp.CSS(p.sel(".panel-toggle"))))
			check("port settings")
			p.do("close the port settings", chromedp.Click(chromedp.CSS(p.sel(".panel-toggle"))))
			p.do("open the macro editor", chromedp.Click(chromedp.CSS(p.sel(".macro-edit"))))
			check("macro editor")
			p.do("close the editor", chromedp.Click(chromedp.ID("macro-close")))
		})
	}
}

// On a phone (390x844) the page fits the screen and the data has the room
// (items 8 and 9): nothing is wider than the screen in any view, even with
// a long device name; the hex ASCII column can be reached; one pane shows
// at a time even when side by side was chosen; the port settings are a
// sheet over the data, which keeps its height; and the bars leave the data
// at least half of the screen. Before, the port information was 415-438 px
// wide at 390, the ASCII column was cut off, side by side left each view
// 13 px, the settings left the terminal 8 px, and bars took 70 %.
func TestPhoneGivesTheDataTheRoom(t *testing.T) {
	const width, height = 390, 844
	dev, other := newDevice(t), newDevice(t)
	srv, _ := startServer(t, "",
		hub.Config{Name: "dev", Device: dev.pty.Path, Description: "FTDI FT232R USB UART /dev/serial/by-id/usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0"},
		hub.Config{Name: "other", Device: other.pty.Path})
	p := newPageSize(t, width, height)
	p.open(srv.URL + "/#port=dev&open=other,dev")
	if w := eval[int](p, `window.innerWidth`); w != width {
		t.Fatalf("the page is laid out %d px wide on a %d px screen: it is wider than the screen, so the phone zoomed out", w, width)
	}
	dev.write("0123456789abcdef0123456789abcdef\n")
	p.waitTerm("0123456789abcdef")
	// The height of the shown view's data area.
	dataHeight := func(view string) float64 {
		sel := map[string]string{"terminal": ".term-host", "lines": ".view-lines .scroller", "hex": ".view-hex .scroller", "plot": ".plot-host"}[view]
		return eval[float64](p, fmt.Sprintf(`document.querySelector(%q).getBoundingClientRect().height`, p.sel(sel)))
	}
	for _, view := range []string{"terminal", "lines", "hex", "plot"} {
		p.view(view)
		if w := eval[int](p, `document.documentElement.scrollWidth - window.innerWidth`); w > 0 {
			t.Errorf("%s view: the page is %d px wider than the screen", view, w)
		}
		// The page's bars (top bar, pane header, signal strip, view tabs,
		// send bar) leave the view at least half of the screen.
		if h := eval[float64](p, fmt.Sprintf(`document.querySelector(%q).getBoundingClientRect().height`, p.sel(".views"))); h < height/2 {
			t.Errorf("%s view: the view has %.0f px of %d: the bars take more than half", view, h, height)
		}
	}

	// Hex: the ASCII column is on the screen, or its row scrolls to it.
	p.view("hex")
	p.waitFor("a hex row", `(s) => document.querySelector(s) !== null`, p.sel(".hexrow.rx .ascii"))
	// (Rows render a frame after they come into view: content-visibility.)
	p.waitFor("the ASCII column on the screen or reachable by scrolling", `(s) => {
		const a = document.querySelector(s), out = a.closest('.hex-out');
		if (a.getBoundingClientRect().right <= window.innerWidth) return true;
		const o = getComputedStyle(out).overflowX;
		return out.scrollWidth > out.clientWidth && (o === 'auto' || o === 'scroll') && a.getBoundingClientRect().right <= out.getBoundingClientRect().left + out.scrollWidth;
	}`, p.sel(".hexrow.rx .ascii"))

	// Side by side chosen (on a wider screen, say): still one pane.
	p.choose("#layout-select", "split")
	if n := eval[int](p, `[...document.querySelectorAll('.pane')].filter((e) => e.checkVisibility()).length`); n != 1 {
		t.Errorf("%d panes shown on a phone with side by side chosen, want 1", n)
	}

	// The settings sheet lies over the data, which keeps its height.
	p.view("terminal")
	before := dataHeight("terminal")
	p.do("open the port settings", chromedp.Click(chromedp.CSS(p.sel(".panel-toggle"))))
	p.waitFor("the settings shown", `(s) => document.querySelector(s).checkVisibility()`, p.sel(".apply-settings"))
	if after := dataHeight("terminal"); after < before-1 {
		t.Errorf("with the settings open the terminal has %.0f px, %.0f before", after, before)
	}
	if w := eval[int](p, `document.documentElement.scrollWidth - window.innerWidth`); w > 0 {
		t.Errorf("with the settings open the page is %d px wider than the screen", w)
	}
	p.do("close them", chromedp.Click(chromedp.CSS(p.sel(".panel-close"))))
	p.waitFor("the settings closed", `(s) => !document.querySelector(s).checkVisibility()`, p.sel(".apply-settings"))
}

// Screenshots of every view, light and dark, on a desktop (1440x900) and a
// phone (390x844), against the simulator printing telemetry, written to
// $SERIALHUB_ARTIFACTS (scripts/test: ./artifacts) as
// console-{desktop,phone}-{light,dark}-{view}.png. web/README.md shows
// four of them. Each is also checked: the view has data and nothing is
// wider than the screen.
func TestScreenshotsOfEveryView(t *testing.T) {
	srv, _ := startServer(t, "", hub.Config{Name: "sim", Device: "sim://"})
	for _, size := range []struct {
		name          string
		width, height int
	}{{"desktop", 1440, 900}, {"phone", 390, 844}} {
		for _, theme := range []string{"light", "dark"} {
			t.Run(size.name+"-"+theme, func(t *testing.T) {
				p := newPageSize(t, size.width, size.height)
				p.port = "sim"
				p.open(srv.URL)
				p.choose("#theme-select", theme)
				p.do("ask for telemetry", chromedp.SendKeys(chromedp.CSS(p.sel(".send-input")), "rate 10"+kb.Enter))
				p.check(p.sel(".echo"), true)
				p.do("ask for help", chromedp.SendKeys(chromedp.CSS(p.sel(".send-input")), "help"+kb.Enter))
				for _, view := range []string{"terminal", "lines", "hex", "plot"} {
					p.view(view)
					switch view {
					case "terminal":
						p.waitTerm("commands:")
					case "lines":
						p.waitFor("telemetry lines", `(s) => document.querySelectorAll(s).length >= 10`, p.sel(".lines-out .line"))
					case "hex":
						p.waitFor("hex rows", `(s) => document.querySelectorAll(s).length >= 10`, p.sel(".hexrow"))
					case "plot":
						p.waitFor("points", `(s) => Number(document.querySelector(s).dataset.points) >= 20`, p.sel(".plot-host"))
					}
					if w := eval[int](p, `document.documentElement.scrollWidth - window.innerWidth`); w > 0 {
						t.Errorf("%s view: the page is %d px wider than the screen", view, w)
					}
					p.screenshot(fmt.Sprintf("console-%s-%s-%s.png", size.name, theme, view))
				}
			})
		}
	}
}

// Binary from the device (every byte value, DEL included) is shown, and
// logs no error in DevTools (item 15: a healthy page has none): newPage
// fails the test on any console error. Before, a 0x7f made xterm.js log
// "Parsing error".
func TestBinaryLogsNoError(t *testing.T) {
	dev := newDevice(t)
	srv, _ := startServer(t, "", hub.Config{Name: "dev", Device: dev.pty.Path})
	p := newPage(t)
	p.open(srv.URL)
	p.view("terminal")
	all := make([]byte, 0, 512)
	for i := range 256 {
		all = append(all, byte(i))
	}
	all = append(all, "\x1b[0m\r\nafter the binary\r\n"...)
	dev.write(string(all))
	p.waitTerm("after the binary")
	p.view("lines")
	p.waitLine("after the binary")
}
