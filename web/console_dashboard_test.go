//go:build linux

package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
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
	return startDashboardServerAs(t, server.Config{}, nil, ports...)
}

// startDashboardServerAs is startDashboardServer with a server
// configuration (users) and the header the watchers send.
func startDashboardServerAs(t *testing.T, cfg server.Config, h http.Header, ports ...hub.Config) *serialtest.Server {
	t.Helper()
	specs := map[string]decode.Spec{}
	for _, pc := range ports {
		specs[pc.Name] = decode.Spec{} // kvLines
	}
	return startDecodingServer(t, cfg, h, specs, ports...)
}

// startDecodingServer starts a server keeping dashboards in a temporary
// directory, each port with the decoder of specs[name] (decode.New, as
// the port option decode= makes one; the zero Spec: kvLines).
func startDecodingServer(t *testing.T, cfg server.Config, h http.Header, specs map[string]decode.Spec, ports ...hub.Config) *serialtest.Server {
	t.Helper()
	store, err := dashboard.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	engines := map[string]*values.Engine{}
	for i := range ports {
		spec := specs[ports[i].Name]
		var d decode.Decoder = &kvLines{}
		if spec.Name != "" {
			if d, err = decode.New(spec); err != nil {
				t.Fatalf("decoder %s: %v", spec.Name, err)
			}
		}
		e, err := values.New(values.Config{Name: spec.Name, Decoder: d})
		if err != nil {
			t.Fatal(err)
		}
		engines[ports[i].Name] = e
		ports[i].Observers = append(ports[i].Observers, e)
	}
	cfg.Dashboards = store
	cfg.Values = func(name string) (*values.Engine, bool) {
		e, ok := engines[name]
		return e, ok
	}
	srv, _ := startServerAs(t, serialtest.Options{Ports: ports, Server: cfg}, h)
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

// dragBy drags the middle of the element css by (dx, dy) CSS pixels.
func (p *page) dragBy(css string, dx, dy float64) {
	p.t.Helper()
	r := eval[[]float64](p, fmt.Sprintf(`(() => { const e = document.querySelector(%q); e.scrollIntoView({ block: "center" }); const b = e.getBoundingClientRect(); return [b.left + b.width / 2, b.top + b.height / 2]; })()`, css))
	p.drag("drag "+css, r[0], r[1], r[0]+dx, r[1]+dy)
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
	// With the mouse: the track's corner dragged one column wider, its
	// title one row down.
	cell := eval[[]float64](a, fmt.Sprintf(`(() => { const g = document.querySelector(%q), cs = getComputedStyle(g);
		const gap = parseFloat(cs.columnGap); return [(g.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) + gap) / 12, parseFloat(cs.gridAutoRows) + gap]; })()`, a.dsel(".dash-grid")))
	y6 := eval[string](a, fmt.Sprintf(`document.querySelector(%q).dataset.y`, a.widget("w6")))
	a.dragBy(a.widget("w6")+" .resize-handle", cell[0], 0)
	a.waitWidget("w6", "w", "5")
	a.dragBy(a.widget("w6")+" .widget-label", 0, cell[1])
	y6n, _ := strconv.Atoi(y6)
	a.waitWidget("w6", "y", strconv.Itoa(y6n+1))
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

	// A disconnects; what the device reports meanwhile (B shows it) is
	// on A's dashboard once A is connected again.
	a.click("Disconnect", a.sel(".connect-toggle"))
	a.waitFor("A disconnected", `(s) => document.querySelector(s).dataset.state === 'closed'`, a.sel(""))
	dev.write("temp=44\n")
	b.waitWidget("w1", "value", "44")
	a.click("Connect", a.sel(".connect-toggle"))
	a.waitWidget("w1", "value", "44")
}

// putDashboard saves a dashboard through the API, as another client would.
func putDashboard(t *testing.T, srv *serialtest.Server, id, body string) {
	t.Helper()
	putDashboardAs(t, srv, nil, id, body)
}

// putDashboardAs is putDashboard with headers h (a user's Authorization).
func putDashboardAs(t *testing.T, srv *serialtest.Server, h http.Header, id, body string) {
	t.Helper()
	h = h.Clone()
	if h == nil {
		h = http.Header{}
	}
	h.Set("Content-Type", "application/json")
	if status, b := rest(t, http.MethodPut, srv.URL+"/api/dashboards/"+id, h, body); status != http.StatusOK {
		t.Fatalf("PUT dashboard %s: %d %s %s", id, status, http.StatusText(status), b)
	}
}

// TestDashboardControlsObeyTheWriteLock: a slider, a number and a text
// input send their templates (escapes included); while another client
// holds the exclusive port's write lock, every control is disabled,
// saying who holds it, and nothing reaches the device; released, the
// controls send again.
func TestDashboardControlsObeyTheWriteLock(t *testing.T) {
	dev := newDevice(t)
	srv := startDashboardServer(t, hub.Config{Name: "dev", Device: dev.pty.Path, Exclusive: true})
	other := watch(t, srv, "dev")
	putDashboard(t, srv, "ctl", `{"name":"Controls","port":"dev","widgets":[
		{"id":"s","type":"slider","label":"Speed","send":"SET SPEED {value}\\r\\n","min":0,"max":10,"step":1,"x":0,"y":0,"w":4,"h":1},
		{"id":"n","type":"number","label":"Speed","send":"SET SPEED {value}\\n","x":4,"y":0,"w":4,"h":1},
		{"id":"t","type":"text","label":"Say","send":"SAY {text}\\x0d\\n","x":8,"y":0,"w":4,"h":1},
		{"id":"b","type":"button","label":"Stop","send":"STOP\\n","x":0,"y":1,"w":2,"h":1}]}`)
	p := newPage(t)
	p.open(srv.URL)
	other.waitPage()
	p.view("dashboard")
	p.waitFor("the dashboard", `(s) => document.querySelectorAll(s).length === 4`, p.dsel(".widget"))

	p.setValue(p.widget("s")+" .dash-slider", "7")
	dev.expect("SET SPEED 7\r\n")
	p.setValue(p.widget("n")+" .dash-number", "42")
	p.click("Send the number", p.widget("n")+" .dash-number-send")
	dev.expect("SET SPEED 42\n")
	p.do("type and Enter", chromedp.SendKeys(chromedp.CSS(p.widget("t")+" .dash-text"), "hello"+kb.Enter))
	dev.expect("SAY hello\r\n")

	// Another client takes the write lock: every control is disabled.
	if err := other.Control(other.ctx, `{"type":"lock","id":1}`); err != nil {
		t.Fatal(err)
	}
	disabled := func(want bool) {
		t.Helper()
		p.waitFor(fmt.Sprintf("controls disabled: %v", want), `(s, want) => [...document.querySelectorAll(s)].every((e) => e.disabled === want)`,
			p.dsel(".dash-slider, .dash-number, .dash-number-send, .dash-text, .dash-text-send, .dash-button"), want)
	}
	disabled(true)
	if title := eval[string](p, fmt.Sprintf(`document.querySelector(%q).title`, p.widget("b")+" .dash-button")); !strings.Contains(title, "holds the write lock") {
		t.Fatalf("the button's tooltip %q does not say who holds the lock", title)
	}
	if err := other.Control(other.ctx, `{"type":"unlock","id":2}`); err != nil {
		t.Fatal(err)
	}
	disabled(false)
	p.click("Stop", p.widget("b")+" .dash-button")
	dev.expect("STOP\n") // and nothing else: nothing was sent while locked
}

// TestDashboardScreenshots: a dashboard with every widget type, fed
// values, in the light and dark themes (WCAG AA contrast) and on a phone
// (390x844: nothing wider than the screen, widgets one under another),
// as console-dashboard-*.png in $SERIALHUB_ARTIFACTS.
func TestDashboardScreenshots(t *testing.T) {
	dev := newDevice(t)
	srv := startDashboardServer(t, hub.Config{Name: "dev", Device: dev.pty.Path})
	putDashboard(t, srv, "all", `{"name":"Every widget","port":"dev","widgets":[
		{"id":"v","type":"value","label":"Temperature","value":"temp","units":"°C","decimals":1,"x":0,"y":0,"w":3,"h":1},
		{"id":"g","type":"gauge","label":"Pressure","value":"pressure","units":"hPa","min":950,"max":1050,"x":3,"y":0,"w":3,"h":2},
		{"id":"l","type":"led","label":"Overheat","rules":[{"if":"temp > 30","color":"red","label":"hot"},{"if":"temp > 20","color":"yellow","label":"warm"}],"color":"green","x":0,"y":1,"w":3,"h":1},
		{"id":"b","type":"bar","label":"Battery","value":"battery","units":"%","min":0,"max":100,"x":6,"y":0,"w":3,"h":1},
		{"id":"bt","type":"button","label":"LED on","send":"LED ON\\r\\n","x":9,"y":0,"w":3,"h":1},
		{"id":"tg","type":"toggle","label":"Fan","send":"FAN {on|off}\\n","x":6,"y":1,"w":3,"h":1},
		{"id":"sl","type":"slider","label":"Speed","send":"SET SPEED {value}\\n","min":0,"max":10,"x":9,"y":1,"w":3,"h":1},
		{"id":"p","type":"plot","label":"Temperature and battery","values":["temp","battery"],"window":120,"x":0,"y":2,"w":6,"h":3},
		{"id":"tr","type":"track","label":"GPS track","x":6,"y":2,"w":3,"h":3},
		{"id":"xy","type":"xy","label":"Battery against temperature","xValue":"temp","yValue":"battery","w":3,"h":3},
		{"id":"tb","type":"table","label":"Last records","values":["temp","pressure","battery"],"rows":8,"w":6,"h":2},
		{"id":"lg","type":"log","label":"Log","rows":8,"w":6,"h":2},
		{"id":"n","type":"number","label":"Setpoint","send":"SET {value}\\n","w":3,"h":1},
		{"id":"tx","type":"text","label":"Say","send":"SAY {text}\\n","w":3,"h":1}]}`)
	// The device reports 30 times, each report shown before the next is
	// sent (so each has its own device time and the plot has a time axis).
	feeder := newPage(t)
	feeder.open(srv.URL)
	feeder.view("dashboard")
	feeder.waitFor("the dashboard", `(s) => document.querySelectorAll(s).length === 14`, feeder.dsel(".widget"))
	for i := range 30 {
		dev.write(fmt.Sprintf("temp=%.1f pressure=%.1f battery=%d lat=%.6f lon=%.6f\n",
			24+float64(i)*0.3+float64(i%4)*0.4, 1005+float64(i%7), 90-i, 48.8580+float64(i)*0.00004, 2.2940+float64(i*i)*0.000003))
		feeder.waitWidget("b", "value", strconv.Itoa(90-i))
	}
	for _, size := range []struct {
		name          string
		width, height int
	}{{"desktop", 1440, 900}, {"phone", 390, 844}} {
		t.Run(size.name, func(t *testing.T) {
			p := newPageSize(t, size.width, size.height)
			p.open(srv.URL)
			p.view("dashboard")
			p.waitWidget("tr", "points", "30")
			p.waitWidget("l", "color", "red")
			themes := []string{"light", "dark"}
			if size.name == "phone" {
				themes = []string{"light"}
				if w := eval[int](p, `document.documentElement.scrollWidth - window.innerWidth`); w > 0 {
					t.Errorf("phone: the page is %d px wider than the screen", w)
				}
				if n := eval[int](p, fmt.Sprintf(`new Set([...document.querySelectorAll(%q)].map((e) => Math.round(e.getBoundingClientRect().left))).size`, p.dsel(".widget"))); n != 1 {
					t.Errorf("phone: widgets start at %d different places, want one column", n)
				}
			}
			for _, theme := range themes {
				p.choose("#theme-select", theme)
				if bad := eval[[]string](p, contrastJS); len(bad) > 0 {
					t.Errorf("%s theme: below WCAG AA:\n%s", theme, strings.Join(bad, "\n"))
				}
				p.screenshot(fmt.Sprintf("console-dashboard-%s-%s.png", size.name, theme))
			}
		})
	}
}

// TestDashboardViewRoleSeesButCannotSendOrEdit: on a server with users, a
// user with the view role sees a port's dashboard and its values live,
// but its controls are disabled saying so, and New, Edit, Delete and
// Import are off; a controlling user's button reaches the device.
func TestDashboardViewRoleSeesButCannotSendOrEdit(t *testing.T) {
	users := controlAndViewUsers(t)
	dev := newDevice(t)
	ctlHeader := http.Header{"Authorization": {"Bearer " + controlUserToken}}
	srv := startDashboardServerAs(t, server.Config{Auth: users}, ctlHeader, hub.Config{Name: "dev", Device: dev.pty.Path})
	putDashboardAs(t, srv, ctlHeader, "lab", `{"name":"Lab","port":"dev","widgets":[
		{"id":"g","type":"gauge","value":"temp","min":0,"max":50,"x":0,"y":0,"w":3,"h":2},
		{"id":"b","type":"button","label":"Reset","send":"RESET\\n","x":3,"y":0,"w":2,"h":1}]}`)
	login := func(p *page, token string) {
		t.Helper()
		p.do("open the console", chromedp.Navigate(srv.URL))
		p.waitFor("the login form", `() => document.getElementById('login-dialog').open`)
		p.setValue("#login-token", token)
		p.do("log in", chromedp.Click(chromedp.ID("login-submit")))
		p.waitState("connected", "open")
		p.view("dashboard")
		p.waitFor("the dashboard", `(s) => document.querySelector(s).dataset.dashboard === 'lab'`, p.sel(".view-dashboard"))
	}
	ctl, vic := newPage(t), newPage(t)
	login(ctl, controlUserToken)
	login(vic, viewUserToken)
	dev.write("temp=25\n")
	vic.waitWidget("g", "value", "25")
	button := vic.widget("b") + " .dash-button"
	vic.waitFor("vic's button disabled", `(s) => document.querySelector(s).disabled`, button)
	if title := eval[string](vic, fmt.Sprintf(`document.querySelector(%q).title`, button)); !strings.Contains(title, "view-only") {
		t.Fatalf("vic's button tooltip %q does not say view-only", title)
	}
	for _, b := range []string{".dash-new", ".dash-edit", ".dash-delete", ".dash-import"} {
		if !eval[bool](vic, fmt.Sprintf(`document.querySelector(%q).disabled`, vic.dsel(b))) {
			t.Errorf("vic: %s is enabled", b)
		}
	}
	ctl.click("Reset", ctl.widget("b")+" .dash-button")
	dev.expect("RESET\n")
}

// simFrameSpec is docs/decoders.md's decoder of sim://frames.
var simFrameSpec = decode.Spec{
	Name: decode.Frame, Start: "AA55", LengthOffset: 2, LengthSize: 1,
	CRC: "crc16-ccitt-false", CRCFrom: 2, CRCEndian: "be",
	Fields: []decode.Field{
		{Name: "seq", Offset: 3, Type: "u16"},
		{Name: "temp", Offset: 5, Type: "i16", Scale: 0.01},
		{Name: "pressure", Offset: 7, Type: "f32"},
		{Name: "status", Offset: 11, Type: "u8"},
		{Name: "battery", Offset: 12, Type: "u16", Endian: "be"},
	},
}

// TestDashboardFromTheSimulators: dashboards built in the browser from
// the simulator's GPS receiver (sim://nmea, decode=nmea: a track and the
// satellites) and its binary sensor (sim://frames, the documented frame
// decoder: a temperature gauge and an LED), saved, seen live by a second
// browser, and again after a reload; screenshots of both.
func TestDashboardFromTheSimulators(t *testing.T) {
	srv := startDecodingServer(t, server.Config{}, nil,
		map[string]decode.Spec{"gps": {Name: decode.NMEA}, "board": simFrameSpec},
		hub.Config{Name: "gps", Device: "sim://nmea"}, hub.Config{Name: "board", Device: "sim://frames"})
	a, b := newPage(t), newPage(t)
	a.port, b.port = "gps", "gps"
	a.open(srv.URL + "/#port=gps")
	b.open(srv.URL + "/#port=gps")
	b.view("dashboard")

	a.view("dashboard")
	a.newDashboard("GPS")
	a.addWidget("track", map[string]string{"label": "Track"})
	a.addWidget("value", map[string]string{"label": "Satellites", "value": "sats"})
	a.addWidget("value", map[string]string{"label": "Speed", "value": "speed", "units": "km/h", "decimals": "1"})
	a.click("Save", a.dsel(".dash-save"))
	b.waitFor("B shows the GPS dashboard", `(s) => document.querySelector(s).dataset.dashboard === 'gps'`, b.sel(".view-dashboard"))
	for _, p := range []*page{a, b} {
		// Fixes round the Eiffel Tower (the simulator's circle), the
		// satellites it uses (8 to 11).
		p.waitFor("a track of 3 fixes or more", `(s) => { const e = document.querySelector(s); return e && Number(e.dataset.points) >= 3; }`, p.widget("w1"))
		p.waitFor("the satellites", `(s) => { const v = Number(document.querySelector(s).dataset.value); return v >= 8 && v <= 11; }`, p.widget("w2"))
	}
	where := eval[string](a, fmt.Sprintf(`document.querySelector(%q).textContent`, a.widget("w1")+" .track-where"))
	if !strings.HasPrefix(where, "48.8") || !strings.Contains(where, ", 2.29") {
		t.Fatalf("the track says %q, want fixes near 48.858, 2.294", where)
	}

	// The binary sensor, in its own pane.
	a.port, b.port = "board", "board"
	a.do("open board", chromedp.Navigate(srv.URL+"/#port=board"))
	a.waitState("connected", "open")
	b.do("open board", chromedp.Navigate(srv.URL+"/#port=board"))
	b.waitState("connected", "open")
	b.view("dashboard")
	a.view("dashboard")
	a.newDashboard("Board")
	a.addWidget("gauge", map[string]string{"label": "Temperature", "value": "temp", "units": "°C", "min": "0", "max": "40", "decimals": "2"})
	a.addWidget("led", map[string]string{"label": "Warm", "rules": "temp >= 19 => red warm", "color": "grey"})
	a.addWidget("bar", map[string]string{"label": "Battery", "value": "battery", "units": "mV", "min": "3300", "max": "4200"})
	a.click("Save", a.dsel(".dash-save"))
	b.waitFor("B shows the board's dashboard", `(s) => document.querySelector(s).dataset.dashboard === 'board'`, b.sel(".view-dashboard"))
	for _, p := range []*page{a, b} {
		// The simulator's temperature: 21.5 ± 1.5 °C.
		p.waitFor("the temperature", `(s) => { const v = Number(document.querySelector(s).dataset.value); return v >= 20 && v <= 23; }`, p.widget("w1"))
		p.waitWidget("w2", "color", "red")
		p.waitFor("the battery", `(s) => { const v = Number(document.querySelector(s).dataset.value); return v >= 3300 && v <= 4200; }`, p.widget("w3"))
	}

	// A reload: both dashboards are kept, each shown for its port.
	a.do("reload", chromedp.Reload())
	a.waitState("connected", "open")
	a.view("dashboard")
	a.waitFor("board's dashboard after a reload", `(s) => document.querySelector(s).dataset.dashboard === 'board' && document.querySelectorAll(s + ' .widget').length === 3`, a.sel(".view-dashboard"))
	a.waitWidget("w2", "color", "red")
	for _, theme := range []string{"light", "dark"} {
		a.choose("#theme-select", theme)
		a.screenshot(fmt.Sprintf("console-dashboard-board-%s.png", theme))
	}
	a.port = "gps"
	a.do("open gps", chromedp.Navigate(srv.URL+"/#port=gps"))
	a.waitState("connected", "open")
	a.view("dashboard")
	a.waitFor("gps's dashboard after a reload", `(s) => document.querySelector(s).dataset.dashboard === 'gps'`, a.sel(".view-dashboard"))
	a.waitFor("a track", `(s) => { const e = document.querySelector(s); return e && Number(e.dataset.points) >= 3; }`, a.widget("w1"))
	a.screenshot("console-dashboard-gps-dark.png")

	phone := newPageSize(t, 390, 844)
	phone.port = "gps"
	phone.do("open the read-only link", chromedp.Navigate(srv.URL+"/#dashboard=gps&view=1"))
	phone.waitFor("the read-only dashboard", `(s) => { const v = document.querySelector(s); return v && !v.hidden && v.dataset.readonly === 'true'; }`, phone.sel(".view-dashboard"))
	phone.waitFor("a track", `(s) => { const e = document.querySelector(s); return e && Number(e.dataset.points) >= 3; }`, phone.widget("w1"))
	if w := eval[int](phone, `document.documentElement.scrollWidth - window.innerWidth`); w > 0 {
		t.Errorf("phone: the read-only dashboard is %d px wider than the screen", w)
	}
	if h := eval[float64](phone, fmt.Sprintf(`document.querySelector(%q).getBoundingClientRect().height`, phone.sel(".view-dashboard"))); h < 844/2 {
		t.Errorf("phone: the read-only dashboard is %.0f px high, want most of the screen", h)
	}
	phone.screenshot("console-dashboard-gps-phone.png")
}

// TestDashboardExportAndImport: Export downloads the dashboard as JSON
// (its id, name, port and widgets); that file, renamed, imported on
// another port's pane becomes a new dashboard of that port once saved; a
// file that is not a dashboard is refused saying why.
func TestDashboardExportAndImport(t *testing.T) {
	dev, dev2 := newDevice(t), newDevice(t)
	srv := startDashboardServer(t, hub.Config{Name: "dev", Device: dev.pty.Path}, hub.Config{Name: "two", Device: dev2.pty.Path})
	putDashboard(t, srv, "lab", `{"name":"Lab","port":"dev","widgets":[
		{"id":"g","type":"gauge","value":"temp","min":0,"max":50,"x":0,"y":0,"w":3,"h":2},
		{"id":"b","type":"button","label":"Reset","send":"RESET\\n","x":3,"y":0,"w":2,"h":1}]}`)
	p := newPage(t)
	downloads := t.TempDir()
	if _, err := chromedp.CallBrowser(p.ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: downloads,
	}); err != nil {
		t.Fatal(err)
	}
	p.open(srv.URL + "/#port=dev")
	p.view("dashboard")
	p.waitFor("the dashboard", `(s) => document.querySelector(s).dataset.dashboard === 'lab'`, p.sel(".view-dashboard"))
	p.click("Export", p.dsel(".dash-export"))
	text := downloaded(t, downloads, "dashboard-lab.json", `"widgets"`)
	var d struct {
		ID      string           `json:"id"`
		Name    string           `json:"name"`
		Port    string           `json:"port"`
		Widgets []map[string]any `json:"widgets"`
	}
	if err := json.Unmarshal([]byte(text), &d); err != nil {
		t.Fatalf("the export is not JSON: %v\n%s", err, text)
	}
	if d.ID != "lab" || d.Name != "Lab" || d.Port != "dev" || len(d.Widgets) != 2 || d.Widgets[1]["send"] != `RESET\n` {
		t.Fatalf("exported %+v", d)
	}

	// Imported on port two, under another id and name.
	d.ID, d.Name = "lab-two", "Lab two"
	b, _ := json.Marshal(d)
	file := filepath.Join(t.TempDir(), "lab-two.json")
	if err := os.WriteFile(file, b, 0o644); err != nil {
		t.Fatal(err)
	}
	p.port = "two"
	p.do("open two", chromedp.Navigate(srv.URL+"/#port=two"))
	p.waitState("connected", "open")
	p.view("dashboard")
	p.waitFor("no dashboard for two", `(s) => document.querySelector(s).textContent.startsWith('No dashboard for this port yet')`, p.dsel(".dash-empty"))
	p.do("import", chromedp.SetUploadFiles(chromedp.CSS(p.dsel(".dash-file")), []string{file}))
	p.waitFor("imported, not saved", `(s) => { const v = document.querySelector(s); return v.dataset.dashboard === 'lab-two' && v.dataset.dirty === 'true' && v.querySelectorAll('.widget').length === 2; }`, p.sel(".view-dashboard"))
	p.click("Save", p.dsel(".dash-save"))
	p.waitFor("saved", `(s) => document.querySelector(s).dataset.dirty === 'false'`, p.sel(".view-dashboard"))
	res, err := http.Get(srv.URL + "/api/dashboards/lab-two")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	var got struct {
		Name, Port string
		Widgets    []map[string]any
	}
	if err := json.Unmarshal(body, &got); res.StatusCode != http.StatusOK || err != nil || got.Port != "two" || got.Name != "Lab two" || len(got.Widgets) != 2 {
		t.Fatalf("GET lab-two: %s %s", res.Status, body)
	}

	// Not a dashboard: refused, said why.
	bad := filepath.Join(t.TempDir(), "bad.json")
	if err := os.WriteFile(bad, []byte(`{"name":"x","widgets":[{"id":"a","type":"map"}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	p.do("import a bad file", chromedp.SetUploadFiles(chromedp.CSS(p.dsel(".dash-file")), []string{bad}))
	p.waitFor("refused", `() => [...document.querySelectorAll('.notice')].some((n) => n.textContent.includes('Not imported: bad.json: widget a: unknown type "map"'))`)
}
