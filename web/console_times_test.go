//go:build linux

package web_test

import (
	"fmt"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/serialhub/serialhub/internal/hub"
)

// TestReplayedLinesKeepTheDeviceTimes: a device printed 400 lines, a few
// milliseconds apart, before anyone looked. A page opened afterwards gets
// them from the scrollback, and its lines view shows each line at the time
// the server read it from the device (the stamps events of timestamps=1),
// not at the time the page received the replay: 400 distinct timestamps.
func TestReplayedLinesKeepTheDeviceTimes(t *testing.T) {
	// 399 lines and the marker that ends the history are the 400 lines the
	// view keeps on the page while following.
	const count = 399
	dev := newDevice(t)
	srv, w := startServer(t, "", hub.Config{Name: "dev", Device: dev.pty.Path})

	// Each line is read by the server between the device's write and the
	// watcher's receipt of it: its read time lies in [from, to]. The
	// device waits 2 ms before the next line (its pace, not a wait for
	// anything), so no two lines can share a millisecond.
	type span struct{ from, to time.Time }
	spans := make([]span, count)
	for i := range spans {
		line := fmt.Sprintf("reading %03d\n", i)
		from := time.Now()
		dev.write(line)
		w[0].readData(len(line))
		spans[i] = span{from, time.Now()}
		time.Sleep(2 * time.Millisecond)
	}

	p := newPage(t)
	// The page shows clock times in its time zone: UTC, as the test reads them.
	if _, err := chromedp.Call(p.ctx, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: "UTC"}); err != nil {
		t.Fatalf("time zone: %v", err)
	}
	p.open(srv.URL)
	p.view("lines")
	p.choose(p.sel(".ts-mode"), "time")
	last := fmt.Sprintf("reading %03d", count-1)
	p.waitLine(last)

	type shown struct {
		Text string `json:"text"`
		TS   string `json:"ts"`
	}
	p.waitLine(historyBoundary)
	lines := eval[[]shown](p, p.linesJS()+`.filter((e) => !e.classList.contains('marker')).map((e) => ({ text: e.textContent, ts: e.dataset.ts || '' }))`)
	if len(lines) != count {
		t.Fatalf("%d lines shown, want %d", len(lines), count)
	}
	stamp := regexp.MustCompile(`^(\d\d):(\d\d):(\d\d)\.(\d\d\d)$`)
	const day = 24 * 60 * 60 * 1000
	msOfDay := func(tm time.Time) int64 { return tm.UnixMilli() % day } // UTC
	distinct := map[string]bool{}
	bad := 0
	for i, l := range lines {
		if want := fmt.Sprintf("reading %03d", i); l.Text != want {
			t.Fatalf("line %d is %q, want %q", i, l.Text, want)
		}
		m := stamp.FindStringSubmatch(l.TS)
		if m == nil {
			t.Fatalf("line %d (%q): timestamp %q, want HH:MM:SS.mmm", i, l.Text, l.TS)
		}
		distinct[l.TS] = true
		var ms int64
		for j, unit := range []int64{3600000, 60000, 1000, 1} {
			v, _ := strconv.ParseInt(m[j+1], 10, 64)
			ms += v * unit
		}
		from, to := msOfDay(spans[i].from), msOfDay(spans[i].to)
		if (ms-from+day)%day > (to-from+day)%day {
			if bad++; bad <= 5 {
				t.Errorf("line %q shows %s, but the device's line was read between %s and %s",
					l.Text, l.TS, spans[i].from.UTC().Format("15:04:05.000"), spans[i].to.UTC().Format("15:04:05.000"))
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d lines show another time than the device's", bad, count)
	}
	if len(distinct) != count {
		t.Errorf("%d distinct timestamps among %d lines, want %d", len(distinct), count, count)
	}
}
