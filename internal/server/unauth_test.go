//go:build linux

package server_test

import (
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/server"
)

// halfSent sends a request's headers (h: extra header lines) and the
// first bytes of its 100-byte body, and returns once the handler reads the
// body: the server asks for it with 100 Continue.
func halfSent(t *testing.T, addr, request, h string) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	conn.SetDeadline(time.Now().Add(30 * time.Second))
	io.WriteString(conn, request+" HTTP/1.1\r\nHost: "+addr+"\r\n"+h+"Content-Length: 100\r\nExpect: 100-continue\r\n\r\n")
	const cont = "HTTP/1.1 100 Continue\r\n\r\n"
	b := make([]byte, len(cont))
	if _, err := io.ReadFull(conn, b); err != nil || string(b) != cont {
		t.Fatalf("%s with Expect: 100-continue: %q %v", request, b, err)
	}
	io.WriteString(conn, `{"baud":`)
}

// A request counts against its address's MaxUnauthenticated until it has
// authenticated: WebSockets and authenticated requests still sending
// their bodies hold no slot, logins still sending theirs do, and the
// excess gets 429 with Retry-After.
func TestUnauthenticatedRequestsPerAddress(t *testing.T) {
	e := startAuthed(t, withServerConfig(func(c *server.Config) { c.MaxUnauthenticated = 2 }))
	addr := strings.TrimPrefix(e.srv.URL, "http://")
	for range 3 {
		c := e.dialAs(bearer(controlToken), "replay=0")
		c.waitStatus(protocol.StateOpen)
		halfSent(t, addr, "PATCH /api/ports/dev/settings", "Authorization: Bearer "+controlToken+"\r\n")
	}
	if status, body, _ := do(t, "GET", e.srv.URL+"/healthz", nil, ""); status != http.StatusOK {
		t.Fatalf("/healthz beside three WebSockets and three authenticated requests still sending: %d %s, want 200", status, body)
	}

	for range 2 {
		halfSent(t, addr, "POST /api/login", "")
	}
	for _, h := range []http.Header{nil, bearer(controlToken)} {
		status, body, hdr := do(t, "GET", e.srv.URL+"/healthz", h, "")
		if status != http.StatusTooManyRequests || hdr.Get("Retry-After") == "" || !strings.Contains(body, protocol.CodeRateLimited) {
			t.Fatalf("/healthz beside two half-sent logins: %d %s (Retry-After %q), want 429 rate_limited with Retry-After", status, body, hdr.Get("Retry-After"))
		}
	}
}
