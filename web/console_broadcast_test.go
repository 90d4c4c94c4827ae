//go:build linux

package web_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/serialhub/serialhub/internal/auth"
	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/serialtest"
	"github.com/serialhub/serialhub/internal/server"
)

// broadcastFrom ticks "To all N shown ports" in port's pane and sends text
// from its send box with Enter.
func (p *page) broadcastFrom(port, text string) {
	p.t.Helper()
	p.port = port
	p.check(p.sel(".broadcast"), true)
	p.do("broadcast "+text, chromedp.SendKeys(chromedp.CSS(p.sel(".send-input")), text+"\r"))
}

// waitNotice waits for a notice in port's pane that contains want.
func (p *page) waitNotice(port, want string) {
	p.t.Helper()
	p.waitFor(fmt.Sprintf("a notice %q in %s's pane", want, port),
		`(s, want) => [...document.querySelectorAll(s)].some((n) => n.textContent.includes(want))`,
		fmt.Sprintf(`.pane[data-port=%q] .notice`, port), want)
}

// waitBroadcastStatus waits until the sending pane's summary is want.
func (p *page) waitBroadcastStatus(port, want string) {
	p.t.Helper()
	p.waitFor(fmt.Sprintf("%s's broadcast summary %q", port, want),
		`(s, want) => document.querySelector(s).textContent === want`,
		fmt.Sprintf(`.pane[data-port=%q] .broadcast-status`, port), want)
}

// TestBroadcastToPortsShownSideBySide: with two ports side by side, the
// send box offers "To all 2 shown ports" (not in tabs, off by default);
// one Send reaches both devices by the port's Enter rule, both panes say
// so and the sender sums it up. While a watcher holds b's write lock, a
// broadcast reaches a, b's pane says why not, and b's device gets nothing.
func TestBroadcastToPortsShownSideBySide(t *testing.T) {
	a, b := newDevice(t), newDevice(t)
	srv, w := startServer(t, "",
		hub.Config{Name: "a", Device: a.pty.Path},
		hub.Config{Name: "b", Device: b.pty.Path, Exclusive: true})
	p := newPage(t)
	p.port = "a"
	p.open(srv.URL)
	if shown := eval[bool](p, fmt.Sprintf(`document.querySelector(%q).checkVisibility()`, p.sel(".broadcast-box"))); shown {
		t.Fatal("broadcast offered with one pane")
	}
	p.choose("#open-select", "b")
	p.port = "b"
	p.waitState("connected", "open")
	if shown := eval[bool](p, fmt.Sprintf(`document.querySelector(%q).checkVisibility()`, p.sel(".broadcast-box"))); shown {
		t.Fatal("broadcast offered in tabs, where only one pane is shown")
	}
	p.choose("#layout-select", "split")
	p.port = "a"
	p.waitState("connected", "open")
	for _, port := range []string{"a", "b"} {
		p.port = port
		p.waitFor(port+" offers broadcast", `(s) => { const e = document.querySelector(s); return e.checkVisibility() && e.textContent.includes('To all 2 shown ports'); }`, p.sel(".broadcast-box"))
		if on := eval[bool](p, fmt.Sprintf(`document.querySelector(%q).checked`, p.sel(".broadcast"))); on {
			t.Fatalf("%s: broadcast on by default", port)
		}
	}
	// b's Enter rule is its own; the broadcast uses the sending pane's.
	p.port = "a"
	p.choose(p.sel(".line-ending"), "crlf")

	p.broadcastFrom("a", "hello")
	if label := eval[string](p, fmt.Sprintf(`document.querySelector(%q).textContent`, p.sel(".send-button"))); label != "Send to 2 ports" {
		t.Fatalf("the send button says %q with broadcast on, want %q", label, "Send to 2 ports")
	}
	a.expect("hello\r\n")
	b.expect("hello\r\n")
	p.waitNotice("a", "a: broadcast: 7 bytes sent")
	p.waitNotice("b", "b: broadcast from a's send box: 7 bytes sent")
	p.waitBroadcastStatus("a", "Broadcast: sent to 2 of 2 ports")
	p.screenshot("console-broadcast.png")

	// The watcher takes b's write lock: b's pane cannot send, a's can and
	// broadcasts; b's failure is said in b's pane and in a's summary.
	if err := w[1].Control(w[1].ctx, `{"type":"lock","id":1}`); err != nil {
		t.Fatal(err)
	}
	p.waitFor("b's lock held by another", `(s) => document.querySelector(s).dataset.state === 'other'`, `.pane[data-port="b"] .lock-box`)
	p.broadcastFrom("a", "again")
	a.expect("again\r\n")
	p.waitNotice("b", "b: broadcast from a's send box: not sent (locked): port b: another client holds the port's write lock")
	p.waitBroadcastStatus("a", "Broadcast: sent to 1 of 2 ports; not sent to b (locked)")
	if n := eval[int](p, `document.querySelectorAll('.pane[data-port="b"] .notice.error').length`); n != 1 {
		t.Fatalf("b's pane shows %d error notices, want 1 (the broadcast's)", n)
	}

	// Released: the next broadcast is the first thing b's device gets
	// since hello, so "again" never reached it.
	if err := w[1].Control(w[1].ctx, `{"type":"unlock","id":2}`); err != nil {
		t.Fatal(err)
	}
	p.waitFor("b's lock free", `(s) => document.querySelector(s).dataset.state === 'free'`, `.pane[data-port="b"] .lock-box`)
	p.broadcastFrom("a", "third")
	a.expect("third\r\n")
	b.expect("third\r\n")
	p.waitBroadcastStatus("a", "Broadcast: sent to 2 of 2 ports")

	// Untick it: Send is this port's again.
	p.check(p.sel(".broadcast"), false)
	p.do("send alone", chromedp.SendKeys(chromedp.CSS(p.sel(".send-input")), "alone\r"))
	a.expect("alone\r\n")
	p.broadcastFrom("a", "last")
	a.expect("last\r\n")
	b.expect("last\r\n") // and not "alone"
}

// TestBroadcastNamesAViewOnlyPortAsForbidden: a user who controls a and
// may only view b broadcasts from a's pane: a's device gets the bytes, b's
// pane says the server refused them for b as forbidden (view-only), and
// the summary names b.
func TestBroadcastNamesAViewOnlyPortAsForbidden(t *testing.T) {
	const (
		ctlToken  = "shub_broadcast-control-token"
		daveToken = "shub_broadcast-dave-token"
	)
	users, err := auth.New(auth.Config{Users: []auth.User{
		{Name: "ctl", TokenHashes: []string{auth.HashToken(ctlToken)}, Roles: map[string]auth.Role{"*": auth.RoleControl}},
		{Name: "dave", TokenHashes: []string{auth.HashToken(daveToken)}, Roles: map[string]auth.Role{"a": auth.RoleControl, "b": auth.RoleView}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	a, b := newDevice(t), newDevice(t)
	srv, _ := startServerAs(t, serialtest.Options{
		Ports:  []hub.Config{{Name: "a", Device: a.pty.Path}, {Name: "b", Device: b.pty.Path}},
		Server: server.Config{Auth: users},
	}, http.Header{"Authorization": {"Bearer " + ctlToken}})
	p := newPage(t)
	p.do("open the console", chromedp.Navigate(srv.URL+"/#port=a&open=a,b"))
	p.waitFor("the login form", `() => document.getElementById('login-dialog').open`)
	p.setValue("#login-token", daveToken)
	p.do("log in", chromedp.Click(chromedp.ID("login-submit")))
	p.choose("#layout-select", "split")
	for _, port := range []string{"a", "b"} {
		p.port = port
		p.waitState("connected", "open")
	}
	p.port = "b"
	p.waitFor("b view-only", `(s) => document.querySelector(s).disabled`, p.sel(".send-input"))

	p.broadcastFrom("a", "hi all")
	a.expect("hi all\n")
	p.waitNotice("a", "a: broadcast: 7 bytes sent")
	p.waitNotice("b", "b: broadcast from a's send box: not sent (forbidden): your role for port b is view: it cannot write")
	p.waitBroadcastStatus("a", "Broadcast: sent to 1 of 2 ports; not sent to b (forbidden)")
}
