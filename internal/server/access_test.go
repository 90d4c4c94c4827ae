//go:build linux

package server_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/serialhub/serialhub/internal/auth"
	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/serialtest"
	"github.com/serialhub/serialhub/internal/server"
)

const (
	controlToken = "shub_control-token"
	viewToken    = "shub_view-token"
	carolPass    = "carol's long password"
)

// withUsers gives the server users: "ctl" (token, controls every port),
// "watcher" (token, views every port) and "carol" (password, views "dev"
// and no other).
func withUsers(t *testing.T) envOption {
	a := usersAuth(t, 0)
	return withServerConfig(func(c *server.Config) { c.Auth = a })
}

// usersAuth returns an authenticator of withUsers' users and more, whose
// sessions last ttl (0: the default); the test closes it.
func usersAuth(t *testing.T, ttl time.Duration, more ...auth.User) *auth.Authenticator {
	t.Helper()
	hash, err := bcrypt.GenerateFromPassword([]byte(carolPass), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	a, err := auth.New(auth.Config{SessionTTL: ttl, Users: append([]auth.User{
		{Name: "ctl", TokenHashes: []string{auth.HashToken(controlToken)}, Roles: map[string]auth.Role{"*": auth.RoleControl}},
		{Name: "watcher", TokenHashes: []string{auth.HashToken(viewToken)}, Roles: map[string]auth.Role{"*": auth.RoleView}},
		{Name: "carol", PasswordHash: string(hash), Roles: map[string]auth.Role{"dev": auth.RoleView, "*": auth.RoleNone}},
	}, more...)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

func bearer(token string) http.Header { return http.Header{"Authorization": {"Bearer " + token}} }

// do sends a request with headers and returns the status and body.
func do(t *testing.T, method, url string, h http.Header, body string) (int, string, http.Header) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
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
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return resp.StatusCode, b.String(), resp.Header
}

// startAuthed is start for a server with users: it waits for the port to
// open as the controlling user.
func startAuthed(t *testing.T, opts ...envOption) *env {
	t.Helper()
	p, err := serialtest.OpenPTY()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	o := serialtest.Options{Ports: []hub.Config{{Name: "dev", Device: p.Path}, {Name: "other", Device: "loop://"}}}
	for _, opt := range append([]envOption{withUsers(t)}, opts...) {
		opt(&o)
	}
	srv, err := serialtest.StartServer(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	e := &env{t: t, ctx: ctx, srv: srv, pty: p}
	c := e.dialAs(bearer(controlToken), "replay=0")
	c.waitStatus(protocol.StateOpen)
	c.close()
	// Once the port counts only the waiter, the server no longer counts
	// c against its limits either.
	p0, _ := srv.Hub.Port("dev")
	if _, err := serialtest.WaitPort(ctx, p0, func(i hub.Info) bool { return i.Clients == 1 }); err != nil {
		t.Fatal(err)
	}
	return e
}

func (e *env) dialAs(h http.Header, query string) *client {
	e.t.Helper()
	c, err := serialtest.DialHeader(e.ctx, e.srv.WSURL("dev", query), h)
	if err != nil {
		e.t.Fatalf("dial: %v", err)
	}
	e.t.Cleanup(func() { c.Conn.CloseNow() })
	return &client{Client: c, e: e}
}

func TestUnauthenticatedRequestsAreRefused(t *testing.T) {
	e := startAuthed(t)
	for _, path := range []string{"/api/ports", "/api/ports/dev", "/api/devices", "/api/session", "/metrics", "/api/ports/dev/capture"} {
		status, body, h := do(t, "GET", e.srv.URL+path, nil, "")
		if status != http.StatusUnauthorized || !strings.Contains(body, `"code": "unauthorized"`) || h.Get("WWW-Authenticate") == "" {
			t.Errorf("GET %s without credentials: %d %s", path, status, body)
		}
	}
	if status, _, _ := do(t, "GET", e.srv.URL+"/api/ports", bearer("wrong"), ""); status != http.StatusUnauthorized {
		t.Errorf("a wrong token: %d", status)
	}
	if _, err := serialtest.Dial(e.ctx, e.srv.WSURL("dev", "")); err == nil || !strings.Contains(err.Error(), "401") {
		t.Errorf("WebSocket without credentials: %v, want 401", err)
	}
	// The page itself and the health check are open: the page asks for a
	// login.
	for _, path := range []string{"/", "/healthz"} {
		if status, _, _ := do(t, "GET", e.srv.URL+path, nil, ""); status != http.StatusOK {
			t.Errorf("GET %s: %d", path, status)
		}
	}
}

// A view-only client sees everything and changes nothing: its bytes and
// controls are refused with a clear error and never reach the device.
func TestViewOnlyClientCannotWrite(t *testing.T) {
	e := startAuthed(t)
	v := e.dialAs(bearer(viewToken), "replay=0")
	v.waitStatus(protocol.StateOpen)

	e.device([]byte("seen by all"))
	if got := v.readData(11); string(got) != "seen by all" {
		t.Fatalf("viewer read %q", got)
	}
	v.Send(e.ctx, []byte("rm -rf /\n"))
	ev := v.waitEvent("error")
	if ev.Code != "forbidden" || ev.Bytes != 9 || !strings.Contains(ev.Message, "view") {
		t.Fatalf("viewer's write answered %+v, want forbidden", ev)
	}
	if got := e.srv.Hub.Ports()[0].Info().Drops.Refused; got != 9 {
		t.Fatalf("the port counted %d refused bytes, want 9", got)
	}
	v.Control(e.ctx, `{"type":"settings","id":7,"settings":{"baud":9600}}`)
	if ev := v.waitReply("7"); ev.Type != "error" || ev.Code != "forbidden" {
		t.Fatalf("viewer's settings answered %+v", ev)
	}
	v.Control(e.ctx, `{"type":"ping","id":8}`)
	if ev := v.waitReply("8"); ev.Type != "pong" {
		t.Fatalf("viewer's ping answered %+v", ev)
	}
	for _, r := range []struct{ method, path, body string }{
		{"PATCH", "/api/ports/dev/settings", `{"baud":9600}`},
		{"PUT", "/api/ports/dev/lines", `{"dtr":false}`},
		{"POST", "/api/ports/dev/break", ``},
	} {
		if status, body, _ := do(t, r.method, e.srv.URL+r.path, bearer(viewToken), r.body); status != http.StatusForbidden || !strings.Contains(body, "forbidden") {
			t.Errorf("viewer %s %s: %d %s", r.method, r.path, status, body)
		}
	}
	// The controlling user's bytes are what reaches the device, and only
	// they: had the viewer's arrived, they would come first.
	c := e.dialAs(bearer(controlToken), "replay=0")
	c.waitStatus(protocol.StateOpen)
	c.Send(e.ctx, []byte("ok\n"))
	if got := e.deviceRead(3); string(got) != "ok\n" {
		t.Fatalf("device read %q", got)
	}
	if l, _ := e.pty.Line(); l.Baud != 115200 {
		t.Fatalf("a viewer changed the baud to %d", l.Baud)
	}
}

// A browser logs in with a password, gets a session cookie that opens the
// API and the WebSocket, sees only the ports its role allows, and logs out.
func TestLoginSessionAndPerPortRoles(t *testing.T) {
	e := startAuthed(t)
	status, body, h := do(t, "POST", e.srv.URL+"/api/login", nil, `{"user":"carol","password":"`+carolPass+`"}`)
	if status != http.StatusOK || !strings.Contains(body, `"user": "carol"`) || !strings.Contains(body, `"dev": "view"`) {
		t.Fatalf("login: %d %s", status, body)
	}
	cookie := h.Get("Set-Cookie")
	if !strings.Contains(cookie, "HttpOnly") || !strings.Contains(cookie, "SameSite=Strict") {
		t.Fatalf("session cookie %q: want HttpOnly and SameSite=Strict", cookie)
	}
	session := http.Header{"Cookie": {strings.Split(cookie, ";")[0]}}
	status, body, _ = do(t, "GET", e.srv.URL+"/api/ports", session, "")
	if status != http.StatusOK || !strings.Contains(body, `"name": "dev"`) || strings.Contains(body, `"name": "other"`) {
		t.Fatalf("carol's ports: %d %s (want dev only)", status, body)
	}
	if status, _, _ := do(t, "GET", e.srv.URL+"/api/ports/other", session, ""); status != http.StatusNotFound {
		t.Fatalf("carol's GET of a port she may not see: %d, want 404", status)
	}
	c := e.dialAs(session, "replay=0")
	c.waitStatus(protocol.StateOpen)
	c.close()

	if status, _, _ := do(t, "POST", e.srv.URL+"/api/logout", session, ""); status != http.StatusNoContent {
		t.Fatalf("logout: %d", status)
	}
	if status, _, _ := do(t, "GET", e.srv.URL+"/api/ports", session, ""); status != http.StatusUnauthorized {
		t.Fatalf("after logout: %d", status)
	}
	if status, _, _ := do(t, "POST", e.srv.URL+"/api/login", nil, `{"user":"carol","password":"guess"}`); status != http.StatusUnauthorized {
		t.Fatalf("wrong password: %d", status)
	}
}

// Failed logins are limited per address; a right one from the same
// address waits too, and the server keeps serving everyone else.
func TestFailedLoginsAreRateLimited(t *testing.T) {
	e := startAuthed(t)
	_, _, h := do(t, "POST", e.srv.URL+"/api/login", nil, `{"user":"carol","password":"`+carolPass+`"}`)
	session := http.Header{"Cookie": {strings.Split(h.Get("Set-Cookie"), ";")[0]}}
	limited := false
	for range 10 {
		status, _, h := do(t, "POST", e.srv.URL+"/api/login", nil, `{"token":"guess"}`)
		if status == http.StatusTooManyRequests {
			limited = h.Get("Retry-After") != ""
			break
		}
	}
	if !limited {
		t.Fatal("10 failed logins were never answered 429 with Retry-After")
	}
	// Even the right password waits now, from this address...
	if status, _, _ := do(t, "POST", e.srv.URL+"/api/login", nil, `{"user":"carol","password":"`+carolPass+`"}`); status != http.StatusTooManyRequests {
		t.Fatalf("a right password from a limited address: %d, want 429", status)
	}
	// ...while a session already open goes on.
	if status, _, _ := do(t, "GET", e.srv.URL+"/api/ports", session, ""); status != http.StatusOK {
		t.Fatalf("an open session from the limited address: %d", status)
	}
}

// Requests that change something from another site's page are refused,
// and the console's page carries a strict Content-Security-Policy.
func TestCrossSiteRequestsAndSecurityHeaders(t *testing.T) {
	e := startAuthed(t)
	h := bearer(controlToken)
	h.Set("Origin", "https://evil.example")
	h.Set("Sec-Fetch-Site", "cross-site")
	if status, _, _ := do(t, "PATCH", e.srv.URL+"/api/ports/dev/settings", h, `{"baud":9600}`); status != http.StatusForbidden {
		t.Fatalf("cross-site PATCH: %d, want 403", status)
	}
	if l, _ := e.pty.Line(); l.Baud != 115200 {
		t.Fatal("a cross-site request changed the port")
	}
	wsh := bearer(controlToken)
	wsh.Set("Origin", "https://evil.example")
	if _, err := serialtest.DialHeader(e.ctx, e.srv.WSURL("dev", ""), wsh); err == nil || !strings.Contains(err.Error(), "403") {
		t.Fatalf("cross-site WebSocket: %v, want 403", err)
	}
	_, _, hdr := do(t, "GET", e.srv.URL+"/", nil, "")
	for k, want := range map[string]string{
		"Content-Security-Policy": "default-src 'self'",
		"X-Content-Type-Options":  "nosniff",
		"X-Frame-Options":         "DENY",
	} {
		if !strings.Contains(hdr.Get(k), want) {
			t.Errorf("%s: %q, want %q", k, hdr.Get(k), want)
		}
	}
	if !strings.Contains(hdr.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
		t.Error("CSP allows framing")
	}
}

// Limits answer with errors, and the server keeps serving everyone else.
func TestLimits(t *testing.T) {
	e := startAuthed(t, withServerConfig(func(c *server.Config) {
		c.MaxClientsPerPort = 2
		c.ControlRate = 1 // burst of 10
	}))
	a := e.dialAs(bearer(controlToken), "replay=0")
	a.waitStatus(protocol.StateOpen)
	b := e.dialAs(bearer(viewToken), "replay=0")
	b.waitStatus(protocol.StateOpen)
	if _, err := serialtest.DialHeader(e.ctx, e.srv.WSURL("dev", ""), bearer(viewToken)); err == nil || !strings.Contains(err.Error(), "503") {
		t.Fatalf("a third client of a port limited to 2: %v, want 503", err)
	}
	// Control messages beyond the rate are refused, one error each.
	for range 12 {
		a.Control(e.ctx, `{"type":"ping"}`)
	}
	if ev := a.waitEvent("error"); ev.Code != "rate_limited" {
		t.Fatalf("a flood of control messages: %+v, want rate_limited", ev)
	}
	// Both clients still work.
	e.device([]byte("still"))
	if got := b.readData(5); string(got) != "still" {
		t.Fatalf("other client read %q", got)
	}
	a.Send(e.ctx, []byte("ok"))
	if got := e.deviceRead(2); string(got) != "ok" {
		t.Fatalf("device read %q", got)
	}
}

// On an exclusive port, the client holding the write lock is the only
// writer; others see who holds it, are refused, and can ask for it.
func TestWriteLock(t *testing.T) {
	e := startAuthed(t, withPortConfig(func(c *hub.Config) { c.Exclusive = true }))
	a := e.dialAs(bearer(controlToken), "replay=0")
	a.waitStatus(protocol.StateOpen)
	// b is the same user in a browser: a session of its own.
	_, _, h := do(t, "POST", e.srv.URL+"/api/login", nil, `{"token":"`+controlToken+`"}`)
	b := e.dialAs(http.Header{"Cookie": {strings.Split(h.Get("Set-Cookie"), ";")[0]}}, "replay=0")
	b.waitStatus(protocol.StateOpen)

	a.Control(e.ctx, `{"type":"lock","id":1}`)
	if ev := a.waitReply("1"); ev.Type != "ok" {
		t.Fatalf("lock: %+v", ev)
	}
	info := b.statusWhere(func(i protocol.Port) bool { return i.Lock != nil })
	if info.Lock.Holder != "ctl" || !info.Exclusive {
		t.Fatalf("status lock %+v", info.Lock)
	}
	b.Send(e.ctx, []byte("intruder"))
	if ev := b.waitEvent("error"); ev.Code != "locked" || !strings.Contains(ev.Message, "ctl") {
		t.Fatalf("write without the lock: %+v", ev)
	}
	if got := e.srv.Hub.Ports()[0].Info().Drops.Refused; got != uint64(len("intruder")) {
		t.Fatalf("the port counted %d refused bytes, want %d", got, len("intruder"))
	}
	b.Control(e.ctx, `{"type":"settings","id":2,"settings":{"baud":9600}}`)
	if ev := b.waitReply("2"); ev.Code != "locked" {
		t.Fatalf("settings without the lock: %+v", ev)
	}
	if status, body, _ := do(t, "PATCH", e.srv.URL+"/api/ports/dev/settings", bearer(controlToken), `{"baud":9600}`); status != http.StatusConflict || !strings.Contains(body, "locked") {
		t.Fatalf("REST change while locked: %d %s", status, body)
	}
	b.Control(e.ctx, `{"type":"lock","id":3}`)
	if ev := b.waitReply("3"); ev.Code != "locked" {
		t.Fatalf("second lock: %+v", ev)
	}
	b.Control(e.ctx, `{"type":"request-lock","id":4}`)
	if ev := b.waitReply("4"); ev.Type != "ok" {
		t.Fatalf("request-lock: %+v", ev)
	}
	if ev := a.waitEvent("lock-request"); ev.From != "ctl" {
		t.Fatalf("holder got %+v", ev)
	}
	a.Send(e.ctx, []byte("holder"))
	if got := e.deviceRead(6); string(got) != "holder" {
		t.Fatalf("device read %q: the intruder's bytes got through?", got)
	}
	// The holder leaves: the lock is free, and the other may write.
	a.close()
	b.statusWhere(func(i protocol.Port) bool { return i.Lock == nil && i.Clients == 1 })
	b.Send(e.ctx, []byte("free"))
	if got := e.deviceRead(4); string(got) != "free" {
		t.Fatalf("device read %q", got)
	}
	if l, _ := e.pty.Line(); l.Baud != 115200 {
		t.Fatal("a change was made without the lock")
	}
}
