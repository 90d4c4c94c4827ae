//go:build linux

package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/serialtest"
	"github.com/serialhub/serialhub/internal/server"
)

// closeMargin is how long past a read timeout a real serialhub may take
// to close a slow request's connection on a busy machine.
const closeMargin = 3 * time.Second

// earlyMargin is how much earlier than the client a real serialhub may
// start counting a request's time: the server accepts a connection
// before the client's dial returns.
const earlyMargin = 100 * time.Millisecond

// slowRequest is a connection to a real serialhub that sent part of a
// request and stopped.
type slowRequest struct {
	conn    net.Conn
	started time.Time // when the connection was made (the request began)
}

// dialFrom connects to addr from the local address from (127.0.0.x), so
// that the server sees a different client.
func dialFrom(t *testing.T, from, addr string) net.Conn {
	t.Helper()
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}, Timeout: 10 * time.Second}
	conn, err := d.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// halfHeaders sends a request's first header lines and never ends them.
func halfHeaders(t *testing.T, addr string) *slowRequest {
	t.Helper()
	conn := dialFrom(t, "127.0.0.1", addr)
	r := &slowRequest{conn: conn, started: time.Now()}
	if _, err := io.WriteString(conn, "POST /api/login HTTP/1.1\r\nHost: "+addr+"\r\nContent-Type: application/json\r\n"); err != nil {
		t.Fatal(err)
	}
	return r
}

// halfLogin sends a login's headers and 10 of its 100 bytes of body. It
// returns once the handler reads the body (the server answers the Expect
// header with 100 Continue), so the request is counted by then.
func halfLogin(t *testing.T, addr string) *slowRequest {
	t.Helper()
	conn := dialFrom(t, "127.0.0.1", addr)
	r := &slowRequest{conn: conn, started: time.Now()}
	if _, err := io.WriteString(conn, "POST /api/login HTTP/1.1\r\nHost: "+addr+"\r\nContent-Type: application/json\r\nContent-Length: 100\r\nExpect: 100-continue\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	const cont = "HTTP/1.1 100 Continue\r\n\r\n"
	b := make([]byte, len(cont))
	if _, err := io.ReadFull(conn, b); err != nil || string(b) != cont {
		t.Fatalf("a login with Expect: 100-continue: %q, %v; want %q", b, err, cont)
	}
	if _, err := io.WriteString(conn, `{"user":"a`); err != nil {
		t.Fatal(err)
	}
	return r
}

// waitClosed reads what the server sends until it closes the connection,
// and fails unless that happens within timeout (plus closeMargin) of the
// request's start, and not before (but for earlyMargin). It returns what was read, and when.
func (r *slowRequest) waitClosed(t *testing.T, timeout time.Duration) (string, time.Duration) {
	t.Helper()
	r.conn.SetReadDeadline(r.started.Add(timeout + closeMargin))
	b, err := io.ReadAll(r.conn)
	took := time.Since(r.started)
	if err != nil {
		t.Fatalf("the server had not closed a slow request %v after it began (read timeout %v): %v; read %q", took.Round(time.Millisecond), timeout, err, b)
	}
	if took < timeout-earlyMargin {
		t.Fatalf("the server closed a slow request %v after it began, before its read timeout of %v", took.Round(time.Millisecond), timeout)
	}
	return string(b), took
}

// getFrom sends GET path to addr from the local address from, and
// returns the answer.
func getFrom(t *testing.T, from, addr, path string) *http.Response {
	t.Helper()
	conn := dialFrom(t, from, addr)
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\n\r\n", path, addr)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("GET %s from %s: %v", path, from, err)
	}
	resp.Body.Close()
	return resp
}

// TestSlowRequestsAreClosed runs the real serialhub and sends requests
// slowly (slowloris): their connections are closed at the read timeouts,
// one address cannot hold more than server.DefaultMaxUnauthenticated
// requests that have not authenticated, and a WebSocket that idles for
// longer than the timeouts lives on.
func TestSlowRequestsAreClosed(t *testing.T) {
	t.Run("headers, default 10s", func(t *testing.T) {
		t.Parallel()
		_, addr := startProcess(t, "sim://")
		_, took := halfHeaders(t, addr).waitClosed(t, readHeaderTimeout)
		t.Logf("half-sent headers closed %v after they began", took.Round(time.Millisecond))
	})
	t.Run("--read-timeout 3s", func(t *testing.T) {
		t.Parallel()
		const timeout = 3 * time.Second
		ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
		defer cancel()
		_, addr := startProcess(t, "--read-timeout", timeout.String(), "loop=loop://")

		// A WebSocket that will idle through the timeouts.
		ws, err := serialtest.Dial(ctx, "ws://"+addr+"/ws/loop?replay=0")
		if err != nil {
			t.Fatal(err)
		}
		defer ws.Conn.CloseNow()
		if _, err := ws.WaitState(ctx, protocol.StateOpen); err != nil {
			t.Fatal(err)
		}
		idleSince := time.Now()

		headers := halfHeaders(t, addr)
		var logins []*slowRequest
		for range server.DefaultMaxUnauthenticated {
			logins = append(logins, halfLogin(t, addr))
		}
		// One more from the same address is refused at once; another
		// address is served.
		resp := getFrom(t, "127.0.0.1", addr, "/healthz")
		if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
			t.Errorf("a request beside %d slow logins from one address: %s, Retry-After %q; want 429 with Retry-After", len(logins), resp.Status, resp.Header.Get("Retry-After"))
		}
		if resp := getFrom(t, "127.0.0.2", addr, "/healthz"); resp.StatusCode != http.StatusOK {
			t.Errorf("a request from another address: %s, want 200", resp.Status)
		}

		_, took := headers.waitClosed(t, timeout)
		t.Logf("half-sent headers closed %v after they began", took.Round(time.Millisecond))
		for i, l := range logins {
			answer, took := l.waitClosed(t, timeout)
			if !strings.Contains(answer, "400 Bad Request") {
				t.Errorf("a login whose body stopped was answered %q, want 400", answer)
			}
			if i == 0 {
				t.Logf("a half-sent login closed %v after it began", took.Round(time.Millisecond))
			}
		}
		// Their slots are free again.
		if resp := getFrom(t, "127.0.0.1", addr, "/healthz"); resp.StatusCode != http.StatusOK {
			t.Errorf("a request once the slow ones were closed: %s, want 200", resp.Status)
		}

		// The WebSocket idled longer than the timeout and still works.
		if idle := time.Since(idleSince); idle <= timeout {
			t.Fatalf("the WebSocket idled only %v", idle)
		}
		if err := ws.Control(ctx, `{"type":"ping","id":"idle"}`); err != nil {
			t.Fatalf("a WebSocket idle past the read timeout: %v", err)
		}
		for {
			f, err := ws.Next(ctx)
			if err != nil {
				t.Fatalf("a WebSocket idle past the read timeout: %v", err)
			}
			if f.Event.Type == protocol.TypePong && string(f.Event.ID) == `"idle"` {
				break
			}
		}
	})
}

// --read-timeout and the config file's read-timeout: taken, and refused
// when not positive.
func TestReadTimeoutSetting(t *testing.T) {
	c := newServeCommand(newOpener(), &strings.Builder{}, &strings.Builder{})
	if err := c.ParseFlags([]string{"--config", writeConfig(t, "read-timeout = \"5s\"\n")}); err != nil || c.ReadTimeout != 5*time.Second {
		t.Fatalf("read-timeout = \"5s\" in the file: %v, %v", c.ReadTimeout, err)
	}
	for _, args := range [][]string{
		{"--read-timeout", "0s"},
		{"--config", writeConfig(t, "read-timeout = \"-1s\"\n")},
	} {
		c := newServeCommand(newOpener(), &strings.Builder{}, &strings.Builder{})
		if err := c.ParseFlags(args); err == nil || !strings.Contains(err.Error(), "read-timeout") {
			t.Errorf("%v: %v, want an error naming read-timeout", args, err)
		}
	}
}
