//go:build linux

package web_test

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/serialhub/serialhub/internal/dashboard"
	"github.com/serialhub/serialhub/internal/decode"
	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/serialtest"
	"github.com/serialhub/serialhub/internal/server"
	"github.com/serialhub/serialhub/internal/values"
)

// The Dashboard view's tests (issue 15): dashboards built in the browser
// from decoded values, kept by a server started with --dashboards (a
// temporary directory), seen live from a second browser, controls whose
// commands reach a pty, the read-only link, screenshots.

// kvLines is a decoder for the tests: "name=value" pairs separated by
// spaces, a line each; numbers as numbers, anything else as text.
type kvLines struct {
	buf  []byte
	errs uint64
}

func (d *kvLines) Feed(dst []decode.Record, b []byte, t time.Time, off uint64) []decode.Record {
	for i, c := range b {
		if c != '\n' {
			d.buf = append(d.buf, c)
			continue
		}
		var vals []decode.Value
		for _, f := range strings.Fields(string(bytes.TrimSpace(d.buf))) {
			k, v, ok := strings.Cut(f, "=")
			if !ok || k == "" {
				continue
			}
			if n, err := strconv.ParseFloat(v, 64); err == nil {
				vals = append(vals, decode.Value{Name: k, Num: n})
			} else {
				vals = append(vals, decode.Value{Name: k, Text: v, IsText: true})
			}
		}
		d.buf = d.buf[:0]
		if len(vals) == 0 {
			d.errs++
			continue
		}
		dst = append(dst, decode.Record{Time: t, Offset: off + uint64(i) + 1, Values: vals})
	}
	return dst
}

func (d *kvLines) Gap()           { d.buf = d.buf[:0] }
func (d *kvLines) Errors() uint64 { return d.errs }

// startDashboardServer starts a server keeping dashboards in a temporary
// directory, each port with a kvLines decoder.
func startDashboardServer(t *testing.T, ports ...hub.Config) *serialtest.Server {
	t.Helper()
	store, err := dashboard.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	engines := map[string]*values.Engine{}
	for i := range ports {
		e := values.New(values.Config{Name: "kv", Decoder: &kvLines{}})
		engines[ports[i].Name] = e
		ports[i].Observers = append(ports[i].Observers, e)
	}
	srv, _ := startServerOpts(t, serialtest.Options{Ports: ports, Server: server.Config{
		Dashboards: store,
		Values: func(name string) (*values.Engine, bool) {
			e, ok := engines[name]
			return e, ok
		},
	}})
	for name, e := range engines {
		p, ok := srv.Hub.Port(name)
		if !ok {
			t.Fatalf("no port %s", name)
		}
		e.Attach(p)
	}
	return srv
}

// dsel is a CSS selector inside the pane's Dashboard view.
func (p *page) dsel(css string) string { return p.sel(".view-dashboard " + css) }

// widget is the selector of the widget with id in the pane's dashboard.
func (p *page) widget(id string) string { return p.dsel(fmt.Sprintf(`.widget[data-widget=%q]`, id)) }

// click clicks an element (a CSS selector).
func (p *page) click(what, css string) {
	p.t.Helper()
	p.do(what, chromedp.Click(chromedp.CSS(css)))
}

// newDashboard presses New…, names it and creates it (edit mode).
func (p *page) newDashboard(name string) {
	p.t.Helper()
	p.click("New…", p.dsel(".dash-new"))
	p.setValue(".dash-new-dialog .dash-new-name", name)
	p.click("Create", ".dash-new-dialog .dash-new-ok")
	p.waitFor("edit mode", `(s) => document.querySelector(s).dataset.editing === 'true'`, p.sel(".view-dashboard"))
}

// addWidget adds a widget of type and fills its form: fields maps a
// field (cfg-NAME) to its value.
func (p *page) addWidget(typ string, fields map[string]string) {
	p.t.Helper()
	p.choose(p.dsel(".dash-type"), typ)
	p.click("Add widget", p.dsel(".dash-add"))
	p.waitFor("the widget's form", `() => document.querySelector('dialog.dash-config[open]')`)
	for k, v := range fields {
		p.setValue("dialog.dash-config .cfg-"+k, v)
	}
	p.click("Apply", "dialog.dash-config .cfg-ok")
	p.waitFor("the form closed", `() => !document.querySelector('dialog.dash-config')`)
}

// waitWidget waits until the widget's element has data-KEY = want.
func (p *page) waitWidget(id, key, want string) {
	p.t.Helper()
	p.waitFor(fmt.Sprintf("widget %s %s=%s", id, key, want), `(s, k, want) => { const e = document.querySelector(s); return e && e.dataset[k] === want; }`, p.widget(id), key, want)
}

// TestDashboardBuiltSavedAndSharedLive: browser A builds a dashboard for a
// port (gauge, LED temp > 30 → red, value, button, toggle, a GPS track)
// while browser B shows the port's Dashboard view; A saves it and B shows
// it without a reload; the widgets follow the device's values; the button
// and the toggle send their commands to the pty; A moves a widget and
// saves, B's moves too; A reloads and sees the dashboard again; the
// read-only link shows it without edit controls.
func TestDashboardBuiltSavedAndSharedLive(t *testing.T) {
	dev := newDevice(t)
	srv := startDashboardServer(t, hub.Config{Name: "dev", Device: dev.pty.Path})
	a, b := newPage(t), newPage(t)
	a.open(srv.URL)
	b.open(srv.URL)
	b.view("dashboard")
	b.waitFor("B: no dashboard yet", `(s) => document.querySelector(s).textContent.startsWith('No dashboard for this port yet')`, b.dsel(".dash-empty"))

	a.view("dashboard")
	a.newDashboard("Bench")
	a.addWidget("gauge", map[string]string{"label": "Temperature", "value": "temp", "units": "°C", "min": "0", "max": "50"})
	a.addWidget("led", map[string]string{"label": "Hot", "rules": "temp > 30 => red hot", "color": "green"})
	a.addWidget("value", map[string]string{"label": "Pressure", "value": "pressure", "units": "hPa"})
	a.addWidget("button", map[string]string{"label": "LED on", "send": `LED ON\r\n`})
	a.addWidget("toggle", map[string]string{"label": "LED", "send": `LED {on|off}\n`})
	a.addWidget("track", map[string]string{"label": "Where"})
	if n := eval[int](a, fmt.Sprintf(`document.querySelectorAll(%q).length`, a.dsel(".widget"))); n != 6 {
		t.Fatalf("%d widgets after adding 6", n)
	}
	a.click("Save", a.dsel(".dash-save"))
	a.waitFor("saved", `(s) => document.querySelector(s).dataset.editing === 'false' && document.querySelector(s).dataset.dashboard === 'bench'`, a.sel(".view-dashboard"))

	// B shows it, live, without a reload.
	b.waitFor("B shows the dashboard", `(s) => document.querySelector(s).dataset.dashboard === 'bench' && document.querySelectorAll(s + ' .widget').length === 6`, b.sel(".view-dashboard"))

	// Values: the gauge and LED follow temp, the value pressure.
	dev.write("temp=21.5 pressure=1013.2\n")
	for _, p := range []*page{a, b} {
		p.waitWidget("w1", "value", "21.5")
		p.waitWidget("w2", "color", "green")
		p.waitWidget("w3", "value", "1013.2")
	}
	dev.write("temp=35\n")
	a.waitWidget("w2", "color", "red")
	b.waitWidget("w2", "color", "red")
	if got := eval[string](a, fmt.Sprintf(`document.querySelector(%q).textContent`, a.widget("w3")+" .value-time")); !strings.HasPrefix(got, "updated ") {
		t.Fatalf("value widget says %q, want its last update time", got)
	}
	// A GPS track: three fixes, drawn with a scale bar in metres.
	dev.write("lat=48.85800 lon=2.29400\nlat=48.85850 lon=2.29450\nlat=48.85900 lon=2.29500\n")
	a.waitWidget("w6", "points", "3")
	if got := eval[string](a, fmt.Sprintf(`document.querySelector(%q).dataset.scale`, a.widget("w6"))); got != "20 m" {
		t.Fatalf("track scale %q, want 20 m (111 m of track north-south, shown 133 m wide: the largest 1-2-5 step under a third)", got)
	}

	// Controls: the button's and the toggle's commands reach the device.
	b.click("LED on", b.widget("w4")+" .dash-button")
	dev.expect("LED ON\r\n")
	a.click("toggle", a.widget("w5")+" .dash-toggle")
	dev.expect("LED on\n")
	a.click("toggle", a.widget("w5")+" .dash-toggle")
	dev.expect("LED off\n")

	// A moves the gauge right by two and makes it wider, from the keyboard
	// and a button; saved, B's gauge moves too.
	a.click("Edit", a.dsel(".dash-edit"))
	a.do("focus the gauge", chromedp.Focus(chromedp.CSS(a.widget("w1"))))
	a.do("move it right", typeKeys(kb.ArrowRight))
	a.waitWidget("w1", "x", "1")
	a.click("move right", a.widget("w1")+" .move-right")
	a.click("wider", a.widget("w1")+" .wider")
	a.waitWidget("w1", "w", "4")
	a.click("Save", a.dsel(".dash-save"))
	b.waitWidget("w1", "x", "2")
	b.waitWidget("w1", "w", "4")

	// A reloads: the dashboard is back, as saved.
	a.do("reload", chromedp.Reload())
	a.waitState("connected", "open")
	a.view("dashboard")
	a.waitFor("A's dashboard after a reload", `(s) => document.querySelector(s).dataset.dashboard === 'bench'`, a.sel(".view-dashboard"))
	a.waitWidget("w1", "x", "2")

	// The read-only link: the dashboard alone, no edit controls.
	link := eval[string](a, fmt.Sprintf(`document.querySelector(%q).getAttribute('href')`, a.dsel(".dash-link")))
	if link != "#dashboard=bench&view=1" {
		t.Fatalf("read-only link %q", link)
	}
	b.do("open the read-only link", chromedp.Navigate(srv.URL+"/"+link))
	b.waitFor("the read-only dashboard", `(s) => { const v = document.querySelector(s); return v && !v.hidden && v.dataset.dashboard === 'bench' && v.dataset.readonly === 'true'; }`, b.sel(".view-dashboard"))
	b.waitFor("its widgets", `(s) => document.querySelectorAll(s).length === 6`, b.dsel(".widget"))
	for _, hidden := range []string{".dash-toolbar", ".dash-edit", ".view-tabs", ".sendbar"} {
		if eval[bool](b, fmt.Sprintf(`(() => { const e = document.querySelector(%q); return !!e && e.offsetParent !== null; })()`, b.sel(hidden))) {
			t.Errorf("read-only link: %s is shown", hidden)
		}
	}
	dev.write("temp=12\n")
	b.waitWidget("w1", "value", "12")
}
