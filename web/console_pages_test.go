//go:build linux

package web_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/serialhub/serialhub/internal/auth"
	"github.com/serialhub/serialhub/internal/decode"
	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/serialtest"
	"github.com/serialhub/serialhub/internal/server"
	"github.com/serialhub/serialhub/internal/values"
)

// seedPage is the example page of docs/pages.md, served with --pages.
var seedPage = os.DirFS("../examples/seed-page")

// logRowsJS evaluates to the example page's log rows as "kind text" (the
// time left out).
const logRowsJS = `[...document.querySelectorAll('#log > div')].map((r) => r.className + ' ' + r.lastChild.textContent)`

// TestSeedPageOnTheSDK: the seed's page rebuilt on /sdk/serialhub.js
// (examples/seed-page), served from --pages: a line the device sends shows
// in the log with its time, a line typed in the box reaches the device,
// Clear empties the log, and after the connection is cut the page comes
// back by itself and shows what the device said meanwhile, once.
func TestSeedPageOnTheSDK(t *testing.T) {
	dev := newDevice(t)
	srv, err := serialtest.StartServer(serialtest.Options{
		Ports: []hub.Config{{Name: "dev", Device: dev.pty.Path}},
		// A message over 64 bytes closes the page's WebSocket (1009):
		// the cut the page must survive.
		Server: server.Config{Pages: seedPage, MaxMessage: 64},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	w := watch(t, srv, "dev")
	w.waitStatus("port open", func(i *protocol.Port) bool { return i.State == protocol.StateOpen })

	p := newPage(t)
	p.do("open the page", chromedp.Navigate(srv.URL+"/pages/?port=dev"))
	p.waitFor("connected", `() => document.getElementById('state').textContent === 'dev: connected'`)
	w.waitPage()

	dev.write("temp=21.5\r\n")
	p.waitFor("the device's line in the log", `() => `+logRowsJS+`.includes('rx temp=21.5')`)
	if ts := eval[string](p, `document.querySelector('#log .rx time').textContent`); len(ts) != len("15:04:05.000") {
		t.Fatalf("the line's time %q, want HH:MM:SS.mmm", ts)
	}

	p.do("type a command", chromedp.SendKeys(chromedp.ID("text"), "LED ON"+kb.Enter))
	dev.expect("LED ON\n")
	p.waitFor("the sent line in the log", `() => `+logRowsJS+`.includes('tx LED ON')`)

	p.do("Clear", chromedp.Click(chromedp.ID("clear")))
	if n := eval[int](p, `document.querySelectorAll('#log > div').length`); n != 0 {
		t.Fatalf("%d rows after Clear, want none", n)
	}

	// The connection is cut (the server closes it: a message too large);
	// the device talks while the page is away.
	p.do("send a line over the size limit", chromedp.SendKeys(chromedp.ID("text"), strings.Repeat("x", 100)+kb.Enter))
	w.waitStatus("the page gone (1 client)", func(i *protocol.Port) bool { return i.Clients == 1 })
	dev.write("while away 1\nwhile away 2\n")
	w.readData(len("while away 1\nwhile away 2\n"))
	p.waitFor("the page back", `() => document.getElementById('state').textContent === 'dev: connected'`)
	dev.write("back\n")
	p.waitFor("the live line after the resumed ones", `() => `+logRowsJS+`.includes('rx back')`)
	var rx []string
	for _, r := range eval[[]string](p, logRowsJS) {
		if !strings.HasPrefix(r, "tx ") {
			rx = append(rx, r)
		}
	}
	if strings.Join(rx, "|") != "rx while away 1|rx while away 2|rx back" {
		t.Fatalf("log after the cut %q, want the two lines said while away (once each) and the live one, nothing missed", rx)
	}
}

// TestPagesNeedTheConsoleLogin: on a server with users, /pages/ without a
// session sends the browser to the console's login, which brings it back
// to the page once logged in; the page then talks to the port.
func TestPagesNeedTheConsoleLogin(t *testing.T) {
	const token = "shub_pages-control-token"
	users, err := auth.New(auth.Config{Users: []auth.User{
		{Name: "ctl", TokenHashes: []string{auth.HashToken(token)}, Roles: map[string]auth.Role{"*": auth.RoleControl}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	dev := newDevice(t)
	srv, w := startServerAs(t, serialtest.Options{
		Ports:  []hub.Config{{Name: "dev", Device: dev.pty.Path}},
		Server: server.Config{Auth: users, Pages: seedPage},
	}, http.Header{"Authorization": {"Bearer " + token}})

	p := newPage(t)
	p.do("open the page", chromedp.Navigate(srv.URL+"/pages/?port=dev"))
	p.waitFor("the console's login form", `() => location.pathname === '/' && document.getElementById('login-dialog').open`)
	p.setValue("#login-token", token)
	p.do("log in", chromedp.Click(chromedp.ID("login-submit")), chromedp.WaitReady(chromedp.ID("log")))
	p.waitFor("back on the page, connected", `() => location.pathname + location.search === '/pages/?port=dev' && document.getElementById('state').textContent === 'dev: connected'`)
	w[0].waitPage()
	dev.write("hello\n")
	p.waitFor("the device's line", `() => `+logRowsJS+`.includes('rx hello')`)
}

// tempDecoder is a decoder for the test: each line "temp=N" is a record
// {temp: N}; other lines are errors.
type tempDecoder struct {
	buf  []byte
	errs uint64
}

func (d *tempDecoder) Feed(dst []decode.Record, b []byte, t time.Time, off uint64) []decode.Record {
	for i, c := range b {
		if c != '\n' {
			d.buf = append(d.buf, c)
			continue
		}
		v, ok := strings.CutPrefix(strings.TrimSpace(string(d.buf)), "temp=")
		d.buf = d.buf[:0]
		n, err := strconv.ParseFloat(v, 64)
		if !ok || err != nil {
			d.errs++
			continue
		}
		dst = append(dst, decode.Record{Time: t, Offset: off + uint64(i) + 1, Values: []decode.Value{{Name: "temp", Num: n}}})
	}
	return dst
}

func (d *tempDecoder) Gap()           { d.buf = d.buf[:0] }
func (d *tempDecoder) Errors() uint64 { return d.errs }

// TestPageShowsADecodersValue: the values example of docs/pages.md, on a
// port with a decoder: the number shown follows the device's records.
func TestPageShowsADecodersValue(t *testing.T) {
	dir := t.TempDir()
	page := map[string]string{
		"index.html": `<!doctype html><meta charset="utf-8"><script type="module" src="app.js"></script>` +
			`<p>Temperature: <output id="temp">–</output> °C <small id="at"></small></p>`,
		// As in docs/pages.md, "A value from a decoder".
		"app.js": `import { connect } from '/sdk/serialhub.js';

const port = connect('dev', { lines: false, values: true });
port.on('values', (record) => {
  if (typeof record.values.temp !== 'number') return;
  document.getElementById('temp').textContent = record.values.temp.toFixed(1);
  document.getElementById('at').textContent = new Date(record.time).toLocaleTimeString();
});`,
	}
	for name, text := range page {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dev := newDevice(t)
	engine, err := values.New(values.Config{Name: "temp", Decoder: &tempDecoder{}})
	if err != nil {
		t.Fatal(err)
	}
	srv, w := startServerOpts(t, serialtest.Options{
		Ports:  []hub.Config{{Name: "dev", Device: dev.pty.Path, Observers: []hub.Observer{engine}}},
		Server: server.Config{Pages: os.DirFS(dir)},
	})
	port, _ := srv.Hub.Port("dev")
	engine.Attach(port)

	p := newPage(t)
	p.do("open the page", chromedp.Navigate(srv.URL+"/pages/"))
	w[0].waitPage()
	dev.write("temp=21.54\nnoise\n")
	p.waitFor("the first value", `() => document.getElementById('temp').textContent === '21.5' && document.getElementById('at').textContent !== ''`)
	dev.write("temp=22\n")
	p.waitFor("the next value", `() => document.getElementById('temp').textContent === '22.0'`)
}

// TestPageStreamsAJobOnTheSDK: a page of the user's own starts a job with
// the SDK's startJob, and shows its progress from the job events; the
// device gets the lines one by one, as the line profile paces them.
func TestPageStreamsAJobOnTheSDK(t *testing.T) {
	dir := t.TempDir()
	page := map[string]string{
		"index.html": `<!doctype html><meta charset="utf-8"><script type="module" src="app.js"></script>` +
			`<button id="go">Print</button> <output id="job">idle</output>`,
		"app.js": `import { connect } from '/sdk/serialhub.js';

const port = connect('dev', { lines: false });
const out = document.getElementById('job');
port.on('job', (j) => { out.textContent = j.state + ' ' + j.acked + '/' + j.lines; });
document.getElementById('go').addEventListener('click', async () => {
  try {
    const j = await port.startJob('G28\n; home\nG1 X10\nG1 X20\n', { profile: 'line', name: 'part.gcode', options: { comments: 'gcode' } });
    out.dataset.id = j.id;
  } catch (e) {
    out.textContent = 'refused: ' + e.code;
  }
});`,
	}
	for name, text := range page {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dev := newDevice(t)
	srv, w := startServerOpts(t, serialtest.Options{
		Ports:  []hub.Config{{Name: "dev", Device: dev.pty.Path}},
		Server: server.Config{Pages: os.DirFS(dir)},
	})
	d := readLines(t, dev)
	p := newPage(t)
	p.do("open the page", chromedp.Navigate(srv.URL+"/pages/"))
	w[0].waitPage()
	p.click("Print", "#go")
	for _, line := range []string{"G28", "G1 X10", "G1 X20"} {
		d.expect(line)
		d.ok()
	}
	p.waitFor("the job done, from its events", `() => document.getElementById('job').textContent === 'done 3/3' && document.getElementById('job').dataset.id === '1'`)
	d.none("after the job")
}
