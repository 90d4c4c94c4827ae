//go:build linux

package server_test

import (
	"bufio"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/serialtest"
)

// eventStream reads GET /api/events.
type eventStream struct {
	t    *testing.T
	resp *http.Response
	r    *bufio.Reader
}

func openEvents(ctx context.Context, t *testing.T, url string, h http.Header) *eventStream {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url+"/api/events", nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range h {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("GET /api/events: %s, %s", resp.Status, resp.Header.Get("Content-Type"))
	}
	return &eventStream{t: t, resp: resp, r: bufio.NewReader(resp.Body)}
}

// next returns the next event's name, skipping comments and retry
// lines; "" once the stream has ended.
func (e *eventStream) next() string {
	e.t.Helper()
	name := ""
	for {
		line, err := e.r.ReadString('\n')
		if err != nil {
			return ""
		}
		line = strings.TrimRight(line, "\n")
		switch {
		case line == "" && name != "":
			return name
		case strings.HasPrefix(line, "event: "):
			name = strings.TrimPrefix(line, "event: ")
		}
	}
}

// GET /api/events tells a page when the list of ports changed: at once
// on connecting, then when a port is added, changes state or is removed;
// the stream ends when the server shuts down.
func TestEventsTellOfPortChanges(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	srv, err := serialtest.StartServer(serialtest.Options{Ports: []hub.Config{{Name: "a", Device: "loop://"}}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	if _, err := serialtest.WaitPort(ctx, mustPort(t, srv, "a"), serialtest.StateIs(hub.StateOpen)); err != nil {
		t.Fatal(err)
	}
	ev := openEvents(ctx, t, srv.URL, nil)
	if got := ev.next(); got != "ports" {
		t.Fatalf("first event %q; want ports", got)
	}
	// A port added: an event (its opening may make a second).
	if _, err := srv.Hub.Add(hub.Config{Name: "b", Device: "/dev/serialhub-no-such-device"}); err != nil {
		t.Fatal(err)
	}
	if got := ev.next(); got != "ports" {
		t.Fatalf("after a port was added: %q", got)
	}
	if err := srv.Hub.Remove("b"); err != nil {
		t.Fatal(err)
	}
	if got := ev.next(); got != "ports" {
		t.Fatalf("after a port was removed: %q", got)
	}
	srv.Close()
	for ev.next() != "" {
	}
}

func mustPort(t *testing.T, srv *serialtest.Server, name string) *hub.Port {
	t.Helper()
	p, ok := srv.Hub.Port(name)
	if !ok {
		t.Fatalf("no port %s", name)
	}
	return p
}
