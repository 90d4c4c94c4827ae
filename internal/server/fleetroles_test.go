//go:build linux

package server_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/serialhub/serialhub/internal/auth"
	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/serialtest"
)

// At a fleet's central, the users' roles apply to the gateways' ports
// (GATEWAY/PORT) as to local ones, and may name a gateway ("pi-09/*") or
// a gateway's tag ("tag:room=lab2"). The ports here are loop:// devices
// with an Origin, as the central's directory makes them.
func TestFleetPortRoles(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	origin := func(gw string, tags map[string]string) func() *hub.Origin {
		o := &hub.Origin{Gateway: gw, Online: true, LastSeen: time.Now(), Tags: tags}
		return func() *hub.Origin { return o }
	}
	var h *hub.Hub
	const token = "shub_lab2-token"
	a, err := auth.New(auth.Config{
		Users: []auth.User{{Name: "lab2", TokenHashes: []string{auth.HashToken(token)}, Roles: map[string]auth.Role{
			"tag:room=lab2": auth.RoleView,
			"pi-09/*":       auth.RoleControl,
			"*":             auth.RoleNone,
		}}},
		PortTags: func(port string) map[string]string {
			if p, ok := h.Port(port); ok && p.Origin() != nil {
				return p.Origin().Tags
			}
			return nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	opts := serialtest.Options{Ports: []hub.Config{
		{Name: "pi-07/dut", Device: "loop://", Origin: origin("pi-07", map[string]string{"room": "lab2"})},
		{Name: "pi-08/dut", Device: "loop://", Origin: origin("pi-08", map[string]string{"room": "lab3"})},
		{Name: "pi-09/gps", Device: "loop://", Origin: origin("pi-09", nil)},
		{Name: "local", Device: "loop://"},
	}}
	opts.Server.Auth = a
	srv, err := serialtest.StartServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	h = srv.Hub

	code, body, _ := do(t, http.MethodGet, srv.URL+"/api/ports", bearer(token), "")
	var names []string
	for _, n := range []string{"pi-07/dut", "pi-08/dut", "pi-09/gps", "local"} {
		if strings.Contains(body, `"name": "`+n+`"`) {
			names = append(names, n)
		}
	}
	if code != http.StatusOK || !slices.Equal(names, []string{"pi-07/dut", "pi-09/gps"}) {
		t.Fatalf("GET /api/ports: %d, lists %v; want pi-07/dut (its tag) and pi-09/gps (its gateway)", code, names)
	}
	for _, path := range []string{"/api/ports/pi-08/dut", "/api/ports/" + url.PathEscape("pi-08/dut")} {
		if code, _, _ := do(t, http.MethodGet, srv.URL+path, bearer(token), ""); code != http.StatusForbidden && code != http.StatusNotFound {
			t.Fatalf("GET %s: %d; want refused", path, code)
		}
	}

	// View by tag: bytes refused. Control by gateway: bytes written.
	for _, tc := range []struct {
		port  string
		write bool
	}{{"pi-07/dut", false}, {"pi-09/gps", true}} {
		c, err := serialtest.DialHeader(ctx, "ws"+strings.TrimPrefix(srv.URL, "http")+"/ws/"+tc.port, bearer(token))
		if err != nil {
			t.Fatalf("%s: %v", tc.port, err)
		}
		if _, err := c.WaitState(ctx, protocol.StateOpen); err != nil {
			t.Fatal(err)
		}
		if err := c.Send(ctx, []byte("x")); err != nil {
			t.Fatal(err)
		}
		for {
			f, err := c.Next(ctx)
			if err != nil {
				t.Fatalf("%s: %v", tc.port, err)
			}
			if tc.write && string(f.Data) == "x" { // the loop gives it back
				break
			}
			if f.Event.Type == protocol.TypeError {
				if tc.write || f.Event.Code != protocol.CodeForbidden {
					t.Fatalf("%s: %s", tc.port, f.Event.Raw)
				}
				break
			}
		}
		c.Close()
	}
}
