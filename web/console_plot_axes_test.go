//go:build linux

// Browser tests of the plot's units, axes and x by sample (issue 12,
// "beyond the anchors": per-series units and axes, x by time or by
// sample). As in console_plot_test.go, the chart's scales are read from
// the data-* attributes of .plot-host: data-x-min|max, data-y-min|max
// (left axis), data-y2-min|max (right axis, absent without one),
// data-y-label, data-y2-label (an axis's unit), data-x-mode and
// data-x-ticks.
package web_test

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"github.com/serialhub/serialhub/internal/hub"
)

// hostData returns the data-* attributes of the plot's .plot-host.
func (p *page) hostData() map[string]string {
	p.t.Helper()
	return eval[map[string]string](p, fmt.Sprintf(`({ ...document.querySelector(%q).dataset })`, p.sel(".plot-host")))
}

// hostNumber is a data-* attribute of .plot-host as a number (NaN when absent).
func (p *page) hostNumber(key string) float64 {
	p.t.Helper()
	v, err := strconv.ParseFloat(p.hostData()[key], 64)
	if err != nil {
		return -1e308
	}
	return v
}

// editSeries opens the editor of a series' unit and axis from its legend entry (▾).
func (p *page) editSeries(key string) {
	p.t.Helper()
	opts := p.sel(fmt.Sprintf(`.plot-legend .legend-item[data-key=%q] .opts`, key))
	p.waitFor(key+"'s ▾ (unit and axis) in the legend", `(s) => document.querySelector(s) !== null`, opts)
	p.do("open the unit and axis of "+key, chromedp.Click(chromedp.CSS(opts)))
	p.waitFor("the unit and axis editor", `(s) => { const e = document.querySelector(s); return e && e.checkVisibility(); }`, p.sel(".plot-series-editor"))
}

// legendUnit is the unit shown in the legend entry of series key ("" when none).
func (p *page) legendUnit(key string) string {
	p.t.Helper()
	return eval[string](p, fmt.Sprintf(`(() => { const u = document.querySelector(%q); return u ? u.textContent : ''; })()`,
		p.sel(fmt.Sprintf(`.plot-legend .series[data-key=%q] .unit`, key))))
}

// allowDownloads lets the page download into a new temporary folder.
func allowDownloads(t *testing.T, p *page) string {
	t.Helper()
	dir := t.TempDir()
	if _, err := chromedp.CallBrowser(p.ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir,
	}); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestPlotUnitsAreSetInTheLegend: a unit typed for a series in its legend
// entry shows in the legend, the readout under the mouse, the cursors'
// differences and the CSV header ("temp (°C)"); it is remembered for the
// port and series name across a reload, and another port's series of the
// same name keeps its own (none).
func TestPlotUnitsAreSetInTheLegend(t *testing.T) {
	dev, other := newDevice(t), newDevice(t)
	srv, w := startServer(t, "",
		hub.Config{Name: "dev", Device: dev.pty.Path},
		hub.Config{Name: "other", Device: other.pty.Path})
	p := plotPage(t, srv, w[0])
	downloads := allowDownloads(t, p)
	for i := range 5 {
		dev.write(fmt.Sprintf("temp:%d.5,hum:%d\n", 20+i, 40+i))
		p.waitPoints(i + 1)
	}
	p.waitLegend("temp=24.5|hum=44")

	p.editSeries("temp")
	p.setValue(p.sel(".plot-series-editor .unit-input"), "°C")
	p.waitFor("°C in temp's legend entry", `(s) => { const u = document.querySelector(s); return u && u.textContent === '°C'; }`,
		p.sel(`.plot-legend .series[data-key="temp"] .unit`))
	if u := p.legendUnit("hum"); u != "" {
		t.Fatalf("hum's legend entry shows the unit %q, want none", u)
	}
	p.do("close the editor", chromedp.Click(chromedp.CSS(p.sel(".plot-series-editor .editor-done"))))

	// The readout under the mouse.
	x, y, wd, ht := p.overRect()
	rowsJS := func(box string) string {
		return fmt.Sprintf(`[...document.querySelectorAll(%q)].map((r) => r.dataset.key + ':' + (r.querySelector('.unit') ? r.querySelector('.unit').textContent : '')).join('|')`, p.sel(box+" .row"))
	}
	p.do("hover the plot", chromedp.MouseEvent(chromedp.MouseMoved, x+wd/2, y+ht/2))
	p.waitFor("a readout with temp's unit", `(want) => `+rowsJS(".plot-readout")+` === want`, "temp:°C|hum:")

	// The cursors' differences.
	p.do("click Cursors", chromedp.Click(chromedp.CSS(p.sel(".plot-cursors"))))
	p.do("click near the first line", chromedp.MouseClickXY(x+2, y+ht/2))
	p.do("click near the last line", chromedp.MouseClickXY(x+wd-2, y+ht/2))
	dyJS := fmt.Sprintf(`[...document.querySelectorAll(%q)].map((r) => r.dataset.key + ' ' + r.querySelector('.value').textContent + (r.querySelector('.unit') ? ' ' + r.querySelector('.unit').textContent : '') + ' ' + r.querySelector('.dy').textContent).join('|')`, p.sel(".plot-delta .row"))
	p.waitFor("the differences with temp's unit", `(want) => `+dyJS+` === want`, "temp 20.5 → 24.5 °C Δ 4 °C|hum 40 → 44 Δ 4")
	p.screenshot("console-plot-units.png")

	// The CSV header.
	p.do("click Export CSV", chromedp.Click(chromedp.CSS(p.sel(".plot-csv"))))
	csv := strings.Split(downloaded(t, downloads, "dev-plot-2*.csv", "\n"), "\n")
	if csv[0] != "time,temp (°C),hum" {
		t.Fatalf("CSV header %q, want time,temp (°C),hum", csv[0])
	}

	// Remembered for the port and series across a reload.
	p.do("reload", chromedp.Reload())
	p.waitState("connected", "open")
	p.view("plot")
	p.waitLegend("temp=24.5|hum=44")
	if u, h := p.legendUnit("temp"), p.legendUnit("hum"); u != "°C" || h != "" {
		t.Fatalf("after a reload the legend shows the units %q (temp) and %q (hum), want °C and none", u, h)
	}
	p.editSeries("temp")
	if v := eval[string](p, fmt.Sprintf(`document.querySelector(%q).value`, p.sel(".plot-series-editor .unit-input"))); v != "°C" {
		t.Fatalf("after a reload the unit field of temp holds %q, want °C", v)
	}

	// Another port's temp has no unit.
	p.choose("#open-select", "other")
	p.port = "other"
	p.waitState("connected", "open")
	p.view("plot")
	other.write("temp:5\n")
	p.waitLegend("temp=5")
	if u := p.legendUnit("temp"); u != "" {
		t.Fatalf("port other's temp shows the unit %q, want none (units belong to their port)", u)
	}
}

// TestPlotSeriesOnTheRightAxisHasItsOwnRange: temperatures near 21 and a
// pressure near 1013 on one axis flatten the temperatures into a line.
// Moved to the right axis from its legend entry, the pressure gets a
// range of its own and the left axis fits the temperatures; a unit the
// right axis's series share labels it; the typed Y range stays the left
// axis's; the choice is remembered across a reload, and moving it back
// leaves one axis again.
func TestPlotSeriesOnTheRightAxisHasItsOwnRange(t *testing.T) {
	dev := newDevice(t)
	srv, w := startServer(t, "", hub.Config{Name: "dev", Device: dev.pty.Path})
	p := plotPage(t, srv, w[0])
	for i := range 6 {
		dev.write(fmt.Sprintf("temp:%.1f,pressure:%.1f\n", 21+0.2*float64(i), 1013+0.5*float64(i)))
		p.waitPoints(i + 1)
	}
	p.waitYMax("one axis up to the pressure", 1015, 1100)
	if _, ok := p.hostData()["y2Min"]; ok {
		t.Fatalf("a right axis (data-y2-min) before any series was put on it: %v", p.hostData())
	}

	p.editSeries("pressure")
	p.choose(p.sel(".plot-series-editor .axis-select"), "right")
	p.waitFor("the left axis fits the temperatures", `(s) => { const d = document.querySelector(s).dataset; return Number(d.yMax) < 30 && Number(d.yMin) > 15; }`, p.sel(".plot-host"))
	p.waitFor("the right axis fits the pressure", `(s) => { const d = document.querySelector(s).dataset; return Number(d.y2Min) > 1000 && Number(d.y2Min) <= 1013 && Number(d.y2Max) >= 1015.5 && Number(d.y2Max) < 1030; }`, p.sel(".plot-host"))
	if n := eval[int](p, fmt.Sprintf(`document.querySelectorAll(%q).length`, p.sel(`.plot-legend .series[data-key="pressure"] .side`))); n != 1 {
		t.Fatalf("pressure's legend entry does not say it is on the right axis")
	}

	// A unit labels the axis whose series share it.
	p.setValue(p.sel(".plot-series-editor .unit-input"), "hPa")
	p.waitFor("the right axis labelled hPa", `(s) => document.querySelector(s).dataset.y2Label === 'hPa'`, p.sel(".plot-host"))
	if l := p.hostData()["yLabel"]; l != "" {
		t.Fatalf("the left axis is labelled %q, want no label (temp has no unit)", l)
	}
	p.screenshot("console-plot-right-axis.png")
	// What this adds to the legend (▾, a unit, R, the editor) meets WCAG AA
	// in both themes, as the rest of the page does (TestContrastMeetsWCAGAA).
	for _, theme := range []string{"light", "dark"} {
		p.choose("#theme-select", theme)
		if bad := eval[[]string](p, contrastJS); len(bad) > 0 {
			t.Errorf("%s theme, the legend with a unit, the right axis and the editor open: below WCAG AA:\n%s", theme, strings.Join(bad, "\n"))
		}
	}

	// The typed Y range is the left axis's.
	y2 := [2]float64{p.hostNumber("y2Min"), p.hostNumber("y2Max")}
	p.setValue(p.sel(".plot-ymax"), "50")
	p.waitYMax("the left axis up to 50", 50, 50)
	if got := [2]float64{p.hostNumber("y2Min"), p.hostNumber("y2Max")}; got != y2 {
		t.Fatalf("the right axis went from %v to %v with a Y maximum typed, want it unchanged", y2, got)
	}

	// Remembered across a reload.
	p.do("reload", chromedp.Reload())
	p.waitState("connected", "open")
	p.view("plot")
	p.choose(p.sel(".plot-window"), "0")
	p.waitPoints(6)
	p.waitFor("the pressure still on the right", `(s) => { const d = document.querySelector(s).dataset; return Number(d.yMax) < 30 && Number(d.y2Min) > 1000 && d.y2Label === 'hPa'; }`, p.sel(".plot-host"))

	// Back to the left: one axis again.
	p.editSeries("pressure")
	p.choose(p.sel(".plot-series-editor .axis-select"), "left")
	p.waitYMax("one axis up to the pressure again", 1015, 1100)
	if d := p.hostData(); d["y2Min"] != "" || d["y2Max"] != "" {
		t.Fatalf("a right axis (%s..%s) with no series on it", d["y2Min"], d["y2Max"])
	}
}

// TestPlotXBySample: with X by sample each plotted line is at its number
// (counted since Clear) and the window counts samples: "100" shows the
// last 100, ticks are sample numbers, the readout names the sample, the
// cursors measure in samples and "CSV of view" has a sample column. The
// choice is remembered for the port across a reload.
func TestPlotXBySample(t *testing.T) {
	dev := newDevice(t)
	srv, w := startServer(t, "", hub.Config{Name: "dev", Device: dev.pty.Path})
	p := plotPage(t, srv, w[0])
	downloads := allowDownloads(t, p)
	var b strings.Builder
	for i := 1; i <= 150; i++ {
		fmt.Fprintf(&b, "a:%d\n", i%10)
	}
	dev.write(b.String())
	p.waitPoints(150)

	p.choose(p.sel(".plot-x"), "sample")
	opts := eval[[]string](p, fmt.Sprintf(`[...document.querySelectorAll(%q)].map((o) => o.value + '=' + o.textContent)`, p.sel(".plot-window option")))
	if want := []string{"100=100", "300=300", "1000=1,000", "3000=3,000", "10000=10,000", "0=all"}; !slices.Equal(opts, want) {
		t.Fatalf("by sample the window offers %q, want %q", opts, want)
	}
	if v := eval[string](p, fmt.Sprintf(`document.querySelector(%q).value`, p.sel(".plot-window"))); v != "0" {
		t.Fatalf("the window is %q after switching to samples, want all (0) kept", v)
	}
	p.choose(p.sel(".plot-window"), "100")
	xRange := func(what string, lo, hi int) {
		t.Helper()
		p.waitFor(what, `(s, lo, hi) => { const d = document.querySelector(s).dataset; return d.xMode === 'sample' && Number(d.xMin) === lo && Number(d.xMax) === hi; }`, p.sel(".plot-host"), lo, hi)
	}
	xRange("the last 100 samples, 51 to 150", 51, 150)
	ticks := strings.Split(p.hostData()["xTicks"], "|")
	for _, tick := range ticks {
		n, err := strconv.Atoi(tick)
		if err != nil || n < 51 || n > 150 {
			t.Fatalf("x tick %q (of %q), want sample numbers from 51 to 150", tick, ticks)
		}
	}
	if len(ticks) < 2 {
		t.Fatalf("x ticks %q, want several", ticks)
	}

	// The readout names the sample, with its device time.
	x, y, wd, ht := p.overRect()
	p.do("hover the right edge", chromedp.MouseEvent(chromedp.MouseMoved, x+wd-2, y+ht/2))
	sampleJS := fmt.Sprintf(`(() => { const r = document.querySelector(%q); return r && !r.hidden && r.querySelector('.sample') ? r.querySelector('.sample').textContent + ' ' + r.querySelector('.time').textContent : ''; })()`, p.sel(".plot-readout"))
	p.waitFor("the readout of sample 150", `() => `+sampleJS+`.startsWith('sample 150 ')`)
	if s := eval[string](p, sampleJS); !regexp.MustCompile(`^sample 150 \d\d:\d\d:\d\d\.\d{3}$`).MatchString(s) {
		t.Fatalf("readout %q, want the sample number and its device time", s)
	}

	// The cursors measure in samples.
	p.do("click Cursors", chromedp.Click(chromedp.CSS(p.sel(".plot-cursors"))))
	p.do("click near the first line in view", chromedp.MouseClickXY(x+2, y+ht/2))
	p.do("click near the last line", chromedp.MouseClickXY(x+wd-2, y+ht/2))
	deltaJS := fmt.Sprintf(`['.na', '.nb', '.dn'].map((c) => { const e = document.querySelector(%q + ' ' + c); return e ? e.textContent : ''; }).join('|')`, p.sel(".plot-delta"))
	p.waitFor("Δ in samples", `(want) => `+deltaJS+` === want`, "sample 51|sample 150|99 samples")

	// The window counts samples as lines come.
	b.Reset()
	for i := 151; i <= 160; i++ {
		fmt.Fprintf(&b, "a:%d\n", i%10)
	}
	dev.write(b.String())
	p.waitPoints(160)
	xRange("the last 100 samples, 61 to 160", 61, 160)

	// CSV of view: a sample column, the samples in view.
	p.do("click CSV of view", chromedp.Click(chromedp.CSS(p.sel(".plot-csv-view"))))
	csv := strings.Split(strings.TrimSuffix(downloaded(t, downloads, "dev-plot-view-*.csv", "\n"), "\n"), "\n")
	if csv[0] != "sample,time,a" || len(csv) != 101 {
		t.Fatalf("CSV of view: header %q and %d rows, want sample,time,a and 100 rows", csv[0], len(csv)-1)
	}
	for i, row := range csv[1:] {
		f := strings.Split(row, ",")
		if len(f) != 3 || f[0] != strconv.Itoa(61+i) || f[2] != strconv.Itoa((61+i)%10) {
			t.Fatalf("CSV of view row %d: %q, want sample %d, its time and a=%d", i+1, row, 61+i, (61+i)%10)
		}
	}

	p.choose(p.sel(".plot-window"), "0")
	xRange("all samples", 1, 160)

	// Remembered for the port.
	p.do("reload", chromedp.Reload())
	p.waitState("connected", "open")
	p.view("plot")
	p.waitPoints(160)
	if v := eval[string](p, fmt.Sprintf(`document.querySelector(%q).value`, p.sel(".plot-x"))); v != "sample" {
		t.Fatalf("after a reload X is %q, want sample", v)
	}
	xRange("after a reload, the last 300 samples (the default window's place)", 1, 300)

	// Back to time: the window is in seconds again, ticks are times.
	p.choose(p.sel(".plot-x"), "time")
	p.waitFor("a time axis", `(s) => { const d = document.querySelector(s).dataset; return d.xMode === 'time' && /^\d\d:\d\d:\d\d/.test(d.xTicks || ''); }`, p.sel(".plot-host"))
	if v := eval[string](p, fmt.Sprintf(`document.querySelector(%q).selectedOptions[0].textContent`, p.sel(".plot-window"))); v != "30 s" {
		t.Fatalf("back to time the window reads %q, want 30 s", v)
	}
}
