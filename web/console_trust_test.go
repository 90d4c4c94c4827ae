//go:build linux

package web_test

// Browser tests of issue 12: a console a hardware developer can trust.

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	serialdevice "github.com/serialhub/serialhub/internal/device"
	"github.com/serialhub/serialhub/internal/hub"
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
