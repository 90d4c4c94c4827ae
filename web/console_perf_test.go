//go:build linux

package web_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/heapprofiler"
	cdppage "github.com/chromedp/cdproto/page"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/serialhub/serialhub/internal/hub"
)

// probeJS measures the page's responsiveness from the inside: for every
// key pressed, the delay from the input event's creation to its handler
// (the main thread was busy that long) and to the next animation frame
// (when the page can show the key's effect); and the frames drawn.
const probeJS = `(() => {
	window.__probe = { handler: [], frame: [], frames: 0 };
	if (window.__probeInstalled) return; // once: a second listener would count every key twice
	window.__probeInstalled = true;
	document.addEventListener('keydown', (ev) => {
		const t0 = ev.timeStamp;
		window.__probe.handler.push(performance.now() - t0);
		requestAnimationFrame(() => window.__probe.frame.push(performance.now() - t0));
	}, true);
	const tick = () => { window.__probe.frames++; requestAnimationFrame(tick); };
	requestAnimationFrame(tick);
})()`

type probe struct {
	Handler []float64 `json:"handler"`
	Frame   []float64 `json:"frame"`
	Frames  int       `json:"frames"`
}

func percentile(v []float64, q float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	return s[min(len(s)-1, int(q*float64(len(s))))]
}

// heapMB collects garbage and returns the page's used JavaScript heap.
func (p *page) heapMB() float64 {
	p.t.Helper()
	if _, err := chromedp.Call(p.ctx, heapprofiler.CollectGarbage, cdp.Empty{}); err != nil {
		p.t.Fatal(err)
	}
	r, err := chromedp.Call(p.ctx, cdpruntime.GetHeapUsage, cdp.Empty{})
	if err != nil {
		p.t.Fatal(err)
	}
	return r.UsedSize / 1e6
}

// TestMegabyteASecondKeepsThePageResponsive streams 1 MB/s of device
// output for a few seconds with each view shown in turn, and 1,000
// telemetry lines a second with the plot shown, while a user types: the
// page must answer keys within 100 ms, keep up without losing a byte, and
// keep its memory bounded. The figures go to the test log (and
// docs/performance.md).
func TestMegabyteASecondKeepsThePageResponsive(t *testing.T) {
	const (
		rate     = 1 << 20 // bytes per second
		tick     = 10 * time.Millisecond
		phase    = 2 * time.Second
		lineLen  = 64
		maxDelay = 100.0 // ms, input event to its handler, median
		freeze   = 500.0 // ms, input event to its handler, 95th percentile
		maxHeap  = 150.0 // MB of JavaScript heap
		keyEvery = 50 * time.Millisecond
	)
	dev := newDevice(t)
	srv, w := startServer(t, "", hub.Config{Name: "dev", Device: dev.pty.Path})
	p := newPage(t)
	p.open(srv.URL)
	w[0].waitPage()
	w[0].Close() // it would not read the stream
	base := p.heapMB()
	nodes0 := eval[int](p, `document.getElementsByTagName('*').length`)

	seq := 0
	written := 0
	// stream writes paced device output for d: lines made by mk.
	stream := func(d time.Duration, perTick int, mk func(i int) string) {
		ctx, cancel := context.WithTimeout(p.ctx, d)
		defer cancel()
		done := make(chan error, 1)
		go func() {
			tk := time.NewTicker(tick)
			defer tk.Stop()
			var b strings.Builder
			for {
				select {
				case <-ctx.Done():
					done <- nil
					return
				case <-tk.C:
				}
				b.Reset()
				for b.Len() < perTick {
					b.WriteString(mk(seq))
					seq++
				}
				n, err := dev.pty.Master.Write([]byte(b.String()))
				written += n
				if err != nil {
					done <- err
					return
				}
			}
		}()
		// The user types meanwhile: a key every 50 ms into the send box, on
		// time whether or not the browser has taken the last one (a key
		// pressed while the page is busy waits, as a user's would: waiting
		// for each key before the next would miss the busy moments).
		p.do("focus the send box", chromedp.Focus(chromedp.CSS(p.sel(".send-input"))))
		var keys sync.WaitGroup
		inFlight := make(chan struct{}, 8) // bounded: no pile of goroutines if the browser stalls
		keyTick := time.NewTicker(keyEvery)
		for ctx.Err() == nil {
			select {
			case inFlight <- struct{}{}:
				keys.Add(1)
				go func() {
					defer keys.Done()
					defer func() { <-inFlight }()
					chromedp.Do(p.ctx, typeKeys("x")) // an error shows as keys missing from the count
				}()
			default:
			}
			select {
			case <-ctx.Done():
			case <-keyTick.C:
			}
		}
		keyTick.Stop()
		keys.Wait()
		if err := <-done; err != nil {
			t.Fatalf("device write: %v", err)
		}
		// The page has every byte (nothing dropped), soon after.
		p.waitFor(fmt.Sprintf("%d bytes accounted for", written),
			`(s, n) => Number(document.querySelector(s).dataset.bytesIn) === n`, fmt.Sprintf(`.pane[data-port=%q]`, p.port), written)
	}
	report := func(name string) {
		pr := eval[probe](p, `(() => { const r = window.__probe; window.__probe = { handler: [], frame: [], frames: 0 }; return r; })()`)
		heap := p.heapMB()
		nodes := eval[int](p, `document.getElementsByTagName('*').length`)
		fps := float64(pr.Frames) / phase.Seconds()
		t.Logf("%-9s keys %3d  input→handler p50 %5.1f ms p95 %5.1f ms max %5.1f ms  input→frame p50 %5.1f ms p95 %5.1f ms max %5.1f ms  %4.0f frames/s  heap %5.1f MB  DOM %d elements",
			name, len(pr.Frame), percentile(pr.Handler, 0.5), percentile(pr.Handler, 0.95), percentile(pr.Handler, 1),
			percentile(pr.Frame, 0.5), percentile(pr.Frame, 0.95), percentile(pr.Frame, 1), fps, heap, nodes)
		if len(pr.Frame) < 20 {
			t.Fatalf("%s: only %d keys measured", name, len(pr.Frame))
		}
		// The median is held to the target; the 95th percentile only to a
		// freeze guard, as other work on a shared 2-core CI machine
		// stretches the tail (docs/performance.md has both).
		if d := percentile(pr.Handler, 0.5); d > maxDelay {
			t.Errorf("%s: median input delay %.1f ms, want under %.0f ms", name, d, maxDelay)
		}
		if d := percentile(pr.Handler, 0.95); d > freeze {
			t.Errorf("%s: 95th percentile input delay %.1f ms: the page froze (over %.0f ms)", name, d, freeze)
		}
		if heap > maxHeap {
			t.Errorf("%s: JavaScript heap %.1f MB, want under %.0f MB", name, heap, maxHeap)
		}
	}
	t.Logf("baseline: heap %.1f MB, DOM %d elements", base, nodes0)

	line := func(i int) string {
		s := fmt.Sprintf("t=%09d \x1b[32mok\x1b[0m ", i)
		return s + strings.Repeat("x", lineLen-1-len(s)) + "\n"
	}
	for _, view := range []string{"terminal", "lines", "hex"} {
		p.view(view)
		p.do("install the probe", chromedp.Evaluate[chromedp.Void](probeJS))
		stream(phase, rate/int(time.Second/tick), line)
		report(view)
	}
	last := strings.TrimSuffix(line(seq-1), "\n")
	p.view("lines")
	p.waitFor("the last line last", `(s, want) => { const l = document.querySelector(s).lastElementChild; return l && l.textContent === want.replace(/\x1b/g, '\u241b'); }`, p.sel(".lines-out"), last)
	if m := eval[int](p, fmt.Sprintf(`document.querySelectorAll(%q).length`, p.sel(".lines-out .marker"))); m != 0 {
		t.Fatalf("%d gap markers: the page fell behind", m)
	}

	// Telemetry at 1,000 lines a second, plotted.
	p.view("plot")
	p.do("clear the plot", chromedp.Click(chromedp.CSS(p.sel("[data-id=plotClear]"))))
	p.do("install the probe", chromedp.Evaluate[chromedp.Void](probeJS))
	first := seq
	telemetry := func(i int) string { return fmt.Sprintf("a:%d,b:%d,c:%d\n", i%1000, (i*7)%1000, -(i % 500)) }
	stream(phase, 10*len(telemetry(seq)), func(i int) string { return telemetry(i) })
	report("plot")
	n := seq - first
	p.waitFor(fmt.Sprintf("%d points", n), `(s, n) => Number(document.querySelector(s).dataset.points) === n`, p.sel(".plot-host"), n)
	t.Logf("plot: %d telemetry lines in %v (%.0f lines/s), all plotted", n, phase, float64(n)/phase.Seconds())
}

// TestConsoleWorksUnderStrictCSP serves the console with
// Content-Security-Policy: default-src 'self' and uses every view: nothing
// may be blocked, and the terminal's colours (xterm.js's stylesheets and
// true-colour cells) must still apply.
func TestConsoleWorksUnderStrictCSP(t *testing.T) {
	dev := newDevice(t)
	srv, w := startServer(t, "", hub.Config{Name: "dev", Device: dev.pty.Path})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	csp := &http.Server{
		Handler: http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
			rw.Header().Set("Content-Security-Policy", "default-src 'self'")
			srv.Server.ServeHTTP(rw, r)
		}),
		ReadHeaderTimeout: 10 * time.Second,
	}
	go csp.Serve(ln)
	t.Cleanup(func() { csp.Close() })

	p := newPage(t)
	if _, err := chromedp.Call(p.ctx, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: `
		window.__csp = [];
		document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));
	`}); err != nil {
		t.Fatal(err)
	}
	p.open("http://" + ln.Addr().String() + "/")
	w[0].waitPage()

	// The policy is in force: a style attribute set from script is refused.
	blocked := eval[string](p, `(() => { const d = document.createElement('div'); d.id = 'probe'; document.body.append(d); d.setAttribute('style', 'color: rgb(1, 2, 3)'); return getComputedStyle(d).color; })()`)
	if blocked == "rgb(1, 2, 3)" {
		t.Fatal("a style attribute applied: the Content-Security-Policy is not in force")
	}
	p.waitFor("the refused style reported", `() => window.__csp.some((v) => v.startsWith('style-src-attr'))`)
	p.do("forget it", chromedp.Evaluate[chromedp.Void](`document.getElementById('probe').remove(); window.__csp = []`))

	dev.write("\x1b[32mgreen\x1b[0m \x1b[38;2;255;0;0mtrue red\x1b[0m\r\ntemp:1\r\n")
	p.waitTerm("true red")
	colour := func(text string) string {
		return eval[string](p, fmt.Sprintf(`(() => { const s = [...document.querySelectorAll(%q)].find((e) => e.textContent === %q); return s ? getComputedStyle(s).color : 'none'; })()`, p.sel(".xterm-rows span"), text))
	}
	if c := colour("green"); c != "rgb(17, 99, 41)" {
		t.Errorf("ANSI green shows as %s, want rgb(17, 99, 41) (the light theme's green, from xterm.js's theme stylesheet)", c)
	}
	if c := colour("true red"); c != "rgb(255, 0, 0)" {
		t.Errorf("true-colour red shows as %s, want rgb(255, 0, 0)", c)
	}
	for _, v := range []string{"lines", "hex", "plot", "terminal"} {
		p.view(v)
	}
	p.waitLineIn("temp:1")
	p.view("plot")
	p.waitFor("the plot", `(s) => document.querySelector(s).dataset.points === '1'`, p.sel(".plot-host"))
	if v := eval[[]string](p, `window.__csp`); len(v) != 0 {
		t.Fatalf("the Content-Security-Policy blocked: %q", v)
	}
}

// waitLineIn shows the lines view and waits for a line.
func (p *page) waitLineIn(text string) {
	p.t.Helper()
	p.view("lines")
	p.waitLine(text)
}
