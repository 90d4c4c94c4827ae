//go:build linux

// Browser tests of the plot view (issue 12): what it plots (item 4, "the
// plot is polluted") and how it reads (item 11, "the plot cannot be
// read"). Like console_test.go, each test reads as a user's steps against a
// real server and pseudo-terminal devices; what the chart draws is checked
// on its canvas (the pixels of a series' colour), its scales through the
// data-x-min, data-x-max, data-y-min and data-y-max attributes of
// .plot-host (the chart's scales as drawn).
package web_test

import (
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/serialtest"
	"github.com/serialhub/serialhub/internal/server"
)

// ===== Plot helpers ======================================================

// legendJS evaluates to the plot legend as "name=value|name=value…".
func (p *page) legendJS() string {
	return fmt.Sprintf(`[...document.querySelectorAll(%q)].map((b) => b.querySelector('.name').textContent + '=' + b.querySelector('.value').textContent).join('|')`,
		p.sel(".plot-legend .series"))
}

// legend returns the plot legend as "name=value|name=value…", in order.
func (p *page) legend() string {
	p.t.Helper()
	return eval[string](p, p.legendJS())
}

// waitLegend waits until the plot legend reads exactly want.
func (p *page) waitLegend(want string) {
	p.t.Helper()
	p.waitFor("plot legend "+want, `(want) => `+p.legendJS()+` === want`, want)
}

// points is the number of lines the plot holds (data-points).
func (p *page) points() int {
	p.t.Helper()
	return eval[int](p, fmt.Sprintf(`Number(document.querySelector(%q).dataset.points)`, p.sel(".plot-host")))
}

// waitPoints waits until the plot holds n lines.
func (p *page) waitPoints(n int) {
	p.t.Helper()
	p.waitFor(fmt.Sprintf("%d plot points", n), `(s, n) => Number(document.querySelector(s).dataset.points) === n`, p.sel(".plot-host"), n)
}

// plotScales are the chart's ranges as drawn.
type plotScales struct{ XMin, XMax, YMin, YMax float64 }

func (p *page) scales() plotScales {
	p.t.Helper()
	v := eval[[]float64](p, fmt.Sprintf(`(() => { const d = document.querySelector(%q).dataset; return [d.xMin, d.xMax, d.yMin, d.yMax].map(Number); })()`, p.sel(".plot-host")))
	return plotScales{v[0], v[1], v[2], v[3]}
}

// waitYMax waits until the chart's Y range ends between lo and hi.
func (p *page) waitYMax(what string, lo, hi float64) {
	p.t.Helper()
	p.waitFor(what, `(s, lo, hi) => { const v = Number(document.querySelector(s).dataset.yMax); return v >= lo && v <= hi; }`, p.sel(".plot-host"), lo, hi)
}

// columnsJS is a function (host, key) returning, for each pixel column of
// the chart's plotting area, whether a pixel of the colour of series key
// (its legend swatch) is drawn in it.
const columnsJS = `(hostSel, key) => {
	const host = document.querySelector(hostSel);
	const canvas = host.querySelector('canvas');
	const over = host.querySelector('.u-over');
	const swatch = host.closest('.view-plot').querySelector('.plot-legend .series[data-key="' + CSS.escape(key) + '"] .swatch');
	if (!canvas || !over || !swatch) return [];
	const want = getComputedStyle(swatch).backgroundColor.match(/\d+/g).map(Number);
	const cr = canvas.getBoundingClientRect(), or = over.getBoundingClientRect();
	const sx = canvas.width / cr.width, sy = canvas.height / cr.height;
	const x0 = Math.round((or.left - cr.left) * sx), y0 = Math.round((or.top - cr.top) * sy);
	const w = Math.round(or.width * sx), hgt = Math.round(or.height * sy);
	const img = canvas.getContext('2d').getImageData(x0, y0, w, hgt).data;
	const cols = [];
	for (let x = 0; x < w; x++) {
		let hit = false;
		for (let y = 0; y < hgt && !hit; y++) {
			const i = (y * w + x) * 4;
			// Drawn pixels are opaque or partly so (antialiasing) on a
			// transparent canvas, in the series' colour.
			hit = img[i + 3] > 64 && Math.abs(img[i] - want[0]) + Math.abs(img[i + 1] - want[1]) + Math.abs(img[i + 2] - want[2]) < 40;
		}
		cols.push(hit);
	}
	return cols;
}`

// drawnJS is a function (host, key) telling whether series key is drawn at
// all; brokenJS whether its drawing has a hole: four columns without it
// (a vertical grid line hides a column or two) between columns with it.
const (
	drawnJS  = `(hostSel, key) => (` + columnsJS + `)(hostSel, key).some(Boolean)`
	brokenJS = `(hostSel, key) => { const c = (` + columnsJS + `)(hostSel, key); const a = c.indexOf(true), b = c.lastIndexOf(true); return a >= 0 && /0{4}/.test(c.slice(a, b + 1).map(Number).join('')); }`
)

// broken tells whether the line of series key has a hole.
func (p *page) broken(key string) bool {
	p.t.Helper()
	return eval[bool](p, fmt.Sprintf(`(%s)(%q, %q)`, brokenJS, p.sel(".plot-host"), key))
}

// overRect is the chart's plotting area in the window: left, top, width, height.
func (p *page) overRect() (x, y, w, h float64) {
	p.t.Helper()
	r := eval[[]float64](p, fmt.Sprintf(`(() => { const r = document.querySelector(%q).getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; })()`, p.sel(".plot-host .u-over")))
	return r[0], r[1], r[2], r[3]
}

// drag drags the mouse with the left button from (x0, y0) to (x1, y1).
func (p *page) drag(what string, x0, y0, x1, y1 float64) {
	p.t.Helper()
	acts := []chromedp.Action[chromedp.Void]{
		chromedp.MouseEvent(chromedp.MouseMoved, x0, y0),
		chromedp.MouseEvent(chromedp.MousePressed, x0, y0, chromedp.ButtonLeft, chromedp.ClickCount(1)),
	}
	for i := 1; i <= 8; i++ {
		f := float64(i) / 8
		acts = append(acts, chromedp.MouseEvent(chromedp.MouseMoved, x0+(x1-x0)*f, y0+(y1-y0)*f, chromedp.ButtonLeft))
	}
	acts = append(acts, chromedp.MouseEvent(chromedp.MouseReleased, x1, y1, chromedp.ButtonLeft, chromedp.ClickCount(1)))
	p.do(what, acts...)
}

// plotPage opens the console on srv with the plot shown, window "all"
// (the chart's x range is then exactly the data's).
func plotPage(t *testing.T, srv *serialtest.Server, w *watcher) *page {
	t.Helper()
	p := newPage(t)
	p.open(srv.URL)
	if w != nil {
		w.waitPage()
	}
	p.view("plot")
	p.choose(p.sel(".plot-window"), "0")
	return p
}

// ===== Item 4: the plot is polluted ======================================

// TestPlotStartsAtTheFirstWholeLineOfAReplay: a page opened (or reloaded)
// after the device talked gets the scrollback, which begins in the middle
// of a line unless it begins at the stream's start: the cut line is not
// plotted (it made series such as "m" out of "num:3"); a scrollback from
// the start of the stream keeps its first line.
func TestPlotStartsAtTheFirstWholeLineOfAReplay(t *testing.T) {
	cut, whole := newDevice(t), newDevice(t)
	srv, w := startServer(t, "",
		hub.Config{Name: "cut", Device: cut.pty.Path, Scrollback: 100},
		hub.Config{Name: "whole", Device: whole.pty.Path})

	// 30 lines of 6 bytes: the last 100 bytes begin at offset 80, two bytes
	// into "num:3\n", so the replay starts with "m:3\n", then 16 whole lines.
	var b strings.Builder
	for i := range 30 {
		fmt.Fprintf(&b, "num:%d\n", i%10)
	}
	cut.write(b.String())
	w[0].readData(b.Len())
	whole.write("first:1\nnum:2\n")
	w[1].readData(len("first:1\nnum:2\n"))

	p := newPage(t)
	p.port = "cut"
	p.open(srv.URL + "/?port=cut")
	p.view("plot")
	for _, when := range []string{"opened", "reloaded"} {
		p.waitFor("num in the legend", `(want) => `+p.legendJS()+`.includes(want)`, "num=9")
		if got, n := p.legend(), p.points(); got != "num=9" || n != 16 {
			t.Fatalf("page %s: legend %q with %d points, want num=9 with 16 (the replay's cut first line not plotted)", when, got, n)
		}
		if when == "opened" {
			p.do("reload", chromedp.Reload())
			p.waitState("connected", "open")
		}
	}

	// A replay from offset 0 begins with a whole line: it is plotted.
	p.port = "whole"
	p.open(srv.URL + "/?port=whole")
	p.view("plot")
	p.waitLegend("first=1|num=2")
	if n := p.points(); n != 2 {
		t.Fatalf("%d points from a replay from the stream's start, want 2", n)
	}
}

// TestPlotIgnoresEchoesOfWhatWasSent: a device that echoes commands (as a
// REPL or the simulator does) sends back what the user sent; "rate 20"
// made a series "value 2". What the console sent is never plotted, whether
// sent from the send box or typed in the terminal.
func TestPlotIgnoresEchoesOfWhatWasSent(t *testing.T) {
	dev := newDevice(t)
	srv, w := startServer(t, "", hub.Config{Name: "dev", Device: dev.pty.Path})
	p := plotPage(t, srv, w[0])
	dev.write("temp:20\r\n")
	p.waitLegend("temp=20")

	// The send box: the device echoes the command, answers, goes on.
	p.do("send rate 20", chromedp.SendKeys(chromedp.CSS(p.sel(".send-input")), "rate 20"+kb.Enter))
	dev.expect("rate 20\n")
	dev.write("rate 20\r\nok: rate 20\r\ntemp:21\r\n")
	p.waitFor("temp=21", `() => `+p.legendJS()+`.includes('temp=21')`)
	if got := p.legend(); got != "temp=21" {
		t.Fatalf("legend %q after the echo of rate 20, want temp=21 only", got)
	}

	// Typed in the terminal, echoed as typed.
	p.view("terminal")
	p.do("type rate 30, Enter in the terminal",
		chromedp.Click(chromedp.CSS(p.sel(".term-host"))),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := chromedp.Call(ctx, input.InsertText, input.InsertTextParams{Text: "rate 30"})
			return err
		}),
		typeKeys(kb.Enter))
	dev.expect("rate 30") // (then the line ending Enter sends, whichever it is)
	dev.write("rate 30\r\ntemp:22\r\n")
	p.view("plot")
	p.waitFor("temp=22", `() => `+p.legendJS()+`.includes('temp=22')`)
	if got, n := p.legend(), p.points(); got != "temp=22" || n != 3 {
		t.Fatalf("legend %q with %d points after the echo of rate 30, want temp=22 with 3", got, n)
	}
}

// TestPlotYRangeFollowsWhatIsShown: a lone point (a series printed once)
// was invisible, yet stretched the Y axis. Now a lone point is drawn, and
// the automatic Y range comes from what is shown: hiding the series or
// dropping it from the legend gives the axis back to the others; a
// dropped series stays out.
func TestPlotYRangeFollowsWhatIsShown(t *testing.T) {
	dev := newDevice(t)
	srv, w := startServer(t, "", hub.Config{Name: "dev", Device: dev.pty.Path})
	p := plotPage(t, srv, w[0])
	for i, line := range []string{"a:10", "a:11", "spike:200", "a:12", "a:11"} {
		dev.write(line + "\n")
		p.waitPoints(i + 1)
	}
	p.waitLegend("a=11|spike=200")
	p.waitFor("the lone point drawn", fmt.Sprintf(`() => (%s)(%q, 'spike')`, drawnJS, p.sel(".plot-host")))
	p.waitYMax("the Y axis up to 200", 200, 250)
	p.screenshot("console-plot-lone-point.png")

	// Hidden: the axis is a's alone.
	p.do("hide spike", chromedp.Click(chromedp.CSS(p.sel(`.plot-legend .series[data-key="spike"]`))))
	p.waitYMax("the Y axis without the hidden spike", 12, 20)
	p.do("show spike", chromedp.Click(chromedp.CSS(p.sel(`.plot-legend .series[data-key="spike"]`))))
	p.waitYMax("the Y axis with spike again", 200, 250)

	// Dropped: gone from the legend and the axis, and it stays out.
	p.do("drop spike", chromedp.Click(chromedp.CSS(p.sel(`.plot-legend .legend-item[data-key="spike"] .drop`))))
	p.waitLegend("a=11")
	p.waitYMax("the Y axis without the dropped spike", 12, 20)
	dev.write("spike:300\na:13\n")
	p.waitLegend("a=13")
	if s := p.scales(); s.YMax > 20 {
		t.Fatalf("Y axis up to %v after a dropped series printed 300, want a's range", s.YMax)
	}
	// Clear brings dropped series back.
	p.do("clear", chromedp.Click(chromedp.CSS(p.sel("[data-id=plotClear]"))))
	dev.write("spike:5,a:14\n")
	p.waitLegend("spike=5|a=14")
}

// TestPlotBreaksLinesAtGaps: a line joined values across gaps it knew
// nothing about. A series missing from lines where it used to be, a
// connection lost (even in the middle of a line) and a silence of the
// device break the line; series printed on lines of their own are joined.
func TestPlotBreaksLinesAtGaps(t *testing.T) {
	dev := newDevice(t)
	srv, err := serialtest.StartServer(serialtest.Options{
		Ports:  []hub.Config{{Name: "dev", Device: dev.pty.Path}},
		Server: server.Config{MaxMessage: 64}, // a longer message from the page closes its connection
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	w := watch(t, srv, "dev")
	w.waitStatus("port open", func(i *protocol.Port) bool { return i.State == protocol.StateOpen })
	p := plotPage(t, srv, w)
	total := 0 // bytes the device sent
	lines := func(from int, ls ...string) {
		t.Helper()
		for i, l := range ls {
			dev.write(l + "\n")
			total += len(l) + 1
			p.waitPoints(from + i + 1)
		}
	}

	// b is missing from two lines of a's: its line breaks there; t and h,
	// printed on lines of their own, are joined.
	// (Each series in a band of its own: no line hides another.)
	lines(0, "a:1,b:11", "t:21", "h:31", "a:2,b:12", "t:22", "h:32", "a:3", "a:4", "a:5,b:15", "a:6,b:16", "t:23", "h:33")
	p.waitFor("b's line broken", fmt.Sprintf(`() => (%s)(%q, 'b')`, brokenJS, p.sel(".plot-host")))
	for _, k := range []string{"a", "t", "h"} {
		if p.broken(k) {
			t.Errorf("series %s has a hole, want it joined", k)
		}
	}
	p.screenshot("console-plot-gaps.png")

	// The connection is lost in the middle of a line ("nu" … "m:5"): the
	// line breaks at the marker, and neither part of the cut line is
	// plotted (it made a series "m").
	p.do("clear", chromedp.Click(chromedp.CSS(p.sel("[data-id=plotClear]"))))
	lines(0, "c:1", "c:2")
	dev.write("nu")
	total += 2
	p.waitFor("the page has received nu", `(s, n) => document.querySelector(s).dataset.bytesIn === n`, `.pane[data-port="dev"]`, fmt.Sprint(total))
	p.do("send a line over the size limit", chromedp.SendKeys(chromedp.CSS(p.sel(".send-input")), strings.Repeat("x", 100)+kb.Enter))
	w.waitStatus("the page gone (1 client)", func(i *protocol.Port) bool { return i.Clients == 1 })
	w.waitPage()
	dev.write("m:5\nc:3\n")
	p.waitPoints(3)
	dev.write("c:4\n")
	p.waitPoints(4)
	p.waitFor("c's line broken at the marker", fmt.Sprintf(`() => (%s)(%q, 'c')`, brokenJS, p.sel(".plot-host")))
	if got := p.legend(); got != "c=4" {
		t.Fatalf("legend %q after a line cut by a lost connection, want c=4 only", got)
	}

	// The device falls silent for a while, then goes on: the line breaks.
	p.do("clear", chromedp.Click(chromedp.CSS(p.sel("[data-id=plotClear]"))))
	lines(0, "d:1", "d:2", "d:3")
	<-time.After(1500 * time.Millisecond) // the device says nothing for 1.5 s
	lines(3, "d:4", "d:5")
	p.waitFor("d's line broken at the silence", fmt.Sprintf(`() => (%s)(%q, 'd')`, brokenJS, p.sel(".plot-host")))
}

// TestPlotColoursFollowNames: a series' colour comes from its name, not
// from the order series arrived in, so it is the same after a Clear, a
// reload, or on another port.
func TestPlotColoursFollowNames(t *testing.T) {
	dev := newDevice(t)
	srv, w := startServer(t, "", hub.Config{Name: "dev", Device: dev.pty.Path})
	p := plotPage(t, srv, w[0])
	swatches := func() (string, string) {
		t.Helper()
		c := eval[[]string](p, fmt.Sprintf(`['temp', 'hum'].map((k) => getComputedStyle(document.querySelector(%q + '[data-key="' + k + '"] .swatch')).backgroundColor)`, p.sel(".plot-legend .series")))
		return c[0], c[1]
	}
	dev.write("hum:40\ntemp:21\n")
	p.waitLegend("hum=40|temp=21")
	temp, hum := swatches()
	if temp == hum {
		t.Fatalf("temp and hum share the colour %s", temp)
	}
	p.do("clear", chromedp.Click(chromedp.CSS(p.sel("[data-id=plotClear]"))))
	dev.write("temp:22\nhum:41\n")
	p.waitLegend("temp=22|hum=41")
	if t2, h2 := swatches(); t2 != temp || h2 != hum {
		t.Fatalf("colours temp %s, hum %s after they arrived in the other order, want %s and %s", t2, h2, temp, hum)
	}
}

// ===== Item 11: the plot cannot be read ==================================

// TestPlotReadoutOnHover: the values under the mouse, with the device time
// of their line, live (following new data under the mouse) and paused.
func TestPlotReadoutOnHover(t *testing.T) {
	dev := newDevice(t)
	srv, w := startServer(t, "", hub.Config{Name: "dev", Device: dev.pty.Path})
	p := plotPage(t, srv, w[0])
	for i := range 5 {
		dev.write(fmt.Sprintf("v:%d,u:%d\n", 10+i, 20+i))
		p.waitPoints(i + 1)
	}
	x, y, wd, ht := p.overRect()
	readoutJS := fmt.Sprintf(`(() => { const r = document.querySelector(%q); return r && !r.hidden ? r.textContent : ''; })()`, p.sel(".plot-readout"))
	p.do("hover the middle of the plot", chromedp.MouseEvent(chromedp.MouseMoved, x+wd/2, y+ht/2))
	p.waitFor("a readout", `() => `+readoutJS+` !== ''`)
	stamp := eval[string](p, fmt.Sprintf(`document.querySelector(%q).textContent`, p.sel(".plot-readout .time")))
	if !regexp.MustCompile(`^\d\d:\d\d:\d\d\.\d{3}$`).MatchString(stamp) {
		t.Fatalf("readout time %q, want the device time as HH:MM:SS.mmm", stamp)
	}
	vals := eval[[]string](p, fmt.Sprintf(`[...document.querySelectorAll(%q)].map((r) => r.dataset.key + '=' + r.querySelector('.value').textContent)`, p.sel(".plot-readout .row")))
	if len(vals) != 2 || !regexp.MustCompile(`^v=1[0-4]$`).MatchString(vals[0]) || !regexp.MustCompile(`^u=2[0-4]$`).MatchString(vals[1]) {
		t.Fatalf("readout values %q, want v and u of one line", vals)
	}
	// Live: at the right edge, the readout shows the newest line, and
	// follows new lines without the mouse moving.
	valuesJS := fmt.Sprintf(`[...document.querySelectorAll(%q)].map((r) => r.querySelector('.value').textContent).join(',')`, p.sel(".plot-readout .row"))
	p.do("hover the right edge", chromedp.MouseEvent(chromedp.MouseMoved, x+wd-2, y+ht/2))
	p.waitFor("the last line's values", `() => `+valuesJS+` === '14,24'`)
	dev.write("v:15,u:25\n")
	p.waitFor("the new line's values, the mouse still", `() => `+valuesJS+` === '15,25'`)
	p.screenshot("console-plot-readout.png")

	// Paused: the readout still answers the mouse.
	p.do("click Pause", chromedp.Click(chromedp.CSS(p.sel(".plot-pause"))))
	p.do("hover near the left edge", chromedp.MouseEvent(chromedp.MouseMoved, x+3, y+ht/2))
	p.waitFor("the first line's values", `() => `+valuesJS+` === '10,20'`)
	p.do("leave the plot", chromedp.MouseEvent(chromedp.MouseMoved, x+wd/2, y-40))
	p.waitFor("no readout", `() => `+readoutJS+` === ''`)
}

// TestPlotPauseFreezesWhatIsShown: paused, the legend, its values and the
// chart hold still, while the data is still collected; Resume shows it.
func TestPlotPauseFreezesWhatIsShown(t *testing.T) {
	dev := newDevice(t)
	srv, w := startServer(t, "", hub.Config{Name: "dev", Device: dev.pty.Path})
	p := plotPage(t, srv, w[0])
	dev.write("t:1,h:2\n")
	p.waitLegend("t=1|h=2")
	before := p.scales()
	p.do("click Pause", chromedp.Click(chromedp.CSS(p.sel(".plot-pause"))))
	dev.write("t:5,h:6,x:9\n")
	p.waitPoints(2) // collected
	dev.write("t:7,h:8,x:10\n")
	p.waitPoints(3)
	if got, s := p.legend(), p.scales(); got != "t=1|h=2" || s != before {
		t.Fatalf("paused: legend %q, scales %+v; want the legend t=1|h=2 and scales %+v as when paused", got, s, before)
	}
	p.do("click Resume", chromedp.Click(chromedp.CSS(p.sel(".plot-pause"))))
	p.waitLegend("t=7|h=8|x=10")
}

// TestPlotZoomsInBothAxes: dragging over the chart zooms in time and in Y
// (a mostly horizontal drag zooms in time only, and the Y range then comes
// from the points in view); Reset zoom gives the whole view back.
func TestPlotZoomsInBothAxes(t *testing.T) {
	dev := newDevice(t)
	srv, w := startServer(t, "", hub.Config{Name: "dev", Device: dev.pty.Path})
	p := plotPage(t, srv, w[0])
	for i, v := range []int{500, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10} {
		dev.write(fmt.Sprintf("a:%d\n", v))
		p.waitPoints(i + 1)
	}
	p.waitYMax("the Y axis up to 500", 500, 600)
	whole := p.scales()
	x, y, wd, ht := p.overRect()

	// Time only: the right half, without the 500 at the start.
	p.drag("drag across the right half", x+wd/2, y+ht/2, x+wd-2, y+ht/2+3)
	p.waitYMax("the Y axis from the points in view", 5, 15)
	zoomed := p.scales()
	if zoomed.XMin <= whole.XMin || zoomed.XMax > whole.XMax {
		t.Fatalf("time range %v..%v after the drag, want inside %v..%v", zoomed.XMin, zoomed.XMax, whole.XMin, whole.XMax)
	}
	p.do("click Reset zoom", chromedp.Click(chromedp.CSS(p.sel(".plot-reset"))))
	p.waitYMax("the whole Y axis back", 500, 600)

	// A rectangle: both axes.
	p.drag("drag a rectangle", x+wd/4, y+ht/4, x+wd*3/4, y+ht*3/4)
	p.waitFor("a Y zoom", `(s) => { const d = document.querySelector(s).dataset; return Number(d.yMax) < 450 && Number(d.yMin) > 50; }`, p.sel(".plot-host"))
	if s := p.scales(); s.XMin <= whole.XMin || s.XMax >= whole.XMax {
		t.Fatalf("time range %v..%v after the rectangle, want inside %v..%v", s.XMin, s.XMax, whole.XMin, whole.XMax)
	}
	p.do("click Reset zoom", chromedp.Click(chromedp.CSS(p.sel(".plot-reset"))))
	p.waitYMax("the whole Y axis back", 500, 600)
	if s := p.scales(); s != whole {
		t.Fatalf("scales %+v after Reset zoom, want %+v", s, whole)
	}
}

// TestPlotRefusesAnInvertedYRange: a Y minimum above the maximum erased
// the axis without a word. It is refused with a message beside the
// fields, and the range shown stays as it was.
func TestPlotRefusesAnInvertedYRange(t *testing.T) {
	dev := newDevice(t)
	srv, w := startServer(t, "", hub.Config{Name: "dev", Device: dev.pty.Path})
	p := plotPage(t, srv, w[0])
	dev.write("a:1\na:9\n")
	p.waitPoints(2)
	p.setValue(p.sel(".plot-ymax"), "50")
	p.waitYMax("Y up to 50", 50, 50)
	kept := p.scales()
	errJS := fmt.Sprintf(`(() => { const e = document.querySelector(%q); return e && !e.hidden ? e.textContent : ''; })()`, p.sel(".plot-yerror"))

	p.setValue(p.sel(".plot-ymin"), "60")
	p.waitFor("a message about the Y range", `() => `+errJS+` !== ''`)
	if msg := eval[string](p, errJS); !strings.Contains(msg, "below") {
		t.Errorf("message %q, want it to say the minimum must be below the maximum", msg)
	}
	if s := p.scales(); s.YMin != kept.YMin || s.YMax != kept.YMax || s.YMin >= s.YMax {
		t.Fatalf("Y range %v..%v after an inverted entry, want it kept at %v..%v", s.YMin, s.YMax, kept.YMin, kept.YMax)
	}
	p.setValue(p.sel(".plot-ymin"), "0")
	p.waitFor("the message gone", `() => `+errJS+` === ''`)
	if s := p.scales(); s.YMin != 0 || s.YMax != 50 {
		t.Fatalf("Y range %v..%v, want 0..50", s.YMin, s.YMax)
	}
}

// TestPlotTimesAre24Hour: the time axis reads as the lines view does,
// 24-hour HH:MM:SS (with milliseconds when the ticks are closer than a
// second), never a US date or am/pm.
func TestPlotTimesAre24Hour(t *testing.T) {
	dev := newDevice(t)
	srv, w := startServer(t, "", hub.Config{Name: "dev", Device: dev.pty.Path})
	p := plotPage(t, srv, w[0])
	dev.write("a:1\n")
	p.waitPoints(1)
	dev.write("a:2\n")
	p.waitPoints(2)
	for _, win := range []string{"0", "10", "600"} {
		p.choose(p.sel(".plot-window"), win)
		p.waitFor("tick labels", `(s) => (document.querySelector(s).dataset.xTicks || '') !== ''`, p.sel(".plot-host"))
		ticks := strings.Split(eval[string](p, fmt.Sprintf(`document.querySelector(%q).dataset.xTicks`, p.sel(".plot-host"))), "|")
		for _, tick := range ticks {
			if !regexp.MustCompile(`^\d\d:\d\d:\d\d(\.\d{3})?$`).MatchString(tick) {
				t.Fatalf("window %s: time axis label %q (of %q), want HH:MM:SS(.mmm), 24-hour", win, tick, ticks)
			}
		}
	}
	p.screenshot("console-plot-24h.png")
}

// ===== Beyond: the plot as an instrument =================================

// TestPlotCursorsMeasureDifferences: with Cursors on, two clicks place
// cursors A and B on lines; the times, the time between them and each
// series' values and difference show.
func TestPlotCursorsMeasureDifferences(t *testing.T) {
	dev := newDevice(t)
	srv, w := startServer(t, "", hub.Config{Name: "dev", Device: dev.pty.Path})
	p := plotPage(t, srv, w[0])
	for i := range 5 {
		dev.write(fmt.Sprintf("v:%d,u:%d\n", 10+i, 20+2*i))
		p.waitPoints(i + 1)
	}
	x, y, wd, ht := p.overRect()
	p.do("click Cursors", chromedp.Click(chromedp.CSS(p.sel(".plot-cursors"))))
	p.do("click near the first line", chromedp.MouseClickXY(x+2, y+ht/2))
	p.do("click near the last line", chromedp.MouseClickXY(x+wd-2, y+ht/2))
	rowsJS := fmt.Sprintf(`[...document.querySelectorAll(%q)].map((r) => r.dataset.key + ' ' + r.querySelector('.value').textContent + ' ' + r.querySelector('.dy').textContent).join('|')`, p.sel(".plot-delta .row"))
	p.waitFor("both cursors measured", `(want) => `+rowsJS+` === want`, "v 10 → 14 Δ 4|u 20 → 28 Δ 8")
	got := eval[[]string](p, fmt.Sprintf(`['.ta', '.tb', '.dt'].map((c) => document.querySelector(%q + ' ' + c).textContent)`, p.sel(".plot-delta")))
	ta, errA := time.Parse("15:04:05.000", got[0])
	tb, errB := time.Parse("15:04:05.000", got[1])
	if errA != nil || errB != nil || !regexp.MustCompile(`^\d+\.\d{3} s$`).MatchString(got[2]) {
		t.Fatalf("cursor times %q, want A and B as HH:MM:SS.mmm and Δt in seconds", got)
	}
	// (The times shown are rounded to the millisecond, and so is Δt.)
	var dt float64
	if _, err := fmt.Sscanf(got[2], "%f s", &dt); err != nil || math.Abs(dt-tb.Sub(ta).Seconds()) > 0.0011 {
		t.Fatalf("Δt %q between %s and %s, want %.3f s (±1 ms)", got[2], got[0], got[1], tb.Sub(ta).Seconds())
	}
	if n := eval[int](p, fmt.Sprintf(`[...document.querySelectorAll(%q)].filter((e) => !e.hidden).length`, p.sel(".plot-cursor"))); n != 2 {
		t.Fatalf("%d cursors shown, want 2", n)
	}
	p.screenshot("console-plot-cursors.png")
	// Off: the cursors go.
	p.do("click Cursors", chromedp.Click(chromedp.CSS(p.sel(".plot-cursors"))))
	p.waitFor("no cursors", `(s) => [...document.querySelectorAll(s)].every((e) => e.hidden)`, p.sel(".plot-cursor, .plot-delta"))
}

// TestPlotExportsTheView: "CSV of view" saves the lines in the time range
// shown, with their device times; "PNG" the chart as shown.
func TestPlotExportsTheView(t *testing.T) {
	dev := newDevice(t)
	srv, w := startServer(t, "", hub.Config{Name: "dev", Device: dev.pty.Path})
	p := plotPage(t, srv, w[0])
	downloads := t.TempDir()
	if _, err := chromedp.CallBrowser(p.ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: downloads,
	}); err != nil {
		t.Fatal(err)
	}
	for i := range 10 {
		dev.write(fmt.Sprintf("a:%d,b:%d\n", i, 100+i))
		p.waitPoints(i + 1)
	}
	x, y, wd, ht := p.overRect()
	p.drag("drag across the right half", x+wd/2, y+ht/2, x+wd-2, y+ht/2)
	p.waitFor("zoomed", `(s) => !document.querySelector(s).disabled`, p.sel(".plot-reset"))
	p.do("hide b", chromedp.Click(chromedp.CSS(p.sel(`.plot-legend .series[data-key="b"]`))))
	sc := p.scales()

	p.do("click CSV of view", chromedp.Click(chromedp.CSS(p.sel(".plot-csv-view"))))
	csv := strings.Split(strings.TrimSuffix(downloaded(t, downloads, "dev-plot-view-*.csv", "\n"), "\n"), "\n")
	if csv[0] != "time,a" || len(csv) < 2 || len(csv) > 10 {
		t.Fatalf("CSV of view %q, want the header time,a and the lines in view", csv)
	}
	for _, row := range csv[1:] {
		ts, v, _ := strings.Cut(row, ",")
		at, err := time.Parse(time.RFC3339Nano, ts)
		sec := float64(at.UnixNano()) / 1e9
		if err != nil || !regexp.MustCompile(`^\d$`).MatchString(v) || sec < sc.XMin-1e-3 || sec > sc.XMax+1e-3 {
			t.Fatalf("CSV row %q, want a device time within the view (%v to %v) and a's value", row, sc.XMin, sc.XMax)
		}
	}
	if csv[len(csv)-1][len(csv[len(csv)-1])-1] != '9' {
		t.Fatalf("CSV of view ends with %q, want the last line (a:9)", csv[len(csv)-1])
	}

	p.do("click PNG", chromedp.Click(chromedp.CSS(p.sel(".plot-png"))))
	png := downloaded(t, downloads, "dev-plot-*.png", "IEND")
	width := eval[int](p, fmt.Sprintf(`document.querySelector(%q).width`, p.sel(".plot-host canvas")))
	if !strings.HasPrefix(png, "\x89PNG\r\n\x1a\n") || len(png) < 24 || int(binary.BigEndian.Uint32([]byte(png[16:20]))) != width {
		t.Fatalf("PNG of %d bytes, want a PNG as wide as the chart (%d px)", len(png), width)
	}
}
