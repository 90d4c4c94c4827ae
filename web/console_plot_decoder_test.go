//go:build linux

package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/server"
)

// TestPlotUsesTheServersDecoder (issue 15: "today's plot parser moves to
// the server"): on sim:// without a decoder, the Plot view parses the
// lines itself (temp and hum) and says so; with the arduino decoder set
// (PUT /api/ports/sim/decoder) it says "decoded by the server (arduino)"
// and plots temp and hum from the server's records; with a regex decoder
// naming the temperature t, only t is plotted (a series no parsed line
// gives, so the points are the records'); the decoder removed, it parses
// the lines again. Each switch happens live, from the port object.
func TestPlotUsesTheServersDecoder(t *testing.T) {
	srv := startValuesServer(t, server.Config{}, nil, hub.Config{Name: "sim", Device: "sim://"})
	p := newPage(t)
	p.port = "sim"
	p.open(srv.URL + "/#port=sim")
	p.view("plot")
	p.choose(p.sel(".plot-window"), "0")

	label := p.sel(".plot-source")
	labelJS := fmt.Sprintf(`document.querySelector(%q)`, label)
	// seriesJS lists the legend's series names, "a|b".
	seriesJS := fmt.Sprintf(`[...document.querySelectorAll(%q)].map((b) => b.querySelector('.name').textContent).join('|')`, p.sel(".plot-legend .series"))
	waitSource := func(source, text string) {
		t.Helper()
		p.waitFor("the plot says "+text, `(s, src, text) => { const e = document.querySelector(s); return e && e.dataset.source === src && e.textContent === text; }`, label, source, text)
	}
	waitSeries := func(want string) {
		t.Helper()
		p.waitFor("plot series "+want, `(want) => `+seriesJS+` === want`, want)
	}
	// waitMore waits for the plot to hold more than n points.
	waitMore := func(n int) {
		t.Helper()
		p.waitFor(fmt.Sprintf("more than %d plot points", n), `(s, n) => Number(document.querySelector(s).dataset.points) > n`, p.sel(".plot-host"), n)
	}

	// No decoder: the lines, parsed in this browser.
	waitSource("browser", "parsed in this browser; set a decoder in the port panel to decode on the server")
	waitSeries("temp|hum")
	waitMore(2)

	// arduino on the server: the records' temp and hum.
	if code, body := decoderREST(t, srv, nil, http.MethodPut, "sim", `{"name":"arduino"}`); code != http.StatusOK {
		t.Fatalf("PUT arduino: %d %s", code, body)
	}
	waitSource("server", "decoded by the server (arduino)")
	if title := eval[string](p, labelJS+`.title`); !strings.Contains(title, "arduino decoder's records") {
		t.Fatalf("the label's tooltip: %q", title)
	}
	waitSeries("temp|hum")
	waitMore(2)
	p.waitFor("temperatures plotted", `() => { const v = Number(document.querySelector(`+fmt.Sprintf("%q", p.sel(".plot-legend .series[data-key=temp] .value"))+`).textContent); return v > 10 && v < 40; }`)

	// A regex naming the temperature t: only the records can give t.
	if code, body := decoderREST(t, srv, nil, http.MethodPut, "sim", `{"name":"regex","pattern":"temp:(?P<t>[0-9.]+)"}`); code != http.StatusOK {
		t.Fatalf("PUT regex: %d %s", code, body)
	}
	waitSource("server", "decoded by the server (regex)")
	waitSeries("t")
	waitMore(2)

	// The decoder removed: the lines are parsed here again.
	if code, body := decoderREST(t, srv, nil, http.MethodDelete, "sim", ""); code != http.StatusOK {
		t.Fatalf("DELETE decoder: %d %s", code, body)
	}
	waitSource("browser", "parsed in this browser; set a decoder in the port panel to decode on the server")
	waitSeries("temp|hum")
	waitMore(2)
}
