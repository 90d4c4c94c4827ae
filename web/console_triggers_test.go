//go:build linux

package web_test

import (
	"log/slog"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/serialtest"
	"github.com/serialhub/serialhub/internal/server"
	"github.com/serialhub/serialhub/internal/trigger"
)

// A trigger's notice shows in the port's pane, naming the trigger, until
// the user dismisses it (docs/automation.md, "Triggers").
func TestTriggerNoticeShowsInThePane(t *testing.T) {
	dev := newDevice(t)
	m := trigger.NewManager(trigger.Config{Logger: slog.New(slog.DiscardHandler)})
	tr, err := protocol.ParseTrigger([]byte(`{"id":"panic","on":"received","pattern":"Kernel panic","actions":[{"notice":"the board panicked"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	e, err := m.New("dev", []protocol.ParsedTrigger{tr})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	srv, w := startServerOpts(t, serialtest.Options{
		Ports:  []hub.Config{{Name: "dev", Device: dev.pty.Path, Observers: []hub.Observer{e}}},
		Server: server.Config{Triggers: m},
	})
	p := newPage(t)
	p.open(srv.URL + "/#port=dev")
	w[0].waitPage()
	dev.write("Kernel panic - not syncing\r\n")
	const shown = `(s) => [...document.querySelectorAll(s)].some((n) => n.textContent.includes('dev: the board panicked [trigger panic]'))`
	p.waitFor("the trigger's notice in the pane", shown, p.sel(".pane-notices .notice"))
	p.do("dismiss the notice", chromedp.Click(chromedp.CSS(p.sel(".pane-notices .notice .notice-close"))))
	p.waitFor("the notice dismissed", `(s) => document.querySelectorAll(s).length === 0`, p.sel(".pane-notices .notice"))
}
