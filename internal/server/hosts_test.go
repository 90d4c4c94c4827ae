//go:build linux

package server_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/coder/websocket"

	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/serialtest"
	"github.com/serialhub/serialhub/internal/server"
)

// doHost sends a request naming host in its Host header, and returns the
// status and the error body, if any.
func doHost(t *testing.T, method, url, host string, h http.Header, body string) (int, apiError) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Host = host
	for k, v := range h {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var e apiError
	json.Unmarshal(b, &e)
	return resp.StatusCode, e
}

// TestDNSRebindingIsRefused: a page whose name rebinds to 127.0.0.1 sends
// its own name in Host, with a matching Origin and Sec-Fetch-Site:
// same-origin, so Origin and CSRF checks pass. The curl
// (PATCH settings as attacker.example:8080) gets 421 and changes nothing;
// its WebSocket upgrade is refused; the names a user types are served.
func TestDNSRebindingIsRefused(t *testing.T) {
	e := start(t, withServerConfig(func(c *server.Config) {
		c.AllowedHosts = []string{"serialhub.lab.example", "*.bench.example:8080"}
	}))
	attacker := http.Header{"Origin": {"http://attacker.example:8080"}, "Sec-Fetch-Site": {"same-origin"}}
	for _, host := range []string{"attacker.example:8080", "attacker.example", "ATTACKER.example.", "serialhub.lab.example.attacker.example", "localhost.attacker.example"} {
		status, body := doHost(t, "PATCH", e.srv.URL+"/api/ports/dev/settings", host, attacker, `{"baud":50}`)
		if status != http.StatusMisdirectedRequest || body.Code != protocol.CodeMisdirected || !strings.Contains(body.Error, "--allow-host") {
			t.Errorf("PATCH settings with Host %s: %d %+v, want 421 misdirected naming --allow-host", host, status, body)
		}
	}
	if l, _ := e.pty.Line(); l.Baud != 115200 {
		t.Fatalf("a request for another host changed the baud to %d", l.Baud)
	}
	for _, path := range []string{"/healthz", "/api/ports", "/", "/metrics", "/api/login"} {
		if status, _ := doHost(t, "GET", e.srv.URL+path, "attacker.example:8080", nil, ""); status != http.StatusMisdirectedRequest {
			t.Errorf("GET %s with Host attacker.example:8080: %d, want 421", path, status)
		}
	}

	// The WebSocket upgrade, with an Origin matching its Host as a
	// rebound page's would be.
	_, resp, err := websocket.Dial(e.ctx, e.srv.WSURL("dev", ""), &websocket.DialOptions{
		Host:       "attacker.example:8080",
		HTTPHeader: http.Header{"Origin": {"http://attacker.example:8080"}},
	})
	if err == nil || resp == nil || resp.StatusCode != http.StatusMisdirectedRequest {
		t.Fatalf("WebSocket upgrade with Host attacker.example:8080: %v, want 421", err)
	}

	// What a user types is served, with or without port, in any case.
	port := e.srv.URL[strings.LastIndex(e.srv.URL, ":"):]
	for _, host := range []string{
		"127.0.0.1" + port, "127.0.0.1", "127.1.2.3" + port, "[::1]" + port, "[::1]",
		"localhost" + port, "LocalHost", "localhost.", "console.localhost" + port,
		"serialhub.lab.example" + port, "SerialHub.Lab.Example", "dut.bench.example" + port,
		"192.168.1.10" + port, // the machine's address seen through NAT or a container
	} {
		if status, body := doHost(t, "PATCH", e.srv.URL+"/api/ports/dev/settings", host, http.Header{"Origin": {"http://" + host}, "Sec-Fetch-Site": {"same-origin"}}, `{"baud":9600}`); status != http.StatusOK {
			t.Errorf("PATCH settings with Host %s: %d %+v, want 200", host, status, body)
		}
	}
	c, _, err := websocket.Dial(e.ctx, e.srv.WSURL("dev", ""), &websocket.DialOptions{
		Host:       "serialhub.lab.example" + port,
		HTTPHeader: http.Header{"Origin": {"http://serialhub.lab.example" + port}},
	})
	if err != nil {
		t.Fatalf("WebSocket upgrade with an allowed Host: %v", err)
	}
	c.CloseNow()
}

// A bad pattern in AllowedHosts is an error, not a silent hole.
func TestBadAllowedHost(t *testing.T) {
	srv, err := serialtest.StartServer(serialtest.Options{
		Ports:  []hub.Config{{Name: "loop", Device: "loop://"}},
		Server: server.Config{AllowedHosts: []string{"[lab"}},
	})
	if err == nil {
		srv.Close()
		t.Fatal("AllowedHosts [lab: no error")
	}
	if !strings.Contains(err.Error(), "[lab") {
		t.Fatalf("AllowedHosts [lab: %v, want an error naming it", err)
	}
}
