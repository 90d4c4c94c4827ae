//go:build linux

package web_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/nats-io/nats.go"

	"github.com/serialhub/serialhub/internal/auth"
	"github.com/serialhub/serialhub/internal/fleet"
	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/serialtest"
	"github.com/serialhub/serialhub/internal/server"
)

// The console at a fleet central (issue 13): the directory of gateways and
// their ports, and a gateway's port opened like a local one. The central
// is real: its embedded NATS server, gateway agents in this process on
// ptys and simulators, and the central's serialhub server with its
// directory of the fleet.

// fleetCentral is a central and its gateways, for one test.
type fleetCentral struct {
	t        *testing.T
	ctx      context.Context
	srv      *serialtest.Server              // the central's serialhub: console, API, WebSockets
	connect  func(gateway string) *nats.Conn // a new NATS connection to the central (as gateway, or "" as the central), closed when the test ends
	gateways map[string]*fleetGateway        // by name
	devices  map[string]*device              // the gateways' pty devices, by GATEWAY/PORT
	changed  chan struct{}                   // capacity 1: the central's directory changed
	quiet    *slog.Logger                    // logs nowhere
}

// fleetGateway is a gateway: its configuration (Conn left out) and its
// agent while it runs.
type fleetGateway struct {
	cfg fleet.GatewayConfig
	gw  *fleet.Gateway
}

// startFleetCentral starts a central (the embedded NATS server and a
// serialhub server, as opts say, whose hub the fleet directory fills: the
// central's own ports are opts.Ports, none usually) with three gateways:
//
//	pi-01  room=lab2 rack=3  dut (a pty), gps (sim://)
//	pi-02  room=lab3         dut (a pty), board.1 (sim://)
//	bench  (no tags)         uart (sim://)
//
// It returns once the central has every port, open. How the central and
// the gateways connect to NATS is all here (the connect func).
func startFleetCentral(t *testing.T, opts serialtest.Options) *fleetCentral {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), testTimeout)
	t.Cleanup(cancel)
	quiet := slog.New(slog.DiscardHandler)
	store := t.TempDir()
	central, err := fleet.StartCentral(fleet.CentralConfig{Listen: "127.0.0.1:0", StoreDir: store})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(central.Close)
	creds := map[string]string{} // gateway → its credentials file
	f := &fleetCentral{
		t: t, ctx: ctx, quiet: quiet, changed: make(chan struct{}, 1),
		gateways: map[string]*fleetGateway{}, devices: map[string]*device{},
		// connect connects gateway to the central's NATS with its
		// credential, registered the first time; "" is the central.
		connect: func(gateway string) *nats.Conn {
			var nc *nats.Conn
			var err error
			if gateway == "" {
				nc, err = central.Connect()
			} else {
				if creds[gateway] == "" {
					b, err := fleet.AddGateway(store, gateway)
					if err != nil {
						t.Fatal(err)
					}
					creds[gateway] = filepath.Join(t.TempDir(), gateway+".creds")
					if err := os.WriteFile(creds[gateway], b, 0o600); err != nil {
						t.Fatal(err)
					}
				}
				var opts []nats.Option
				if opts, err = fleet.GatewayOptions(gateway, creds[gateway]); err == nil {
					nc, err = nats.Connect(central.URL(), opts...)
				}
			}
			if err != nil {
				t.Fatalf("connect to the central's NATS: %v", err)
			}
			t.Cleanup(nc.Close)
			return nc
		},
	}
	var names []string
	for _, pc := range opts.Ports {
		names = append(names, pc.Name)
	}
	names = append(names, f.addGateway("pi-01", map[string]string{"room": "lab2", "rack": "3"}, []string{"dut"}, []string{"gps"})...)
	names = append(names, f.addGateway("pi-02", map[string]string{"room": "lab3"}, []string{"dut"}, []string{"board.1"})...)
	names = append(names, f.addGateway("bench", nil, nil, []string{"uart"})...)

	srv, err := serialtest.StartServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	f.srv = srv
	dir, err := fleet.StartDirectory(ctx, fleet.DirectoryConfig{
		Conn: f.connect(""), Hub: srv.Hub, Port: hub.Config{Logger: quiet}, Logger: quiet,
		OnChange: func() {
			select {
			case f.changed <- struct{}{}:
			default:
			}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(dir.Close) // before the server's Close, which closes the hub

	for _, name := range names {
		f.waitOpen(name)
	}
	return f
}

// tags returns the tags of port's gateway (nil for a local port), for
// auth.Config.PortTags, as serialhub's serve wires it.
func (f *fleetCentral) tags(port string) map[string]string {
	if p, ok := f.srv.Hub.Port(port); ok {
		if o := p.Origin(); o != nil {
			return o.Tags
		}
	}
	return nil
}

// addGateway starts gateway name with ports on ptys and on simulators,
// and returns their names at the central (GATEWAY/PORT).
func (f *fleetCentral) addGateway(name string, tags map[string]string, ptys, sims []string) []string {
	f.t.Helper()
	cfg := fleet.GatewayConfig{Name: name, Tags: tags, Logger: f.quiet}
	var names []string
	open := func(port, device string) {
		p, err := hub.Open(hub.Config{Name: port, Device: device, Logger: f.quiet})
		if err != nil {
			f.t.Fatal(err)
		}
		f.t.Cleanup(func() { p.Close() })
		if _, err := serialtest.WaitPort(f.ctx, p, serialtest.StateIs(hub.StateOpen)); err != nil {
			f.t.Fatalf("gateway %s, port %s: %v", name, port, err)
		}
		cfg.Ports = append(cfg.Ports, p)
		names = append(names, name+"/"+port)
	}
	for _, port := range ptys {
		dev := newDevice(f.t)
		f.devices[name+"/"+port] = dev
		open(port, dev.pty.Path)
	}
	for _, port := range sims {
		open(port, "sim://")
	}
	f.gateways[name] = &fleetGateway{cfg: cfg}
	f.startGateway(name)
	return names
}

// startGateway starts gateway name's agent (again), with a connection of
// its own.
func (f *fleetCentral) startGateway(name string) {
	f.t.Helper()
	g := f.gateways[name]
	cfg := g.cfg
	cfg.Conn = f.connect(name)
	gw, err := fleet.StartGateway(f.ctx, cfg)
	if err != nil {
		f.t.Fatalf("start gateway %s: %v", name, err)
	}
	f.t.Cleanup(gw.Close)
	g.gw = gw
}

// stopGateway stops gateway name's agent as a clean leave does: its alive
// key goes at once, so the central takes it as offline.
func (f *fleetCentral) stopGateway(name string) {
	f.gateways[name].gw.Close()
}

// waitOpen waits until the central has port name, open.
func (f *fleetCentral) waitOpen(name string) {
	f.t.Helper()
	for {
		if p, ok := f.srv.Hub.Port(name); ok {
			if _, err := serialtest.WaitPort(f.ctx, p, serialtest.StateIs(hub.StateOpen)); err != nil {
				f.t.Fatalf("the central's port %s never opened: %v", name, err)
			}
			return
		}
		select {
		case <-f.changed:
		case <-f.ctx.Done():
			f.t.Fatalf("the central never listed %s", name)
		}
	}
}

// directoryJS evaluates to the directory as shown, one line per gateway
// shown: "GATEWAY STATE [TAGS]: PORT PORTSTATE, …" ("this server []: …"
// for the central's own ports).
const directoryJS = `[...document.querySelectorAll('#directory:not([hidden]) #dir-list .gw')].filter((g) => !g.hidden).map((g) =>
	[g.dataset.gateway || 'this server', g.querySelector('.gw-state').textContent.split(' · ')[0],
		'[' + [...g.querySelectorAll('.tag')].map((t) => t.textContent).join(' ') + ']:'].filter(Boolean).join(' ') + ' ' +
	[...g.querySelectorAll('.dir-port')].filter((r) => !r.hidden).map((r) => r.dataset.port + ' ' + r.dataset.portState).join(', ')).join('\n')`

// waitDirectory waits until the directory shows exactly want (directoryJS's
// lines).
func (p *page) waitDirectory(what, want string) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, waitTimeout)
	defer cancel()
	_, err := chromedp.Run(ctx, chromedp.PollFunction[chromedp.Void](`(want) => (`+directoryJS+`) === want`,
		chromedp.WithPollingArgs(want), chromedp.WithPollingTimeout(waitTimeout)))
	if err != nil {
		got, _ := chromedp.Run(p.ctx, chromedp.Evaluate[string](directoryJS))
		p.t.Fatalf("waiting for the directory to show %s: %v\nwant:\n%s\ngot:\n%s%s", what, err, want, got, p.describe())
	}
}

// dirCount is the directory's count line.
func (p *page) dirCount() string {
	p.t.Helper()
	return eval[string](p, `document.getElementById('dir-count').textContent`)
}

// openFromDirectory clicks port name in the directory and waits until its
// pane is connected to the open port; the page's helpers then act on it.
func (p *page) openFromDirectory(name string) {
	p.t.Helper()
	p.do("click "+name+" in the directory", chromedp.Click(chromedp.CSS(fmt.Sprintf(`#dir-list .dir-port[data-port=%q] .dir-open`, name))))
	p.port = name
	p.waitState("connected", "open")
}

// The directory lists every gateway, its tags and whether it is online,
// and its ports with their states, this server's own first; a central's
// page opens no port by itself. Search narrows it by name, by tag (typed,
// or a tag pressed) and by state, says a state it does not know, and
// Enter opens the one port found. The search is remembered, and the port
// opened is in the URL: a reload shows both again.
func TestFleetDirectoryListsAndSearches(t *testing.T) {
	f := startFleetCentral(t, serialtest.Options{Ports: []hub.Config{{Name: "local", Device: "loop://"}}})
	p := newPage(t)
	p.do("open the console", chromedp.Navigate(f.srv.URL))
	all := `
this server []: local open
bench online []: bench/uart open
pi-01 online [rack=3 room=lab2]: pi-01/dut open, pi-01/gps open
pi-02 online [room=lab3]: pi-02/dut open, pi-02/board.1 open`
	p.waitDirectory("every gateway and port", all[1:])
	if got := eval[string](p, `document.querySelector('.gw[data-gateway=""] .gw-name').textContent`); got != "This server" {
		t.Errorf("the central's own ports are under %q, want This server", got)
	}
	if got := p.dirCount(); got != "6 ports · 3 gateways" {
		t.Errorf("count %q, want 6 ports · 3 gateways", got)
	}
	if n := eval[int](p, `document.querySelectorAll('.pane').length`); n != 0 {
		t.Errorf("%d panes opened by themselves on a central, want none until one is chosen", n)
	}
	p.waitFor("the page saying to pick a port", `() => document.getElementById('page-status').textContent.includes('pick one in the directory')`)

	// By name: a gateway's or a port's.
	p.setValue("#dir-query", "dut")
	p.waitDirectory("the ports named dut", "pi-01 online [rack=3 room=lab2]: pi-01/dut open\npi-02 online [room=lab3]: pi-02/dut open")
	if got := p.dirCount(); got != "2 of 6 ports · 2 of 4 groups" {
		t.Errorf("count %q, want 2 of 6 ports · 2 of 4 groups", got)
	}
	p.setValue("#dir-query", "PI-02")
	p.waitDirectory("gateway pi-02", "pi-02 online [room=lab3]: pi-02/dut open, pi-02/board.1 open")

	// By tag, typed either way; a tag pressed adds itself to the search.
	for _, q := range []string{"room=lab2", "tag:room=lab2", "tag:rack"} {
		p.setValue("#dir-query", q)
		p.waitDirectory("the ports tagged "+q, "pi-01 online [rack=3 room=lab2]: pi-01/dut open, pi-01/gps open")
	}
	p.setValue("#dir-query", "")
	p.waitDirectory("everything again", all[1:])
	p.do("press the tag room=lab3", chromedp.Click(chromedp.CSS(`.gw[data-gateway="pi-02"] .tag[data-tag="room=lab3"]`)))
	p.waitDirectory("the ports tagged room=lab3", "pi-02 online [room=lab3]: pi-02/dut open, pi-02/board.1 open")
	if q := eval[string](p, `document.getElementById('dir-query').value`); q != "room=lab3" {
		t.Errorf("the search box holds %q after pressing the tag, want room=lab3", q)
	}

	// By state: chosen, or typed.
	p.setValue("#dir-query", "")
	p.choose("#dir-state", "offline")
	p.waitFor("no port offline, said so", `() => !document.getElementById('dir-empty').hidden && document.getElementById('dir-count').textContent === '0 of 6 ports · 0 of 4 groups'`)
	p.choose("#dir-state", "")
	p.setValue("#dir-query", "is:open bench")
	p.waitDirectory("the open ports of bench", "bench online []: bench/uart open")
	p.setValue("#dir-query", "is:sleeping")
	p.waitFor("the unknown state said", `() => { const e = document.getElementById('dir-error'); return !e.hidden && e.textContent.includes('"is:sleeping": no such state') && document.getElementById('dir-query').getAttribute('aria-invalid') === 'true'; }`)

	// Enter opens the one port found: a port whose name holds a dot, at
	// /ws/pi-02%2Fboard.1.
	p.setValue("#dir-query", "board")
	p.waitDirectory("board.1", "pi-02 online [room=lab3]: pi-02/board.1 open")
	p.do("press Enter in the search", chromedp.SendKeys(chromedp.ID("dir-query"), kb.Enter))
	p.port = "pi-02/board.1"
	p.waitState("connected", "open")
	p.waitFor("its row marked open here", `() => document.querySelector('.dir-port[data-port="pi-02/board.1"]').dataset.open === 'true'`)
	p.waitFor("the simulator's telemetry in the terminal", `(s) => [...document.querySelectorAll(s)].some((r) => r.textContent.includes('temp:'))`, p.sel(".xterm-rows > div"))
	if hash := eval[string](p, `location.hash`); hash != "#port=pi-02%2Fboard.1" {
		t.Errorf("URL hash %q, want #port=pi-02%%2Fboard.1", hash)
	}

	// A reload: the port from the URL, the search from the browser.
	p.do("reload", chromedp.Reload())
	p.waitState("connected", "open")
	p.waitDirectory("the search kept", "pi-02 online [room=lab3]: pi-02/board.1 open")
	if got := p.dirCount(); got != "1 of 6 ports · 1 of 4 groups" {
		t.Errorf("count %q after the reload, want 1 of 6 ports · 1 of 4 groups", got)
	}
}

// A gateway's port opened from the directory works as a local one does:
// the device's output in the terminal, the lines, hex and the plot; the
// terminal's keys and the send box reach the device; the port panel's
// settings reach the gateway's pty, and its lines the simulator (CTS
// follows RTS). The pane says which gateway has the device, and its tags.
func TestFleetPortWorksLikeALocalOne(t *testing.T) {
	f := startFleetCentral(t, serialtest.Options{})
	dev := f.devices["pi-01/dut"]
	p := newPage(t)
	p.do("open the console", chromedp.Navigate(f.srv.URL))
	p.openFromDirectory("pi-01/dut")
	p.waitFor("where the device is", `(s) => { const o = document.querySelector(s); return !o.hidden && o.dataset.online === 'true' && o.textContent === 'gateway pi-01: online · rack=3 room=lab2'; }`, p.sel(".origin"))
	if title := eval[string](p, `document.title`); title != "pi-01/dut · serialhub" {
		t.Errorf("page title %q", title)
	}

	// Output: every view.
	dev.write("hello from pi-01\r\ntemp:21.5,hum:40\r\n")
	p.waitTerm("hello from pi-01")
	p.view("lines")
	p.waitLine("hello from pi-01")
	p.view("hex")
	p.waitFor("the first hex row", `(s) => { const r = document.querySelector(s); return r && r.querySelector('.hex').textContent.startsWith('68 65 6c 6c 6f 20 66 72'); }`, p.sel(".hexrow.rx"))
	p.view("plot")
	p.waitLegend("temp=21.5|hum=40")

	// Input: the terminal's keys and the send box.
	p.view("terminal")
	p.do("click the terminal, type ls, Enter",
		chromedp.Click(chromedp.CSS(p.sel(".term-host"))),
		typeKeys("ls"+kb.Enter))
	dev.expect("ls\n")
	p.do("type help, Enter", chromedp.SendKeys(chromedp.CSS(p.sel(".send-input")), "help"+kb.Enter))
	dev.expect("help\n")

	// The port panel: the baud reaches the gateway's pty.
	p.do("open the port settings", chromedp.Click(chromedp.CSS(p.sel(".panel-toggle"))))
	p.waitFor("the baud shown", `(s) => document.querySelector(s).value === '115200'`, p.sel(".baud"))
	p.setValue(p.sel(".baud"), "")
	p.do("type 9600 as the baud", chromedp.SendKeys(chromedp.CSS(p.sel(".baud")), "9600"))
	p.do("click Apply", chromedp.Click(chromedp.CSS(p.sel(".apply-settings"))))
	p.waitInfo("9600 8N1")
	if line, err := dev.pty.Line(); err != nil || line.Baud != 9600 {
		t.Fatalf("the gateway's pty: %+v, %v; want 9600 baud", line, err)
	}

	// A second port of the gateway beside it: RTS through the central, and
	// the simulator's CTS follows.
	p.do("show the directory's pi-01/gps", chromedp.Click(chromedp.CSS(`#dir-list .dir-port[data-port="pi-01/gps"] .dir-open`)))
	p.port = "pi-01/gps"
	p.waitState("connected", "open")
	p.waitFor("RTS on, CTS on", `(rts, cts) => document.querySelector(rts).getAttribute('aria-pressed') === 'true' && document.querySelector(cts).dataset.on === 'true'`,
		p.sel(".rts"), p.sel(".led[data-line=cts]"))
	p.do("click RTS", chromedp.Click(chromedp.CSS(p.sel(".rts"))))
	p.waitFor("RTS off, CTS off", `(rts, cts) => document.querySelector(rts).getAttribute('aria-pressed') === 'false' && document.querySelector(cts).dataset.on === 'false'`,
		p.sel(".rts"), p.sel(".led[data-line=cts]"))
	if hash := eval[string](p, `location.hash`); hash != "#port=pi-01%2Fgps&open=pi-01%2Fdut,pi-01%2Fgps" {
		t.Errorf("URL hash %q", hash)
	}
}

// A gateway that leaves shows offline in the directory (with when it was
// last seen) and in the pane of its open port, whose sending is disabled
// while it stays connected; a gateway without an open pane shows offline
// too, once the list is asked for again. Back (the same name started
// again), both show online, and the port works again.
func TestFleetGatewayLeavesAndComesBack(t *testing.T) {
	f := startFleetCentral(t, serialtest.Options{})
	dev := f.devices["pi-01/dut"]
	p := newPage(t)
	p.port = "pi-01/dut"
	p.do("open the console on pi-01/dut", chromedp.Navigate(f.srv.URL+"/#port=pi-01%2Fdut"))
	p.waitState("connected", "open")
	p.waitFor("the directory beside it", `() => document.querySelector('#dir-list .dir-port[data-port="pi-01/dut"][data-open="true"]') !== null`)

	f.stopGateway("pi-01")
	p.waitFor("the pane saying the gateway is offline", `(o, st) => { const e = document.querySelector(o); return e.dataset.online === 'false' && e.textContent.startsWith('gateway pi-01: offline, last seen ') && document.querySelector(st).textContent.includes('gateway pi-01 is offline'); }`,
		p.sel(".origin"), p.sel(".status"))
	p.waitState("connected", "disconnected")
	p.waitFor("sending disabled", `(s) => document.querySelector(s).disabled`, p.sel(".send-button"))
	p.waitFor("pi-01 offline in the directory", `() => { const g = document.querySelector('.gw[data-gateway="pi-01"]'); return g.dataset.online === 'false' && /^offline · last seen (just now|\d+ s ago)$/.test(g.querySelector('.gw-state').textContent); }`)
	p.waitDirectory("pi-01's ports disconnected", `bench online []: bench/uart open
pi-01 offline [rack=3 room=lab2]: pi-01/dut disconnected, pi-01/gps disconnected
pi-02 online [room=lab3]: pi-02/dut open, pi-02/board.1 open`)
	p.choose("#dir-state", "offline")
	p.waitDirectory("only the offline gateway", "pi-01 offline [rack=3 room=lab2]: pi-01/dut disconnected, pi-01/gps disconnected")
	p.choose("#dir-state", "")

	// A gateway no pane shows: the directory learns of it by itself.
	f.stopGateway("pi-02")
	p.waitDirectory("pi-02 offline too", `bench online []: bench/uart open
pi-01 offline [rack=3 room=lab2]: pi-01/dut disconnected, pi-01/gps disconnected
pi-02 offline [room=lab3]: pi-02/dut disconnected, pi-02/board.1 disconnected`)
	if got := p.dirCount(); got != "5 ports · 3 gateways (2 offline)" {
		t.Errorf("count %q", got)
	}

	// Back.
	f.startGateway("pi-01")
	f.startGateway("pi-02")
	p.waitState("connected", "open")
	p.waitFor("the pane saying the gateway is online", `(s) => document.querySelector(s).textContent === 'gateway pi-01: online · rack=3 room=lab2'`, p.sel(".origin"))
	p.waitDirectory("every gateway online", `bench online []: bench/uart open
pi-01 online [rack=3 room=lab2]: pi-01/dut open, pi-01/gps open
pi-02 online [room=lab3]: pi-02/dut open, pi-02/board.1 open`)
	dev.write("back again\r\n")
	p.waitTerm("back again")
	p.do("type hi, Enter", chromedp.SendKeys(chromedp.CSS(p.sel(".send-input")), "hi"+kb.Enter))
	dev.expect("hi\n")
}

// A gateway that joins after the page loaded shows in the directory by
// itself. The user's role on its ports comes from the gateway's name
// (pi-09/*) or its tags (tag:room=lab9), which the session the page read
// at load could not name: the page reads it again, so those ports can be
// used (before, the page took them for "*", view-only). A port the user
// may only view stays view-only.
func TestFleetGatewayJoiningLaterComesWithItsRoles(t *testing.T) {
	const token = "shub_fleet-console-token"
	var central atomic.Pointer[fleetCentral]
	users, err := auth.New(auth.Config{
		Users: []auth.User{{Name: "alice", TokenHashes: []string{auth.HashToken(token)}, Roles: map[string]auth.Role{
			"pi-09/*": auth.RoleControl, "tag:room=lab9": auth.RoleControl, "*": auth.RoleView,
		}}},
		PortTags: func(port string) map[string]string {
			if f := central.Load(); f != nil {
				return f.tags(port)
			}
			return nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { users.Close() })
	f := startFleetCentral(t, serialtest.Options{Server: server.Config{Auth: users}})
	central.Store(f)

	p := newPage(t)
	p.do("open the console", chromedp.Navigate(f.srv.URL))
	p.waitFor("the login form", `() => document.getElementById('login-dialog').open`)
	p.setValue("#login-token", token)
	p.do("log in", chromedp.Click(chromedp.ID("login-submit")))
	p.waitDirectory("the gateways", `bench online []: bench/uart open
pi-01 online [rack=3 room=lab2]: pi-01/dut open, pi-01/gps open
pi-02 online [room=lab3]: pi-02/dut open, pi-02/board.1 open`)

	// Two gateways join: the page is told by nothing but the list.
	joined := f.addGateway("pi-09", nil, []string{"dut"}, nil)
	joined = append(joined, f.addGateway("lab9-a", map[string]string{"room": "lab9"}, []string{"dut"}, nil)...)
	for _, name := range joined {
		f.waitOpen(name)
	}
	p.waitDirectory("the gateways that joined", `bench online []: bench/uart open
lab9-a online [room=lab9]: lab9-a/dut open
pi-01 online [rack=3 room=lab2]: pi-01/dut open, pi-01/gps open
pi-02 online [room=lab3]: pi-02/dut open, pi-02/board.1 open
pi-09 online []: pi-09/dut open`)

	for _, name := range joined {
		p.openFromDirectory(name)
		p.waitFor(name+" controlled", `(pane, badge) => document.querySelector(pane).dataset.role === 'control' && !document.querySelector(badge).checkVisibility()`,
			fmt.Sprintf(`.pane[data-port=%q]`, name), p.sel(".role-badge"))
		p.do("type hi, Enter", chromedp.SendKeys(chromedp.CSS(p.sel(".send-input")), "hi"+kb.Enter))
		f.devices[name].expect("hi\n")
	}
	p.openFromDirectory("pi-01/dut")
	p.waitFor("pi-01/dut view-only", `(pane, badge, send) => document.querySelector(pane).dataset.role === 'view' && document.querySelector(badge).checkVisibility() && document.querySelector(send).disabled`,
		`.pane[data-port="pi-01/dut"]`, p.sel(".role-badge"), p.sel(".send-button"))
}

// The directory meets WCAG AA in both themes (text 4.5:1, controls' edges
// 3:1), a gateway offline among them; on a phone it takes the screen
// until a port is chosen, then gives it to the port, and comes back when
// the port is closed.
func TestFleetDirectoryContrastAndPhone(t *testing.T) {
	f := startFleetCentral(t, serialtest.Options{})
	f.stopGateway("bench")
	for _, theme := range []string{"light", "dark"} {
		t.Run(theme, func(t *testing.T) {
			p := newPage(t)
			p.do("open the console", chromedp.Navigate(f.srv.URL+"/#port=pi-01%2Fdut"))
			p.port = "pi-01/dut"
			p.waitState("connected", "open")
			p.choose("#theme-select", theme)
			p.waitFor("bench offline", `() => document.querySelector('.gw[data-gateway="bench"]').dataset.online === 'false'`)
			if bad := eval[[]string](p, contrastJS); len(bad) > 0 {
				t.Errorf("%s theme: below WCAG AA:\n%s", theme, strings.Join(bad, "\n"))
			}
			p.screenshot("console-fleet-desktop-" + theme + ".png")
		})
	}

	t.Run("phone", func(t *testing.T) {
		const width, height = 390, 844
		p := newPageSize(t, width, height)
		p.do("open the console", chromedp.Navigate(f.srv.URL))
		p.waitFor("the directory on the screen", `() => document.getElementById('directory').checkVisibility() && document.querySelectorAll('.dir-port').length === 5`)
		if w := eval[int](p, `document.documentElement.scrollWidth - window.innerWidth`); w > 0 {
			t.Errorf("the directory is %d px wider than the screen", w)
		}
		p.screenshot("console-fleet-phone-directory.png")
		p.openFromDirectory("pi-02/dut")
		p.waitFor("the pane instead of the directory", `(s) => document.querySelector(s).checkVisibility() && !document.getElementById('directory').checkVisibility()`, p.sel(".views"))
		if w := eval[int](p, `document.documentElement.scrollWidth - window.innerWidth`); w > 0 {
			t.Errorf("the pane is %d px wider than the screen", w)
		}
		p.do("show the directory", chromedp.Click(chromedp.ID("directory-button")))
		p.waitFor("the directory again", `() => document.getElementById('directory').checkVisibility()`)
		p.do("hide it", chromedp.Click(chromedp.ID("directory-button")))
		p.waitFor("the pane again", `(s) => document.querySelector(s).checkVisibility()`, p.sel(".views"))
		p.do("close the pane", chromedp.Click(chromedp.CSS(`.port-tab-close`)))
		p.waitFor("the directory back when no port is open", `() => document.getElementById('directory').checkVisibility()`)
	})
}
