//go:build linux

package web_test

// Browser tests of the Lines view's items of issue 12 ("Also"): the time
// mode and filter remembered per port, the filter's match count with
// next/previous, an invalid regular expression said plainly, and control
// characters that read on any machine (no font for U+2400 needed).

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/serialhub/serialhub/internal/hub"
)

// lineControls is what the Lines toolbar of the pane shows: time mode,
// filter text, regex, case, filter mode.
func (p *page) lineControls() string {
	p.t.Helper()
	return eval[string](p, fmt.Sprintf(`(() => {
		const q = (c) => document.querySelector(%q + ' ' + c);
		return [q('.ts-mode').value, JSON.stringify(q('.filter-text').value), q('.filter-regex').checked, q('.filter-case').checked, q('.filter-mode').value].join(' ');
	})()`, p.sel("")))
}

// filterCount is the text beside the filter box.
func (p *page) filterCount() string {
	p.t.Helper()
	return eval[string](p, fmt.Sprintf(`(() => { const e = document.querySelector(%q); return e && e.checkVisibility() ? e.textContent : ''; })()`, p.sel(".filter-count")))
}

// waitFilterCount waits until the text beside the filter box is want.
func (p *page) waitFilterCount(want string) {
	p.t.Helper()
	p.waitFor(fmt.Sprintf("filter count %q", want), `(s, want) => { const e = document.querySelector(s); return e && e.checkVisibility() && e.textContent === want; }`, p.sel(".filter-count"), want)
}

func TestLinesTimeModeAndFilterAreRememberedPerPort(t *testing.T) {
	dev, other := newDevice(t), newDevice(t)
	srv, w := startServer(t, "",
		hub.Config{Name: "dev", Device: dev.pty.Path},
		hub.Config{Name: "other", Device: other.pty.Path})
	p := newPage(t)
	p.open(srv.URL + "/#port=dev")
	w[0].waitPage()
	p.view("lines")
	dev.write("boot ok\nERROR: disk\nwarning: hot\nerror: fan\n")
	p.waitLine("error: fan")

	// The user picks clock times and a case-sensitive regex highlight.
	p.choose(p.sel(".ts-mode"), "time")
	p.check(p.sel(".filter-regex"), true)
	p.check(p.sel(".filter-case"), true)
	p.choose(p.sel(".filter-mode"), "highlight")
	p.setValue(p.sel(".filter-text"), "^err")
	p.waitFor("one line highlighted", `(s) => document.querySelectorAll(s).length === 1`, p.sel(".lines-out .line.hit"))
	const want = `time "^err" true true highlight`
	if got := p.lineControls(); got != want {
		t.Fatalf("the Lines toolbar reads %s, want %s", got, want)
	}

	// A reload keeps them, and they apply to the replayed lines.
	p.do("reload", chromedp.Reload())
	p.waitState("connected", "open")
	p.view("lines")
	p.waitLine("error: fan")
	if got := p.lineControls(); got != want {
		t.Fatalf("after a reload the Lines toolbar reads %s, want %s", got, want)
	}
	p.waitFor("the remembered filter applied (only 'error: fan' highlighted)", `(s) => { const h = [...document.querySelectorAll(s)]; return h.length === 1 && h[0].textContent === 'error: fan'; }`, p.sel(".lines-out .line.hit"))
	if n := eval[int](p, fmt.Sprintf(`document.querySelectorAll(%q).length`, p.sel(".lines-out.show-ts .line[data-ts]:not(.marker)"))); n != 4 {
		t.Fatalf("%d lines with a clock time after the reload, want 4", n)
	}

	// They belong to the port: another port opens with the defaults, and
	// its own choice does not change dev's.
	p.choose("#open-select", "other")
	p.port = "other"
	p.waitState("connected", "open")
	p.view("lines")
	if got, def := p.lineControls(), `off "" false false filter`; got != def {
		t.Fatalf("port other's Lines toolbar reads %s, want the defaults %s", got, def)
	}
	p.choose(p.sel(".ts-mode"), "delta")
	p.setValue(p.sel(".filter-text"), "x")
	p.do("reload", chromedp.Reload())
	p.waitState("connected", "open")
	if got, mine := p.lineControls(), `delta "x" false false filter`; got != mine {
		t.Fatalf("after a reload port other's Lines toolbar reads %s, want %s", got, mine)
	}
	p.port = "dev"
	if got := p.lineControls(); got != want {
		t.Fatalf("after port other's changes dev's Lines toolbar reads %s, want %s", got, want)
	}
}

func TestLinesFilterCountsAndStepsThroughMatches(t *testing.T) {
	dev := newDevice(t)
	srv, w := startServer(t, "", hub.Config{Name: "dev", Device: dev.pty.Path})
	p := newPage(t)
	p.open(srv.URL)
	w[0].waitPage()
	p.view("lines")

	// 300 lines, three of them errors: far more than the view shows.
	var b strings.Builder
	for i := range 300 {
		if i == 10 || i == 150 || i == 290 {
			fmt.Fprintf(&b, "error at %d\n", i)
		} else {
			fmt.Fprintf(&b, "line %d\n", i)
		}
	}
	dev.write(b.String())
	p.waitLine("line 299")

	p.choose(p.sel(".filter-mode"), "highlight")
	p.setValue(p.sel(".filter-text"), "error")
	p.waitFilterCount("3 matches")

	// current is the current match: its text, and whether it is marked and
	// within the visible part of the lines view.
	current := func() string {
		t.Helper()
		return eval[string](p, fmt.Sprintf(`(() => {
			const cur = [...document.querySelectorAll(%q)];
			if (cur.length !== 1) return cur.length + ' lines marked current';
			const out = document.querySelector(%q).getBoundingClientRect();
			const r = cur[0].getBoundingClientRect();
			const shown = r.top >= out.top && r.bottom <= out.bottom;
			return cur[0].textContent + (cur[0].classList.contains('hit') ? '' : ' (not a hit)') + (shown ? '' : ' (scrolled out of view)');
		})()`, p.sel(".lines-out .line.current"), p.sel(".lines-out")))
	}
	step := func(what, count, line string, keys ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		p.do(what, keys...)
		p.waitFilterCount(count)
		p.waitFor("the view to settle", `() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))`)
		if got := current(); got != line {
			t.Fatalf("after %s the current match is %q, want %q shown and marked", what, got, line)
		}
	}
	box := chromedp.CSS(p.sel(".filter-text"))
	shiftEnter := chromedp.KeyEvent(kb.Enter, chromedp.KeyModifiers(chromedp.ModifierShift))
	step("Enter in the filter box", "1 of 3", "error at 10", chromedp.SendKeys(box, kb.Enter))
	step("Enter again", "2 of 3", "error at 150", chromedp.SendKeys(box, kb.Enter))
	step("Shift+Enter", "1 of 3", "error at 10", chromedp.Focus(box), shiftEnter)
	step("Shift+Enter at the first match", "3 of 3", "error at 290", chromedp.Focus(box), shiftEnter)
	step("the next button at the last match", "1 of 3", "error at 10", chromedp.Click(chromedp.CSS(p.sel(".filter-next"))))
	step("the previous button", "3 of 3", "error at 290", chromedp.Click(chromedp.CSS(p.sel(".filter-prev"))))

	// A new match counts; the current one stays.
	dev.write("error late\nline 301\n")
	p.waitLine("line 301")
	p.waitFilterCount("3 of 4")
	step("the previous button", "2 of 4", "error at 150", chromedp.Click(chromedp.CSS(p.sel(".filter-prev"))))
	p.screenshot("console-lines-find.png")
	step("the next button", "3 of 4", "error at 290", chromedp.Click(chromedp.CSS(p.sel(".filter-next"))))
	step("the next button", "4 of 4", "error late", chromedp.Click(chromedp.CSS(p.sel(".filter-next"))))

	// Show only: the lines shown of the lines kept; next/previous are off.
	p.choose(p.sel(".filter-mode"), "filter")
	p.waitFilterCount("4 of 302 lines")
	if got := p.lines(); !slices.Equal(got, []string{"error at 10", "error at 150", "error at 290", "error late"}) {
		t.Fatalf("show only: lines %q", got)
	}
	if on := eval[bool](p, fmt.Sprintf(`!document.querySelector(%q).disabled || !document.querySelector(%q).disabled`, p.sel(".filter-next"), p.sel(".filter-prev"))); on {
		t.Fatal("next/previous enabled in show-only mode, want them disabled")
	}

	// No filter, no count.
	p.setValue(p.sel(".filter-text"), "")
	p.waitFor("the count gone", `(s) => !document.querySelector(s).checkVisibility()`, p.sel(".filter-count"))
}

func TestInvalidRegexIsSaidPlainly(t *testing.T) {
	dev := newDevice(t)
	srv, w := startServer(t, "", hub.Config{Name: "dev", Device: dev.pty.Path})
	p := newPage(t)
	p.open(srv.URL)
	w[0].waitPage()
	p.view("lines")
	dev.write("alpha\nbeta\nerror: gamma\n")
	p.waitLine("error: gamma")
	all := []string{"alpha", "beta", "error: gamma"}

	// error returns the message beside the box ("" when there is none or
	// it is hidden) and the input's aria-invalid.
	state := func() (msg, invalid string) {
		t.Helper()
		r := eval[[]string](p, fmt.Sprintf(`(() => {
			const e = document.querySelector(%q), i = document.querySelector(%q);
			const tied = e && (i.getAttribute('aria-describedby') || '').split(' ').includes(e.id);
			return [e && e.checkVisibility() ? e.textContent + (tied ? '' : ' (not tied to the input by aria-describedby)') : '', String(i.getAttribute('aria-invalid'))];
		})()`, p.sel(".filter-error"), p.sel(".filter-text")))
		return r[0], r[1]
	}

	p.check(p.sel(".filter-regex"), true)
	p.setValue(p.sel(".filter-text"), "beta")
	p.waitFor("only beta", `(s) => [...document.querySelectorAll(s)].map((e) => e.textContent).join('|') === 'beta'`, p.sel(".lines-out .line"))
	if msg, invalid := state(); msg != "" || invalid != "null" {
		t.Fatalf("a valid regex: message %q, aria-invalid %s; want none", msg, invalid)
	}

	// An unterminated group: said beside the box, the input marked, and
	// every line shown (not the last valid filter, which the box no longer says).
	p.setValue(p.sel(".filter-text"), "error(")
	p.waitFor("all lines shown", `(s) => document.querySelectorAll(s).length === 3`, p.sel(".lines-out .line"))
	if got := p.lines(); !slices.Equal(got, all) {
		t.Fatalf("with an invalid regex the lines are %q, want all of %q", got, all)
	}
	msg, invalid := state()
	if !strings.HasPrefix(msg, "Invalid regular expression: ") || !strings.Contains(msg, "group") || strings.Contains(msg, "/error(/") || invalid != "true" {
		t.Fatalf("an invalid regex: message %q, aria-invalid %s; want \"Invalid regular expression: \" and the reason (an unterminated group), aria-invalid true", msg, invalid)
	}
	if c := p.filterCount(); c != "" {
		t.Fatalf("the count %q shows beside an invalid regex", c)
	}

	// Fixed: the message goes, the filter applies.
	p.setValue(p.sel(".filter-text"), "error(:)")
	p.waitFor("only the error", `(s) => [...document.querySelectorAll(s)].map((e) => e.textContent).join('|') === 'error: gamma'`, p.sel(".lines-out .line"))
	if msg, invalid := state(); msg != "" || invalid != "null" {
		t.Fatalf("a fixed regex: message %q, aria-invalid %s; want none", msg, invalid)
	}
	p.waitFilterCount("1 of 3 lines")
}

func TestControlCharactersReadWithoutAFont(t *testing.T) {
	dev := newDevice(t)
	srv, w := startServer(t, "", hub.Config{Name: "dev", Device: dev.pty.Path})
	p := newPage(t)
	p.open(srv.URL)
	w[0].waitPage()
	p.view("lines")
	dev.write("a\x1b[1mb\x00c\x02d\x7fe\n")
	const text = "a␛[1mb␀c␂d␡e" // what copying the line gives: Unicode's control pictures
	p.waitLine(text)

	// Each control character is a badge naming it, drawn from the page's
	// own monospace font; the control picture itself (no font here has
	// U+2400-U+2426: it would be a .notdef box) is not drawn, but selecting
	// the line and copying it gives it.
	marks := eval[[]string](p, fmt.Sprintf(`(() => {
		const line = [...document.querySelectorAll(%q)].find((e) => e.textContent === %q);
		const cell = (() => { const s = document.createElement('span'); s.textContent = 'MMMMMMMMMM'; line.append(s); const w = s.getBoundingClientRect().width / 10; s.remove(); return w; })();
		return [...line.querySelectorAll('.ctl')].map((c) => {
			const name = getComputedStyle(c, '::before').content;
			const w = c.getBoundingClientRect().width;
			return [c.textContent, name, getComputedStyle(c).fontSize, w >= 1.5 * cell ? 'wide' : 'narrow: ' + w + ' px for a cell of ' + cell].join(' ');
		});
	})()`, p.sel(".lines-out .line"), text))
	want := []string{`␛ "ESC" / "" 0px wide`, `␀ "NUL" / "" 0px wide`, `␂ "STX" / "" 0px wide`, `␡ "DEL" / "" 0px wide`}
	if !slices.Equal(marks, want) {
		t.Fatalf("control characters are drawn as %q, want %q (picture, badge, picture's font size, badge width)", marks, want)
	}
	copied := eval[string](p, fmt.Sprintf(`(() => {
		const line = [...document.querySelectorAll(%q)].find((e) => e.textContent === %q);
		const r = document.createRange();
		r.selectNodeContents(line);
		getSelection().removeAllRanges();
		getSelection().addRange(r);
		return getSelection().toString();
	})()`, p.sel(".lines-out .line"), text))
	if copied != text {
		t.Fatalf("selecting the line gives %q, want %q", copied, text)
	}
	p.screenshot("console-lines-control.png")

	// The hex view shows those bytes as dots in its ASCII column, as
	// hexdump does: nothing there needs a font either.
	p.view("hex")
	p.waitFor("the row", `(s) => { const r = document.querySelector(s); return r && r.textContent.includes('a.[1mb.c.d.e'); }`, p.sel(".hexrow.rx .ascii"))
}
