//go:build linux

package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/serialhub/serialhub/internal/auth"
	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/serialtest"
	"github.com/serialhub/serialhub/internal/server"
)

// reserve takes a lease from the pane's lease box: Reserve…, a time, a
// note, wait in the queue or not, and Reserve.
func (p *page) reserve(ttl, note string, wait bool) {
	p.t.Helper()
	p.do("click Reserve…", chromedp.Click(chromedp.CSS(p.sel(".lease-reserve"))))
	p.choose(p.sel(".lease-ttl"), ttl)
	p.setValue(p.sel(".lease-note"), note)
	p.check(p.sel(".lease-wait"), wait)
	p.do("click Reserve", chromedp.Click(chromedp.CSS(p.sel(".lease-take"))))
}

// waitLease waits until the pane's lease box is in state (free, mine,
// other, waiting).
func (p *page) waitLease(state string) {
	p.t.Helper()
	p.waitFor("lease box "+state, `(s, want) => document.querySelector(s).dataset.state === want`, p.sel(".lease-box"), state)
}

// leaseText is what the pane's lease box says.
func (p *page) leaseText(css string) string {
	p.t.Helper()
	return eval[string](p, fmt.Sprintf(`document.querySelector(%q).textContent`, p.sel(css)))
}

// sendDisabled is the send box's tooltip when it is disabled, else "".
func (p *page) sendDisabled() string {
	p.t.Helper()
	return eval[string](p, fmt.Sprintf(`(() => { const e = document.querySelector(%q); return e.disabled ? e.title || '(no tooltip)' : ''; })()`, p.sel(".send-input")))
}

// sendLine types text and Enter in the send box.
func (p *page) sendLine(text string) {
	p.t.Helper()
	p.do("send "+text, chromedp.SendKeys(chromedp.CSS(p.sel(".send-input")), text+"\r"))
}

// TestLeaseBetweenTwoBrowsers: browser A reserves dev with a note; browser
// B sees the holder, the note, until when and the time left, and cannot
// send (its tooltip says who, until when and why). A reloads and still
// holds the port: its bytes reach the device. B queues; A sees B in the
// queue and B its place. A releases: B holds the port and sends; A is
// read-only now. Both browsers are "a browser at 127.0.0.1" to the server:
// the pane knows it holds the lease by the lease's id, not by the name.
func TestLeaseBetweenTwoBrowsers(t *testing.T) {
	dev := newDevice(t)
	srv, _ := startServer(t, "", hub.Config{Name: "dev", Device: dev.pty.Path})
	a, b := newPage(t), newPage(t)
	a.open(srv.URL)
	b.open(srv.URL)
	a.waitLease("free")
	b.waitLease("free")

	a.reserve("10m", "flash test", false)
	a.waitLease("mine")
	b.waitLease("other")
	const holder = "a browser at 127.0.0.1"
	if got := b.leaseText(".lease-state"); !strings.HasPrefix(got, "Reserved by "+holder+" “flash test” until ") {
		t.Fatalf("B's lease box says %q", got)
	}
	if got := b.leaseText(".lease-left"); got != "· 9 min left" && got != "· 10 min left" {
		t.Fatalf("B's time left %q", got)
	}
	why := b.sendDisabled()
	if !strings.HasPrefix(why, "A browser at 127.0.0.1 holds a lease on dev until ") || !strings.Contains(why, "(flash test)") {
		t.Fatalf("B's send box: %q, want disabled with a tooltip naming holder, end and note", why)
	}
	if why := a.sendDisabled(); why != "" {
		t.Fatalf("A's send box disabled: %q", why)
	}
	a.sendLine("a1")
	dev.expect("a1\n")

	// A reloads within the lease's time: it holds the port again.
	a.do("reload A", chromedp.Reload())
	a.waitState("connected", "open")
	a.waitLease("mine")
	a.sendLine("a2")
	dev.expect("a2\n")
	a.do("A renews", chromedp.Click(chromedp.CSS(a.sel(".lease-renew"))))
	a.waitNotice("dev", "dev: lease renewed for 10m")

	// B waits in the queue and leaves it: no error, A's queue is empty.
	b.reserve("5m", "changed my mind", true)
	b.waitLease("waiting")
	a.waitFor("B in A's queue", `(s) => document.querySelector(s).textContent.includes('changed my mind')`, a.sel(".lease-queue"))
	b.do("B leaves the queue", chromedp.Click(chromedp.CSS(b.sel(".lease-leave"))))
	b.waitLease("other")
	b.waitNotice("dev", "dev: Left the queue")
	a.waitFor("A's queue empty", `(s) => document.querySelector(s).hidden && document.querySelector(s).textContent === ''`, a.sel(".lease-queue"))
	if n := eval[int](b, `document.querySelectorAll('.notice.error').length`); n != 0 {
		t.Fatalf("B shows %d error notices after leaving the queue", n)
	}

	// B waits in the queue; A sees it there.
	b.reserve("5m", "next run", true)
	b.waitLease("waiting")
	b.waitFor("B's place", `(s) => document.querySelector(s).textContent === 'You are next in the queue'`, b.sel(".lease-place"))
	a.waitFor("B in A's queue", `(s, want) => document.querySelector(s).textContent === want`, a.sel(".lease-queue"), "1. "+holder+" “next run”")
	if hidden := eval[bool](b, fmt.Sprintf(`document.querySelector(%q).hidden`, b.sel(".lease-leave"))); hidden {
		t.Fatal("B waits without Leave queue")
	}

	// A releases: B holds the port and sends; A may not.
	a.do("A releases", chromedp.Click(chromedp.CSS(a.sel(".lease-release"))))
	b.waitLease("mine")
	a.waitLease("other")
	b.waitFor("B may send", `(s) => !document.querySelector(s).disabled`, b.sel(".send-input"))
	b.sendLine("b1")
	dev.expect("b1\n")
	if why := a.sendDisabled(); !strings.Contains(why, "(next run)") {
		t.Fatalf("A's send box after the release: %q", why)
	}
	a.screenshot("console-lease.png")
}

// TestAdminBreaksALease: with users, ctl reserves dev; vic (view) sees the
// lease and is offered no control; root (admin) sees Break lease,
// confirms, and ctl's pane is told it was broken by root and is no longer
// the holder; ctl (control) is offered no Break.
func TestAdminBreaksALease(t *testing.T) {
	const (
		ctlToken  = "shub_lease-control-token"
		rootToken = "shub_lease-admin-token"
		vicToken  = "shub_lease-view-token"
	)
	users, err := auth.New(auth.Config{Users: []auth.User{
		{Name: "ctl", TokenHashes: []string{auth.HashToken(ctlToken)}, Roles: map[string]auth.Role{"*": auth.RoleControl}},
		{Name: "root", TokenHashes: []string{auth.HashToken(rootToken)}, Roles: map[string]auth.Role{"*": auth.RoleAdmin}},
		{Name: "vic", TokenHashes: []string{auth.HashToken(vicToken)}, Roles: map[string]auth.Role{"*": auth.RoleView}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	dev := newDevice(t)
	srv, _ := startServerAs(t, serialtest.Options{
		Ports:  []hub.Config{{Name: "dev", Device: dev.pty.Path}},
		Server: server.Config{Auth: users},
	}, http.Header{"Authorization": {"Bearer " + ctlToken}})
	login := func(p *page, token string) {
		t.Helper()
		p.do("open the console", chromedp.Navigate(srv.URL))
		p.waitFor("the login form", `() => document.getElementById('login-dialog').open`)
		p.setValue("#login-token", token)
		p.do("log in", chromedp.Click(chromedp.ID("login-submit")))
		p.waitState("connected", "open")
	}
	ctl, root, vic := newPage(t), newPage(t), newPage(t)
	login(ctl, ctlToken)
	login(root, rootToken)
	login(vic, vicToken)
	// A viewer sees no lease box on a free port (nothing to do there).
	vic.waitFor("vic's pane", `(s) => document.querySelector(s).hidden`, vic.sel(".lease-box"))

	ctl.reserve("1h", "bring-up", false)
	ctl.waitLease("mine")
	root.waitLease("other")
	if got := root.leaseText(".lease-state"); !strings.HasPrefix(got, "Reserved by ctl “bring-up” until ") {
		t.Fatalf("root's lease box says %q", got)
	}
	// The viewer sees the lease and is offered nothing.
	vic.waitLease("other")
	if got := vic.leaseText(".lease-state"); !strings.HasPrefix(got, "Reserved by ctl “bring-up” until ") {
		t.Fatalf("vic's lease box says %q", got)
	}
	if shown := eval[[]string](vic, fmt.Sprintf(`['.lease-reserve', '.lease-renew', '.lease-release', '.lease-leave', '.lease-break'].filter((c) => !document.querySelector(%q + ' ' + c).hidden)`, `.pane[data-port="dev"]`)); len(shown) != 0 {
		t.Fatalf("a viewer is offered %v", shown)
	}
	root.waitFor("Break lease offered", `(s) => !document.querySelector(s).hidden`, root.sel(".lease-break"))
	root.do("break", chromedp.Click(chromedp.CSS(root.sel(".lease-break"))))
	root.waitFor("the confirmation", `() => document.getElementById('confirm-dialog').open && document.getElementById('confirm-text').textContent.includes('held by ctl')`)
	root.do("confirm", chromedp.Click(chromedp.ID("confirm-ok")))
	ctl.waitNotice("dev", "dev: your lease was broken by root")
	ctl.waitLease("free")
	root.waitLease("free")
	if got := eval[string](ctl, `sessionStorage.getItem('serialhub.lease.dev') || ''`); got != "" {
		t.Fatalf("ctl still keeps the broken lease's id %q", got)
	}
	// root may now send; ctl reserves again and sees no Break (control).
	root.sendLine("r1")
	dev.expect("r1\n")
	root.reserve("1m", "", false)
	ctl.waitLease("other")
	if hidden := eval[bool](ctl, fmt.Sprintf(`document.querySelector(%q).hidden`, ctl.sel(".lease-break"))); !hidden {
		t.Fatal("ctl (control) is offered Break lease")
	}
}
